"""Checks for tree_split: the result's form, "no split" exactly when every feature is constant, a
midpoint threshold, a gain that is the Gini gain of the returned split, and the best split under the
tie rule.

Values are small integers or halves, so midpoints are exact in float32 and float64. With N <= 12 two
different Gini gains differ by more than 1e-5, far above the 1e-9 tie tolerance: every tie in these
inputs is exact. Ties are frequent by design: features repeat or mirror other features, label patterns
are often symmetric, and some nodes are pure (every gain 0).
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, unpack


TIE = 1e-9
GAIN_TOL = 1e-6  # |got - expected| <= GAIN_TOL * (1 + |expected|) for the returned gain
THR_TOL = 1e-9


def _case(X, y):
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(len(X), -1)
    return {"X": X, "y": np.asarray(y, dtype=np.int64).reshape(len(X))}


def edge_cases():
    return [
        _case([[1, 5], [2, 4], [3, 4], [4, 6], [5, 5]], [0, 0, 1, 1, 1]),  # the statement's example
        _case([[1, 2], [1, 2], [1, 2]], [0, 1, 0]),  # every feature constant: (None, None, 0.0)
        _case([[3, -1]], [1]),  # N = 1: no split
        _case([[0], [1], [2], [3]], [0, 1, 1, 0]),  # thresholds 0.5 and 2.5 tie (gain 1/6): 0.5
        _case([[0, 0], [1, 1], [2, 2], [3, 3]], [0, 0, 1, 1]),  # two identical features tie: feature 0
        _case([[5, 1], [5, 2], [5, 3]], [1, 1, 1]),  # pure node: every gain 0, feature 0 is constant -> (1, 1.5, 0)
        _case([[0], [4]], [0, 1]),  # the threshold is the midpoint 2, not 0 or 4
        _case([[0, 3], [1, 2], [2, 1], [3, 0], [4, 4], [5, 5]], [0, 0, 0, 1, 2, 2]),  # three classes
        _case([[1], [2], [3], [4], [5], [6], [7], [8]], [0, 0, 0, 0, 0, 0, 1, 0]),  # unbalanced children
    ]


VALUES = [0, 1, 2, 3, 0.5, 4, 1.5, -1]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def split_case(draw):
        n = draw(st.sampled_from([4, 6, 5, 8, 3, 10, 12, 2, 1]))
        d = draw(st.sampled_from([1, 2, 2, 3, 3]))
        columns = []
        for j in range(d):
            kind = draw(st.sampled_from(["values", "values", "copy", "mirror", "constant"] if j else
                                        ["values", "values", "values", "constant"]))
            if kind == "copy":  # the same partitions as an earlier feature: exact ties between features
                columns.append(columns[draw(st.sampled_from(range(j)))].copy())
            elif kind == "mirror":  # reversed order: the same gains at other thresholds
                columns.append(3.0 - columns[draw(st.sampled_from(range(j)))])
            elif kind == "constant":
                columns.append(np.full(n, float(draw(st.sampled_from(VALUES)))))
            else:
                col = np.array(draw(st.lists(st.sampled_from(VALUES), min_size=n, max_size=n)), dtype=np.float64)
                if n > 1 and (col == col[0]).all():  # random lists repeat a value often: keep "constant" its own kind
                    col[draw(st.integers(0, n - 1))] = VALUES[(VALUES.index(col[0]) + 1) % len(VALUES)]
                columns.append(col)
        classes = draw(st.sampled_from([2, 2, 2, 3, 1]))  # 1: a pure node, every gain is 0
        labels = draw(st.lists(st.sampled_from(range(classes)), min_size=n, max_size=n))
        if classes > 1 and n > 1 and len(set(labels)) == 1:  # keep pure nodes for classes == 1
            labels[draw(st.integers(0, n - 1))] = (labels[0] + 1) % classes
        if draw(st.booleans()):  # a palindrome of labels on the sorted first feature: symmetric gains
            order = np.argsort(columns[0], kind="stable")
            y = np.array(labels)
            half = y[order][: (n + 1) // 2]
            y[order] = np.concatenate([half, half[: n // 2][::-1]])
            labels = y
        return _case(np.column_stack(columns), labels)

    return split_case()


def call(sub, case):
    feature, threshold, gain = unpack(sub.best_split(case["X"], case["y"]), 3, "best_split")
    return {"feature": feature, "threshold": threshold, "gain": gain}


# ---- helpers in the grader -----------------------------------------------------------------------

def gini(y):
    if len(y) == 0:
        return 0.0
    p = np.unique(y, return_counts=True)[1] / len(y)
    return float(1.0 - (p * p).sum())


def split_gain(case, j, t):
    """Gini gain of the split x[:, j] <= t, straight from the definition."""
    X, y = case["X"], case["y"]
    left = X[:, j] <= t
    n, nl = len(y), int(left.sum())
    return gini(y) - nl / n * gini(y[left]) - (n - nl) / n * gini(y[~left])


def all_splits(case):
    """(feature, threshold, gain) of every candidate, feature-major, thresholds ascending."""
    out = []
    for j in range(case["X"].shape[1]):
        v = np.unique(case["X"][:, j])
        for t in (v[:-1] + v[1:]) / 2:
            out.append((j, float(t), split_gain(case, j, t)))
    return out


def _read(case, got):
    """(feature, threshold, gain) as (int or None, float or None, float); Mismatch on a malformed result."""
    f, t, g = got["feature"], got["threshold"], got["gain"]
    gain = as_array(g, "gain", kinds="iuf")
    if gain.shape != ():
        raise Mismatch(f"`gain` has shape {gain.shape}, expected a scalar", f"`gain` 的 shape 为 {gain.shape}，应为标量")
    if (f is None) != (t is None):
        raise Mismatch(
            "`feature` and `threshold` must both be None (no split) or both be set",
            "`feature` 和 `threshold` 要么都为 None（无法划分），要么都有值",
        )
    if f is None:
        return None, None, float(gain)
    feature = as_array(f, "feature", kinds="iu")
    threshold = as_array(t, "threshold", kinds="iuf")
    if feature.shape != () or threshold.shape != ():
        raise Mismatch("`feature` and `threshold` must be scalars", "`feature` 和 `threshold` 应为标量")
    d = case["X"].shape[1]
    if not 0 <= int(feature) < d:
        raise Mismatch(f"feature {int(feature)} is out of range for D = {d}", f"特征下标 {int(feature)} 超出范围（D = {d}）")
    return int(feature), float(threshold), float(gain)


def _constant(case):
    X = case["X"]
    return bool((X == X[:1]).all())


def _describe(j, t):
    return f"x[:, {j}] <= {t:g}"


# ---- checks --------------------------------------------------------------------------------------

def check_result(case, got, want):
    _read(case, got)


def check_no_split(case, got, want):
    f, t, g = _read(case, got)
    if _constant(case) and (f is not None or g != 0):
        raise Mismatch(
            f"every feature is constant, so no threshold separates the samples: expected (None, None, 0.0), "
            f"got ({f}, {t}, {g:g})",
            f"所有特征都是常数，没有阈值能把样本分开：应返回 (None, None, 0.0)，实际为 ({f}, {t}, {g:g})",
        )
    if not _constant(case) and f is None:
        j = int(np.argmax([len(np.unique(c)) > 1 for c in case["X"].T]))
        raise Mismatch(
            f"feature {j} takes more than one value, so a split exists, but the result is (None, None, ...)",
            f"特征 {j} 有不止一个取值，所以存在划分，但结果是 (None, None, ...)",
        )


def check_threshold_is_midpoint(case, got, want):
    f, t, _ = _read(case, got)
    if f is None:
        return
    v = np.unique(case["X"][:, f])
    mids = (v[:-1] + v[1:]) / 2
    if len(mids) and np.min(np.abs(mids - t)) <= THR_TOL * (1 + abs(t)):
        return
    at_value = bool(np.any(v == t))
    extra_en = " (it is one of the feature's values: thresholds sit half-way between consecutive values)" if at_value else ""
    extra_zh = "（它是该特征的一个取值：阈值应取相邻两个取值的中点）" if at_value else ""
    raise Mismatch(
        f"threshold {t:g} is not a midpoint of consecutive distinct values of feature {f} "
        f"(candidates: {np.round(mids, 6).tolist()}){extra_en}",
        f"阈值 {t:g} 不是特征 {f} 相邻不同取值的中点（候选：{np.round(mids, 6).tolist()}）{extra_zh}",
    )


def check_gain_of_split(case, got, want):
    f, t, g = _read(case, got)
    if f is None:
        return
    true = split_gain(case, f, t)
    if not abs(g - true) <= GAIN_TOL * (1 + abs(true)):
        raise Mismatch(
            f"the returned gain {g:.6g} is not the Gini gain of the split {_describe(f, t)}, which is {true:.6g} "
            f"(gini(parent) − n_l/n·gini(left) − n_r/n·gini(right), gini = 1 − Σ p_c²)",
            f"返回的增益 {g:.6g} 不是划分 {_describe(f, t)} 的 Gini 增益，后者为 {true:.6g}"
            f"（gini(父节点) − n_l/n·gini(左) − n_r/n·gini(右)，gini = 1 − Σ p_c²）",
        )


def check_best_split(case, got, want):
    f, t, _ = _read(case, got)
    if f is None or want["feature"] is None:
        return
    wf, wt = int(want["feature"]), float(want["threshold"])
    if f == wf and abs(t - wt) <= THR_TOL * (1 + abs(wt)):
        return
    mine, best = split_gain(case, f, t), split_gain(case, wf, wt)
    if mine < best - TIE:
        raise Mismatch(
            f"the split {_describe(f, t)} has gain {mine:.6g}, but {_describe(wf, wt)} has the larger gain {best:.6g}",
            f"划分 {_describe(f, t)} 的增益为 {mine:.6g}，但 {_describe(wf, wt)} 的增益更大，为 {best:.6g}",
        )
    raise Mismatch(
        f"the splits {_describe(f, t)} and {_describe(wf, wt)} tie with gain {best:.6g}: a tie goes to the smallest "
        f"feature index, then to the smallest threshold, so the answer is {_describe(wf, wt)}",
        f"划分 {_describe(f, t)} 与 {_describe(wf, wt)} 的增益相同（{best:.6g}）：平局时取特征下标最小的，"
        f"再取阈值最小的，所以答案是 {_describe(wf, wt)}",
    )


def same(a, b):
    """Two results agree on the feature (None included), the threshold and the gain."""
    try:
        fa, fb = a["feature"], b["feature"]
        if (fa is None) != (fb is None):
            return False
        if fa is not None:
            if int(fa) != int(fb) or not np.isclose(float(a["threshold"]), float(b["threshold"]), rtol=0, atol=1e-9):
                return False
        return bool(np.isclose(float(a["gain"]), float(b["gain"]), rtol=GAIN_TOL, atol=GAIN_TOL))
    except (TypeError, ValueError, KeyError):
        return False


def bench(rng):
    """The root of a decision tree on tabular data: 10,000 samples of 20 continuous features, 3 classes that
    depend on a few of the features."""
    X = rng.standard_normal((10_000, 20))
    score = X[:, 3] + 0.5 * X[:, 7] + 0.5 * rng.standard_normal(10_000)
    return _case(X, np.digitize(score, [-0.5, 0.7])), "X (10000, 20), 3 classes"


KATA = api.Kata(
    call=call,
    checks=[check_result, check_no_split, check_threshold_is_midpoint, check_gain_of_split, check_best_split],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
