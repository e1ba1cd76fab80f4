"""How many boxes survive greedy non-maximum suppression (torchvision.ops.nms semantics)."""

from dlprep.deck.families import Generated, fmt
from dlprep.deck.families.iou import box_iou


def _greedy(boxes, order, thr):
    kept, notes = [], []
    for i in order:
        over = [(k, box_iou(boxes[i], boxes[k])) for k in kept]
        hit = next(((k, v) for k, v in over if v > thr), None)
        notes.append((i, over, hit))
        if hit is None:
            kept.append(i)
    return kept, notes


def generate(rng):
    want_chain = rng.random() < 0.75
    while True:
        n, thr = rng.choice([4, 5, 5, 6]), rng.choice([0.3, 0.4, 0.5])
        boxes = []
        for _ in range(n):
            x1, y1 = rng.randint(0, 8), rng.randint(0, 8)
            boxes.append((x1, y1, x1 + rng.randint(2, 6), y1 + rng.randint(2, 6)))
        scores = [s / 100 for s in rng.sample(range(30, 100), n)]
        order = sorted(range(n), key=lambda i: -scores[i])
        ious = [box_iou(boxes[i], boxes[j]) for i in range(n) for j in range(i + 1, n)]
        if any(abs(v - thr) < 1e-3 for v in ious):
            continue  # no IoU sits on the threshold, so > and ≥ agree
        kept, notes = _greedy(boxes, order, thr)
        # "suppressed boxes suppress too": drop any box overlapping any higher-scoring box
        naive = [i for r, i in enumerate(order) if all(box_iou(boxes[i], boxes[k]) <= thr for k in order[:r])]
        if 2 <= len(kept) < n and (len(naive) != len(kept)) == want_chain:
            break
    listing = "; ".join(f"{i + 1}: {list(b)} score {scores[i]:.2f}" for i, b in enumerate(boxes))
    prompt = {
        "en": (f"Boxes as [x1, y1, x2, y2] (continuous coordinates) with scores — {listing}. Greedy NMS as in "
               f"torchvision.ops.nms with IoU threshold {thr} (a box is removed when IoU > {thr}). How many boxes are kept?"),
        "zh": (f"以下框格式为 [x1, y1, x2, y2]（连续坐标），附分数——{listing.replace('; ', '；').replace(' score ', ' 分数 ')}。"
               f"按 torchvision.ops.nms 做贪心 NMS，IoU 阈值 {thr}（IoU > {thr} 时去掉）。最后保留几个框？"),
    }
    steps_en, steps_zh = [], []
    for i, over, hit in notes:
        if not over:
            steps_en.append(f"box {i + 1} ({scores[i]:.2f}) kept")
            steps_zh.append(f"框 {i + 1}（{scores[i]:.2f}）保留")
        elif hit is None:
            touching = [(k, v) for k, v in over if v > 0]
            if not touching:
                steps_en.append(f"box {i + 1} ({scores[i]:.2f}): no overlap with the kept boxes, kept")
                steps_zh.append(f"框 {i + 1}（{scores[i]:.2f}）：与已保留的框都不重叠，保留")
            else:
                shown = ", ".join(f"IoU with {k + 1} = {fmt(v, 3)}" for k, v in touching)
                steps_en.append(f"box {i + 1} ({scores[i]:.2f}): {shown}, ≤ {thr}, kept")
                steps_zh.append(f"框 {i + 1}（{scores[i]:.2f}）："
                                + "，".join(f"与框 {k + 1} 的 IoU = {fmt(v, 3)}" for k, v in touching) + f"，≤ {thr}，保留")
        else:
            k, v = hit
            steps_en.append(f"box {i + 1} ({scores[i]:.2f}): IoU with kept box {k + 1} = {fmt(v, 3)} > {thr}, removed")
            steps_zh.append(f"框 {i + 1}（{scores[i]:.2f}）：与已保留的框 {k + 1} 的 IoU = {fmt(v, 3)} > {thr}，去掉")
    kept_list = ", ".join(str(i + 1) for i in sorted(kept))
    note_en = (" A removed box suppresses nothing: only kept boxes are compared against, so removing every box that "
               f"overlaps any higher-scoring box would keep only {len(naive)}.") if want_chain else ""
    note_zh = (f"被去掉的框不再抑制别的框：只和已保留的框比较；若把与任何更高分框重叠的框都去掉，只会剩 {len(naive)} 个。"
               if want_chain else "")
    solution = {
        "en": f"In score order: {'; '.join(steps_en)}. Kept boxes: {kept_list} ({len(kept)} boxes).{note_en}",
        "zh": f"按分数从高到低：{'；'.join(steps_zh)}。保留框 {kept_list.replace(', ', '、')}，共 {len(kept)} 个。{note_zh}",
    }
    return Generated(prompt, float(len(kept)), 0.0, solution, {"boxes": boxes, "scores": scores, "thr": thr})
