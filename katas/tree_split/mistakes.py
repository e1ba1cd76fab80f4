"""Classic CART split mistakes, one function per mistake id in kata.yaml; each has exactly one bug."""

import numpy as np

TIE = 1e-9


def _impurity(counts, sizes, criterion):
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(sizes[:, None] > 0, counts / np.maximum(sizes[:, None], 1), 0.0)
        if criterion == "entropy":
            return -(np.where(p > 0, p * np.log2(np.where(p > 0, p, 1.0)), 0.0)).sum(axis=1)
        return 1.0 - (p * p).sum(axis=1)


def _split(X, y, *, at_value=False, unweighted=False, criterion="gini", ties_last=False, constant_candidate=False):
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(len(X), -1)
    _, yi = np.unique(np.asarray(y), return_inverse=True)
    onehot = np.eye(yi.max() + 1)[yi]
    n = len(X)
    total = onehot.sum(axis=0)
    parent = _impurity(total[None], np.array([float(n)]), criterion)[0]
    found = []
    for j in range(X.shape[1]):
        order = np.argsort(X[:, j], kind="stable")
        xs = X[order, j]
        if constant_candidate and xs[0] == xs[-1]:
            found.append((j, float(xs[0]), 0.0))  # everything left, nothing right
            continue
        left = np.cumsum(onehot[order], axis=0)[:-1]
        n_left = np.arange(1, n, dtype=np.float64)
        n_right = n - n_left
        il = _impurity(left, n_left, criterion)
        ir = _impurity(total - left, n_right, criterion)
        if unweighted:
            gain = parent - (il + ir) / 2
        else:
            gain = parent - n_left / n * il - n_right / n * ir
        cut = xs[:-1] < xs[1:]
        thresholds = xs[:-1][cut] if at_value else (xs[:-1][cut] + xs[1:][cut]) / 2
        for t, g in zip(thresholds, gain[cut]):
            found.append((j, float(t), float(g)))
    if not found:
        return None, None, 0.0
    best = max(g for _, _, g in found)
    tied = [c for c in found if c[2] >= best - TIE]
    return tied[-1] if ties_last else tied[0]


def threshold_at_values(X, y):
    return _split(X, y, at_value=True)


def unweighted_children(X, y):
    return _split(X, y, unweighted=True)


def entropy_criterion(X, y):
    return _split(X, y, criterion="entropy")


def ties_to_last(X, y):
    return _split(X, y, ties_last=True)


def constant_feature_split(X, y):
    return _split(X, y, constant_candidate=True)
