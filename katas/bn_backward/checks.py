"""Checks for bn_backward: the forward output, dbeta, dgamma and dx against the reference, plus two
properties of the true gradient that do not depend on our reference backward: every column of dx sums
to 0, and dx agrees with central finite differences of L = sum(out * dout) through the forward formula.

Tolerances are per column (per feature j), relative to that column's natural size s_j:

    out:     s_j = |gamma_j| + |beta_j|                       (|xhat| is at most sqrt(N - 1))
    dbeta:   s_j = sum_i |dout_ij|
    dgamma:  s_j = sum_i |dout_ij|
    dx:      s_j = |gamma_j| * max_i |dout_ij| / sqrt(var_j + eps)

and an element passes when |got - expected| <= 1e-3 * s_j + 1e-9. A fixed absolute tolerance cannot
work here: a nearly constant column has sqrt(var + eps) ~ sqrt(eps) ~ 3e-3, so its dx is ~300 times
larger than dout while a column in the hundreds has a dx ~100 times smaller.

All generated inputs are exact in float32 (multiples of 1/4, multiples of 100, and nearly constant
columns b + k * 2**-13 with |b| <= 1), so a solution that computes in float32 only suffers float32
arithmetic. Measured over 3000 cases: float64 solutions (staged graph, closed forms, loops, np.var or
E[x^2] - E[x]^2) stay under 1e-10 * s_j; float32 solutions with the two-pass variance mean((x - mu)^2)
under 3e-5 * s_j (the mean of b + k * 2**-13 rounds at ~1e-7 * |b|, divided by sqrt(eps)). Float32 with
E[x^2] - E[x]^2 loses the variance of nearly constant columns entirely and fails, by design. Every listed
mistake is off by more than 5% of s_j on the edge case that catches it, so the margin is wide both ways.
"""

import numpy as np

from dlprep.kata import api
from dlprep.kata.api import Diff, Mismatch, as_array

TOL = 1e-3  # times the column scale s_j
FLOOR = 1e-9  # absolute floor, for columns whose scale is 0 (gamma_j = 0 or dout[:, j] = 0)
FD_STEP = 1e-6  # finite-difference step, times sqrt(var_j + eps)
DEFAULT_EPS = 1e-5
TINY = 2.0 ** -13  # ~1.2e-4: spacing of the nearly constant columns, exact in float32
WINDOW = 3


# ---- cases -------------------------------------------------------------------------------

def _case(x, gamma, beta, dout, eps=None):
    x = np.asarray(x, dtype=np.float64)
    case = {
        "x": x,
        "gamma": np.asarray(gamma, dtype=np.float64).reshape(-1),
        "beta": np.asarray(beta, dtype=np.float64).reshape(-1),
        "dout": np.asarray(dout, dtype=np.float64).reshape(x.shape),
    }
    if eps is not None:
        case["eps"] = float(eps)
    return case


def edge_cases():
    t = TINY
    return [
        # N = 2: each normalised value is about +-1 whatever x is, so dx is almost 0 (about eps / var)
        _case([[1], [3]], [2], [0.5], [[1], [-0.5]]),
        # a nearly constant feature (variance ~1e-8, far below eps): eps decides the scale
        _case([[1], [1 + t], [1 + 2 * t]], [1], [0], [[1], [-1], [0.5]]),
        # a general 4 x 2 batch
        _case([[1, 2], [3, -1], [0, 0.5], [2, 4]], [1, -2], [0, 1], [[1, 0.5], [-1, 2], [0.5, -1], [2, 0]]),
        # N = 1: the variance is 0, so out = beta and dx = 0
        _case([[1, -2]], [1.5, -1], [0.5, 2], [[1, -3]]),
        # an exactly constant feature next to a normal one
        _case([[2, 0], [2, 1], [2, 5]], [1, 1], [0, 0], [[1, 2], [-0.5, 1], [3, -1]]),
        # gamma with a zero and a negative entry
        _case([[0, 1, 2], [1, -1, 0], [3, 2, 2], [-2, 0, 1], [1, 1, -3]], [0, -1.5, 2], [1, 0, -0.5],
              [[1, -1, 0.5], [2, 0.5, -1], [-1, 1, 1], [0.5, 2, -2], [1, -0.5, 0.25]]),
        # large-scale feature next to a nearly constant one (dx scales differ by ~10^5)
        _case([[-800, 0.5], [300, 0.5 + t], [1000, 0.5], [-200, 0.5 + 3 * t], [0, 0.5 + t]], [2, 0.5], [1, -1],
              [[1, 2], [-2, 1], [0.5, -1], [1, 0.5], [-0.5, -2]]),
        # D = 1, N = 6
        _case([[3], [-1], [0], [2], [2], [-4]], [-0.5], [2], [[1], [0], [-2], [0.5], [1], [3]]),
        # a different eps, passed explicitly (positionally)
        _case([[0, 1], [t, 2], [2 * t, -1]], [1, 1], [0, 0], [[1, -1], [2, 0.5], [-1, 1]], eps=0.1),
        _case([[1, 4], [2, 4 + t], [4, 4 - t], [-1, 4]], [2, -1], [0.5, 0], [[0.5, 1], [-1, 2], [1, -1], [2, 3]],
              eps=1e-3),
    ]


_GAMMAS = np.array([1.0, -1.0, 2.0, 0.5, 0.0, -0.5, 1.5, -2.0, 3.0, 0.25])  # simplest first: 0 bytes map here
_BETAS = np.array([0.0, 1.0, -1.0, 0.5, 2.0, -3.0])
_DOUTS = np.array([1.0, -1.0, 0.0, 2.0, 0.5, -0.5, -2.0, 3.0, 0.25, -3.0])
_PLAIN = np.array([0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8]) / 2.0  # halves in [-4, 4]
_LARGE = 100.0 * np.array([0, 1, -1, 2, -2, 3, -3, 5, -5, 8, -8, 10, -10])  # hundreds, up to 1000
_BASES = np.array([0.0, 1.0, -1.0, 0.5, -0.5])


MAX_N, MAX_D = 6, 4


def _levels(levels, raw):
    """Map raw bytes to levels; byte 0 maps to the first (simplest) level, so shrunk bytes read well."""
    return levels[np.frombuffer(raw, np.uint8) % len(levels)]


def cases():
    from hypothesis import strategies as st

    # Bytes instead of one draw per element: much faster. Columns are drawn for the largest D and then
    # sliced, so shrinking D does not shift anything; rows are list elements, so the shrinker can delete
    # any row. Per row and column: a plain value, a step k for nearly constant columns, a large value, dout.
    columns = st.binary(min_size=4 * MAX_D, max_size=4 * MAX_D)
    row = st.binary(min_size=4 * MAX_D, max_size=4 * MAX_D)

    @st.composite
    def bn_case(draw):
        d = draw(st.integers(1, MAX_D))
        meta = draw(columns)
        kind = _levels(np.arange(3), meta[:MAX_D])  # 0 plain, 1 nearly constant, 2 large
        base = _levels(_BASES, meta[MAX_D:2 * MAX_D])
        gamma = _levels(_GAMMAS, meta[2 * MAX_D:3 * MAX_D])
        beta = _levels(_BETAS, meta[3 * MAX_D:])
        rows = draw(st.lists(row, min_size=1, max_size=MAX_N))
        x, dout = [], []
        for r in rows:
            plain, k = _levels(_PLAIN, r[:MAX_D]), _levels(np.arange(4.0), r[MAX_D:2 * MAX_D])
            large = _levels(_LARGE, r[2 * MAX_D:3 * MAX_D])
            x.append(np.where(kind == 0, plain, np.where(kind == 1, base + TINY * k, large)))  # tiny: var ~1e-8
            dout.append(_levels(_DOUTS, r[3 * MAX_D:]))
        eps = draw(st.sampled_from([None, None, 1e-3, 0.1]))
        return _case(np.array(x)[:, :d], gamma[:d], beta[:d], np.array(dout)[:, :d], eps)

    return bn_case()


# ---- the call, in the worker ---------------------------------------------------------------

def call(sub, case):
    args = (case["x"], case["gamma"], case["beta"]) + ((case["eps"],) if "eps" in case else ())
    out, cache = api.unpack(sub.batchnorm_forward(*args), 2, "batchnorm_forward")
    if isinstance(out, np.ndarray):
        out = out.copy()  # what the forward returned, even if the backward later writes into it
    dx, dgamma, dbeta = api.unpack(sub.batchnorm_backward(case["dout"], cache), 3, "batchnorm_backward")
    return {"out": out, "dx": dx, "dgamma": dgamma, "dbeta": dbeta}


# ---- helpers in the grader -----------------------------------------------------------------

def _eps(case):
    return case.get("eps", DEFAULT_EPS)


def _sigma(case):
    x = case["x"]
    return np.sqrt(((x - x.mean(axis=0)) ** 2).mean(axis=0) + _eps(case))


def _scales(case):
    """Per-column scale s_j of each output (see the module docstring)."""
    g, b, dout = np.abs(case["gamma"]), np.abs(case["beta"]), np.abs(case["dout"])
    return {
        "out": g + b,
        "dbeta": dout.sum(axis=0),
        "dgamma": dout.sum(axis=0),
        "dx": g * dout.max(axis=0) / _sigma(case),
    }


def _tolerance(scale):
    return TOL * scale + FLOOR


def _diff(name, want, got, index, tol):
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(got - want)
        rel = err / np.maximum(np.abs(want), 1e-300)
    finite = np.isfinite(err)
    flat_w, flat_g = want.reshape(-1), got.reshape(-1)
    pos = int(np.ravel_multi_index(index, want.shape))
    lo, hi = max(0, pos - WINDOW), min(flat_w.size, pos + WINDOW + 1)
    return Diff(
        output=name, expected_shape=want.shape, got_shape=got.shape, expected_dtype=str(want.dtype),
        got_dtype=str(got.dtype),
        max_abs_error=float(err[finite].max()) if finite.any() else float("nan"),
        max_rel_error=float(rel[finite].max()) if finite.any() else float("nan"),
        first_index=tuple(int(i) for i in index), window_expected=flat_w[lo:hi].tolist(),
        window_got=flat_g[lo:hi].tolist(), tolerance=tol,
    )


TOL_TEXT = "|got − expected| ≤ 1e-3·s_j + 1e-9 (s_j: the scale of column j)"


def _array(value, name, shape):
    arr = as_array(value, name, kinds="iuf")
    if arr.shape != shape:
        raise Mismatch(
            f"`{name}` has shape {arr.shape}, expected {shape}",
            f"`{name}` 的 shape 为 {arr.shape}，应为 {shape}",
            Diff(name, shape, arr.shape, "float64", str(arr.dtype), tolerance=TOL_TEXT),
        )
    return arr.astype(np.float64)


def _close(got, want, name, scale, what_en="the expected value", what_zh="期望值"):
    """Per-column comparison: |got - want| <= TOL * scale[j] + FLOOR, NaN and inf never pass."""
    want = np.asarray(want, dtype=np.float64)
    arr = _array(got, name, want.shape)
    tol = np.broadcast_to(_tolerance(scale), want.shape)
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.abs(arr - want) <= tol)
    if not bad.any():
        return
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    g, w, t = arr[index], want[index], tol[index]
    col = index[-1]
    if np.isnan(g):
        en = f"`{name}` contains NaN at index {index} ({what_en}: {w:.6g})"
        zh = f"`{name}` 在下标 {index} 处为 NaN（{what_zh}：{w:.6g}）"
    else:
        en = (f"`{name}` at index {index} is {g:.6g}, {what_en} is {w:.6g}: error {abs(g - w):.3g}, "
              f"tolerance for column {col} is {t:.3g}")
        zh = (f"`{name}` 在下标 {index} 处为 {g:.6g}，{what_zh}为 {w:.6g}：误差 {abs(g - w):.3g}，"
              f"第 {col} 列的容差为 {t:.3g}")
    raise Mismatch(en, zh, _diff(name, want, arr, index, f"{t:.3g} for column {col} ({TOL_TEXT})"))


def _column_loss(xcol, gamma, dout_col, eps):
    """sum_i (gamma * xhat_i) * dout_i for one feature, in float64 with the reference formula.

    beta only adds a constant to the loss, so it is left out (this keeps rounding noise small).
    """
    xc = xcol - xcol.mean()
    xhat = xc / np.sqrt((xc * xc).mean() + eps)
    return float(np.sum(gamma * xhat * dout_col))


def numerical_dx(case):
    """Central differences of L = sum(out * dout) with respect to each x[i, j]; the step per column."""
    x, gamma, dout, eps = case["x"], case["gamma"], case["dout"], _eps(case)
    # out does not change when a whole column is shifted, so centre each column first: a step of
    # ~1e-6 * sqrt(eps) on a column sitting at 500 would otherwise be lost in rounding
    x = x - x.mean(axis=0)
    steps = FD_STEP * _sigma(case)
    grad = np.zeros_like(x)
    for j in range(x.shape[1]):
        h = steps[j]
        for i in range(x.shape[0]):
            plus, minus = x[:, j].copy(), x[:, j].copy()
            plus[i] += h
            minus[i] -= h
            hp, hm = plus[i] - x[i, j], x[i, j] - minus[i]  # the steps actually taken after rounding
            grad[i, j] = (_column_loss(plus, gamma[j], dout[:, j], eps)
                          - _column_loss(minus, gamma[j], dout[:, j], eps)) / (hp + hm)
    return grad, steps


# ---- checks ---------------------------------------------------------------------------------

def check_forward(case, got, want):
    _close(got["out"], want["out"], "out", _scales(case)["out"])


def check_dbeta(case, got, want):
    _close(got["dbeta"], want["dbeta"], "dbeta", _scales(case)["dbeta"])


def check_dgamma(case, got, want):
    _close(got["dgamma"], want["dgamma"], "dgamma", _scales(case)["dgamma"])


def check_dx_columns_sum_to_zero(case, got, want):
    """Adding a constant to a whole column of x does not change out, so each column of dx sums to 0."""
    dx = _array(got["dx"], "dx", case["x"].shape)
    n = dx.shape[0]
    sums = dx.sum(axis=0)
    tol = n * _tolerance(_scales(case)["dx"])
    with np.errstate(invalid="ignore"):
        bad = ~(np.abs(sums) <= tol)
    if bad.any():
        j = int(np.argmax(bad))
        raise Mismatch(
            f"column {j} of dx sums to {sums[j]:.6g}, but it must sum to 0 (tolerance {tol[j]:.3g}): shifting a "
            f"whole column of x by a constant leaves out unchanged, so the gradient has no component along it",
            f"dx 第 {j} 列之和为 {sums[j]:.6g}，但应为 0（容差 {tol[j]:.3g}）：把 x 的一整列加上同一个常数不会改变 out，"
            f"所以梯度在这个方向上的分量为 0",
        )


def check_dx_matches_finite_differences(case, got, want):
    dx = _array(got["dx"], "dx", case["x"].shape)
    grad, steps = numerical_dx(case)
    _close(dx, grad, "dx", _scales(case)["dx"],
           "the central difference of L = sum(out · dout)", "L = sum(out · dout) 的中心差分")


def check_dx(case, got, want):
    _close(got["dx"], want["dx"], "dx", _scales(case)["dx"])




# ---- mistake matching -------------------------------------------------------------------------

def same(a, b):
    """Two results agree when every output matches within 1e-3 of its column's largest value (NaN == NaN)."""
    try:
        for key in ("out", "dx", "dgamma", "dbeta"):
            x = np.asarray(a[key], dtype=np.float64)
            y = np.asarray(b[key], dtype=np.float64)
            if x.shape != y.shape:
                return False
            if x.size == 0:
                continue
            with np.errstate(invalid="ignore", over="ignore"):
                big = np.maximum(np.abs(x), np.abs(y))
                big = np.where(np.isfinite(big), big, 0.0)
                scale = big.max(axis=0) if x.ndim == 2 else big.max()
                ok = (np.abs(x - y) <= 1e-3 * scale + 1e-9) | (x == y) | (np.isnan(x) & np.isnan(y))
            if not ok.all():
                return False
        return True
    except (TypeError, ValueError, KeyError):
        return False


def bench(rng):
    """A batch of 1,024 rows of 512 features."""
    x = rng.standard_normal((1024, 512)) * 3 + 1
    return _case(x, rng.standard_normal(512), rng.standard_normal(512), rng.standard_normal((1024, 512))), \
        "x (1024, 512)"


KATA = api.Kata(
    call=call,
    checks=[check_forward, check_dbeta, check_dgamma, check_dx_columns_sum_to_zero,
            check_dx_matches_finite_differences, check_dx],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
