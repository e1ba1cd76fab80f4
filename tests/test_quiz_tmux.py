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
