"""One step of SGD with momentum, Adam and AdamW, as torch.optim computes them.

Run `dlprep kata optimizers` to grade this file, `dlprep kata optimizers --show` for the full statement.
"""

import numpy as np


def sgd_momentum_step(param, grad, velocity, lr, momentum=0.9, weight_decay=0.0, nesterov=False):
    """One torch.optim.SGD step (dampening 0).

    param, grad, velocity: float arrays of one shape; velocity is torch's momentum buffer (zeros = fresh).
    Returns (param, velocity), new arrays. Do not modify the inputs.
    """
    # TODO: weight decay into the gradient, update the buffer, step (nesterov: look ahead).
    raise NotImplementedError("sgd_momentum_step")


def adam_step(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
    """One torch.optim.Adam step; t is the number of this step, 1 for the first.

    weight_decay is an L2 term added to the gradient. Returns (param, m, v), new arrays.
    Do not modify the inputs.
    """
    # TODO: moments, bias corrections with t, then the update with eps outside the square root.
    raise NotImplementedError("adam_step")


def adamw_step(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    """One torch.optim.AdamW step: decoupled weight decay param *= 1 - lr*weight_decay, then Adam.

    Returns (param, m, v), new arrays. Do not modify the inputs.
    """
    # TODO: decay the param, then the same update as Adam without weight decay in the gradient.
    raise NotImplementedError("adamw_step")
