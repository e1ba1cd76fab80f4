"""Reference PCA: eigen-decomposition of the sample covariance (N - 1), sklearn's explained_variance_."""

import numpy as np


def pca(X, k):
    X = np.asarray(X, dtype=np.float64)
    Xc = X - X.mean(axis=0)  # a new array: the input is not centred in place
    cov = Xc.T @ Xc / (len(X) - 1)  # (D, D) sample covariance
    vals, vecs = np.linalg.eigh(cov)  # ascending eigenvalues; eigenvectors are the COLUMNS of vecs
    top = np.argsort(vals)[::-1][:k]  # the k largest, largest first
    components = vecs[:, top].T  # (k, D): one principal direction per row
    explained_variance = np.clip(vals[top], 0.0, None)  # rounding can leave -1e-17 for a zero variance
    return components, explained_variance
