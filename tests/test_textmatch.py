"""Match expressions: words not substrings, negation, order, Chinese, spelling and width folding."""

from __future__ import annotations

import pytest

from dlprep.quiz.recall import is_list
from dlprep.quiz.textmatch import ExpressionError, compile_expression, match, prepare

CASES = [
    ("linear + collapse|single|one|compose*", "without nonlinearity the layers compose into one linear map", True),
    ("linear + collapse|single|one|compose*", "relu is non-linear and deep", False),
    ("convex", "the loss is non-convex", False),
    ("convex", "the loss is convex", True),
    ("convex", "the loss is not convex", False),
    ("convex", "the loss isn't convex", False),
    ("not convex", "the loss is not convex", True),
    ("elu", "relu leaky prelu", False),
    ("biased", "an unbiased estimate", False),
    ("xi", "maximize the margin", False),
    ("等价", "两者不等价", False),
    ("等价", "两者等价", True),
    ("不等价", "两者不等价", True),
    ("precision .. tp .. fp", "precision = TP/(TP+FN), recall = TP/(TP+FP)", False),
    ("precision .. tp .. fp", "precision = TP/(TP+FP)", True),
    ("bagging .. variance + boosting .. bias", "bagging reduces variance while boosting reduces bias", True),
    ("bagging .. variance + boosting .. bias", "bagging reduces bias, boosting variance", False),
    ("0.25|1/4|quarter", "peaks at one quarter", True),
    ("0.25|1/4|quarter", "the maximum is ０.２５", True),
    ("dead|dying|die", "neurons can die", True),
    ("每个token", "对每个 token 单独归一化", True),
    ("线性", "非线性激活", False),
    ("梯度消失", "不会导致梯度消失", False),
    ("尺度", "不同尺度的特征", True),
    ("normaliz*", "we normalise each row", True),
    ("overflow", "not only overflow but also underflow", True),
    ("centered", "zero-centred outputs", True),
]


@pytest.mark.parametrize(("expression", "answer", "expected"), CASES)
def test_match(expression, answer, expected):
    assert (match(compile_expression(expression), prepare(answer)) is not None) is expected


@pytest.mark.parametrize("bad", ["", "a |", "+ b", "   "])
def test_malformed_expressions_are_refused(bad):
    with pytest.raises(ExpressionError):
        compile_expression(bad)


@pytest.mark.parametrize(("answer", "listing"), [
    ("relu leaky prelu elu gelu negative slope", True),
    ("卷积 池化 全连接 softmax 激活 我随便写的", True),
    ("it saturates, so gradients vanish, and outputs are not zero-centred", False),
    ("ReLU 在正区间梯度恒为 1，不会饱和，计算也便宜", False),
    ("dead neurons", False),
])
def test_keyword_lists_are_told_from_sentences(answer, listing):
    assert is_list(answer, prepare(answer)) is listing
