"""Classic PCA mistakes, one function per mistake id in kata.yaml; each has exactly one bug."""

import numpy as np


def _pca(X, k, *, centre=True, ddof=1, rows=False, ascending=False, singular=False):
    X = np.asarray(X, dtype=np.float64)
    Xc = X - X.mean(axis=0) if centre else X
    n = len(X)
    if singular:
        _, s, vt = np.linalg.svd(Xc, full_matrices=False)
        return vt[:k], s[:k]  # sorted descending already; s is not a variance
    vals, vecs = np.linalg.eigh(Xc.T @ Xc / (n - ddof))
    order = np.argsort(vals)
    if not ascending:
        order = order[::-1]
    top = order[:k]
    components = vecs[top] if rows else vecs[:, top].T
    return components, np.clip(vals[top], 0.0, None)


def no_centring(X, k):
    return _pca(X, k, centre=False)


def divide_by_n(X, k):
    return _pca(X, k, ddof=0)


def eigenvector_rows(X, k):
    return _pca(X, k, rows=True)


def ascending_order(X, k):
    return _pca(X, k, ascending=True)


def singular_values(X, k):
    return _pca(X, k, singular=True)
