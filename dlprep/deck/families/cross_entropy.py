"""Softmax cross-entropy of one example, optionally with torch-style label smoothing."""

import math

from dlprep.deck.families import Generated, fmt, term


def generate(rng):
    while True:
        c = rng.choice([3, 4, 5])
        z = [rng.choice([-2, -1, -0.5, 0, 0.5, 1, 1.5, 2, 3]) for _ in range(c)]
        y = rng.randrange(c)
        s = rng.choice([0.0, 0.0, 0.1, 0.1, 0.2])
        mean_z = sum(z) / c
        if len(set(z)) > 1 and (s == 0 or abs(s * (z[y] - mean_z)) > 0.01):
            break
    m = max(z)
    lse = m + math.log(sum(math.exp(v - m) for v in z))
    nll = lse - z[y]  # −log p_y
    uniform = lse - mean_z  # mean over classes of −log p_c
    loss = (1 - s) * nll + s * uniform
    zs = "[" + ", ".join(fmt(v) for v in z) + "]"
    if s:
        ask_en = (f" with label smoothing s = {s} as in torch.nn.CrossEntropyLoss(label_smoothing={s}) "
                  f"(target = (1 − s)·one-hot + s/C)")
        ask_zh = f"使用标签平滑 s = {s} 的 softmax 交叉熵损失（与 torch.nn.CrossEntropyLoss(label_smoothing={s}) 相同：目标分布 = (1 − s)·one-hot + s/C）"
    else:
        ask_en, ask_zh = "", "softmax 交叉熵损失"
    prompt = {
        "en": (f"Logits z = {zs} over C = {c} classes; the true class index is y = {y} (0-based). What is the softmax "
               f"cross-entropy loss{ask_en}, natural log? Give 4 decimals."),
        "zh": (f"C = {c} 个类别的 logits 为 z = {zs}，真实类别下标 y = {y}（从 0 开始）。求{ask_zh}，"
               "取自然对数。保留 4 位小数。"),
    }
    exps = " + ".join(f"e^{fmt(v - m)}" for v in z)
    base_en = (f"log Σ e^z = {fmt(m)} + log({exps}) = {fmt(lse)}; −log p_y = logsumexp − z_y = {fmt(lse)} − {term(z[y])} "
               f"= {fmt(nll)}.")
    base_zh = (f"log Σ e^z = {fmt(m)} + log({exps}) = {fmt(lse)}；−log p_y = logsumexp − z_y = {fmt(lse)} − {term(z[y])} "
               f"= {fmt(nll)}。")
    if s:
        tail_en = (f" With smoothing the target puts {fmt(1 - s + s / c)} on class y and {fmt(s / c)} on every class "
                   f"(y included): loss = (1 − s)(−log p_y) + s·mean_c(−log p_c), and mean_c(−log p_c) = logsumexp − mean(z) "
                   f"= {fmt(lse)} − {term(mean_z)} = {fmt(uniform)}. loss = {fmt(1 - s)}×{fmt(nll)} + {s}×{fmt(uniform)} "
                   f"= {fmt(loss)}.")
        tail_zh = (f"标签平滑后目标分布在类别 y 上为 {fmt(1 - s + s / c)}，每个类别（包括 y）都分到 {fmt(s / c)}："
                   f"loss = (1 − s)(−log p_y) + s·mean_c(−log p_c)，其中 mean_c(−log p_c) = logsumexp − mean(z) "
                   f"= {fmt(lse)} − {term(mean_z)} = {fmt(uniform)}。loss = {fmt(1 - s)}×{fmt(nll)} + {s}×{fmt(uniform)} "
                   f"= {fmt(loss)}。")
    else:
        tail_en, tail_zh = f" The loss is −log p_y = {fmt(loss)}.", f"损失即 −log p_y = {fmt(loss)}。"
    solution = {"en": base_en + tail_en, "zh": base_zh + tail_zh}
    return Generated(prompt, loss, 5e-5 + 1e-9, solution, {"z": z, "y": y, "s": s})
