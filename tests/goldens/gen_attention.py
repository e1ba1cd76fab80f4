"""Golden cases for the attention kata: torch.nn.functional.scaled_dot_product_attention (boolean
attn_mask, True = may attend). The weights come from the same call with v = identity (S x S)."""

from __future__ import annotations

import numpy as np


def _torch_attention(q, k, v, mask):
    import torch
    import torch.nn.functional as F

    qt, kt, vt = (torch.tensor(a, dtype=torch.float64) for a in (q, k, v))
    m = None if mask is None else torch.tensor(np.atleast_2d(mask))  # torch wants >= 2 mask dims; (1, S) = (S,)
    out = F.scaled_dot_product_attention(qt, kt, vt, attn_mask=m)
    s = kt.shape[2]
    eye = torch.eye(s, dtype=torch.float64).expand(*kt.shape[:2], s, s)
    weights = F.scaled_dot_product_attention(qt, kt, eye, attn_mask=m)
    return out.numpy(), weights.numpy()


def _case(q, k, v, mask, note):
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    mask = None if mask is None else np.asarray(mask, dtype=bool)
    kwargs = {} if mask is None else {"mask": mask}
    return {"function": "scaled_dot_product_attention", "args": [q, k, v], "kwargs": kwargs,
            "expected": _torch_attention(q, k, v, mask), "rtol": 1e-9, "atol": 1e-12, "note": note}


def generate(rng):
    eye3 = np.eye(3)
    keys = [[4, 0, 0, 0], [4, 1, 0, 0], [4, -1, 0, 0]]
    cases = [
        _case([[[[2]]]], [[[[3]]]], [[[[5, -1]]]], None, "one query, one key"),
        _case([[[[1, 1, 1, 1]]]], [[[[1, 1, 1, 1], [0, 0, 0, 0]]]], [[[[1, 0], [0, 1]]]], None, "scale 1/sqrt(4)"),
        _case([[[[1, 1, 1, 1]]]], [[[[1, 1, 1, 1], [0, 0, 0, 0]]]], [[[[1, 0], [0, 1]]]], [False, True], "(S,) mask"),
        _case([[[[1, 0], [0, 1], [1, 1]]]], [[[[1, 0], [0, 1], [1, -1]]]], [[eye3]], np.tril(np.ones((3, 3), bool)),
              "causal (L, S) mask"),
        _case([[[[2499, 1, 0, 0]]]], [[keys]], [[eye3]], None, "scores near +1e4"),
        _case([[[[-2499, 2, 0, 0]]]], [[keys]], [[eye3]], None, "scores near -1e4"),
        _case([[[[100]]]], [[[[100], [0], [-1]]]], [[eye3]], [False, True, True], "blocked key has the largest score"),
        _case(np.zeros((1, 1, 2, 2)), [[[[1, 2], [3, -1], [0, 0.5]]]], [[[[3], [0], [-3]]]], None, "uniform weights"),
    ]
    shapes = lambda b, h, n_q, n_k: [(n_k,), (n_q, n_k), (b, 1, 1, n_k), (h, 1, n_k), (b, h, n_q, n_k), None]
    for i in range(32):
        b, h, n_q, n_k = (int(x) for x in rng.integers(1, [3, 4, 5, 6]))
        d, dv = int(rng.choice([1, 2, 3, 4, 8, 16])), int(rng.integers(1, 4))
        scale = [1.0, 30.0, 2500.0][i % 3]  # the last gives scores in the thousands
        q = rng.normal(size=(b, h, n_q, d)) * scale / np.sqrt(d)
        k, v = rng.normal(size=(b, h, n_k, d)), rng.normal(size=(b, h, n_k, dv))
        shape = shapes(b, h, n_q, n_k)[i % 6]
        mask = None
        if shape is not None:
            mask = rng.random(shape) < 0.6
            rows = mask.reshape(-1, n_k)
            rows[~rows.any(axis=1), 0] = True
        cases.append(_case(q, k, v, mask, f"random, mask shape {shape}, score scale {scale:g}"))
    return cases
