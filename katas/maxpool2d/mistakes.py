"""Classic max-pooling mistakes, one class per mistake id in kata.yaml (two entry points each).

A plain loop implementation with one switch per mistake; each class has exactly one bug.
"""

import math

import numpy as np


def _forward(x, kernel_size, stride, *, default_stride_one=False, ceil=False, start_at_zero=False,
             column_major=False, all_ties=False, overwrite=False):
    x = np.asarray(x, dtype=np.float64)
    k = int(kernel_size)
    s = (1 if default_stride_one else k) if stride is None else int(stride)
    n, c, h, w = x.shape
    if ceil:  # torch's ceil_mode: one more window when it starts inside the input
        h_out, w_out = math.ceil((h - k) / s) + 1, math.ceil((w - k) / s) + 1
        h_out -= (h_out - 1) * s >= h
        w_out -= (w_out - 1) * s >= w
    else:
        h_out, w_out = (h - k) // s + 1, (w - k) // s + 1
    out = np.zeros((n, c, h_out, w_out))
    routes = []  # (n, c, i, j, [(row, col), ...]): where the gradient of out[n, c, i, j] goes
    for b in range(n):
        for ch in range(c):
            for i in range(h_out):
                for j in range(w_out):
                    window = x[b, ch, i * s:i * s + k, j * s:j * s + k]  # clipped at the border (ceil mode)
                    kh, kw = window.shape
                    order = [(a, d) for d in range(kw) for a in range(kh)] if column_major else \
                        [(a, d) for a in range(kh) for d in range(kw)]
                    best, pos = (0.0, order[0]) if start_at_zero else (-np.inf, None)
                    for a, d in order:
                        if window[a, d] > best:
                            best, pos = window[a, d], (a, d)
                    out[b, ch, i, j] = best
                    if all_ties:
                        targets = [(a, d) for a, d in order if window[a, d] == best]
                    else:
                        targets = [pos]
                    routes.append((b, ch, i, j, [(i * s + a, j * s + d) for a, d in targets]))
    return out, (x.shape, routes, overwrite)


def _backward(dout, cache):
    shape, routes, overwrite = cache
    dout = np.asarray(dout, dtype=np.float64)
    dx = np.zeros(shape)
    for b, ch, i, j, targets in routes:
        for r, q in targets:
            if overwrite:
                dx[b, ch, r, q] = dout[b, ch, i, j]  # the last window wins
            else:
                dx[b, ch, r, q] += dout[b, ch, i, j]
    return dx


def _mistake(**switch):
    def forward(x, kernel_size, stride=None):
        return _forward(x, kernel_size, stride, **switch)

    return type("Mistake", (), {"maxpool2d_forward": staticmethod(forward),
                                "maxpool2d_backward": staticmethod(_backward)})


ties_all_get_gradient = _mistake(all_ties=True)
overlap_overwrites = _mistake(overwrite=True)
ceil_output_size = _mistake(ceil=True)
stride_defaults_to_one = _mistake(default_stride_one=True)
first_max_column_major = _mistake(column_major=True)
max_started_at_zero = _mistake(start_at_zero=True)
