"""Golden cases for pca from sklearn.decomposition.PCA(n_components=k, svd_solver="full"):
components_ and explained_variance_.

Compared with "pca_subspaces": variances close, and per group of tied variances the rows span the
same subspace (signs and rotations inside a tied eigenspace are free). Cases where k would cut a
tied group (a valid answer then spans any k-dimensional part of it) are left out here; the kata's
own checks cover them.
"""

import numpy as np


def _orbit(points, i, j):
    out = []
    for p in np.asarray(points, dtype=np.float64):
        q = p.copy()
        for _ in range(4):
            out.append(q.copy())
            q[i], q[j] = -q[j], q[i]
    return np.array(out)


def generate(rng):
    from sklearn.decomposition import PCA

    cases = []

    def add(X, k, note):
        X = np.asarray(X, dtype=np.float64)
        full = np.linalg.eigvalsh(np.atleast_2d(np.cov(X, rowvar=False)))[::-1]
        if k < len(full) and abs(full[k - 1] - full[k]) <= 1e-9 * max(full[0], 1.0):
            raise ValueError(f"k = {k} cuts a tie: {note}")
        m = PCA(n_components=k, svd_solver="full").fit(X)
        cases.append({"function": "pca", "args": [X, k], "expected": (m.components_, m.explained_variance_),
                      "rtol": 1e-7, "atol": 1e-9, "compare": "pca_subspaces", "note": note})

    add([[1, 2], [3, 1], [0, 0], [4, 5]], 1, "the statement's example")
    add([[1, 2], [3, 1], [0, 0], [4, 5]], 2, "the statement's example, k = 2")
    add([[1], [3]], 1, "N = 2, D = 1")
    add([[0, 0], [4, 0], [0, 1], [4, 1]], 2, "axis-aligned data")
    add(_orbit([[1, 0]], 0, 1) + [3, 5], 2, "isotropic square: one tied pair, k takes all of it")
    add(_orbit([[2, 0, 1], [0, 0, 4]], 0, 1) + [1, -1, 2], 3, "tie in a plane of 3-D data, k = 3")
    add(_orbit([[2, 0, 1], [0, 0, 3]], 0, 1) + [1, -1, 2], 3, "three tied variances, k = 3")
    add(_orbit([[2, 0, 1], [0, 0, 4]], 0, 1) + [1, -1, 2], 1, "tie in a plane of 3-D data, k below the tie")
    add([[0, 1, 2], [2, 0, 1]], 1, "N = 2, D = 3")
    add([[2, 1, 0, 3], [0, 3, 1, 1], [1, 0, 4, 2], [3, 2, 2, 0], [5, 1, 1, 4]], 3, "general 4-D")
    for i in range(20):
        d = int(rng.integers(2, 6))
        n = int(rng.integers(d + 1, 12))  # N > D: no zero variances, so no tie for k to cut
        X = rng.normal(size=(n, d)) @ rng.normal(size=(d, d)) + 10 * rng.normal(size=d)
        add(X, int(rng.integers(1, min(n, d) + 1)), f"correlated gaussian data {i}")
    for i in range(8):
        n, d = int(rng.integers(2, 9)), int(rng.integers(1, 5))
        X = rng.integers(-8, 9, size=(n, d)) / 2 + rng.integers(-5, 6, size=d)
        for k in range(min(n, d), 0, -1):  # the largest k that does not cut a tie
            try:
                add(X, k, f"halves grid data {i}")
                break
            except ValueError:
                continue
    return cases
