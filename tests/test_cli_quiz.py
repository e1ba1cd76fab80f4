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
    references: "LeCun et al. 1998, Efficient BackProp"
    prompt: {en: "Why normalise inputs?", zh: "为什么要归一化输入？"}
    answer: {en: "Similar scales make gradient descent converge faster.", zh: "尺度相近能让梯度下降更快收敛。"}
    key_points:
      - {en: "similar scales", zh: "尺度相近", match: ["scale*|magnitude*", "尺度|量级"]}
      - {en: "faster convergence", zh: "收敛更快", match: ["converg*|faster|speed*", "收敛|更快"]}
    pitfalls:
      - claim: {en: "Trees need it too.", zh: "树模型也需要。"}
        truth: {en: "Tree splits do not depend on feature scale.", zh: "树的分裂与特征尺度无关。"}
        detect: ["tree* .. need*", "树 .. 需要"]
"""


def letter(seed, answer="A", reviews_done=0):
    """The letter at which option `answer` (stored A, B, C) is shown for this seed."""
    from dlprep.quiz.session import option_order

    order = option_order("tiny.choice", 3, seed, reviews_done)
    return "ABC"[order.index("ABC".index(answer))]


@pytest.fixture
def deck(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def _rows(home):
    conn = sqlite3.connect(home / "progress.db")
    return conn.execute("SELECT item, rating, correct, answer FROM reviews ORDER BY id").fetchall()


def test_a_whole_quiz(invoke, deck, dlprep_home):
    # choice: an invalid answer is re-asked, then the right letter; numeric: help, then 1/4; recall: a typed
    # answer and Enter for the suggestion; then the two cards in their learning step come back, and q ends it
    keys = f"z\n{letter(None)}\n?\n1/4\nscales make it converge faster\n\n{letter(None, reviews_done=1)}\n0.25\nq\n"
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", "--limit", "5", input=keys)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Answer with the letter(s)" in out
    assert "s = skip" in out  # the help
    assert out.count("✓ correct") == 4
    assert "Reference answer:" in out and "✓ 1. similar scales" in out and "✓ 2. faster convergence" in out
    assert "Suggested: Easy, because every key point (2 of 2 key points)." in out
    assert "Often claimed: Trees need it too." in out
    assert out.count("References: LeCun et al. 1998, Efficient BackProp") == 1  # only the recall card has some
    assert out.count("again, learning step") == 2  # the Good cards come back for their second step
    assert "Done: 5 answered (2 again in learning steps), 4/4 auto-graded correct, 0 skipped" in out
    assert "\x1b[" not in out  # not a TTY: plain text
    rows = _rows(dlprep_home)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("tiny.choice", 3, 1), ("tiny.numeric", 3, 1), ("tiny.recall", 4, None), ("tiny.choice", 3, 1), ("tiny.numeric", 3, 1)]
    assert rows[2][3] == "scales make it converge faster"


def test_choice_options_are_shuffled_and_map_back(invoke, deck, dlprep_home):
    wrong = letter(None, "B")
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input=f"{wrong}\nq\n")
    shown = [line for line in result.output.splitlines() if line.startswith("  ") and ") " in line][:3]
    assert sorted(line.split(") ")[1] for line in shown) == ["A", "B", "C"]
    assert f"Correct: {letter(None)}" in result.output and f"Not right: {wrong}" in result.output
    assert _rows(dlprep_home)[0][:3] == ("tiny.choice", 1, 0)


def test_choice_letters_typed_with_a_chinese_input_method(invoke, deck, dlprep_home):
    full_width = chr(ord(letter(None)) - ord("A") + ord("Ａ"))
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input=f"{full_width}\n３／４\nq\n")
    assert result.output.count("✓ correct") == 1 and "✗ not quite" in result.output  # 3/4 is not 0.25


def test_wrong_answers_rate_again_and_come_back_in_the_session(invoke, deck, dlprep_home):
    keys = f"{letter(None, 'B')}\n0.3\n\n2\n{letter(None, reviews_done=1)}\nq\n"
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input=keys)
    assert result.exit_code == 0, result.output
    assert "Answer: 0.25" in result.output
    assert "Nothing typed: rate yourself." in result.output
    assert "Again: next review again in this session." in result.output
    rows = [(r[0], r[1], r[2]) for r in _rows(dlprep_home)]
    assert rows == [("tiny.choice", 1, 0), ("tiny.numeric", 1, 0), ("tiny.recall", 2, None), ("tiny.choice", 3, 1)]


def test_a_blank_recall_answer_has_no_default_rating(invoke, deck, dlprep_home):
    result = invoke("quiz", "--deck-path", str(deck), "--tag", "alpha", "--deck", "tiny",
                    input=f"{letter(None)}\n\n\n\n3\nq\n")
    assert "Enter = " not in result.output.split("Why normalise inputs?")[1].split("Rate")[1].split(">")[0]
    assert result.output.count("Type 1, 2, 3 or 4") == 2  # Enter twice is not a rating
    assert [r[1] for r in _rows(dlprep_home)] == [3, 3]


def test_the_points_the_user_covered_decide_the_rating(invoke, deck, dlprep_home):
    result = invoke("quiz", "--deck-path", str(deck), "--tag", "alpha", "--deck", "tiny",
                    input=f"{letter(None)}\nscales\np 1 2\n\nq\n")
    assert "You covered 2 of 2: suggested Easy." in result.output
    assert [r[1] for r in _rows(dlprep_home)] == [3, 4]


def test_a_stated_misconception_is_named_and_capped_at_hard(invoke, deck, dlprep_home):
    result = invoke("quiz", "--deck-path", str(deck), "--tag", "alpha", "--deck", "tiny",
                    input=f"{letter(None)}\nsimilar scales converge faster, and trees need it too\n\nq\n")
    assert "This is the common misconception: Trees need it too." in result.output
    assert "Suggested: Hard, because it states a common misconception" in result.output
    assert [r[1] for r in _rows(dlprep_home)] == [3, 2]


def test_undo_takes_back_the_last_rating(invoke, deck, dlprep_home):
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny",
                    input=f"{letter(None, 'B')}\nu\n{letter(None)}\nq\n")
    assert "Undid the rating of the previous question" in result.output
    assert [(r[0], r[1]) for r in _rows(dlprep_home)] == [("tiny.choice", 3)]  # the Again is gone
    conn = sqlite3.connect(dlprep_home / "progress.db")
    assert conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 1


def test_skip_and_quit_keep_what_was_answered(invoke, deck, dlprep_home):
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input="s\n0.25\nq\n")
    assert result.exit_code == 0
    assert "Skipped (it stays due)." in result.output
    assert "1 answered" in result.output and "1 skipped" in result.output
    assert [r[0] for r in _rows(dlprep_home)] == ["tiny.numeric"]


def test_end_of_input_ends_the_session_cleanly(invoke, deck, dlprep_home):
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input=f"{letter(None)}\n")
    assert result.exit_code == 0
    assert len(_rows(dlprep_home)) == 1


def test_tag_filter_and_chinese(invoke, deck):
    result = invoke("quiz", "--deck-path", str(deck), "--tag", "beta", "--lang", "zh", input="0,25\nq\n")
    assert "1/4 写成小数是多少？" in result.output
    assert "✓ 正确" in result.output  # a decimal comma
    assert "完成：作答 1 次" in result.output


def test_due_mode_with_nothing_due(invoke, deck):
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", "--mode", "due")
    assert result.exit_code == 0
    assert "Nothing to review right now" in result.output


def test_editing_a_question_keeps_its_schedule(invoke, deck, dlprep_home):
    invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input=f"{letter(None)}\n0.25\nq\n")
    deck.write_text(DECK.replace("Which letter is a vowel?", "Which of these letters is a vowel?"), encoding="utf-8")
    result = invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", "--mode", "new", input="q\n")
    assert "Which of these letters" not in result.output  # already scheduled, so not new
    assert "Why normalise inputs?" in result.output


def test_generated_family_shows_a_worked_solution(invoke, dlprep_home):
    result = invoke("quiz", "--deck", "calculations", "--tag", "iou", "--seed", "4", input="0.5\nq\n")
    assert result.exit_code == 0
    assert "Worked solution:" in result.output and "=" in result.output.split("Worked solution:")[1]


@pytest.mark.parametrize(("args", "message"), [
    (["--limit", "-1"], "error: --limit must be between 1 and 10000, got -1\n"),
    (["--lang", "de"], "error: --lang must be one of en, zh, got 'de'\n"),
    (["--deck", "nope"], "error: unknown deck 'nope'"),
    (["--tag", "nope"], "error: no question has the tag 'nope'"),
    (["--mode", "sometimes"], "error: --mode must be one of all, due, new, cram, got 'sometimes'\n"),
])
def test_bad_options_are_one_line_usage_errors(invoke, args, message):
    result = invoke("quiz", *args)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert result.output.count("\n") == 1
