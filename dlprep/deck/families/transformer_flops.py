"""Multiply-accumulates (or FLOPs) of self-attention's two matmuls, or of all matmuls of one block."""

from dlprep.deck.families import Generated


def generate(rng):
    L = rng.choice([64, 128, 196, 256, 512, 1024])
    d = rng.choice([256, 384, 512, 768, 1024])
    h = rng.choice([n for n in (4, 6, 8, 12, 16) if d % n == 0])
    ff = 4 * d
    scope = rng.choice(["attention", "attention", "block"])
    unit = rng.choice(["MACs", "FLOPs"])
    attn = 2 * L * L * d
    proj = 4 * L * d * d
    ffn = 2 * L * d * ff
    macs = attn if scope == "attention" else proj + attn + ffn
    value = macs if unit == "MACs" else 2 * macs
    unit_en = "multiply-accumulates (MACs)" if unit == "MACs" else "FLOPs, counting FLOPs = 2 × MACs (a multiply and an add)"
    unit_zh = "乘加次数（MACs）" if unit == "MACs" else "浮点运算数 FLOPs（按 FLOPs = 2 × MACs 计，一次乘法加一次加法）"
    if scope == "attention":
        what_en = ("the two attention matmuls only: the scores QKᵀ and the weighted sum A·V, over all heads (ignore the "
                   "Q/K/V/output projections, softmax, scaling and biases)")
        what_zh = "只含注意力的两个矩阵乘法，即注意力分数 QKᵀ 和加权求和 A·V，包含所有头（不计 Q/K/V/输出投影、softmax、缩放和偏置）"
    else:
        what_en = (f"every matmul of the block: Q, K, V and output projections, QKᵀ and A·V, and the FFN "
                   f"Linear(d, {ff}) and Linear({ff}, d) (ignore softmax, LayerNorm, activation and biases)")
        what_zh = (f"该块的全部矩阵乘法，即 Q、K、V 和输出投影，QKᵀ 与 A·V，以及前馈网络 Linear(d, {ff}) 和 Linear({ff}, d)"
                   "（不计 softmax、LayerNorm、激活函数和偏置）")
    prompt = {
        "en": (f"A transformer encoder block processes one sequence of L = {L} tokens with width d = {d} and {h} "
               f"attention heads (d_head = {d // h}). "
               f"Count {unit_en} of {what_en}."),
        "zh": f"一个 Transformer 编码器块处理一条长度 L = {L} 的序列，宽度 d = {d}，{h} 个注意力头（d_head = {d // h}）。求以下运算的{unit_zh}：{what_zh}。",
    }
    attn_text = (f"QKᵀ: {h} heads × (L×d_head)(d_head×L) = L²·d = {L}²×{d} = {L * L * d}; A·V the same: "
                 f"attention = 2L²d = {attn}")
    attn_zh = (f"QKᵀ：{h} 个头 × (L×d_head)(d_head×L) = L²·d = {L}²×{d} = {L * L * d}；A·V 相同："
               f"注意力 = 2L²d = {attn}")
    if scope == "attention":
        body_en, body_zh = f"{attn_text} MACs.", f"{attn_zh} MACs。"
    else:
        body_en = (f"Projections: 4 × L·d² = 4×{L}×{d}² = {proj}. {attn_text}. FFN: 2 × L·d·d_ff = 2×{L}×{d}×{ff} = {ffn}. "
                   f"Sum = {macs} MACs.")
        body_zh = (f"投影：4 × L·d² = 4×{L}×{d}² = {proj}。{attn_zh}。前馈网络：2 × L·d·d_ff = 2×{L}×{d}×{ff} = {ffn}。"
                   f"合计 = {macs} MACs。")
    if unit == "FLOPs":
        body_en += f" FLOPs = 2 × {macs} = {value}."
        body_zh += f"FLOPs = 2 × {macs} = {value}。"
    solution = {"en": "A (m×k)(k×n) matmul costs m·k·n MACs. " + body_en,
                "zh": "(m×k)(k×n) 的矩阵乘法需要 m·k·n 次乘加。" + body_zh}
    return Generated(prompt, float(value), 0.0, solution,
                     {"L": L, "d": d, "h": h, "ff": ff, "scope": scope, "unit": unit})
