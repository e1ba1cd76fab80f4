"""Output size of a transposed convolution (PyTorch ConvTranspose2d convention)."""

from dlprep.deck.families import Generated


def generate(rng):
    while True:
        h, k, s = rng.choice([4, 7, 8, 14, 16, 32]), rng.choice([2, 3, 4, 5]), rng.choice([1, 2, 2, 3])
        p, op = rng.choice([0, 0, 1, 2]), rng.choice([0, 0, 1])
        if op < s and (h - 1) * s - 2 * p + (k - 1) + op + 1 > 0:
            break
    out = (h - 1) * s - 2 * p + (k - 1) + op + 1
    prompt = {
        "en": f"A transposed convolution (ConvTranspose2d) with kernel {k}, stride {s}, padding {p}, output_padding {op} and dilation 1 is applied to a {h}×{h} input. What is the output height?",
        "zh": f"对 {h}×{h} 的输入做转置卷积（ConvTranspose2d），卷积核 {k}，步长 {s}，padding {p}，output_padding {op}，dilation 1。输出的高是多少？",
    }
    solution = {
        "en": f"H_out = (H−1)s − 2p + (k−1) + output_padding + 1 = ({h}−1)×{s} − {2 * p} + {k - 1} + {op} + 1 = {out}.",
        "zh": f"H_out = (H−1)s − 2p + (k−1) + output_padding + 1 = ({h}−1)×{s} − {2 * p} + {k - 1} + {op} + 1 = {out}。",
    }
    return Generated(prompt, float(out), 0.0, solution, {"h": h, "k": k, "s": s, "p": p, "op": op})
