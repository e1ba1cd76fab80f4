"""Checks for knn: one valid label per test point, and exactly the reference's labels.

Coordinates are small integers or halves, so every squared distance is exact in any float width and
any formula (difference then square, or |a|^2 - 2 a.b + |b|^2): ties between distances are exact,
and the rules "lower training index first" and "smallest label on a tied vote" decide them. Training
sets are dense on a small grid, test points often sit on a training point or half-way between two,
so distance ties at the k-th neighbour and tied votes occur in most generated cases.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array


def _case(X_train, y_train, X_test, k):
    X_train = np.asarray(X_train, dtype=np.float64)
    X_train = X_train.reshape(len(X_train), -1)
    return {
        "X_train": X_train,
        "y_train": np.asarray(y_train, dtype=np.int64).reshape(len(X_train)),
        "X_test": np.asarray(X_test, dtype=np.float64).reshape(-1, X_train.shape[1]),
        "k": int(k),
    }


def edge_cases():
    return [
        # the statement's example: a general 2-D case
        _case([[0, 0], [1, 0], [0, 1], [3, 3], [4, 3], [3, 4]], [0, 0, 1, 1, 2, 2], [[0.5, 0.5], [3, 3], [2, 2]], 3),
        _case([[0], [1]], [1, 3], [[0]], 2),  # a tied vote: the smallest label, 1 (here also the nearest)
        _case([[0], [1]], [3, 1], [[0]], 2),  # a tied vote: the smallest label, 1 (the nearest has 3)
        _case([[0], [2], [2]], [2, 0, 1], [[1]], 1),  # three points at distance 1: index 0 comes first
        _case([[0], [2], [2], [5]], [1, 0, 2, 1], [[1]], 2),  # tie at the 2nd neighbour: indices 0 and 1
        _case([[2, 2], [3, 0]], [0, 1], [[0, 0]], 1),  # Euclidean: 8 < 9; L1 would pick the other (4 > 3)
        _case([[1, 1], [2, 2]], [0, 1], np.zeros((0, 2)), 1),  # M = 0: an empty result
        _case([[0], [1], [2], [3]], [2, 0, 2, 0], [[1.5], [10]], 4),  # k = N: 2 votes each, label 0
        _case([[0, 0], [1, 1], [0, 0], [5, 5]], [1, 0, 1, 0], [[0, 0], [1, 1]], 1),  # test points on training points
    ]


DIAGONAL = [(2, 2), (-2, 2), (2, -2), (-2, -2)]
AXIS = [(3, 0), (-3, 0), (0, 3), (0, -3)]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def rings(draw):
        """Training points on a diagonal ring (offsets (+-2, +-2): squared distance 8, L1 distance 4)
        and an axis ring ((+-3, 0), (0, +-3): squared distance 9, L1 distance 3) around the test point,
        in a random order: Euclidean and L1 distances disagree on which ring is nearer."""
        diag = draw(st.lists(st.sampled_from(range(4)), min_size=1, max_size=4, unique=True))
        axis = draw(st.lists(st.sampled_from(range(4)), min_size=1, max_size=4, unique=True))
        pts = [DIAGONAL[i] for i in diag] + [AXIS[i] for i in axis]
        labs = [draw(st.sampled_from([0, 0, 2])) for _ in diag] + [draw(st.sampled_from([1, 1, 2])) for _ in axis]
        order = draw(st.permutations(range(len(pts))))
        centre = np.array([draw(st.sampled_from([0, 3, 5])) for _ in range(2)], dtype=np.float64)
        X_train = np.array([pts[i] for i in order], dtype=np.float64) + centre
        y_train = [labs[i] for i in order]
        others = np.array([[0, 0], [1, 1], [3, 3]], dtype=np.float64) + centre
        X_test = np.vstack([centre, others[:draw(st.integers(0, 3))]])
        k = draw(st.sampled_from([v for v in (1, 2, 3, 4) if v <= len(diag)] or [1]))
        return _case(X_train, y_train, X_test, k)

    @st.composite
    def grid(draw):
        d = draw(st.sampled_from([1, 2, 2, 3]))
        n = draw(st.integers(2, 10))
        coord = st.sampled_from([0, 1, 2, 3])  # sampled_from draws evenly; integers() favours its ends
        X_train = np.array(draw(st.lists(coord, min_size=n * d, max_size=n * d)), dtype=np.float64).reshape(n, d)
        n_labels = draw(st.sampled_from([2, 2, 3, 3, 4, 1]))
        y_train = draw(st.lists(st.sampled_from(range(n_labels)), min_size=n, max_size=n))
        m = draw(st.integers(1, 6))
        tests = []
        for _ in range(m):
            kind = draw(st.sampled_from([0, 1, 2]))
            if kind == 0:  # on a training point
                tests.append(X_train[draw(st.integers(0, n - 1))])
            elif kind == 1:  # half-way between two training points: equidistant from both
                a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
                tests.append((X_train[a] + X_train[b]) / 2)
            else:
                tests.append(np.array(draw(st.lists(st.sampled_from(range(-2, 6)), min_size=d, max_size=d)), dtype=np.float64))
        k = draw(st.sampled_from([v for v in (2, 3, 1, 4, 5, 6) if v <= n]))
        return _case(X_train, y_train, np.array(tests).reshape(m, d), k)

    return st.one_of(grid(), grid(), rings())


def call(sub, case):
    return {"labels": sub.knn_predict(case["X_train"], case["y_train"], case["X_test"], case["k"])}


def _labels(case, got):
    m = len(case["X_test"])
    lab = as_array(got["labels"], "labels", kinds="iu")
    if lab.size == 0 and m == 0:
        return np.zeros(0, dtype=np.int64)
    if lab.shape != (m,):
        raise Mismatch(
            f"`labels` has shape {lab.shape}, expected (M,) = ({m},): one label per test point",
            f"`labels` 的 shape 为 {lab.shape}，应为 (M,) = ({m},)：每个测试点一个标签",
        )
    return lab.astype(np.int64)


def neighbours(case, i):
    """Indices of the k nearest training points of test point i, by the contract's rules."""
    d2 = ((case["X_train"] - case["X_test"][i]) ** 2).sum(axis=1)
    return np.argsort(d2, kind="stable")[:case["k"]], d2


def check_labels(case, got, want):
    lab = _labels(case, got)
    known = set(case["y_train"].tolist())
    for i, v in enumerate(lab.tolist()):
        if v not in known:
            raise Mismatch(
                f"test point {i} got label {v}, which is not a label of any training point ({sorted(known)})",
                f"测试点 {i} 的标签为 {v}，它不是任何训练点的标签（{sorted(known)}）",
            )


def check_predictions(case, got, want):
    lab = _labels(case, got)
    expected = np.asarray(want["labels"]).astype(np.int64).reshape(-1)
    wrong = np.flatnonzero(lab != expected)
    if not len(wrong):
        return
    i = int(wrong[0])
    idx, d2 = neighbours(case, i)
    labels = case["y_train"][idx]
    votes = {int(c): int((labels == c).sum()) for c in np.unique(labels)}
    dist = ", ".join(f"{np.sqrt(d2[j]):.4g}" for j in idx)
    raise Mismatch(
        f"test point {i} got label {lab[i]}, expected {expected[i]}: its {case['k']} nearest training points are "
        f"{idx.tolist()} (distances {dist}; on equal distances the lower index first), with labels "
        f"{labels.tolist()}, so the votes are {votes} and a tie in votes goes to the smallest label",
        f"测试点 {i} 的标签为 {lab[i]}，应为 {expected[i]}：它最近的 {case['k']} 个训练点是 {idx.tolist()}"
        f"（距离 {dist}；距离相等时下标小的在前），标签为 {labels.tolist()}，所以票数为 {votes}，票数相同时取最小的标签",
    )


def same(a, b):
    """Two results agree when they predict the same labels."""
    try:
        x = np.asarray(a["labels"]).reshape(-1)
        y = np.asarray(b["labels"]).reshape(-1)
        return x.shape == y.shape and bool((x.astype(np.int64) == y.astype(np.int64)).all())
    except (TypeError, ValueError, KeyError):
        return False


def bench(rng):
    """10,000 labelled points in 16-D around 10 class centres, 100 query points, k = 5. (The reference
    forms every (query, training point, coordinate) difference at once, 16 million of them here.)"""
    centres = rng.standard_normal((10, 16)) * 3
    y_train = rng.integers(0, 10, 10_000)
    X_train = centres[y_train] + rng.standard_normal((10_000, 16))
    X_test = centres[rng.integers(0, 10, 100)] + rng.standard_normal((100, 16))
    return _case(X_train, y_train, X_test, 5), "10,000 training points x 100 queries in 16-D, k = 5"


KATA = api.Kata(
    call=call,
    checks=[check_labels, check_predictions],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
