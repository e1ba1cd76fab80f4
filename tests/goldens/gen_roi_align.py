"""Golden cases for roi_align from torchvision.ops.roi_align in float64 (one image: features[None] and
a one-element list of boxes). The kata's defaults differ from torchvision's, so every torchvision call
passes spatial_scale, sampling_ratio and aligned explicitly, while the stored call may leave the
trailing ones to the kata's defaults (1.0, 2, True)."""

import numpy as np

DEFAULTS = (1.0, 2, True)


def _ramp(c, h, w):
    return ((np.arange(c * h * w) * 3) % 7 - 3).reshape(c, h, w).astype(np.float64)


def generate(rng):
    import torch
    from torchvision.ops import roi_align

    cases = []

    def add(features, rois, output_size, *optional, note):
        features = np.asarray(features, dtype=np.float64)
        rois = np.asarray(rois, dtype=np.float64).reshape(-1, 4)
        full = tuple(optional) + DEFAULTS[len(optional):]
        want = roi_align(torch.from_numpy(features)[None], [torch.from_numpy(rois)], output_size, *full).numpy()
        cases.append({"function": "roi_align", "args": [features, rois, output_size, *optional], "expected": want,
                      "rtol": 1e-9, "atol": 1e-12, "note": note})

    f = _ramp(1, 4, 4)
    add(f, [[0, 0, 4, 4]], 2, note="kata defaults")
    add(f, [[0.5, 1, 6, 7.5]], (2, 3), 0.5, 2, True, note="fractional corners, scale 1/2, 2x3 bins")
    add(f, [[-6, -4, 2, 3]], 2, 1.0, 2, True, note="RoI off the top-left corner")
    add(f, [[-1, 0, 1, 2]], 1, 1.0, 2, True, note="samples exactly at x = -1")
    add(_ramp(2, 3, 5), [[1, 0, 3, 3], [0, 0, 5, 3]], (3, 2), 1.0, 0, True, note="adaptive grid")
    add(f, [[1, 1, 1, 3]], 2, 1.0, 0, True, note="zero-width RoI with the adaptive grid: no samples")
    add(f, [[1.5, 1.5, 2, 2.25]], 2, 1.0, 1, False, note="legacy mode widens a tiny RoI to 1x1")
    add(f, np.zeros((0, 4)), 3, note="K = 0")
    add(_ramp(1, 3, 6), [[2, 2, 10, 6]], (1, 2), 0.25, 2, False, note="scale 1/4, not aligned")
    add(_ramp(2, 5, 4), [[0, 0, 1.5, 2], [1, 1, 3, 3]], 2, 2.0, 3, note="scale 2, 3x3 samples per bin")
    add([[[0, 1], [2, 3]]], [[0, 0, 2, 2]], 1, note="the statement's example: 1.5")
    add([[[0, 1], [2, 3]]], [[0, 0, 2, 2]], 1, 1.0, 2, False, note="the statement's example, not aligned: 2.25")
    for i in range(36):
        c, h, w = int(rng.integers(1, 3)), int(rng.integers(1, 10)), int(rng.integers(1, 10))
        scale = float(rng.choice([1.0, 0.5, 0.25, 2.0, 0.0625]))
        k = int(rng.integers(0, 4))
        xy = rng.uniform(-2, max(h, w) + 1, size=(k, 2))
        wh = rng.uniform(0, max(h, w) + 1, size=(k, 2))
        rois = np.concatenate([xy, xy + wh], axis=1) / scale
        out = int(rng.integers(1, 5)) if i % 2 else (int(rng.integers(1, 5)), int(rng.integers(1, 5)))
        optional = (scale, int(rng.choice([2, 1, 0, 3, -1])), bool(rng.integers(0, 2)))[: 1 + i % 3]
        add(rng.normal(size=(c, h, w)), rois, out, *optional, note=f"random {i}")
    return cases
