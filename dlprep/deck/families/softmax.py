"""One component of the softmax of a small vector."""

import math

from dlprep.deck.families import Generated, fmt


def generate(rng):
    z = [rng.randint(-3, 4) for _ in range(rng.choice([3, 4]))]
    i = rng.randrange(len(z))
    m = max(z)
    exps = [math.exp(v - m) for v in z]
    value = exps[i] / sum(exps)
    prompt = {
        "en": f"softmax(z) for z = {z}: what is component {i + 1} (1-based)? Give 4 decimals.",
        "zh": f"对 z = {z} 做 softmax，第 {i + 1} 个分量（从 1 开始数）是多少？保留 4 位小数。",
    }
    shown = " + ".join(f"e^{v - m}" for v in z)
    solution = {
        "en": f"Subtract the max ({m}) for stability: softmax_i = e^(z_i−{m}) / ({shown}) = {fmt(exps[i])}/{fmt(sum(exps))} = {fmt(value)}.",
        "zh": f"先减去最大值 {m} 以保证数值稳定：softmax_i = e^(z_i−{m}) / ({shown}) = {fmt(exps[i])}/{fmt(sum(exps))} = {fmt(value)}。",
    }
    return Generated(prompt, value, 5e-5 + 1e-9, solution, {"z": z, "i": i})
