"""Classic BatchNorm mistakes, one class per mistake id in kata.yaml (two entry points each).

Each class implements both functions with exactly one bug; everything else is the reference.
"""

import numpy as np


def _forward(x, gamma, beta, eps, *, ddof=0, eps_outside=False, axis=0):
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


def _backward(dout, cache, *, mean_term=True, var_term=True, swap=False):
    xhat, gamma, std, axis = cache
    dout = np.asarray(dout, dtype=np.float64)
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    if swap:
        dgamma, dbeta = dbeta, dgamma
    dxhat = dout * gamma
    dx = dxhat.copy()
    if mean_term:
        dx = dx - dxhat.mean(axis=axis, keepdims=True)
    if var_term:
        dx = dx - xhat * (dxhat * xhat).mean(axis=axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return dx / std, dgamma, dbeta


class unbiased_variance:
    @staticmethod
    def batchnorm_forward(x, gamma, beta, eps=1e-5):
        return _forward(x, gamma, beta, eps, ddof=1)

    @staticmethod
    def batchnorm_backward(dout, cache):
        return _backward(dout, cache)


class mean_term_missing:
    @staticmethod
    def batchnorm_forward(x, gamma, beta, eps=1e-5):
        return _forward(x, gamma, beta, eps)

    @staticmethod
    def batchnorm_backward(dout, cache):
        return _backward(dout, cache, mean_term=False)


class variance_term_missing:
    @staticmethod
    def batchnorm_forward(x, gamma, beta, eps=1e-5):
        return _forward(x, gamma, beta, eps)

    @staticmethod
    def batchnorm_backward(dout, cache):
        return _backward(dout, cache, var_term=False)


class eps_outside_sqrt:
    @staticmethod
    def batchnorm_forward(x, gamma, beta, eps=1e-5):
        return _forward(x, gamma, beta, eps, eps_outside=True)

    @staticmethod
    def batchnorm_backward(dout, cache):
        return _backward(dout, cache)


class dgamma_dbeta_swapped:
    @staticmethod
    def batchnorm_forward(x, gamma, beta, eps=1e-5):
        return _forward(x, gamma, beta, eps)

    @staticmethod
    def batchnorm_backward(dout, cache):
        return _backward(dout, cache, swap=True)


class normalised_over_features:
    @staticmethod
    def batchnorm_forward(x, gamma, beta, eps=1e-5):
        return _forward(x, gamma, beta, eps, axis=1)

    @staticmethod
    def batchnorm_backward(dout, cache):
        return _backward(dout, cache)
