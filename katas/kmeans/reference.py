"""Reference k-means: Lloyd's algorithm from the given centres, squared Euclidean distance."""

import numpy as np


def kmeans(X, init_centers, max_iter=100):
    X = np.asarray(X, dtype=np.float64)
    centers = np.array(init_centers, dtype=np.float64)  # a copy: the input stays unchanged
    labels = None
    for _ in range(max_iter):
        # assignment: squared distance of every point to every centre, shape (N, K)
        d = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
        new_labels = np.argmin(d, axis=1)  # argmin returns the first (lowest) index on ties
        if labels is not None and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        # update: each centre moves to the mean of its points; an empty cluster keeps its centre
        for k in range(len(centers)):
            members = X[labels == k]
            if len(members):
                centers[k] = members.mean(axis=0)
    return centers, labels.astype(np.int64)
