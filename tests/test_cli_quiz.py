"""A whole quiz driven through CliRunner input, with the database checked afterwards."""

from __future__ import annotations

import sqlite3

import pytest

DECK = """format: 1
deck: tiny
title: {en: Tiny, zh: 小题库}
questions:
  - id: tiny.choice
    type: choice
    tags: [alpha]
    difficulty: easy
    prompt: {en: "Which letter is a vowel?", zh: "哪个字母是元音？"}
    answer: {en: "A is a vowel.", zh: "A 是元音。"}
    choices: [{en: "A", zh: "A"}, {en: "B", zh: "B"}, {en: "C", zh: "C"}]
    correct: [A]
  - id: tiny.numeric
    type: numeric
    tags: [beta]
    difficulty: easy
    prompt: {en: "What is 1/4 as a decimal?", zh: "1/4 写成小数是多少？"}
    answer: {en: "0.25", zh: "0.25"}
    value: 0.25
  - id: tiny.recall
    type: recall
    tags: [alpha]
    difficulty: medium
    prompt: {en: "Why normalise inputs?", zh: "为什么要归一化输入？"}
    answer: {en: "Similar scales make gradient descent converge faster.", zh: "尺度相近能让梯度下降更快收敛。"}
    key_points:
      - {en: "similar scales", zh: "尺度相近", keywords: [scale, 尺度]}
      - {en: "faster convergence", zh: "收敛更快", keywords: [converge, faster, 收敛]}
    pitfalls:
      - claim: {en: "Trees need it too.", zh: "树模型也需要。"}
        truth: {en: "Tree splits do not depend on feature scale.", zh: "树的分裂与特征尺度无关。"}
"""


@pytest.fixture
def deck(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def _rows(home):
    conn = sqlite3.connect(home / "progress.db")
    return conn.execute("SELECT item, rating, correct, answer FROM reviews ORDER BY id").fetchall()


def test_a_whole_quiz(invoke, deck, dlprep_home):
    # choice: an invalid answer is re-asked, then "a"; numeric: help, then 1/4; recall: typed answer, Enter = suggestion
    keys = "z\na\n?\n1/4\nscales make it converge faster\n\n"
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", "--limit", "5", input=keys)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Answer with the letter(s)" in out
    assert "s = skip" in out  # the help
    assert out.count("✓ correct") == 2
    assert "Reference answer:" in out and "✓ similar scales" in out
    assert "Often claimed: Trees need it too." in out
    assert "Done: 3 answered, 2/2 auto-graded correct, 0 skipped" in out
    assert "\x1b[" not in out  # not a TTY: plain text
    assert _rows(dlprep_home) == [
        ("tiny.choice", 3, 1, "a"),
        ("tiny.numeric", 3, 1, "1/4"),
        ("tiny.recall", 4, None, "scales make it converge faster"),
    ]
    conn = sqlite3.connect(dlprep_home / "progress.db")
    assert conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 3


def test_wrong_answers_rate_again_and_manual_rating_wins(invoke, deck, dlprep_home):
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input="b\n0.3\n\n2\n")
    assert result.exit_code == 0, result.output
    assert "Correct: A" in result.output and "Answer: 0.25" in result.output
    assert [(r[0], r[1], r[2]) for r in _rows(dlprep_home)] == [
        ("tiny.choice", 1, 0), ("tiny.numeric", 1, 0), ("tiny.recall", 2, None)]


def test_skip_and_quit_keep_what_was_answered(invoke, deck, dlprep_home):
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input="s\n0.25\nq\n")
    assert result.exit_code == 0
    assert "1 answered" in result.output and "1 skipped" in result.output
    assert [r[0] for r in _rows(dlprep_home)] == ["tiny.numeric"]


def test_end_of_input_ends_the_session_cleanly(invoke, deck, dlprep_home):
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input="a\n")
    assert result.exit_code == 0
    assert len(_rows(dlprep_home)) == 1


def test_tag_filter_and_chinese(invoke, deck):
    result = invoke("quiz", "--deck-path", str(deck), "--tag", "beta", "--lang", "zh", input="0.25\n")
    assert "1/4 写成小数是多少？" in result.output
    assert "完成：作答 1 题" in result.output


def test_due_mode_with_nothing_due(invoke, deck):
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", "--mode", "due")
    assert result.exit_code == 0
    assert "Nothing to review right now" in result.output


def test_editing_a_question_keeps_its_schedule(invoke, deck, dlprep_home):
    invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input="a\n0.25\nq\n")
    deck.write_text(DECK.replace("Which letter is a vowel?", "Which of these letters is a vowel?"), encoding="utf-8")
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", "--mode", "new", input="q\n")
    assert "Which of these letters" not in result.output  # already scheduled, so not new
    assert "Why normalise inputs?" in result.output


def test_generated_family_shows_a_worked_solution(invoke, dlprep_home):
    result = invoke("quiz", "--deck", "calculations", "--tag", "iou", "--seed", "4", input="0.5\n")
    assert result.exit_code == 0
    assert "Worked solution:" in result.output and "intersection =" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--limit", "-1"], "error: --limit must be at least 1, got -1\n"),
    (["--lang", "de"], "error: unknown language 'de' (choose en or zh)\n"),
    (["--deck", "nope"], "error: unknown deck 'nope'"),
    (["--mode", "sometimes"], "error: unknown mode 'sometimes' (choose all, due, new, cram)\n"),
])
def test_bad_options_are_one_line_usage_errors(invoke, args, message):
    result = invoke("quiz", *args)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert result.output.count("\n") == 1
