"""Golden cases for detection_map.

No library computes exactly these semantics (COCO-style greedy matching to the best still-unmatched
ground truth, IoU >= threshold, VOC2010+ all-point AP, mean over classes that have ground truth), so
the expected values come from `independent_map` below: a plain-Python implementation written
separately from the kata's reference (explicit loops, a sort on (-score, image, index) tuples, and the
AP as a sum over distinct recall levels of the best precision at that recall or beyond). A few cases
are worked by hand and their values asserted here as well.
"""

import numpy as np


def _iou(a, b):
    ax1, ay1, ax2, ay2 = (float(v) for v in a)
    bx1, by1, bx2, by2 = (float(v) for v in b)
    iw = min(ax2, bx2) - max(ax1, bx1)
    ih = min(ay2, by2) - max(ay1, by1)
    inter = iw * ih if iw > 0 and ih > 0 else 0.0
    union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter
    return inter / union if union > 0 else 0.0


def _ap(flags, n_gt):
    """Sum over distinct recall levels r of (r - previous r) * max precision at recall >= r."""
    points, hits = [], 0
    for k, hit in enumerate(flags, start=1):
        hits += hit
        points.append((hits / n_gt, hits / k))
    total, previous = 0.0, 0.0
    for r in sorted({r for r, _ in points if r > 0}):
        total += (r - previous) * max(p for rr, p in points if rr >= r)
        previous = r
    return total


def independent_map(preds, gts, iou_threshold=0.5):
    classes = sorted({int(c) for _, cls in gts for c in np.asarray(cls).reshape(-1)})
    if not classes:
        return 0.0
    aps = []
    for c in classes:
        dets = []
        for i, (boxes, scores, cls) in enumerate(preds):
            for j in range(len(scores)):
                if int(cls[j]) == c:
                    dets.append((-float(scores[j]), i, j))
        dets.sort()
        used = set()
        n_gt = 0
        for boxes, cls in gts:
            n_gt += sum(1 for v in np.asarray(cls).reshape(-1) if int(v) == c)
        flags = []
        for _, i, j in dets:
            gt_boxes, gt_cls = gts[i]
            best, best_iou = None, -1.0
            for g in range(len(gt_cls)):
                if int(gt_cls[g]) != c or (i, g) in used:
                    continue
                v = _iou(preds[i][0][j], gt_boxes[g])
                if v > best_iou:
                    best, best_iou = g, v
            if best is not None and best_iou >= iou_threshold:
                used.add((i, best))
                flags.append(1)
            else:
                flags.append(0)
        aps.append(_ap(flags, n_gt))
    return sum(aps) / len(aps)


def _img(pred_boxes, scores, classes, gt_boxes, gt_classes):
    p = (np.asarray(pred_boxes, dtype=np.float64).reshape(-1, 4), np.asarray(scores, dtype=np.float64).reshape(-1),
         np.asarray(classes, dtype=np.int64).reshape(-1))
    g = (np.asarray(gt_boxes, dtype=np.float64).reshape(-1, 4), np.asarray(gt_classes, dtype=np.int64).reshape(-1))
    return p, g


def hand_cases():
    """(preds, gts, threshold, value worked by hand, note)."""
    four = [[0, 0, 2, 2], [4, 0, 6, 2], [8, 0, 10, 2], [12, 0, 14, 2]]
    cases = []
    # det.ap-all-points: TP, FP, TP, TP, FP over 4 ground truths -> 0.25·1 + 0.5·3/4 = 0.625
    p, g = _img([four[0], [20, 20, 21, 21], four[1], four[2], [30, 30, 31, 31]], [0.9, 0.8, 0.7, 0.6, 0.5],
                [0] * 5, four, [0] * 4)
    cases.append(([p], [g], 0.5, 0.625, "det.ap-all-points: TP FP TP TP FP, 4 ground truths"))
    # a duplicate: the second detection of one object is a false positive -> precision 1 at recall 1
    p, g = _img([[0, 0, 2, 2], [0, 0, 2, 2]], [0.9, 0.8], [0, 0], [[0, 0, 2, 2]], [0])
    cases.append(([p], [g], 0.5, 1.0, "a duplicate detection is a false positive"))
    # IoU exactly 1/2 at threshold 1/2 is a match
    p, g = _img([[0, 0, 3, 1]], [0.5], [0], [[1, 0, 4, 1]], [0])
    cases.append(([p], [g], 0.5, 1.0, "IoU equal to the threshold matches"))
    # a detection in image 1 cannot match a ground truth of image 0
    p0, g0 = _img(np.zeros((0, 4)), [], [], [[0, 0, 2, 2]], [0])
    p1, g1 = _img([[0, 0, 2, 2]], [0.9], [0], np.zeros((0, 4)), [])
    cases.append(([p0, p1], [g0, g1], 0.5, 0.0, "no matching across images"))
    # a class with ground truth and no detection counts 0; a class with detections only is left out
    p, g = _img([[0, 0, 2, 2], [5, 5, 6, 6]], [0.9, 0.9], [0, 2], [[0, 0, 2, 2], [3, 3, 4, 4]], [0, 1])
    cases.append(([p], [g], 0.5, 0.5, "classes 0 (AP 1) and 1 (no detection, AP 0); class 2 has no ground truth"))
    # equal scores: image 0's false positive comes before image 1's hit -> precision 1/2 at recall 1
    p0, g0 = _img([[5, 5, 6, 6]], [0.5], [0], np.zeros((0, 4)), [])
    p1, g1 = _img([[0, 0, 2, 2]], [0.5], [0], [[0, 0, 2, 2]], [0])
    cases.append(([p0, p1], [g0, g1], 0.5, 0.5, "tied scores in (image, index) order"))
    # the second detection goes to the other, still unmatched ground truth (COCO-style)
    p, g = _img([[0, 0, 4, 2], [0, 0, 4, 2]], [0.9, 0.8], [0, 0], [[0, 0, 4, 2], [1, 0, 4, 2]], [0, 0])
    cases.append(([p], [g], 0.5, 1.0, "the second detection takes the best still-unmatched ground truth"))
    # no ground truth anywhere
    p, g = _img([[0, 0, 1, 1]], [0.3], [1], np.zeros((0, 4)), [])
    cases.append(([p], [g], 0.5, 0.0, "no ground truth at all"))
    return cases


def _random_case(rng):
    n_img = int(rng.integers(1, 4))
    preds, gts = [], []
    for _ in range(n_img):
        n_gt = int(rng.integers(0, 4))
        xy = rng.integers(0, 8, size=(n_gt, 2))
        gb = np.concatenate([xy, xy + rng.integers(1, 5, size=(n_gt, 2))], axis=1).astype(np.float64)
        gc = rng.integers(0, 3, n_gt)
        rows, cls = [], []
        for _ in range(int(rng.integers(0, 6))):
            if n_gt and rng.random() < 0.6:
                k = int(rng.integers(n_gt))
                rows.append(gb[k] + rng.integers(-1, 2, size=4))
                cls.append(gc[k] if rng.random() < 0.8 else int(rng.integers(0, 3)))
            else:
                x, y = rng.integers(0, 8, size=2)
                rows.append([x, y, x + rng.integers(1, 5), y + rng.integers(1, 5)])
                cls.append(int(rng.integers(0, 3)))
        pb = np.asarray(rows, dtype=np.float64).reshape(-1, 4)
        pb[:, 2:] = np.maximum(pb[:, 2:], pb[:, :2])
        ps = rng.choice([0.25, 0.5, 0.75, 1.0], len(rows)) if rng.random() < 0.5 else rng.random(len(rows))
        preds.append((pb, ps.astype(np.float64), np.asarray(cls, dtype=np.int64)))
        gts.append((gb, gc.astype(np.int64)))
    return preds, gts, float(rng.choice([0.25, 0.5, 0.75, 1 / 3]))


def generate(rng):
    cases = []
    for preds, gts, thr, value, note in hand_cases():
        got = independent_map(preds, gts, thr)
        assert abs(got - value) < 1e-12, (note, got, value)
        cases.append({"function": "mean_average_precision", "args": [preds, gts, thr], "expected": value,
                      "rtol": 1e-12, "atol": 1e-12, "note": "worked by hand: " + note})
    for i in range(32):
        preds, gts, thr = _random_case(rng)
        cases.append({"function": "mean_average_precision", "args": [preds, gts, thr],
                      "expected": independent_map(preds, gts, thr), "rtol": 1e-9, "atol": 1e-12,
                      "note": f"random scene {i}, value from the independent loop implementation"})
    return cases
