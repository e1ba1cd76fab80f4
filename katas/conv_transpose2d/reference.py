"""Reference transposed 2-D convolution (torch.nn.functional.conv_transpose2d, groups = 1)."""

import numpy as np


def _pair(value):
    """An int (Python or numpy) or a (height, width) pair, as a pair of Python ints."""
    if np.ndim(value) == 0:
        return int(value), int(value)
    a, b = value
    return int(a), int(b)


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, dilation=1):
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    (sh, sw), (ph, pw), (oh, ow), (dh, dw) = _pair(stride), _pair(padding), _pair(output_padding), _pair(dilation)
    n, c_in, h, w = x.shape
    _, c_out, kh, kw = weight.shape  # (C_in, C_out, KH, KW): the layout of conv2d's weight, read backwards
    # every input pixel scatters a copy of the kernel, scaled by its value, at (y*sh, x*sw):
    # the uncropped result spans (H-1)*sh + dh*(KH-1) + 1 rows, plus output_padding rows at the bottom
    full = np.zeros((n, c_out, (h - 1) * sh + dh * (kh - 1) + 1 + oh, (w - 1) * sw + dw * (kw - 1) + 1 + ow))
    for i in range(kh):
        for j in range(kw):
            # kernel tap (i, j) of input pixel (y, x) lands on row y*sh + i*dh, column x*sw + j*dw
            rows = slice(i * dh, i * dh + sh * (h - 1) + 1, sh)
            cols = slice(j * dw, j * dw + sw * (w - 1) + 1, sw)
            full[:, :, rows, cols] += np.einsum("nchw,co->nohw", x, weight[:, :, i, j])
    h_out, w_out = full.shape[2] - 2 * ph, full.shape[3] - 2 * pw
    out = full[:, :, ph:ph + h_out, pw:pw + w_out]  # padding crops, it does not add
    if bias is not None:
        out = out + np.asarray(bias, dtype=np.float64)[None, :, None, None]
    return out
