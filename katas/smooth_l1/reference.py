"""Reference smooth L1 loss (torch.nn.functional.smooth_l1_loss, reduction "mean") and its gradient."""

import numpy as np


def smooth_l1(pred, target, beta=1.0):
    d = np.asarray(pred, dtype=np.float64) - np.asarray(target, dtype=np.float64)
    a = np.abs(d)
    if beta == 0:
        return float(a.mean())  # beta = 0 is plain L1: no quadratic zone, and no division by beta
    # quadratic inside (|d| < beta), linear outside; the two pieces meet with equal value and slope
    loss = np.where(a < beta, 0.5 * d * d / beta, a - 0.5 * beta)
    return float(loss.mean())


def smooth_l1_backward(pred, target, beta=1.0):
    d = np.asarray(pred, dtype=np.float64) - np.asarray(target, dtype=np.float64)
    if beta == 0:
        return np.sign(d) / d.size  # sign(0) = 0
    # d / beta inside, sign(d) outside (equal at |d| = beta); mean: divide by the number of elements
    return np.where(np.abs(d) < beta, d / beta, np.sign(d)) / d.size
