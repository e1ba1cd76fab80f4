"""Golden cases for maxpool2d from torch.nn.functional.max_pool2d (float64) and its autograd backward.

torch's CPU kernel sends each window's gradient to the first maximum in row-major order and adds up the
gradients of overlapping windows; the tied inputs below show both. Each case runs the forward and then the
backward on the reference's own cache (comparison "forward_backward" in tests/test_goldens.py)."""

import numpy as np


def generate(rng):
    import torch
    import torch.nn.functional as F

    cases = []

    def add(x, k, stride, dout, note):
        x = np.asarray(x, dtype=np.float64)
        tx = torch.from_numpy(x).requires_grad_()
        out = F.max_pool2d(tx, k, stride)
        dout = np.asarray(dout, dtype=np.float64).reshape(tuple(out.shape))
        out.backward(torch.from_numpy(dout))
        args = [x, k] if stride is None else [x, k, stride]
        expected = {"out": out.detach().numpy(), "dout": dout, "backward": tx.grad.numpy()}
        cases.append({"function": "maxpool2d_forward", "args": args, "expected": expected, "rtol": 0.0, "atol": 0.0,
                      "compare": "forward_backward", "note": note})

    add([[[[1, 3, 2, 1], [3, 0, 1, 2], [0, 1, 4, 4], [2, 1, 4, 0]]]], 2, None, [[[[1, 2], [3, 4]]]],
        "the statement's example: ties in two windows")
    add([[[[0, 1], [1, 0]]]], 2, None, [[[[1]]]], "a tie across rows: row-major first is (0, 1)")
    add(np.ones((1, 1, 2, 2)), 2, None, [[[[2]]]], "four equal values")
    add([[[[0, 0, 1], [1, 0, 1], [1, 1, 1]]]], 2, 1, np.ones((1, 1, 2, 2)), "overlapping windows share a maximum")
    add((np.arange(25.0).reshape(1, 1, 5, 5) * 3) % 4, 2, 2, np.arange(1.0, 5.0), "floor: 5 x 5 gives 2 x 2")
    add(-1 - (np.arange(18.0).reshape(1, 2, 3, 3) % 4), 2, 1, np.arange(8.0) - 3, "all values negative")
    add((np.arange(28.0).reshape(1, 1, 7, 4) * 5) % 3 - 1, 3, 2, [1, -2, 0.5], "non-square, kernel 3, stride 2")
    add([[[[1, -1], [0.5, 2]]], [[[3, 3], [0, -2]]]], 1, None, np.arange(8.0), "kernel 1")
    for i in range(14):
        k = int(rng.integers(1, 4))
        stride = [None, 1, 2, 3][i % 4]
        s = k if stride is None else stride
        n, c = int(rng.integers(1, 3)), int(rng.integers(1, 3))
        h, w = int(rng.integers(k, 8)), int(rng.integers(k, 8))
        if i % 2:
            x = rng.integers(-1, 3, size=(n, c, h, w)).astype(np.float64)
        else:
            x = rng.permutation(n * c * h * w).reshape(n, c, h, w) / 8.0
        dout = rng.choice([1.0, -1.0, 2.0, 0.5, 3.0], size=(n, c, (h - k) // s + 1, (w - k) // s + 1))
        add(x, k, stride, dout, f"random {'tied' if i % 2 else 'distinct'} values, kernel {k}, stride {stride}")
    return cases
