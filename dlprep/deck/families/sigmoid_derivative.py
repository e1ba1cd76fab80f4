"""The derivative of the logistic sigmoid at a point."""

import math

from dlprep.deck.families import Generated, fmt


def generate(rng):
    x = rng.choice([-4, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 4])
    s = 1 / (1 + math.exp(-x))
    value = s * (1 - s)
    prompt = {
        "en": f"σ(x) = 1/(1+e^(−x)). What is σ′({fmt(x)})? Give 4 decimals.",
        "zh": f"σ(x) = 1/(1+e^(−x))。σ′({fmt(x)}) 等于多少？保留 4 位小数。",
    }
    solution = {
        "en": f"σ′(x) = σ(x)(1−σ(x)); σ({fmt(x)}) = {fmt(s)}, so σ′ = {fmt(s)}×{fmt(1 - s)} = {fmt(value)} (the maximum, 0.25, is at x = 0).",
        "zh": f"σ′(x) = σ(x)(1−σ(x))；σ({fmt(x)}) = {fmt(s)}，所以 σ′ = {fmt(s)}×{fmt(1 - s)} = {fmt(value)}（最大值 0.25 在 x = 0 处取得）。",
    }
    return Generated(prompt, value, 5e-5 + 1e-9, solution, {"x": x})
