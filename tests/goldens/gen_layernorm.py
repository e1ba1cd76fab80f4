"""Golden cases for layernorm from torch.nn.functional.layer_norm (float64, normalized_shape (D,)) and its
autograd gradients; each case runs the forward and then the backward on the reference's own cache
(comparison "forward_backward" in tests/test_goldens.py)."""

import numpy as np

TINY = 2.0 ** -13


def generate(rng):
    import torch
    import torch.nn.functional as F

    cases = []

    def add(x, gamma, beta, dout, eps, note):
        x = np.asarray(x, dtype=np.float64)
        gamma = np.asarray(gamma, dtype=np.float64)
        beta = np.asarray(beta, dtype=np.float64)
        dout = np.asarray(dout, dtype=np.float64).reshape(x.shape)
        tx, tg, tb = (torch.from_numpy(a).requires_grad_() for a in (x, gamma, beta))
        out = F.layer_norm(tx, (x.shape[1],), tg, tb, 1e-5 if eps is None else eps)
        out.backward(torch.from_numpy(dout))
        args = [x, gamma, beta] + ([] if eps is None else [eps])
        expected = {"out": out.detach().numpy(), "dout": dout,
                    "backward": (tx.grad.numpy(), tg.grad.numpy(), tb.grad.numpy())}
        cases.append({"function": "layernorm_forward", "args": args, "expected": expected, "rtol": 1e-9,
                      "atol": 1e-9, "compare": "forward_backward", "note": note})

    add([[1, 3, 5], [0, 4, 2]], [2, 1, 0.5], [1, 0, -1], [[1, 2, 0], [1, -1, 0.5]], None, "the statement's example")
    add([[1, 3], [0, -2]], [2, 0.5], [0.5, 0], [[1, -0.5], [2, 1]], None, "D = 2")
    add([[1], [-2], [5]], [1.5], [0.5], [[1], [-3], [2]], None, "D = 1: out = beta, dx = 0")
    add([[2, -1, 4, 0.5]], [1, 1, 2, -1], [0, 0, 1, 0], [[1, 2, -0.5, 1]], None, "N = 1")
    add([[1, 1 + TINY, 1 + 2 * TINY], [0, 1, 2]], [1, 1, -1], [0, 0.5, 0], [[1, -1, 0.5], [0.5, 0, 1]], None,
        "a nearly constant row")
    add([[2, 2, 2], [0, 1, 5]], [1, 1, 1], [0, 0, 0], [[1, 2, -0.5], [1, 3, -1]], None, "an exactly constant row")
    add([[-800, 300, 1000, -200], [0.5, 0.5 + TINY, 0.5, 0.5 + 3 * TINY]], [2, 0.5, 1, -1], [1, -1, 0, 0],
        [[1, -2, 0.5, 1], [2, 1, -1, 0.5]], None, "a row in the hundreds and a nearly constant one")
    add([[0, TINY, 2 * TINY], [1, 2, -1]], [1, 1, 1], [0, 0, 0], [[1, 2, -1], [-1, 0.5, 1]], 0.1, "eps = 0.1")
    for i in range(12):
        n, d = int(rng.integers(1, 6)), int(rng.integers(1, 7))
        scale = [1.0, 100.0, 1e-3][i % 3]
        x = rng.normal(size=(n, d)) * scale + rng.normal()
        gamma, beta = rng.normal(size=d), rng.normal(size=d)
        eps = [None, 1e-3, 0.1, None][i % 4]
        add(x, gamma, beta, rng.normal(size=(n, d)), eps, f"random {n}x{d}, scale {scale}, eps {eps}")
    return cases
