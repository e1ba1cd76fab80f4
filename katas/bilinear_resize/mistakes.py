"""Classic bilinear-resize mistakes, one function per mistake id in kata.yaml; each has exactly one bug."""

import numpy as np


def _source(out_size, in_size, align_corners, *, clamp=True, inverted=False, half_pixel=True):
    dst = np.arange(out_size, dtype=np.float64)
    if align_corners:
        if inverted:
            scale = (out_size - 1) / (in_size - 1) if in_size > 1 else 0.0
        else:
            scale = (in_size - 1) / (out_size - 1) if out_size > 1 else 0.0
        src = dst * scale
    else:
        if half_pixel:
            src = (dst + 0.5) * (out_size / in_size if inverted else in_size / out_size) - 0.5
        else:
            src = dst * (in_size / out_size)  # output pixel i starts at input i·in/out: no centre shift
        if clamp:
            src = np.maximum(src, 0.0)
    i0 = np.clip(np.floor(src).astype(np.int64), 0, in_size - 1)
    i1 = np.minimum(i0 + 1, in_size - 1)
    return i0, i1, src - i0


def _resize(img, out_h, out_w, align_corners, *, rows_from=None, cols_from=None, nearest=False, **kw):
    x = np.asarray(img, dtype=np.float64)
    _, h, w = x.shape
    y0, y1, ly = _source(out_h, h, align_corners, **kw) if rows_from is None else rows_from
    x0, x1, lx = _source(out_w, w, align_corners, **kw) if cols_from is None else cols_from
    if nearest:  # the nearer of the two neighbours instead of a weighted mix
        y0 = np.where(ly >= 0.5, y1, y0)
        x0 = np.where(lx >= 0.5, x1, x0)
        return x[:, y0][:, :, x0]
    rows = x[:, y0, :] * (1 - ly)[None, :, None] + x[:, y1, :] * ly[None, :, None]
    return rows[:, :, x0] * (1 - lx) + rows[:, :, x1] * lx


def align_corners_ignored(img, out_h, out_w, align_corners=False):
    return _resize(img, out_h, out_w, False)  # always the half-pixel formula


def corner_formula_always(img, out_h, out_w, align_corners=False):
    return _resize(img, out_h, out_w, True)  # always the align_corners=True formula


def no_clamp_at_zero(img, out_h, out_w, align_corners=False):
    return _resize(img, out_h, out_w, align_corners, clamp=False)


def no_half_pixel_offset(img, out_h, out_w, align_corners=False):
    return _resize(img, out_h, out_w, align_corners, half_pixel=False)


def scale_out_over_in(img, out_h, out_w, align_corners=False):
    return _resize(img, out_h, out_w, align_corners, inverted=True)


def nearest_neighbour(img, out_h, out_w, align_corners=False):
    return _resize(img, out_h, out_w, align_corners, nearest=True)


def height_width_swapped(img, out_h, out_w, align_corners=False):
    _, h, w = np.shape(img)
    dst_h, dst_w = np.arange(out_h, dtype=np.float64), np.arange(out_w, dtype=np.float64)
    # the row coordinate is scaled with the width ratio and the column coordinate with the height ratio
    if align_corners:
        sy = (w - 1) / (out_w - 1) if out_w > 1 else 0.0
        sx = (h - 1) / (out_h - 1) if out_h > 1 else 0.0
        src_y, src_x = dst_h * sy, dst_w * sx
    else:
        src_y = np.maximum((dst_h + 0.5) * (w / out_w) - 0.5, 0.0)
        src_x = np.maximum((dst_w + 0.5) * (h / out_h) - 0.5, 0.0)

    def neighbours(src, n):
        i0 = np.minimum(np.floor(src).astype(np.int64), n - 1)
        return i0, np.minimum(i0 + 1, n - 1), np.clip(src - i0, 0.0, 1.0)

    return _resize(img, out_h, out_w, align_corners, rows_from=neighbours(src_y, h), cols_from=neighbours(src_x, w))
