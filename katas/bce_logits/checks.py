"""Checks for bce_logits: the mean binary cross-entropy with logits (with pos_weight) and its gradient,
against the reference; the gradient also against central finite differences of the grader's own
float64 loss.

Tolerances, with w = max(1, max pos_weight):
    loss:     |got − expected| ≤ 1e-6·max(1, max|logits|)·w + 1e-5·|expected|
    dlogits:  |got − expected| ≤ 1e-6·w + 1e-5·|expected|
Every loss term is ≥ 0, so rounding is relative, except in formulas such as torch's
(1 − t)·x + (1 + (pw − 1)·t)·softplus(−x), where two terms of size |x| nearly cancel: in float32 that
costs ~6e-8·|x|·w, hence the absolute part. Logits are multiples of 1/2 and targets multiples of 1/4,
exact in float32.

Logits up to ±1000 are in the edge cases and in most generated cases, next to logits around ±20 and
±40: log(sigmoid(x)) computed naively is log 0 (or 0·log 0 = NaN) beyond |x| ≈ 37 in float64 (≈ 17 in
float32), and clipping the probability to [1e-7, 1 − 1e-7] caps each term at 16.1, finite but wrong.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close


RTOL = 1e-5
ATOL = 1e-6  # times w (and max(1, max|logits|) for the loss)
FD_STEP = 1e-4
FD_ATOL = 1e-5  # times w
FD_RTOL = 1e-4


# ---- cases -------------------------------------------------------------------------------

def _case(logits, targets, pos_weight=None):
    x = np.asarray(logits, dtype=np.float64)
    if pos_weight is not None and np.ndim(pos_weight) > 0:
        pos_weight = np.asarray(pos_weight, dtype=np.float64).reshape(-1)
    elif pos_weight is not None:
        pos_weight = float(pos_weight)
    return {"logits": x, "targets": np.asarray(targets, dtype=np.float64).reshape(x.shape), "pos_weight": pos_weight}


def edge_cases():
    return [
        # |x| = 1000 against the target, and x = 40 with t = 1 (naive: 0·log 0 = NaN)
        _case([1000, -1000, 0, 40], [1, 1, 0, 1]),
        # a pos_weight per class (last axis), soft targets
        _case([[2, -1, 0.5], [0, 3, -2]], [[1, 0, 0.5], [0.25, 1, 0]], [2, 0.5, 3]),
        # a scalar pos_weight; logits around 20 (clipping at 1e-7 caps a term at 16.1)
        _case([[20, -20], [-24, 1.5], [0, -0.5]], [[0, 1], [1, 0.75], [0.5, 0]], 4.0),
        # soft targets at |x| = 1000: both terms matter
        _case([[1000, -1000], [-20, 20]], [[0.25, 0.75], [0.5, 0.5]], 2.0),
        # rank 3 with a per-class pos_weight below 1
        _case([[[1, -2], [3, 0]], [[-500, 500], [0.5, -0.5]]], [[[1, 0], [0, 1]], [[1, 0.25], [0.75, 0]]],
              [0.25, 1.5]),
        # a single element
        _case([-3], [1], 0.5),
    ]


_PLAIN = np.array([0, 1, -1, 2, -2, 3, -3, 4, -4, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5])  # halves in [-4, 4]
_MEDIUM = np.array([20.0, -20.0, 24.0, -24.0, 40.0, -40.0, 48.0, -48.0])  # around the clipping / float limits
_LARGE = np.array([1000.0, -1000.0, 500.0, -500.0, 100.0, -100.0, 998.5, -999.5])
_TARGETS = np.array([1.0, 0.0, 0.5, 1.0, 0.25, 0.75, 1.0, 0.0])
_WEIGHTS = np.array([2.0, 0.5, 3.0, 0.25, 4.0, 1.0, 1.5])


def _levels(levels, raw):
    """Map raw bytes to levels; byte 0 maps to the first (simplest) level, so shrunk bytes read well."""
    return levels[np.frombuffer(raw, np.uint8) % len(levels)]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def bce_case(draw):
        rank = draw(st.sampled_from([2, 1, 3]))
        shape = tuple(draw(st.integers(1, 4 if rank < 3 else 3)) for _ in range(rank))
        size = int(np.prod(shape))

        def raw():
            return draw(st.binary(min_size=size, max_size=size))

        kind = _levels(np.array([0, 0, 1, 2]), raw())  # per element: plain, medium or large
        x = np.where(kind == 0, _levels(_PLAIN, raw()), np.where(kind == 1, _levels(_MEDIUM, raw()),
                                                                  _levels(_LARGE, raw())))
        t = _levels(_TARGETS, raw())
        mode = draw(st.sampled_from(["none", "scalar", "vector", "vector"]))
        if mode == "none":
            pw = None
        elif mode == "scalar":
            pw = float(draw(st.sampled_from(list(_WEIGHTS))))
        else:
            pw = _levels(_WEIGHTS, draw(st.binary(min_size=shape[-1], max_size=shape[-1])))
        return _case(x.reshape(shape), t.reshape(shape), pw)

    return bce_case()


# ---- the call, in the worker ---------------------------------------------------------------

def call(sub, case):
    pw = case["pos_weight"]
    args = (case["logits"], case["targets"]) + (() if pw is None else (pw,))
    loss = sub.bce_with_logits(*args)
    if isinstance(loss, np.ndarray):
        loss = loss.copy()
    return {"loss": loss, "dlogits": sub.bce_with_logits_backward(*args)}


# ---- helpers in the grader -----------------------------------------------------------------

def _pos_weight(case):
    return 1.0 if case["pos_weight"] is None else np.asarray(case["pos_weight"], dtype=np.float64)


def _w(case):
    return max(1.0, float(np.max(_pos_weight(case))))


def _terms(x, t, pw):
    """Loss of each element in float64 with the grader's own stable softplus."""
    def softplus(v):
        return np.logaddexp(0.0, v)
    return pw * t * softplus(-x) + (1.0 - t) * softplus(x)


def numerical_gradient(case):
    """Central differences of the mean loss; each term depends on one logit, so all steps at once."""
    x, t, pw = case["logits"], case["targets"], _pos_weight(case)
    plus, minus = x + FD_STEP, x - FD_STEP
    steps = (plus - x) + (x - minus)  # the steps actually taken after rounding
    return (_terms(plus, t, pw) - _terms(minus, t, pw)) / steps / x.size


def _scalar(value, name):
    arr = as_array(value, name, kinds="iuf")
    if arr.size != 1:
        raise Mismatch(
            f"`{name}` has shape {arr.shape}, expected a single number (the mean over all elements)",
            f"`{name}` 的 shape 为 {arr.shape}，应为一个数（对所有元素取平均）",
        )
    return float(arr.reshape(()))


# ---- checks ---------------------------------------------------------------------------------

def check_loss(case, got, want):
    loss, expected = _scalar(got["loss"], "loss"), float(want["loss"])
    tol = ATOL * max(1.0, float(np.abs(case["logits"]).max())) * _w(case) + RTOL * abs(expected)
    if not abs(loss - expected) <= tol:
        raise Mismatch(
            f"the loss is {loss:.10g}, expected {expected:.10g} (error {abs(loss - expected):.3g}, tolerance {tol:.3g})",
            f"损失为 {loss:.10g}，应为 {expected:.10g}（误差 {abs(loss - expected):.3g}，容差 {tol:.3g}）",
        )


def check_dlogits(case, got, want):
    assert_close(got["dlogits"], want["dlogits"], "dlogits", rtol=RTOL, atol=ATOL * _w(case))


def check_dlogits_matches_finite_differences(case, got, want):
    grad = numerical_gradient(case)
    dlogits = as_array(got["dlogits"], "dlogits", kinds="iuf")
    if dlogits.shape != grad.shape:
        raise Mismatch(f"`dlogits` has shape {dlogits.shape}, expected {grad.shape}",
                       f"`dlogits` 的 shape 为 {dlogits.shape}，应为 {grad.shape}")
    try:
        assert_close(dlogits, grad, "dlogits", rtol=FD_RTOL, atol=FD_ATOL * _w(case))
    except Mismatch as mismatch:
        raise Mismatch(
            "compared with central finite differences of the mean loss: " + mismatch.message["en"],
            "与平均损失的中心差分数值梯度比较：" + mismatch.message["zh"],
            mismatch.diff,
        ) from None


# ---- mistake matching -------------------------------------------------------------------------

def _agree(a, b, rtol, atol):
    """Close where both are finite; a non-finite value (NaN or ±inf) only matches a non-finite one."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if x.shape != y.shape:
        return False
    fx, fy = np.isfinite(x), np.isfinite(y)
    if not np.array_equal(fx, fy):
        return False
    return bool(np.all(np.abs(x[fx] - y[fy]) <= atol + rtol * np.abs(y[fy])))


def same(a, b):
    """Two results agree when the loss and dlogits match within the smallest tolerance of the checks
    (1e-6 + 1e-5·|value|), so that an output failing a check is never "the same" as the reference."""
    try:
        return (_agree(np.reshape(a["loss"], -1), np.reshape(b["loss"], -1), RTOL, ATOL)
                and _agree(a["dlogits"], b["dlogits"], RTOL, ATOL))
    except (TypeError, ValueError, KeyError):
        return False


def bench(rng):
    """A multi-label head: a batch of 1,024 rows of 1,000 labels, about 2% of them positive, with a
    per-class pos_weight."""
    return _case(rng.standard_normal((1024, 1000)) * 3, rng.random((1024, 1000)) < 0.02, rng.uniform(1, 10, 1000)), \
        "logits (1024, 1000), 2% positive targets, pos_weight (1000,)"


KATA = api.Kata(
    call=call,
    checks=[check_loss, check_dlogits, check_dlogits_matches_finite_differences],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
