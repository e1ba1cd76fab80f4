"""Bilinear resize.

Run `dlprep kata bilinear_resize` to grade this file, `dlprep kata bilinear_resize --show` for the full statement.
"""

import numpy as np


def bilinear_resize(img, out_h, out_w, align_corners=False):
    """Resize with bilinear interpolation, as torch.nn.functional.interpolate(mode="bilinear").

    img: float array (C, H, W).
    out_h, out_w: ints >= 1, the output size.
    align_corners: False maps pixel centres to pixel centres (source coordinate
    (i + 0.5) * H / out_h - 0.5, negative values clamped to 0); True maps the corner pixels onto
    each other (source coordinate i * (H - 1) / (out_h - 1), or 0 when out_h == 1). Same for columns.

    Returns a float array (C, out_h, out_w). Do not modify the input.
    """
    # TODO: source coordinate per output row and column, two neighbours and weights, interpolate.
    raise NotImplementedError("bilinear_resize")
