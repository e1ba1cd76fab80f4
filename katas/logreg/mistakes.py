"""Classic logistic-regression mistakes, one function per mistake id in kata.yaml; each has one bug."""

import numpy as np


def _logreg(w, b, X, y, l2, *, reg_bias=False, average=True, naive=False, half=True, sign=1.0):
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = len(X)
    z = X @ w + b
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        if naive:
            p = 1.0 / (1.0 + np.exp(-z))  # right, but 1 - p rounds to 0 (and p to 0) at large margins
            data = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        else:
            data = np.mean(np.logaddexp(0.0, z) - y * z)
        p = np.exp(-np.logaddexp(0.0, -z))
    penalty = (0.5 if half else 1.0) * l2 * (w @ w)
    if reg_bias:
        penalty += 0.5 * l2 * b * b
    r = sign * (p - y)
    scale = 1.0 / n if average else 1.0
    dw = X.T @ r * scale + l2 * w
    db = r.sum() * scale + (l2 * b if reg_bias else 0.0)
    return float(data + penalty), dw, float(db)


def bias_regularised(w, b, X, y, l2=0.0):
    return _logreg(w, b, X, y, l2, reg_bias=True)


def gradient_not_averaged(w, b, X, y, l2=0.0):
    return _logreg(w, b, X, y, l2, average=False)


def naive_log_sigmoid(w, b, X, y, l2=0.0):
    return _logreg(w, b, X, y, l2, naive=True)


def l2_without_half(w, b, X, y, l2=0.0):
    return _logreg(w, b, X, y, l2, half=False)


def residual_sign(w, b, X, y, l2=0.0):
    return _logreg(w, b, X, y, l2, sign=-1.0)
