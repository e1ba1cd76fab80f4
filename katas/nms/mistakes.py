"""Classic NMS mistakes, one function per mistake id in kata.yaml; each must fail the checks."""

import numpy as np


def _greedy(boxes, scores, thr, *, plus_one=False, ge=False, sort=True, clamp=True, subtract_inter=True,
            against_all=False, nan_union=False, min_area=False):
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    x1, y1, x2, y2 = boxes.T
    extra = 1.0 if plus_one else 0.0
    areas = (x2 - x1 + extra) * (y2 - y1 + extra)
    order = list(np.argsort(-scores, kind="stable")) if sort else list(range(len(scores)))

    def iou(i, j):
        w = min(x2[i], x2[j]) - max(x1[i], x1[j]) + extra
        h = min(y2[i], y2[j]) - max(y1[i], y1[j]) + extra
        if clamp:
            w, h = max(w, 0.0), max(h, 0.0)
        inter = w * h
        if min_area:
            smaller = min(areas[i], areas[j])
            return inter / smaller if smaller > 0 else 0.0
        union = areas[i] + areas[j] - (inter if subtract_inter else 0.0)
        if nan_union and union == 0:
            return float("nan")  # 0 / 0 without a guard
        return inter / union if union > 0 else 0.0

    def suppresses(value):
        if nan_union:
            return not value <= thr  # the vectorised `order[iou <= thr]` keeps only what compares True
        return value >= thr if ge else value > thr

    keep, seen = [], []
    for i in order:
        pool = seen if against_all else keep
        if not any(suppresses(iou(i, k)) for k in pool):
            keep.append(int(i))
        seen.append(int(i))
    return np.array(keep, dtype=np.int64)


def area_plus_one(boxes, scores, iou_threshold):
    return _greedy(boxes, scores, iou_threshold, plus_one=True)


def iou_ge_threshold(boxes, scores, iou_threshold):
    return _greedy(boxes, scores, iou_threshold, ge=True)


def no_score_sort(boxes, scores, iou_threshold):
    return _greedy(boxes, scores, iou_threshold, sort=False)


def unclamped_overlap(boxes, scores, iou_threshold):
    return _greedy(boxes, scores, iou_threshold, clamp=False)


def union_without_intersection(boxes, scores, iou_threshold):
    return _greedy(boxes, scores, iou_threshold, subtract_inter=False)


def suppressed_by_removed(boxes, scores, iou_threshold):
    return _greedy(boxes, scores, iou_threshold, against_all=True)


def zero_union_nan(boxes, scores, iou_threshold):
    return _greedy(boxes, scores, iou_threshold, nan_union=True)


def iou_over_min_area(boxes, scores, iou_threshold):
    return _greedy(boxes, scores, iou_threshold, min_area=True)


def returned_in_index_order(boxes, scores, iou_threshold):
    return np.sort(_greedy(boxes, scores, iou_threshold))
