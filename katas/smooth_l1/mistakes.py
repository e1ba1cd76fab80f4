"""Classic smooth L1 mistakes, one class per mistake id in kata.yaml (two entry points each).

Each class implements both functions with exactly one bug; everything else is the reference.
"""

import numpy as np


def _diff(pred, target):
    return np.asarray(pred, dtype=np.float64) - np.asarray(target, dtype=np.float64)


def _loss(pred, target, beta, *, quad_beta=True, half_beta=True, blend=False, reduce="mean"):
    d = _diff(pred, target)
    a = np.abs(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        if beta == 0 and not blend:
            loss = a
        else:
            quad = 0.5 * d * d / beta if quad_beta else 0.5 * d * d
            lin = a - 0.5 * beta if half_beta else a
            if blend:  # a 0/1 mask times each piece: 0 * inf = NaN when beta = 0
                m = (a < beta).astype(np.float64)
                loss = m * quad + (1 - m) * lin
            else:
                loss = np.where(a < beta, quad, lin)
    return float(loss.sum() if reduce == "sum" else loss.mean())


def _grad(pred, target, beta, *, over_beta=True, blend=False, reduce="mean"):
    d = _diff(pred, target)
    with np.errstate(divide="ignore", invalid="ignore"):
        if beta == 0 and not blend:
            g = np.sign(d)
        else:
            inside = d / beta if over_beta else d
            if blend:
                m = (np.abs(d) < beta).astype(np.float64)
                g = m * inside + (1 - m) * np.sign(d)
            else:
                g = np.where(np.abs(d) < beta, inside, np.sign(d))
    return g if reduce == "sum" else g / d.size


class quadratic_missing_beta:
    @staticmethod
    def smooth_l1(pred, target, beta=1.0):
        return _loss(pred, target, beta, quad_beta=False)

    @staticmethod
    def smooth_l1_backward(pred, target, beta=1.0):
        return _grad(pred, target, beta, over_beta=False)


class linear_missing_half_beta:
    @staticmethod
    def smooth_l1(pred, target, beta=1.0):
        return _loss(pred, target, beta, half_beta=False)

    @staticmethod
    def smooth_l1_backward(pred, target, beta=1.0):
        return _grad(pred, target, beta)


class beta_zero_nan:
    @staticmethod
    def smooth_l1(pred, target, beta=1.0):
        return _loss(pred, target, beta, blend=True)

    @staticmethod
    def smooth_l1_backward(pred, target, beta=1.0):
        return _grad(pred, target, beta, blend=True)


class sum_instead_of_mean:
    @staticmethod
    def smooth_l1(pred, target, beta=1.0):
        return _loss(pred, target, beta, reduce="sum")

    @staticmethod
    def smooth_l1_backward(pred, target, beta=1.0):
        return _grad(pred, target, beta, reduce="sum")


class gradient_missing_beta:
    @staticmethod
    def smooth_l1(pred, target, beta=1.0):
        return _loss(pred, target, beta)

    @staticmethod
    def smooth_l1_backward(pred, target, beta=1.0):
        return _grad(pred, target, beta, over_beta=False)
