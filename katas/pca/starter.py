"""Principal component analysis.

Run `dlprep kata pca` to grade this file, `dlprep kata pca --show` for the full statement.
"""

import numpy as np


def pca(X, k):
    """The top-k principal directions of X and the variance along each.

    X: float array (N, D) with N >= 2; k: int with 1 <= k <= min(N, D).

    Centre X (subtract the column means), then find the k directions of largest variance.

    Returns (components, explained_variance): components is a float array (k, D) whose rows are
    orthonormal principal directions (any sign), largest variance first; explained_variance is a
    float array (k,), in decreasing order, the variance along each direction with the N - 1
    denominator (sklearn's PCA.explained_variance_). Do not modify the inputs.
    """
    # TODO: centre, covariance (or SVD), sort the directions by variance, keep k.
    raise NotImplementedError("pca")
