"""Checks for optimizers: trajectories of SGD with momentum, Adam and AdamW driven by the submission.

Every case runs the three optimizers over the same T gradients (T from 1 to 50): the state a step
returns is fed to the next step, so the whole trajectory is the submission's own. Each step's param and
state are compared with the reference's trajectory from the same start.

All inputs are exact in float32 (multiples of 1/8, times 1, 2^-7 or 2^-13 for the gradients). States
(velocity, m, v) are compared with |got − expected| ≤ 1e-5·(max |expected| over the trajectory) +
1e-5·|expected|, params with 1e-5·(1 + max |expected|) + 1e-5·|expected|: a float32 solution rounds
params of size ~2 at 2.4e-7 per step, far below that even after 50 steps, while every listed mistake moves
a param by at least a few percent of one update (lr ≥ 1e-3).
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import BadOutput, Mismatch, assert_close, close_enough, unpack


RTOL = 1e-5
ATOL = 1e-5  # times the scale of the output (see the module docstring)
OUTPUTS = {
    "sgd": ("sgd_param", "sgd_velocity"),
    "adam": ("adam_param", "adam_m", "adam_v"),
    "adamw": ("adamw_param", "adamw_m", "adamw_v"),
}
SGD_KEYS = ("momentum", "sgd_weight_decay", "nesterov")
ADAM_KEYS = ("adam_lr", "beta1", "beta2", "eps")


def _case(param, grads, lr=0.1, velocity=None, t=1, m=None, v=None, **options):
    param = np.asarray(param, dtype=np.float64)
    grads = np.asarray(grads, dtype=np.float64).reshape((-1,) + param.shape)
    zeros = np.zeros_like(param)
    case = {
        "param": param, "grads": grads, "sgd_lr": float(lr),
        "velocity": zeros if velocity is None else np.asarray(velocity, dtype=np.float64).reshape(param.shape),
        "t": int(t),
        "m": zeros.copy() if m is None else np.asarray(m, dtype=np.float64).reshape(param.shape),
        "v": zeros.copy() if v is None else np.asarray(v, dtype=np.float64).reshape(param.shape),
    }
    # optional arguments: None means "not passed", so the defaults are tested too
    for key in SGD_KEYS + ADAM_KEYS + ("adam_weight_decay", "adamw_weight_decay"):
        case[key] = options.pop(key, None)
    assert not options, options
    return case


def edge_cases():
    return [
        # one step from a fresh state with every default: SGD's buffer becomes g, Adam moves by lr·sign(g)
        _case([1.0, -2.0, 0.5], [[0.5, 0.25, -1.0]]),
        # three steps with nesterov and weight decay in SGD, L2 in Adam, default decoupled decay in AdamW
        _case([2.0, -1.0], [[1, -0.5], [0.5, 0.5], [-1, 0.25]], lr=0.5, nesterov=True, sgd_weight_decay=0.1,
              adam_lr=0.1, adam_weight_decay=0.1),
        # from a given non-zero state at step t = 5 (velocity is torch's momentum buffer)
        _case([[1.0, 0.5], [-0.5, 2.0]], [[[0.5, -1], [0.25, 1]], [[1, 1], [-0.5, 0.5]]], lr=0.1, t=5,
              velocity=[[1, -0.5], [0.5, 0.25]], m=[[0.25, -0.5], [0.125, 0.5]], v=[[0.5, 0.5], [0.25, 1]],
              momentum=0.5, adam_lr=0.05),
        # gradients of 2^-13 (~1e-4): v ~ 1e-8 is the size of eps, which must stay outside the square root
        _case([1.0, -1.0, 0.0], np.array([[1, -2, 0.5], [2, 1, -1]]) * 2.0 ** -13, lr=0.5, adam_lr=0.01),
        # momentum 0: plain SGD, and the returned velocity is the gradient (weight decay included)
        _case([1.0, -1.0], [[0.5, 1.0], [1.0, -0.5]], lr=0.5, momentum=0.0, sgd_weight_decay=0.1, eps=0.1,
              adam_lr=0.1, beta1=0.5, beta2=0.75),
        # 20 steps of a constant gradient with a large eps
        _case([0.5, -0.5, 1.0, 2.0], [[1.0, -0.5, 0.25, 2.0]] * 20, lr=0.05, eps=0.1, adam_lr=0.01,
              adamw_weight_decay=0.1),
    ]


_P = np.arange(-16, 17) / 8.0  # multiples of 1/8 in [-2, 2]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def optimizer_case(draw):
        shape = draw(st.sampled_from([(3,), (1,), (2, 2), (5,)]))
        steps = draw(st.one_of(st.integers(1, 5), st.sampled_from([10, 20, 50])))
        fresh = draw(st.booleans())
        scale = draw(st.sampled_from([1.0, 2.0 ** -13, 2.0 ** -7]))
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))  # values: sizes and options still shrink

        def values(size):
            return _P[rng.integers(0, len(_P), size=size)]

        grads = values((steps,) + shape) * scale
        grads[rng.random(grads.shape) < 0.1] = 0.0  # some gradients are exactly 0
        options = {
            "momentum": draw(st.sampled_from([None, 0.5, 0.0, 0.9, 0.99])),
            "sgd_weight_decay": draw(st.sampled_from([None, 0.1, 0.0, 0.01])),
            "adam_lr": draw(st.sampled_from([None, 0.01, 0.1])),
            "eps": draw(st.sampled_from([None, 0.1, 1e-3])),
            "adam_weight_decay": draw(st.sampled_from([None, 0.1, 0.01])),
            "adamw_weight_decay": draw(st.sampled_from([None, 0.1, 0.0])),
        }
        if options["momentum"] != 0.0:
            options["nesterov"] = draw(st.sampled_from([None, True, False, True]))
        betas = draw(st.sampled_from([None, (0.8, 0.99), (0.5, 0.75), (0.0, 0.9)]))
        if betas:
            options["beta1"], options["beta2"] = betas
        state = {}
        if not fresh:
            m = values(shape) * scale
            state = {"velocity": values(shape) * scale, "t": int(rng.integers(2, 31)), "m": m,
                     "v": m * m + np.abs(values(shape)) * scale * scale}  # v >= m², as a real state
        lr = draw(st.sampled_from([0.1, 0.5, 0.01]))
        return _case(values(shape), grads, lr, **state, **options)

    return optimizer_case()


# ---- the trajectories, in the worker ------------------------------------------------------------

def _state(value, shape, name, step):
    """A returned value as a float64 array of the param's shape, or BadOutput."""
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        arr = None
    if arr is None or arr.shape != shape:
        got = "None" if value is None else (f"shape {arr.shape}" if arr is not None else type(value).__name__)
        raise BadOutput(
            f"at step {step}, `{name}` must be a float array of the param's shape {shape}, got {got}",
            f"第 {step} 步返回的 `{name}` 应为与 param 形状 {shape} 相同的浮点数组，实际为 {got}",
        )
    return arr


def _kwargs(case, keys, rename=None):
    rename = rename or {}
    return {rename.get(k, k): case[k] for k in keys if case[k] is not None}


def call(sub, case):
    shape = case["param"].shape
    out = {name: [] for names in OUTPUTS.values() for name in names}
    kw = _kwargs(case, SGD_KEYS, {"sgd_weight_decay": "weight_decay"})
    p, vel = case["param"], case["velocity"]
    for i, g in enumerate(case["grads"]):
        result = unpack(sub.sgd_momentum_step(p, g, vel, case["sgd_lr"], **kw), 2, "sgd_momentum_step")
        p, vel = (_state(r, shape, n, i + 1) for r, n in zip(result, ("param", "velocity")))
        out["sgd_param"].append(p.copy())
        out["sgd_velocity"].append(vel.copy())
    for name in ("adam", "adamw"):
        fn = getattr(sub, f"{name}_step")
        kw = _kwargs(case, ADAM_KEYS + (f"{name}_weight_decay",), {"adam_lr": "lr", f"{name}_weight_decay": "weight_decay"})
        p, m, v = case["param"], case["m"], case["v"]
        for i, g in enumerate(case["grads"]):
            result = unpack(fn(p, g, m, v, case["t"] + i, **kw), 3, f"{name}_step")
            p, m, v = (_state(r, shape, n, i + 1) for r, n in zip(result, ("param", "m", "v")))
            for key, arr in zip(OUTPUTS[name], (p, m, v)):
                out[key].append(arr.copy())
    return {key: np.array(values) for key, values in out.items()}


# ---- checks ---------------------------------------------------------------------------------------

def _atol(key, want):
    big = float(np.max(np.abs(want))) if np.size(want) else 0.0
    return ATOL * (1.0 + big) if key.endswith("_param") else ATOL * big + 1e-30


def _compare(case, got, want, key):
    """Compare step by step; the message names the first step that is off."""
    arr, ref = np.asarray(got[key], dtype=np.float64), np.asarray(want[key], dtype=np.float64)
    atol = _atol(key, ref)
    for s in range(len(ref)):
        try:
            assert_close(arr[s], ref[s], key, rtol=RTOL, atol=atol)
        except Mismatch as mismatch:
            t = f" (t = {case['t'] + s})" if not key.startswith("sgd") else ""
            start = "zeros" if not (case["m"].any() or case["velocity"].any()) else "the given state"
            en = f"after step {s + 1} of {len(ref)}{t}, starting from {start}: {mismatch.message['en']}"
            zh = f"从{'全零状态' if start == 'zeros' else '给定的状态'}出发的第 {s + 1}/{len(ref)} 步之后{t}：{mismatch.message['zh']}"
            raise Mismatch(en, zh, mismatch.diff) from None


def check_sgd_velocity(case, got, want):
    _compare(case, got, want, "sgd_velocity")


def check_sgd_param(case, got, want):
    _compare(case, got, want, "sgd_param")


def check_adam_moments(case, got, want):
    _compare(case, got, want, "adam_m")
    _compare(case, got, want, "adam_v")


def check_adam_param(case, got, want):
    _compare(case, got, want, "adam_param")


def check_adamw_moments(case, got, want):
    _compare(case, got, want, "adamw_m")
    _compare(case, got, want, "adamw_v")


def check_adamw_param(case, got, want):
    _compare(case, got, want, "adamw_param")


def same(a, b):
    """Two trajectories agree when every output is close at every step (NaN equals NaN)."""
    try:
        if set(a) != set(b):
            return False
        for key in a:
            ref = np.asarray(a[key], dtype=np.float64)
            finite = ref[np.isfinite(ref)]
            if not close_enough(a[key], b[key], rtol=RTOL, atol=_atol(key, finite)):
                return False
        return True
    except (KeyError, TypeError, ValueError):
        return False


def bench(rng):
    """One layer's 1,000,000 parameters, 2 steps of each optimizer from a warm state at step 1,000
    (moments of the size the gradients have), with the default hyperparameters."""
    n, steps = 1_000_000, 2
    grads = rng.standard_normal((steps, n)) * 1e-3
    m = rng.standard_normal(n) * 1e-3
    state = {"velocity": m * 10, "t": 1000, "m": m, "v": m * m + (rng.standard_normal(n) * 1e-3) ** 2}
    return _case(rng.standard_normal(n) * 0.02, grads, 0.01, **state), \
        "a 1,000,000-parameter vector, 2 steps of SGD with momentum, Adam and AdamW from step 1,000"


KATA = api.Kata(
    call=call,
    checks=[check_sgd_velocity, check_sgd_param, check_adam_moments, check_adam_param, check_adamw_moments, check_adamw_param],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=60,
    bench=bench,
)
