"""Classic transposed-convolution mistakes, one function per mistake id in kata.yaml; one bug each."""

import numpy as np


def _pair(value):
    if np.ndim(value) == 0:
        return int(value), int(value)
    a, b = value
    return int(a), int(b)


def _conv_t(x, weight, bias, stride, padding, output_padding, dilation, *, use_op=True, swap_axes=False,
            pad_out=False, flip=False, dilate=True, op_first=False):
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    (sh, sw), (ph, pw), (oh, ow), (dh, dw) = _pair(stride), _pair(padding), _pair(output_padding), _pair(dilation)
    if not use_op:
        oh = ow = 0
    if not dilate:
        dh = dw = 1
    if flip:
        weight = weight[:, :, ::-1, ::-1]
    if swap_axes:
        weight = weight.transpose(1, 0, 2, 3)  # read as (C_out, C_in, KH, KW); fits only when C_in == C_out
    n, c_in, h, w = x.shape
    c_out, kh, kw = weight.shape[1:]
    full = np.zeros((n, c_out, (h - 1) * sh + dh * (kh - 1) + 1, (w - 1) * sw + dw * (kw - 1) + 1))
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * dh, i * dh + sh * (h - 1) + 1, sh)
            cols = slice(j * dw, j * dw + sw * (w - 1) + 1, sw)
            full[:, :, rows, cols] += np.einsum("nchw,co->nohw", x, weight[:, :, i, j])
    # the output_padding rows and columns: at the bottom and right, or (wrongly) at the top and left
    extra = ((0, 0), (0, 0), (oh, 0), (ow, 0)) if op_first else ((0, 0), (0, 0), (0, oh), (0, ow))
    full = np.pad(full, extra)
    if pad_out:
        out = np.pad(full, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    else:
        out = full[:, :, ph:full.shape[2] - ph, pw:full.shape[3] - pw]
    if bias is not None:
        out = out + np.asarray(bias, dtype=np.float64)[None, :, None, None]
    return out


def output_padding_ignored(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1):
    return _conv_t(x, weight, bias, stride, padding, output_padding, dilation, use_op=False)


def weight_axes_swapped(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1):
    return _conv_t(x, weight, bias, stride, padding, output_padding, dilation, swap_axes=True)


def padding_added(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1):
    return _conv_t(x, weight, bias, stride, padding, output_padding, dilation, pad_out=True)


def kernel_flipped(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1):
    return _conv_t(x, weight, bias, stride, padding, output_padding, dilation, flip=True)


def dilation_ignored(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1):
    return _conv_t(x, weight, bias, stride, padding, output_padding, dilation, dilate=False)


def output_padding_top_left(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1):
    return _conv_t(x, weight, bias, stride, padding, output_padding, dilation, op_first=True)
