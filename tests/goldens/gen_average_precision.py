"""Golden cases for average_precision from sklearn.metrics.average_precision_score: the kata's edge
cases and random score vectors, many with groups of equal scores mixing positives and negatives."""

import numpy as np


def generate(rng):
    from sklearn.metrics import average_precision_score

    cases = []

    def add(scores, labels, note, dtype="int64"):
        s = np.asarray(scores, dtype=np.float64)
        y = np.asarray(labels).astype(dtype)
        want = float(average_precision_score(y.astype(np.int64), s))
        cases.append({"function": "average_precision", "args": [s, y], "expected": want, "rtol": 1e-12,
                      "atol": 1e-12, "note": note})

    add([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], "sklearn's documented example: 5/6")
    add([0.5, 1.0, 0.5, 0.5, 0.25, 0.0], [1, 0, 1, 0, 1, 0], "the statement's example: 8/15", "float64")
    add([1.0, 1.0], [1, 0], "one tied group")
    add([0.75], [1], "a single positive")
    add([0.5, 0.5, 0.5], [True, True, True], "all positive and tied", "bool")
    add([2.0, -1.0, 0.5, 0.5, -1.0, 0.5, 2.0], [0, 1, 1, 0, 0, 1, 0], "ties in three groups", "int32")
    add([-1e4, 3e3, 1e4, 0.0, 5e3], [0, 1, 0, 1, 0], "large scores, no ties", "uint8")
    for i in range(22):
        n = int(rng.integers(1, 30))
        levels = np.array([0.0, 0.5, 1.0, 0.25, -1.0, 2.0])[: rng.integers(1, 7)]
        s = rng.choice(levels, n)
        y = rng.integers(0, 2, n)
        if y.max() == 0:
            y[0] = 1
        add(s, y, f"random tied levels {i}", ["int64", "bool", "float32"][i % 3])
    for i in range(10):
        n = int(rng.integers(1, 60))
        s = rng.normal(size=n).astype(np.float32)
        y = rng.integers(0, 2, n)
        if y.max() == 0:
            y[0] = 1
        add(s, y, f"random continuous scores {i}")
    return cases
