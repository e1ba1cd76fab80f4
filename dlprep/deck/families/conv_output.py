"""Output size of a 2-D convolution with stride, padding and dilation."""

from dlprep.deck.families import Generated


def generate(rng):
    while True:
        h, k = rng.choice([7, 14, 28, 32, 56, 64, 224, 227]), rng.choice([1, 3, 5, 7])
        s, p, d = rng.choice([1, 2, 2, 3, 4]), rng.choice([0, 0, 1, 2, 3]), rng.choice([1, 1, 1, 2, 3])
        span = d * (k - 1) + 1
        if h + 2 * p >= span:
            break
    out = (h + 2 * p - span) // s + 1
    prompt = {
        "en": f"A {h}×{h} input goes through a {k}×{k} convolution with stride {s}, padding {p} and dilation {d}. What is the output height?",
        "zh": f"输入大小 {h}×{h}，经过 {k}×{k} 卷积，步长 {s}，padding {p}，空洞率（dilation）{d}。输出的高是多少？",
    }
    solution = {
        "en": f"Effective kernel = d(k−1)+1 = {d}×{k - 1}+1 = {span}. H_out = ⌊(H + 2p − k_eff)/s⌋ + 1 = ⌊({h} + {2 * p} − {span})/{s}⌋ + 1 = {out}.",
        "zh": f"等效卷积核 = d(k−1)+1 = {d}×{k - 1}+1 = {span}。H_out = ⌊(H + 2p − k_eff)/s⌋ + 1 = ⌊({h} + {2 * p} − {span})/{s}⌋ + 1 = {out}。",
    }
    return Generated(prompt, float(out), 0.0, solution, {"h": h, "k": k, "s": s, "p": p, "d": d})
