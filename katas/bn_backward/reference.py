"""Reference BatchNorm (training mode): forward over the batch axis, and its backward pass."""

import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc * xc).mean(axis=0)  # biased: divide by N
    std = np.sqrt(var + eps)
    xhat = xc / std
    out = gamma * xhat + beta
    cache = (xhat, np.asarray(gamma, dtype=np.float64), std)
    return out, cache


def batchnorm_backward(dout, cache):
    xhat, gamma, std = cache
    dout = np.asarray(dout, dtype=np.float64)
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    # the mean path removes the column mean of dxhat, the variance path its projection on xhat
    dx = (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0)) / std
    return dx, dgamma, dbeta
