"""Checks for bilinear_resize: the output shape, and every value against the reference.

Bilinear interpolation is continuous in the source coordinate, so float32 rounding of the scale or
of a coordinate that lands exactly on a pixel changes the output only by rounding: a float32
solution stays within about 1e-6 of the reference on these inputs (values in [-3, 3]), far inside the
tolerance, while every listed mistake is off by at least 0.05 where it differs.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close, close_enough


RTOL = ATOL = 1e-5
_LEVELS = np.array([0, 1, -1, 2, -2, 3, -3], dtype=np.float64)  # small integers, simplest first


def _case(img, out_h, out_w, align_corners=None):
    case = {"img": np.asarray(img, dtype=np.float64), "out_h": int(out_h), "out_w": int(out_w)}
    if align_corners is not None:
        case["align_corners"] = bool(align_corners)
    return case


def _ramp(c, h, w):
    return ((np.arange(c * h * w) * 3) % 7 - 3).reshape(c, h, w).astype(np.float64)


def edge_cases():
    return [
        _case([[[0, 4]]], 1, 4),  # 1x2 -> 1x4, half-pixel: [0, 1, 3, 4] (the first position -0.25 is clamped)
        _case([[[0, 4, 8]]], 1, 5, True),  # corners: [0, 2, 4, 6, 8]
        _case([[[0, 4, 8], [4, 8, 12]]], 3, 5, True),  # corners in both directions
        _case(_ramp(1, 3, 3), 1, 1, True),  # one output pixel with align_corners=True: the top-left input
        _case(_ramp(1, 3, 3), 1, 1, False),  # one output pixel with align_corners=False: the centre pixel
        _case(_ramp(1, 4, 4), 2, 2),  # halving: each output is the mean of a 2x2 block
        _case([[[2]]], 3, 2, False),  # a 1x1 image stays constant
        _case(_ramp(2, 3, 5), 4, 2, False),  # two channels, non-square, up in H and down in W
        _case(_ramp(3, 2, 3), 5, 7, True),
        _case(_ramp(1, 3, 4), 3, 4, True),  # same size: the identity (either setting)
    ]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def resize_case(draw):
        c, h, w = draw(st.integers(1, 3)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
        out_h, out_w = draw(st.integers(1, 8)), draw(st.integers(1, 8))
        step = draw(st.sampled_from([1.0, 0.5]))
        size = c * h * w
        # one draw of raw bytes for the whole image (fast), added to a fixed non-constant pattern:
        # bytes shrink towards 0, so a shrunk image is the pattern, never a constant that hides mistakes
        raw = np.frombuffer(draw(st.binary(min_size=size, max_size=size)), np.uint8).astype(np.int64)
        img = _LEVELS[(raw + np.arange(size) * 3) % len(_LEVELS)].reshape(c, h, w) * step
        align = draw(st.sampled_from([None, True, False, True]))  # None: left to the default (False)
        return _case(img, out_h, out_w, align)

    return resize_case()


def call(sub, case):
    args = (case["img"], case["out_h"], case["out_w"])
    if "align_corners" in case:
        return {"out": sub.bilinear_resize(*args, case["align_corners"])}
    return {"out": sub.bilinear_resize(*args)}


def check_shape(case, got, want):
    c = case["img"].shape[0]
    arr = as_array(got["out"], "out", ndim=3)
    if arr.shape != (c, case["out_h"], case["out_w"]):
        raise Mismatch(
            f"`out` has shape {arr.shape}, expected (C, out_h, out_w) = {(c, case['out_h'], case['out_w'])}",
            f"`out` 的 shape 为 {arr.shape}，应为 (C, out_h, out_w) = {(c, case['out_h'], case['out_w'])}",
        )


def _coordinates(n_out, n_in, align):
    if align:
        scale = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
        return [i * scale for i in range(n_out)]
    return [max((i + 0.5) * n_in / n_out - 0.5, 0.0) for i in range(n_out)]


def check_values(case, got, want):
    try:
        assert_close(got["out"], want["out"], "out", rtol=RTOL, atol=ATOL)
    except Mismatch as mismatch:
        _, h, w = case["img"].shape
        align = case.get("align_corners", False)
        where = mismatch.diff.first_index if mismatch.diff and mismatch.diff.first_index else None
        if where is None or len(where) != 3:
            raise
        r, c = where[1], where[2]
        sy, sx = _coordinates(case["out_h"], h, align)[r], _coordinates(case["out_w"], w, align)[c]
        raise Mismatch(
            f"{mismatch.message['en']}. With align_corners={align}, output ({r}, {c}) reads the input at "
            f"row {sy:.6g}, column {sx:.6g}",
            f"{mismatch.message['zh']}。align_corners={align} 时，输出位置 ({r}, {c}) 对应输入的第 {sy:.6g} 行、第 {sx:.6g} 列",
            mismatch.diff,
        ) from None


def same(a, b):
    """Two results agree when the outputs agree within the tolerance."""
    try:
        return close_enough(a["out"], b["out"], rtol=RTOL, atol=ATOL)
    except (TypeError, KeyError):
        return False


def bench(rng):
    """A 2x upsampling of a 224 x 224 feature map with 32 channels, as in a decoder or an FPN."""
    return _case(rng.standard_normal((32, 224, 224)), 448, 448, False), \
        "a (32, 224, 224) image to 448 x 448, align_corners=False"


KATA = api.Kata(
    call=call,
    checks=[check_shape, check_values],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
