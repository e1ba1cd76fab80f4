"""Reference LayerNorm on (N, D): each row normalised over its D features (torch.nn.functional.layer_norm
with normalized_shape (D,)), and its backward pass."""

import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    mu = x.mean(axis=1, keepdims=True)  # one mean and one variance per row (sample)
    xc = x - mu
    var = (xc * xc).mean(axis=1, keepdims=True)  # biased: divide by D
    std = np.sqrt(var + eps)
    xhat = xc / std
    out = gamma * xhat + beta  # gamma and beta (D,) broadcast over the rows
    cache = (xhat, np.asarray(gamma, dtype=np.float64), std)
    return out, cache


def layernorm_backward(dout, cache):
    xhat, gamma, std = cache
    dout = np.asarray(dout, dtype=np.float64)
    dbeta = dout.sum(axis=0)  # gamma and beta are shared by all rows: sum over the batch
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    # within each row: remove the row mean of dxhat (mean path) and its projection on xhat (variance path)
    dx = (dxhat - dxhat.mean(axis=1, keepdims=True) - xhat * (dxhat * xhat).mean(axis=1, keepdims=True)) / std
    return dx, dgamma, dbeta
