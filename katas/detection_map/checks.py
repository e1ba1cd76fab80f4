"""Checks for detection_map: one number in [0, 1], equal to the reference mAP.

Scenes are small (1-3 images, 0-3 ground truths and 0-5 detections each, classes 0-2) on an integer
grid, and most detections are jittered copies of a ground truth, so duplicates, near misses, matches
in the wrong image or class and classes with detections only are all common. Every IoU is a ratio of
small integers; thresholds are dyadic (1/4, 1/2, 3/4) or an IoU that actually occurs and is dyadic,
so "IoU equal to the threshold" is exact in float32 as well as float64, and any other IoU is at least
1e-3 away from the threshold. Scores are exact in float32, so ties are the same in any float width.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import BadOutput, Mismatch, as_array, assert_close, close_enough


RTOL = ATOL = 1e-6
SCORES = (0.5, 0.75, 0.25, 1.0)  # repeated scores: ties across images are common


def _image(pred_boxes, scores, classes, gt_boxes, gt_classes):
    pred = (np.asarray(pred_boxes, dtype=np.float64).reshape(-1, 4), np.asarray(scores, dtype=np.float64).reshape(-1),
            np.asarray(classes, dtype=np.int64).reshape(-1))
    gt = (np.asarray(gt_boxes, dtype=np.float64).reshape(-1, 4), np.asarray(gt_classes, dtype=np.int64).reshape(-1))
    return pred, gt


def _case(images, thr=None):
    case = {"preds": [p for p, _ in images], "gts": [g for _, g in images]}
    if thr is not None:
        case["iou_threshold"] = float(thr)
    return case


NONE = np.zeros((0, 4))


def edge_cases():
    four = [[0, 0, 2, 2], [4, 0, 6, 2], [8, 0, 10, 2], [12, 0, 14, 2]]
    return [
        _case([_image(NONE, [], [], NONE, [])]),  # nothing at all: 0
        # TP, FP, TP, TP, FP over 4 ground truths: 0.25·1 + 0.5·3/4 = 0.625 (the precision envelope matters)
        _case([_image([four[0], [20, 20, 21, 21], four[1], four[2], [30, 30, 31, 31]], [0.9, 0.8, 0.7, 0.6, 0.5],
                      [0] * 5, four, [0] * 4)]),
        # a duplicate of a matched object is a false positive; a class with ground truth only counts 0: 1/2
        _case([_image([[0, 0, 2, 2], [0, 0, 2, 2]], [0.75, 0.5], [0, 0], [[0, 0, 2, 2], [4, 4, 6, 6]], [0, 1])]),
        # a detection of class 1 on a class-0 object, and one of class 2 (no ground truth) elsewhere: 0
        _case([_image([[0, 0, 2, 2], [5, 5, 7, 7]], [0.5, 0.5], [1, 2], [[0, 0, 2, 2], [3, 3, 4, 4]], [0, 1])]),
        # a hit for class 0, and a class-2 detection with no class-2 ground truth: the mean is over class 0 only, 1
        _case([_image([[0, 0, 2, 2], [4, 4, 5, 5]], [0.5, 0.75], [0, 2], [[0, 0, 2, 2]], [0])]),
        # image 1's detection sits on image 0's object: no match across images, 0
        _case([_image(NONE, [], [], [[0, 0, 2, 2]], [0]), _image([[0, 0, 2, 2]], [0.5], [0], NONE, [])]),
        # IoU exactly 1/2 at threshold 1/2 is a match: 1
        _case([_image([[0, 0, 3, 1]], [0.5], [0], [[1, 0, 4, 1]], [0])], 0.5),
        # IoU 1/7 < 1/4 without +1, 2/7 with it: no match, 0
        _case([_image([[0, 0, 2, 2]], [0.5], [0], [[1, 1, 3, 3]], [0])], 0.25),
        # the second detection takes the other, still unmatched ground truth (IoU 3/4): 1
        _case([_image([[0, 0, 4, 2], [0, 0, 4, 2]], [1.0, 0.5], [0, 0], [[0, 0, 4, 2], [1, 0, 4, 2]], [0, 0])]),
        # equal scores: image 0's false positive comes before image 1's hit, precision 1/2 at recall 1: 1/2
        _case([_image([[5, 5, 6, 6]], [0.5], [0], NONE, []), _image([[0, 0, 2, 2]], [0.5], [0], [[0, 0, 2, 2]], [0])]),
        # zero-area boxes: a union of 0 gives IoU 0, never a match: 0
        _case([_image([[1, 1, 1, 3]], [0.5], [0], [[1, 1, 1, 3]], [0])], 0.25),
    ]


def _iou(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    inter = max(w, 0.0) * max(h, 0.0)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _dyadic_ious(images):
    """IoUs in (0, 1] between a detection and a ground truth of the same image and class, exact in float32."""
    found = set()
    for (pb, _, pc), (gb, gc) in images:
        for a, ca in zip(pb, pc):
            for b, cb in zip(gb, gc):
                v = _iou(a, b)
                if ca == cb and 0 < v <= 1 and (v * 256).is_integer():
                    found.add(v)
    return sorted(found)


def cases():
    from hypothesis import strategies as st

    CLASS = st.sampled_from([0, 1, 0, 2])  # class 0 most often: several detections per class
    SIDE = st.sampled_from([2, 3, 4, 1, 2, 3, 4, 0])  # now and then a box of zero width or height
    SCORE = st.one_of(st.sampled_from(SCORES), st.floats(0, 1, width=32))

    @st.composite
    def scene(draw):
        cls = CLASS
        gts = []
        for _ in range(draw(st.integers(1, 3))):
            gb = []
            for _ in range(draw(st.integers(0, 4))):
                x, y = draw(st.integers(0, 6)), draw(st.integers(0, 6))
                gb.append([x, y, x + draw(SIDE), y + draw(SIDE)])
            gts.append((gb, [draw(cls) for _ in gb]))
        everywhere = [(i, k) for i, (gb, _) in enumerate(gts) for k in range(len(gb))]
        present = sorted({c for _, gc in gts for c in gc})
        images = []
        for i, (gb, gc) in enumerate(gts):
            pb, ps, pc = [], [], []
            for _ in range(draw(st.integers(0, 8) if gb else st.integers(0, 3))):
                if everywhere and draw(st.integers(0, 4)) < 3:  # on or near a ground truth
                    own = [(j, k) for j, k in everywhere if j == i]
                    # mostly one of this image's, sometimes one of another image's (then a miss here)
                    j, k = draw(st.sampled_from(own)) if own and draw(st.integers(0, 3)) else draw(st.sampled_from(everywhere))
                    b = list(gts[j][0][k])
                    for _ in range(draw(st.sampled_from([0, 1, 0, 2]))):  # move up to two sides by one unit
                        b[draw(st.integers(0, 3))] += draw(st.sampled_from([1, -1]))
                    b[2], b[3] = max(b[2], b[0]), max(b[3], b[1])
                    c = gts[j][1][k] if draw(st.integers(0, 2)) else draw(st.sampled_from(present))  # maybe a wrong class
                else:
                    x, y = draw(st.integers(0, 6)), draw(st.integers(0, 6))
                    b = [x, y, x + draw(st.integers(1, 4)), y + draw(st.integers(1, 4))]
                    c = draw(cls)
                pb.append(b)
                pc.append(c)
                ps.append(draw(SCORE))
            images.append(_image(np.reshape(pb, (-1, 4)), ps, pc, np.reshape(gb, (-1, 4)), gc))
        exact = _dyadic_ious(images)
        options = [st.sampled_from([0.5, 0.25, 0.75])] + ([st.sampled_from(exact)] * 2 if exact else [])
        thr = draw(st.one_of(*options))
        return _case(images, None if thr == 0.5 and draw(st.booleans()) else thr)

    SLOTS = ((0, 0, 2, 2), (3, 0, 5, 2), (0, 3, 2, 5), (3, 3, 5, 5), (6, 0, 8, 3))

    @st.composite
    def ranking(draw):
        # one class, objects in fixed slots shared by the images: long ranked lists with hits,
        # duplicates and misses in every order, and slots filled in one image but not another
        images = []
        for _ in range(draw(st.integers(1, 2))):
            filled = draw(st.lists(st.sampled_from(range(len(SLOTS))), min_size=1, max_size=4, unique=True))
            pb = []
            for _ in range(draw(st.integers(1, 8))):
                slot = list(SLOTS[draw(st.integers(0, len(SLOTS) - 1))])
                if draw(st.integers(0, 2)) == 0:  # a near miss: one side moved by one unit
                    slot[draw(st.integers(0, 3))] += draw(st.sampled_from([1, -1]))
                    slot[2], slot[3] = max(slot[2], slot[0]), max(slot[3], slot[1])
                pb.append(slot)
            ps = [draw(SCORE) for _ in pb]
            images.append(_image(pb, ps, [0] * len(pb), [SLOTS[k] for k in filled], [0] * len(filled)))
        thr = draw(st.sampled_from([0.5, 0.25, 0.75] + _dyadic_ious(images)))
        return _case(images, thr)

    return st.one_of(scene(), ranking())


def _arrays(case):
    return [v for group in ("preds", "gts") for item in case[group] for v in item]


def call(sub, case):
    before = [np.array(v, copy=True) for v in _arrays(case)]
    args = (case["preds"], case["gts"]) + ((case["iou_threshold"],) if "iou_threshold" in case else ())
    value = sub.mean_average_precision(*args)
    for old, new in zip(before, _arrays(case)):
        if old.shape != np.shape(new) or not np.array_equal(old, new):
            raise BadOutput(
                "mean_average_precision modified its inputs (an array inside preds or gts changed); "
                "work on copies instead",
                "mean_average_precision 修改了输入（preds 或 gts 中的某个数组被改动了）；请在副本上操作",
            )
    return {"map": value}


def _value(got):
    return float(as_array(got["map"], "map", ndim=0))


def check_scalar(case, got, want):
    _value(got)


def check_in_unit_interval(case, got, want):
    v = _value(got)
    if not -ATOL <= v <= 1.0 + ATOL:  # a sum of float terms may land a rounding step outside
        raise Mismatch(
            f"the mAP is {v:.6g}, outside [0, 1]: it is a mean of APs, each an area under a precision curve "
            f"with recall in [0, 1] (a ground truth can be matched only once)",
            f"mAP 为 {v:.6g}，不在 [0, 1] 内：它是各类 AP 的平均，每个 AP 都是召回率在 [0, 1] 上的精确率曲线下的面积"
            f"（每个真值只能被匹配一次）",
        )


def check_value(case, got, want):
    try:
        assert_close(got["map"], want["map"], "map", rtol=RTOL, atol=ATOL)
    except Mismatch as mismatch:
        counts = {}
        for _, cls in case["gts"]:
            for c in cls:
                counts[int(c)] = counts.get(int(c), 0) + 1
        listed = ", ".join(f"{c}: {n}" for c, n in sorted(counts.items())) or "none"
        thr = case.get("iou_threshold", 0.5)
        raise Mismatch(
            f"{mismatch.message['en']}. Ground truths per class ({listed}); the mean runs over these "
            f"{len(counts)} class(es), IoU threshold {thr:g} (a match needs IoU >= threshold)",
            f"{mismatch.message['zh']}。各类别的真值个数（{listed}）；只对这 {len(counts)} 个类别求平均，"
            f"IoU 阈值为 {thr:g}（IoU >= 阈值才算匹配）",
            mismatch.diff,
        ) from None


def same(a, b):
    """Two results agree when the values agree within the tolerance."""
    try:
        return close_enough(a["map"], b["map"], rtol=RTOL, atol=ATOL)
    except (TypeError, KeyError):
        return False


def bench(rng):
    """A validation pass of a detector: 100 images of 640 x 480, 5 to 15 objects of 10 classes each, and
    10 to 30 detections per image, most of them jittered copies of an object (a few with the wrong class)."""
    images = []
    for _ in range(100):
        n_gt, n_pred = int(rng.integers(5, 16)), int(rng.integers(10, 31))
        corner = rng.uniform(0, (560, 400), (n_gt, 2))
        gt = np.concatenate([corner, corner + rng.uniform(16, 240, (n_gt, 2))], axis=1)
        gt_classes = rng.integers(0, 10, n_gt)
        source = rng.integers(0, n_gt, n_pred)
        pred = gt[source] + rng.normal(0, 8, (n_pred, 4))
        pred[:, 2:] = np.maximum(pred[:, 2:], pred[:, :2] + 1)
        classes = np.where(rng.random(n_pred) < 0.9, gt_classes[source], rng.integers(0, 10, n_pred))
        stray = rng.random(n_pred) < 0.2  # background detections anywhere
        corner = rng.uniform(0, (560, 400), (n_pred, 2))
        pred[stray] = np.concatenate([corner, corner + rng.uniform(16, 240, (n_pred, 2))], axis=1)[stray]
        scores = rng.random(n_pred).astype(np.float32)
        images.append(_image(pred, scores, classes, gt, gt_classes))
    return _case(images, 0.5), "100 images, ~20 detections and ~10 ground truths each, 10 classes, IoU threshold 0.5"


KATA = api.Kata(
    call=call,
    checks=[check_scalar, check_in_unit_interval, check_value],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
