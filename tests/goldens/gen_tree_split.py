"""Golden cases for tree_split from sklearn.tree.DecisionTreeClassifier(max_depth=1): the root's
feature, threshold and impurity decrease (its impurity minus the size-weighted impurities of the two
children).

sklearn breaks ties by a random feature order and does not split a pure node, so only inputs whose
best split is unique with a positive gain are stored; a node whose features are all constant is a
leaf for sklearn, stored as the kata's (None, None, 0.0). Values are dyadic, so sklearn's float32
copy of X and its midpoint thresholds are exact.
"""

import numpy as np

VALUES = [0, 1, 2, 3, 0.5, 4, 1.5, -1, 2.5, 6]


def _gini(y):
    p = np.unique(y, return_counts=True)[1] / len(y)
    return 1.0 - (p * p).sum()


def _gains(X, y):
    out = []
    for j in range(X.shape[1]):
        v = np.unique(X[:, j])
        for t in (v[:-1] + v[1:]) / 2:
            left = X[:, j] <= t
            out.append(_gini(y) - left.mean() * _gini(y[left]) - (1 - left.mean()) * _gini(y[~left]))
    return np.array(out)


def generate(rng):
    from sklearn.tree import DecisionTreeClassifier

    cases = []

    def add(X, y, note):
        X = np.asarray(X, dtype=np.float64)
        X = X.reshape(len(X), -1)
        y = np.asarray(y, dtype=np.int64)
        gains = _gains(X, y)
        if len(gains) and (gains.max() <= 1e-12 or np.sum(gains >= gains.max() - 1e-9) > 1):
            return False  # a tie or a pure node: sklearn's choice is not the contract's
        tree = DecisionTreeClassifier(max_depth=1, random_state=0).fit(X, y).tree_
        if tree.feature[0] < 0:
            expected = (None, None, 0.0)
        else:
            w = tree.weighted_n_node_samples
            gain = tree.impurity[0] - (w[1] * tree.impurity[1] + w[2] * tree.impurity[2]) / w[0]
            expected = (int(tree.feature[0]), float(tree.threshold[0]), float(gain))
        cases.append({"function": "best_split", "args": [X, y], "expected": expected, "rtol": 1e-9, "atol": 1e-12,
                      "note": note})
        return True

    assert add([[1, 5], [2, 4], [3, 4], [4, 6], [5, 5]], [0, 0, 1, 1, 1], "the statement's example")
    assert add([[1, 2], [1, 2], [1, 2]], [0, 1, 0], "all features constant: a leaf for sklearn")
    assert add([[0], [4]], [0, 1], "the threshold is the midpoint")
    assert add([[0, 3], [1, 2], [2, 1], [3, 0], [4, 4], [5, 5]], [0, 0, 0, 1, 2, 2], "three classes")
    assert add([[1], [2], [3], [4], [5], [6], [7], [8]], [0, 0, 0, 0, 0, 0, 1, 0], "unbalanced children")
    made = 0
    while made < 35:
        n, d = int(rng.integers(2, 16)), int(rng.integers(1, 5))
        X = rng.choice(VALUES, size=(n, d))
        y = rng.integers(0, int(rng.integers(2, 4)), n)
        made += add(X, y, f"random {made}")
    return cases
