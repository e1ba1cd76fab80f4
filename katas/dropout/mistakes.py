"""Classic dropout mistakes, one class per mistake id in kata.yaml (two entry points each).

Each class implements both functions with exactly one bug; everything else is the reference.
"""

import numpy as np


def _forward(x, p, training, rng, *, rescale=True, obey_training=True, scale_at_test=False, keep_below_p=False,
             p_one_branch=True, global_state=False):
    x = np.asarray(x, dtype=np.float64)
    if obey_training and not training:
        if scale_at_test:
            return x * (1.0 - p), np.full_like(x, 1.0 - p)
        return x.copy(), np.ones_like(x)
    if p == 0:
        return x.copy(), np.ones_like(x)
    if p == 1 and p_one_branch:
        return np.zeros_like(x), np.zeros_like(x)
    u = np.random.random(x.shape) if global_state else rng.random(x.shape)
    keep = u < p if keep_below_p else u >= p
    with np.errstate(divide="ignore", invalid="ignore"):
        mask = keep / (1.0 - p) if rescale else keep.astype(np.float64)
    return x * mask, mask


def _backward(dout, mask, *, with_scale=True):
    mask = np.asarray(mask, dtype=np.float64)
    return np.asarray(dout, dtype=np.float64) * (mask if with_scale else (mask != 0))


def _mistake(backward_scale=True, **switch):
    def forward(x, p, training, rng):
        return _forward(x, p, training, rng, **switch)

    def backward(dout, mask):
        return _backward(dout, mask, with_scale=backward_scale)

    return type("Mistake", (), {"dropout_forward": staticmethod(forward), "dropout_backward": staticmethod(backward)})


no_rescale = _mistake(rescale=False)
drops_at_test_time = _mistake(obey_training=False)
scales_at_test_time = _mistake(scale_at_test=True)
keeps_with_probability_p = _mistake(keep_below_p=True)
p_one_gives_nan = _mistake(p_one_branch=False)
global_random_state = _mistake(global_state=True)
backward_ignores_scale = _mistake(backward_scale=False)
