"""Reference conv2d: cross-correlation with zero padding, stride and dilation (torch.nn.functional.conv2d)."""

import numpy as np


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1):
    x = np.asarray(x, dtype=np.float64)
    weight = np.asarray(weight, dtype=np.float64)
    n, c_in, h, w = x.shape
    c_out, _, kh, kw = weight.shape
    s, p, d = stride, padding, dilation
    h_out = (h + 2 * p - d * (kh - 1) - 1) // s + 1
    w_out = (w + 2 * p - d * (kw - 1) - 1) // s + 1

    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))  # zeros on all four sides; a new array
    out = np.zeros((n, c_out, h_out, w_out))
    for i in range(kh):
        for j in range(kw):
            # kernel tap (i, j) reads input row i*d + s*r for output row r (likewise for columns)
            rows = slice(i * d, i * d + s * (h_out - 1) + 1, s)
            cols = slice(j * d, j * d + s * (w_out - 1) + 1, s)
            patch = xp[:, :, rows, cols]  # (N, C_in, H_out, W_out)
            out += np.einsum("nchw,oc->nohw", patch, weight[:, :, i, j])
    if bias is not None:
        out += np.asarray(bias, dtype=np.float64)[None, :, None, None]
    return out
