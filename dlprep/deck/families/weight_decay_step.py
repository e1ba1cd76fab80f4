"""One first optimizer step with weight decay: SGD, Adam (L2 in the gradient) or AdamW (decoupled)."""

from dlprep.deck.families import Generated, fmt, term


def generate(rng):
    opt = rng.choice(["SGD", "Adam", "AdamW", "AdamW"])
    while True:
        theta, g = rng.choice([0.5, 1.0, 2.0, -1.5, 3.0]), rng.choice([0.2, -0.3, 0.05, -0.1, 0.8])
        lr, wd = rng.choice([0.1, 0.05, 0.01]), rng.choice([0.01, 0.05, 0.1])
        coupled = g + wd * theta
        if abs(coupled) >= 0.04 and lr * wd * abs(theta) >= 2e-5:
            break
    eps = 1e-8
    if opt == "SGD":
        new = theta - lr * coupled
    elif opt == "Adam":
        new = theta - lr * coupled / (abs(coupled) + eps)  # m̂ = g', √v̂ = |g'| on step 1
    else:
        new = theta * (1 - lr * wd) - lr * g / (abs(g) + eps)
    prompt = {
        "en": (f"torch.optim.{opt}(lr={lr}, weight_decay={wd})"
               + (" (no momentum)" if opt == "SGD" else " with the default betas (0.9, 0.999) and eps = 1e-8")
               + f" takes its first step on a parameter θ0 = {fmt(theta)} whose loss gradient is g = {fmt(g)}. "
               "What is θ1? Give 6 decimals."),
        "zh": (f"torch.optim.{opt}(lr={lr}, weight_decay={wd})"
               + ("（无动量）" if opt == "SGD" else "，使用默认 betas (0.9, 0.999) 和 eps = 1e-8，")
               + f"对参数 θ0 = {fmt(theta)} 做第一步更新，损失对它的梯度 g = {fmt(g)}。θ1 是多少？保留 6 位小数。"),
    }
    if opt == "SGD":
        sol_en = (f"SGD's weight_decay is an L2 term added to the gradient: g' = g + λθ = {fmt(g)} + {wd}×{term(theta)} = "
                  f"{fmt(coupled, 6)}; θ1 = θ0 − lr·g' = {fmt(theta)} − {lr}×{term(coupled, 6)} = {fmt(new, 6)}. For plain SGD "
                  "this is the same as decoupled decay θ(1 − lr·λ) − lr·g.")
        sol_zh = (f"SGD 的 weight_decay 是加到梯度上的 L2 项：g' = g + λθ = {fmt(g)} + {wd}×{term(theta)} = {fmt(coupled, 6)}；"
                  f"θ1 = θ0 − lr·g' = {fmt(theta)} − {lr}×{term(coupled, 6)} = {fmt(new, 6)}。对普通 SGD 而言，这与解耦的 "
                  "θ(1 − lr·λ) − lr·g 相同。")
    elif opt == "Adam":
        sol_en = (f"Adam's weight_decay is L2: it is added to the gradient before the moments, g' = g + λθ = {fmt(g)} + "
                  f"{wd}×{term(theta)} = {fmt(coupled, 6)}. On step 1, m̂ = g' and √v̂ = |g'|, so the step is "
                  f"lr·g'/(|g'| + ε) ≈ lr·sign(g'): θ1 = {fmt(theta)} − {lr}×{term(coupled, 6)}/({fmt(abs(coupled), 6)} + 1e-8) "
                  f"= {fmt(new, 6)}. The decay is normalised away: it only matters through the sign of g'.")
        sol_zh = (f"Adam 的 weight_decay 是 L2 正则：在计算动量之前加到梯度上，g' = g + λθ = {fmt(g)} + {wd}×{term(theta)} = "
                  f"{fmt(coupled, 6)}。第 1 步 m̂ = g'，√v̂ = |g'|，步长为 lr·g'/(|g'| + ε) ≈ lr·sign(g')："
                  f"θ1 = {fmt(theta)} − {lr}×{term(coupled, 6)}/({fmt(abs(coupled), 6)} + 1e-8) = {fmt(new, 6)}。"
                  "衰减项被归一化抵消了，只通过 g' 的符号起作用。")
    else:
        shrunk = theta * (1 - lr * wd)
        sol_en = (f"AdamW decouples the decay: first θ ← θ(1 − lr·λ) = {fmt(theta)}×(1 − {lr}×{wd}) = {fmt(shrunk, 6)}, "
                  f"then the Adam step on the raw gradient; on step 1 m̂ = g and √v̂ = |g|, so the step is "
                  f"lr·g/(|g| + ε) ≈ lr·sign(g) = {fmt(lr * g / (abs(g) + eps), 6)}. θ1 = {fmt(shrunk, 6)} − "
                  f"{term(lr * g / (abs(g) + eps), 6)} = {fmt(new, 6)}.")
        sol_zh = (f"AdamW 把权重衰减解耦：先 θ ← θ(1 − lr·λ) = {fmt(theta)}×(1 − {lr}×{wd}) = {fmt(shrunk, 6)}，"
                  f"再用原始梯度做 Adam 更新；第 1 步 m̂ = g，√v̂ = |g|，步长为 lr·g/(|g| + ε) ≈ lr·sign(g) = "
                  f"{fmt(lr * g / (abs(g) + eps), 6)}。θ1 = {fmt(shrunk, 6)} − {term(lr * g / (abs(g) + eps), 6)} = {fmt(new, 6)}。")
    return Generated(prompt, new, 5e-7 + 1e-12, {"en": sol_en, "zh": sol_zh},
                     {"opt": opt, "theta": theta, "g": g, "lr": lr, "wd": wd})
