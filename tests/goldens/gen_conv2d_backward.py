"""Golden cases for the conv2d_backward kata: torch autograd through torch.nn.functional.conv2d
(x.grad, weight.grad and bias.grad for out.backward(dout)), in float64."""

from __future__ import annotations

import numpy as np


def _pair(v):
    return (int(v), int(v)) if np.ndim(v) == 0 else (int(v[0]), int(v[1]))


def _case(dout_rng, x, weight, stride, padding, dilation, note):
    import torch
    import torch.nn.functional as F

    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(weight, requires_grad=True)
    bt = torch.zeros(weight.shape[0], dtype=torch.float64, requires_grad=True)
    out = F.conv2d(xt, wt, bt, stride=_pair(stride), padding=_pair(padding), dilation=_pair(dilation))
    dout = dout_rng.normal(size=tuple(out.shape))
    out.backward(torch.tensor(dout))
    expected = (xt.grad.numpy().copy(), wt.grad.numpy().copy(), bt.grad.numpy().copy())
    return {"function": "conv2d_backward", "args": [dout, x, weight],
            "kwargs": {"stride": stride, "padding": padding, "dilation": dilation},
            "expected": expected, "rtol": 1e-9, "atol": 1e-12, "note": note}


def generate(rng):
    cases = [
        _case(rng, np.array([[[[1.0, 2.0, 3.0]]]]), np.array([[[[1.0, -2.0]]]]), 1, 0, 1, "statement example"),
        _case(rng, rng.normal(size=(1, 1, 2, 3)), rng.normal(size=(1, 1, 2, 2)), 1, 1, 1, "padding 1, cropped"),
        _case(rng, rng.normal(size=(1, 1, 5, 5)), rng.normal(size=(1, 1, 1, 1)), 3, 0, 1, "stride larger than the kernel"),
        _case(rng, rng.normal(size=(2, 2, 6, 5)), rng.normal(size=(3, 2, 2, 3)), (2, 1), (0, 1), (1, 2), "pairs"),
        _case(rng, rng.normal(size=(1, 2, 7, 7)), rng.normal(size=(2, 2, 3, 3)), np.int64(2), np.int64(1), np.int64(2),
              "numpy ints"),
    ]
    while len(cases) < 40:
        n, c_in, c_out = (int(v) for v in rng.integers(1, 4, size=3))
        kh, kw = (int(v) for v in rng.integers(1, 4, size=2))
        s, p, d = (tuple(int(v) for v in rng.integers(lo, hi, size=2)) for lo, hi in ((1, 4), (0, 3), (1, 4)))
        h, w = (int(v) for v in rng.integers(1, 9, size=2))
        if (h + 2 * p[0] - d[0] * (kh - 1) - 1) < 0 or (w + 2 * p[1] - d[1] * (kw - 1) - 1) < 0:
            continue
        if len(cases) % 2:  # half of them with one int per argument
            s, p, d = s[0], p[0], d[0]
            if (w + 2 * p - d * (kw - 1) - 1) < 0 or (h + 2 * p - d * (kh - 1) - 1) < 0:
                continue
        cases.append(_case(rng, rng.normal(size=(n, c_in, h, w)), rng.normal(size=(c_out, c_in, kh, kw)), s, p, d,
                           f"random, stride {s}, padding {p}, dilation {d}"))
    return cases
