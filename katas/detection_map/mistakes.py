"""Classic mAP mistakes, one function per mistake id in kata.yaml; each has exactly one bug.

`_map` is a plain implementation with one switch per mistake; every switch off gives the reference.
"""

import numpy as np


def _iou(a, b, extra=0.0):
    w = min(a[2], b[2]) - max(a[0], b[0]) + extra
    h = min(a[3], b[3]) - max(a[1], b[1]) + extra
    inter = max(w, 0.0) * max(h, 0.0)
    union = (a[2] - a[0] + extra) * (a[3] - a[1] + extra) + (b[2] - b[0] + extra) * (b[3] - b[1] + extra) - inter
    return inter / union if union > 0 else 0.0


def _ap(tp, n_gt, *, envelope=True, eleven=False):
    hits = np.cumsum(tp)
    recall = hits / n_gt if n_gt else np.zeros(len(tp))
    precision = hits / np.arange(1, len(tp) + 1)
    if eleven:
        return float(np.mean([precision[recall >= t].max() if (recall >= t).any() else 0.0
                              for t in np.linspace(0, 1, 11)]))
    mrec = np.concatenate([[0.0], recall, [1.0]])
    mpre = np.concatenate([[0.0], precision, [0.0]])
    if envelope:
        mpre = np.maximum.accumulate(mpre[::-1])[::-1]
    step = np.flatnonzero(mrec[1:] != mrec[:-1])
    return float(np.sum((mrec[step + 1] - mrec[step]) * mpre[step + 1]))


def _map(preds, gts, thr, *, reuse=False, any_image=False, any_class=False, eleven=False, envelope=True,
         strict=False, all_classes=False, plus_one=False):
    preds = [tuple(np.asarray(v) for v in p) for p in preds]
    gts = [tuple(np.asarray(v) for v in g) for g in gts]
    gt_list = [(i, g, gb, int(gc)) for i, (boxes, cls) in enumerate(gts) for g, (gb, gc) in enumerate(zip(boxes, cls))]
    classes = {c for *_, c in gt_list}
    if all_classes:
        classes |= {int(c) for p in preds for c in p[2]}
    if not gt_list:
        return 0.0
    aps = []
    for c in sorted(classes):
        dets = [(-float(p[1][j]), i, j) for i, p in enumerate(preds) for j in range(len(p[1])) if int(p[2][j]) == c]
        dets.sort()
        n_gt = sum(1 for *_, gc in gt_list if gc == c)
        used, tp = set(), []
        for _, i, j in dets:
            box = preds[i][0][j]
            best, best_iou = None, -1.0
            for gi, g, gb, gc in gt_list:
                if (gi != i and not any_image) or (gc != c and not any_class) or ((gi, g) in used and not reuse):
                    continue
                v = _iou(box, gb, 1.0 if plus_one else 0.0)
                if v > best_iou:
                    best, best_iou = (gi, g), v
            hit = best is not None and (best_iou > thr if strict else best_iou >= thr)
            if hit:
                used.add(best)
            tp.append(1.0 if hit else 0.0)
        aps.append(_ap(np.asarray(tp), n_gt, envelope=envelope, eleven=eleven))
    return float(np.mean(aps))


def gt_matched_twice(preds, gts, iou_threshold=0.5):
    return _map(preds, gts, iou_threshold, reuse=True)


def matched_across_images(preds, gts, iou_threshold=0.5):
    return _map(preds, gts, iou_threshold, any_image=True)


def matched_across_classes(preds, gts, iou_threshold=0.5):
    return _map(preds, gts, iou_threshold, any_class=True)


def eleven_point(preds, gts, iou_threshold=0.5):
    return _map(preds, gts, iou_threshold, eleven=True)


def no_precision_envelope(preds, gts, iou_threshold=0.5):
    return _map(preds, gts, iou_threshold, envelope=False)


def iou_above_threshold(preds, gts, iou_threshold=0.5):
    return _map(preds, gts, iou_threshold, strict=True)


def classes_without_ground_truth(preds, gts, iou_threshold=0.5):
    return _map(preds, gts, iou_threshold, all_classes=True)


def area_plus_one(preds, gts, iou_threshold=0.5):
    return _map(preds, gts, iou_threshold, plus_one=True)
