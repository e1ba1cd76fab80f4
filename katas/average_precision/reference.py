"""Reference average precision: the step sum over distinct score thresholds
(sklearn.metrics.average_precision_score), without interpolation."""

import numpy as np


def average_precision(scores, labels):
    s = np.asarray(scores, dtype=np.float64).reshape(-1)
    pos = np.asarray(labels).reshape(-1).astype(bool)  # 0/1 as ints, floats or bools
    order = np.argsort(-s, kind="stable")
    s, pos = s[order], pos[order]
    # a threshold cannot split equal scores: one point per distinct score, at the end of its group
    last = np.append(np.flatnonzero(s[1:] != s[:-1]), s.size - 1)
    tp = np.cumsum(pos)[last]
    precision = tp / (last + 1)
    recall = tp / tp[-1]
    # sum_n (R_n - R_{n-1}) * P_n with R_0 = 0
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))
