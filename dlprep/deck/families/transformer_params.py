"""Learnable parameters of one transformer encoder block (torch.nn.TransformerEncoderLayer's layout)."""

from dlprep.deck.families import Generated


def generate(rng):
    d = rng.choice([128, 256, 384, 512, 768, 1024])
    h = rng.choice([n for n in (2, 4, 6, 8, 12, 16) if d % n == 0])
    ff = d * rng.choice([2, 4, 4, 8]) if rng.random() < 0.8 else rng.choice([1024, 1536, 2048, 3072])
    attn = 4 * d * d + 4 * d
    ffn = 2 * d * ff + ff + d
    norms = 4 * d
    total = attn + ffn + norms
    prompt = {
        "en": (f"One transformer encoder block with d_model = {d}, {h} heads and d_ff = {ff}, laid out as "
               "torch.nn.TransformerEncoderLayer: multi-head self-attention with Q, K, V input projections and an output "
               "projection, each d_model×d_model with a bias; a feed-forward network Linear(d_model, d_ff) → activation → "
               "Linear(d_ff, d_model), both with biases; two LayerNorms, each with γ and β. How many learnable parameters?"),
        "zh": (f"一个 Transformer 编码器块，d_model = {d}，{h} 个头，d_ff = {ff}，结构同 torch.nn.TransformerEncoderLayer："
               "多头自注意力含 Q、K、V 输入投影和输出投影，每个都是 d_model×d_model 并带偏置；前馈网络为 Linear(d_model, d_ff) → "
               "激活函数 → Linear(d_ff, d_model)，都带偏置；两个 LayerNorm，各有 γ 和 β。可学习参数一共有多少？"),
    }
    solution = {
        "en": (f"Attention: 4 projections of d² weights + d biases = 4×({d}² + {d}) = {attn}; the {h} heads only split "
               f"d_model into slices of {d // h}, so they do not change the count. FFN: d·d_ff + d_ff + d_ff·d + d = "
               f"2×{d}×{ff} + {ff} + {d} = {ffn}. LayerNorms: 2×2×{d} = {norms}. Total = {attn} + {ffn} + {norms} "
               f"= {total} (= 4d² + 2d·d_ff + 9d + d_ff)."),
        "zh": (f"注意力：4 个投影，各 d² 个权重加 d 个偏置 = 4×({d}² + {d}) = {attn}；{h} 个头只是把 d_model 切成每份 {d // h} 维，"
               f"不改变参数量。前馈网络：d·d_ff + d_ff + d_ff·d + d = 2×{d}×{ff} + {ff} + {d} = {ffn}。"
               f"LayerNorm：2×2×{d} = {norms}。合计 = {attn} + {ffn} + {norms} = {total}（= 4d² + 2d·d_ff + 9d + d_ff）。"),
    }
    return Generated(prompt, float(total), 0.0, solution, {"d": d, "h": h, "ff": ff})
