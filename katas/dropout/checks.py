"""Checks for dropout: graded by properties, since the mask is random and any correct way of drawing it from
`rng` is accepted (rng.random(...) >= p, rng.random(...) < 1 - p, rng.binomial, rng.uniform...).

Each case is run as: forward with np.random.default_rng(seed); forward again with a fresh generator of the
same seed (must give the same mask); forward with seed + 1 (on large inputs, must give another mask); the
backward on the case's dout and on a dout of ones (the latter only helps recognise known mistakes).

Properties: mask values are 0 or 1/(1 − p) in training with 0 < p < 1, all 1 when not training or p = 0,
all 0 when p = 1; out = x · mask; dx = dout · mask; the number of kept elements k is within
6·sqrt(n·p·(1 − p)) + 1 of n·(1 − p) (a false alarm has probability below 1e-8 per case). Generated inputs
have at least 48 elements, up to 1000. Tolerance: |got − expected| ≤ 1e-9 + 1e-6·|expected| (1/(1 − p) in float32 passes).
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close, unpack


RTOL = 1e-6
ATOL = 1e-9
SIGMAS = 6.0
LARGE = 200  # inputs with at least this many elements get the statistical checks


# ---- cases -------------------------------------------------------------------------------

def _pattern(shape, shift=0):
    """Nonzero dyadic values in [-3, 3], so out = x · mask shows every kept element."""
    v = (np.arange(int(np.prod(shape))) * 5 + shift) % 12 - 6.0
    return (np.where(v >= 0, v + 1, v) / 2.0).reshape(shape)


def _case(x, p, training, seed, dout=None):
    x = np.asarray(x, dtype=np.float64)
    dout = _pattern(x.shape, 3) if dout is None else np.asarray(dout, dtype=np.float64).reshape(x.shape)
    return {"x": x, "p": float(p), "training": bool(training), "seed": int(seed), "dout": dout}


def edge_cases():
    return [
        _case(np.ones((200, 10)), 0.5, True, 0),  # half kept, each scaled to 2
        _case(_pattern((40, 50)), 0.2, True, 1),  # 80 % kept, scaled to 1.25
        _case(_pattern((3, 4)), 0.5, False, 2),  # not training: out = x, mask of ones
        _case(_pattern((6, 5)), 0.0, True, 3),  # p = 0: nothing dropped
        _case(_pattern((4, 3)), 1.0, True, 4),  # p = 1: everything dropped, no division by zero
        _case(_pattern((1000,)), 0.9, True, 5),  # 10 % kept, scaled to 10
        _case(_pattern((2, 3, 4)), 0.75, False, 6),  # not training, rank 3
        _case(_pattern((20, 30)), 0.25, True, 7),
    ]


_PS = [0.5, 0.2, 0.0, 0.9, 1.0, 0.25, 0.1, 0.75, 1.0, 0.3, 1.0]
_EVAL_PS = [0.5, 0.2, 0.9, 0.25, 0.1, 0.75, 0.3, 1.0, 0.0]  # not training: p rarely 0 or 1
# at least 48 elements: a mask that keeps everything or nothing is then rare (0.9^48 < 1 %) in training
_SMALL_SHAPES = [(6, 8), (48,), (2, 4, 6), (8, 7)]
_LARGE_SHAPES = [(30, 40), (1000,), (8, 10, 12), (250, 2)]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def dropout_case(draw):
        shape = draw(st.sampled_from(_LARGE_SHAPES if draw(st.booleans()) else _SMALL_SHAPES))
        training = draw(st.sampled_from([True, True, False]))
        p = draw(st.sampled_from(_PS if training else _EVAL_PS))
        return _case(_pattern(shape, draw(st.integers(0, 11))), p, training, draw(st.integers(0, 2 ** 32 - 2)))

    return dropout_case()


# ---- the call, in the worker ---------------------------------------------------------------

def _forward(sub, case, seed):
    out, mask = unpack(sub.dropout_forward(case["x"], case["p"], case["training"], np.random.default_rng(seed)), 2,
                       "dropout_forward")
    return out, mask


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


def call(sub, case):
    out, mask = _forward(sub, case, case["seed"])
    result = {"out": _copy(out), "mask": _copy(mask)}
    out2, mask2 = _forward(sub, case, case["seed"])
    result["out_same_seed"], result["mask_same_seed"] = _copy(out2), _copy(mask2)
    result["mask_other_seed"] = _copy(_forward(sub, case, case["seed"] + 1)[1])
    result["dx"] = _copy(sub.dropout_backward(case["dout"], mask))
    result["dx_for_ones"] = sub.dropout_backward(np.ones_like(case["dout"]), mask)
    return result


# ---- helpers in the grader -----------------------------------------------------------------

def _array(got, key, case):
    arr = as_array(got[key], key, kinds="biuf")
    if arr.shape != case["x"].shape:
        raise Mismatch(f"`{key}` has shape {arr.shape}, expected the shape of x, {case['x'].shape}",
                       f"`{key}` 的 shape 为 {arr.shape}，应与 x 的 shape {case['x'].shape} 相同")
    return arr.astype(np.float64)


def _random_regime(case):
    return case["training"] and 0 < case["p"] < 1


def expected_mask_values(case):
    """The values a mask entry may take: (0, 1/(1 - p)) in training with 0 < p < 1, else the one constant."""
    if _random_regime(case):
        return (0.0, 1.0 / (1.0 - case["p"]))
    if case["training"] and case["p"] == 1:
        return (0.0,)
    return (1.0,)


def keep_bound(n, p):
    """Largest allowed |kept − n(1 − p)|: SIGMAS binomial standard deviations, plus one."""
    return SIGMAS * np.sqrt(n * p * (1 - p)) + 1.0


# ---- checks ---------------------------------------------------------------------------------

def check_mask_values(case, got, want):
    mask = _array(got, "mask", case)
    allowed = expected_mask_values(case)
    ok = np.zeros(mask.shape, dtype=bool)
    for v in allowed:
        ok |= np.abs(mask - v) <= ATOL + RTOL * v
    if not ok.all():
        index = tuple(int(i) for i in np.argwhere(~ok)[0])
        values = " or ".join(f"{v:.6g}" for v in allowed)
        regime = ("training with p = {p}" if case["training"] else "not training").format(p=case["p"])
        regime_zh = (f"训练模式、p = {case['p']}" if case["training"] else "非训练模式")
        raise Mismatch(
            f"mask{list(index)} is {mask[index]:.6g}, but in {regime} every mask entry must be {values}",
            f"mask{list(index)} 为 {mask[index]:.6g}，但在{regime_zh}下 mask 的每个元素都应为 {values}",
        )


def check_output_is_x_times_mask(case, got, want):
    mask = _array(got, "mask", case)
    assert_close(_array(got, "out", case), case["x"] * mask, "out", rtol=RTOL, atol=ATOL)


def check_keep_fraction(case, got, want):
    n, p = case["x"].size, case["p"]
    if not _random_regime(case):
        return
    kept = int(np.count_nonzero(_array(got, "mask", case)))
    bound = keep_bound(n, p)
    if abs(kept - n * (1 - p)) > bound:
        raise Mismatch(
            f"{kept} of {n} elements are kept with p = {p}; about n·(1 − p) = {n * (1 - p):.0f} are expected "
            f"(allowed: ±{bound:.0f}, {SIGMAS:g} standard deviations): each element must be kept with probability 1 − p",
            f"p = {p} 时 {n} 个元素中保留了 {kept} 个；期望约为 n·(1 − p) = {n * (1 - p):.0f} 个"
            f"（允许 ±{bound:.0f}，即 {SIGMAS:g} 个标准差）：每个元素应以概率 1 − p 被保留",
        )


def check_same_seed_same_mask(case, got, want):
    mask, again = _array(got, "mask", case), _array(got, "mask_same_seed", case)
    out, out_again = _array(got, "out", case), _array(got, "out_same_seed", case)
    if not (np.array_equal(mask, again, equal_nan=True) and np.array_equal(out, out_again, equal_nan=True)):
        raise Mismatch(
            "two calls with generators of the same seed returned different masks: draw the random numbers "
            "from the `rng` argument (e.g. rng.random(x.shape)), not from np.random",
            "用相同种子的生成器调用两次，得到的 mask 不同：随机数应从参数 `rng` 中抽取（例如 rng.random(x.shape)），"
            "而不是 np.random",
        )


def check_uses_rng(case, got, want):
    if not _random_regime(case) or case["x"].size < LARGE:
        return
    if np.array_equal(_array(got, "mask", case), _array(got, "mask_other_seed", case)):
        raise Mismatch(
            f"generators with seeds {case['seed']} and {case['seed'] + 1} gave exactly the same mask of "
            f"{case['x'].size} elements: the mask must be drawn from `rng`",
            f"种子为 {case['seed']} 和 {case['seed'] + 1} 的生成器得到了完全相同的 {case['x'].size} 个元素的 mask："
            f"mask 必须从 `rng` 中抽取",
        )


def check_backward(case, got, want):
    mask = _array(got, "mask", case)
    assert_close(_array(got, "dx", case), case["dout"] * mask, "dx", rtol=RTOL, atol=ATOL)


# ---- mistake matching -------------------------------------------------------------------------

def _summary(o):
    """What a random mask can be compared by: the values it takes, the kept fraction, and how the calls relate."""
    mask = np.asarray(o["mask"], dtype=np.float64)
    finite = np.isfinite(mask)
    ones = np.asarray(o["dx_for_ones"], dtype=np.float64)
    return {
        "shapes": tuple(np.shape(o[k]) for k in ("out", "mask", "dx", "dx_for_ones")),
        "finite": bool(finite.all()),
        "values": set(np.round(mask[finite], 6).tolist()),
        "dx_for_ones": set(np.round(ones[np.isfinite(ones)], 6).tolist()),
        "same_seed": np.array_equal(mask, np.asarray(o["mask_same_seed"], dtype=np.float64), equal_nan=True),
        # only meaningful on large inputs: two small masks may coincide by chance
        "other_seed": mask.size >= LARGE and np.array_equal(mask, np.asarray(o["mask_other_seed"], dtype=np.float64)),
        "n": mask.size,
        "kept": float(np.count_nonzero(mask[finite])) / max(mask.size, 1),
    }


def _one_draw_apart(va, vb):
    """{0} against {0, s}, or {s} against {0, s}: the same mask values, one draw missing one of them."""
    union = va | vb
    return len(union) == 2 and 0.0 in union and (va < union or vb < union) and va and vb


def same(a, b):
    """Two results agree when their masks take the same values, relate alike to the calls with the same and
    with another seed, and keep compatible fractions: both within the bound of check_keep_fraction when the
    values {0, 1/(1 − p)} tell p, else within SIGMAS standard deviations of the difference of two
    independent draws. (On the generated inputs, of 48 elements or more, a training mask nearly always
    shows both of its values.)"""
    try:
        sa, sb = _summary(a), _summary(b)
    except (TypeError, ValueError, KeyError):
        return False
    for key in ("shapes", "finite", "same_seed", "other_seed", "n"):
        if sa[key] != sb[key]:
            return False
    for key in ("values", "dx_for_ones"):  # a draw that happens to keep nothing (or everything) shows one value
        if sa[key] != sb[key] and not _one_draw_apart(sa[key], sb[key]):
            return False
    n, fa, fb = sa["n"], sa["kept"], sb["kept"]
    values = sa["values"] | sb["values"]
    scale = max(values, default=0.0)
    if values == {0.0, scale} and scale > 1:
        # a training mask {0, 1/(1 - p)} tells p: judge both kept fractions as check_keep_fraction does
        p = 1 - 1 / scale
        fits_a, fits_b = (abs(f - (1 - p)) * n <= keep_bound(n, p) for f in (fa, fb))
        if fits_a != fits_b:
            return False
        if fits_a:
            return True
    q = (fa + fb) / 2
    return bool(abs(fa - fb) <= SIGMAS * np.sqrt(2 * q * (1 - q) / max(n, 1)) + 2.0 / max(n, 1))


def bench(rng):
    """The activations of a transformer's MLP for a batch of 512 tokens: (512, 4096), p = 0.1, training."""
    x = rng.standard_normal((512, 4096))
    return _case(x, 0.1, True, int(rng.integers(0, 2**31)), rng.standard_normal((512, 4096))), \
        "x (512, 4096), p 0.1, training"


KATA = api.Kata(
    call=call,
    checks=[check_mask_values, check_output_is_x_times_mask, check_keep_fraction, check_same_seed_same_mask, check_uses_rng, check_backward],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
