"""Reference inverted dropout (torch.nn.functional.dropout semantics), the mask drawn from a numpy Generator."""

import numpy as np


def dropout_forward(x, p, training, rng):
    x = np.asarray(x, dtype=np.float64)
    if not training or p == 0:
        return x.copy(), np.ones_like(x)  # nothing is dropped and nothing is scaled
    if p == 1:
        return np.zeros_like(x), np.zeros_like(x)  # everything is dropped (no 1 / (1 - p) = 1 / 0)
    keep = rng.random(x.shape) >= p  # each element kept with probability 1 - p, independently
    mask = keep / (1.0 - p)  # inverted dropout: scale at training time, so test time is the identity
    return x * mask, mask


def dropout_backward(dout, mask):
    # out = x * mask, so dx = dout * mask: zero where dropped, scaled by 1 / (1 - p) where kept
    return np.asarray(dout, dtype=np.float64) * np.asarray(mask, dtype=np.float64)
