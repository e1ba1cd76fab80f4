"""Reference mAP: per class, greedy COCO-style matching of detections sorted by score, then the
VOC2010+ all-point interpolated AP; the mean over the classes that have ground truth."""

import numpy as np


def box_iou(a, b):
    """IoU matrix (len(a), len(b)) of [x1, y1, x2, y2] boxes in continuous coordinates; union 0 gives 0."""
    a = np.asarray(a, dtype=np.float64).reshape(-1, 4)
    b = np.asarray(b, dtype=np.float64).reshape(-1, 4)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    w = np.clip(np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0]), 0, None)
    h = np.clip(np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1]), 0, None)
    inter = w * h
    union = area_a[:, None] + area_b[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def voc_ap(tp, n_gt):
    """All-point interpolated AP of detections already in score order (tp: 1 for a hit, 0 for a miss)."""
    hits = np.cumsum(tp)
    recall = hits / n_gt
    precision = hits / np.arange(1, len(tp) + 1)
    mrec = np.concatenate([[0.0], recall, [1.0]])
    mpre = np.concatenate([[0.0], precision, [0.0]])
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]  # the envelope: best precision at this recall or beyond
    step = np.flatnonzero(mrec[1:] != mrec[:-1])  # where recall changes
    return float(np.sum((mrec[step + 1] - mrec[step]) * mpre[step + 1]))


def mean_average_precision(preds, gts, iou_threshold=0.5):
    pred = [tuple(np.asarray(v) for v in p) for p in preds]  # (boxes, scores, classes) per image
    gt = [tuple(np.asarray(v) for v in g) for g in gts]  # (boxes, classes) per image
    gt_classes = np.concatenate([g[1].reshape(-1) for g in gt]) if gt else np.zeros(0)
    classes = np.unique(gt_classes.astype(np.int64))
    if classes.size == 0:
        return 0.0
    ious = [box_iou(p[0], g[0]) for p, g in zip(pred, gt)]  # every (prediction, ground truth) pair, per image
    aps = []
    for c in classes:
        # this class's detections over all images; a stable sort keeps ties in (image, index) order
        img = np.concatenate([np.full(int((p[2] == c).sum()), i) for i, p in enumerate(pred)])
        idx = np.concatenate([np.flatnonzero(p[2].reshape(-1) == c) for p in pred])
        score = np.concatenate([p[1].reshape(-1)[p[2].reshape(-1) == c] for p in pred]).astype(np.float64)
        order = np.argsort(-score, kind="stable")
        own = [np.flatnonzero(g[1].reshape(-1) == c) for g in gt]  # this class's ground truths per image
        taken = [np.zeros(len(o), dtype=bool) for o in own]
        tp = np.zeros(len(order))
        for k, d in enumerate(order):
            i = img[d]
            if not len(own[i]):
                continue
            # best still-unmatched ground truth; argmax returns the lowest index on ties
            cand = np.where(taken[i], -1.0, ious[i][idx[d], own[i]])
            j = int(np.argmax(cand))
            if cand[j] >= iou_threshold:
                taken[i][j] = True
                tp[k] = 1.0
        aps.append(voc_ap(tp, sum(len(o) for o in own)))
    return float(np.mean(aps))
