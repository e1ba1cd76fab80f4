"""The parameter after Adam's first, bias-corrected step."""

import math

from dlprep.deck.families import Generated, fmt


def generate(rng):
    theta = rng.choice([0.5, 1.0, -0.3, 2.0])
    g = rng.choice([0.2, -0.5, 3.0, -0.01, 0.05])
    lr = rng.choice([0.001, 0.01, 0.1])
    b1, b2, eps = 0.9, 0.999, 1e-8
    m = (1 - b1) * g
    v = (1 - b2) * g * g
    m_hat, v_hat = m / (1 - b1), v / (1 - b2)
    new = theta - lr * m_hat / (math.sqrt(v_hat) + eps)
    prompt = {
        "en": f"Adam with lr = {lr}, β1 = 0.9, β2 = 0.999, ε = 1e-8, m0 = v0 = 0. A parameter θ0 = {theta} gets gradient g = {g} at step 1. What is θ1 after the bias-corrected update? Give 4 decimals.",
        "zh": f"Adam 的参数为 lr = {lr}、β1 = 0.9、β2 = 0.999、ε = 1e-8，m0 = v0 = 0。参数 θ0 = {theta} 在第 1 步的梯度 g = {g}。经过带偏差修正的更新后 θ1 是多少？保留 4 位小数。",
    }
    solution = {
        "en": f"m1 = (1−β1)g = {fmt(m, 6)}, v1 = (1−β2)g² = {v:.3g}; m̂ = m1/(1−β1) = g, v̂ = v1/(1−β2) = g²; θ1 = θ0 − lr·m̂/(√v̂ + ε) ≈ θ0 − lr·sign(g) = {fmt(new)}. The first step has size ≈ lr whatever the gradient's scale.",
        "zh": f"m1 = (1−β1)g = {fmt(m, 6)}，v1 = (1−β2)g² = {v:.3g}；m̂ = m1/(1−β1) = g，v̂ = v1/(1−β2) = g²；θ1 = θ0 − lr·m̂/(√v̂ + ε) ≈ θ0 − lr·sign(g) = {fmt(new)}。第一步的步长约等于 lr，与梯度大小无关。",
    }
    return Generated(prompt, new, 5e-5 + 1e-9, solution, {"theta": theta, "g": g, "lr": lr})
