"""Smooth L1 loss of a few predictions (torch.nn.functional.smooth_l1_loss, mean reduction)."""

from dlprep.deck.families import Generated, fmt, term


def generate(rng):
    while True:
        n, beta = rng.choice([3, 4]), rng.choice([0.5, 1.0, 1.0, 2.0])
        target = [rng.choice([-1, 0, 0.5, 1, 2, 3]) for _ in range(n)]
        offsets = rng.sample([-2.5, -1.5, -0.8, -0.4, -0.2, 0.3, 0.6, 1.2, 2, 3], n)
        pred = [t + o for t, o in zip(target, offsets)]
        diffs = [round(p - t, 10) for p, t in zip(pred, target)]
        quad = [abs(d) < beta for d in diffs]
        if any(quad) and not all(quad) and all(abs(abs(d) - beta) > 1e-9 for d in diffs):
            break
    terms = [0.5 * d * d / beta if abs(d) < beta else abs(d) - 0.5 * beta for d in diffs]
    loss = sum(terms) / n
    pred = [round(v, 10) for v in pred]
    show = lambda xs: "[" + ", ".join(fmt(v) for v in xs) + "]"  # noqa: E731
    prompt = {
        "en": (f"Predictions {show(pred)}, targets {show(target)}. What is smooth_l1_loss(pred, target, beta={fmt(beta)}) "
               "with the default mean reduction (PyTorch: 0.5·d²/β if |d| < β, else |d| − 0.5·β, d = pred − target)? "
               "Give 4 decimals."),
        "zh": (f"预测值 {show(pred)}，目标值 {show(target)}。求 smooth_l1_loss(pred, target, beta={fmt(beta)})，默认 mean 归约"
               "（PyTorch 定义：|d| < β 时为 0.5·d²/β，否则为 |d| − 0.5·β，d = pred − target）。保留 4 位小数。"),
    }
    steps_en = "; ".join(f"d = {fmt(d)}: " + (f"0.5×{term(d)}²/{fmt(beta)} = {fmt(v)}" if abs(d) < beta
                                              else f"{fmt(abs(d))} − {fmt(0.5 * beta)} = {fmt(v)}")
                         for d, v in zip(diffs, terms))
    steps_zh = steps_en.replace("; ", "；").replace(": ", "：")
    total = " + ".join(fmt(v) for v in terms)
    solution = {
        "en": (f"Per element (quadratic below |d| = β = {fmt(beta)}, linear above): {steps_en}. "
               f"Mean = ({total})/{n} = {fmt(loss)}."),
        "zh": (f"逐元素计算（|d| < β = {fmt(beta)} 时用平方段，否则用线性段）：{steps_zh}。"
               f"平均 = ({total})/{n} = {fmt(loss)}。"),
    }
    return Generated(prompt, loss, 5e-5 + 1e-9, solution, {"pred": pred, "target": target, "beta": beta})
