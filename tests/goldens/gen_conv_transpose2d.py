"""Golden cases for the conv_transpose2d kata: torch.nn.functional.conv_transpose2d (groups = 1), float64."""

from __future__ import annotations

import numpy as np


def _pair(v):
    return (int(v), int(v)) if np.ndim(v) == 0 else (int(v[0]), int(v[1]))


def _case(x, weight, bias, stride, padding, output_padding, dilation, note):
    import torch
    import torch.nn.functional as F

    b = None if bias is None else torch.tensor(bias)
    out = F.conv_transpose2d(torch.tensor(x), torch.tensor(weight), b, stride=_pair(stride), padding=_pair(padding),
                             output_padding=_pair(output_padding), dilation=_pair(dilation))
    return {"function": "conv_transpose2d", "args": [x, weight, bias],
            "kwargs": {"stride": stride, "padding": padding, "output_padding": output_padding, "dilation": dilation},
            "expected": out.numpy(), "rtol": 1e-9, "atol": 1e-12, "note": note}


def generate(rng):
    x, w = np.array([[[[1.0, 2.0]]]]), np.array([[[[1.0, -1.0]]]])
    cases = [
        _case(x, w, None, 2, 0, 0, 1, "statement example, stride 2"),
        _case(x, w, None, 1, 0, 0, 1, "statement example, stride 1"),
        _case(x, w, None, 2, 0, (0, 1), 1, "statement example, output_padding (0, 1)"),
        _case(x, w, np.array([10.0]), 2, (0, 1), 0, 1, "statement example, padding (0, 1) and a bias"),
        _case(rng.normal(size=(2, 3, 3, 2)), rng.normal(size=(3, 2, 3, 3)), rng.normal(size=2), 3, 2, 2, 1,
              "padding and output_padding together"),
        _case(rng.normal(size=(1, 2, 2, 3)), rng.normal(size=(2, 3, 2, 3)), None, (2, 1), (1, 0), (1, 0), (1, 2), "pairs"),
        _case(rng.normal(size=(1, 3, 3, 2)), rng.normal(size=(3, 1, 2, 2)), None, np.int64(1), np.int64(1),
              np.int64(1), np.int64(2), "numpy ints, output_padding < dilation"),
    ]
    while len(cases) < 40:
        n, c_in, c_out = (int(v) for v in rng.integers(1, 4, size=3))
        kh, kw = (int(v) for v in rng.integers(1, 4, size=2))
        s = tuple(int(v) for v in rng.integers(1, 4, size=2))
        d = tuple(int(v) for v in rng.integers(1, 4, size=2))
        op = tuple(int(rng.integers(0, max(a, b))) for a, b in zip(s, d))
        p = tuple(int(v) for v in rng.integers(0, 3, size=2))
        h, w = (int(v) for v in rng.integers(1, 5, size=2))
        if len(cases) % 2:
            s, d, op, p = s[0], d[0], op[0], p[0]
        sp, dp, opp, pp = _pair(s), _pair(d), _pair(op), _pair(p)
        if min((h - 1) * sp[0] - 2 * pp[0] + dp[0] * (kh - 1) + opp[0], (w - 1) * sp[1] - 2 * pp[1] + dp[1] * (kw - 1) + opp[1]) < 0:
            continue
        bias = rng.normal(size=c_out) if rng.random() < 0.5 else None
        cases.append(_case(rng.normal(size=(n, c_in, h, w)), rng.normal(size=(c_in, c_out, kh, kw)), bias, s, p, op, d,
                           f"random, stride {s}, padding {p}, output_padding {op}, dilation {d}"))
    return cases
