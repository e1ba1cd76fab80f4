"""Checks for roc_auc: one number in [0, 1], equal to the tie-averaged Mann-Whitney statistic.

Most generated score vectors take only a few distinct values (0, 0.5, 1, ...), so positives and
negatives tie often: that is where the classic mistakes differ from the right answer. Every score is
exact in float32, so a solution that casts to float32 sees exactly the same ties. The AUC is a count of
pairs divided by n_pos·n_neg (at most 64 here), so any wrong count is off by at least 1/128, far above
the tolerance.
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
        _case([0.25, 0.75], [0, 1]),  # one pair, ranked correctly: 1
        _case([0.75, 0.25], [0, 1]),  # one pair, ranked the wrong way: 0
        # three tied pairs with positives on both sides of the negative in input order: 4.5/6 = 0.75
        _case([0.5, 0.5, 0.5, 0.5, 0.0], [1, 0, 1, 1, 0], "float64"),
        _case([0.5, 0.5], [1, 0]),  # one tied pair: 1/2
        _case([0.9, 0.8, 0.4, 0.7, 0.3, 0.2], [1, 1, 1, 0, 0, 0]),  # 8 of 9 pairs: 8/9
        _case([1, 1, 1, 1], [True, False, False, True], "bool"),  # every score equal: 1/2
        _case([2, 0.5, 0.5, -1, 0.5, 2, -1], [0, 1, 0, 1, 1, 1, 0], "int32"),  # ties in two groups: 5/12
        _case([-1e4, 3e3, 1e4, 0.0], [0, 1, 1, 0], "uint8"),  # large scores, no ties: 1
    ]


def cases():
    from hypothesis import strategies as st

    @st.composite
    def draw(draw):
        n = draw(st.integers(2, 16))
        if draw(st.integers(0, 3)) < 3:  # mostly a few repeated levels: ties between classes
            k = draw(st.integers(1, 4))
            idx = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
            scores = [LEVELS[i] for i in idx]
        else:
            scores = draw(st.lists(st.floats(-1e4, 1e4, width=32), min_size=n, max_size=n))
        labels = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        if all(labels):  # both classes must be present
            labels[0] = False
        elif not any(labels):
            labels[0] = True
        return _case(scores, labels, draw(st.sampled_from(LABEL_DTYPES)))

    return draw()


def call(sub, case):
    return {"auc": sub.roc_auc(case["scores"], case["labels"])}


def _value(got):
    return float(as_array(got["auc"], "auc", ndim=0))


def check_scalar(case, got, want):
    _value(got)


def check_in_unit_interval(case, got, want):
    v = _value(got)
    if not -ATOL <= v <= 1.0 + ATOL:  # a sum of float terms may land a rounding step outside
        raise Mismatch(
            f"the AUC is {v:.6g}, outside [0, 1]: it is a fraction of (positive, negative) pairs",
            f"AUC 为 {v:.6g}，不在 [0, 1] 内：它是（正样本，负样本）对中的一个比例",
        )


def check_value(case, got, want):
    pos = case["labels"].astype(bool)
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    pairs = n_pos * n_neg
    try:
        assert_close(got["auc"], want["auc"], "auc", rtol=RTOL, atol=ATOL)
    except Mismatch as mismatch:
        v, w = _value(got), float(want["auc"])
        raise Mismatch(
            f"{mismatch.message['en']}. There are {n_pos} positives × {n_neg} negatives = {pairs} pairs; "
            f"{w * pairs:g} of them count as correctly ordered (a tie counts 1/2), giving {w:.6g}; "
            f"your value corresponds to {v * pairs:.6g} pairs",
            f"{mismatch.message['zh']}。共有 {n_pos} 个正样本 × {n_neg} 个负样本 = {pairs} 对；"
            f"其中排序正确的有 {w * pairs:g} 对（平局记 1/2），所以 AUC 为 {w:.6g}；你的结果相当于 {v * pairs:.6g} 对",
            mismatch.diff,
        ) from None


def same(a, b):
    """Two results agree when the AUCs agree within the tolerance."""
    try:
        return close_enough(a["auc"], b["auc"], rtol=RTOL, atol=ATOL)
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
