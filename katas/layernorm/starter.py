"""LayerNorm forward and backward.

Run `dlprep kata layernorm` to grade this file, `dlprep kata layernorm --show` for the full statement.
"""

import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    """LayerNorm forward pass, torch.nn.functional.layer_norm with normalized_shape (D,).

    x: float array (N, D): N samples of D features.
    gamma, beta: float arrays (D,): scale and shift per feature.
    eps: added to the variance inside the square root.

    Normalise each sample (row) with the mean and the biased variance (divide by D) of its own features:
    xhat = (x - mean) / sqrt(var + eps), out = gamma * xhat + beta.

    Returns (out, cache): out has shape (N, D); cache is anything you like, it is passed unchanged to
    layernorm_backward. Do not modify the inputs.
    """
    # TODO: row mean and biased variance, xhat, out; keep what the backward needs in the cache.
    raise NotImplementedError("layernorm_forward")


def layernorm_backward(dout, cache):
    """LayerNorm backward pass.

    dout: float array (N, D): the gradient of the loss with respect to out.
    cache: what layernorm_forward returned.

    Returns (dx, dgamma, dbeta) with shapes (N, D), (D,), (D,). Do not modify dout.
    """
    # TODO: dbeta and dgamma first, then dx through xhat, the row mean and the row variance.
    raise NotImplementedError("layernorm_backward")
