"""Classic attention mistakes, one function per mistake id in kata.yaml; each has exactly one bug."""

import numpy as np


def _attention(q, k, v, mask=None, *, scale="sqrt", mask_after=False, invert=False, axis=-1, shift=True):
    q = np.asarray(q, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    d = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2)
    scores = scores / {"sqrt": np.sqrt(d), "none": 1.0, "d": d}[scale]
    allowed = None if mask is None else np.asarray(mask, dtype=bool)
    if allowed is not None and invert:
        allowed = ~allowed  # reads True as "blocked"
    if allowed is not None and not mask_after:
        scores = np.where(allowed, scores, -np.inf)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if shift:
            scores = scores - scores.max(axis=axis, keepdims=True)
        e = np.exp(scores)
        weights = e / e.sum(axis=axis, keepdims=True)
    if allowed is not None and mask_after:
        weights = weights * allowed  # zeroed after the softmax, rows no longer sum to 1
    with np.errstate(invalid="ignore"):
        return weights @ v, weights


def no_scale(q, k, v, mask=None):
    return _attention(q, k, v, mask, scale="none")


def scaled_by_d(q, k, v, mask=None):
    return _attention(q, k, v, mask, scale="d")


def mask_after_softmax(q, k, v, mask=None):
    return _attention(q, k, v, mask, mask_after=True)


def mask_inverted(q, k, v, mask=None):
    return _attention(q, k, v, mask, invert=True)


def softmax_over_queries(q, k, v, mask=None):
    return _attention(q, k, v, mask, axis=-2)


def no_max_shift(q, k, v, mask=None):
    return _attention(q, k, v, mask, shift=False)
