"""Classic NMS mistakes, one function per mistake id in kata.yaml; each must fail the checks."""

import numpy as np


def _greedy(boxes, scores, thr, *, plus_one=False, ge=False, sort=True, clamp=True, subtract_inter=True,
            against_all=False):
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
        union = areas[i] + areas[j] - (inter if subtract_inter else 0.0)
        return inter / union if union > 0 else 0.0

    keep, seen = [], []
    for i in order:
        pool = seen if against_all else keep
        if all(not (iou(i, k) >= thr if ge else iou(i, k) > thr) for k in pool):
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
