"""Checks for conv_transpose2d: the output size formula, the bias added once per output channel, the
adjoint property (a transposed convolution is the gradient of conv2d with respect to its input), and the
values against the reference.

All values are multiples of 0.5 in [-3, 3] with small kernels and channel counts, so every output is a
short sum of exact products: float32 and float64 solutions give exact results, and the tolerance (1e-5
absolute and relative) only absorbs summation order. The adjoint test uses fixed directions of ±0.5 and
±1, exact as well.
"""

import math

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Diff, Mismatch, as_array, assert_close, close_enough


RTOL = 1e-5
ATOL = 1e-5
NOBIAS = "out_without_bias"  # the output of the same call with bias=None, when the case has a bias


def _pair(value):
    if np.ndim(value) == 0:
        return int(value), int(value)
    a, b = value
    return int(a), int(b)


def out_size(n, k, s, p, op, d):
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def _case(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1):
    return {
        "x": np.asarray(x, dtype=np.float64),
        "weight": np.asarray(weight, dtype=np.float64),
        "bias": None if bias is None else np.asarray(bias, dtype=np.float64).reshape(-1),
        "stride": stride, "padding": padding, "output_padding": output_padding, "dilation": dilation,
    }


def _pattern(shape, shift=0):
    """Small deterministic integers in [-3, 3]."""
    return ((np.arange(math.prod(shape)) * 5 + shift) % 7 - 3).reshape(shape).astype(np.float64)


def edge_cases():
    # C_in == C_out first: code that reads the weight as (C_out, C_in, ...) still runs on these
    return [
        # one pixel scatters the whole kernel, scaled: out = 2 * weight + 1
        _case([[[[2]]]], [[[[1, 2], [3, 4]]]], [1]),
        # stride 2 spreads the copies apart: [1, 2] with kernel [1, -1] -> [1, -1, 2, -2]
        _case([[[[1, 2]]]], [[[[1, -1]]]], None, stride=2),
        # output_padding 1 adds one row and one column at the bottom and the right
        _case(_pattern((1, 2, 2, 2)), _pattern((2, 2, 2, 2), 1), [0.5, -1], stride=2, output_padding=1),
        # padding 1 crops one row and column on every side of the uncropped result
        _case(_pattern((1, 2, 3, 3)), _pattern((2, 2, 3, 3), 2), None, padding=1),
        # dilation 2: the kernel taps land two pixels apart
        _case(_pattern((1, 1, 2, 3)), _pattern((1, 1, 2, 2), 3), None, dilation=2),
        # padding and output_padding together: output_padding brings back rows that padding cropped
        _case(_pattern((2, 2, 3, 2)), _pattern((2, 2, 3, 3), 4), [1, -0.5], stride=3, padding=2, output_padding=2),
        # (height, width) pairs and numpy ints
        _case(_pattern((1, 2, 2, 3)), _pattern((2, 2, 2, 3), 5), None, stride=(2, 1), padding=(1, 0),
              output_padding=(1, 0), dilation=(1, 2)),
        _case(_pattern((1, 3, 3, 2)), _pattern((3, 3, 2, 2), 6), None, stride=np.int64(1), padding=np.int64(1),
              output_padding=np.int64(1), dilation=np.int64(2)),
        # C_in = 3, C_out = 2: weight is (C_in, C_out, KH, KW)
        _case(_pattern((2, 3, 2, 2)), _pattern((3, 2, 2, 2), 7), [1, 2], stride=2),
    ]


_HALVES = np.arange(-6, 7) / 2.0  # multiples of 0.5 in [-3, 3]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def transpose_case(draw):
        n, c_in = draw(st.integers(1, 2)), draw(st.integers(1, 3))
        c_out = c_in if draw(st.booleans()) else draw(st.integers(1, 3))
        form = draw(st.sampled_from(["int", "pair", "numpy"]))
        h, w = draw(st.integers(1, 4)), draw(st.integers(1, 4))
        kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))

        def axis(size, k):
            s, d = draw(st.integers(1, 3)), draw(st.integers(1, 3))
            op = draw(st.integers(0, max(s, d) - 1))
            room = (size - 1) * s + d * (k - 1) + op  # the output keeps at least one row
            return s, draw(st.integers(0, min(2, room // 2))), op, d

        sh, ph, oh, dh = axis(h, kh)
        if form == "pair":
            sw, pw, ow, dw = axis(w, kw)
        else:  # one int for both axes: the width must leave an output column with the same numbers
            sw, pw, ow, dw = sh, ph, oh, dh
            kw = kw if out_size(w, kw, sw, pw, ow, dw) >= 1 else kh
            w = w if out_size(w, kw, sw, pw, ow, dw) >= 1 else h

        def arg(a, b):
            if form == "pair":
                return (a, b)
            return np.int64(a) if form == "numpy" else a

        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))  # values: sizes still shrink

        def values(shape):
            return _HALVES[rng.integers(0, len(_HALVES), size=shape)]

        bias = values((c_out,)) if draw(st.booleans()) else None
        return _case(values((n, c_in, h, w)), values((c_in, c_out, kh, kw)), bias, arg(sh, sw), arg(ph, pw),
                     arg(oh, ow), arg(dh, dw))

    return transpose_case()


def call(sub, case):
    args = (case["stride"], case["padding"], case["output_padding"], case["dilation"])
    out = sub.conv_transpose2d(case["x"], case["weight"], case["bias"], *args)
    if case["bias"] is None:
        return {"out": out}
    if isinstance(out, np.ndarray):
        out = out.copy()
    return {"out": out, NOBIAS: sub.conv_transpose2d(case["x"], case["weight"], None, *args)}


# ---- shape -----------------------------------------------------------------------------------

def expected_shape(case):
    n, _, h, w = case["x"].shape
    _, c_out, kh, kw = case["weight"].shape
    (sh, sw), (ph, pw), (oh, ow), (dh, dw) = (_pair(case[k]) for k in ("stride", "padding", "output_padding", "dilation"))
    return (n, c_out, out_size(h, kh, sh, ph, oh, dh), out_size(w, kw, sw, pw, ow, dw))


def _diagnosis(case, got_hw):
    """Known wrong size formulas that give the returned (H_out, W_out), as (en, zh)."""
    _, _, h, w = case["x"].shape
    _, _, kh, kw = case["weight"].shape
    (sh, sw), (ph, pw), (oh, ow), (dh, dw) = (_pair(case[k]) for k in ("stride", "padding", "output_padding", "dilation"))
    wrong = [
        (lambda n, k, s, p, op, d: out_size(n, k, s, p, 0, d),
         "this is the size without output_padding: add output_padding rows (columns) at the end",
         "这是没有加 output_padding 的尺寸：要在末尾再加上 output_padding 行（列）"),
        (lambda n, k, s, p, op, d: out_size(n, k, s, -p, op, d),
         "this is the size with the padding added: in a transposed convolution padding crops 2·padding",
         "这是把 padding 加上去的尺寸：转置卷积里 padding 是裁掉 2·padding"),
        (lambda n, k, s, p, op, d: out_size(n, k, s, p, op, 1),
         "this is the size with dilation left out: the kernel spans dilation·(K − 1) + 1 pixels",
         "这是没有考虑 dilation 的尺寸：卷积核覆盖 dilation·(K − 1) + 1 个像素"),
        (lambda n, k, s, p, op, d: (n + 2 * p - d * (k - 1) - 1) // s + 1,
         "this is the size of an ordinary conv2d: a transposed convolution grows the input, "
         "(H − 1)·stride − 2·padding + dilation·(K − 1) + output_padding + 1",
         "这是普通 conv2d 的尺寸：转置卷积会放大输入，尺寸为 (H − 1)·stride − 2·padding + dilation·(K − 1) + output_padding + 1"),
    ]
    found = []
    for size, en, zh in wrong:
        guess = (size(h, kh, sh, ph, oh, dh), size(w, kw, sw, pw, ow, dw))
        if guess == tuple(got_hw) and guess != expected_shape(case)[2:]:
            found.append((en, zh))
    return found[:2]


def check_output_shape(case, got, want):
    want_shape = expected_shape(case)
    for key in ("out", NOBIAS):
        if key not in got:
            continue
        arr = as_array(got[key], key, ndim=4)
        if arr.shape == want_shape:
            continue
        diff = Diff(key, want_shape, arr.shape, "float64", str(arr.dtype))
        if arr.shape[:2] != want_shape[:2]:
            c_in = case["x"].shape[1]
            en = zh = ""
            if arr.shape[1] == c_in != want_shape[1]:
                en = f": {c_in} is C_in; weight is (C_in, C_out, KH, KW), so C_out = weight.shape[1]"
                zh = f"：{c_in} 是 C_in；weight 的形状为 (C_in, C_out, KH, KW)，所以 C_out = weight.shape[1]"
            raise Mismatch(
                f"`{key}` has shape {arr.shape}, expected {want_shape}: the first two axes are (N, C_out){en}",
                f"`{key}` 的 shape 为 {arr.shape}，应为 {want_shape}：前两个维度是 (N, C_out){zh}", diff)
        hints = _diagnosis(case, arr.shape[2:])
        raise Mismatch(
            f"`{key}` has shape {arr.shape}, expected {want_shape} from H_out = (H − 1)·stride − 2·padding + "
            f"dilation·(KH − 1) + output_padding + 1 (likewise W_out)" + "".join(f"; {en}" for en, _ in hints),
            f"`{key}` 的 shape 为 {arr.shape}，应为 {want_shape}，由 H_out = (H − 1)·stride − 2·padding + "
            f"dilation·(KH − 1) + output_padding + 1（W_out 同理）得到" + "".join(f"；{zh}" for _, zh in hints),
            diff,
        )


def check_bias_added(case, got, want):
    """out − out_without_bias must be bias[o] at every position of output channel o."""
    if NOBIAS not in got:
        return
    out = as_array(got["out"], "out", ndim=4).astype(np.float64)
    plain = as_array(got[NOBIAS], NOBIAS, ndim=4).astype(np.float64)
    wanted = np.broadcast_to(case["bias"][None, :, None, None], out.shape)
    bad = ~(np.abs(out - plain - wanted) <= ATOL + RTOL * np.abs(wanted))
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        o = idx[1]
        raise Mismatch(
            f"out − out_without_bias should be bias[{o}] = {case['bias'][o]:g} everywhere in output channel {o}, "
            f"but at index {idx} it is {out[idx] - plain[idx]:g}: add bias[None, :, None, None] once, after the crop",
            f"out − out_without_bias 在输出通道 {o} 上应处处等于 bias[{o}] = {case['bias'][o]:g}，但在下标 {idx} 处为 "
            f"{out[idx] - plain[idx]:g}：应在裁剪之后加一次 bias[None, :, None, None]",
        )


def conv2d(y, weight, stride, padding, dilation):
    """Ordinary conv2d (no bias) with a (C_in, C_out, KH, KW) weight read as (out, in): the adjoint's partner."""
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    n, _, h, w = y.shape
    c_in, _, kh, kw = weight.shape
    h_out, w_out = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1, (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    yp = np.pad(y, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = np.zeros((n, c_in, h_out, w_out))
    for i in range(kh):
        for j in range(kw):
            patch = yp[:, :, i * dh:i * dh + sh * (h_out - 1) + 1:sh, j * dw:j * dw + sw * (w_out - 1) + 1:sw]
            out += np.einsum("nohw,co->nchw", patch, weight[:, :, i, j])
    return out


def check_adjoint_of_conv2d(case, got, want):
    """<conv_transpose2d(x), y> = <x, conv2d(y)> for test arrays y: the transposed convolution is the
    gradient of conv2d (same weight, stride, padding, dilation) with respect to its input."""
    key = NOBIAS if NOBIAS in got else "out"
    out = as_array(got[key], key, ndim=4).astype(np.float64)
    x = case["x"]
    rng = np.random.default_rng(list(out.shape) + [7])
    for _ in range(2):
        y = np.array([-1.0, -0.5, 0.5, 1.0])[rng.integers(0, 4, size=out.shape)]
        back = conv2d(y, case["weight"], case["stride"], case["padding"], case["dilation"])
        back = back[:, :, :x.shape[2], :x.shape[3]]  # rows made only of output_padding are not read
        lhs, rhs = float(np.sum(out * y)), float(np.sum(x * back))
        tol = ATOL * (1.0 + float(np.sum(np.abs(x) * np.abs(back))) + float(np.sum(np.abs(out * y))))
        if not abs(lhs - rhs) <= tol:
            raise Mismatch(
                f"the output is not the transpose of conv2d: for a test array y, sum(out · y) = {lhs:.6g} but "
                f"sum(x · conv2d(y, weight)) = {rhs:.6g} with the same stride, padding and dilation",
                f"输出不是 conv2d 的转置：对某个测试数组 y，sum(out · y) = {lhs:.6g}，而在相同的 stride、padding 和 "
                f"dilation 下 sum(x · conv2d(y, weight)) = {rhs:.6g}",
            )


def check_values(case, got, want):
    for key in ("out", NOBIAS):
        if key in want:
            assert_close(got.get(key), want[key], key, rtol=RTOL, atol=ATOL)


def same(a, b):
    """Two results agree when they have the same outputs, each within the tolerance."""
    try:
        return set(a) == set(b) and all(close_enough(a[k], b[k], rtol=RTOL, atol=ATOL) for k in a)
    except Exception:
        return False


def bench(rng):
    """A decoder's 2x upsampling layer: a batch of 4 feature maps of 64 x 28 x 28 to 32 x 56 x 56, with a 3 x 3 kernel,
    stride 2, padding 1, output_padding 1 (the usual exact doubling) and a bias."""
    x = rng.standard_normal((4, 64, 28, 28))
    weight = rng.standard_normal((64, 32, 3, 3)) * 0.05
    return _case(x, weight, rng.standard_normal(32), 2, 1, 1, 1), \
        "x (4, 64, 28, 28), weight (64, 32, 3, 3), stride 2, padding 1, output_padding 1 -> (4, 32, 56, 56)"


KATA = api.Kata(
    call=call,
    checks=[check_output_shape, check_bias_added, check_adjoint_of_conv2d, check_values],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
