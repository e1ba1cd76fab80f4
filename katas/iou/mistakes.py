"""Classic IoU mistakes, one function per mistake id in kata.yaml; each has exactly one bug."""

import numpy as np


def _iou(boxes1, boxes2, *, plus_one=False, subtract_inter=True, clamp=True, zero_union=True, smaller=False):
    a = np.asarray(boxes1, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(boxes2, dtype=np.float64).reshape(-1, 4)
    extra = 1.0 if plus_one else 0.0
    area_a = (a[:, 2] - a[:, 0] + extra) * (a[:, 3] - a[:, 1] + extra)
    area_b = (b[:, 2] - b[:, 0] + extra) * (b[:, 3] - b[:, 1] + extra)
    wh = np.minimum(a[:, None, 2:], b[None, :, 2:]) - np.maximum(a[:, None, :2], b[None, :, :2]) + extra
    if clamp:
        wh = np.clip(wh, 0, None)
    inter = wh[..., 0] * wh[..., 1]
    if smaller:
        denom = np.minimum(area_a[:, None], area_b[None, :])
    else:
        denom = area_a[:, None] + area_b[None, :] - (inter if subtract_inter else 0.0)
    if not zero_union:
        with np.errstate(invalid="ignore", divide="ignore"):
            return inter / denom
    return np.divide(inter, denom, out=np.zeros_like(inter), where=denom > 0)


def area_plus_one(boxes1, boxes2):
    return _iou(boxes1, boxes2, plus_one=True)


def union_without_intersection(boxes1, boxes2):
    return _iou(boxes1, boxes2, subtract_inter=False)


def unclamped_overlap(boxes1, boxes2):
    return _iou(boxes1, boxes2, clamp=False)


def zero_union_nan(boxes1, boxes2):
    return _iou(boxes1, boxes2, zero_union=False)


def over_smaller_area(boxes1, boxes2):
    return _iou(boxes1, boxes2, smaller=True)


def transposed(boxes1, boxes2):
    return _iou(boxes1, boxes2).T


def paired_rows(boxes1, boxes2):
    a = np.asarray(boxes1, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(boxes2, dtype=np.float64).reshape(-1, 4)
    n = min(len(a), len(b))
    return np.array([_iou(a[i:i + 1], b[i:i + 1])[0, 0] for i in range(n)])
