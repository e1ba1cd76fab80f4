"""Classic BCE-with-logits mistakes, one class per mistake id in kata.yaml (two entry points each).

Each class implements both functions with exactly one bug; everything else is the reference.
"""

import numpy as np

CLIP = 1e-7


def _softplus(x):
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _prepare(logits, targets, pos_weight):
    x = np.asarray(logits, dtype=np.float64)
    t = np.asarray(targets, dtype=np.float64)
    pw = 1.0 if pos_weight is None else np.asarray(pos_weight, dtype=np.float64)
    return x, t, pw


def _loss(logits, targets, pos_weight, *, logs="stable", weight="positive", reduce="mean"):
    x, t, pw = _prepare(logits, targets, pos_weight)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        if logs == "naive":
            p = 1.0 / (1.0 + np.exp(-x))
            neg_log_p, neg_log_q = -np.log(p), -np.log(1.0 - p)
        elif logs == "clipped":
            p = np.clip(1.0 / (1.0 + np.exp(-x)), CLIP, 1.0 - CLIP)
            neg_log_p, neg_log_q = -np.log(p), -np.log(1.0 - p)
        else:
            neg_log_p, neg_log_q = _softplus(-x), _softplus(x)
        if weight == "positive":
            loss = pw * t * neg_log_p + (1.0 - t) * neg_log_q
        elif weight == "negative":
            loss = t * neg_log_p + pw * (1.0 - t) * neg_log_q
        elif weight == "whole":
            loss = pw * (t * neg_log_p + (1.0 - t) * neg_log_q)
        return float(loss.sum() if reduce == "sum" else loss.mean())


def _grad(logits, targets, pos_weight, *, weight="positive", reduce="mean"):
    x, t, pw = _prepare(logits, targets, pos_weight)
    p = _sigmoid(x)
    if weight == "positive":
        g = -pw * t * (1.0 - p) + (1.0 - t) * p
    elif weight == "negative":
        g = -t * (1.0 - p) + pw * (1.0 - t) * p
    elif weight == "whole":
        g = pw * (p - t)
    else:  # "ignored"
        g = np.broadcast_to(p - t, np.broadcast(x, pw).shape)
    return g if reduce == "sum" else g / x.size


class naive_log_sigmoid:
    @staticmethod
    def bce_with_logits(logits, targets, pos_weight=None):
        return _loss(logits, targets, pos_weight, logs="naive")

    @staticmethod
    def bce_with_logits_backward(logits, targets, pos_weight=None):
        return _grad(logits, targets, pos_weight)


class probabilities_clipped:
    @staticmethod
    def bce_with_logits(logits, targets, pos_weight=None):
        return _loss(logits, targets, pos_weight, logs="clipped")

    @staticmethod
    def bce_with_logits_backward(logits, targets, pos_weight=None):
        return _grad(logits, targets, pos_weight)


class pos_weight_on_negatives:
    @staticmethod
    def bce_with_logits(logits, targets, pos_weight=None):
        return _loss(logits, targets, pos_weight, weight="negative")

    @staticmethod
    def bce_with_logits_backward(logits, targets, pos_weight=None):
        return _grad(logits, targets, pos_weight, weight="negative")


class pos_weight_on_whole_loss:
    @staticmethod
    def bce_with_logits(logits, targets, pos_weight=None):
        return _loss(logits, targets, pos_weight, weight="whole")

    @staticmethod
    def bce_with_logits_backward(logits, targets, pos_weight=None):
        return _grad(logits, targets, pos_weight, weight="whole")


class gradient_ignores_pos_weight:
    @staticmethod
    def bce_with_logits(logits, targets, pos_weight=None):
        return _loss(logits, targets, pos_weight)

    @staticmethod
    def bce_with_logits_backward(logits, targets, pos_weight=None):
        return _grad(logits, targets, pos_weight, weight="ignored")


class sum_instead_of_mean:
    @staticmethod
    def bce_with_logits(logits, targets, pos_weight=None):
        return _loss(logits, targets, pos_weight, reduce="sum")

    @staticmethod
    def bce_with_logits_backward(logits, targets, pos_weight=None):
        return _grad(logits, targets, pos_weight, reduce="sum")
