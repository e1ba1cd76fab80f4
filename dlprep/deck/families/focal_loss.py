"""Sigmoid focal loss of one logit (torchvision.ops.sigmoid_focal_loss, reduction='none')."""

import math

from dlprep.deck.families import Generated, fmt


def generate(rng):
    while True:
        x = rng.choice([-3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3])
        t = rng.choice([0, 1])
        alpha, gamma = rng.choice([0.25, 0.25, 0.75]), rng.choice([0.5, 1, 2, 2, 3])
        p = 1 / (1 + math.exp(-x))
        ce = -math.log(p) if t == 1 else -math.log(1 - p)
        p_t = p * t + (1 - p) * (1 - t)
        alpha_t = alpha * t + (1 - alpha) * (1 - t)
        loss = alpha_t * (1 - p_t) ** gamma * ce
        if loss >= 0.01:
            break
    prompt = {
        "en": (f"Sigmoid focal loss as in torchvision.ops.sigmoid_focal_loss (reduction='none') for one logit x = {fmt(x)} "
               f"with target t = {t}, α = {alpha}, γ = {fmt(gamma)}: p = σ(x), p_t = p·t + (1 − p)(1 − t), "
               "α_t = α·t + (1 − α)(1 − t), FL = α_t·(1 − p_t)^γ·BCE(x, t), natural log. Give 4 decimals."),
        "zh": (f"按 torchvision.ops.sigmoid_focal_loss（reduction='none'）计算一个 logit x = {fmt(x)} 的 sigmoid 焦点损失（Focal Loss），"
               f"目标 t = {t}，α = {alpha}，γ = {fmt(gamma)}：p = σ(x)，p_t = p·t + (1 − p)(1 − t)，"
               "α_t = α·t + (1 − α)(1 − t)，FL = α_t·(1 − p_t)^γ·BCE(x, t)，使用自然对数。保留 4 位小数。"),
    }
    which = "p" if t == 1 else "1 − p"
    solution = {
        "en": (f"p = σ({fmt(x)}) = {fmt(p)}; t = {t}, so p_t = {which} = {fmt(p_t)} and BCE = −log p_t = {fmt(ce)}. "
               f"Modulating factor (1 − p_t)^γ = {fmt(1 - p_t)}^{fmt(gamma)} = {fmt((1 - p_t) ** gamma)}; α_t = "
               f"{'α' if t == 1 else '1 − α'} = {fmt(alpha_t)}. FL = {fmt(alpha_t)} × {fmt((1 - p_t) ** gamma)} × {fmt(ce)} "
               f"= {fmt(loss)}."),
        "zh": (f"p = σ({fmt(x)}) = {fmt(p)}；t = {t}，所以 p_t = {which} = {fmt(p_t)}，BCE = −log p_t = {fmt(ce)}。"
               f"调制因子 (1 − p_t)^γ = {fmt(1 - p_t)}^{fmt(gamma)} = {fmt((1 - p_t) ** gamma)}；α_t = "
               f"{'α' if t == 1 else '1 − α'} = {fmt(alpha_t)}。FL = {fmt(alpha_t)} × {fmt((1 - p_t) ** gamma)} × {fmt(ce)} "
               f"= {fmt(loss)}。"),
    }
    return Generated(prompt, loss, 5e-5 + 1e-9, solution, {"x": x, "t": t, "alpha": alpha, "gamma": gamma})
