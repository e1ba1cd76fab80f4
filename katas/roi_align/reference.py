"""Reference RoIAlign for one image: torchvision.ops.roi_align semantics (CPU kernel), with this
signature's defaults sampling_ratio=2 and aligned=True."""

import math

import numpy as np


def _weights(coords, size):
    """Bilinear weights (len(coords), size) of sample coordinates along one axis, as torchvision.

    A sample beyond [-1, size] contributes 0; one in [-1, 0] is clamped to 0; one at or past
    size - 1 reads the last pixel only.
    """
    wts = np.zeros((len(coords), size))
    for n, c in enumerate(coords):
        if c < -1.0 or c > size:
            continue
        c = max(c, 0.0)
        low = int(c)
        if low >= size - 1:
            wts[n, size - 1] = 1.0
            continue
        frac = c - low
        wts[n, low] += 1.0 - frac
        wts[n, low + 1] += frac
    return wts


def roi_align(features, rois, output_size, spatial_scale=1.0, sampling_ratio=2, aligned=True):
    x = np.asarray(features, dtype=np.float64)
    c, h, w = x.shape
    boxes = np.asarray(rois, dtype=np.float64).reshape(-1, 4)
    ph, pw = (output_size, output_size) if np.ndim(output_size) == 0 else tuple(output_size)
    ph, pw = int(ph), int(pw)
    out = np.zeros((len(boxes), c, ph, pw))
    offset = 0.5 if aligned else 0.0
    for k, (x1, y1, x2, y2) in enumerate(boxes):
        # continuous RoI in feature-map coordinates; no rounding anywhere
        start_x, start_y = x1 * spatial_scale - offset, y1 * spatial_scale - offset
        roi_w, roi_h = x2 * spatial_scale - offset - start_x, y2 * spatial_scale - offset - start_y
        if not aligned:  # the legacy mode forces at least a 1x1 RoI
            roi_w, roi_h = max(roi_w, 1.0), max(roi_h, 1.0)
        bin_h, bin_w = roi_h / ph, roi_w / pw
        grid_h = sampling_ratio if sampling_ratio > 0 else math.ceil(roi_h / ph)
        grid_w = sampling_ratio if sampling_ratio > 0 else math.ceil(roi_w / pw)
        count = max(grid_h * grid_w, 1)
        # grid_h x grid_w samples at the centres of a regular grid inside each bin
        ys = [start_y + p * bin_h + (i + 0.5) * bin_h / grid_h for p in range(ph) for i in range(grid_h)]
        xs = [start_x + q * bin_w + (j + 0.5) * bin_w / grid_w for q in range(pw) for j in range(grid_w)]
        # bilinear sampling is separable: rows (ph*grid_h, H) @ x @ columns (W, pw*grid_w)
        samples = _weights(ys, h) @ x @ _weights(xs, w).T  # (C, ph*grid_h, pw*grid_w)
        out[k] = samples.reshape(c, ph, grid_h, pw, grid_w).sum(axis=(2, 4)) / count
    return out
