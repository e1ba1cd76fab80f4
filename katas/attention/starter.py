"""Scaled dot-product attention with a boolean mask.

Run `dlprep kata attention` to grade this file, `dlprep kata attention --show` for the full statement.
"""

import numpy as np


def scaled_dot_product_attention(q, k, v, mask=None):
    """Attention weights softmax(q k^T / sqrt(d)) over the keys, and their average of the values.

    q: float array (B, H, L, d): L queries per batch element and head.
    k: float array (B, H, S, d): S keys.
    v: float array (B, H, S, dv): one value row per key.
    mask: None, or a boolean array broadcastable to (B, H, L, S), e.g. (S,), (L, S) or (B, 1, 1, S).
        True means the query may attend to that key, False that it may not. Every query keeps at
        least one key.

    Returns (out, weights): out (B, H, L, dv) and weights (B, H, L, S), each row of weights summing
    to 1 over the S keys. Scores q.k may reach 1e4 in magnitude. Do not modify the inputs.
    """
    # TODO: scores, blocked scores to -inf, a stable softmax over the last axis, then weights @ v.
    raise NotImplementedError("scaled_dot_product_attention")
