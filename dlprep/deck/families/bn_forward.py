"""BatchNorm's training-mode output for one element of a tiny batch (biased variance, eps inside the sqrt)."""

import math

from dlprep.deck.families import Generated, fmt, term


def generate(rng):
    while True:
        n = rng.choice([3, 4])
        x = [rng.randint(-3, 8) for _ in range(n)]
        j = rng.randrange(n)
        mean = sum(x) / n
        var = sum((v - mean) ** 2 for v in x) / n
        if var > 0 and abs(x[j] - mean) / math.sqrt(var) >= 0.3:
            break
    gamma, beta = rng.choice([0.5, 1, 1.5, 2, -1]), rng.choice([-1, -0.5, 0, 0.5, 1, 2])
    eps = rng.choice([1e-5, 1e-5, 1e-3])
    eps_text = {1e-5: "1e-5", 1e-3: "1e-3"}[eps]
    xhat = (x[j] - mean) / math.sqrt(var + eps)
    y = gamma * xhat + beta
    prompt = {
        "en": (f"BatchNorm in training mode sees one feature with the batch values x = {x}; γ = {fmt(gamma)}, "
               f"β = {fmt(beta)}, ε = {eps_text}. What is the output for element {j + 1} (1-based, x = {x[j]})? "
               "Normalise with the batch's own statistics, as torch does in training. Give 4 decimals."),
        "zh": (f"训练模式下的 BatchNorm，某一特征在一个 batch 中的取值为 x = {x}；γ = {fmt(gamma)}，β = {fmt(beta)}，"
               f"ε = {eps_text}。第 {j + 1} 个元素（从 1 开始数，x = {x[j]}）的输出是多少？与 torch 训练时一样，用该 batch "
               "自身的统计量归一化。保留 4 位小数。"),
    }
    sq = " + ".join(f"{term(v - mean)}²" for v in x)
    solution = {
        "en": (f"μ = ({' + '.join(map(term, x))})/{n} = {fmt(mean)}; the forward pass uses the biased variance (÷ n): "
               f"σ² = ({sq})/{n} = {fmt(var)}. x̂ = (x − μ)/√(σ² + ε) = ({fmt(x[j])} − {term(mean)})/√({fmt(var)} + {eps_text}) "
               f"= {fmt(xhat)}; y = γx̂ + β = {fmt(gamma)}×{term(xhat)} + {term(beta)} = {fmt(y)}."),
        "zh": (f"μ = ({' + '.join(map(term, x))})/{n} = {fmt(mean)}；前向计算用有偏方差（除以 n）："
               f"σ² = ({sq})/{n} = {fmt(var)}。x̂ = (x − μ)/√(σ² + ε) = ({fmt(x[j])} − {term(mean)})/√({fmt(var)} + {eps_text}) "
               f"= {fmt(xhat)}；y = γx̂ + β = {fmt(gamma)}×{term(xhat)} + {term(beta)} = {fmt(y)}。"),
    }
    return Generated(prompt, y, 5e-5 + 1e-9, solution, {"x": x, "j": j, "gamma": gamma, "beta": beta, "eps": eps})
