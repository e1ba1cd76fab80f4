"""Property checks for nms: the result must be a valid greedy-NMS outcome, not one fixed array.

Checking validity instead of equality accepts every reading the statement leaves open: any order
among exactly tied scores, and either decision when an IoU is within 1e-6 of the threshold but not
equal to it (float32 and float64 arithmetic may round it to either side). Thresholds placed exactly
on an IoU are dyadic fractions (1/2, 3/4...), exact in every float width, so "IoU equal to the
threshold is kept" is tested without ambiguity.
"""

import numpy as np

from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array

EPS = 1e-6  # the statement's "an IoU within 1e-6 of the threshold may go either way"


def iou_matrix(boxes):
    b = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    x1, y1, x2, y2 = b.T
    area = (x2 - x1) * (y2 - y1)
    w = np.clip(np.minimum(x2[:, None], x2[None]) - np.maximum(x1[:, None], x1[None]), 0, None)
    h = np.clip(np.minimum(y2[:, None], y2[None]) - np.maximum(y1[:, None], y1[None]), 0, None)
    inter = w * h
    union = area[:, None] + area[None] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def _case(boxes, scores, thr):
    return {
        "boxes": np.asarray(boxes, dtype=np.float64).reshape(-1, 4),
        "scores": np.asarray(scores, dtype=np.float64).reshape(-1),
        "iou_threshold": float(thr),
    }


def edge_cases():
    return [
        _case(np.zeros((0, 4)), np.zeros(0), 0.5),  # no boxes
        _case([[0, 0, 2, 2]], [0.9], 0.5),  # one box
        _case([[0, 0, 2, 2], [0, 0, 2, 2]], [0.9, 0.8], 0.5),  # identical boxes
        _case([[1, 1, 1, 3], [1, 1, 1, 3]], [0.5, 0.6], 0.0),  # zero-area boxes: IoU 0, both kept
        _case([[0, 0, 3, 1], [1, 0, 4, 1]], [0.9, 0.8], 0.5),  # IoU exactly at the threshold: kept
        _case([[0, 0, 2, 2], [1, 0, 3, 2]], [0.8, 0.9], 0.0),  # threshold 0: any overlap removes
        _case([[0, 0, 2, 2], [0, 0, 2, 2]], [0.8, 0.9], 1.0),  # threshold 1: nothing removed
        _case([[0, 0, 4, 4], [1, 1, 5, 5], [2, 2, 6, 6]], [0.9, 0.8, 0.7], 0.3),  # chain: middle removed, last kept
    ]


def _dyadic(x):
    """True when x is exact in float32 too (denominator a small power of two)."""
    return float(np.float32(x)) == x and (x * 1024).is_integer()


def cases():
    from hypothesis import strategies as st

    def box(coords):
        x, y, w, h = coords
        return [x, y, x + w, y + h]

    one_box = st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(0, 6), st.integers(0, 6)).map(box)
    # every score is exact in float32, so a solution that casts to float32 sees the same ties as the grader
    common = st.sampled_from([0.1, 0.5, 0.9]).map(lambda v: float(np.float32(v)))
    score = st.one_of(common, st.floats(0, 1, allow_nan=False, width=32))

    def with_threshold(data):
        boxes, scores = data
        ious = iou_matrix(boxes) if boxes else np.zeros((0, 0))
        pairs = ious[np.triu_indices(len(boxes), 1)] if len(boxes) > 1 else np.zeros(0)
        exact = sorted({float(v) for v in pairs if _dyadic(float(v))})
        fixed = st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0])
        any_thr = st.floats(0, 1, allow_nan=False)
        options = [fixed, any_thr] + ([st.sampled_from(exact)] if exact else [])
        return st.one_of(*options).map(lambda thr: _case(boxes if boxes else np.zeros((0, 4)), scores, thr))

    sized = st.integers(0, 10).flatmap(
        lambda n: st.tuples(st.lists(one_box, min_size=n, max_size=n), st.lists(score, min_size=n, max_size=n))
    )
    return sized.flatmap(with_threshold)


def evidence():
    """3 to 10 boxes with distinct scores: inputs where the known mistakes part ways."""
    from hypothesis import strategies as st

    def box(coords):
        x, y, w, h = coords
        return [x, y, x + w, y + h]

    one_box = st.tuples(st.integers(0, 8), st.integers(0, 8), st.integers(0, 6), st.integers(0, 6)).map(box)
    scores = st.integers(3, 10).flatmap(lambda n: st.permutations(range(1, n + 1)))
    thr = st.sampled_from([0.0, 0.25, 0.3, 0.5, 0.7, 0.75])
    return st.tuples(scores, thr).flatmap(lambda t: st.lists(one_box, min_size=len(t[0]), max_size=len(t[0])).map(
        lambda boxes: _case(boxes, [s / 16 for s in t[0]], t[1])))


def call(sub, case):
    return {"keep": sub.nms(case["boxes"], case["scores"], case["iou_threshold"])}


def _keep(got, n):
    keep = as_array(got["keep"], "keep", ndim=1, kinds="iu").astype(np.int64)
    bad = [int(i) for i in keep if not 0 <= i < n]
    if bad:
        raise Mismatch(f"index {bad[0]} is out of range for {n} boxes", f"下标 {bad[0]} 超出范围（共 {n} 个框）")
    if len(set(keep.tolist())) != len(keep):
        raise Mismatch("an index appears twice in the result", "结果中有重复的下标")
    return keep


def check_indices(case, got, want):
    _keep(got, len(case["scores"]))


def check_score_order(case, got, want):
    keep = _keep(got, len(case["scores"]))
    s = case["scores"][keep]
    for a in range(len(keep) - 1):
        if s[a] < s[a + 1]:
            raise Mismatch(
                f"kept boxes are not in decreasing score order: box {keep[a]} (score {s[a]:.4g}) "
                f"comes before box {keep[a + 1]} (score {s[a + 1]:.4g})",
                f"保留的框没有按分数从高到低排列：框 {keep[a]}（分数 {s[a]:.4g}）排在框 {keep[a + 1]}（分数 {s[a + 1]:.4g}）之前",
            )


def check_kept_separated(case, got, want):
    keep = _keep(got, len(case["scores"]))
    ious, thr = iou_matrix(case["boxes"]), case["iou_threshold"]
    for a in range(len(keep)):
        for b in range(a + 1, len(keep)):
            i, j = keep[a], keep[b]
            if ious[i, j] > thr + EPS:
                raise Mismatch(
                    f"boxes {i} and {j} are both kept but their IoU {ious[i, j]:.4g} is above the threshold {thr:.4g}",
                    f"框 {i} 和框 {j} 都被保留，但它们的 IoU {ious[i, j]:.4g} 大于阈值 {thr:.4g}",
                )


def check_removed_covered(case, got, want):
    keep = _keep(got, len(case["scores"]))
    ious, thr, scores = iou_matrix(case["boxes"]), case["iou_threshold"], case["scores"]
    kept = set(keep.tolist())
    for r in range(len(scores)):
        if r in kept:
            continue
        suppressors = [k for k in keep if scores[k] >= scores[r] and (
            ious[k, r] > thr or (ious[k, r] != thr and ious[k, r] > thr - EPS))]
        if not suppressors:
            best = max(keep, key=lambda k: ious[k, r], default=None)
            near = f" (largest IoU with a kept box: {ious[best, r]:.4g})" if best is not None else ""
            near_zh = f"（与保留框的最大 IoU：{ious[best, r]:.4g}）" if best is not None else ""
            raise Mismatch(
                f"box {r} was removed, but no kept box with a score at least as high overlaps it "
                f"with IoU > {thr:.4g}{near}",
                f"框 {r} 被删除了，但没有分数不低于它的保留框与它的 IoU 大于 {thr:.4g}{near_zh}",
            )


def ambiguous(case):
    """Several results are right when two scores tie (either box may come first, and may suppress the
    other) or when an IoU is within EPS of the threshold without equalling it."""
    s = case["scores"]
    if len(np.unique(s)) < len(s):
        return True
    ious, thr = iou_matrix(case["boxes"]), case["iou_threshold"]
    near = (ious != thr) & (np.abs(ious - thr) <= EPS)
    return bool(near[np.triu_indices(len(s), 1)].any())


def prefer(case):
    """Show non-degenerate boxes and a threshold strictly inside (0, 1) when such a failure was seen."""
    b = case["boxes"]
    degenerate = int(((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]) == 0).sum())
    thr = case["iou_threshold"]
    return (degenerate, thr <= 0 or thr >= 1)


def same(a, b):
    """Two results agree when they keep the same boxes in the same order."""
    try:
        x = np.asarray(a["keep"]).astype(np.int64).reshape(-1)
        y = np.asarray(b["keep"]).astype(np.int64).reshape(-1)
    except (TypeError, ValueError, KeyError):
        return False
    return x.shape == y.shape and bool((x == y).all())


def bench(rng):
    """2,000 boxes of a detector's output: centres anywhere on a 1000 x 1000 image, sides 10 to 200."""
    n = 2000
    centre = rng.uniform(0, 1000, (n, 2))
    size = rng.uniform(10, 200, (n, 2))
    boxes = np.concatenate([centre - size / 2, centre + size / 2], axis=1)
    return _case(boxes, rng.uniform(0, 1, n), 0.5), "2,000 boxes, IoU threshold 0.5"


KATA = api.Kata(
    call=call,
    checks=[check_indices, check_score_order, check_kept_separated, check_removed_covered],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    prefer=prefer,
    ambiguous=ambiguous,
    evidence=evidence,
    bench=bench,
)
