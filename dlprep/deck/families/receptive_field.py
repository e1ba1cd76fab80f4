"""Receptive field of a stack of convolution / pooling layers."""

from dlprep.deck.families import Generated


def generate(rng):
    layers = []
    for _ in range(rng.randint(2, 4)):
        k = rng.choice([1, 3, 3, 5, 7, 2])
        s = 2 if k == 2 else rng.choice([1, 1, 2])
        d = rng.choice([1, 1, 1, 2]) if k == 3 else 1
        layers.append((k, s, d))
    rf, jump, steps = 1, 1, []
    for k, s, d in layers:
        k_eff = d * (k - 1) + 1
        rf += (k_eff - 1) * jump
        steps.append(f"+({k_eff}−1)×{jump}")
        jump *= s
    desc_en = ", ".join(f"{k}×{k} stride {s}" + (f" dilation {d}" if d > 1 else "") for k, s, d in layers)
    desc_zh = "，".join(f"{k}×{k} 步长 {s}" + (f" 空洞率 {d}" if d > 1 else "") for k, s, d in layers)
    prompt = {
        "en": f"Layers applied in order: {desc_en}. What is the receptive field (in input pixels, one side) of one output unit of the last layer?",
        "zh": f"依次经过以下层：{desc_zh}。最后一层一个输出单元在输入上的感受野边长是多少像素？",
    }
    formula = "RF = 1 + Σ (k_eff,i − 1) × Π_{j<i} s_j, k_eff = d(k−1)+1"
    solution = {
        "en": f"{formula}. RF = 1 {' '.join(steps)} = {rf}.",
        "zh": f"{formula}。RF = 1 {' '.join(steps)} = {rf}。",
    }
    return Generated(prompt, float(rf), 0.0, solution, {"layers": layers})
