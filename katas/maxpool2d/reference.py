"""Reference 2-D max pooling (torch.nn.functional.max_pool2d, no padding, floor mode) and its backward."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def maxpool2d_forward(x, kernel_size, stride=None):
    x = np.asarray(x, dtype=np.float64)
    k = int(kernel_size)
    s = k if stride is None else int(stride)  # the stride defaults to the kernel size
    n, c, h, w = x.shape
    # every k x k window, then every s-th start: (N, C, H_out, W_out, k, k) with H_out = (H - k) // s + 1
    windows = sliding_window_view(x, (k, k), axis=(2, 3))[:, :, ::s, ::s]
    h_out, w_out = windows.shape[2:4]
    flat = windows.reshape(n, c, h_out, w_out, k * k)
    # np.argmax returns the first maximum in row-major order, the element the gradient goes to
    arg = flat.argmax(axis=-1)
    out = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
    rows = np.arange(h_out)[:, None] * s + arg // k  # input row and column of each window's maximum
    cols = np.arange(w_out)[None, :] * s + arg % k
    return out, (x.shape, rows, cols)


def maxpool2d_backward(dout, cache):
    shape, rows, cols = cache
    dout = np.asarray(dout, dtype=np.float64)
    n, c = shape[:2]
    dx = np.zeros(shape)
    ni = np.arange(n)[:, None, None, None]
    ci = np.arange(c)[None, :, None, None]
    # np.add.at accumulates repeated indices: overlapping windows may share their maximum
    np.add.at(dx, (np.broadcast_to(ni, rows.shape), np.broadcast_to(ci, rows.shape), rows, cols), dout)
    return dx
