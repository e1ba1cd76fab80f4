"""Classic k-NN mistakes, one function per mistake id in kata.yaml; each has exactly one bug."""

import numpy as np


def _knn(X_train, y_train, X_test, k, *, metric="l2", ties_high=False, skip_first=False, vote="smallest"):
    X_train = np.asarray(X_train, dtype=np.float64)
    y_train = np.asarray(y_train).astype(np.int64)
    X_test = np.asarray(X_test, dtype=np.float64).reshape(-1, X_train.shape[1])
    diff = X_test[:, None, :] - X_train[None, :, :]
    d = np.abs(diff).sum(axis=2) if metric == "l1" else (diff ** 2).sum(axis=2)
    out = []
    for row in d:
        if ties_high:
            order = np.lexsort((-np.arange(len(row)), row))  # equal distances: the higher index first
        else:
            order = np.argsort(row, kind="stable")
        nearest = order[1:k + 1] if skip_first else order[:k]
        labels = y_train[nearest]
        classes, counts = np.unique(labels, return_counts=True)
        best = counts.max()
        if vote == "largest":
            out.append(classes[counts == best].max())
        elif vote == "first_seen":
            out.append(next(c for c in labels if counts[classes == c][0] == best))
        else:
            out.append(classes[counts == best].min())
    return np.array(out, dtype=np.int64)


def vote_tie_largest(X_train, y_train, X_test, k):
    return _knn(X_train, y_train, X_test, k, vote="largest")


def vote_tie_nearest(X_train, y_train, X_test, k):
    return _knn(X_train, y_train, X_test, k, vote="first_seen")


def distance_tie_higher_index(X_train, y_train, X_test, k):
    return _knn(X_train, y_train, X_test, k, ties_high=True)


def skip_nearest(X_train, y_train, X_test, k):
    return _knn(X_train, y_train, X_test, k, skip_first=True)


def l1_distance(X_train, y_train, X_test, k):
    return _knn(X_train, y_train, X_test, k, metric="l1")
