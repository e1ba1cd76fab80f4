"""Reference pairwise IoU: torchvision.ops.box_iou semantics, with IoU 0 where the union is 0."""

import numpy as np


def box_iou(boxes1, boxes2):
    a = np.asarray(boxes1, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(boxes2, dtype=np.float64).reshape(-1, 4)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])  # (N,)
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])  # (M,)
    # broadcast (N, 1, 2) against (1, M, 2): top-left and bottom-right corners of every overlap
    top_left = np.maximum(a[:, None, :2], b[None, :, :2])
    bottom_right = np.minimum(a[:, None, 2:], b[None, :, 2:])
    wh = np.clip(bottom_right - top_left, 0, None)  # disjoint boxes overlap by 0, not a negative amount
    inter = wh[..., 0] * wh[..., 1]  # (N, M)
    union = area_a[:, None] + area_b[None, :] - inter
    # two zero-area boxes have union 0: their IoU is defined as 0 (torchvision would give NaN)
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
