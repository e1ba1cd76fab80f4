"""Classic LayerNorm mistakes, one class per mistake id in kata.yaml (two entry points each).

Each class implements both functions with exactly one bug; everything else is the reference.
"""

import numpy as np


def _forward(x, gamma, beta, eps, *, axis=1, ddof=0, eps_outside=False):
    x = np.asarray(x, dtype=np.float64)
    mu = x.mean(axis=axis, keepdims=True)
    xc = x - mu
    n = x.shape[axis]
    with np.errstate(divide="ignore", invalid="ignore"):
        var = (xc * xc).sum(axis=axis, keepdims=True) / (n - ddof)
        std = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
        xhat = xc / std
    out = gamma * xhat + beta
    return out, (xhat, np.asarray(gamma, dtype=np.float64), std, axis)


def _backward(dout, cache, *, param_axis=0, mean_term=True, var_term=True):
    xhat, gamma, std, axis = cache
    dout = np.asarray(dout, dtype=np.float64)
    dbeta = dout.sum(axis=param_axis)
    dgamma = (dout * xhat).sum(axis=param_axis)
    dxhat = dout * gamma
    dx = dxhat.copy()
    if mean_term:
        dx = dx - dxhat.mean(axis=axis, keepdims=True)
    if var_term:
        dx = dx - xhat * (dxhat * xhat).mean(axis=axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return dx / std, dgamma, dbeta


def _mistake(forward=None, backward=None):
    forward, backward = forward or {}, backward or {}

    def layernorm_forward(x, gamma, beta, eps=1e-5):
        return _forward(x, gamma, beta, eps, **forward)

    def layernorm_backward(dout, cache):
        return _backward(dout, cache, **backward)

    return type("Mistake", (), {"layernorm_forward": staticmethod(layernorm_forward),
                                "layernorm_backward": staticmethod(layernorm_backward)})


normalised_over_batch = _mistake(forward={"axis": 0})
unbiased_variance = _mistake(forward={"ddof": 1})
eps_outside_sqrt = _mistake(forward={"eps_outside": True})
dgamma_dbeta_summed_over_features = _mistake(backward={"param_axis": 1})
mean_term_missing = _mistake(backward={"mean_term": False})
variance_term_missing = _mistake(backward={"var_term": False})
