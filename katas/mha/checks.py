"""Checks for mha: the output shape, causality as a property (changing the last position of x must not
change the outputs of the earlier positions), and the values against the reference.

x holds multiples of 0.5 in [-2, 2]; weights and biases are multiples of 0.25 in [-0.75, 0.75], so the
projections q, k, v are exact in float32 and the scores stay moderate (float32 solutions agree with
the reference to ~1e-6 of the output's size). Values are compared with an absolute tolerance relative
to the size of the output (1 + max |out|): the output projection sums terms of either sign, so an
output element can be close to 0 while its terms are not.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close, close_enough


RTOL = 1e-4
ATOL = 1e-4  # times (1 + max |expected out|)
FUTURE = "out_with_last_position_changed"


def _case(x, w_qkv, b_qkv, w_o, b_o, num_heads, causal=False):
    return {
        "x": np.asarray(x, dtype=np.float64),
        "w_qkv": np.asarray(w_qkv, dtype=np.float64),
        "b_qkv": np.asarray(b_qkv, dtype=np.float64),
        "w_o": np.asarray(w_o, dtype=np.float64),
        "b_o": np.asarray(b_o, dtype=np.float64),
        "num_heads": int(num_heads),
        "causal": bool(causal),
    }


def _pattern(shape, shift=0, step=0.25, span=7):
    """Small deterministic multiples of `step` centred on 0."""
    n = int(np.prod(shape))
    return ((np.arange(n) * 5 + shift) % span - span // 2).reshape(shape) * step


def _weights(d, shift=0):
    return (_pattern((d, 3 * d), shift), _pattern((3 * d,), shift + 1), _pattern((d, d), shift + 2),
            _pattern((d,), shift + 3))


def edge_cases():
    return [
        # one position: the only key gets weight 1, out = (x W_v + b_v) W_o + b_o
        _case([[[1, -0.5]]], *_weights(2), 1),
        # two heads of size 2: which columns form a head, the q/k/v order and the concatenation all matter
        _case(_pattern((1, 3, 4), 1, 0.5, 9), *_weights(4, 1), 2),
        # causal: position i attends to positions 0..i, itself included
        _case(_pattern((1, 3, 4), 2, 0.5, 9), *_weights(4, 2), 2, causal=True),
        # four heads of size 1: the scale is 1/sqrt(1), not 1/sqrt(D) = 1/2
        _case(_pattern((1, 3, 4), 3, 0.5, 9), *_weights(4, 3), 4),
        # a single head (D = 3): the output projection W_o is applied as concat @ W_o
        _case(_pattern((2, 2, 3), 4, 0.5, 9), *_weights(3, 4), 1),
        # two sequences, three heads of size 2, causal
        _case(_pattern((2, 4, 6), 5, 0.5, 9), *_weights(6, 5), 3, causal=True),
        # three heads of size 2 over five positions
        _case(_pattern((1, 5, 6), 6, 0.5, 9), *_weights(6, 6), 3),
    ]


_X = np.arange(-4, 5) / 2.0  # multiples of 0.5 in [-2, 2]
_W = np.arange(-3, 4) / 4.0  # multiples of 0.25 in [-0.75, 0.75]
# (heads, head size): mostly both >= 2, where the head layout can go wrong
_HEAD_SHAPES = [(2, 2), (2, 3), (3, 2), (4, 2), (2, 4), (1, 3), (4, 1), (1, 1)]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def mha_case(draw):
        b, n = draw(st.integers(1, 2)), draw(st.integers(1, 5))
        heads, size = draw(st.sampled_from(_HEAD_SHAPES))
        d = heads * size
        causal = draw(st.booleans())
        rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))  # values: sizes still shrink

        def values(shape, levels):
            return levels[rng.integers(0, len(levels), size=shape)]

        return _case(values((b, n, d), _X), values((d, 3 * d), _W), values((3 * d,), _W), values((d, d), _W),
                     values((d,), _W), heads, causal)

    return mha_case()


def _changed_last(x):
    """x with its last position replaced: 1 − x there (still multiples of 0.5)."""
    y = x.copy()
    y[:, -1, :] = 1.0 - y[:, -1, :]
    return y


def call(sub, case):
    args = (case["w_qkv"], case["b_qkv"], case["w_o"], case["b_o"], case["num_heads"])
    if not case["causal"]:
        return {"out": sub.multi_head_attention(case["x"], *args)}
    out = sub.multi_head_attention(case["x"], *args, causal=True)
    if isinstance(out, np.ndarray):
        out = out.copy()
    result = {"out": out}
    if case["x"].shape[1] > 1:
        result[FUTURE] = sub.multi_head_attention(_changed_last(case["x"]), *args, causal=True)
    return result


def _atol(want):
    return ATOL * (1.0 + float(np.max(np.abs(want)))) if np.size(want) else ATOL


def check_shape(case, got, want):
    shape = case["x"].shape
    for key in want:
        arr = as_array(got.get(key), key, kinds="iuf")
        if arr.shape != shape:
            raise Mismatch(
                f"`{key}` has shape {arr.shape}, expected (B, L, D) = {shape}, the shape of x",
                f"`{key}` 的 shape 为 {arr.shape}，应与 x 相同，即 (B, L, D) = {shape}",
            )


def check_causal(case, got, want):
    """With causal=True, out[:, i] depends on x[:, :i+1] only: changing x[:, -1] leaves out[:, :-1] alone."""
    if not case["causal"]:
        return
    out = as_array(got["out"], "out", kinds="iuf").astype(np.float64)
    if not np.isfinite(out).all():
        b, i, j = (int(t) for t in np.argwhere(~np.isfinite(out))[0])
        raise Mismatch(
            f"out[{b}, {i}, {j}] is {out[b, i, j]}: with causal=True position i attends to positions 0..i, "
            f"itself included, so even position 0 has one key",
            f"out[{b}, {i}, {j}] 为 {out[b, i, j]}：causal=True 时位置 i 关注位置 0..i（包括它自己），所以位置 0 也有一个键",
        )
    if FUTURE not in got:
        return
    later = as_array(got[FUTURE], FUTURE, kinds="iuf").astype(np.float64)
    tol = _atol(want["out"])
    moved = ~(np.abs(later[:, :-1] - out[:, :-1]) <= tol)
    if moved.any():
        b, i, j = (int(t) for t in np.argwhere(moved)[0])
        n = out.shape[1]
        raise Mismatch(
            f"with causal=True, changing only x[:, {n - 1}] (the last position) changed out[{b}, {i}, {j}] from "
            f"{out[b, i, j]:.6g} to {later[b, i, j]:.6g}: position {i} must not attend to later positions",
            f"causal=True 时，只改变 x[:, {n - 1}]（最后一个位置）却让 out[{b}, {i}, {j}] 从 {out[b, i, j]:.6g} "
            f"变成了 {later[b, i, j]:.6g}：位置 {i} 不能关注它之后的位置",
        )


def check_values(case, got, want):
    for key in want:
        assert_close(got[key], want[key], key, rtol=RTOL, atol=_atol(want[key]))


def same(a, b):
    """Two results agree when they have the same outputs, each close (NaN equals NaN)."""
    try:
        if set(a) != set(b):
            return False
        for key in a:
            x = np.asarray(a[key], dtype=np.float64)
            finite = x[np.isfinite(x)]
            atol = ATOL * (1.0 + float(np.abs(finite).max())) if finite.size else ATOL
            if not close_enough(a[key], b[key], rtol=RTOL, atol=atol):
                return False
        return True
    except (KeyError, TypeError, ValueError):
        return False


def bench(rng):
    """A transformer encoder layer's self-attention: 8 sequences of 256 tokens, model width 512, 8 heads,
    weights at the usual 1/sqrt(D) scale."""
    d = 512
    return _case(rng.standard_normal((8, 256, d)), rng.standard_normal((d, 3 * d)) / np.sqrt(d),
                 0.02 * rng.standard_normal(3 * d), rng.standard_normal((d, d)) / np.sqrt(d),
                 0.02 * rng.standard_normal(d), 8), "x (8, 256, 512), 8 heads, not causal"


KATA = api.Kata(
    call=call,
    checks=[check_shape, check_causal, check_values],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
