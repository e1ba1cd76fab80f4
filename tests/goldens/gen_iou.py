"""Golden cases for iou from torchvision.ops.box_iou (float64).

torchvision returns NaN for a pair of zero-area boxes (union 0); the kata defines that IoU as 0.
Cases with such pairs store torchvision's output with NaN replaced by 0 and say so in their note;
every other value is torchvision's own.
"""

import numpy as np


def _boxes(rng, n, zero_share=0.0, scale=10.0):
    xy = rng.uniform(0, scale, size=(n, 2))
    wh = rng.uniform(0, scale / 2, size=(n, 2))
    wh[rng.random((n, 2)) < zero_share] = 0.0
    return np.concatenate([xy, xy + wh], axis=1)


def generate(rng):
    import torch
    from torchvision.ops import box_iou

    def tv(b1, b2):
        return box_iou(torch.from_numpy(b1), torch.from_numpy(b2)).numpy()

    cases = []

    def add(b1, b2, note):
        b1 = np.asarray(b1, dtype=np.float64).reshape(-1, 4)
        b2 = np.asarray(b2, dtype=np.float64).reshape(-1, 4)
        want = tv(b1, b2)
        if np.isnan(want).any():
            note += " (torchvision gives NaN for union-0 pairs; stored as 0, the kata's rule)"
            want = np.nan_to_num(want, nan=0.0)
        cases.append({"function": "box_iou", "args": [b1, b2], "expected": want, "rtol": 1e-9, "atol": 1e-12,
                      "note": note})

    add(np.zeros((0, 4)), [[0, 0, 1, 1], [1, 1, 2, 2]], "N = 0")
    add([[0, 0, 1, 1], [0, 0, 2, 2]], np.zeros((0, 4)), "M = 0")
    add([[0, 0, 2, 2]], [[0, 0, 2, 2]], "identical boxes")
    add([[0, 0, 2, 2]], [[1, 0, 3, 2]], "half overlap")
    add([[0, 0, 4, 4]], [[1, 1, 3, 3]], "containment")
    add([[0, 0, 1, 1]], [[3, 3, 4, 4]], "disjoint on both axes")
    add([[0, 0, 1, 1]], [[1, 0, 2, 1]], "touching edges")
    add([[0, 0, 0, 2], [0, 0, 2, 2]], [[1, 1, 3, 3], [0, 0, 2, 0]], "zero-area boxes with positive-area partners")
    add([[1, 1, 1, 3], [2, 2, 2, 2]], [[1, 1, 1, 3], [0, 0, 2, 2]], "two zero-area boxes")
    add([[0, 0, 2, 2], [2, 2, 3, 3]], [[1, 0, 3, 2], [0, 0, 4, 4]], "the statement's example")
    for i in range(20):
        n, m = rng.integers(1, 7, size=2)
        add(_boxes(rng, n), _boxes(rng, m), f"random continuous boxes {i}")
    for i in range(8):
        n, m = rng.integers(1, 6, size=2)
        add(_boxes(rng, n, 0.3), _boxes(rng, m, 0.3), f"random boxes, some of zero width or height {i}")
    for i in range(4):
        add(_boxes(rng, 4, scale=1000.0), _boxes(rng, 3, scale=1000.0), f"pixel-scale boxes {i}")
    return cases
