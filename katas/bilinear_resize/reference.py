"""Reference bilinear resize: torch.nn.functional.interpolate(mode="bilinear", antialias=False)."""

import numpy as np


def _source(out_size, in_size, align_corners):
    """For each output index: the two source indices and the weight of the second one."""
    dst = np.arange(out_size, dtype=np.float64)
    if align_corners:
        # corners on corners: output 0 -> input 0, output out-1 -> input in-1 (one output: input 0)
        src = dst * ((in_size - 1) / (out_size - 1) if out_size > 1 else 0.0)
    else:
        # pixel centres on pixel centres; positions left of the first centre are clamped to it
        src = np.maximum((dst + 0.5) * (in_size / out_size) - 0.5, 0.0)
    i0 = np.minimum(np.floor(src).astype(np.int64), in_size - 1)
    i1 = np.minimum(i0 + 1, in_size - 1)
    return i0, i1, src - i0


def bilinear_resize(img, out_h, out_w, align_corners=False):
    x = np.asarray(img, dtype=np.float64)
    _, h, w = x.shape
    y0, y1, ly = _source(out_h, h, align_corners)
    x0, x1, lx = _source(out_w, w, align_corners)
    # interpolate along the rows first (C, out_h, W), then along the columns (C, out_h, out_w)
    rows = x[:, y0, :] * (1 - ly)[None, :, None] + x[:, y1, :] * ly[None, :, None]
    return rows[:, :, x0] * (1 - lx) + rows[:, :, x1] * lx
