"""Reference multi-head self-attention (torch.nn.MultiheadAttention with batch_first=True)."""

import numpy as np


def multi_head_attention(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    x = np.asarray(x, dtype=np.float64)
    B, L, D = x.shape
    H = int(num_heads)
    dh = D // H
    qkv = x @ np.asarray(w_qkv, dtype=np.float64) + np.asarray(b_qkv, dtype=np.float64)  # (B, L, 3D)
    q, k, v = np.split(qkv, 3, axis=-1)  # in that order, each (B, L, D)

    def heads(t):
        # columns h*dh:(h+1)*dh belong to head h: (B, L, H, dh) -> (B, H, L, dh)
        return t.reshape(B, L, H, dh).transpose(0, 2, 1, 3)

    q, k, v = heads(q), heads(k), heads(v)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh)  # (B, H, L, L), scaled by the head size
    if causal:
        allowed = np.tril(np.ones((L, L), dtype=bool))  # query i sees keys j <= i, itself included
        scores = np.where(allowed, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)
    weights = e / e.sum(axis=-1, keepdims=True)
    # back to (B, L, H, dh) and concatenate the heads in order: head h fills columns h*dh:(h+1)*dh
    concat = (weights @ v).transpose(0, 2, 1, 3).reshape(B, L, D)
    return concat @ np.asarray(w_o, dtype=np.float64) + np.asarray(b_o, dtype=np.float64)
