"""Inverted dropout, forward and backward.

Run `dlprep kata dropout` to grade this file, `dlprep kata dropout --show` for the full statement.
"""

import numpy as np


def dropout_forward(x, p, training, rng):
    """Inverted dropout, torch.nn.functional.dropout semantics.

    x: float array of any shape.
    p: float in [0, 1], the probability of dropping each element.
    training: bool; when False (or p = 0) the layer is the identity.
    rng: a numpy Generator (np.random.default_rng(...)); draw every random number from it.

    Returns (out, mask), both of x's shape: in training each element is kept independently with
    probability 1 - p, mask is 0 where dropped and 1 / (1 - p) where kept, out = x * mask. Not training
    or p = 0: out = x and mask is all ones. p = 1: out and mask are all zeros. Do not modify x.
    """
    # TODO: the deterministic cases, then a mask drawn from rng.
    raise NotImplementedError("dropout_forward")


def dropout_backward(dout, mask):
    """Gradient of dropout: dout of out's shape and the mask returned by dropout_forward.

    Returns dx of dout's shape. Do not modify the inputs.
    """
    # TODO: dx = dout * mask.
    raise NotImplementedError("dropout_backward")
