"""Multi-head self-attention forward pass.

Run `dlprep kata mha` to grade this file, `dlprep kata mha --show` for the full statement.
"""

import numpy as np


def multi_head_attention(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    """Multi-head self-attention as torch.nn.MultiheadAttention(D, num_heads, batch_first=True).

    x: float array (B, L, D).
    w_qkv: float array (D, 3D); b_qkv: float array (3D,). qkv = x @ w_qkv + b_qkv, split along the
        last axis into q, k, v (in that order), each (B, L, D).
    w_o: float array (D, D); b_o: float array (D,): out = concat(heads) @ w_o + b_o.
    num_heads: int dividing D; head h uses columns h*dh:(h+1)*dh of q, k and v, dh = D // num_heads.
    causal: when True, position i attends only to positions j <= i.

    Returns a float array (B, L, D). Do not modify the inputs.
    """
    # TODO: project, split into heads, scaled dot-product attention per head, concatenate, project.
    raise NotImplementedError("multi_head_attention")
