"""Golden cases for focal_loss from torchvision.ops.sigmoid_focal_loss (float64, reduction "mean")."""

import numpy as np


def generate(rng):
    import torch
    from torchvision.ops import sigmoid_focal_loss

    cases = []

    def add(logits, targets, alpha, gamma, note):
        x = np.asarray(logits, dtype=np.float64)
        t = np.asarray(targets, dtype=np.float64).reshape(x.shape)
        a = 0.25 if alpha is None else alpha
        g = 2.0 if gamma is None else gamma
        want = sigmoid_focal_loss(torch.from_numpy(x), torch.from_numpy(t), alpha=a, gamma=g, reduction="mean")
        args = [x, t] + ([] if alpha is None else [alpha]) + ([] if gamma is None else [gamma])
        cases.append({"function": "sigmoid_focal_loss", "args": args, "expected": float(want.item()), "rtol": 1e-9,
                      "atol": 1e-12, "note": note})

    add([[2, -1], [0, 3]], [[1, 0], [0, 1]], None, None, "the statement's example, defaults")
    add([[2, -1], [0, 3]], [[1, 0], [0, 1]], -1.0, 2.0, "the statement's example, alpha -1")
    add([[2, -1], [0, 3]], [[1, 0], [0, 1]], -1.0, 0.0, "the statement's example, alpha -1 and gamma 0 (BCE)")
    add([np.log(0.25)], [1], None, None, "one positive with p = 0.2")
    add([[1000, -1000, 0, 40], [2, -1, 0.5, -3]], [[0, 1, 1, 1], [1, 0, 0, 1]], None, None, "logits of +-1000 and 40")
    add([2, -2, 0.5, -0.5], [1, 1, 0, 0], 0.25, 0.0, "gamma 0")
    add([[20, -20], [-24, 24]], [[0, 1], [0, 1]], 0.75, 1.5, "logits around 20, alpha 0.75, gamma 1.5")
    add([[[0.5, -1], [2, -500]], [[1000, 0], [-2, 1.5]]], np.zeros((2, 2, 2)), 0.25, 2.0, "no positives, rank 3")
    add([-1, 0.5, 2, -3, 1.5], [0, 0, 1, 0, 0], 0.5, 3.0, "one positive, gamma 3")
    add([[0.5, -4], [3, -0.5]], np.ones((2, 2)), 1.0, 1.0, "all positives, alpha 1")
    add([[0.5, -4], [3, -0.5]], np.zeros((2, 2)), 0.0, 2.0, "all negatives, alpha 0")
    levels = np.array([0, 0.5, -0.5, 1, -1, 2, -2, 4, -4, 20, -20, 40, -40, 1000, -1000])
    for i in range(16):
        shape = tuple(int(s) for s in rng.integers(1, 5, size=int(rng.integers(1, 4))))
        x = rng.choice(levels, size=shape)
        t = (rng.random(shape) < 0.4).astype(np.float64)
        alpha = [0.25, -1.0, 0.75, 0.5][i % 4]
        gamma = [2.0, 0.0, 1.0, 0.5, 3.0][i % 5]
        add(x, t, alpha, gamma, f"random shape {shape}, alpha {alpha}, gamma {gamma}")
    return cases
