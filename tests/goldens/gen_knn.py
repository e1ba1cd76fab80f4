"""Golden cases for knn from sklearn.neighbors.KNeighborsClassifier(n_neighbors=k, algorithm="brute").

sklearn breaks a tied vote the kata's way (smallest label), but orders training points at equal
distance its own way, not by index: only inputs where no test point has a distance tie at its k-th
neighbour are stored (then the k nearest are the same set under any tie order). M = 0 is left to the
kata's own checks (sklearn refuses an empty X_test).
"""

import numpy as np


def _boundary_tie(X, T, k):
    for t in T:
        d2 = np.sort(((X - t) ** 2).sum(axis=1))
        if k < len(X) and d2[k - 1] == d2[k]:
            return True
    return False


def generate(rng):
    from sklearn.neighbors import KNeighborsClassifier

    cases = []

    def add(X, y, T, k, note):
        X = np.asarray(X, dtype=np.float64)
        X = X.reshape(len(X), -1)
        y = np.asarray(y, dtype=np.int64)
        T = np.asarray(T, dtype=np.float64).reshape(-1, X.shape[1])
        if _boundary_tie(X, T, k):
            return False
        want = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X, y).predict(T).astype(np.int64)
        cases.append({"function": "knn_predict", "args": [X, y, T, k], "expected": want, "rtol": 0.0, "atol": 0.0,
                      "note": note})
        return True

    assert add([[0], [1]], [3, 1], [[0]], 2, "a tied vote: the smallest label")
    assert add([[2, 2], [3, 0]], [0, 1], [[0, 0]], 1, "Euclidean, not L1")
    assert add([[0], [1], [2], [3]], [2, 0, 2, 0], [[1.5], [10]], 4, "k = N, tied votes")
    assert add([[0, 0], [1, 1], [0, 0], [5, 5]], [1, 0, 1, 0], [[0, 0], [5, 5]], 2, "test points on training points")
    assert add([[0, 0], [1, 0], [0, 1], [3, 3], [4, 3], [3, 4]], [0, 0, 1, 1, 2, 2], [[0.5, 0.5], [3, 3]], 3,
               "the statement's example without its tied last point")
    made = 0
    while made < 30:
        d, n = int(rng.integers(1, 4)), int(rng.integers(2, 15))
        if made % 2:
            X, T = rng.normal(size=(n, d)), rng.normal(size=(int(rng.integers(1, 6)), d))
        else:
            X = rng.integers(0, 5, (n, d)).astype(float)
            T = rng.integers(-1, 6, (int(rng.integers(1, 6)), d)).astype(float)
        y = rng.integers(0, int(rng.integers(2, 5)), n)
        made += add(X, y, T, int(rng.integers(1, n + 1)), f"random {'continuous' if made % 2 else 'grid'} {made}")
    return cases
