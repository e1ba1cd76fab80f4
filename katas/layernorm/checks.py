"""Checks for layernorm: the forward output, dbeta, dgamma and dx against the reference, plus two properties
of the true gradient that do not depend on the reference backward: every ROW of dx sums to 0, and dx agrees
with central finite differences of L = sum(out · dout) through the forward formula.

Tolerances follow bn_backward, with the statistics now per row i (over the D features):

    out[i, j]:   s = |gamma_j| + |beta_j|                       (|xhat| is at most sqrt(D − 1))
    dbeta[j]:    s = sum_i |dout_ij|
    dgamma[j]:   s = sum_i |dout_ij|
    dx[i, j]:    s_i = max_j |gamma_j · dout_ij| / sqrt(var_i + eps)      (one scale per row)

and an element passes when |got − expected| ≤ 1e-3 · s + 1e-9. A fixed tolerance cannot work: a nearly
constant row has sqrt(var + eps) ~ sqrt(eps) ~ 3e-3, so its dx is ~300 times larger than dout, while a row
in the hundreds has a dx ~100 times smaller.

All generated inputs are exact in float32 (multiples of 1/2, multiples of 100, and nearly constant rows
b + k · 2**-13 with |b| ≤ 1), so a float32 solution only suffers float32 arithmetic; as in bn_backward, the
two-pass variance mean((x − mean)²) or np.var passes in float32, E[x²] − E[x]² does not.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, unpack


TOL = 1e-3  # times the scale of the element
FLOOR = 1e-9
FD_STEP = 1e-6  # finite-difference step, times sqrt(var_i + eps)
DEFAULT_EPS = 1e-5
TINY = 2.0 ** -13  # spacing of the nearly constant rows, exact in float32


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
        # D = 2: each normalised row is about (−1, +1) whatever x is, so dx is almost 0
        _case([[1, 3], [0, -2]], [2, 0.5], [0.5, 0], [[1, -0.5], [2, 1]]),
        # a nearly constant row (variance ~1e-8, far below eps): eps decides the scale
        _case([[1, 1 + t, 1 + 2 * t], [0, 1, 2]], [1, 1, -1], [0, 0.5, 0], [[1, -1, 0.5], [0.5, 0, 1]]),
        # a general 3 x 4 batch
        _case([[1, 2, 0, 2], [3, -1, 0.5, 4], [0, 0, 1, -2]], [1, -2, 0.5, 1], [0, 1, 0, -1],
              [[1, 0.5, -1, 2], [0.5, -1, 2, 0], [1, 1, -0.5, 0.5]]),
        # D = 1: the variance is 0, so out = beta and dx = 0
        _case([[1], [-2], [5]], [1.5], [0.5], [[1], [-3], [2]]),
        # N = 1 (BatchNorm would have no batch statistics to speak of) and an exactly constant row below
        _case([[2, -1, 4, 0.5]], [1, 1, 2, -1], [0, 0, 1, 0], [[1, 2, -0.5, 1]]),
        _case([[2, 2, 2], [0, 1, 5]], [1, 1, 1], [0, 0, 0], [[1, 2, -0.5], [1, 3, -1]]),
        # gamma with a zero and a negative entry
        _case([[0, 1, 2, 1, -2], [1, -1, 3, 0, 1], [2, 0, 2, 1, -3]], [0, -1.5, 2, 1, 0.5], [1, 0, -0.5, 0, 2],
              [[1, 2, -1, 0.5, 1], [-1, 0.5, 1, 2, -0.5], [0.5, -1, 1, -2, 0.25]]),
        # a row in the hundreds next to a nearly constant one (dx scales differ by ~10^5)
        _case([[-800, 300, 1000, -200], [0.5, 0.5 + t, 0.5, 0.5 + 3 * t]], [2, 0.5, 1, -1], [1, -1, 0, 0],
              [[1, -2, 0.5, 1], [2, 1, -1, 0.5]]),
        # another eps, passed explicitly (positionally)
        _case([[0, t, 2 * t], [1, 2, -1]], [1, 1, 1], [0, 0, 0], [[1, 2, -1], [-1, 0.5, 1]], eps=0.1),
        _case([[1, 2, 4, -1], [4, 4 + t, 4 - t, 4]], [2, -1, 1, 1], [0.5, 0, 0, 0], [[0.5, -1, 1, 2], [1, 2, -1, 3]],
              eps=1e-3),
    ]


_GAMMAS = np.array([1.0, -1.0, 2.0, 0.5, 0.0, -0.5, 1.5, -2.0, 3.0, 0.25])
_BETAS = np.array([0.0, 1.0, -1.0, 0.5, 2.0, -3.0])
_DOUTS = np.array([1.0, -1.0, 0.0, 2.0, 0.5, -0.5, -2.0, 3.0, 0.25, -3.0])
_PLAIN = np.array([0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8]) / 2.0
_LARGE = 100.0 * np.array([0, 1, -1, 2, -2, 3, -3, 5, -5, 8, -8, 10, -10])
_BASES = np.array([0.0, 1.0, -1.0, 0.5, -0.5])

MAX_N, MAX_D = 5, 5


def _levels(levels, raw):
    """Map raw bytes to levels; byte 0 maps to the first (simplest) level, so shrunk bytes read well."""
    return levels[np.frombuffer(raw, np.uint8) % len(levels)]


def cases():
    from hypothesis import strategies as st

    # Rows are list elements (the shrinker can delete any), each drawn for the largest D and sliced. Per row:
    # a kind (plain, nearly constant, large), a base for the nearly constant kind, then per feature a plain
    # value, a step k, a large value and dout.
    params = st.binary(min_size=2 * MAX_D, max_size=2 * MAX_D)
    row = st.binary(min_size=2 + 4 * MAX_D, max_size=2 + 4 * MAX_D)

    @st.composite
    def ln_case(draw):
        d = draw(st.integers(1, MAX_D))
        meta = draw(params)
        gamma, beta = _levels(_GAMMAS, meta[:MAX_D]), _levels(_BETAS, meta[MAX_D:])
        x, dout = [], []
        for r in draw(st.lists(row, min_size=1, max_size=MAX_N)):
            kind, base = r[0] % 3, _BASES[r[1] % len(_BASES)]
            plain, k = _levels(_PLAIN, r[2:2 + MAX_D]), _levels(np.arange(4.0), r[2 + MAX_D:2 + 2 * MAX_D])
            large = _levels(_LARGE, r[2 + 2 * MAX_D:2 + 3 * MAX_D])
            x.append(plain if kind == 0 else base + TINY * k if kind == 1 else large)
            dout.append(_levels(_DOUTS, r[2 + 3 * MAX_D:]))
        eps = draw(st.sampled_from([None, None, 1e-3, 0.1]))
        return _case(np.array(x)[:, :d], gamma[:d], beta[:d], np.array(dout)[:, :d], eps)

    return ln_case()


# ---- the call, in the worker ---------------------------------------------------------------

def call(sub, case):
    args = (case["x"], case["gamma"], case["beta"]) + ((case["eps"],) if "eps" in case else ())
    out, cache = unpack(sub.layernorm_forward(*args), 2, "layernorm_forward")
    if isinstance(out, np.ndarray):
        out = out.copy()  # what the forward returned, even if the backward later writes into it
    dx, dgamma, dbeta = unpack(sub.layernorm_backward(case["dout"], cache), 3, "layernorm_backward")
    return {"out": out, "dx": dx, "dgamma": dgamma, "dbeta": dbeta}


# ---- helpers in the grader -----------------------------------------------------------------

def _eps(case):
    return case.get("eps", DEFAULT_EPS)


def _sigma(case):
    """sqrt(var_i + eps) of every row, shape (N, 1)."""
    x = case["x"]
    return np.sqrt(((x - x.mean(axis=1, keepdims=True)) ** 2).mean(axis=1, keepdims=True) + _eps(case))


def _scales(case):
    """The scale of every element of each output (see the module docstring), broadcastable to its shape."""
    g, b, dout = np.abs(case["gamma"]), np.abs(case["beta"]), np.abs(case["dout"])
    return {
        "out": np.broadcast_to(g + b, case["x"].shape),
        "dbeta": dout.sum(axis=0),
        "dgamma": dout.sum(axis=0),
        "dx": np.broadcast_to((g * dout).max(axis=1, keepdims=True) / _sigma(case), case["x"].shape),
    }


TOL_TEXT = "|got − expected| ≤ 1e-3·s + 1e-9 (s: the scale of the element, per row for dx)"


def _array(value, name, shape):
    arr = as_array(value, name, kinds="iuf")
    if arr.shape != shape:
        raise Mismatch(f"`{name}` has shape {arr.shape}, expected {shape}",
                       f"`{name}` 的 shape 为 {arr.shape}，应为 {shape}")
    return arr.astype(np.float64)


def _close(got, want, name, scale, what_en="the expected value", what_zh="期望值"):
    """|got - want| <= TOL * scale + FLOOR everywhere; NaN and inf never pass."""
    want = np.asarray(want, dtype=np.float64)
    arr = _array(got, name, want.shape)
    tol = TOL * np.broadcast_to(scale, want.shape) + FLOOR
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.abs(arr - want) <= tol)
    if not bad.any():
        return
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    g, w, t = arr[index], want[index], tol[index]
    if np.isnan(g):
        raise Mismatch(f"`{name}` contains NaN at index {index} ({what_en}: {w:.6g})",
                       f"`{name}` 在下标 {index} 处为 NaN（{what_zh}：{w:.6g}）")
    raise Mismatch(
        f"`{name}` at index {index} is {g:.6g}, {what_en} is {w:.6g}: error {abs(g - w):.3g}, tolerance {t:.3g} "
        f"({TOL_TEXT})",
        f"`{name}` 在下标 {index} 处为 {g:.6g}，{what_zh}为 {w:.6g}：误差 {abs(g - w):.3g}，容差 {t:.3g}",
    )


def _row_loss(xrow, gamma, dout_row, eps):
    """sum_j (gamma_j · xhat_j) · dout_j for one row, in float64 with the forward formula (beta only adds a
    constant to the loss, so it is left out)."""
    xc = xrow - xrow.mean()
    xhat = xc / np.sqrt((xc * xc).mean() + eps)
    return float(np.sum(gamma * xhat * dout_row))


def numerical_dx(case):
    """Central differences of L = sum(out · dout) with respect to each x[i, j]."""
    x, gamma, dout, eps = case["x"], case["gamma"], case["dout"], _eps(case)
    # out does not change when a whole row is shifted, so centre each row first: a step of ~1e-6 · sqrt(eps)
    # on a row sitting at 500 would otherwise be lost in rounding
    x = x - x.mean(axis=1, keepdims=True)
    steps = FD_STEP * _sigma(case)[:, 0]
    grad = np.zeros_like(x)
    for i in range(x.shape[0]):
        h = steps[i]
        for j in range(x.shape[1]):
            plus, minus = x[i].copy(), x[i].copy()
            plus[j] += h
            minus[j] -= h
            taken = (plus[j] - x[i, j]) + (x[i, j] - minus[j])  # the steps actually taken after rounding
            grad[i, j] = (_row_loss(plus, gamma, dout[i], eps) - _row_loss(minus, gamma, dout[i], eps)) / taken
    return grad


# ---- checks ---------------------------------------------------------------------------------

def check_forward(case, got, want):
    _close(got["out"], want["out"], "out", _scales(case)["out"])


def check_dbeta(case, got, want):
    _close(got["dbeta"], want["dbeta"], "dbeta", _scales(case)["dbeta"])


def check_dgamma(case, got, want):
    _close(got["dgamma"], want["dgamma"], "dgamma", _scales(case)["dgamma"])


def check_dx_rows_sum_to_zero(case, got, want):
    """Adding a constant to a whole row of x does not change out, so each row of dx sums to 0."""
    dx = _array(got["dx"], "dx", case["x"].shape)
    sums = dx.sum(axis=1)
    tol = dx.shape[1] * (TOL * _scales(case)["dx"][:, 0] + FLOOR)
    with np.errstate(invalid="ignore"):
        bad = ~(np.abs(sums) <= tol)
    if bad.any():
        i = int(np.argmax(bad))
        raise Mismatch(
            f"row {i} of dx sums to {sums[i]:.6g}, but it must sum to 0 (tolerance {tol[i]:.3g}): shifting a whole "
            f"row of x by a constant leaves out unchanged, so the gradient has no component along it",
            f"dx 第 {i} 行之和为 {sums[i]:.6g}，但应为 0（容差 {tol[i]:.3g}）：把 x 的一整行加上同一个常数不会改变 out，"
            f"所以梯度在这个方向上的分量为 0",
        )


def check_dx_matches_finite_differences(case, got, want):
    _close(got["dx"], numerical_dx(case), "dx", _scales(case)["dx"],
           "the central difference of L = sum(out · dout)", "L = sum(out · dout) 的中心差分")


def check_dx(case, got, want):
    _close(got["dx"], want["dx"], "dx", _scales(case)["dx"])


# ---- mistake matching -------------------------------------------------------------------------

def same(a, b):
    """Two results agree when every output matches within 1e-3 of its largest value in the row (for out
    and dx) or overall (dgamma, dbeta); NaN equals NaN."""
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
                scale = big.max(axis=1, keepdims=True) if x.ndim == 2 else big.max()
                ok = (np.abs(x - y) <= TOL * scale + FLOOR) | (x == y) | (np.isnan(x) & np.isnan(y))
            if not ok.all():
                return False
        return True
    except (TypeError, ValueError, KeyError):
        return False


def bench(rng):
    """A transformer layer's activations: 4,096 tokens (a batch of 8 sequences of 512) of 1,024 features."""
    x = rng.standard_normal((4096, 1024)) * 2 + 0.5
    return _case(x, 1 + 0.1 * rng.standard_normal(1024), 0.1 * rng.standard_normal(1024),
                 rng.standard_normal((4096, 1024))), "x (4096, 1024)"


KATA = api.Kata(
    call=call,
    checks=[check_forward, check_dbeta, check_dgamma, check_dx_rows_sum_to_zero, check_dx_matches_finite_differences, check_dx],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
