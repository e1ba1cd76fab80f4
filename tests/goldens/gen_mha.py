"""Golden cases for the mha kata: torch.nn.MultiheadAttention(D, H, batch_first=True) as self-attention,
with in_proj_weight = w_qkvᵀ, out_proj.weight = w_oᵀ, and causal as attn_mask = triu(ones, 1) (True = blocked)."""

from __future__ import annotations

import numpy as np


def _torch_mha(x, w_qkv, b_qkv, w_o, b_o, heads, causal):
    import torch

    b, n, d = x.shape
    m = torch.nn.MultiheadAttention(d, heads, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        m.in_proj_weight.copy_(torch.tensor(w_qkv.T))
        m.in_proj_bias.copy_(torch.tensor(b_qkv))
        m.out_proj.weight.copy_(torch.tensor(w_o.T))
        m.out_proj.bias.copy_(torch.tensor(b_o))
        xt = torch.tensor(x)
        mask = torch.triu(torch.ones(n, n, dtype=torch.bool), 1) if causal else None
        out, _ = m(xt, xt, xt, attn_mask=mask, need_weights=False)
    return out.numpy()


def _case(x, w_qkv, b_qkv, w_o, b_o, heads, causal, note):
    args = [np.asarray(a, dtype=np.float64) for a in (x, w_qkv, b_qkv, w_o, b_o)] + [int(heads)]
    kwargs = {"causal": True} if causal else {}
    return {"function": "multi_head_attention", "args": args, "kwargs": kwargs,
            "expected": _torch_mha(*args, causal), "rtol": 1e-9, "atol": 1e-11, "note": note}


def generate(rng):
    x = np.array([[[1.0, 0.0], [0.0, 1.0]]])
    w = np.hstack([np.eye(2)] * 3)
    cases = [
        _case(x, w, np.zeros(6), np.eye(2), np.zeros(2), 1, False, "statement example, one head"),
        _case(x, w, np.zeros(6), np.eye(2), np.zeros(2), 1, True, "statement example, causal"),
        _case(x, w, np.zeros(6), np.eye(2), np.zeros(2), 2, False, "statement example, two heads"),
    ]
    layouts = [(1, 1), (1, 4), (2, 2), (2, 3), (3, 2), (4, 1), (4, 2), (2, 4), (3, 3)]
    for i in range(33):
        heads, size = layouts[i % len(layouts)]
        d = heads * size
        b, n = int(rng.integers(1, 4)), int(rng.integers(1, 7))
        scale = 1.0 / np.sqrt(d)
        cases.append(_case(rng.normal(size=(b, n, d)), rng.normal(size=(d, 3 * d)) * scale * 2, rng.normal(size=3 * d),
                           rng.normal(size=(d, d)) * scale, rng.normal(size=d), heads, i % 2 == 1,
                           f"random, H={heads}, dh={size}, causal={i % 2 == 1}"))
    return cases
