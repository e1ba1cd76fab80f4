"""Reference ROC AUC: the Mann-Whitney U statistic with tie-averaged ranks (sklearn.metrics.roc_auc_score)."""

import numpy as np


def roc_auc(scores, labels):
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    pos = np.asarray(labels).reshape(-1).astype(bool)  # 0/1 as ints, floats or bools
    n_pos = int(pos.sum())
    n_neg = pos.size - n_pos
    # rank 1 is the lowest score; equal scores share the mean of the ranks they span
    values, inverse, counts = np.unique(s, return_inverse=True, return_counts=True)
    mean_rank = np.cumsum(counts) - (counts - 1) / 2.0
    ranks = mean_rank[inverse.reshape(-1)]
    # U = number of (positive, negative) pairs ranked correctly, a tie counting one half
    u = ranks[pos].sum() - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))
