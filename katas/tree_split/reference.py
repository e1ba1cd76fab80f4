"""Reference CART split search: the Gini-impurity split of largest gain over all features and midpoint
thresholds; gains within 1e-9 of the best are ties, which go to the smallest feature, then threshold."""

import numpy as np

TIE = 1e-9


def _gini(counts, sizes):
    """Gini impurity 1 - sum_c p_c^2 of each row of class counts, for rows holding `sizes` samples."""
    p = counts / sizes[:, None]
    return 1.0 - (p * p).sum(axis=1)


def best_split(X, y):
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(len(X), -1)
    _, yi = np.unique(np.asarray(y), return_inverse=True)
    onehot = np.eye(yi.max() + 1)[yi] if len(yi) else np.zeros((0, 1))  # (N, C)
    n = len(X)
    total = onehot.sum(axis=0)
    parent = 1.0 - ((total / n) ** 2).sum() if n else 0.0
    found = []  # (feature, threshold, gain) of every candidate, feature-major, thresholds ascending
    for j in range(X.shape[1]):
        order = np.argsort(X[:, j], kind="stable")
        xs = X[order, j]
        # class counts left of each cut: after the first 1, 2, ..., N-1 sorted samples
        left = np.cumsum(onehot[order], axis=0)[:-1]
        n_left = np.arange(1, n, dtype=np.float64)
        n_right = n - n_left
        gain = parent - n_left / n * _gini(left, n_left) - n_right / n * _gini(total - left, n_right)
        cut = xs[:-1] < xs[1:]  # only between distinct values: a sample goes left when x <= threshold
        for t, g in zip((xs[:-1][cut] + xs[1:][cut]) / 2, gain[cut]):
            found.append((j, float(t), float(g)))
    if not found:  # every feature is constant: no split separates anything
        return None, None, 0.0
    best = max(g for _, _, g in found)
    j, t, g = next(c for c in found if c[2] >= best - TIE)  # the first tied: smallest feature, then threshold
    return j, t, g
