"""Golden cases for bce_logits from torch.nn.functional.binary_cross_entropy_with_logits (float64),
the gradient from autograd.

torch computes (1 − t)·x + (1 + (pw − 1)·t)·softplus(−x), in which two terms of size |x| cancel when the
loss is tiny (x = −500, t = 0 gives 0 instead of 7e-218): the absolute tolerance 1e-9 covers that."""

import numpy as np


def generate(rng):
    import torch
    import torch.nn.functional as F

    cases = []

    def add(logits, targets, pos_weight, note):
        x = np.asarray(logits, dtype=np.float64)
        t = np.asarray(targets, dtype=np.float64).reshape(x.shape)
        pw = None if pos_weight is None else (float(pos_weight) if np.ndim(pos_weight) == 0
                                             else np.asarray(pos_weight, dtype=np.float64))
        tx = torch.from_numpy(x).requires_grad_()
        tpw = None if pw is None else torch.as_tensor(pw, dtype=torch.float64)
        loss = F.binary_cross_entropy_with_logits(tx, torch.from_numpy(t), pos_weight=tpw)
        loss.backward()
        args = [x, t] if pw is None else [x, t, pw]
        cases.append({"function": "bce_with_logits", "args": args, "expected": float(loss.item()), "rtol": 1e-9,
                      "atol": 1e-9, "note": note})
        cases.append({"function": "bce_with_logits_backward", "args": args, "expected": tx.grad.numpy(),
                      "rtol": 1e-9, "atol": 1e-12, "note": note + " (gradient)"})

    add([[2, -1], [0, 3]], [[1, 0], [0.5, 1]], None, "the statement's example")
    add([[2, -1], [0, 3]], [[1, 0], [0.5, 1]], [2, 0.5], "the statement's example with pos_weight")
    add([1000, -1000, 0, 40], [1, 1, 0, 1], None, "|x| = 1000 against the target, x = 40 with t = 1")
    add([[20, -20], [-24, 1.5], [0, -0.5]], [[0, 1], [1, 0.75], [0.5, 0]], 4.0, "scalar pos_weight, |x| around 20")
    add([[1000, -1000], [-20, 20]], [[0.25, 0.75], [0.5, 0.5]], 2.0, "soft targets at |x| = 1000")
    add([[[1, -2], [3, 0]], [[-500, 500], [0.5, -0.5]]], [[[1, 0], [0, 1]], [[1, 0.25], [0.75, 0]]], [0.25, 1.5],
        "rank 3, per-class pos_weight")
    add([-3], [1], 0.5, "a single element")
    add([[0, 0, 0]], [[0, 1, 0.5]], [3, 3, 3], "zero logits")
    levels = np.array([0, 0.5, -0.5, 2, -2, 4, -4, 20, -20, 40, -40, 1000, -1000])
    for i in range(14):
        shape = tuple(int(s) for s in rng.integers(1, 5, size=int(rng.integers(1, 4))))
        x = rng.choice(levels, size=shape)
        t = rng.choice([0, 0.25, 0.5, 0.75, 1], size=shape)
        mode = i % 3
        pw = None if mode == 0 else float(rng.choice([0.5, 2, 3])) if mode == 1 else rng.choice([0.25, 1, 2, 4],
                                                                                                 size=shape[-1])
        add(x, t, pw, f"random shape {shape}, pos_weight {['none', 'scalar', 'per class'][mode]}")
    return cases
