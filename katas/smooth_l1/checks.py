"""Checks for smooth_l1: the mean smooth L1 loss and its gradient against the reference, and the gradient
against central finite differences of the grader's own float64 loss.

pred is a multiple of 1/4 in [-3, 3], d = pred − target a multiple of 1/8 in [-6, 6] and beta a
multiple of 1/4 (or 0), so every difference is exact in float32 and float64, and |d| = beta happens
exactly and often: the two pieces meet there with equal value and equal slope, so either side of the
comparison is right, and the test shows it. beta = 0 (plain L1, gradient sign(d) with 0 at d = 0) is in
about a quarter of the generated cases, often with d = 0; differences below beta are common, so the
quadratic piece is exercised whenever beta is not 0.

Tolerance: |got − expected| ≤ 1e-6 + 1e-5·|expected| for the loss and for each element of dpred;
against finite differences 1e-5 + 1e-4·|difference quotient|. At a kink (|d| = beta, or d = 0 with
beta = 0) the central difference is the average of the two one-sided slopes, which is exactly the
gradient defined here.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close


RTOL = 1e-5
ATOL = 1e-6
FD_STEP = 1e-6  # far below the 1/8 between a difference and the nearest kink
FD_ATOL = 1e-5
FD_RTOL = 1e-4


# ---- cases -------------------------------------------------------------------------------

def _case(pred, target, beta=None):
    pred = np.asarray(pred, dtype=np.float64)
    return {"pred": pred, "target": np.asarray(target, dtype=np.float64).reshape(pred.shape),
            "beta": None if beta is None else float(beta)}


def edge_cases():
    return [
        # the default beta = 1: 0.125 + 1.5 + 2.5 = 4.125, mean 1.375
        _case([0.5, -2, 3], [0, 0, 0]),
        # beta = 0.5 with |d| exactly at beta on both sides, inside and outside
        _case([[0.25, 0.5], [-1, 3]], [[0, 0], [-0.5, 1]], 0.5),
        # beta = 0: plain L1, gradient sign(d) and 0 where d = 0
        _case([[1, 2, -0.5], [0, 0.25, 3]], [[1, 0, 0.5], [0, 0.25, -1]], 0.0),
        # beta = 2 with a tie at |d| = 2
        _case([1, -3, 2, 0.5], [0, 0, 0, 0], 2.0),
        # rank 3, beta = 0.25
        _case([[[0.125, -1], [0.25, 0]], [[2, -0.125], [0.5, -0.25]]], np.zeros((2, 2, 2)), 0.25),
        # beta = 0 with no zero difference, and a wide beta = 3
        _case([[2, -1.5, 0.25]], [[0.5, 0.5, 1]], 0.0),
        _case([[2.5, -2], [0.75, 6]], [[0, 1], [0, 0]], 3.0),
        # a single element
        _case([[1.5]], [[0]], 1.5),
    ]


_VALUES = np.arange(-12, 13) / 4.0  # pred: multiples of 1/4 in [-3, 3]
_DIFFS = np.array([0, 0.125, -0.125, 0.25, -0.25, 0.5, -0.5, 0.75, -0.75, 1, -1, 1.5, -1.5, 2, -2, 3, -3, 4.5, -6])
_BETAS = [None, 0.5, 0.0, 2.0, 0.25, 0.0, 1.5, 3.0, 0.0, 0.75, 1.0]


def _levels(levels, raw):
    """Map raw bytes to levels; byte 0 maps to the first (simplest) level, so shrunk bytes read well."""
    return levels[np.frombuffer(raw, np.uint8) % len(levels)]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def sl1_case(draw):
        rank = draw(st.sampled_from([2, 1, 3]))
        shape = tuple(draw(st.integers(1, 4 if rank < 3 else 3)) for _ in range(rank))
        size = int(np.prod(shape))
        pred = _levels(_VALUES, draw(st.binary(min_size=size, max_size=size)))
        d = _levels(_DIFFS, draw(st.binary(min_size=size, max_size=size)))  # small differences are common
        target = pred - d
        return _case(pred.reshape(shape), target.reshape(shape), draw(st.sampled_from(_BETAS)))

    return sl1_case()


# ---- the call, in the worker ---------------------------------------------------------------

def call(sub, case):
    args = (case["pred"], case["target"]) + (() if case["beta"] is None else (case["beta"],))
    loss = sub.smooth_l1(*args)
    if isinstance(loss, np.ndarray):
        loss = loss.copy()
    return {"loss": loss, "dpred": sub.smooth_l1_backward(*args)}


# ---- helpers in the grader -----------------------------------------------------------------

def _beta(case):
    return 1.0 if case["beta"] is None else case["beta"]


def _terms(d, beta):
    """Smooth L1 of each difference in float64, written independently of the reference."""
    a = np.abs(d)
    if beta == 0:
        return a
    return np.minimum(a, beta) ** 2 / (2 * beta) + np.maximum(a - beta, 0.0)  # quadratic part + linear excess


def numerical_gradient(case):
    """Central differences of the mean loss; each term depends on one element, so all steps at once."""
    pred, target, beta = case["pred"], case["target"], _beta(case)
    plus, minus = pred + FD_STEP, pred - FD_STEP
    steps = (plus - pred) + (pred - minus)
    return (_terms(plus - target, beta) - _terms(minus - target, beta)) / steps / pred.size


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
    tol = ATOL + RTOL * abs(expected)
    if not abs(loss - expected) <= tol:
        raise Mismatch(
            f"the loss is {loss:.10g}, expected {expected:.10g} (error {abs(loss - expected):.3g}, tolerance {tol:.3g})",
            f"损失为 {loss:.10g}，应为 {expected:.10g}（误差 {abs(loss - expected):.3g}，容差 {tol:.3g}）",
        )


def check_dpred(case, got, want):
    assert_close(got["dpred"], want["dpred"], "dpred", rtol=RTOL, atol=ATOL)


def check_dpred_matches_finite_differences(case, got, want):
    grad = numerical_gradient(case)
    dpred = as_array(got["dpred"], "dpred", kinds="iuf")
    if dpred.shape != grad.shape:
        raise Mismatch(f"`dpred` has shape {dpred.shape}, expected {grad.shape}",
                       f"`dpred` 的 shape 为 {dpred.shape}，应为 {grad.shape}")
    try:
        assert_close(dpred, grad, "dpred", rtol=FD_RTOL, atol=FD_ATOL)
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
    """Two results agree when the loss and dpred match within the check tolerance (1e-6 + 1e-5·|value|)."""
    try:
        return (_agree(np.reshape(a["loss"], -1), np.reshape(b["loss"], -1), RTOL, ATOL)
                and _agree(a["dpred"], b["dpred"], RTOL, ATOL))
    except (TypeError, ValueError, KeyError):
        return False


def bench(rng):
    """Box-regression deltas of a detector's batch: 250,000 anchors x 4 coordinates, beta 1 (the default)."""
    pred = rng.standard_normal((250_000, 4))
    return _case(pred, pred + rng.standard_normal((250_000, 4)) * 0.5), "pred and target (250000, 4), beta 1"


KATA = api.Kata(
    call=call,
    checks=[check_loss, check_dpred, check_dpred_matches_finite_differences],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
