"""Generalized IoU of two axis-aligned boxes: IoU − |C \\ (A ∪ B)| / |C|, C the smallest enclosing box."""

from dlprep.deck.families import Generated, fmt
from dlprep.deck.families.iou import box_overlap


def _box(rng):
    x1, y1 = rng.randint(0, 16) / 2, rng.randint(0, 16) / 2
    return (x1, y1, x1 + rng.randint(1, 12) / 2, y1 + rng.randint(1, 12) / 2)


def generate(rng):
    overlap = rng.random() < 0.7
    while True:
        a, b = _box(rng), _box(rng)
        w, h, inter, area_a, area_b, union = box_overlap(a, b)
        cw, ch = max(a[2], b[2]) - min(a[0], b[0]), max(a[3], b[3]) - min(a[1], b[1])
        c = cw * ch
        if c - union > 0 and (inter > 0) == overlap:  # C strictly larger than the union: GIoU differs from IoU
            break
    iou = inter / union
    giou = iou - (c - union) / c
    show = lambda box: "[" + ", ".join(fmt(v) for v in box) + "]"  # noqa: E731
    prompt = {
        "en": (f"Boxes A = {show(a)} and B = {show(b)} as [x1, y1, x2, y2], continuous coordinates. What is their "
               "generalized IoU, GIoU = IoU − |C \\ (A ∪ B)|/|C| with C the smallest box enclosing both? Give 4 decimals."),
        "zh": (f"框 A = {show(a)}，框 B = {show(b)}，格式 [x1, y1, x2, y2]，连续坐标。它们的广义交并比 "
               "GIoU = IoU − |C \\ (A ∪ B)|/|C| 是多少？其中 C 是同时包住两个框的最小外接框。保留 4 位小数。"),
    }
    solution = {
        "en": ((f"Intersection = {fmt(w)}×{fmt(h)} = {fmt(inter)}" if inter else "The boxes do not overlap: intersection = 0")
               + f"; areas {fmt(area_a)} and {fmt(area_b)}; union = "
               f"{fmt(union)}; IoU = {fmt(inter)}/{fmt(union)} = {fmt(iou)}. Enclosing box C = {fmt(cw)}×{fmt(ch)} = "
               f"{fmt(c)}; GIoU = {fmt(iou)} − ({fmt(c)} − {fmt(union)})/{fmt(c)} = {fmt(iou)} − {fmt(1 - union / c)} = {fmt(giou)}."
               + (" IoU is 0 for any two disjoint boxes; GIoU is negative and still tells how far apart they are."
                  if inter == 0 else "")),
        "zh": ((f"交集 = {fmt(w)}×{fmt(h)} = {fmt(inter)}" if inter else "两框不相交：交集 = 0")
               + f"；面积分别为 {fmt(area_a)} 和 {fmt(area_b)}；并集 = {fmt(union)}；"
               f"IoU = {fmt(inter)}/{fmt(union)} = {fmt(iou)}。最小外接框 C = {fmt(cw)}×{fmt(ch)} = {fmt(c)}；"
               f"GIoU = {fmt(iou)} − ({fmt(c)} − {fmt(union)})/{fmt(c)} = {fmt(iou)} − {fmt(1 - union / c)} = {fmt(giou)}。"
               + ("任意两个不相交的框 IoU 都是 0；GIoU 为负，仍能反映两框相距多远。" if inter == 0 else "")),
    }
    return Generated(prompt, giou, 5e-5 + 1e-9, solution, {"a": a, "b": b})
