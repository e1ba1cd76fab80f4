"""Checks for roi_align: the output shape (K, C, PH, PW), and every value against the reference.

Float32 safety. Features are small integers (or halves), RoI corners multiples of 1/4 in feature
coordinates, spatial scales powers of two. When PH, PW and the number of samples per bin are powers
of two, every sample coordinate is a short dyadic fraction, exact in float32. Otherwise a coordinate
may be rounded, which is harmless (bilinear sampling is continuous) except exactly on the two jumps of
the rule "zero beyond [-1, H]": so the strategy rejects those cases where an exact sample coordinate
sits on -1, H or W. Edge cases put samples exactly on -1 only with power-of-two divisors.
"""

import math
from fractions import Fraction

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close, close_enough


RTOL = ATOL = 1e-5
OPTIONAL = ("spatial_scale", "sampling_ratio", "aligned")  # passed positionally, in this order
DEFAULTS = {"spatial_scale": 1.0, "sampling_ratio": 2, "aligned": True}
_LEVELS = np.array([0, 1, -1, 2, -2, 3, -3], dtype=np.float64)


def _case(features, rois, output_size, *optional):
    """optional: the first few of (spatial_scale, sampling_ratio, aligned), passed positionally."""
    case = {
        "features": np.asarray(features, dtype=np.float64),
        "rois": np.asarray(rois, dtype=np.float64).reshape(-1, 4),
        "output_size": output_size if np.ndim(output_size) == 0 else tuple(int(v) for v in output_size),
    }
    case.update(zip(OPTIONAL, optional))
    return case


def _ramp(c, h, w):
    return ((np.arange(c * h * w) * 3) % 7 - 3).reshape(c, h, w).astype(np.float64)


def edge_cases():
    f = _ramp(1, 4, 4)
    return [
        _case(f, [[0, 0, 4, 4]], 2),  # defaults: aligned, 2x2 samples per bin, each bin a 2x2 block's mean
        _case(f, [[0.5, 1, 6, 7.5]], (2, 3), 0.5, 2, True),  # fractional corners, scale 1/2, 2x3 bins
        _case(f, [[-6, -4, 2, 3]], 2, 1.0, 2, True),  # RoI hanging off the top-left: samples below -1 give 0
        _case(f, [[-1, 0, 1, 2]], 1, 1.0, 2, True),  # samples exactly at x = -1 (kept, clamped to 0) and x = 0
        _case(_ramp(2, 3, 5), [[1, 0, 3, 3], [0, 0, 5, 3]], (3, 2), 1.0, 0, True),  # adaptive grid, two RoIs
        _case(f, [[1, 1, 1, 3]], 2, 1.0, 0, True),  # zero-width RoI, adaptive: no sample, output 0
        _case(f, [[1.5, 1.5, 2, 2.25]], 2, 1.0, 1, False),  # legacy mode: a tiny RoI is widened to 1x1
        _case(f, np.zeros((0, 4)), 3),  # K = 0: an empty (0, C, 3, 3) result
        _case(_ramp(1, 3, 6), [[2, 2, 10, 6]], (1, 2), 0.25, 2, False),  # scale 1/4, not aligned
        _case(_ramp(2, 5, 4), [[0, 0, 1.5, 2], [1, 1, 3, 3]], 2, 2.0, 3),  # scale 2, 3x3 samples per bin
    ]


def _pow2(n):
    return n > 0 and n & (n - 1) == 0


def _float32_safe(case):
    """False when a sample coordinate could fall on either side of -1 or H (W) by rounding."""
    _, h, w = case["features"].shape
    out = case["output_size"]
    ph, pw = (out, out) if np.ndim(out) == 0 else out
    scale = Fraction(case.get("spatial_scale", 1.0))
    sr = case.get("sampling_ratio", 2)
    aligned = case.get("aligned", True)
    off = Fraction(1, 2) if aligned else Fraction(0)
    for x1, y1, x2, y2 in case["rois"]:
        for a, b, bins, size in ((y1, y2, ph, h), (x1, x2, pw, w)):
            start = Fraction(a) * scale - off
            length = Fraction(b) * scale - off - start
            if not aligned:
                length = max(length, Fraction(1))
            grid = sr if sr > 0 else math.ceil(length / bins)
            if _pow2(bins) and (grid == 0 or _pow2(grid)):
                continue  # every coordinate exact in float32
            for p in range(bins):
                for i in range(grid):
                    coord = start + p * length / bins + (2 * i + 1) * length / (2 * bins * grid)
                    if coord in (-1, size):
                        return False
    return True


def cases():
    from hypothesis import assume, strategies as st

    @st.composite
    def roi_case(draw):
        side = st.sampled_from([3, 4, 2, 5, 6, 1])  # a side of 1 now and then, not as often as 1-6 uniform
        c, h, w = draw(st.integers(1, 2)), draw(side), draw(side)
        size = c * h * w
        # raw bytes added to a fixed non-constant pattern: a shrunk image is the pattern, never constant
        raw = np.frombuffer(draw(st.binary(min_size=size, max_size=size)), np.uint8).astype(np.int64)
        features = _LEVELS[(raw + np.arange(size) * 3) % len(_LEVELS)].reshape(c, h, w)
        features = features * draw(st.sampled_from([1.0, 0.5]))
        given = draw(st.integers(0, 3))  # how many optional arguments are passed; the others default
        optional = [draw(st.sampled_from([0.5, 1.0, 0.25, 2.0])), draw(st.sampled_from([2, 1, 0, 3, -1])),
                    draw(st.booleans())][:given]
        scale = optional[0] if optional else 1.0
        rois = []
        for _ in range(draw(st.sampled_from([1, 2, 3, 1, 2, 3, 0]))):  # K = 0 now and then
            # corners in quarter units of the feature map, from a bit outside to a bit past the far edge
            x1, y1 = draw(st.integers(-6, 4 * w)), draw(st.integers(-6, 4 * h))
            x2, y2 = x1 + draw(st.integers(1, 4 * w + 2)), y1 + draw(st.integers(1, 4 * h + 2))
            rois.append([v / 4 / scale for v in (x1, y1, x2, y2)])  # exact: scale is a power of two
        out = draw(st.one_of(st.integers(1, 4), st.tuples(st.integers(1, 4), st.integers(1, 4))))
        case = _case(features, np.reshape(rois, (-1, 4)), out, *optional)
        assume(_float32_safe(case))
        return case

    return roi_case()


def call(sub, case):
    args = [case["features"], case["rois"], case["output_size"]] + [case[n] for n in OPTIONAL if n in case]
    return {"out": sub.roi_align(*args)}


def _expected_shape(case):
    out = case["output_size"]
    ph, pw = (out, out) if np.ndim(out) == 0 else out
    return (len(case["rois"]), case["features"].shape[0], ph, pw)


def check_shape(case, got, want):
    shape = _expected_shape(case)
    arr = as_array(got["out"], "out", ndim=4)
    if arr.shape != shape:
        raise Mismatch(
            f"`out` has shape {arr.shape}, expected (K, C, PH, PW) = {shape}",
            f"`out` 的 shape 为 {arr.shape}，应为 (K, C, PH, PW) = {shape}",
        )


def check_values(case, got, want):
    try:
        assert_close(got["out"], want["out"], "out", rtol=RTOL, atol=ATOL)
    except Mismatch as mismatch:
        first = mismatch.diff.first_index if mismatch.diff else None
        if not first or len(first) != 4:
            raise
        k = first[0]
        opt = {n: case.get(n, DEFAULTS[n]) for n in OPTIONAL}
        off = 0.5 if opt["aligned"] else 0.0
        x1, y1, x2, y2 = (float(v) * opt["spatial_scale"] - off for v in case["rois"][k])
        raise Mismatch(
            f"{mismatch.message['en']}. RoI {k} on the feature map (× spatial_scale {opt['spatial_scale']:g}, "
            f"− {off:g} for aligned={opt['aligned']}): x from {x1:g} to {x2:g}, y from {y1:g} to {y2:g}; "
            f"sampling_ratio={opt['sampling_ratio']}",
            f"{mismatch.message['zh']}。第 {k} 个 RoI 在特征图上（× spatial_scale {opt['spatial_scale']:g}，"
            f"aligned={opt['aligned']} 时 − {off:g}）：x 从 {x1:g} 到 {x2:g}，y 从 {y1:g} 到 {y2:g}；"
            f"sampling_ratio={opt['sampling_ratio']}",
            mismatch.diff,
        ) from None


def same(a, b):
    """Two results agree when the outputs agree within the tolerance."""
    try:
        return close_enough(a["out"], b["out"], rtol=RTOL, atol=ATOL)
    except (TypeError, KeyError):
        return False


def bench(rng):
    """A Faster R-CNN head on one image: 128 proposals pooled from a stride-16 feature map of an 800 x 1088 image."""
    features = rng.standard_normal((256, 50, 68))
    centre = rng.uniform(0, (1088, 800), (128, 2))
    size = rng.uniform(32, 400, (128, 2))
    rois = np.clip(np.concatenate([centre - size / 2, centre + size / 2], axis=1), 0, (1088, 800, 1088, 800))
    return _case(features, rois, 7, 1 / 16, 2, True), \
        "128 RoIs on a (256, 50, 68) feature map, 7x7 output, spatial_scale 1/16"


KATA = api.Kata(
    call=call,
    checks=[check_shape, check_values],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
