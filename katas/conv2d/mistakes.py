"""Classic conv2d mistakes, one function per mistake id in kata.yaml; each must fail the checks."""

import numpy as np


def _conv(x, weight, bias, stride, padding, dilation, *, flip=False, add_bias=True, bias_per_channel=False,
          corner_pad=False, window_stride=True, dilate=True):
    """A plain loop implementation with one switch per mistake."""
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    if flip:
        weight = weight[:, :, ::-1, ::-1]
    n, c_in, h, w = x.shape
    c_out, _, kh, kw = weight.shape
    s, p, d = stride, padding, (dilation if dilate else 1)
    h_out = (h + 2 * p - d * (kh - 1) - 1) // s + 1
    w_out = (w + 2 * p - d * (kw - 1) - 1) // s + 1
    xp = np.zeros((n, c_in, h + 2 * p, w + 2 * p))
    if corner_pad:
        xp[:, :, :h, :w] = x  # all 2p zeros end up on the bottom and right
    else:
        xp[:, :, p:p + h, p:p + w] = x
    out = np.zeros((n, c_out, h_out, w_out))
    for r in range(h_out):
        for c in range(w_out):
            top, left = (r * s, c * s) if window_stride else (r, c)
            window = xp[:, :, top:top + d * (kh - 1) + 1:d, left:left + d * (kw - 1) + 1:d]  # (N, C_in, KH, KW)
            for o in range(c_out):
                for ci in range(c_in):
                    out[:, o, r, c] += (window[:, ci] * weight[o, ci]).sum(axis=(1, 2))
                    if bias is not None and add_bias and bias_per_channel:
                        out[:, o, r, c] += bias[o]
                if bias is not None and add_bias and not bias_per_channel:
                    out[:, o, r, c] += bias[o]
    return out


def flipped_kernel(x, weight, bias=None, stride=1, padding=0, dilation=1):
    return _conv(x, weight, bias, stride, padding, dilation, flip=True)


def bias_ignored(x, weight, bias=None, stride=1, padding=0, dilation=1):
    return _conv(x, weight, bias, stride, padding, dilation, add_bias=False)


def bias_per_input_channel(x, weight, bias=None, stride=1, padding=0, dilation=1):
    return _conv(x, weight, bias, stride, padding, dilation, bias_per_channel=True)


def padding_one_side(x, weight, bias=None, stride=1, padding=0, dilation=1):
    return _conv(x, weight, bias, stride, padding, dilation, corner_pad=True)


def stride_not_in_window(x, weight, bias=None, stride=1, padding=0, dilation=1):
    return _conv(x, weight, bias, stride, padding, dilation, window_stride=False)


def dilation_ignored(x, weight, bias=None, stride=1, padding=0, dilation=1):
    return _conv(x, weight, bias, stride, padding, dilation, dilate=False)
