"""2-D convolution (cross-correlation) with stride, zero padding and dilation.

Run `dlprep kata conv2d` to grade this file, `dlprep kata conv2d --show` for the full statement.
"""

import numpy as np


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1):
    """2-D convolution as in torch.nn.functional.conv2d (no kernel flip).

    x: float array (N, C_in, H, W).
    weight: float array (C_out, C_in, KH, KW).
    bias: float array (C_out,), or None for no bias.
    stride, padding, dilation: ints, the same for both spatial axes; padding adds zeros on all four sides.

    Returns a float array (N, C_out, H_out, W_out) with
    H_out = (H + 2*padding - dilation*(KH - 1) - 1) // stride + 1, and likewise W_out.
    Do not modify the inputs.
    """
    # TODO: pad, then for every output position sum x * weight over C_in and the dilated kernel window.
    raise NotImplementedError("conv2d")
