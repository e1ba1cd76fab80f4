"""Reference scaled dot-product attention with an optional boolean mask (True = may attend)."""

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    q = np.asarray(q, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    d = q.shape[-1]
    # (B, H, L, d) @ (B, H, d, S) -> (B, H, L, S): one score per query and key
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d)
    if mask is not None:
        # broadcasting puts an (S,), (L, S) or (B, 1, 1, S) mask against every (B, H, L, S) score
        scores = np.where(np.asarray(mask, dtype=bool), scores, -np.inf)
    # subtract the largest allowed score of each row: exp never overflows and the largest term is
    # exp(0) = 1, so the row sum is at least 1 even when every score is -1e4
    scores = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(scores)  # blocked positions: exp(-inf) = 0
    weights = e / e.sum(axis=-1, keepdims=True)
    return weights @ v, weights
