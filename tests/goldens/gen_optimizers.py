"""Golden cases for the optimizers kata: single steps taken from torch.optim.SGD / Adam / AdamW
trajectories (float64). Each case is one step: the inputs are torch's state before it (the momentum
buffer, exp_avg and exp_avg_sq, t = state['step'] + 1), the expected value torch's state after it."""

from __future__ import annotations

import numpy as np


def _sgd_cases(rng, steps, lr, momentum, weight_decay, nesterov, start_buffer, note):
    import torch

    p = torch.tensor(rng.normal(size=4), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=momentum, weight_decay=weight_decay, nesterov=nesterov)
    buf = np.zeros(4)
    if start_buffer:
        buf = rng.normal(size=4)
        opt.state[p]["momentum_buffer"] = torch.tensor(buf)
    cases = []
    for s in range(steps):
        before = p.detach().numpy().copy()
        g = rng.normal(size=4)
        p.grad = torch.tensor(g)
        opt.step()
        after = p.detach().numpy().copy()
        # with momentum 0 torch keeps no buffer: the kata returns g + weight_decay * param
        new_buf = opt.state[p]["momentum_buffer"].numpy().copy() if momentum else g + weight_decay * before
        kwargs = {"momentum": momentum, "weight_decay": weight_decay, "nesterov": nesterov}
        cases.append({"function": "sgd_momentum_step", "args": [before, g, buf, lr], "kwargs": kwargs,
                      "expected": (after, new_buf), "rtol": 1e-10, "atol": 1e-12, "note": f"{note}, step {s + 1}"})
        buf = new_buf
    return cases


def _adam_cases(rng, name, steps, kwargs, start_step, note, grad_scale=1.0):
    import torch

    p = torch.tensor(rng.normal(size=3), dtype=torch.float64, requires_grad=True)
    opt = (torch.optim.Adam if name == "adam_step" else torch.optim.AdamW)([p], foreach=False, **kwargs)
    m, v = np.zeros(3), np.zeros(3)
    if start_step > 1:
        m = rng.normal(size=3) * grad_scale
        v = m * m + rng.random(3) * grad_scale ** 2
        opt.state[p] = {"step": torch.tensor(float(start_step - 1)), "exp_avg": torch.tensor(m),
                        "exp_avg_sq": torch.tensor(v)}
    cases = []
    for s in range(steps):
        before = p.detach().numpy().copy()
        g = rng.normal(size=3) * grad_scale
        p.grad = torch.tensor(g)
        opt.step()
        state = opt.state[p]
        expected = (p.detach().numpy().copy(), state["exp_avg"].numpy().copy(), state["exp_avg_sq"].numpy().copy())
        kw = {"lr": kwargs["lr"], "beta1": kwargs["betas"][0], "beta2": kwargs["betas"][1], "eps": kwargs["eps"],
              "weight_decay": kwargs["weight_decay"]}
        cases.append({"function": name, "args": [before, g, m, v, start_step + s], "kwargs": kw, "expected": expected,
                      "rtol": 1e-9, "atol": 1e-14, "note": f"{note}, t = {start_step + s}"})
        m, v = expected[1], expected[2]
    return cases


def generate(rng):
    cases = []
    cases += _sgd_cases(rng, 4, 0.1, 0.9, 0.0, False, False, "SGD momentum 0.9 from a fresh buffer")
    cases += _sgd_cases(rng, 3, 0.05, 0.9, 0.01, True, False, "SGD nesterov with weight decay")
    cases += _sgd_cases(rng, 3, 0.1, 0.5, 0.1, False, True, "SGD from a given buffer")
    cases += _sgd_cases(rng, 2, 0.2, 0.0, 0.1, False, False, "SGD without momentum")
    defaults = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0}
    cases += _adam_cases(rng, "adam_step", 4, defaults, 1, "Adam defaults")
    cases += _adam_cases(rng, "adam_step", 3, dict(defaults, lr=0.01, weight_decay=0.1), 1, "Adam with L2")
    cases += _adam_cases(rng, "adam_step", 3, dict(defaults, betas=(0.8, 0.99), eps=1e-3), 7, "Adam from step 7")
    cases += _adam_cases(rng, "adam_step", 2, defaults, 1, "Adam, gradients ~1e-4", grad_scale=1e-4)
    cases += _adam_cases(rng, "adamw_step", 4, dict(defaults, weight_decay=0.01), 1, "AdamW defaults")
    cases += _adam_cases(rng, "adamw_step", 3, dict(defaults, lr=0.1, weight_decay=0.1), 12, "AdamW from step 12")
    cases += _adam_cases(rng, "adamw_step", 2, dict(defaults, weight_decay=0.01), 1, "AdamW, gradients ~1e-4",
                         grad_scale=1e-4)
    return cases
