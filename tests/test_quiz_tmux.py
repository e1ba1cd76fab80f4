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

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


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


def test_quiz_in_a_real_terminal(tmp_path, dlprep_home):
    deck = tmp_path / "tiny.yaml"
    deck.write_text(DECK, encoding="utf-8")
    session = f"dlprep-{uuid.uuid4().hex[:8]}"
    command = (f"DLPREP_HOME={shlex.quote(str(dlprep_home))} {shlex.quote(dlprep_exe())} quiz "
               f"--deck-path {shlex.quote(str(deck))} --deck tiny; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "40", command], check=True)
    try:
        _wait_for(session, "Which letter is a vowel?")
        subprocess.run(["tmux", "send-keys", "-t", session, "A", "Enter"], check=True)
        _wait_for(session, "What is 1/4 as a decimal?")
        subprocess.run(["tmux", "send-keys", "-t", session, "0.25", "Enter"], check=True)
        _wait_for(session, "Why normalise inputs?")
        subprocess.run(["tmux", "send-keys", "-t", session, "it helps things converge", "Enter"], check=True)
        _wait_for(session, "Rate 1 again")
        subprocess.run(["tmux", "send-keys", "-t", session, "3", "Enter"], check=True)
        screen = _wait_for(session, "Done: 3 answered")
        assert "2/2 auto-graded correct" in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    conn = sqlite3.connect(dlprep_home / "progress.db")
    rows = conn.execute("SELECT item, rating FROM reviews ORDER BY id").fetchall()
    assert rows == [("tiny.choice", 3), ("tiny.numeric", 3), ("tiny.recall", 3)]


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
        answers = {"Which letter is a vowel?": ["A"], "What is 1/4 as a decimal?": ["0.25"],
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
