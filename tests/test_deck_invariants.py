"""The recall-grading contract over every shipped question, in both languages, judged as the quiz judges.

- the reference answer states every key point and no misconception, so it is suggested Good or better;
- the prompt typed back states no key point (a handful of justified exceptions below) and is never
  suggested above Hard;
- every pitfall's claim is named as that misconception and suggested at most Hard;
- correct answers written independently of the reference (tests/fixtures/recall_answers/<deck>.yaml,
  short and long, for at least a third of the recall questions in each language) are never suggested
  Again;
- the wrong answers reviewers typed (misconceptions, keyword salads) are never suggested Good.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dlprep.deck.loader import load_decks
from dlprep.quiz import recall
from dlprep.schedule import Rating

DECKS = load_decks(include_user=False, use_cache=False)
RECALL = [q for q in DECKS.questions if q.type == "recall"]
LANGS = ("en", "zh")
CASES = [(q, lang) for q in RECALL for lang in LANGS]
IDS = [f"{q.id}-{lang}" for q, lang in CASES]
ANSWERS = Path(__file__).parent / "fixtures" / "recall_answers"

# (question id, language): why the prompt itself states a key point, kept deliberately
ECHO_EXCEPTIONS: dict[tuple[str, str], str] = {}


def judge(q, text):
    found = recall.judge(text, q.key_points, q.pitfalls, q.prompt)
    return found, found.suggestion(len(q.key_points))[0]


@pytest.mark.parametrize(("q", "lang"), CASES, ids=IDS)
def test_reference_answer_covers_its_key_points(q, lang):
    found, suggested = judge(q, q.answer[lang])
    missed = [q.key_points[i].en for i in range(len(q.key_points)) if i not in found.covered]
    assert not missed, missed
    assert found.misconception is None, q.pitfalls[found.misconception]["claim"][lang]
    assert suggested >= Rating.GOOD


@pytest.mark.parametrize(("q", "lang"), CASES, ids=IDS)
def test_prompt_typed_back_earns_nothing(q, lang):
    found, suggested = judge(q, q.prompt[lang])
    if (q.id, lang) not in ECHO_EXCEPTIONS:
        assert found.covered == [], [q.key_points[i].en for i in found.covered]
    assert suggested is None or suggested <= Rating.HARD


def test_echo_exceptions_are_few_and_still_exist():
    assert len(ECHO_EXCEPTIONS) <= 8
    assert {q for q, _ in ECHO_EXCEPTIONS} <= set(DECKS.by_id)


@pytest.mark.parametrize(("q", "lang"), CASES, ids=IDS)
def test_every_pitfall_claim_is_named(q, lang):
    for i, pitfall in enumerate(q.pitfalls):
        assert pitfall["detect"], f"pitfall {i + 1} has no detect expressions"
        found, suggested = judge(q, pitfall["claim"][lang])
        assert i in found.misconceptions, pitfall["claim"][lang]
        assert suggested <= Rating.HARD


def _independent():
    found = {}
    for path in sorted(ANSWERS.glob("*.yaml")):
        for qid, by_lang in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            for lang, forms in by_lang.items():
                for form, text in forms.items():
                    found[(qid, lang, form)] = text
    return found


INDEPENDENT = _independent()


def test_independent_answers_cover_a_third_of_recall_questions_in_each_language():
    for lang in LANGS:
        answered = {qid for qid, lg, _ in INDEPENDENT if lg == lang}
        assert answered <= set(DECKS.by_id)
        assert len(answered) * 3 >= len(RECALL), (lang, len(answered), len(RECALL))
        forms = {(qid, form) for qid, lg, form in INDEPENDENT if lg == lang}
        assert {f for _, f in forms} == {"short", "long"}


@pytest.mark.parametrize("key", sorted(INDEPENDENT), ids=["-".join(k) for k in sorted(INDEPENDENT)])
def test_independent_correct_answers_are_never_suggested_again(key):
    qid, lang, form = key
    q = DECKS.by_id[qid]
    found, suggested = judge(q, INDEPENDENT[key])
    assert found.covered, "no key point credited"
    assert suggested is not None and suggested > Rating.AGAIN
    assert found.misconception is None


REVIEWERS_WRONG = [
    ("det.precision-recall", "precision = TP/(TP+FN), recall = TP/(TP+FP); F1 is their harmonic mean"),
    ("tree.bagging-boosting", "bagging reduces bias and boosting reduces variance"),
    ("arch.inception", "Inception-v4 is Inception plus ResNet residual connections"),
    ("attn.scaled-dot-product", "we divide by the square root of d_k to prevent overflow"),
    ("fw.train-eval-no-grad", "model.eval() turns off autograd so no gradients are computed"),
    ("act.relu-variants", "relu leaky prelu elu gelu negative slope"),
]


@pytest.mark.parametrize(("qid", "answer"), REVIEWERS_WRONG, ids=[q for q, _ in REVIEWERS_WRONG])
def test_reviewers_wrong_answers_are_not_suggested_good(qid, answer):
    q = DECKS.by_id[qid]
    _, suggested = judge(q, answer)
    assert suggested <= Rating.HARD


SALADS = ["relu leaky prelu elu gelu negative slope gradient", "卷积 池化 全连接 softmax 激活 我随便写的"]


@pytest.mark.parametrize("salad", SALADS)
def test_keyword_salads_are_never_suggested_above_hard(salad):
    for q in RECALL:
        _, suggested = judge(q, salad)
        assert suggested <= Rating.HARD, q.id
