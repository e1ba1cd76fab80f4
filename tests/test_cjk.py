"""The stray-space detector for Chinese text, and the shipped decks checked with it."""

from __future__ import annotations

import pytest

from dlprep.deck.cjk import is_cjk, is_cjk_punctuation, stray_spaces
from dlprep.deck.loader import load_decks


@pytest.mark.parametrize(
    ("text", "offsets"),
    [
        ("全部概率 质量", [4]),  # a folded line break between two ideographs
        ("全部概率  质量", [4, 5]),  # every character of the run
        ("全部概率\t质量", [4]),
        ("全部概率\u3000质量", [4]),  # ideographic space
        ("因此， 输出", [3]),  # after full-width punctuation
        ("因此， ReLU", [3]),  # after punctuation even when Latin follows
        ("结果。 ", [3]),  # trailing, after punctuation
        ("（见下） 文", [4]),
        ("中 。", [1]),  # before punctuation, between two CJK characters
        ("一 二 三", [1, 3]),
        ("ひらがな カタカナ", [4]),
        ("한국 어", [2]),
    ],
)
def test_reports_stray_spaces(text, offsets):
    assert stray_spaces(text) == offsets


@pytest.mark.parametrize(
    "text",
    [
        "",
        "全部概率质量",
        "使用 ReLU 激活",  # space between Chinese and Latin is conventional
        "卷积核 3×3，步长 2",
        "共 30,784 个参数",
        "see the 中文 text",
        " 开头的空格",  # leading whitespace has nothing before it
        "结尾的空格 ",  # trailing whitespace after a letter is not between two CJK characters
        "第一段。\n第二段",  # a line break that survived loading was written on purpose
        "代码：\n\n    x = 1",
        "English text, with punctuation. And spaces.",
        "“残差” 连接",  # curly quotes are shared with English and not treated as CJK
        "a — b",
    ],
)
def test_leaves_conventional_spacing_alone(text):
    assert stray_spaces(text) == []


def test_character_classes():
    assert is_cjk("中") and is_cjk("，") and is_cjk("。") and is_cjk("〇")
    assert is_cjk_punctuation("；") and is_cjk_punctuation("、") and is_cjk_punctuation("）")
    assert not is_cjk_punctuation("中")
    assert not is_cjk("a") and not is_cjk("3") and not is_cjk(",") and not is_cjk("×") and not is_cjk(" ")


def _zh_texts(question):
    yield "prompt", question.prompt.get("zh", "")
    yield "answer", question.answer.get("zh", "")
    for i, point in enumerate(question.key_points):
        yield f"key point {i + 1}", point.zh
    for i, choice in enumerate(question.choices):
        yield f"choice {'ABCDEFGH'[i]}", choice["zh"]
    for i, pitfall in enumerate(question.pitfalls):
        yield f"pitfall {i + 1} claim", pitfall["claim"]["zh"]
        yield f"pitfall {i + 1} truth", pitfall["truth"]["zh"]


def test_shipped_decks_have_no_stray_spaces_in_chinese():
    decks = load_decks(include_user=False, use_cache=False)
    bad = []
    for q in decks.questions:
        for where, text in _zh_texts(q):
            for offset in stray_spaces(text):
                bad.append(f"{q.id} {where}: …{text[max(0, offset - 8):offset + 8]}…")
    assert not bad, "\n".join(bad)
