"""Backward pass of a 2-D convolution (cross-correlation) with stride, zero padding and dilation.

Run `dlprep kata conv2d_backward` to grade this file, `dlprep kata conv2d_backward --show` for the full statement.
"""

import numpy as np


def conv2d_backward(dout, x, weight, stride=1, padding=0, dilation=1):
    """Gradients of out = conv2d(x, weight, bias, stride, padding, dilation) (as torch.nn.functional.conv2d).

    dout: float array (N, C_out, H_out, W_out), the gradient of the loss with respect to out.
    x: float array (N, C_in, H, W); weight: float array (C_out, C_in, KH, KW).
    stride, padding, dilation: an int (Python or numpy) or a (height, width) pair each.

    Returns (dx, dweight, dbias) with the shapes of x, weight and (C_out,).
    Do not modify the inputs.
    """
    # TODO: replay the forward windows; each tap scatters dout·weight into dx and gathers dout·x into dweight.
    raise NotImplementedError("conv2d_backward")
