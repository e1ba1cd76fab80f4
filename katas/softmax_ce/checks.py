"""Checks for softmax_ce: softmax over any axis, the mean cross-entropy with label smoothing, and its
gradient, against the reference; the gradient also against central finite differences of the grader's
own float64 loss (a property that does not depend on the reference backward).

Tolerances. softmax and dlogits: |got − expected| ≤ 1e-6 + 1e-5·|expected|. loss:
|got − expected| ≤ 1e-6·max(1, max|logits|) + 1e-5·|expected|. Every term of the loss is
target · (logsumexp − z) ≥ 0, so rounding is relative to the loss except where a logit near 1e4 is
rounded: in float32 that costs up to ~6e-8 · 1e4, hence the absolute part that grows with the largest
logit. All generated logits are multiples of 1/2 below 2^14 in magnitude, exact in float32, so
differences z − max(z) are exact in any width.

Large logits (offsets up to ±9000, gaps up to 10000) are in the edge cases and in about half of the
generated cases: without the max-shift exp overflows (or underflows to log 0), and log(softmax) gives
log 0 = −inf as soon as the true class is ~745 below the best one; a finite but wrong value fails too.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close


RTOL = 1e-5
ATOL = 1e-6
LOSS_ATOL = 1e-6  # times max(1, max|logits|)
FD_STEP = 1e-4
FD_ATOL = 1e-5  # finite differences: rounding of a loss near 1e4 and the step's truncation error
FD_RTOL = 1e-4


# ---- cases -------------------------------------------------------------------------------

def _case(x, axis, logits, labels, label_smoothing=None):
    return {
        "x": np.asarray(x, dtype=np.float64),
        "axis": axis,
        "logits": np.asarray(logits, dtype=np.float64),
        "labels": np.asarray(labels, dtype=np.int64).reshape(-1),
        "label_smoothing": label_smoothing,
    }


def edge_cases():
    return [
        # magnitudes up to 1e4: the true class is 2e4 below the best one, loss 2e4
        _case([1e4, 0, -1e4], None, [[1e4, 0, -1e4], [0, 1, 2]], [2, 2]),
        # all logits near +1e4 (exp overflows without the shift) and near -1e4 (exp underflows to 0)
        _case([[-1e4, -9999.5], [9000, 8999]], 1, [[10000, 9999, 9998], [-9990, -10000, -9995]], [0, 1]),
        # an ordinary batch, softmax over axis 0, smoothing 0.1
        _case([[1, 2, 3], [1, 1, 1]], 0, [[1, 2, 3], [1, 1, 1], [0.5, -2, 0]], [2, 0, 1], 0.1),
        # a gap of 1000 to the true class: log(softmax) underflows to log 0 there
        _case([[0, -1000], [5, 5]], -1, [[0, -1000, 5], [2, 1, 0]], [1, 0], 0.0),
        # smoothing 1: the target is uniform; C = 2
        _case([[[1, 2], [3, 4]], [[-1, 0], [0.5, 0.5]]], -2, [[3, -1], [0, 0], [2, 2]], [0, 1, 1], 1.0),
        # a single sample (mean = sum) next to large logits with smoothing
        _case([[2.5], [-1]], 1, [[4000, -4000, 0, 1]], [3], 0.25),
        # rank 3 softmax over the middle axis; large logits with smoothing 0.2
        _case(np.arange(24).reshape(2, 3, 4) * 500.0 - 6000, 1, [[1e4, -1e4], [0, 0], [-5000, 5000]], [0, 1, 0], 0.2),
    ]


_PLAIN = np.array([0, 1, -1, 2, -2, 3, -3, 4, -4, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5]) / 1.0  # halves in [-4, 4]
_OFFSETS = np.array([1000.0, -1000.0, 5000.0, -5000.0, 9000.0, -9000.0])
_WIDE = 1000.0 * np.arange(-5, 6)  # thousands: gaps up to 1e4 inside one row
_SMOOTHING = [None, None, 0.0, 0.1, 0.2, 0.25, 0.5, 1.0]


def _levels(levels, raw):
    """Map raw bytes to levels; byte 0 maps to the first (simplest) level, so shrunk bytes read well."""
    return levels[np.frombuffer(raw, np.uint8) % len(levels)]


def _values(draw, shape, st):
    """Values of one array, row by row (last axis): plain halves, a large offset plus halves, or thousands."""
    size = int(np.prod(shape))
    rows = size // shape[-1]
    kinds = _levels(np.arange(4), draw(st.binary(min_size=rows, max_size=rows)))  # 0, 1 plain, 2 offset, 3 wide
    offsets = _levels(_OFFSETS, draw(st.binary(min_size=rows, max_size=rows)))
    plain = _levels(_PLAIN, draw(st.binary(min_size=size, max_size=size))).reshape(rows, shape[-1])
    wide = _levels(_WIDE, draw(st.binary(min_size=size, max_size=size))).reshape(rows, shape[-1])
    kinds = kinds[:, None]
    values = np.where(kinds <= 1, plain, np.where(kinds == 2, offsets[:, None] + plain, wide + plain))
    return values.reshape(shape)


def cases():
    from hypothesis import strategies as st

    @st.composite
    def ce_case(draw):
        rank = draw(st.sampled_from([2, 3, 1]))
        shape = tuple(draw(st.integers(1, 4)) for _ in range(rank))
        x = _values(draw, shape, st)
        axis = draw(st.one_of(st.none(), st.integers(-rank, rank - 1)))
        n, c = draw(st.integers(1, 6)), draw(st.integers(2, 6))
        logits = _values(draw, (n, c), st)
        labels = draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n))
        return _case(x, axis, logits, labels, draw(st.sampled_from(_SMOOTHING)))

    return ce_case()


# ---- the call, in the worker ---------------------------------------------------------------

def call(sub, case):
    x, axis = case["x"], case["axis"]
    probs = sub.softmax(x) if axis is None else sub.softmax(x, axis)
    if isinstance(probs, np.ndarray):
        probs = probs.copy()
    s = case["label_smoothing"]
    args = (case["logits"], case["labels"]) + (() if s is None else (s,))
    loss = sub.cross_entropy(*args)
    if isinstance(loss, np.ndarray):
        loss = loss.copy()
    dlogits = sub.cross_entropy_backward(*args)
    return {"probs": probs, "loss": loss, "dlogits": dlogits}


# ---- helpers in the grader -----------------------------------------------------------------

def _smoothing(case):
    return case["label_smoothing"] or 0.0


def _row_losses(z, labels, s):
    """Cross-entropy of each row in float64, with the grader's own stable formula."""
    z = z - z.max(axis=1, keepdims=True)
    lse = np.log(np.exp(z).sum(axis=1))
    # target (1 - s) on the label and s / C everywhere: loss = lse - (1 - s) z_y - s mean(z)
    return lse - (1 - s) * z[np.arange(len(z)), labels] - s * z.mean(axis=1)


def numerical_gradient(case):
    """Central differences of the mean cross-entropy; rows are independent, so a column at a time."""
    z = case["logits"] - case["logits"].max(axis=1, keepdims=True)  # the loss ignores a shift per row
    labels, s, n = case["labels"], _smoothing(case), len(case["logits"])
    grad = np.zeros_like(z)
    for j in range(z.shape[1]):
        plus, minus = z.copy(), z.copy()
        plus[:, j] += FD_STEP
        minus[:, j] -= FD_STEP
        steps = (plus[:, j] - z[:, j]) + (z[:, j] - minus[:, j])  # the steps actually taken after rounding
        grad[:, j] = (_row_losses(plus, labels, s) - _row_losses(minus, labels, s)) / steps / n
    return grad


def _scalar(value, name):
    arr = as_array(value, name, kinds="iuf")
    if arr.size != 1:
        raise Mismatch(
            f"`{name}` has shape {arr.shape}, expected a single number (the mean over the batch)",
            f"`{name}` 的 shape 为 {arr.shape}，应为一个数（对整个批取平均）",
        )
    return float(arr.reshape(()))


# ---- checks ---------------------------------------------------------------------------------

def check_softmax(case, got, want):
    assert_close(got["probs"], want["probs"], "probs", rtol=RTOL, atol=ATOL)


def check_loss(case, got, want):
    loss, expected = _scalar(got["loss"], "loss"), float(want["loss"])
    tol = LOSS_ATOL * max(1.0, float(np.abs(case["logits"]).max())) + RTOL * abs(expected)
    if not abs(loss - expected) <= tol:
        raise Mismatch(
            f"the loss is {loss:.10g}, expected {expected:.10g} (error {abs(loss - expected):.3g}, tolerance {tol:.3g})",
            f"损失为 {loss:.10g}，应为 {expected:.10g}（误差 {abs(loss - expected):.3g}，容差 {tol:.3g}）",
        )


def check_dlogits(case, got, want):
    assert_close(got["dlogits"], want["dlogits"], "dlogits", rtol=RTOL, atol=ATOL)


def check_dlogits_matches_finite_differences(case, got, want):
    grad = numerical_gradient(case)
    dlogits = as_array(got["dlogits"], "dlogits", kinds="iuf")
    if dlogits.shape != grad.shape:
        raise Mismatch(f"`dlogits` has shape {dlogits.shape}, expected {grad.shape}",
                       f"`dlogits` 的 shape 为 {dlogits.shape}，应为 {grad.shape}")
    try:
        assert_close(dlogits, grad, "dlogits", rtol=FD_RTOL, atol=FD_ATOL)
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
    """Two results agree when every output matches within the smallest tolerance of the checks
    (1e-6 + 1e-5·|value|), so that an output failing a check is never "the same" as the reference."""
    try:
        return (_agree(a["probs"], b["probs"], RTOL, ATOL)
                and _agree(np.reshape(a["loss"], -1), np.reshape(b["loss"], -1), RTOL, ATOL)
                and _agree(a["dlogits"], b["dlogits"], RTOL, ATOL))
    except (TypeError, ValueError, KeyError):
        return False


def bench(rng):
    """An ImageNet-sized classifier head: a batch of 1,024 rows of 1,000 logits, label smoothing 0.1; softmax
    over the last axis of the same logits."""
    logits = rng.standard_normal((1024, 1000)) * 3
    return _case(logits.copy(), -1, logits, rng.integers(0, 1000, 1024), 0.1), \
        "logits (1024, 1000), label smoothing 0.1; softmax of (1024, 1000) over the last axis"


KATA = api.Kata(
    call=call,
    checks=[check_softmax, check_loss, check_dlogits, check_dlogits_matches_finite_differences],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
