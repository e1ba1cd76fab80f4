"""Reference softmax and cross-entropy (torch.nn.functional.softmax / cross_entropy semantics)."""

import numpy as np


def softmax(x, axis=-1):
    x = np.asarray(x, dtype=np.float64)
    # shift so the largest exponent is 0: nothing overflows and the result is unchanged
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(logits):
    # log p = (z - max) - log(sum(exp(z - max))): never log(0), even when a probability underflows
    z = logits - logits.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def _targets(labels, n, c, label_smoothing):
    # (1 - s) on the true class plus s / C on every class (the true one included), as torch does
    t = np.full((n, c), label_smoothing / c)
    t[np.arange(n), labels] += 1.0 - label_smoothing
    return t


def cross_entropy(logits, labels, label_smoothing=0.0):
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels).astype(np.int64)
    n, c = logits.shape
    t = _targets(labels, n, c, label_smoothing)
    return float(-(t * _log_softmax(logits)).sum() / n)  # mean over the batch


def cross_entropy_backward(logits, labels, label_smoothing=0.0):
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels).astype(np.int64)
    n, c = logits.shape
    # d(mean loss)/d logits = (softmax - target) / N, row by row
    return (softmax(logits, axis=1) - _targets(labels, n, c, label_smoothing)) / n
