"""Checks for maxpool2d: output shape (floor, stride defaulting to the kernel size), forward values, and
the backward pass: dx against the reference, and two properties independent of it: in every (n, c)
channel dx sums to the sum of dout (each window sends its gradient to exactly one element), and on
inputs without tied maxima dx equals central finite differences of L = sum(out · dout).

The backward needs a dout of the shape the submission's forward returned. The case holds dout for the
right output shape; when the forward returned another shape (ceil mode, stride 1...), dout is resized to
it with np.resize (values repeated), so the backward still runs and the shape check reports the problem.

Values are small dyadic numbers, exact in float32: ties are exact and frequent ("tied" inputs take values
in {-1, 0, 1, 2}), so the tie rule (the first maximum in row-major order gets the gradient, as torch's
CPU kernel does) is tested on most inputs; "distinct" inputs are multiples of 1/8 without repeats inside
most windows. Tolerance: |got − expected| ≤ 1e-6 + 1e-6·|expected|.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import BadOutput, Mismatch, as_array, assert_close, unpack


RTOL = ATOL = 1e-6
FD_STEP = 1e-3  # below half the 1/8 spacing of distinct values, so no maximum changes place


# ---- cases -------------------------------------------------------------------------------

def out_size(n, k, s):
    return (n - k) // s + 1


def _case(x, kernel_size, stride=None, dout=None):
    x = np.asarray(x, dtype=np.float64)
    s = kernel_size if stride is None else stride
    shape = x.shape[:2] + (out_size(x.shape[2], kernel_size, s), out_size(x.shape[3], kernel_size, s))
    if dout is None:
        dout = (np.arange(int(np.prod(shape))) % 5 + 1.0).reshape(shape)  # 1, 2, 3, 4, 5, 1, ...
    return {"x": x, "kernel_size": int(kernel_size), "stride": None if stride is None else int(stride),
            "dout": np.asarray(dout, dtype=np.float64).reshape(shape)}


def edge_cases():
    distinct = (np.arange(50) * 37 % 50).reshape(2, 1, 5, 5) / 8.0 - 3  # no repeated value
    return [
        # a tie across rows: the first maximum in row-major order is (0, 1), column-major would say (1, 0)
        _case([[[[0, 1], [1, 0]]]], 2, dout=[[[[1]]]]),
        # a window of four equal values: only the first gets the gradient
        _case(np.ones((1, 1, 2, 2)), 2, dout=[[[[2]]]]),
        # overlapping windows that share their maximum: the gradients add up (torch's own example)
        _case([[[[0, 0, 1], [1, 0, 1], [1, 1, 1]]]], 2, 1, dout=np.ones((1, 1, 2, 2))),
        # the stride left out: it defaults to the kernel size, so a 4 x 4 input gives 2 x 2
        _case(np.arange(16.0).reshape(1, 1, 4, 4) % 7, 2),
        # 5 x 5 with kernel 2, stride 2: floor gives 2 x 2 (the last row and column are dropped)
        _case((np.arange(25.0).reshape(1, 1, 5, 5) * 3) % 4, 2, 2),
        # kernel 3, stride 1, distinct values, N = 2: tie-free, checked by finite differences too
        _case(distinct, 3, 1),
        # every value negative: the maximum is negative, not 0
        _case(-1 - (np.arange(18.0).reshape(1, 2, 3, 3) % 4), 2, 1),
        # a non-square input, kernel 3, stride 2: H_out = 3, W_out = 1
        _case((np.arange(28.0).reshape(1, 1, 7, 4) * 5) % 3 - 1, 3, 2),
        # kernel 1: pooling is the identity
        _case([[[[1, -1], [0.5, 2]]], [[[3, 3], [0, -2]]]], 1),
    ]


_TIED = np.array([0.0, 1.0, -1.0, 2.0, 1.0, 2.0])
_DOUT = np.array([1.0, 2.0, -1.0, 0.5, 3.0, -2.0, 1.5, 0.25])
_OFFSET = np.array([0.0, 0.0, -4.0, 3.0])  # some inputs entirely negative


def _levels(levels, raw):
    """Map raw bytes to levels; byte 0 maps to the first (simplest) level, so shrunk bytes read well."""
    return levels[np.frombuffer(raw, np.uint8) % len(levels)]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def pool_case(draw):
        k = draw(st.sampled_from([2, 3, 2, 1, 3]))
        stride = draw(st.sampled_from([None, 1, 2, None, 1, 3]))
        n, c = draw(st.integers(1, 2)), draw(st.integers(1, 2))
        h, w = draw(st.integers(k, 7)), draw(st.integers(k, 7))
        size = n * c * h * w
        raw = draw(st.binary(min_size=size, max_size=size))
        # byte b at flat index i picks level (b + 37 i): all-zero bytes still give a varied input
        code = (np.frombuffer(raw, np.uint8).astype(np.int64) + 37 * np.arange(size)) % 256
        if draw(st.sampled_from([True, True, False])):
            x = _TIED[code % len(_TIED)]
        else:
            x = code / 8.0 - 16.0  # multiples of 1/8: repeats are rare
        x = x.reshape(n, c, h, w) + _levels(_OFFSET, draw(st.binary(min_size=1, max_size=1)))[0]
        case = _case(x, k, stride)
        m = case["dout"].size
        case["dout"] = _levels(_DOUT, draw(st.binary(min_size=m, max_size=m))).reshape(case["dout"].shape)
        return case

    return pool_case()


# ---- the call, in the worker ---------------------------------------------------------------

def call(sub, case):
    args = (case["x"], case["kernel_size"]) + (() if case["stride"] is None else (case["stride"],))
    out, cache = unpack(sub.maxpool2d_forward(*args), 2, "maxpool2d_forward")
    if isinstance(out, np.ndarray):
        out = out.copy()
    try:
        shape = np.shape(out)
    except (TypeError, ValueError):
        raise BadOutput("maxpool2d_forward returned an `out` that is not an array",
                        "maxpool2d_forward 返回的 `out` 不是数组") from None
    dout = case["dout"] if shape == case["dout"].shape else np.resize(case["dout"], shape)
    return {"out": out, "dx": sub.maxpool2d_backward(dout, cache)}


# ---- helpers in the grader -----------------------------------------------------------------

def _stride(case):
    return case["kernel_size"] if case["stride"] is None else case["stride"]


def _windows(x, k, s):
    """(..., N, C, H_out, W_out, k*k): the grader's own windows, by loops over the kernel taps."""
    h_out, w_out = out_size(x.shape[-2], k, s), out_size(x.shape[-1], k, s)
    taps = [x[..., a:a + s * (h_out - 1) + 1:s, b:b + s * (w_out - 1) + 1:s] for a in range(k) for b in range(k)]
    return np.stack(taps, axis=-1)


def _has_tied_maximum(case):
    win = _windows(case["x"], case["kernel_size"], _stride(case))
    return bool(((win == win.max(axis=-1, keepdims=True)).sum(axis=-1) > 1).any())


def numerical_dx(case):
    """Central differences of L = sum(out · dout), all elements perturbed at once (one batch entry each)."""
    x, k, s, dout = case["x"], case["kernel_size"], _stride(case), case["dout"]
    eye = np.eye(x.size).reshape((x.size,) + x.shape) * FD_STEP
    def loss(xs):
        return (_windows(xs, k, s).max(axis=-1) * dout).reshape(x.size, -1).sum(axis=1)
    return ((loss(x + eye) - loss(x - eye)) / (2 * FD_STEP)).reshape(x.shape)


def _dx(case, got):
    dx = as_array(got["dx"], "dx", kinds="iuf")
    if dx.shape != case["x"].shape:
        raise Mismatch(f"`dx` has shape {dx.shape}, expected the shape of x, {case['x'].shape}",
                       f"`dx` 的 shape 为 {dx.shape}，应与 x 的 shape {case['x'].shape} 相同")
    return dx.astype(np.float64)


# ---- checks ---------------------------------------------------------------------------------

def check_output_shape(case, got, want):
    out = as_array(got["out"], "out", ndim=4, kinds="iuf")
    expected = case["dout"].shape
    if out.shape != expected:
        n, c, h, w = case["x"].shape
        k, s = case["kernel_size"], _stride(case)
        default = " (stride left out, so stride = kernel_size)" if case["stride"] is None else ""
        default_zh = "（没有传 stride，所以 stride = kernel_size）" if case["stride"] is None else ""
        raise Mismatch(
            f"`out` has shape {out.shape}, expected {expected}: H_out = floor((H − k) / stride) + 1 = "
            f"floor(({h} − {k}) / {s}) + 1 = {expected[2]}, W_out = floor(({w} − {k}) / {s}) + 1 = {expected[3]}"
            + default,
            f"`out` 的 shape 为 {out.shape}，应为 {expected}：H_out = floor((H − k) / stride) + 1 = "
            f"floor(({h} − {k}) / {s}) + 1 = {expected[2]}，W_out = floor(({w} − {k}) / {s}) + 1 = {expected[3]}"
            + default_zh,
        )


def check_forward(case, got, want):
    assert_close(got["out"], want["out"], "out", rtol=RTOL, atol=ATOL)


def check_dx_total_per_channel(case, got, want):
    dx = _dx(case, got)
    got_sum, want_sum = dx.sum(axis=(2, 3)), case["dout"].sum(axis=(2, 3))
    tol = ATOL + RTOL * np.abs(case["dout"]).sum(axis=(2, 3))
    bad = ~(np.abs(got_sum - want_sum) <= tol)
    if bad.any():
        b, ch = (int(i) for i in np.argwhere(bad)[0])
        raise Mismatch(
            f"in channel (n={b}, c={ch}) dx sums to {got_sum[b, ch]:.6g}, but dout sums to {want_sum[b, ch]:.6g}: "
            f"each window passes its gradient to exactly one element, so the totals must be equal",
            f"在通道 (n={b}, c={ch}) 中 dx 之和为 {got_sum[b, ch]:.6g}，而 dout 之和为 {want_sum[b, ch]:.6g}："
            f"每个窗口的梯度只传给一个元素，所以两者之和必须相等",
        )


def check_dx_matches_finite_differences(case, got, want):
    if _has_tied_maximum(case):
        return  # with a tied maximum the loss has a kink there: the tie rule decides, not a derivative
    try:
        assert_close(_dx(case, got), numerical_dx(case), "dx", rtol=RTOL, atol=ATOL)
    except Mismatch as mismatch:
        raise Mismatch(
            "compared with central finite differences of L = sum(out · dout) (no tied maxima here): "
            + mismatch.message["en"],
            "与 L = sum(out · dout) 的中心差分数值梯度比较（这里没有并列的最大值）：" + mismatch.message["zh"],
            mismatch.diff,
        ) from None


def check_dx(case, got, want):
    assert_close(got["dx"], want["dx"], "dx", rtol=RTOL, atol=ATOL)


# ---- mistake matching -------------------------------------------------------------------------

def same(a, b):
    """Two results agree when out and dx have the same shapes and values within the tolerance."""
    try:
        for key in ("out", "dx"):
            x, y = np.asarray(a[key], dtype=np.float64), np.asarray(b[key], dtype=np.float64)
            if x.shape != y.shape or not np.allclose(x, y, rtol=RTOL, atol=ATOL, equal_nan=True):
                return False
        return True
    except (TypeError, ValueError, KeyError):
        return False


def bench(rng):
    """A CNN's downsampling step: a batch of 32 feature maps of 64 x 56 x 56, 2 x 2 windows with stride 2."""
    x = rng.standard_normal((32, 64, 56, 56))
    return _case(x, 2, 2, rng.standard_normal((32, 64, 28, 28))), "x (32, 64, 56, 56), kernel 2, stride 2"


KATA = api.Kata(
    call=call,
    checks=[check_output_shape, check_forward, check_dx_total_per_channel, check_dx_matches_finite_differences, check_dx],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
