"""Golden cases for smooth_l1 from torch.nn.functional.smooth_l1_loss (float64), the gradient from autograd;
ties |d| = beta and beta = 0 included."""

import numpy as np


def generate(rng):
    import torch
    import torch.nn.functional as F

    cases = []

    def add(pred, target, beta, note):
        p = np.asarray(pred, dtype=np.float64)
        t = np.asarray(target, dtype=np.float64).reshape(p.shape)
        tp = torch.from_numpy(p).requires_grad_()
        loss = F.smooth_l1_loss(tp, torch.from_numpy(t), beta=1.0 if beta is None else beta)
        loss.backward()
        args = [p, t] if beta is None else [p, t, beta]
        cases.append({"function": "smooth_l1", "args": args, "expected": float(loss.item()), "rtol": 1e-12,
                      "atol": 1e-12, "note": note})
        cases.append({"function": "smooth_l1_backward", "args": args, "expected": tp.grad.numpy(), "rtol": 1e-12,
                      "atol": 1e-12, "note": note + " (gradient)"})

    add([0.5, -2, 3], [0, 0, 0], None, "default beta")
    add([[0.5, -2], [3, 0.25]], [[0, 0], [0, 0.25]], 1.0, "the statement's example, beta 1")
    add([[0.5, -2], [3, 0.25]], [[0, 0], [0, 0.25]], 2.0, "the statement's example, beta 2 (a tie)")
    add([[0.5, -2], [3, 0.25]], [[0, 0], [0, 0.25]], 0.0, "the statement's example, beta 0")
    add([[0.25, 0.5], [-1, 3]], [[0, 0], [-0.5, 1]], 0.5, "ties at |d| = beta = 0.5 on both sides")
    add([[1, 2, -0.5], [0, 0.25, 3]], [[1, 0, 0.5], [0, 0.25, -1]], 0.0, "beta 0 with d = 0")
    add([[[0.125, -1], [0.25, 0]], [[2, -0.125], [0.5, -0.25]]], np.zeros((2, 2, 2)), 0.25, "rank 3, beta 0.25")
    add([[1.5]], [[0]], 1.5, "one element at the tie")
    diffs = np.arange(-48, 49) / 8.0
    for i in range(14):
        shape = tuple(int(s) for s in rng.integers(1, 5, size=int(rng.integers(1, 4))))
        pred = rng.integers(-12, 13, size=shape) / 4.0
        target = pred - rng.choice(diffs, size=shape)
        beta = [0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0][i % 7]
        add(pred, target, beta, f"random shape {shape}, beta {beta}")
    return cases
