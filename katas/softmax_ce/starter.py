"""Softmax and cross-entropy, forward and backward.

Run `dlprep kata softmax_ce` to grade this file, `dlprep kata softmax_ce --show` for the full statement.
"""

import numpy as np


def softmax(x, axis=-1):
    """Softmax of x along `axis`.

    x: float array of any rank (values up to 1e4 in magnitude).
    axis: the axis whose entries are turned into probabilities (negative values count from the end).

    Returns an array of x's shape whose entries along `axis` are positive and sum to 1.
    Do not modify x.
    """
    # TODO: a numerically stable softmax along `axis`.
    raise NotImplementedError("softmax")


def cross_entropy(logits, labels, label_smoothing=0.0):
    """Mean cross-entropy of a batch, torch.nn.functional.cross_entropy semantics.

    logits: float array (N, C), values up to 1e4 in magnitude.
    labels: integer array (N,) with values in [0, C).
    label_smoothing: s in [0, 1]; the target of row i is (1 - s) * onehot(labels[i]) + s / C.

    Returns the loss as a float: the mean over the N rows of -sum_c target[i, c] * log softmax(logits[i])[c].
    Do not modify the inputs.
    """
    # TODO: log-softmax per row, smoothed targets, mean over the batch.
    raise NotImplementedError("cross_entropy")


def cross_entropy_backward(logits, labels, label_smoothing=0.0):
    """Gradient of cross_entropy(logits, labels, label_smoothing) with respect to logits.

    Returns dlogits, a float array (N, C). Do not modify the inputs.
    """
    # TODO: (softmax - target) / N.
    raise NotImplementedError("cross_entropy_backward")
