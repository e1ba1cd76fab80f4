"""Golden cases for logreg from torch (float64): binary_cross_entropy_with_logits (mean) plus
0.5 * l2 * |w|^2, gradients by autograd. Margins reach 1e3, where the stable loss is the truth."""

import numpy as np


def generate(rng):
    import torch

    cases = []

    def add(w, b, X, y, l2, note, pass_l2=True):
        w = np.asarray(w, dtype=np.float64)
        X = np.asarray(X, dtype=np.float64).reshape(-1, len(w))
        y = np.asarray(y, dtype=np.int64)
        wt = torch.tensor(w, requires_grad=True)
        bt = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
        z = torch.from_numpy(X) @ wt + bt
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.from_numpy(y.astype(np.float64)))
        loss = loss + 0.5 * l2 * (wt * wt).sum()
        loss.backward()
        expected = (float(loss.item()), wt.grad.numpy().copy(), float(bt.grad.item()))
        args = [w, float(b), X, y] + ([float(l2)] if pass_l2 else [])
        cases.append({"function": "logreg_loss_and_grad", "args": args, "expected": expected,
                      "rtol": 1e-9, "atol": 1e-12, "note": note})

    add([2], -1, [[1], [0], [2]], [1, 0, 0], 0.5, "the statement's example")
    add([1000], 0, [[-1]], [1], 0.0, "margin -1000 with y = 1: loss 1000", pass_l2=False)
    add([1000], 0, [[1], [-1], [0.5]], [1, 1, 0], 0.0, "margins 1000, -1000, 500")
    add([-1000], 0, [[1], [-1]], [0, 1], 0.0, "margins of 1000, both right: loss ~ 0")
    add([0, 0], 0, [[1, 2], [3, -1]], [1, 0], 0.0, "w = 0: loss log 2")
    add([2, -1], 3, [[0.5, 1]], [0], 1.0, "N = 1, l2 and a non-zero bias")
    for i in range(25):
        n, d = int(rng.integers(1, 20)), int(rng.integers(1, 6))
        X = rng.normal(size=(n, d))
        w = rng.normal(size=d) * float(rng.choice([0.1, 1.0, 10.0]))
        add(w, float(rng.normal()), X, rng.integers(0, 2, n), float(rng.choice([0.0, 0.01, 0.5])), f"random {i}")
    for i in range(10):
        n, d = int(rng.integers(1, 8)), int(rng.integers(1, 4))
        X = rng.normal(size=(n, d))
        w = rng.normal(size=d)
        w = w * 900.0 / max(np.abs(X @ w).max(), 1e-9)  # the largest margin is 900
        add(w, 0.0, X, rng.integers(0, 2, n), float(rng.choice([0.0, 0.25])), f"margins up to 900 {i}")
    return cases
