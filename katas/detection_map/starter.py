"""Mean average precision (mAP) for object detection.

Run `dlprep kata detection_map` to grade this file, `dlprep kata detection_map --show` for the full statement.
"""

import numpy as np


def mean_average_precision(preds, gts, iou_threshold=0.5):
    """VOC-style mAP at one IoU threshold, with COCO-style greedy matching.

    preds: list with one (boxes (P, 4), scores (P,), classes (P,)) tuple per image.
    gts: list with one (boxes (G, 4), classes (G,)) tuple per image, same images in the same order.
    Boxes are [x1, y1, x2, y2] in continuous coordinates (area (x2 - x1) * (y2 - y1), no +1);
    classes are integers.

    Per class: take its detections from all images, by decreasing score (ties in (image, index)
    order); match each to the still-unmatched ground truth of the same image and class with the
    highest IoU (ties: lowest index) if that IoU >= iou_threshold, else it is a false positive.
    AP is the all-point interpolated area (VOC2010+). Return the mean AP over the classes that have
    at least one ground truth, or 0.0 when there is no ground truth at all.
    Do not modify the inputs.
    """
    # TODO: loop over classes; sort detections, match greedily, accumulate TP/FP, then the AP.
    raise NotImplementedError("mean_average_precision")
