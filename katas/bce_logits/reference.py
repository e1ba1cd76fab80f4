"""Reference binary cross-entropy with logits (torch.nn.functional.binary_cross_entropy_with_logits,
reduction "mean", with pos_weight)."""

import numpy as np


def _softplus(x):
    # log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|))
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _sigmoid(x):
    # exp(-|x|) never overflows; pick the form that is exact on each side of 0
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _prepare(logits, targets, pos_weight):
    x = np.asarray(logits, dtype=np.float64)
    t = np.asarray(targets, dtype=np.float64)
    pw = 1.0 if pos_weight is None else np.asarray(pos_weight, dtype=np.float64)  # (C,) broadcasts over the last axis
    return x, t, pw


def bce_with_logits(logits, targets, pos_weight=None):
    x, t, pw = _prepare(logits, targets, pos_weight)
    # -log(sigmoid(x)) = softplus(-x) and -log(1 - sigmoid(x)) = softplus(x); pos_weight scales the positive term
    loss = pw * t * _softplus(-x) + (1.0 - t) * _softplus(x)
    return float(loss.mean())


def bce_with_logits_backward(logits, targets, pos_weight=None):
    x, t, pw = _prepare(logits, targets, pos_weight)
    # d/dx [pw t softplus(-x) + (1 - t) softplus(x)] = -pw t (1 - sigmoid(x)) + (1 - t) sigmoid(x)
    p = _sigmoid(x)
    return (-pw * t * (1.0 - p) + (1.0 - t) * p) / x.size
