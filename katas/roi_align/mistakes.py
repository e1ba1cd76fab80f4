"""Classic RoIAlign mistakes, one function per mistake id in kata.yaml; each has exactly one bug.

`_roi_align` is a plain loop implementation with one switch per mistake.
"""

import math

import numpy as np


def _sample(x, y, xx, *, outside="zero"):
    """Bilinear value of x (C, H, W) at (y, xx)."""
    _, h, w = x.shape
    if outside == "zero" and (y < -1.0 or y > h or xx < -1.0 or xx > w):
        return np.zeros(x.shape[0])
    if outside == "inside_only" and (y < 0.0 or y > h - 1 or xx < 0.0 or xx > w - 1):
        return np.zeros(x.shape[0])
    y = min(max(y, 0.0), h - 1.0)  # clamping only matters for "clamp", the others are inside already
    xx = min(max(xx, 0.0), w - 1.0)
    y0, x0 = int(y), int(xx)
    y1, x1 = min(y0 + 1, h - 1), min(x0 + 1, w - 1)
    ly, lx = y - y0, xx - x0
    return ((1 - ly) * (1 - lx) * x[:, y0, x0] + (1 - ly) * lx * x[:, y0, x1]
            + ly * (1 - lx) * x[:, y1, x0] + ly * lx * x[:, y1, x1])


def _roi_align(features, rois, output_size, spatial_scale, sampling_ratio, aligned, *, offset_used=True,
               quantise=False, centre=0.5, use_scale=True, reduce="mean", outside="zero"):
    x = np.asarray(features, dtype=np.float64)
    c = x.shape[0]
    boxes = np.asarray(rois, dtype=np.float64).reshape(-1, 4)
    ph, pw = (output_size, output_size) if np.ndim(output_size) == 0 else tuple(output_size)
    ph, pw = int(ph), int(pw)
    scale = spatial_scale if use_scale else 1.0
    offset = 0.5 if aligned and offset_used else 0.0
    out = np.zeros((len(boxes), c, ph, pw))
    for k, box in enumerate(boxes):
        b = box * scale
        if quantise:
            b = np.round(b)  # RoIPool-style integer boundaries
        sx, sy, ex, ey = b - offset
        rw, rh = ex - sx, ey - sy
        if not aligned:
            rw, rh = max(rw, 1.0), max(rh, 1.0)
        bh, bw = rh / ph, rw / pw
        gh = sampling_ratio if sampling_ratio > 0 else math.ceil(rh / ph)
        gw = sampling_ratio if sampling_ratio > 0 else math.ceil(rw / pw)
        count = max(gh * gw, 1)
        for p in range(ph):
            for q in range(pw):
                vals = [_sample(x, sy + p * bh + (i + centre) * bh / gh, sx + q * bw + (j + centre) * bw / gw,
                                outside=outside)
                        for i in range(gh) for j in range(gw)]
                if not vals:
                    continue
                if reduce == "max":
                    out[k, :, p, q] = np.max(vals, axis=0)
                else:
                    out[k, :, p, q] = np.sum(vals, axis=0) / count
    return out


def no_half_pixel_offset(features, rois, output_size, spatial_scale=1.0, sampling_ratio=2, aligned=True):
    return _roi_align(features, rois, output_size, spatial_scale, sampling_ratio, aligned, offset_used=False)


def quantised_rois(features, rois, output_size, spatial_scale=1.0, sampling_ratio=2, aligned=True):
    return _roi_align(features, rois, output_size, spatial_scale, sampling_ratio, aligned, quantise=True)


def samples_at_bin_corners(features, rois, output_size, spatial_scale=1.0, sampling_ratio=2, aligned=True):
    return _roi_align(features, rois, output_size, spatial_scale, sampling_ratio, aligned, centre=0.0)


def spatial_scale_ignored(features, rois, output_size, spatial_scale=1.0, sampling_ratio=2, aligned=True):
    return _roi_align(features, rois, output_size, spatial_scale, sampling_ratio, aligned, use_scale=False)


def max_over_samples(features, rois, output_size, spatial_scale=1.0, sampling_ratio=2, aligned=True):
    return _roi_align(features, rois, output_size, spatial_scale, sampling_ratio, aligned, reduce="max")


def clamped_instead_of_zero(features, rois, output_size, spatial_scale=1.0, sampling_ratio=2, aligned=True):
    return _roi_align(features, rois, output_size, spatial_scale, sampling_ratio, aligned, outside="clamp")


def zero_outside_image(features, rois, output_size, spatial_scale=1.0, sampling_ratio=2, aligned=True):
    return _roi_align(features, rois, output_size, spatial_scale, sampling_ratio, aligned, outside="inside_only")
