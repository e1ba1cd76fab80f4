"""Sigmoid focal loss.

Run `dlprep kata focal_loss` to grade this file, `dlprep kata focal_loss --show` for the full statement.
"""

import numpy as np


def sigmoid_focal_loss(logits, targets, alpha=0.25, gamma=2.0):
    """Mean sigmoid focal loss, torchvision.ops.sigmoid_focal_loss semantics (reduction "mean").

    logits: float array of any non-empty shape (values up to 1000 in magnitude).
    targets: float array of the same shape, values in {0, 1}.
    alpha: in [0, 1], the weight of the positives (1 - alpha for the negatives); -1 means no weighting.
    gamma: >= 0, the focusing parameter.

    With p = sigmoid(x), ce = BCE with logits, p_t = p*t + (1 - p)*(1 - t):
    loss = ce * (1 - p_t)**gamma, times alpha*t + (1 - alpha)*(1 - t) when alpha >= 0.
    Returns the mean over all elements, as a float. Do not modify the inputs.
    """
    # TODO: stable BCE with logits, the modulating factor, the alpha weight, the mean.
    raise NotImplementedError("sigmoid_focal_loss")
