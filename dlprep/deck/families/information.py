"""Entropy, cross-entropy or KL divergence of small discrete distributions."""

import math

from dlprep.deck.families import Generated, fmt

_DISTS = [(0.5, 0.5), (0.25, 0.75), (0.1, 0.9), (0.5, 0.25, 0.25), (0.2, 0.3, 0.5), (0.7, 0.2, 0.1), (0.25, 0.25, 0.25, 0.25)]


def generate(rng):
    p = rng.choice(_DISTS)
    q = rng.choice([d for d in _DISTS if len(d) == len(p)])
    ask = rng.choice(["entropy", "cross_entropy", "kl"])
    base = rng.choice([2, math.e])
    log = (lambda x: math.log2(x)) if base == 2 else math.log
    unit_en, unit_zh = ("bits (log base 2)", "比特（以 2 为底）") if base == 2 else ("nats (natural log)", "奈特（自然对数）")
    h = -sum(pi * log(pi) for pi in p)
    ce = -sum(pi * log(qi) for pi, qi in zip(p, q))
    kl = ce - h
    value = {"entropy": h, "cross_entropy": ce, "kl": kl}[ask]
    what_en = {"entropy": "the entropy H(P)", "cross_entropy": "the cross-entropy H(P, Q)", "kl": "the KL divergence KL(P‖Q)"}[ask]
    what_zh = {"entropy": "熵 H(P)", "cross_entropy": "交叉熵 H(P, Q)", "kl": "KL 散度 KL(P‖Q)"}[ask]
    prompt = {
        "en": f"P = {list(p)}, Q = {list(q)}. Compute {what_en} in {unit_en}, to 4 decimals.",
        "zh": f"P = {list(p)}，Q = {list(q)}。计算{what_zh}，单位为{unit_zh}，保留 4 位小数。",
    }
    solution = {
        "en": f"H(P) = −Σ p log p = {fmt(h)}; H(P, Q) = −Σ p log q = {fmt(ce)}; KL(P‖Q) = H(P, Q) − H(P) = Σ p log(p/q) = {fmt(kl)}.",
        "zh": f"H(P) = −Σ p log p = {fmt(h)}；H(P, Q) = −Σ p log q = {fmt(ce)}；KL(P‖Q) = H(P, Q) − H(P) = Σ p log(p/q) = {fmt(kl)}。",
    }
    return Generated(prompt, value, 5e-5 + 1e-9, solution, {"p": p, "q": q, "ask": ask, "base": base})
