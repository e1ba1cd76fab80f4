"""Golden cases for bilinear_resize from torch.nn.functional.interpolate(mode="bilinear",
antialias=False) in float64, for both align_corners settings."""

import numpy as np


def _ramp(c, h, w):
    return ((np.arange(c * h * w) * 3) % 7 - 3).reshape(c, h, w).astype(np.float64)


def generate(rng):
    import torch
    import torch.nn.functional as F

    cases = []

    def add(img, out_h, out_w, align, note):
        img = np.asarray(img, dtype=np.float64)
        want = F.interpolate(torch.from_numpy(img)[None], size=(out_h, out_w), mode="bilinear",
                             align_corners=bool(align), antialias=False)[0].numpy()
        args = [img, out_h, out_w] + ([align] if align is not None else [])
        cases.append({"function": "bilinear_resize", "args": args, "expected": want, "rtol": 1e-9, "atol": 1e-12,
                      "note": note})

    add([[[0, 4]]], 1, 4, None, "1x2 -> 1x4 with the default: [0, 1, 3, 4]")
    add([[[0, 4]]], 1, 4, True, "1x2 -> 1x4, align_corners=True: [0, 4/3, 8/3, 4]")
    add([[[0, 4, 8]]], 1, 5, True, "corners aligned along W")
    add([[[0, 4, 8], [4, 8, 12]]], 3, 5, True, "corners aligned in both directions")
    add(_ramp(1, 3, 3), 1, 1, True, "one output pixel, align_corners=True: the top-left input")
    add(_ramp(1, 3, 3), 1, 1, False, "one output pixel, align_corners=False: the centre")
    add(_ramp(1, 4, 4), 2, 2, False, "halving")
    add([[[2]]], 3, 2, False, "1x1 input")
    add(_ramp(2, 3, 5), 4, 2, False, "up in H, down in W")
    add(_ramp(3, 2, 3), 5, 7, True, "three channels, align_corners=True")
    add(_ramp(1, 3, 4), 3, 4, True, "same size")
    add(_ramp(1, 1, 4), 3, 4, True, "H = 1 with align_corners=True")
    for i in range(36):
        c, h, w = int(rng.integers(1, 4)), int(rng.integers(1, 9)), int(rng.integers(1, 9))
        out_h, out_w = int(rng.integers(1, 12)), int(rng.integers(1, 12))
        add(rng.normal(size=(c, h, w)), out_h, out_w, [False, True, None][i % 3], f"random {i}")
    return cases
