"""Checks for attention: shapes, weights that are probability rows with nothing on blocked keys, and the
values of weights and out against the reference.

Inputs are exact in float32: q, k and v hold multiples of 0.5 in [-3, 3], except in the large-score
cases, where the first coordinate of q is an integer in the thousands and every key of a (batch, head)
shares the same first coordinate (1, 2 or 4). There the scores q.k are integers close to ±1e4 that differ
by small amounts, so the weights are far from one-hot and a softmax without the max shift overflows
(exp(5000) = inf) or underflows to 0/0. Those cases use d in {1, 4, 16}, where sqrt(d) is exact, so a
float32 solution gets the scaled scores exactly; elsewhere scores stay below ~60 and float32 rounding
is ~1e-6 relative, far inside the tolerance.
"""

import math

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close, close_enough, unpack


RTOL = 1e-4
ATOL = 1e-5


def _case(q, k, v, mask=None):
    case = {
        "q": np.asarray(q, dtype=np.float64),
        "k": np.asarray(k, dtype=np.float64),
        "v": np.asarray(v, dtype=np.float64),
        "mask": None if mask is None else np.asarray(mask, dtype=bool),
    }
    return case


def _a4(values):
    """A list nested to (B, H, L, x), as float64."""
    return np.asarray(values, dtype=np.float64)


def edge_cases():
    eye3 = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    big = [[2499, 1, 0, 0]]  # scores 4·2499 + (0, 1, −1) = 9996, 9997, 9995: scaled by 1/2, exp overflows
    keys = [[4, 0, 0, 0], [4, 1, 0, 0], [4, -1, 0, 0]]
    return [
        # one query, one key: the weight is 1 and out is v
        _case([[[[2]]]], [[[[3]]]], [[[[5, -1]]]]),
        # d = 4: scores (4, 0) are scaled by 1/sqrt(4) to (2, 0): weights (0.8808, 0.1192)
        _case([[[[1, 1, 1, 1]]]], [[[[1, 1, 1, 1], [0, 0, 0, 0]]]], [[[[1, 0], [0, 1]]]]),
        # a key mask of shape (S,): key 1 is blocked for every query of every head
        _case(_a4([[[[1, 0], [0, 1]], [[1, 1], [-1, 0]]]]), _a4([[[[1, 0], [0, 2], [1, 1]], [[0, 1], [1, 0], [2, 1]]]]),
              _a4([[[[1], [2], [3]], [[-1], [0.5], [2]]]]), [True, False, True]),
        # a causal (L, S) mask: query i sees keys 0..i
        _case(_a4([[[[1, 0], [0, 1], [1, 1]]]]), _a4([[[[1, 0], [0, 1], [1, -1]]]]), _a4([[[eye3[0], eye3[1], eye3[2]]]]),
              np.tril(np.ones((3, 3), dtype=bool))),
        # a padding mask of shape (B, 1, 1, S): the second sequence has only two real keys
        _case(_a4([[[[1, 2]]], [[[0.5, -1]]]]), _a4([[[[1, 0], [0, 1], [1, 1]]], [[[2, 0], [0, 1], [3, 3]]]]),
              _a4([[[[1, 0], [0, 1], [2, 2]]], [[[1, 0], [0, 1], [2, 2]]]]), [[[[True, True, True]]], [[[True, True, False]]]]),
        # scores near +1e4 (d = 4): without subtracting the row maximum, exp overflows to inf
        _case([[big]], [[keys]], [[eye3]]),
        # scores near −1e4: without the shift every exp underflows to 0 and the weights are 0/0
        _case([[[[-2499, 2, 0, 0]]]], [[keys]], [[eye3]]),
        # the blocked key has the largest score (1e4): the shift must use the allowed scores
        _case([[[[100]]]], [[[[100], [0], [-1]]]], [[eye3]], [False, True, True]),
        # q = 0: every score ties, so the weights are uniform over the S = 3 keys (not over L = 2 queries)
        _case(np.zeros((1, 1, 2, 2)), _a4([[[[1, 2], [3, -1], [0, 0.5]]]]), _a4([[[[3], [0], [-3]]]])),
        # B = 1, H = 3, L = 2, S = 4, d = 3, dv = 2 with a full (B, H, L, S) mask
        _case(_pattern((1, 3, 2, 3)), _pattern((1, 3, 4, 3), 1), _pattern((1, 3, 4, 2), 2),
              (np.arange(24).reshape(1, 3, 2, 4) % 3 != 1)),
    ]


def _pattern(shape, shift=0):
    """Small deterministic halves in [-3, 3]."""
    return (((np.arange(math.prod(shape)) * 5 + shift) % 13 - 6) / 2).reshape(shape)


_HALVES = np.arange(-6, 7) / 2.0  # multiples of 0.5 in [-3, 3]
_BIG = np.array([4096, 8192, 9600])  # |q.k| of the large-score cases, before the small part: /sqrt(16) still > 709
_MASK_SHAPES = ("S", "LS", "B11S", "BHLS", "H1S", "causal")


def cases():
    from hypothesis import strategies as st

    @st.composite
    def attention_case(draw):
        b, h = draw(st.integers(1, 2)), draw(st.integers(1, 3))
        n_q, n_k, dv = draw(st.integers(1, 4)), draw(st.integers(1, 5)), draw(st.integers(1, 3))
        large = draw(st.sampled_from([False, False, True]))  # a third of the cases: scores near ±1e4
        d = draw(st.sampled_from([4, 16, 1])) if large else draw(st.sampled_from([2, 3, 4, 1, 5, 6]))
        # values from a seeded generator: hypothesis' byte strings are mostly zeros, which hides
        # the scale and the mask; shrinking still reduces the sizes
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

        def values(shape, levels=_HALVES):
            return levels[rng.integers(0, len(levels), size=shape)]

        q, k, v = values((b, h, n_q, d)), values((b, h, n_k, d)), values((b, h, n_k, dv))
        if large:
            # every key of a (batch, head) shares its first coordinate c, so q.k = q0·c + a small part:
            # scores near ±1e4 with differences of order 1 (a near one-hot softmax would test less)
            c = values((b, h, 1), np.array([4.0, 2.0, 1.0]))
            total = values((b, h, n_q), _BIG) * values((b, h, n_q), np.array([1.0, -1.0]))
            room = 1e4 - 9 * (d - 1)  # keep |q.k| <= 1e4 whatever the small part adds
            total = np.clip(total, -room, room)
            q[..., 0] = np.trunc(total / c)
            k[..., 0] = np.broadcast_to(c, (b, h, n_k))
        mask = None
        kind = draw(st.sampled_from(("none",) + _MASK_SHAPES))
        if kind != "none":
            shape = {"S": (n_k,), "LS": (n_q, n_k), "B11S": (b, 1, 1, n_k), "BHLS": (b, h, n_q, n_k),
                     "H1S": (h, 1, n_k), "causal": (n_q, n_k)}[kind]
            if kind == "causal":
                mask = np.tril(np.ones(shape, dtype=bool), k=max(0, n_k - n_q))
            else:
                mask = rng.random(shape) < 0.7
                rows = mask.reshape(-1, n_k)
                rows[~rows.any(axis=1), rng.integers(0, n_k)] = True  # every row of the mask keeps a key
        return _case(q, k, v, mask)

    return attention_case()


def call(sub, case):
    args = (case["q"], case["k"], case["v"]) + (() if case["mask"] is None else (case["mask"],))
    out, weights = unpack(sub.scaled_dot_product_attention(*args), 2, "scaled_dot_product_attention")
    return {"out": out, "weights": weights}


def _shapes(case):
    b, h, n_q, _ = case["q"].shape
    n_k, dv = case["v"].shape[2], case["v"].shape[3]
    return {"out": (b, h, n_q, dv), "weights": (b, h, n_q, n_k)}


def _allowed(case):
    shape = _shapes(case)["weights"]
    if case["mask"] is None:
        return np.ones(shape, dtype=bool)
    return np.broadcast_to(case["mask"], shape)


def check_shapes(case, got, want):
    for key, shape in _shapes(case).items():
        arr = as_array(got[key], key, kinds="iuf")
        if arr.shape != shape:
            names = "(B, H, L, dv)" if key == "out" else "(B, H, L, S)"
            raise Mismatch(
                f"`{key}` has shape {arr.shape}, expected {names} = {shape}",
                f"`{key}` 的 shape 为 {arr.shape}，应为 {names} = {shape}",
            )


def check_weights_are_distributions(case, got, want):
    """Each row of weights is a probability distribution over the allowed keys."""
    w = as_array(got["weights"], "weights", kinds="iuf").astype(np.float64)
    allowed = _allowed(case)
    bad = ~np.isfinite(w)
    if bad.any():
        i = tuple(int(j) for j in np.argwhere(bad)[0])
        raise Mismatch(
            f"weights{list(i)} is {w[i]}: with scores of magnitude 1e4, subtract each row's largest allowed "
            f"score before np.exp, or exp overflows to inf (or every term underflows to 0)",
            f"weights{list(i)} 为 {w[i]}：分数的量级可达 1e4，在 np.exp 之前要减去每一行允许位置上的最大分数，"
            f"否则 exp 会溢出为 inf（或者所有项都下溢为 0）",
        )
    leak = ~allowed & (np.abs(w) > ATOL)
    if leak.any():
        i = tuple(int(j) for j in np.argwhere(leak)[0])
        raise Mismatch(
            f"weights{list(i)} is {w[i]:.6g}, but the mask blocks key {i[-1]} for that query (mask False means "
            f"may not attend): its weight must be 0",
            f"weights{list(i)} 为 {w[i]:.6g}，但 mask 禁止该查询关注第 {i[-1]} 个键（False 表示不能关注）：其权重必须为 0",
        )
    if (w < -ATOL).any():
        i = tuple(int(j) for j in np.argwhere(w < -ATOL)[0])
        raise Mismatch(f"weights{list(i)} is negative ({w[i]:.6g}): softmax weights are >= 0",
                       f"weights{list(i)} 为负数（{w[i]:.6g}）：softmax 权重不小于 0")
    sums = w.sum(axis=-1)
    off = np.abs(sums - 1) > ATOL * w.shape[-1] + RTOL
    if off.any():
        i = tuple(int(j) for j in np.argwhere(off)[0])
        raise Mismatch(
            f"the weights of query {list(i)} sum to {sums[i]:.6g} over the keys (last axis), expected 1: "
            f"softmax runs over the S keys, after the blocked scores are set to −inf",
            f"查询 {list(i)} 的权重沿键（最后一个维度）求和为 {sums[i]:.6g}，应为 1："
            f"softmax 沿 S 个键计算，并且要在把被屏蔽的分数设为 −inf 之后进行",
        )


def check_weights(case, got, want):
    assert_close(got["weights"], want["weights"], "weights", rtol=RTOL, atol=ATOL)


def check_out(case, got, want):
    assert_close(got["out"], want["out"], "out", rtol=RTOL, atol=ATOL)


def same(a, b):
    """Two results agree when out and weights are both close (NaN equals NaN)."""
    try:
        return all(close_enough(a[key], b[key], rtol=RTOL, atol=ATOL) for key in ("out", "weights"))
    except (KeyError, TypeError, ValueError):
        return False


def bench(rng):
    """BERT-base self-attention: 2 sequences, 12 heads, 512 tokens, head size 64, with a key-padding mask
    (B, 1, 1, S) where the second sequence has 400 real tokens and 112 of padding."""
    shape = (2, 12, 512, 64)
    mask = np.ones((2, 1, 1, 512), dtype=bool)
    mask[1, ..., 400:] = False
    return _case(rng.standard_normal(shape), rng.standard_normal(shape), rng.standard_normal(shape), mask), \
        "q, k, v (2, 12, 512, 64), key-padding mask (2, 1, 1, 512)"


KATA = api.Kata(
    call=call,
    checks=[check_shapes, check_weights_are_distributions, check_weights, check_out],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
