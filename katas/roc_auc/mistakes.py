"""Classic ROC AUC mistakes, one function per mistake id in kata.yaml; each has exactly one bug."""

import numpy as np


def _split(scores, labels):
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    pos = np.asarray(labels).reshape(-1).astype(bool)
    return s, pos


def ties_as_losses(scores, labels):
    s, pos = _split(scores, labels)
    return float((s[pos][:, None] > s[~pos][None, :]).mean())  # a tied pair counts 0


def ties_as_wins(scores, labels):
    s, pos = _split(scores, labels)
    return float((s[pos][:, None] >= s[~pos][None, :]).mean())  # a tied pair counts 1


def ranks_not_averaged(scores, labels):
    s, pos = _split(scores, labels)
    ranks = np.empty(s.size)
    ranks[np.argsort(s, kind="stable")] = np.arange(1, s.size + 1)  # tied scores get distinct ranks
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def labels_inverted(scores, labels):
    s, pos = _split(scores, labels)
    pos = ~pos  # label 0 taken as the positive class
    diff = s[pos][:, None] - s[~pos][None, :]
    return float(((diff > 0) + 0.5 * (diff == 0)).mean())


def normalised_by_n_squared(scores, labels):
    s, pos = _split(scores, labels)
    diff = s[pos][:, None] - s[~pos][None, :]
    return float(((diff > 0) + 0.5 * (diff == 0)).sum() / s.size ** 2)


def trapezoid_ties_not_grouped(scores, labels):
    s, pos = _split(scores, labels)
    order = np.argsort(-s, kind="stable")  # one ROC point per sample, tied samples in input order
    tpr = np.concatenate([[0.0], np.cumsum(pos[order]) / pos.sum()])
    fpr = np.concatenate([[0.0], np.cumsum(~pos[order]) / (~pos).sum()])
    return float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2))
