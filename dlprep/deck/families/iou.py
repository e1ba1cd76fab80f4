"""IoU of two axis-aligned boxes in continuous coordinates."""

from dlprep.deck.families import Generated, fmt


def _box(rng):
    x1, y1 = rng.randint(0, 6), rng.randint(0, 6)
    return (x1, y1, x1 + rng.randint(1, 6), y1 + rng.randint(1, 6))


def box_overlap(a, b):
    """The intersection's width, height and area, both areas and the union of two [x1, y1, x2, y2] boxes:
    every step a worked IoU solution shows (also used by the GIoU and NMS families)."""
    w = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    area_a, area_b = (a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])
    return w, h, inter, area_a, area_b, area_a + area_b - inter


def box_iou(a, b):
    _, _, inter, _, _, union = box_overlap(a, b)
    return inter / union


def generate(rng):
    a, b = _box(rng), _box(rng)
    w, h, inter, area_a, area_b, union = box_overlap(a, b)
    iou = inter / union
    prompt = {
        "en": f"Boxes A = {list(a)} and B = {list(b)} as [x1, y1, x2, y2], continuous coordinates (area = (x2−x1)(y2−y1)). What is their IoU? Give 4 decimals.",
        "zh": f"框 A = {list(a)}，框 B = {list(b)}，格式 [x1, y1, x2, y2]，连续坐标（面积 = (x2−x1)(y2−y1)）。它们的 IoU 是多少？保留 4 位小数。",
    }
    solution = {
        "en": f"intersection = {w}×{h} = {inter}; areas {area_a} and {area_b}; union = {area_a} + {area_b} − {inter} = {union}; IoU = {inter}/{union} = {fmt(iou)}.",
        "zh": f"交集 = {w}×{h} = {inter}；面积分别为 {area_a} 和 {area_b}；并集 = {area_a} + {area_b} − {inter} = {union}；IoU = {inter}/{union} = {fmt(iou)}。",
    }
    return Generated(prompt, iou, 5e-5 + 1e-9, solution, {"a": a, "b": b})
