"""Checks for logreg: the loss and both gradients against the reference, and the gradients against
central finite differences of the loss (a property that does not depend on the reference gradient).

Inputs: X in multiples of 1/2 within [-2, 2], w and b in multiples of 1/2 within [-2, 2] times a scale
of 1, 8 or 64, so logits X @ w + b are exact in float32 and reach a magnitude of about 900 (edge cases
reach exactly 1000). At such margins a naive log(sigmoid) gives inf or NaN and a clipped probability
gives a finite but wrong loss; a stable formula is right to the last digits. Float32 solutions stay
within ~1e-6 of the reference (rounding of log(1 + e^z) near |z| ~ 15); the tolerance is
|got − expected| <= 1e-5 + 1e-5·|expected| for the loss, dw and db alike.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close, unpack


RTOL = 1e-5
ATOL = 1e-5
FD_STEP = 1e-5
FD_RTOL = 1e-4  # finite differences of a float64 loss of size ~1e3 carry ~1e-8 of rounding
FD_ATOL = 1e-5


def _case(w, b, X, y, l2=None):
    X = np.asarray(X, dtype=np.float64)
    X = X.reshape(len(X), -1)
    case = {
        "w": np.asarray(w, dtype=np.float64).reshape(X.shape[1]),
        "b": float(b),
        "X": X,
        "y": np.asarray(y, dtype=np.int64).reshape(len(X)),
    }
    if l2 is not None:
        case["l2"] = float(l2)
    return case


def edge_cases():
    return [
        _case([1.5, -0.5], 0.5, [[1, 2], [0, -1], [2, 0.5], [-1, 1]], [1, 0, 1, 0], 0.5),  # general, with l2
        _case([0, 0], 0, [[1, 2], [3, -1]], [1, 0]),  # w = 0, b = 0: p = 1/2, loss = log 2
        _case([1000], 0, [[1], [-1], [0.5]], [1, 1, 0]),  # margins +-1000 and 500: loss (0 + 1000 + 500)/3
        _case([-1000], 0, [[1], [-1]], [0, 1]),  # margins -1000 and 1000, both right: loss ~ 0
        _case([2, -1], 3, [[0.5, 1]], [0], 1.0),  # N = 1, l2 with a non-zero bias (not regularised)
        _case([0.5, 1, -1.5], -1, [[1, 0, 2], [0, 1, 1], [2, 2, 0], [1, -1, -1], [0, 0, 1]], [1, 1, 0, 0, 1], 0.25),
        _case([64, -32], 128, [[1, 2], [-2, 0.5], [0, -1]], [0, 1, 1], 0.0),  # large margins, l2 passed as 0
    ]


HALVES = np.arange(-4, 5) / 2.0  # [-2, 2]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def logreg_case(draw):
        n, d = draw(st.integers(1, 6)), draw(st.integers(1, 3))
        X = np.array(draw(st.lists(st.sampled_from(HALVES), min_size=n * d, max_size=n * d))).reshape(n, d)
        w = np.array(draw(st.lists(st.sampled_from(HALVES), min_size=d, max_size=d)))
        b = draw(st.sampled_from(HALVES))
        scale = draw(st.sampled_from([1.0, 8.0, 64.0, 64.0]))  # 64: margins of several hundred
        y = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
        l2 = draw(st.sampled_from([None, 0.0, 0.25, 0.5, 1.0]))
        return _case(w * scale, b * scale, X, y, l2)

    return logreg_case()


def call(sub, case):
    args = (case["w"], case["b"], case["X"], case["y"]) + ((case["l2"],) if "l2" in case else ())
    loss, dw, db = unpack(sub.logreg_loss_and_grad(*args), 3, "logreg_loss_and_grad")
    return {"loss": loss, "dw": dw, "db": db}


# ---- helpers in the grader --------------------------------------------------------------------

def true_loss(w, b, case):
    """The loss in float64 with a stable formula: log(1 + e^z) - y z = logaddexp(0, z) - y z."""
    z = case["X"] @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - case["y"] * z) + 0.5 * case.get("l2", 0.0) * (w @ w))


def numerical_gradient(f, x, step):
    """Central differences of a scalar function f at the float vector x, one coordinate at a time."""
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in range(x.size):
        h = step * max(1.0, abs(x[i]))
        plus, minus = x.copy(), x.copy()
        plus[i] += h
        minus[i] -= h
        grad[i] = (f(plus) - f(minus)) / (plus[i] - minus[i])
    return grad


def _scalar(value, name):
    arr = as_array(value, name, kinds="iuf")
    if arr.shape != ():
        raise Mismatch(
            f"`{name}` has shape {arr.shape}, expected a scalar (a float or a 0-d array)",
            f"`{name}` 的 shape 为 {arr.shape}，应为标量（float 或 0 维数组）",
        )
    return float(arr)


def _dw(case, got):
    dw = as_array(got["dw"], "dw", kinds="iuf")
    d = len(case["w"])
    if dw.shape != (d,):
        raise Mismatch(f"`dw` has shape {dw.shape}, expected (D,) = ({d},)", f"`dw` 的 shape 为 {dw.shape}，应为 (D,) = ({d},)")
    return dw.astype(np.float64)


# ---- checks ------------------------------------------------------------------------------------

def check_shapes(case, got, want):
    _scalar(got["loss"], "loss")
    _dw(case, got)
    _scalar(got["db"], "db")


def check_loss(case, got, want):
    loss = _scalar(got["loss"], "loss")
    if not np.isfinite(loss):
        z = case["X"] @ case["w"] + case["b"]
        raise Mismatch(
            f"the loss is {loss} for logits of magnitude up to {np.abs(z).max():g} (expected {want['loss']:.6g}): "
            f"log(sigmoid(z)) overflows when computed as written; use log(1 + e^z) − y·z = np.logaddexp(0, z) − y·z",
            f"当 logit 的绝对值最大为 {np.abs(z).max():g} 时损失为 {loss}（应为 {want['loss']:.6g}）：直接计算 log(sigmoid(z)) 会溢出；"
            f"请用 log(1 + e^z) − y·z = np.logaddexp(0, z) − y·z",
        )
    assert_close(np.float64(loss), np.float64(want["loss"]), "loss", rtol=RTOL, atol=ATOL)


def check_gradient_matches_finite_differences(case, got, want):
    dw, db = _dw(case, got), _scalar(got["db"], "db")
    w, b = case["w"], case["b"]
    num_w = numerical_gradient(lambda v: true_loss(v, b, case), w, FD_STEP)
    num_b = numerical_gradient(lambda v: true_loss(w, v[0], case), np.array([b]), FD_STEP)[0]
    for name, g, num in (("dw", dw, num_w), ("db", np.array([db]), np.array([num_b]))):
        bad = ~(np.abs(g - num) <= FD_ATOL + FD_RTOL * np.abs(num))
        if bad.any():
            i = int(np.argmax(bad))
            at = f"[{i}]" if name == "dw" else ""
            raise Mismatch(
                f"`{name}{at}` is {g[i]:.6g}, but the central finite difference of the loss gives {num[i]:.6g}: "
                f"the gradient does not match the loss",
                f"`{name}{at}` 为 {g[i]:.6g}，但损失的中心差分给出 {num[i]:.6g}：梯度与损失不一致",
            )


def check_dw(case, got, want):
    assert_close(_dw(case, got), want["dw"], "dw", rtol=RTOL, atol=ATOL)


def check_db(case, got, want):
    assert_close(np.float64(_scalar(got["db"], "db")), np.float64(want["db"]), "db", rtol=RTOL, atol=ATOL)


def same(a, b):
    """Two results agree when loss, dw and db are all close (NaN equals NaN, inf equals inf)."""
    try:
        for key in ("loss", "dw", "db"):
            x = np.asarray(a[key], dtype=np.float64)
            y = np.asarray(b[key], dtype=np.float64)
            if x.shape != y.shape or not np.allclose(x, y, rtol=RTOL, atol=ATOL, equal_nan=True):
                return False
        return True
    except (TypeError, ValueError, KeyError):
        return False


def bench(rng):
    """100,000 samples of 100 features, labels drawn from a logistic model around the current weights,
    L2 1e-3."""
    n, d = 100_000, 100
    X = rng.standard_normal((n, d))
    w = rng.standard_normal(d) * 0.3
    y = rng.random(n) < 1 / (1 + np.exp(-(X @ w + 0.5)))
    return _case(w + rng.standard_normal(d) * 0.1, 0.2, X, y, 1e-3), "X (100000, 100), L2 1e-3"


KATA = api.Kata(
    call=call,
    checks=[check_shapes, check_loss, check_gradient_matches_finite_differences, check_dw, check_db],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
