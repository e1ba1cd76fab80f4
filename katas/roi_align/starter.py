"""RoIAlign for one image.

Run `dlprep kata roi_align` to grade this file, `dlprep kata roi_align --show` for the full statement.
"""

import numpy as np


def roi_align(features, rois, output_size, spatial_scale=1.0, sampling_ratio=2, aligned=True):
    """RoIAlign as torchvision.ops.roi_align, for a single image (note the defaults).

    features: float array (C, H, W), the feature map.
    rois: float array (K, 4) of [x1, y1, x2, y2] in input-image coordinates; K may be 0.
    output_size: int or (PH, PW), the number of bins per RoI.
    spatial_scale: feature-map coordinate = input coordinate * spatial_scale.
    sampling_ratio: samples per bin along each axis; <= 0 means ceil(roi_h / PH) by ceil(roi_w / PW).
    aligned: shift the scaled RoI by -0.5 (pixel centres); False is the legacy mode, where the RoI
    is made at least 1x1.

    Each bin averages bilinear samples taken at the centres of a regular grid inside the bin; a
    sample beyond [-1, H] x [-1, W] counts as 0. Returns a float array (K, C, PH, PW).
    Do not modify the inputs.
    """
    # TODO: per RoI: scale and shift, bin sizes, sample grid, bilinear sampling, average per bin.
    raise NotImplementedError("roi_align")
