"""Pairwise IoU of two sets of boxes.

Run `dlprep kata iou` to grade this file, `dlprep kata iou --show` for the full statement.
"""

import numpy as np


def box_iou(boxes1, boxes2):
    """IoU of every box in boxes1 with every box in boxes2.

    boxes1: float array (N, 4), boxes2: float array (M, 4); rows are [x1, y1, x2, y2] with
    x1 <= x2 and y1 <= y2, continuous coordinates (area = (x2 - x1) * (y2 - y1), no +1).

    Returns a float array (N, M) whose [i, j] entry is the IoU of boxes1[i] and boxes2[j]; the IoU
    of two boxes whose union is 0 is 0. N or M may be 0. Do not modify the inputs.
    """
    # TODO: areas, pairwise intersection (clamped at 0), union, and a safe division.
    raise NotImplementedError("box_iou")
