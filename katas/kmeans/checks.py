"""Checks for kmeans: the result must be the Lloyd fixed point reached from the given centres.

Inputs live on a small integer grid, so every distance at the first assignment is an exact small
integer in any formula and in float32 or float64: ties there are exact, and must go to the lowest
centre index. After averaging, a centre such as 4/3 is rounded, and `sum((x - c)**2)` and the
expansion `|x|^2 - 2 x.c + |c|^2` can break an exact tie differently. The checks replay Lloyd's
algorithm here and note whether such an uncertain near-tie was met; only then may the labels differ
from the reference's, and the result must still be a valid fixed point (every label a nearest
centre, every non-empty centre the mean of its points).

The grader always calls with max_iter=100 (the default): on these inputs Lloyd's algorithm settles
long before that, so "update then reassign" and "reassign then update" loops, and every way of
counting iterations, reach the same result.
"""

import numpy as np

from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close, close_enough, unpack

MAX_ITER = 100
RTOL = ATOL = 1e-6  # centres against the reference and against the mean of their points
NEAR_TIE = 1e-9  # relative gap under which two distances count as tied in the replay below
ARGMIN_TOL = 1e-6  # relative slack when checking that a label is a nearest centre (float32 centres)
GRID = 6  # coordinates are integers in [0, GRID]


def _case(X, init_centers):
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(len(X), -1)
    init = np.asarray(init_centers, dtype=np.float64).reshape(-1, X.shape[1])
    return {"X": X, "init_centers": init, "max_iter": MAX_ITER}


# 1-D inputs on which a cluster that had points loses them all later (found by exhaustive search);
# reflected, re-ordered and embedded in up to 3-D by the strategy, which keeps every distance.
BECOMES_EMPTY = [
    ((0, 3, 4), (0, 0, 6)), ((1, 2, 5), (4, 0, 4)), ((1, 3, 4), (0, 6, 1)), ((1, 1, 2, 5, 6), (4, 0, 6)),
    ((1, 2, 2, 3, 6), (5, 5, 1)), ((0, 1, 1, 3, 4), (1, 1, 6)), ((2, 3, 6, 6), (6, 6, 6, 0)),
    ((2, 3, 5, 6), (5, 0, 5, 1)), ((2, 2, 4, 5), (2, 0, 2, 6)), ((1, 2, 4, 5), (6, 0, 3, 3)),
]


def edge_cases():
    return [
        _case([[2]], [[0]]),  # N = 1, K = 1
        _case([[1]], [[0], [2]]),  # a tie at the first assignment: the lower index wins
        _case([[0], [1], [3]], [[1], [1]]),  # identical initial centres: all tie, centre 1 starts empty
        _case([[0], [0], [4]], [[0], [4], [5]]),  # duplicate points; centre 2 never gets a point, keeps [5]
        _case([[0], [3], [4]], [[0], [0], [6]]),  # cluster 0 has points, then loses them and keeps [1.5]
        _case([[0, 0]], [[2, 2], [3, 0]]),  # nearest by squared distance (8 < 9), not by L1 (4 > 3)
        _case([[1, 1], [1, 1], [1, 1]], [[0, 0], [2, 2]]),  # all points equal, all tied
        _case([[0, 0], [1, 0], [0, 3]], [[0, 0], [1, 0], [0, 3]]),  # K = N, centres on the points
        _case([[0, 0, 0], [2, 0, 0], [0, 2, 1], [5, 5, 5]], [[0, 0, 0], [5, 5, 5], [1, 1, 1]]),  # D = 3
        _case([[0, 0], [0, 2], [4, 0], [4, 2], [2, 1]], [[0, 1], [4, 1], [2, 1], [2, 1]]),  # several rounds
    ]


def cases():
    from hypothesis import strategies as st

    coord = st.integers(0, GRID)

    def general(draw):
        n = draw(st.integers(1, 10))
        k = draw(st.integers(1, 4))
        d = draw(st.integers(1, 3))
        X = np.array(draw(st.lists(coord, min_size=n * d, max_size=n * d)), dtype=np.float64).reshape(n, d)
        # each centre is a data point (as in practice) or any grid point; centres may repeat
        rows = []
        for _ in range(k):
            fresh = draw(st.booleans())
            rows.append(draw(st.lists(coord, min_size=d, max_size=d)) if fresh else X[draw(st.integers(0, n - 1))])
        return _case(X, rows)

    def becomes_empty(draw):
        xs, cs = draw(st.sampled_from(BECOMES_EMPTY))
        xs, cs = np.array(xs, dtype=np.float64), np.array(cs, dtype=np.float64)
        if draw(st.booleans()):
            xs, cs = GRID - xs, GRID - cs
        xs = xs[draw(st.permutations(range(len(xs))))]
        d = draw(st.integers(1, 3))
        axis = draw(st.integers(0, d - 1))
        rest = np.array(draw(st.lists(coord, min_size=d, max_size=d)), dtype=np.float64)
        X, C = np.tile(rest, (len(xs), 1)), np.tile(rest, (len(cs), 1))
        X[:, axis], C[:, axis] = xs, cs
        return _case(X, C)

    @st.composite
    def draw(draw):
        return becomes_empty(draw) if draw(st.integers(0, 5)) == 5 else general(draw)

    return draw()


def call(sub, case):
    centers, labels = unpack(sub.kmeans(case["X"], case["init_centers"], case["max_iter"]), 2, "kmeans")
    return {"centers": centers, "labels": labels}


# ---- a replay of Lloyd's algorithm that notes uncertain near-ties -------------------------------

def _sq_dist(X, centers):
    return ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)


def replay(X, init, max_iter=MAX_ITER):
    """Lloyd's algorithm as in the statement; returns (centers, labels, uncertain).

    `uncertain` is True when some assignment met a near-tie (gap <= NEAR_TIE relative) involving a
    centre whose value may be rounded differently by another correct implementation: a centre is
    certain while it still holds its initial grid value or is the mean of one or two grid points
    (exact in any formula, any float width). Ties between certain centres are exact everywhere.
    """
    centers = init.astype(np.float64).copy()
    certain = np.ones(len(centers), dtype=bool)
    labels, uncertain = None, False
    for _ in range(max_iter):
        d = _sq_dist(X, centers)
        best = d.min(axis=1, keepdims=True)
        near = d - best <= NEAR_TIE * np.maximum(best, 1.0)
        tied = near.sum(axis=1) > 1
        if (tied & (near & ~certain[None, :]).any(axis=1)).any():
            uncertain = True
        new = np.argmin(d, axis=1)
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for k in range(len(centers)):
            members = X[labels == k]
            if len(members):
                centers[k] = members.mean(axis=0)
                certain[k] = len(members) <= 2
    return centers, labels, uncertain


# ---- reading the submission's outputs -------------------------------------------------------

def _centers(case, got):
    k, dim = case["init_centers"].shape
    c = as_array(got["centers"], "centers", ndim=2, kinds="f")
    if c.shape != (k, dim):
        raise Mismatch(
            f"`centers` has shape {c.shape}, expected (K, D) = {(k, dim)}",
            f"`centers` 的 shape 为 {c.shape}，应为 (K, D) = {(k, dim)}",
        )
    return c.astype(np.float64)


def _labels(case, got):
    n, k = len(case["X"]), len(case["init_centers"])
    lab = as_array(got["labels"], "labels", ndim=1, kinds="iu")
    if lab.shape != (n,):
        raise Mismatch(
            f"`labels` has shape {lab.shape}, expected (N,) = ({n},)",
            f"`labels` 的 shape 为 {lab.shape}，应为 (N,) = ({n},)",
        )
    bad = [int(v) for v in lab if not 0 <= v < k]
    if bad:
        raise Mismatch(
            f"label {bad[0]} is out of range: there are {k} centres, so labels must be in [0, {k})",
            f"标签 {bad[0]} 越界：共有 {k} 个中心，标签应在 [0, {k}) 内",
        )
    return lab.astype(np.int64)


def _fixed_point_problem(case, centers, labels):
    """None when (centers, labels) is a Lloyd fixed point, else (en, zh) describing the first problem."""
    X = case["X"]
    d = _sq_dist(X, centers)
    best = d.min(axis=1)
    for i in range(len(X)):
        j = labels[i]
        if d[i, j] > best[i] + ARGMIN_TOL * max(best[i], 1.0):
            near = int(np.argmin(d[i]))
            return (
                f"point {i} has label {j}, but centre {near} is nearer to it "
                f"(squared distance {d[i, near]:.6g} instead of {d[i, j]:.6g}): "
                f"the labels are not the nearest centres of the returned `centers`",
                f"点 {i} 的标签是 {j}，但中心 {near} 离它更近（平方距离 {d[i, near]:.6g}，而不是 {d[i, j]:.6g}）："
                f"标签不是返回的 `centers` 中最近的中心",
            )
    for k in range(len(centers)):
        members = X[labels == k]
        if len(members) and not close_enough(centers[k], members.mean(axis=0), rtol=RTOL, atol=ATOL):
            mean = np.array2string(members.mean(axis=0), precision=6, separator=", ")
            got = np.array2string(centers[k], precision=6, separator=", ")
            return (
                f"centre {k} is {got}, but the mean of its {len(members)} point(s) is {mean}: "
                f"once the labels stop changing, every centre with points is the mean of those points",
                f"中心 {k} 为 {got}，但属于它的 {len(members)} 个点的均值是 {mean}：标签不再变化时，每个非空簇的中心都应是其中点的均值",
            )
    return None


# ---- checks -----------------------------------------------------------------------------------

def check_centers(case, got, want):
    c = _centers(case, got)
    if np.isnan(c).any() or np.isinf(c).any():
        k = int(np.argwhere(~np.isfinite(c))[0][0])
        raise Mismatch(
            f"centre {k} contains NaN or inf: an empty cluster must keep its previous centre "
            f"(the mean of an empty set is NaN)",
            f"中心 {k} 含有 NaN 或 inf：空簇应保留上一轮的中心（空集合的均值是 NaN）",
        )


def check_labels(case, got, want):
    _labels(case, got)


def check_fixed_point(case, got, want):
    problem = _fixed_point_problem(case, _centers(case, got), _labels(case, got))
    if problem:
        raise Mismatch(*problem)


def check_matches_reference(case, got, want):
    centers, labels = _centers(case, got), _labels(case, got)
    want_labels = np.asarray(want["labels"]).astype(np.int64)
    if np.array_equal(labels, want_labels):
        try:
            assert_close(centers, want["centers"], "centers", rtol=RTOL, atol=ATOL)
            return
        except Mismatch as mismatch:
            if _uncertain(case) and _fixed_point_problem(case, centers, labels) is None:
                return  # an uncertain tie earlier on can leave a different centre in a cluster now empty
            raise _centers_mismatch(centers, labels, want["centers"], mismatch) from None
    if _uncertain(case) and _fixed_point_problem(case, centers, labels) is None:
        return  # an uncertain near-tie may be broken either way; any valid fixed point is accepted
    i = int(np.argmax(labels != want_labels))
    head_en = f"point {i} has label {labels[i]}, expected {want_labels[i]}"
    head_zh = f"点 {i} 的标签为 {labels[i]}，应为 {want_labels[i]}"
    d0 = _sq_dist(case["X"][i:i + 1], case["init_centers"])[0]
    tied = [int(j) for j in np.flatnonzero(d0 == d0.min())]
    if len(tied) > 1 and want_labels[i] == tied[0] and labels[i] in tied:
        raise Mismatch(
            f"{head_en}: at the first assignment point {i} is equally far from centres {tied}, "
            f"and a tie goes to the lowest index",
            f"{head_zh}：第一次分配时点 {i} 到中心 {tied} 的距离相同，平局应取下标最小的中心",
        )
    raise Mismatch(
        f"{head_en}: this is a settled state, but not the one Lloyd's algorithm reaches from init_centers "
        f"(nearest centre by squared Euclidean distance, centres moved to means, until the labels stop changing)",
        f"{head_zh}：这是一个收敛状态，但不是从 init_centers 出发的 Lloyd 算法得到的结果"
        f"（按平方欧氏距离找最近中心，中心移到均值，直到标签不再变化）",
    )


def _centers_mismatch(centers, labels, want_centers, mismatch):
    """The labels agree but a centre does not: say so plainly when that centre has no points."""
    k = int(mismatch.diff.first_index[0]) if mismatch.diff and mismatch.diff.first_index else None
    if k is None or (labels == k).any():
        return mismatch
    got = np.array2string(centers[k], precision=6, separator=", ")
    want = np.array2string(np.asarray(want_centers)[k], precision=6, separator=", ")
    return Mismatch(
        f"centre {k} has no points and should keep its previous value {want}, got {got}",
        f"中心 {k} 没有分到任何点，应保留上一轮的值 {want}，实际为 {got}",
        mismatch.diff,
    )


def _uncertain(case):
    return replay(case["X"], case["init_centers"], case["max_iter"])[2]




def same(a, b):
    """Two results agree when the labels are equal and the centres close (NaN equals NaN)."""
    try:
        la = np.asarray(a["labels"])
        lb = np.asarray(b["labels"])
        if la.shape != lb.shape or not bool((la == lb).all()):
            return False
        return close_enough(a["centers"], b["centers"], rtol=RTOL, atol=ATOL)
    except (TypeError, ValueError, KeyError):
        return False


def bench(rng):
    """10,000 points in 2-D around 8 clusters, from 8 data points as the initial centres."""
    centres = rng.uniform(-10, 10, (8, 2))
    X = np.concatenate([c + rng.standard_normal((1250, 2)) for c in centres])
    return _case(X, X[rng.choice(len(X), 8, replace=False)]), "10,000 points in 2-D, K = 8"


KATA = api.Kata(
    call=call,
    checks=[check_centers, check_labels, check_fixed_point, check_matches_reference],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=150,
    bench=bench,
    ambiguous=_uncertain,  # a near-tie between averaged centres may be broken either way
)
