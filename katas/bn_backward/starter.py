"""BatchNorm forward and backward (training mode).

Run `dlprep kata bn_backward` to grade this file, `dlprep kata bn_backward --show` for the full statement.
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """BatchNorm forward pass in training mode.

    x: float array (N, D): N samples of D features.
    gamma, beta: float arrays (D,): scale and shift per feature.
    eps: added to the variance inside the square root.

    Normalise each feature (column) with the mean and the biased variance (divide by N) of the batch:
    xhat = (x - mean) / sqrt(var + eps), out = gamma * xhat + beta.

    Returns (out, cache): out has shape (N, D); cache is anything you like, it is passed unchanged
    to batchnorm_backward. Do not modify the inputs.
    """
    # TODO: column mean and biased variance, xhat, out; keep what the backward needs in the cache.
    raise NotImplementedError("batchnorm_forward")


def batchnorm_backward(dout, cache):
    """BatchNorm backward pass.

    dout: float array (N, D): the gradient of the loss with respect to out.
    cache: what batchnorm_forward returned.

    Returns (dx, dgamma, dbeta) with shapes (N, D), (D,), (D,). Do not modify dout.
    """
    # TODO: dbeta and dgamma first, then dx through xhat, the mean and the variance.
    raise NotImplementedError("batchnorm_backward")
