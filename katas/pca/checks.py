"""Checks for pca: shapes, the variances, orthonormal rows, and every row an eigenvector of the sample
covariance S with the right eigenvalue.

The directions are not compared with the reference's: a direction's sign is free, and where
eigenvalues tie (symmetric point sets, rank-deficient data) any orthonormal basis of the tied
eigenspace is right, also when k cuts through it. Row i is right exactly when it is a unit vector
with S c_i = lambda_i c_i, lambda_i being the i-th largest eigenvalue; with orthonormal rows, that
characterises every valid answer. Tolerances scale with lambda_1, the largest variance.

Inputs are multiples of 1/2 plus an integer offset per column. Solutions in float32 reach errors of
about 1e-6 * lambda_1 here (the column means are not exact in float32 when N is not a power of 2);
every listed mistake is off by more than 1e-2 * lambda_1 on the cases that trigger it.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close, unpack


VAR_RTOL = 1e-5  # times lambda_1
VAR_ATOL = 1e-6
ORTHO_TOL = 1e-4
EIG_TOL = 1e-4  # residual |S c - lambda c| <= EIG_TOL * lambda_1 + VAR_ATOL


def _case(X, k):
    return {"X": np.asarray(X, dtype=np.float64), "k": int(k)}


def _orbit(points, i=0, j=1):
    """The points and their images under rotations by 90 degrees in the (i, j) plane: the covariance of
    the result is isotropic in that plane, an exact two-fold eigenvalue."""
    out = []
    for p in np.asarray(points, dtype=np.float64):
        q = p.copy()
        for _ in range(4):
            out.append(q.copy())
            q[i], q[j] = -q[j], q[i]
    return np.array(out)


def edge_cases():
    return [
        _case([[1, 2], [3, 1], [0, 0], [4, 5]], 1),  # the statement's example
        _case([[1], [3]], 1),  # N = 2, D = 1: variance 2
        _case([[0, 0], [4, 0], [0, 1], [4, 1]], 2),  # axis-aligned: directions are the axes
        _case(_orbit([[1, 0]]) + [3, 5], 1),  # isotropic square: every unit vector is a first component
        _case(_orbit([[2, 0, 1], [0, 0, 4]]) + [1, -1, 2], 2),  # a tie in a plane, k cuts through it
        _case([[0, 1, 2], [2, 0, 1]], 2),  # N = 2, D = 3: the second variance is 0
        _case([[1, 2], [1, 2], [1, 2]], 2),  # constant data: all variances 0, any orthonormal basis
        _case([[2, 1, 0, 3], [0, 3, 1, 1], [1, 0, 4, 2], [3, 2, 2, 0], [5, 1, 1, 4]], 3),  # general 4-D
        _case([[10, 20, 30], [12, 21, 30.5], [9, 23, 29], [11, 19, 33]], 3),  # N = D + 1 with a large mean
    ]


HALVES = np.arange(-8, 9) / 2.0  # [-4, 4] in steps of 1/2


def cases():
    from hypothesis import strategies as st

    @st.composite
    def pca_case(draw):
        d = draw(st.sampled_from([1, 2, 3, 3, 4, 4]))
        kind = draw(st.sampled_from(["general", "general", "orbit", "line"]))
        if kind == "orbit" and d >= 2:
            m = draw(st.integers(1, 2))
            base = np.array(draw(st.lists(st.sampled_from(HALVES), min_size=m * d, max_size=m * d))).reshape(m, d)
            i, j = draw(st.permutations(range(d)))[:2]
            X = _orbit(base, i, j)  # 4 or 8 points, two tied variances
        elif kind == "line":
            n = draw(st.integers(2, 6))
            t = np.array(draw(st.lists(st.sampled_from(HALVES), min_size=n, max_size=n)))
            v = np.array(draw(st.lists(st.integers(-2, 2), min_size=d, max_size=d)), dtype=np.float64)
            X = t[:, None] * v[None, :]  # rank <= 1: every variance after the first is 0
        else:
            n = draw(st.integers(2, 8))
            X = np.array(draw(st.lists(st.sampled_from(HALVES), min_size=n * d, max_size=n * d))).reshape(n, d)
        offset = np.array(draw(st.lists(st.integers(-5, 5), min_size=d, max_size=d)), dtype=np.float64)
        k = draw(st.integers(1, min(X.shape)))
        return _case(X + offset, k)

    return pca_case()


def call(sub, case):
    components, variance = unpack(sub.pca(case["X"], case["k"]), 2, "pca")
    return {"components": components, "explained_variance": variance}


# ---- helpers in the grader ---------------------------------------------------------------------

def _covariance(X):
    Xc = X - X.mean(axis=0)
    return Xc.T @ Xc / (len(X) - 1)


def _top_eigenvalues(case):
    vals = np.linalg.eigvalsh(_covariance(case["X"]))[::-1]
    return np.clip(vals[:case["k"]], 0.0, None), max(float(vals[0]), 0.0)


def _components(case, got):
    k, d = case["k"], case["X"].shape[1]
    c = as_array(got["components"], "components", ndim=2, kinds="f")
    if c.shape != (k, d):
        hint_en, hint_zh = "", ""
        if c.shape == (d, k):
            hint_en, hint_zh = ": one principal direction per ROW", "：每一行是一个主方向"
        raise Mismatch(
            f"`components` has shape {c.shape}, expected (k, D) = ({k}, {d}){hint_en}",
            f"`components` 的 shape 为 {c.shape}，应为 (k, D) = ({k}, {d}){hint_zh}",
        )
    return c.astype(np.float64)


def _variance(case, got):
    v = as_array(got["explained_variance"], "explained_variance", ndim=1, kinds="f")
    if v.shape != (case["k"],):
        raise Mismatch(
            f"`explained_variance` has shape {v.shape}, expected (k,) = ({case['k']},)",
            f"`explained_variance` 的 shape 为 {v.shape}，应为 (k,) = ({case['k']},)",
        )
    return v.astype(np.float64)


# ---- checks -------------------------------------------------------------------------------------

def check_shapes(case, got, want):
    _components(case, got)
    _variance(case, got)


def check_explained_variance(case, got, want):
    v = _variance(case, got)
    expected, top = _top_eigenvalues(case)
    n = len(case["X"])
    if not np.all(np.diff(v) <= VAR_ATOL + VAR_RTOL * top):
        raise Mismatch(
            f"`explained_variance` is not in decreasing order: {np.round(v, 6).tolist()}",
            f"`explained_variance` 没有按从大到小排列：{np.round(v, 6).tolist()}",
        )
    try:
        assert_close(v, expected, "explained_variance", rtol=0.0, atol=VAR_ATOL + VAR_RTOL * top)
    except Mismatch as mismatch:
        ratio = v / np.where(expected > 0, expected, np.nan)
        if np.nanmax(np.abs(ratio - (n - 1) / n), initial=1.0) < 1e-6:
            raise Mismatch(
                mismatch.message["en"] + f"; every variance is (N − 1)/N = {n - 1}/{n} of the expected one",
                mismatch.message["zh"] + f"；每个方差都是期望值的 (N − 1)/N = {n - 1}/{n}",
                mismatch.diff,
            ) from None
        raise


def check_orthonormal(case, got, want):
    c = _components(case, got)
    gram = c @ c.T
    bad = np.abs(gram - np.eye(len(c))) > ORTHO_TOL
    if bad.any() or not np.isfinite(gram).all():
        i, j = (int(x) for x in np.argwhere(bad | ~np.isfinite(gram))[0])
        what_en = f"row {i} has length {np.sqrt(max(gram[i, i], 0)):.6g}" if i == j else \
            f"rows {i} and {j} have dot product {gram[i, j]:.6g}"
        what_zh = f"第 {i} 行的长度为 {np.sqrt(max(gram[i, i], 0)):.6g}" if i == j else \
            f"第 {i} 行和第 {j} 行的点积为 {gram[i, j]:.6g}"
        raise Mismatch(
            f"the rows of `components` are not orthonormal: {what_en}",
            f"`components` 的各行不是单位正交的：{what_zh}",
        )


def check_principal_directions(case, got, want):
    c = _components(case, got)
    S = _covariance(case["X"])
    lam, top = _top_eigenvalues(case)
    tol = EIG_TOL * top + VAR_ATOL
    for i in range(len(c)):
        r = S @ c[i] - lam[i] * c[i]
        err = float(np.linalg.norm(r))
        if not err <= tol:
            var_i = float(c[i] @ S @ c[i])
            raise Mismatch(
                f"row {i} of `components` is not a principal direction with the {i + 1}-th largest variance "
                f"{lam[i]:.6g}: the variance of the centred data along it is {var_i:.6g}, and "
                f"|S·c − λ·c| = {err:.3g} > {tol:.3g} (S: sample covariance of the centred X)",
                f"`components` 的第 {i} 行不是方差第 {i + 1} 大（{lam[i]:.6g}）的主方向：中心化后的数据沿它的方差为 {var_i:.6g}，"
                f"|S·c − λ·c| = {err:.3g} > {tol:.3g}（S：中心化后 X 的样本协方差矩阵）",
            )


def ambiguous(case):
    """The top-k subspace is not unique when the k-th and (k+1)-th variances tie: any split is right."""
    values = np.sort(np.linalg.eigvalsh(_covariance(case["X"])))[::-1]
    k = case["k"]
    if k >= len(values):
        return False
    return bool(abs(values[k - 1] - values[k]) <= 1e-6 * max(abs(values[0]), 1e-12) + 1e-9)


def same(a, b):
    """Two results agree when the variances are close and, for every group of equal variances, the rows
    span the same subspace (signs and rotations inside a tied group do not matter)."""
    try:
        va = np.asarray(a["explained_variance"], dtype=np.float64).reshape(-1)
        vb = np.asarray(b["explained_variance"], dtype=np.float64).reshape(-1)
        ca = np.asarray(a["components"], dtype=np.float64)
        cb = np.asarray(b["components"], dtype=np.float64)
    except (TypeError, ValueError, KeyError):
        return False
    if va.shape != vb.shape or ca.shape != cb.shape or ca.ndim != 2 or len(ca) != len(va):
        return False
    scale = max(float(np.nanmax(np.abs(va), initial=0.0)), 1e-12)
    if not np.allclose(va, vb, rtol=0.0, atol=1e-6 * scale + 1e-9, equal_nan=True):
        return False
    start = 0
    while start < len(va):
        end = start + 1
        while end < len(va) and abs(va[end] - va[start]) <= 1e-6 * scale + 1e-9:
            end += 1
        pa, pb = ca[start:end].T @ ca[start:end], cb[start:end].T @ cb[start:end]
        if not np.allclose(pa, pb, rtol=0.0, atol=1e-4, equal_nan=True):
            return False
        start = end
    return True


def bench(rng):
    """100,000 samples of 100 correlated features with a decaying spectrum (no tie near the 10th variance)
    and an offset per feature, reduced to 10 components."""
    n, d = 100_000, 100
    rotation = np.linalg.qr(rng.standard_normal((d, d)))[0]
    X = (rng.standard_normal((n, d)) * np.geomspace(10, 0.1, d)) @ rotation + rng.uniform(-5, 5, d)
    return _case(X, 10), "X (100000, 100), k = 10"


KATA = api.Kata(
    call=call,
    checks=[check_shapes, check_explained_variance, check_orthonormal, check_principal_directions],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    ambiguous=ambiguous,
    bench=bench,
)
