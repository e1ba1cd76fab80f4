"""Checks for focal_loss: the mean sigmoid focal loss (torchvision.ops.sigmoid_focal_loss, reduction
"mean") against the reference.

Tolerance: |got − expected| ≤ 1e-6·max(1, max|logits|) + 1e-5·|expected|. Every term is ≥ 0, so the
rounding of a correct formula is relative to the loss, except for a logit near 1000 rounded in float32
(~6e-8·1000), hence the absolute part. Logits are multiples of 1/2, exact in float32.

Logits up to ±1000 are in the edge cases and in most generated cases, next to logits of ±20 and ±40
(where 1 − sigmoid(x) is exactly 0 in float64): a naive log(sigmoid(x)) gives inf or 0·inf = NaN there.
alpha = −1 (no weighting), alpha = 0.5 (swapping does nothing) and gamma = 0 (plain weighted BCE) are all
generated, as are batches with 0, 1 and several positives, so that "sum", "divided by the number of
positives" and "mean" differ.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array


RTOL = 1e-5
ATOL = 1e-6  # times max(1, max|logits|)


# ---- cases -------------------------------------------------------------------------------

def _case(logits, targets, alpha=None, gamma=None):
    x = np.asarray(logits, dtype=np.float64)
    return {"logits": x, "targets": np.asarray(targets, dtype=np.float64).reshape(x.shape),
            "alpha": None if alpha is None else float(alpha), "gamma": None if gamma is None else float(gamma)}


def edge_cases():
    return [
        # the defaults (alpha 0.25, gamma 2); logits of ±1000 against the target and 40 with it
        _case([[1000, -1000, 0, 40], [2, -1, 0.5, -3]], [[0, 1, 1, 1], [1, 0, 0, 1]]),
        # alpha = -1: no class weighting at all
        _case([[1, -2, 0.5], [3, 0, -0.5]], [[1, 0, 0], [0, 1, 1]], -1.0, 2.0),
        # gamma = 0: the focal loss is alpha-weighted BCE
        _case([2, -2, 0.5, -0.5], [1, 1, 0, 0], 0.25, 0.0),
        # alpha = 0.75 and gamma = 1.5 at logits around 20
        _case([[20, -20], [-24, 24]], [[0, 1], [0, 1]], 0.75, 1.5),
        # no positive at all, rank 3
        _case([[[0.5, -1], [2, -500]], [[1000, 0], [-2, 1.5]]], np.zeros((2, 2, 2)), 0.25, 2.0),
        # a single positive among several negatives, gamma 3
        _case([-1, 0.5, 2, -3, 1.5], [0, 0, 1, 0, 0], 0.5, 3.0),
        # all positives, alpha 1 (negatives would get weight 0)
        _case([[0.5, -4], [3, -0.5]], np.ones((2, 2)), 1.0, 1.0),
    ]


_PLAIN = np.array([0, 1, -1, 2, -2, 3, -3, 4, -4, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5])
_MEDIUM = np.array([20.0, -20.0, 40.0, -40.0, 24.0, -24.0, 48.0, -48.0])
_LARGE = np.array([1000.0, -1000.0, 500.0, -500.0, 100.0, -100.0, 999.5, -998.5])
_ALPHAS = [None, 0.25, -1.0, 0.75, 0.1, -1.0, 1.0, 0.0, 0.5]
_GAMMAS = [None, 2.0, 0.0, 1.0, 0.5, 1.5, 3.0, 2.0]


def _levels(levels, raw):
    """Map raw bytes to levels; byte 0 maps to the first (simplest) level, so shrunk bytes read well."""
    return levels[np.frombuffer(raw, np.uint8) % len(levels)]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def focal_case(draw):
        rank = draw(st.sampled_from([2, 1, 3]))
        if rank == 1:
            shape = (draw(st.integers(1, 8)),)
        elif rank == 2:
            shape = (draw(st.integers(1, 4)), draw(st.integers(2, 5)))
        else:
            shape = tuple(draw(st.integers(1, 3)) for _ in range(3))
        size = int(np.prod(shape))

        def raw():
            return draw(st.binary(min_size=size, max_size=size))

        kind = _levels(np.array([0, 0, 1, 2]), raw())
        x = np.where(kind == 0, _levels(_PLAIN, raw()), np.where(kind == 1, _levels(_MEDIUM, raw()),
                                                                  _levels(_LARGE, raw())))
        t = (_levels(np.array([0.0, 1.0]), raw()) + np.arange(size)) % 2  # zero bytes: alternating 0, 1
        alpha, gamma = draw(st.sampled_from(_ALPHAS)), draw(st.sampled_from(_GAMMAS))
        if gamma is not None and alpha is None:
            alpha = 0.25  # gamma is passed positionally, after alpha
        return _case(x.reshape(shape), t.reshape(shape), alpha, gamma)

    return focal_case()


# ---- the call, in the worker ---------------------------------------------------------------

def call(sub, case):
    args = (case["logits"], case["targets"])
    if case["alpha"] is not None:
        args += (case["alpha"],)
    if case["gamma"] is not None:
        args += (case["gamma"],)
    loss = sub.sigmoid_focal_loss(*args)
    if isinstance(loss, np.ndarray):
        loss = loss.copy()
    return {"loss": loss}


# ---- checks ---------------------------------------------------------------------------------

def _scalar(value, name):
    arr = as_array(value, name, kinds="iuf")
    if arr.size != 1:
        raise Mismatch(
            f"`{name}` has shape {arr.shape}, expected a single number (the mean over all elements)",
            f"`{name}` 的 shape 为 {arr.shape}，应为一个数（对所有元素取平均）",
        )
    return float(arr.reshape(()))


def check_loss_is_finite(case, got, want):
    loss = _scalar(got["loss"], "loss")
    if not np.isfinite(loss):
        big = float(np.abs(case["logits"]).max())
        raise Mismatch(
            f"the loss is {loss}, expected the finite value {float(want['loss']):.10g} (the largest |logit| here "
            f"is {big:g})",
            f"损失为 {loss}，应为有限值 {float(want['loss']):.10g}（这里最大的 |logit| 是 {big:g}）",
        )


def check_loss(case, got, want):
    loss, expected = _scalar(got["loss"], "loss"), float(want["loss"])
    tol = ATOL * max(1.0, float(np.abs(case["logits"]).max())) + RTOL * abs(expected)
    if not abs(loss - expected) <= tol:
        raise Mismatch(
            f"the loss is {loss:.10g}, expected {expected:.10g} (error {abs(loss - expected):.3g}, tolerance {tol:.3g})",
            f"损失为 {loss:.10g}，应为 {expected:.10g}（误差 {abs(loss - expected):.3g}，容差 {tol:.3g}）",
        )


# ---- mistake matching -------------------------------------------------------------------------

def same(a, b):
    """Two losses agree within the smallest tolerance of check_loss, 1e-6 + 1e-5·|loss|, so that a loss failing
    the check is never "the same" as the reference; a non-finite loss only matches a non-finite one."""
    try:
        x, y = float(np.asarray(a["loss"], dtype=np.float64).reshape(())), float(
            np.asarray(b["loss"], dtype=np.float64).reshape(()))
    except (TypeError, ValueError, KeyError):
        return False
    if not (np.isfinite(x) and np.isfinite(y)):
        return not np.isfinite(x) and not np.isfinite(y)
    return abs(x - y) <= ATOL + RTOL * abs(y)


def bench(rng):
    """A RetinaNet classification head on one image: 12,000 anchors x 80 classes, a few hundred positives."""
    return _case(rng.standard_normal((12000, 80)) * 3 - 4, rng.random((12000, 80)) < 0.0005, 0.25, 2.0), \
        "logits (12000, 80) (anchors x classes), alpha 0.25, gamma 2"


KATA = api.Kata(
    call=call,
    checks=[check_loss_is_finite, check_loss],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
