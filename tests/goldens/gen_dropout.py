"""Golden cases for dropout from torch.nn.functional.dropout: only the deterministic parts.

A random mask cannot be compared with torch's (the draws differ), so the forward cases cover what is
deterministic: training=False, p = 0 and p = 1, where the reference never touches its generator (rng=None is
passed). The expected pair is (dropout(x), dropout(ones)): what torch does to x, and to ones, which is the
mask. The backward cases take a mask torch drew in training (dropout of ones) and compare dx with torch's
autograd gradient through that same draw."""

import numpy as np


def generate(rng):
    import torch
    import torch.nn.functional as F

    torch.manual_seed(20261205)
    cases = []

    def add_forward(x, p, training, note):
        x = np.asarray(x, dtype=np.float64)
        tx = torch.from_numpy(x)
        expected = (F.dropout(tx, p, training).numpy(), F.dropout(torch.ones_like(tx), p, training).numpy())
        cases.append({"function": "dropout_forward", "args": [x, p, training, None], "expected": expected,
                      "rtol": 0.0, "atol": 0.0, "note": note})

    def add_backward(shape, p, note):
        ones = torch.ones(shape, dtype=torch.float64, requires_grad=True)
        out = F.dropout(ones, p, True)  # out = 1 * mask: torch's mask itself
        dout = rng.choice([1.0, -2.0, 0.5, 3.0, -0.25], size=shape)
        out.backward(torch.from_numpy(dout))
        mask = out.detach().numpy().copy()
        cases.append({"function": "dropout_backward", "args": [dout, mask], "expected": ones.grad.numpy(),
                      "rtol": 1e-12, "atol": 0.0, "note": note})

    x = (np.arange(24.0).reshape(2, 3, 4) % 7 - 3) / 2
    add_forward(x, 0.5, False, "not training: the identity")
    add_forward(x[0], 1.0, False, "not training with p = 1: still the identity")
    add_forward(x, 0.0, True, "training with p = 0: nothing dropped")
    add_forward(x[1], 1.0, True, "training with p = 1: everything dropped")
    add_forward(rng.normal(size=(5, 6)).round(3), 0.3, False, "not training, random values")
    add_forward(rng.normal(size=(50,)).round(3), 0.0, True, "p = 0, 1-D")
    add_forward(rng.normal(size=(4, 4)).round(3), 1.0, True, "p = 1, 2-D")
    for i, p in enumerate([0.5, 0.2, 0.9, 0.1, 0.75, 0.25, 0.5, 0.3]):
        shape = [(6, 8), (48,), (2, 4, 6), (30, 40)][i % 4]
        add_backward(shape, p, f"a mask torch drew with p = {p}, shape {shape}")
    return cases
