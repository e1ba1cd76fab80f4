"""Classic average-precision mistakes, one function per mistake id in kata.yaml; each has exactly one bug."""

import numpy as np


def _curve(scores, labels, *, group_ties=True):
    """Precision and recall at each threshold, highest score first."""
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    pos = np.asarray(labels).reshape(-1).astype(bool)
    order = np.argsort(-s, kind="stable")
    s, pos = s[order], pos[order]
    if group_ties:
        last = np.append(np.flatnonzero(s[1:] != s[:-1]), s.size - 1)
    else:
        last = np.arange(s.size)
    tp = np.cumsum(pos)[last]
    return tp / (last + 1), tp / tp[-1], s.size


def ties_not_grouped(scores, labels):
    precision, recall, _ = _curve(scores, labels, group_ties=False)  # every sample its own threshold
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))


def interpolated_precision(scores, labels):
    precision, recall, _ = _curve(scores, labels)
    precision = np.maximum.accumulate(precision[::-1])[::-1]  # VOC-style precision envelope
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))


def eleven_point(scores, labels):
    precision, recall, _ = _curve(scores, labels)
    points = [precision[recall >= t].max() if (recall >= t).any() else 0.0 for t in np.linspace(0, 1, 11)]
    return float(np.mean(points))


def trapezoid_rule(scores, labels):
    precision, recall, _ = _curve(scores, labels)
    recall = np.concatenate([[0.0], recall])  # the curve starts at (recall 0, precision 1)
    precision = np.concatenate([[1.0], precision])
    return float(np.sum(np.diff(recall) * (precision[1:] + precision[:-1]) / 2))


def divided_by_n(scores, labels):
    precision, recall, n = _curve(scores, labels)
    new_hits = np.diff(recall, prepend=0.0) * int(np.asarray(labels).astype(bool).sum())
    return float(np.sum(new_hits * precision) / n)  # precision summed over the hits, divided by N, not n_pos
