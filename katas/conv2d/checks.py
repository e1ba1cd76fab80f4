"""Checks for conv2d: the output shape follows the size formula, the bias is added exactly once per output
channel, and the values agree with the reference cross-correlation.

All generated values are multiples of 0.5 in [-3, 3] and kernels are at most 3x3 over at most 3 channels,
so every product and partial sum is exact in float32 as well as float64: a correct solution that computes
in float32 matches the reference exactly, and the tolerance below only absorbs summation order.
"""

import math

import numpy as np

from dlprep.kata import api
from dlprep.kata.api import Diff, Mismatch, as_array, assert_close

RTOL = 1e-5
ATOL = 1e-5
NOBIAS = "out_without_bias"  # the output of the same call with bias=None, when the case has a bias


def _case(x, weight, bias=None, stride=1, padding=0, dilation=1):
    return {
        "x": np.asarray(x, dtype=np.float64),
        "weight": np.asarray(weight, dtype=np.float64),
        "bias": None if bias is None else np.asarray(bias, dtype=np.float64).reshape(-1),
        "stride": int(stride),
        "padding": int(padding),
        "dilation": int(dilation),
    }


def _pattern(shape, shift=0):
    """Small deterministic integers in [-3, 3]."""
    return ((np.arange(int(np.prod(shape))) * 5 + shift) % 7 - 3).reshape(shape).astype(np.float64)


def edge_cases():
    return [
        _case([[[[2]]]], [[[[3]]]], [1]),  # 1x1 everything with a bias: 2*3 + 1 = 7
        _case([[[[1]], [[2]]]], [[[[1]], [[1]]]], [1]),  # two input channels, one bias: 1 + 2 + 1 = 4
        _case([[[[1, 2, 3]]]], [[[[1, 0]]]]),  # no flip: weight[0] multiplies the left pixel -> [1, 2]
        _case([[[[1, 2], [3, 4]]]], [[[[1]]]], padding=1),  # zeros on all four sides -> 4x4 with x in the middle
        _case([[[[1, 2, 3, 4, 5]]]], [[[[1]]]], stride=2),  # stride larger than the kernel -> [1, 3, 5]
        _case(np.arange(1, 10).reshape(1, 1, 3, 3), [[[[1, 0], [0, 1]]]], dilation=2),  # taps 2 apart -> 1 + 9
        _case(_pattern((2, 2, 5, 4)), _pattern((3, 2, 3, 2), 1), [1, -2, 0.5], stride=2, padding=1, dilation=2),
        _case(_pattern((2, 3, 4, 5)), _pattern((2, 3, 3, 3), 2), None, padding=1),  # no bias, 3x3 "same" conv
        _case(_pattern((1, 2, 2, 6)), _pattern((2, 2, 1, 3), 3), [0.5, -1], stride=3, padding=2, dilation=1),
    ]


_LEVELS = np.array([0, 1, -1, 2, -2, 3, -3], dtype=np.float64)  # integers in [-3, 3], simplest first


def out_size(n, k, stride, padding, dilation):
    return (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1


def cases():
    from hypothesis import strategies as st

    @st.composite
    def conv_case(draw):
        n = draw(st.integers(1, 2))
        c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        stride, padding, dilation = draw(st.integers(1, 3)), draw(st.integers(0, 2)), draw(st.integers(1, 3))
        # smallest input that still gives at least one output position (the dilated kernel spans d*(k-1)+1)
        h = draw(st.integers(max(1, dilation * (kh - 1) + 1 - 2 * padding), 7))
        w = draw(st.integers(max(1, dilation * (kw - 1) + 1 - 2 * padding), 7))
        step = draw(st.sampled_from([1.0, 0.5]))  # integers first (they shrink to), then halves

        def values(shape):
            # one draw of raw bytes per array (much faster than one draw per element); bytes shrink
            # towards 0, which _LEVELS maps to 0, so shrunk counterexamples are mostly zeros
            raw = np.frombuffer(draw(st.binary(min_size=math.prod(shape), max_size=math.prod(shape))), np.uint8)
            return _LEVELS[raw % len(_LEVELS)].reshape(shape) * step

        x = values((n, c_in, h, w))
        weight = values((c_out, c_in, kh, kw))
        bias = values((c_out,)) if draw(st.booleans()) else None
        return _case(x, weight, bias, stride, padding, dilation)

    return conv_case()


def call(sub, case):
    args = (case["stride"], case["padding"], case["dilation"])
    out = sub.conv2d(case["x"], case["weight"], case["bias"], *args)
    if case["bias"] is None:
        return {"out": out}
    return {"out": out, NOBIAS: sub.conv2d(case["x"], case["weight"], None, *args)}


# ---- shape ---------------------------------------------------------------------------------

# Wrong size formulas seen in practice: (test, en, zh). Each takes (n, k, s, p, d) and gives a size.
_WRONG_SIZES = [
    (lambda n, k, s, p, d: out_size(n, k, s, p, 1),
     "this is the size with dilation left out: a dilated kernel spans dilation·(K − 1) + 1 input pixels, not K",
     "这是没有考虑 dilation 的尺寸：膨胀后的卷积核覆盖 dilation·(K − 1) + 1 个输入像素，而不是 K 个"),
    (lambda n, k, s, p, d: out_size(n, k, s, 0, d),
     "this is the size without padding: padding adds padding zeros on each side, 2·padding in total",
     "这是没有加 padding 的尺寸：每一侧都要补 padding 个 0，一共 2·padding"),
    (lambda n, k, s, p, d: (n + p - d * (k - 1) - 1) // s + 1,
     "this is the size with padding on one side only: zeros go on both sides, 2·padding in total",
     "这是只在一侧补 0 的尺寸：两侧都要补，一共 2·padding"),
    (lambda n, k, s, p, d: out_size(n, k, 1, p, d),
     "this is the size for stride 1: the window moves stride pixels at a time, so divide by the stride",
     "这是 stride 为 1 时的尺寸：窗口每次移动 stride 个像素，需要除以 stride"),
    (lambda n, k, s, p, d: math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1,
     "this is the size rounded up: the formula rounds down, a last window that does not fit is dropped",
     "这是向上取整的尺寸：公式是向下取整，放不下的最后一个窗口要舍弃"),
    (lambda n, k, s, p, d: out_size(n, k, s, p, d) - 1,
     "the size is one too small: do not forget the + 1 (the first window position)",
     "尺寸少了 1：别忘了公式最后的 + 1（第一个窗口位置）"),
    (lambda n, k, s, p, d: out_size(n, k, s, p, d) + 1,
     "the size is one too large: a window must fit entirely inside the padded input",
     "尺寸多了 1：窗口必须完整地落在补零后的输入内"),
]


def expected_shape(case):
    n, _, h, w = case["x"].shape
    c_out, _, kh, kw = case["weight"].shape
    s, p, d = case["stride"], case["padding"], case["dilation"]
    return (n, c_out, out_size(h, kh, s, p, d), out_size(w, kw, s, p, d))


def _shape_diagnosis(case, got_hw):
    """Known wrong size formulas that reproduce the returned (H_out, W_out): at most two, as (en, zh)."""
    _, _, h, w = case["x"].shape
    c_out, _, kh, kw = case["weight"].shape
    s, p, d = case["stride"], case["padding"], case["dilation"]
    want_hw = expected_shape(case)[2:]
    found = []
    if case["bias"] is not None and c_out > 1 and want_hw[1] == 1 and got_hw == (want_hw[0], c_out):
        found.append((
            "the bias was broadcast against the last axis (W): use bias[None, :, None, None] to add it per channel",
            "bias 被广播到了最后一个维度（W）上：用 bias[None, :, None, None] 按通道相加",
        ))
    for size, en, zh in _WRONG_SIZES:
        guess = (size(h, kh, s, p, d), size(w, kw, s, p, d))
        if guess == got_hw and guess != want_hw:
            found.append((en, zh))
    return found[:2]


def check_output_shape(case, got, want):
    want_shape = expected_shape(case)
    n, _, h, w = case["x"].shape
    _, _, kh, kw = case["weight"].shape
    s, p, d = case["stride"], case["padding"], case["dilation"]
    formula = (f"H_out = floor((H + 2·padding − dilation·(KH − 1) − 1) / stride) + 1 = "
               f"floor(({h} + 2·{p} − {d}·({kh} − 1) − 1) / {s}) + 1 = {want_shape[2]}, "
               f"W_out = floor(({w} + 2·{p} − {d}·({kw} − 1) − 1) / {s}) + 1 = {want_shape[3]}")
    for key in ("out", NOBIAS):
        if key not in got:
            continue
        arr = as_array(got[key], key, ndim=4)
        if arr.shape == want_shape:
            continue
        diff = Diff(key, want_shape, arr.shape, "float64", str(arr.dtype))
        if arr.shape[:2] != want_shape[:2]:
            raise Mismatch(
                f"`{key}` has shape {arr.shape}, expected {want_shape}: the first two axes must be "
                f"(N, C_out) = ({n}, {want_shape[1]})",
                f"`{key}` 的 shape 为 {arr.shape}，应为 {want_shape}：前两个维度应为 (N, C_out) = ({n}, {want_shape[1]})",
                diff,
            )
        hints = _shape_diagnosis(case, arr.shape[2:])
        raise Mismatch(
            f"`{key}` has shape {arr.shape}, expected {want_shape} from {formula}" + "".join(f"; {en}" for en, _ in hints),
            f"`{key}` 的 shape 为 {arr.shape}，应为 {want_shape}，由 {formula} 得到" + "".join(f"；{zh}" for _, zh in hints),
            diff,
        )


# ---- bias ----------------------------------------------------------------------------------

def check_bias_added(case, got, want):
    """out − out_without_bias must be bias[o] at every position of output channel o."""
    if NOBIAS not in got:
        return
    out = as_array(got["out"], "out", ndim=4).astype(np.float64)
    plain = as_array(got[NOBIAS], NOBIAS, ndim=4).astype(np.float64)
    if out.shape != plain.shape:
        raise Mismatch(
            f"with a bias the output has shape {out.shape}, with bias=None {plain.shape}: the bias must not change the shape",
            f"有 bias 时输出的 shape 为 {out.shape}，bias=None 时为 {plain.shape}：bias 不应改变 shape",
        )
    bias = case["bias"]
    added = out - plain
    wanted = np.broadcast_to(bias[None, :, None, None], out.shape)
    bad = ~(np.abs(added - wanted) <= ATOL + RTOL * np.abs(wanted))
    if not bad.any():
        return
    idx = tuple(int(i) for i in np.argwhere(bad)[0])
    o, b, a = idx[1], float(bias[idx[1]]), float(added[idx])
    en = (f"out − out_without_bias should be bias[{o}] = {b:g} everywhere in output channel {o}, "
          f"but at index {idx} it is {a:g}")
    zh = f"out − out_without_bias 在输出通道 {o} 上应处处等于 bias[{o}] = {b:g}，但在下标 {idx} 处为 {a:g}"
    if np.allclose(added, 0, atol=ATOL):
        en, zh = en + ": the bias is not added", zh + "：没有加上 bias"
    elif added.shape[-1] == len(bias) and np.allclose(added, np.broadcast_to(bias, added.shape), atol=ATOL):
        en += ": the bias is added along the last axis (W), not per output channel; use bias[None, :, None, None]"
        zh += "：bias 被加到了最后一个维度（W）上，而不是按输出通道相加；应使用 bias[None, :, None, None]"
    elif b != 0 and round(a / b) > 1 and np.allclose(added, round(a / b) * wanted, atol=ATOL):
        k = round(a / b)
        en, zh = en + f": the bias is added {k} times, it must be added once", zh + f"：bias 被加了 {k} 次，应该只加一次"
    raise Mismatch(en, zh)


# ---- values --------------------------------------------------------------------------------

def check_values(case, got, want):
    for key in ("out", NOBIAS):
        if key in want:
            assert_close(got.get(key), want[key], key, rtol=RTOL, atol=ATOL)


def bench(rng):
    """A batch of 56 x 56 feature maps through a 3 x 3 convolution, as in a ResNet stage."""
    x = rng.standard_normal((4, 32, 56, 56))
    weight = rng.standard_normal((32, 32, 3, 3)) * 0.05
    return _case(x, weight, rng.standard_normal(32), 1, 1, 1), "x (4, 32, 56, 56), weight (32, 32, 3, 3), padding 1"


KATA = api.Kata(
    call=call,
    checks=[check_output_shape, check_bias_added, check_values],
    cases=cases,
    edge_cases=edge_cases,
    same=api.outputs_close(RTOL, ATOL),  # the same outputs, each within the tolerance
    max_examples=100,
    bench=bench,
)
