"""2-D max pooling, forward and backward.

Run `dlprep kata maxpool2d` to grade this file, `dlprep kata maxpool2d --show` for the full statement.
"""

import numpy as np


def maxpool2d_forward(x, kernel_size, stride=None):
    """Max pooling over square windows, torch.nn.functional.max_pool2d semantics (no padding, floor mode).

    x: float array (N, C, H, W).
    kernel_size: int k, the window is k x k.
    stride: int, or None for stride = kernel_size.

    Returns (out, cache): out has shape (N, C, (H - k) // s + 1, (W - k) // s + 1) and holds each window's
    maximum; cache is anything you like, passed unchanged to maxpool2d_backward. Do not modify x.
    """
    # TODO: output size, each window's maximum, and where it is (the first maximum in row-major order).
    raise NotImplementedError("maxpool2d_forward")


def maxpool2d_backward(dout, cache):
    """Gradient of max pooling.

    dout: float array of out's shape. Each window's gradient goes to the first maximum of the window in
    row-major order; gradients from overlapping windows add up.

    Returns dx, a float array of x's shape. Do not modify dout.
    """
    # TODO: route each dout value to its window's maximum, accumulating.
    raise NotImplementedError("maxpool2d_backward")
