"""Binary cross-entropy with logits and pos_weight, forward and backward.

Run `dlprep kata bce_logits` to grade this file, `dlprep kata bce_logits --show` for the full statement.
"""

import numpy as np


def bce_with_logits(logits, targets, pos_weight=None):
    """Mean binary cross-entropy with logits, torch.nn.functional.binary_cross_entropy_with_logits semantics.

    logits: float array of any non-empty shape (values up to 1000 in magnitude).
    targets: float array of the same shape, values in [0, 1].
    pos_weight: None (weight 1), a scalar, or a float array (C,) broadcast over the last axis;
        it multiplies the positive term only.

    Loss of one element: -[pos_weight * t * log(sigmoid(x)) + (1 - t) * log(1 - sigmoid(x))].
    Returns the mean over all elements, as a float. Do not modify the inputs.
    """
    # TODO: a stable elementwise loss, then the mean.
    raise NotImplementedError("bce_with_logits")


def bce_with_logits_backward(logits, targets, pos_weight=None):
    """Gradient of bce_with_logits(logits, targets, pos_weight) with respect to logits.

    Returns dlogits, a float array of the shape of logits. Do not modify the inputs.
    """
    # TODO: the derivative of each element's loss, divided by the number of elements.
    raise NotImplementedError("bce_with_logits_backward")
