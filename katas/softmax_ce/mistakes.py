"""Classic softmax / cross-entropy mistakes, one class per mistake id in kata.yaml (three entry points each).

Each class implements all three functions with exactly one bug; everything else is the reference.
"""

import numpy as np


def _softmax(x, axis, *, shift=True):
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(x - x.max(axis=axis, keepdims=True)) if shift else np.exp(x)
        return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(logits, axis, *, shift=True, naive=False):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if naive:
            return np.log(_softmax(logits, axis))
        z = logits - logits.max(axis=axis, keepdims=True) if shift else logits
        return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def _targets(labels, n, c, s, *, others_c_minus_1=False, ignore=False):
    if ignore:
        s = 0.0
    if others_c_minus_1:
        t = np.full((n, c), s / (c - 1))
        t[np.arange(n), labels] = 1.0 - s
        return t
    t = np.full((n, c), s / c)
    t[np.arange(n), labels] += 1.0 - s
    return t


def _make(*, shift=True, naive=False, forced_axis=None, reduce_sum=False, grad_div=True, others_c_minus_1=False,
          ignore_smoothing=False):
    """A class with the three entry points, switched to one mistake."""

    def softmax(x, axis=-1):
        return _softmax(x, axis if forced_axis is None else forced_axis, shift=shift)

    def _prepare(logits, labels, s):
        logits = np.asarray(logits, dtype=np.float64)
        labels = np.asarray(labels).astype(np.int64)
        n, c = logits.shape
        return logits, n, _targets(labels, n, c, s, others_c_minus_1=others_c_minus_1, ignore=ignore_smoothing)

    def cross_entropy(logits, labels, label_smoothing=0.0):
        logits, n, t = _prepare(logits, labels, label_smoothing)
        with np.errstate(invalid="ignore"):
            total = -(t * _log_softmax(logits, 1 if forced_axis is None else forced_axis, shift=shift, naive=naive)).sum()
        return float(total if reduce_sum else total / n)

    def cross_entropy_backward(logits, labels, label_smoothing=0.0):
        logits, n, t = _prepare(logits, labels, label_smoothing)
        grad = softmax(logits, 1) - t
        return grad / n if grad_div and not reduce_sum else grad

    def wrap(f):
        return staticmethod(f)

    return type("Mistake", (), {"softmax": wrap(softmax), "cross_entropy": wrap(cross_entropy),
                                "cross_entropy_backward": wrap(cross_entropy_backward)})


no_max_shift = _make(shift=False)
naive_log_softmax = _make(naive=True)
wrong_softmax_axis = _make(forced_axis=0)
sum_instead_of_mean = _make(reduce_sum=True)
gradient_not_divided_by_n = _make(grad_div=False)
smoothing_over_c_minus_1 = _make(others_c_minus_1=True)
label_smoothing_ignored = _make(ignore_smoothing=True)
