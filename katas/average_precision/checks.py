"""Checks for average_precision: one number in [0, 1], equal to sklearn's step sum over distinct
score thresholds.

Most generated score vectors take only a few distinct values, so groups of equal scores mixing
positives and negatives are common: that is where treating each sample as its own threshold goes
wrong. Every score is exact in float32, so a solution that casts to float32 sees the same ties.
With N <= 16 every listed mistake is off by far more than the tolerance when it is off at all.
"""

import numpy as np
from dlprep.kata import api
from dlprep.kata.api import Mismatch, as_array, assert_close, close_enough


RTOL = ATOL = 1e-6
LEVELS = (0.0, 0.5, 1.0, 0.25, -1.0, 2.0)  # tied scores are drawn from these (exact in float32)
LABEL_DTYPES = ("int64", "bool", "float64", "int32", "float32", "uint8")


def _case(scores, labels, dtype="int64"):
    return {
        "scores": np.asarray(scores, dtype=np.float64).reshape(-1),
        "labels": np.asarray(labels).reshape(-1).astype(dtype),
    }


def edge_cases():
    return [
        _case([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]),  # precision 1, 1/2, 2/3 at the three hits: 5/6
        # the statement's example: a tied group (two hits and a miss) after a miss, then a hit: 8/15
        _case([0.5, 1.0, 0.5, 0.5, 0.25, 0.0], [1, 0, 1, 0, 1, 0], "float64"),
        _case([1.0, 1.0], [1, 0]),  # one tied group: precision 1/2 at recall 1
        _case([0.75], [1]),  # one sample, a positive: 1
        _case([0.5, 0.5, 0.5], [True, True, True], "bool"),  # all positive and tied: 1
        _case([2.0, -1.0, 0.5, 0.5, -1.0, 0.5, 2.0], [0, 1, 1, 0, 0, 1, 0], "int32"),
        _case([-1e4, 3e3, 1e4, 0.0, 5e3], [0, 1, 0, 1, 0], "uint8"),  # large scores, no ties
    ]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def draw(draw):
        n = draw(st.integers(1, 16))
        if draw(st.integers(0, 3)) < 3:  # mostly a few repeated levels: groups of equal scores
            k = draw(st.integers(1, 4))
            idx = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
            scores = [LEVELS[i] for i in idx]
        else:
            scores = draw(st.lists(st.floats(-1e4, 1e4, width=32), min_size=n, max_size=n))
        labels = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        if not any(labels):  # at least one positive
            labels[0] = True
        return _case(scores, labels, draw(st.sampled_from(LABEL_DTYPES)))

    return draw()


def call(sub, case):
    return {"ap": sub.average_precision(case["scores"], case["labels"])}


def _value(got):
    return float(as_array(got["ap"], "ap", ndim=0))


def check_scalar(case, got, want):
    _value(got)


def check_in_unit_interval(case, got, want):
    v = _value(got)
    if not -ATOL <= v <= 1.0 + ATOL:  # a sum of float terms may land a rounding step outside
        raise Mismatch(
            f"the average precision is {v:.6g}, outside [0, 1]: it is a weighted mean of precisions",
            f"平均精度为 {v:.6g}，不在 [0, 1] 内：它是若干精确率的加权平均",
        )


def _curve_text(case):
    """The (recall, precision) points of the expected curve, for the message."""
    s, pos = case["scores"], case["labels"].astype(bool)
    order = np.argsort(-s, kind="stable")
    s, pos = s[order], pos[order]
    last = np.append(np.flatnonzero(s[1:] != s[:-1]), s.size - 1)
    tp = np.cumsum(pos)[last]
    points = [f"({t}/{tp[-1]}, {t}/{k + 1})" for t, k in zip(tp, last)]
    return ", ".join(points[:8]) + (", ..." if len(points) > 8 else "")


def check_value(case, got, want):
    try:
        assert_close(got["ap"], want["ap"], "ap", rtol=RTOL, atol=ATOL)
    except Mismatch as mismatch:
        curve = _curve_text(case)
        raise Mismatch(
            f"{mismatch.message['en']}. The (recall, precision) points, one per distinct score from the highest: {curve}",
            f"{mismatch.message['zh']}。（召回率，精确率）点，每个不同的分数一个，从最高分开始：{curve}",
            mismatch.diff,
        ) from None


def same(a, b):
    """Two results agree when the values agree within the tolerance."""
    try:
        return close_enough(a["ap"], b["ap"], rtol=RTOL, atol=ATOL)
    except (TypeError, KeyError):
        return False


def bench(rng):
    """A classifier's scores on a large evaluation set: 1,000,000 samples, one in ten positive (exact in float32)."""
    labels = rng.random(1_000_000) < 0.1
    scores = 1 / (1 + np.exp(-(rng.standard_normal(1_000_000) + 1.5 * labels)))
    return _case(scores.astype(np.float32), labels), "1,000,000 scores, 10% positive"


KATA = api.Kata(
    call=call,
    checks=[check_scalar, check_in_unit_interval, check_value],
    cases=cases,
    edge_cases=edge_cases,
    same=same,
    max_examples=100,
    bench=bench,
)
