"""Checks for conv2d_backward: shapes, dbias, and dx and dweight both against the reference and against
central finite differences of L = sum(conv2d(x, weight) · dout) along fixed test directions.

All values are multiples of 0.5 in [-3, 3], kernels at most 3x3 over at most 3 channels, so every
gradient entry is a short sum of exact products: float32 and float64 solutions give exact results, and
the tolerance (1e-5 absolute and relative) only absorbs summation order. L is linear in x and in weight,
so its central difference is exact for any step; the steps (0.5 times directions of ±0.5 and ±1) keep
every value dyadic.
"""

import math

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close, close_enough, unpack


RTOL = 1e-5
ATOL = 1e-5
FD_STEP = 0.5
DIRECTIONS = 2  # test directions per gradient


def _pair(value):
    if np.ndim(value) == 0:
        return int(value), int(value)
    a, b = value
    return int(a), int(b)


def out_size(n, k, s, p, d):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def conv2d(x, weight, stride, padding, dilation):
    """The forward pass (no bias), for the finite differences."""
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    n, _, h, w = x.shape
    c_out, _, kh, kw = weight.shape
    h_out, w_out = out_size(h, kh, sh, ph, dh), out_size(w, kw, sw, pw, dw)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = np.zeros((n, c_out, h_out, w_out))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i * dh:i * dh + sh * (h_out - 1) + 1:sh, j * dw:j * dw + sw * (w_out - 1) + 1:sw]
            out += np.einsum("nchw,oc->nohw", patch, weight[:, :, i, j])
    return out


def _case(dout, x, weight, stride=1, padding=0, dilation=1):
    return {"dout": np.asarray(dout, dtype=np.float64), "x": np.asarray(x, dtype=np.float64),
            "weight": np.asarray(weight, dtype=np.float64), "stride": stride, "padding": padding,
            "dilation": dilation}


def _pattern(shape, shift=0):
    """Small deterministic integers in [-3, 3]."""
    return ((np.arange(math.prod(shape)) * 5 + shift) % 7 - 3).reshape(shape).astype(np.float64)


def _with_dout(x, weight, stride=1, padding=0, dilation=1, shift=4):
    x, weight = np.asarray(x, dtype=np.float64), np.asarray(weight, dtype=np.float64)
    shape = conv2d(x, weight, stride, padding, dilation).shape
    return _case(_pattern(shape, shift), x, weight, stride, padding, dilation)


def edge_cases():
    return [
        # 1x1 everything: dx = dout·w = 8, dweight = dout·x = 6, dbias = dout = 2
        _case([[[[2]]]], [[[[3]]]], [[[[4]]]]),
        # no flip: out = [x0·w0 + x1·w1, x1·w0 + x2·w1]; dout = [1, 0] gives dx = [w0, w1, 0]
        _case([[[[1, 0]]]], [[[[1, 2, 3]]]], [[[[1, -2]]]]),
        # padding 1: dx has the shape of x, the gradient of the padding zeros is dropped
        _with_dout(_pattern((1, 1, 2, 3)), _pattern((1, 1, 2, 2), 1), padding=1),
        # stride 2: each output position scatters into its own window, two pixels apart
        _with_dout(_pattern((1, 1, 5, 5)), _pattern((1, 1, 2, 2), 2), stride=2),
        # dilation 2: taps two pixels apart
        _with_dout(_pattern((1, 2, 5, 4)), _pattern((2, 2, 2, 2), 3), dilation=2),
        # dbias sums over the batch and both spatial axes, one value per output channel
        _with_dout(_pattern((2, 2, 3, 4)), _pattern((3, 2, 2, 2), 5)),
        # (height, width) pairs and numpy ints
        _with_dout(_pattern((1, 2, 6, 5)), _pattern((2, 2, 2, 3), 6), stride=(2, 1), padding=(0, 1), dilation=(1, 2)),
        _with_dout(_pattern((2, 1, 7, 6)), _pattern((2, 1, 3, 2), 7), stride=np.int64(2), padding=np.int64(1),
                   dilation=np.int64(2)),
    ]


_HALVES = np.arange(-6, 7) / 2.0  # multiples of 0.5 in [-3, 3]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def backward_case(draw):
        n, c_in, c_out = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
        form = draw(st.sampled_from(["int", "pair", "numpy"]))
        kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        sh, ph, dh = draw(st.integers(1, 3)), draw(st.integers(0, 2)), draw(st.integers(1, 3))
        if form == "pair":
            sw, pw, dw = draw(st.integers(1, 3)), draw(st.integers(0, 2)), draw(st.integers(1, 3))
        else:  # one int for both axes
            sw, pw, dw = sh, ph, dh
        # the smallest input that still gives one output position (the dilated kernel spans d*(k-1)+1)
        h = draw(st.integers(max(1, dh * (kh - 1) + 1 - 2 * ph), 7))
        w = draw(st.integers(max(1, dw * (kw - 1) + 1 - 2 * pw), 7))

        def arg(a, b):
            if form == "pair":
                return (a, b)
            return np.int64(a) if form == "numpy" else a

        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))  # values: sizes still shrink

        def values(shape):
            return _HALVES[rng.integers(0, len(_HALVES), size=shape)]

        x, weight = values((n, c_in, h, w)), values((c_out, c_in, kh, kw))
        stride, padding, dilation = arg(sh, sw), arg(ph, pw), arg(dh, dw)
        shape = conv2d(x, weight, stride, padding, dilation).shape
        return _case(values(shape), x, weight, stride, padding, dilation)

    return backward_case()


def call(sub, case):
    args = (case["stride"], case["padding"], case["dilation"])
    if args == (1, 0, 1):
        args = ()  # the defaults
    dx, dweight, dbias = unpack(sub.conv2d_backward(case["dout"], case["x"], case["weight"], *args), 3,
                                "conv2d_backward")
    return {"dx": dx, "dweight": dweight, "dbias": dbias}


# ---- checks -----------------------------------------------------------------------------------

def _shape(got, key, shape, names):
    arr = as_array(got[key], key, kinds="iuf")
    if arr.shape != shape:
        extra_en = extra_zh = ""
        if key == "dx" and arr.ndim == 4 and arr.shape[:2] == shape[:2] and arr.shape[2] > shape[2]:
            extra_en = ": this looks like the gradient of the padded input; crop the padding off"
            extra_zh = "：这看起来是补零后输入的梯度，需要把 padding 部分裁掉"
        raise Mismatch(f"`{key}` has shape {arr.shape}, expected {names} = {shape}{extra_en}",
                       f"`{key}` 的 shape 为 {arr.shape}，应为 {names} = {shape}{extra_zh}")
    return arr.astype(np.float64)


def check_shapes(case, got, want):
    _shape(got, "dx", case["x"].shape, "x.shape")
    _shape(got, "dweight", case["weight"].shape, "weight.shape")
    _shape(got, "dbias", (case["weight"].shape[0],), "(C_out,)")


def check_dbias(case, got, want):
    assert_close(got["dbias"], want["dbias"], "dbias", rtol=RTOL, atol=ATOL)


def _directions(shape, salt):
    """Fixed test directions with entries ±0.5 and ±1 (never 0), the same for every run."""
    rng = np.random.default_rng([salt] + list(shape))
    return [np.array([-1.0, -0.5, 0.5, 1.0])[rng.integers(0, 4, size=shape)] for _ in range(DIRECTIONS)]


def numerical_directional_derivative(loss, point, direction, step=FD_STEP):
    """Central difference of `loss` at `point` along `direction`."""
    return (loss(point + step * direction) - loss(point - step * direction)) / (2 * step)


def _check_fd(case, got, key):
    dout, x, weight = case["dout"], case["x"], case["weight"]
    args = (case["stride"], case["padding"], case["dilation"])
    grad = _shape(got, key, case[key[1:]].shape, f"{key[1:]}.shape")
    if key == "dx":
        loss = lambda z: float(np.sum(conv2d(z, weight, *args) * dout))  # noqa: E731
        bound = lambda u: float(np.sum(conv2d(np.abs(u), np.abs(weight), *args) * np.abs(dout)))  # noqa: E731
        point = x
    else:
        loss = lambda z: float(np.sum(conv2d(x, z, *args) * dout))  # noqa: E731
        bound = lambda u: float(np.sum(conv2d(np.abs(x), np.abs(u), *args) * np.abs(dout)))  # noqa: E731
        point = weight
    for u in _directions(point.shape, 1 if key == "dx" else 2):
        fd = numerical_directional_derivative(loss, point, u)
        claimed = float(np.sum(u * grad))
        tol = ATOL * (1.0 + bound(u))
        if not abs(claimed - fd) <= tol:
            raise Mismatch(
                f"`{key}` disagrees with finite differences: along a test direction u, "
                f"(L({key[1:]} + h·u) − L({key[1:]} − h·u)) / 2h = {fd:.6g} for L = sum(conv2d(x, weight) · dout), "
                f"but sum(u · {key}) = {claimed:.6g} (tolerance {tol:.3g})",
                f"`{key}` 与有限差分不一致：沿某个测试方向 u，对 L = sum(conv2d(x, weight) · dout) 有 "
                f"(L({key[1:]} + h·u) − L({key[1:]} − h·u)) / 2h = {fd:.6g}，而 sum(u · {key}) = {claimed:.6g}"
                f"（容差 {tol:.3g}）",
            )


def check_dx_matches_finite_differences(case, got, want):
    _check_fd(case, got, "dx")


def check_dx(case, got, want):
    assert_close(got["dx"], want["dx"], "dx", rtol=RTOL, atol=ATOL)


def check_dweight_matches_finite_differences(case, got, want):
    _check_fd(case, got, "dweight")


def check_dweight(case, got, want):
    assert_close(got["dweight"], want["dweight"], "dweight", rtol=RTOL, atol=ATOL)


def same(a, b):
    """Two results agree when dx, dweight and dbias all agree within the tolerance."""
    try:
        return all(close_enough(a[k], b[k], rtol=RTOL, atol=ATOL) for k in ("dx", "dweight", "dbias"))
    except (KeyError, TypeError, ValueError):
        return False


def bench(rng):
    """The backward pass of conv2d's bench layer: a batch of 56 x 56 feature maps through a 3 x 3
    convolution with padding 1, as in a ResNet stage."""
    x = rng.standard_normal((4, 32, 56, 56))
    weight = rng.standard_normal((32, 32, 3, 3)) * 0.05
    return _case(rng.standard_normal((4, 32, 56, 56)), x, weight, 1, 1, 1), \
        "x (4, 32, 56, 56), weight (32, 32, 3, 3), padding 1"


KATA = api.Kata(
    call=call,
    checks=[check_shapes, check_dbias, check_dx_matches_finite_differences, check_dx, check_dweight_matches_finite_differences, check_dweight],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
