"""Reference backward pass of conv2d (NCHW cross-correlation, zero padding, stride, dilation)."""

import numpy as np


def _pair(value):
    """An int (Python or numpy) or a (height, width) pair, as a pair of Python ints."""
    if np.ndim(value) == 0:
        return int(value), int(value)
    a, b = value
    return int(a), int(b)


def conv2d_backward(dout, x, weight, stride=1, padding=0, dilation=1):
    dout = np.asarray(dout, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    n, c_in, h, w = x.shape
    c_out, _, kh, kw = weight.shape
    h_out, w_out = dout.shape[2:]

    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp = np.zeros_like(xp)
    dweight = np.zeros_like(weight)
    for i in range(kh):
        for j in range(kw):
            # the input pixels kernel tap (i, j) touched in the forward pass, one per output position
            rows = slice(i * dh, i * dh + sh * (h_out - 1) + 1, sh)
            cols = slice(j * dw, j * dw + sw * (w_out - 1) + 1, sw)
            # forward: out[n, o] += xp[n, c][rows, cols] * weight[o, c, i, j]; differentiate both factors
            dweight[:, :, i, j] = np.einsum("nohw,nchw->oc", dout, xp[:, :, rows, cols])
            dxp[:, :, rows, cols] += np.einsum("nohw,oc->nchw", dout, weight[:, :, i, j])
    dx = dxp[:, :, ph:ph + h, pw:pw + w]  # the padding zeros are constants: drop their gradient
    dbias = dout.sum(axis=(0, 2, 3))
    return dx, dweight, dbias
