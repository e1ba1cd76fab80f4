"""Checks for iou: the shape (N, M), values in [0, 1] without NaN, and the values of the reference.

Every coordinate is a small integer times 1/4, 1/2, 1 or 100, so areas, intersections and unions are
exact in float32 and float64 alike; only the final division rounds, and a float32 solution stays
within ~1e-7 of the reference, far inside the tolerance. Widths and heights are often 0, so pairs of
zero-area boxes (union 0, IoU defined as 0) occur in most generated cases, as do disjoint pairs and
boxes that contain one another.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close


RTOL = 1e-5
ATOL = 1e-6


def _case(boxes1, boxes2):
    return {
        "boxes1": np.asarray(boxes1, dtype=np.float64).reshape(-1, 4),
        "boxes2": np.asarray(boxes2, dtype=np.float64).reshape(-1, 4),
    }


def edge_cases():
    return [
        _case(np.zeros((0, 4)), [[0, 0, 1, 1], [1, 1, 2, 2]]),  # N = 0: result (0, 2)
        _case([[0, 0, 1, 1], [0, 0, 2, 2], [1, 1, 3, 3]], np.zeros((0, 4))),  # M = 0: result (3, 0)
        _case([[0, 0, 2, 2]], [[0, 0, 2, 2]]),  # identical boxes: 1
        _case([[0, 0, 2, 2]], [[1, 0, 3, 3]]),  # partial overlap: 2 / (4 + 6 - 2) = 1/4
        _case([[0, 0, 4, 4]], [[1, 1, 3, 3]]),  # containment: 4 / 16, not 4 / 4
        _case([[0, 0, 1, 1]], [[3, 3, 4, 4]]),  # disjoint on both axes: 0 (unclamped gives a positive value)
        _case([[0, 0, 1, 1]], [[1, 0, 2, 1]]),  # touching edges: 0
        _case([[1, 1, 1, 3], [2, 2, 2, 2]], [[1, 1, 1, 3], [0, 0, 2, 2]]),  # zero-area boxes: union 0 gives 0
        _case([[0, 0, 2, 2], [1, 1, 3, 3], [0, 2, 2, 4]], [[1, 0, 3, 2], [0, 0, 1, 4]]),  # N = 3, M = 2
        _case([[0, 0, 0.5, 0.5], [100, 100, 300, 200]], [[0.25, 0.25, 1, 1], [150, 100, 350, 200], [0, 0, 0, 0]]),
    ]


def cases():
    from hypothesis import strategies as st

    side = st.sampled_from([0, 1, 2, 3, 4, 6])  # one side in three boxes has length 0 (zero area)

    def box(parts):
        x, y, w, h = parts
        return [x, y, x + w, y + h]

    one = st.tuples(st.integers(0, 8), st.integers(0, 8), side, side).map(box)
    boxes = st.integers(0, 5).flatmap(lambda n: st.lists(one, min_size=n, max_size=n))
    scale = st.sampled_from([1.0, 0.5, 100.0])

    def build(parts):
        b1, b2, s = parts
        return _case(np.array(b1, dtype=np.float64).reshape(-1, 4) * s, np.array(b2, dtype=np.float64).reshape(-1, 4) * s)

    return st.tuples(boxes, boxes, scale).map(build)


def call(sub, case):
    return {"iou": sub.box_iou(case["boxes1"], case["boxes2"])}


def _iou(case, got):
    n, m = len(case["boxes1"]), len(case["boxes2"])
    arr = as_array(got["iou"], "iou", kinds="iuf")
    if n == 0 and arr.size == 0 and arr.ndim <= 1:
        return np.zeros((0, m))  # an empty list cannot carry the shape (0, M): accepted as it is
    if arr.shape != (n, m):
        extra_en, extra_zh = "", ""
        if arr.shape == (m, n):
            extra_en, extra_zh = ": rows must follow boxes1 and columns boxes2", "：行对应 boxes1，列对应 boxes2"
        elif arr.ndim == 1:
            extra_en, extra_zh = ": every box of boxes1 is paired with every box of boxes2", "：boxes1 的每个框要和 boxes2 的每个框配对"
        raise Mismatch(
            f"the result has shape {arr.shape}, expected (N, M) = ({n}, {m}){extra_en}",
            f"结果的 shape 为 {arr.shape}，应为 (N, M) = ({n}, {m}){extra_zh}",
        )
    return arr.astype(np.float64)


def _zero_area(boxes):
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]) == 0


def check_shape(case, got, want):
    _iou(case, got)


def check_range(case, got, want):
    iou = _iou(case, got)
    bad = ~((iou >= -1e-9) & (iou <= 1 + 1e-9))
    if not bad.any():
        return
    i, j = (int(v) for v in np.argwhere(bad)[0])
    value = iou[i, j]
    if np.isnan(value) and _zero_area(case["boxes1"])[i] and _zero_area(case["boxes2"])[j]:
        raise Mismatch(
            f"iou[{i}, {j}] is NaN: boxes1[{i}] and boxes2[{j}] both have zero area, so their union is 0, "
            f"and the IoU of such a pair is defined as 0",
            f"iou[{i}, {j}] 为 NaN：boxes1[{i}] 和 boxes2[{j}] 的面积都是 0，并集为 0，这种情况下 IoU 规定为 0",
        )
    raise Mismatch(
        f"iou[{i}, {j}] is {value:.6g}, but an IoU is a number in [0, 1]",
        f"iou[{i}, {j}] 为 {value:.6g}，但 IoU 应在 [0, 1] 之内",
    )


def check_values(case, got, want):
    iou = _iou(case, got)
    expected = np.asarray(want["iou"], dtype=np.float64).reshape(iou.shape)
    assert_close(iou, expected, "iou", rtol=RTOL, atol=ATOL)


def same(a, b):
    """Two results agree when they have the same shape and close values (NaN equals NaN)."""
    try:
        x = np.asarray(a["iou"], dtype=np.float64)
        y = np.asarray(b["iou"], dtype=np.float64)
    except (TypeError, ValueError, KeyError):
        return False
    if x.size == 0 and y.size == 0:
        return x.shape == y.shape or (x.ndim <= 1 and y.shape[:1] == (0,)) or (y.ndim <= 1 and x.shape[:1] == (0,))
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=RTOL, atol=ATOL, equal_nan=True))


def bench(rng):
    """Every detection of an image against every anchor or ground truth: 1,000 x 1,000 boxes on a 1000 x 1000 image."""

    def boxes(n):
        centre = rng.uniform(0, 1000, (n, 2))
        size = rng.uniform(10, 200, (n, 2))
        return np.concatenate([centre - size / 2, centre + size / 2], axis=1)

    return _case(boxes(1000), boxes(1000)), "1,000 x 1,000 boxes"


KATA = api.Kata(
    call=call,
    checks=[check_shape, check_range, check_values],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
