"""Smooth L1 loss, forward and backward.

Run `dlprep kata smooth_l1` to grade this file, `dlprep kata smooth_l1 --show` for the full statement.
"""

import numpy as np


def smooth_l1(pred, target, beta=1.0):
    """Mean smooth L1 loss, torch.nn.functional.smooth_l1_loss semantics.

    pred, target: float arrays of the same non-empty shape.
    beta: float >= 0, where the quadratic piece turns linear.

    With d = pred - target, each element's loss is 0.5 * d**2 / beta if |d| < beta, else |d| - 0.5 * beta;
    beta = 0 is plain L1 (|d|). Returns the mean over all elements, as a float. Do not modify the inputs.
    """
    # TODO: elementwise loss, then the mean.
    raise NotImplementedError("smooth_l1")


def smooth_l1_backward(pred, target, beta=1.0):
    """Gradient of smooth_l1(pred, target, beta) with respect to pred.

    Returns dpred, a float array of pred's shape; for beta = 0 the gradient is sign(d) (0 where d = 0),
    divided by the number of elements. Do not modify the inputs.
    """
    # TODO: d / beta inside, sign(d) outside, divided by the number of elements.
    raise NotImplementedError("smooth_l1_backward")
