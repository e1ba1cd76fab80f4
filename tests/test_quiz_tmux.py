"""`dlprep quiz` in a real terminal under tmux: send keys, read the screen, then check the database."""

from __future__ import annotations

import shlex
import shutil
import sqlite3
import subprocess
import time
import uuid

import pytest

from conftest import dlprep_exe
from test_cli_quiz import DECK

pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), pytest.mark.slow]


def _screen(session):
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def _wait_for(session, text, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = _screen(session)
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; screen:\n{_screen(session)}")


def _letter(seed, stored="A", reviews_done=0):
    from dlprep.quiz.session import option_order

    return "ABC"[option_order("tiny.choice", 3, seed, reviews_done).index("ABC".index(stored))]


def test_quiz_in_a_real_terminal(tmp_path, dlprep_home):
    """Shuffled options, the intervals on the rating prompt, a card rated Again coming back in the session,
    and undo, in a real terminal."""
    deck = tmp_path / "tiny.yaml"
    deck.write_text(DECK, encoding="utf-8")
    session = f"dlprep-{uuid.uuid4().hex[:8]}"
    command = (f"DLPREP_HOME={shlex.quote(str(dlprep_home))} {shlex.quote(dlprep_exe())} quiz "
               f"--deck-path {shlex.quote(str(deck))} --deck tiny; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "40", command], check=True)

    def send(*keys):
        subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)

    try:
        _wait_for(session, "Which letter is a vowel?")
        send(_letter(None, "B"), "Enter")  # wrong: Again, a one-minute learning step
        _wait_for(session, "Again: next review again in this session.")
        _wait_for(session, "What is 1/4 as a decimal?")
        send("0.25", "Enter")
        _wait_for(session, "Why normalise inputs?")
        send("it helps things converge", "Enter")
        screen = _wait_for(session, "Rate 1 again (")
        assert "4 easy (" in screen and "Enter = " in screen  # each button with its next interval
        send("3", "Enter")
        screen = _wait_for(session, "again, learning step")  # the Again card is back
        send(_letter(None, "A", reviews_done=1), "Enter")
        _wait_for(session, "Good: next review")
        _wait_for(session, "[2/3]")  # the numeric card's ten-minute step, shown early (nothing else is left)
        send("u", "Enter")
        _wait_for(session, "Undid the rating of the previous question")
        send("q", "Enter")
        screen = _wait_for(session, "Done: 3 answered")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    conn = sqlite3.connect(dlprep_home / "progress.db")
    rows = conn.execute("SELECT item, rating FROM reviews ORDER BY id").fetchall()
    assert rows == [("tiny.choice", 1), ("tiny.numeric", 3), ("tiny.recall", 3)]  # the undone review is gone


WIDE = """format: 1
deck: wide
title: {en: Wide, zh: 宽}
questions:
  - id: wide.recall
    type: recall
    tags: [gamma]
    difficulty: easy
    prompt: {en: "Why?", zh: "为什么？"}
    answer: {en: "Because.", zh: "因为。"}
    key_points:
      - en: "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
        zh: "批归一化在训练时使用当前小批量的均值和方差进行归一化而推理时改用训练中累积的滑动平均统计量"
        match: ["because", "因为"]
"""


def test_long_lines_keep_a_hanging_indent_and_chinese_wraps_by_width(tmp_path, dlprep_home):
    deck = tmp_path / "wide.yaml"
    deck.write_text(WIDE, encoding="utf-8")
    session = f"dlprep-{uuid.uuid4().hex[:8]}"
    command = (f"DLPREP_HOME={shlex.quote(str(dlprep_home))} {shlex.quote(dlprep_exe())} quiz --lang zh "
               f"--deck-path {shlex.quote(str(deck))} --deck wide; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "40", "-y", "40", command], check=True)
    try:
        _wait_for(session, "为什么？")
        subprocess.run(["tmux", "send-keys", "-t", session, "因为", "Enter"], check=True)
        screen = _wait_for(session, "评分")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    lines = screen.splitlines()
    first = next(i for i, line in enumerate(lines) if "1. 批归一化" in line)
    lead = lines[first].index("批")
    assert lines[first + 1].startswith(" " * lead) and lines[first + 1][lead] != " "  # continuation under the text
    import unicodedata

    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in lines[first].rstrip())
    assert width <= 40


def test_mock_interview_in_a_real_terminal(tmp_path, dlprep_home):
    """The countdown is on screen, recall is revealed on Enter and self-rated, the kata is graded."""
    deck = tmp_path / "tiny.yaml"
    deck.write_text(DECK, encoding="utf-8")
    reference = tmp_path.parent / "ref_nms.py"
    from dlprep.kata.spec import find

    reference.write_text((find("nms").path / "reference.py").read_text())
    session = f"dlprep-{uuid.uuid4().hex[:8]}"
    command = (f"cd {shlex.quote(str(tmp_path))} && DLPREP_HOME={shlex.quote(str(dlprep_home))} "
               f"{shlex.quote(dlprep_exe())} mock --minutes 12 --kata nms --deck-path {shlex.quote(str(deck))} "
               f"--deck tiny --seed 3; echo mock-exit-$?; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "110", "-y", "50", command], check=True)

    def send(*keys):
        subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)

    try:
        _wait_for(session, "Enter to start")
        send("Enter")
        answers = {"Which letter is a vowel?": [_letter(3)], "What is 1/4 as a decimal?": ["0.25"],
                   "Why normalise inputs?": ["", "4"]}
        for _ in range(3):
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                screen = _screen(session)
                last = max(((screen.rfind(p), p) for p in answers), default=(-1, None))
                if last[0] >= 0 and screen.rstrip().endswith(">"):
                    break
                time.sleep(0.1)
            assert "left]" in screen  # the countdown
            prompt = last[1]
            for key in answers.pop(prompt):
                send(key, "Enter")
                time.sleep(0.5)
        _wait_for(session, "Enter to grade nms_mock.py")
        send(str(reference), "Enter")
        # the report is printed line by line: wait for the process to end before reading it whole
        screen = _wait_for(session, "mock-exit-", timeout=30)
        assert "mock-exit-0" in screen
        assert "Mock interview report" in screen and "Score: 3/3" in screen and "Kata nms: pass" in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    conn = sqlite3.connect(dlprep_home / "progress.db")
    assert conn.execute("SELECT COUNT(*) FROM mocks").fetchone() == (1,)
    assert sorted(r[0] for r in conn.execute("SELECT item FROM reviews")) == ["tiny.choice", "tiny.numeric", "tiny.recall"]
