"""Transposed 2-D convolution with stride, padding, output_padding and dilation.

Run `dlprep kata conv_transpose2d` to grade this file, `dlprep kata conv_transpose2d --show` for the full statement.
"""

import numpy as np


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1):
    """Transposed convolution as torch.nn.functional.conv_transpose2d (groups = 1).

    x: float array (N, C_in, H, W).
    weight: float array (C_in, C_out, KH, KW) (note the order of the first two axes).
    bias: float array (C_out,), or None.
    stride, padding, output_padding, dilation: an int (Python or numpy) or a (height, width) pair each.

    Returns a float array (N, C_out, H_out, W_out) with
    H_out = (H - 1)*stride - 2*padding + dilation*(KH - 1) + output_padding + 1, likewise W_out.
    Do not modify the inputs.
    """
    # TODO: scatter a scaled copy of the kernel from every input pixel, then crop the padding.
    raise NotImplementedError("conv_transpose2d")
