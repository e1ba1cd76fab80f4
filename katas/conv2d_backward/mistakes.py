"""Classic conv2d backward mistakes, one function per mistake id in kata.yaml; one bug each."""

import numpy as np


def _pair(value):
    if np.ndim(value) == 0:
        return int(value), int(value)
    a, b = value
    return int(a), int(b)


def _backward(dout, x, weight, stride, padding, dilation, *, flip_dx=False, flip_dweight=False,
              bias_axes=(0, 2, 3), crop=True, scatter_stride=True, dilate=True):
    dout = np.asarray(dout, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
    if not dilate:
        dh = dw = 1
    n, c_in, h, w = x.shape
    c_out, _, kh, kw = weight.shape
    h_out, w_out = dout.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp = np.zeros_like(xp)
    dweight = np.zeros_like(weight)
    w_dx = weight[:, :, ::-1, ::-1] if flip_dx else weight
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * dh, i * dh + sh * (h_out - 1) + 1, sh)
            cols = slice(j * dw, j * dw + sw * (w_out - 1) + 1, sw)
            dweight[:, :, i, j] = np.einsum("nohw,nchw->oc", dout, xp[:, :, rows, cols])
            if not scatter_stride:  # consecutive pixels, as if the stride were 1
                rows, cols = slice(i * dh, i * dh + h_out), slice(j * dw, j * dw + w_out)
            dxp[:, :, rows, cols] += np.einsum("nohw,oc->nchw", dout, w_dx[:, :, i, j])
    if flip_dweight:
        dweight = dweight[:, :, ::-1, ::-1]
    dx = dxp[:, :, ph:ph + h, pw:pw + w] if crop else dxp
    return dx, dweight, dout.sum(axis=bias_axes)


def dx_kernel_flipped(dout, x, weight, stride=1, padding=0, dilation=1):
    return _backward(dout, x, weight, stride, padding, dilation, flip_dx=True)


def dweight_flipped(dout, x, weight, stride=1, padding=0, dilation=1):
    return _backward(dout, x, weight, stride, padding, dilation, flip_dweight=True)


def dbias_channels_last(dout, x, weight, stride=1, padding=0, dilation=1):
    return _backward(dout, x, weight, stride, padding, dilation, bias_axes=(0, 1, 2))


def padding_not_cropped(dout, x, weight, stride=1, padding=0, dilation=1):
    return _backward(dout, x, weight, stride, padding, dilation, crop=False)


def stride_ignored_in_dx(dout, x, weight, stride=1, padding=0, dilation=1):
    return _backward(dout, x, weight, stride, padding, dilation, scatter_stride=False)


def dilation_ignored(dout, x, weight, stride=1, padding=0, dilation=1):
    return _backward(dout, x, weight, stride, padding, dilation, dilate=False)
