"""Golden cases for softmax_ce from torch.softmax and torch.nn.functional.cross_entropy (float64),
the gradient from autograd."""

import numpy as np


def _logits(rng, n, c, kind):
    halves = rng.integers(-8, 9, size=(n, c)) / 2.0
    if kind == "plain":
        return halves
    if kind == "offset":  # every row near +-1000 .. +-9000: exp overflows or underflows without the shift
        return halves + rng.choice([-9000.0, -5000.0, -1000.0, 1000.0, 5000.0, 9000.0], size=(n, 1))
    return halves + 1000.0 * rng.integers(-5, 6, size=(n, c))  # gaps up to 1e4 inside a row


def generate(rng):
    import torch
    import torch.nn.functional as F

    cases = []

    def add_softmax(x, axis, note):
        x = np.asarray(x, dtype=np.float64)
        want = torch.softmax(torch.from_numpy(x), dim=-1 if axis is None else axis).numpy()
        args = [x] if axis is None else [x, axis]
        cases.append({"function": "softmax", "args": args, "expected": want, "rtol": 1e-9, "atol": 1e-12,
                      "note": note})

    def add_ce(logits, labels, s, note):
        logits = np.asarray(logits, dtype=np.float64)
        labels = np.asarray(labels, dtype=np.int64)
        t = torch.from_numpy(logits).requires_grad_()
        loss = F.cross_entropy(t, torch.from_numpy(labels), label_smoothing=0.0 if s is None else s)
        loss.backward()
        args = [logits, labels] if s is None else [logits, labels, s]
        cases.append({"function": "cross_entropy", "args": args, "expected": float(loss.item()), "rtol": 1e-9,
                      "atol": 1e-9, "note": note})
        cases.append({"function": "cross_entropy_backward", "args": args, "expected": t.grad.numpy(),
                      "rtol": 1e-9, "atol": 1e-12, "note": note + " (gradient)"})

    add_softmax([1e4, 0, -1e4], None, "1-D, magnitudes 1e4")
    add_softmax([[1, 2], [3, 5]], 0, "the statement's example, axis 0")
    add_softmax([[-1e4, -9999.5], [9000, 8999]], 1, "rows near -1e4 and 9000")
    add_softmax(np.arange(24).reshape(2, 3, 4) * 500.0 - 6000, 1, "rank 3, middle axis")
    add_softmax(np.arange(24).reshape(2, 3, 4) / 2.0, -3, "rank 3, axis -3")
    for i in range(5):
        shape = tuple(rng.integers(1, 5, size=rng.integers(1, 4)))
        axis = int(rng.integers(-len(shape), len(shape)))
        add_softmax(_logits(rng, int(np.prod(shape)) // shape[-1], shape[-1], ["plain", "offset", "wide"][i % 3])
                    .reshape(shape), axis, f"random rank {len(shape)}, axis {axis}")

    add_ce([[1, 2, 3], [0, 0, 0]], [2, 0], None, "the statement's example")
    add_ce([[1, 2, 3], [0, 0, 0]], [2, 0], 0.3, "the statement's example with smoothing 0.3")
    add_ce([[1e4, 0, -1e4], [0, 1, 2]], [2, 2], None, "true class 2e4 below the best one")
    add_ce([[10000, 9999, 9998], [-9990, -10000, -9995]], [0, 1], 0.0, "rows near +1e4 and -1e4")
    add_ce([[0, -1000, 5], [2, 1, 0]], [1, 0], 0.0, "a gap of 1000 to the true class")
    add_ce([[3, -1], [0, 0], [2, 2]], [0, 1, 1], 1.0, "smoothing 1: uniform target")
    add_ce([[4000, -4000, 0, 1]], [3], 0.25, "one sample, large logits, smoothing 0.25")
    add_ce([[1e4, -1e4], [0, 0], [-5000, 5000]], [0, 1, 0], 0.2, "large logits with smoothing 0.2")
    for i in range(9):
        n, c = int(rng.integers(1, 7)), int(rng.integers(2, 7))
        s = [None, 0.0, 0.1, 0.25, 0.5, 1.0][i % 6]
        kind = ["plain", "offset", "wide"][i % 3]
        add_ce(_logits(rng, n, c, kind), rng.integers(0, c, size=n), s, f"random {kind} logits {n}x{c}, smoothing {s}")
    return cases
