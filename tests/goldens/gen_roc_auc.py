"""Golden cases for roc_auc from sklearn.metrics.roc_auc_score: the kata's edge cases and random
score vectors, many with tied scores across the two classes."""

import numpy as np


def generate(rng):
    from sklearn.metrics import roc_auc_score

    cases = []

    def add(scores, labels, note, dtype="int64"):
        s = np.asarray(scores, dtype=np.float64)
        y = np.asarray(labels).astype(dtype)
        want = float(roc_auc_score(y.astype(np.int64), s))
        cases.append({"function": "roc_auc", "args": [s, y], "expected": want, "rtol": 1e-12, "atol": 1e-12,
                      "note": note})

    add([0.25, 0.75], [0, 1], "one pair, correct")
    add([0.75, 0.25], [0, 1], "one pair, wrong way round")
    add([0.5, 0.5], [1, 0], "one tied pair")
    add([0.9, 0.8, 0.4, 0.7, 0.3, 0.2], [1, 1, 1, 0, 0, 0], "det.auc-ranking: 8/9")
    add([1, 1, 1, 1], [True, False, False, True], "all scores equal, bool labels", "bool")
    add([0.5, 0.5, 0.5, 0.5, 0.0], [1, 0, 1, 1, 0], "tied positives on both sides of a negative", "float64")
    add([2, 0.5, 0.5, -1, 0.5, 2, -1], [0, 1, 0, 1, 1, 1, 0], "ties in two groups", "int32")
    add([-1e4, 3e3, 1e4, 0.0], [0, 1, 1, 0], "large scores", "uint8")
    add([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0], "the statement's example: 0.875")
    for i in range(20):
        n = int(rng.integers(2, 30))
        levels = np.array([0.0, 0.5, 1.0, 0.25, -1.0, 2.0])[: rng.integers(1, 7)]
        s = rng.choice(levels, n)
        y = rng.integers(0, 2, n)
        if y.min() == y.max():
            y[0] = 1 - y[0]
        add(s, y, f"random tied levels {i}", ["int64", "bool", "float32"][i % 3])
    for i in range(10):
        n = int(rng.integers(2, 60))
        s = rng.normal(size=n).astype(np.float32)
        y = rng.integers(0, 2, n)
        if y.min() == y.max():
            y[0] = 1 - y[0]
        add(s, y, f"random continuous scores {i}")
    return cases
