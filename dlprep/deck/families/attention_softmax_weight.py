"""One attention weight, or the output, of scaled dot-product attention for a single query."""

import math

from dlprep.deck.families import Generated, fmt, term


def generate(rng):
    while True:
        d = rng.choice([2, 3, 4])
        q = [rng.randint(-2, 2) for _ in range(d)]
        keys = [[rng.randint(-2, 2) for _ in range(d)] for _ in range(3)]
        values = [rng.randint(-3, 5) for _ in range(3)]
        dots = [sum(a * b for a, b in zip(q, k)) for k in keys]
        if len(set(dots)) == 3 and len(set(values)) > 1:
            break
    scale = math.sqrt(d)
    scores = [s / scale for s in dots]
    m = max(scores)
    exps = [math.exp(s - m) for s in scores]
    weights = [e / sum(exps) for e in exps]
    out = sum(w * v for w, v in zip(weights, values))
    ask = rng.choice(["weight", "output"])
    j = rng.choice([i for i in range(3) if weights[i] >= 0.01])
    value = weights[j] if ask == "weight" else out
    ks = "; ".join(f"k{i + 1} = {k}" for i, k in enumerate(keys))
    vs = ", ".join(f"v{i + 1} = {v}" for i, v in enumerate(values))
    if ask == "weight":
        what_en, what_zh = f"the attention weight of q on key {j + 1}", f"求 q 对第 {j + 1} 个键的注意力权重"
    else:
        what_en, what_zh = "the attention output (a scalar here)", "求注意力输出（这里是一个标量）"
    prompt = {
        "en": (f"Scaled dot-product attention, softmax(q·Kᵀ/√d_k)·V, with one query q = {q} (d_k = {d}), keys {ks} and "
               f"scalar values {vs}. What is {what_en}? Give 4 decimals."),
        "zh": (f"缩放点积注意力 softmax(q·Kᵀ/√d_k)·V，查询 q = {q}（d_k = {d}），键 {ks.replace('; ', '；')}，"
               f"标量值 {vs.replace(', ', '，')}。{what_zh}。保留 4 位小数。"),
    }
    dot_text = ", ".join(f"q·k{i + 1} = {s}" for i, s in enumerate(dots))
    score_text = ", ".join(fmt(s) for s in scores)
    weight_text = ", ".join(fmt(w) for w in weights)
    tail_en = (f"weight {j + 1} = {fmt(weights[j])}." if ask == "weight" else
               "output = Σ aᵢvᵢ = " + " + ".join(f"{fmt(w)}×{term(v)}" for w, v in zip(weights, values)) + f" = {fmt(out)}.")
    tail_zh = (f"第 {j + 1} 个权重 = {fmt(weights[j])}。" if ask == "weight" else
               "输出 = Σ aᵢvᵢ = " + " + ".join(f"{fmt(w)}×{term(v)}" for w, v in zip(weights, values)) + f" = {fmt(out)}。")
    solution = {
        "en": (f"{dot_text}; divide by √{d} = {fmt(scale)}: scores {score_text}; softmax over the keys: weights "
               f"{weight_text}; {tail_en}"),
        "zh": (f"{dot_text.replace(', ', '，')}；除以 √{d} = {fmt(scale)}：分数 {score_text.replace(', ', '，')}；对各个键做 softmax："
               f"权重 {weight_text.replace(', ', '，')}；{tail_zh}"),
    }
    return Generated(prompt, value, 5e-5 + 1e-9, solution,
                     {"q": q, "keys": keys, "values": values, "ask": ask, "j": j})
