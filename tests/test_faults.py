"""Fault injection with real processes: kill -9 mid-quiz and mid-grading, concurrent quizzes, broken
decks as user decks, a corrupt or newer database, an unwritable home, bad command-line input."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import dlprep_exe
from dlprep.store.migrations import CURRENT

pytestmark = [pytest.mark.fault, pytest.mark.slow]
DECKS = Path(__file__).parent / "fixtures" / "decks"
REFERENCE = Path(__file__).parent.parent / "katas" / "nms" / "reference.py"


def _deck(tmp_path, n=12):
    """A deck of n numeric questions whose answer is always 1."""
    lines = ["format: 1", "deck: faults", "title: {en: Faults, zh: 故障}", "questions:"]
    for i in range(n):
        lines += [f"  - id: f.q{i}", "    type: numeric", "    tags: [x]", "    difficulty: easy",
                  f'    prompt: {{en: "Q{i}: type 1", zh: "题 {i}：输入 1"}}', '    answer: {en: "1", zh: "1"}', "    value: 1"]
    path = tmp_path / "faults.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Quiz:
    """A `dlprep quiz` process answered one line at a time, waiting for each next prompt."""

    def __init__(self, env, deck, limit):
        self.proc = subprocess.Popen([dlprep_exe(), "quiz", "--deck-path", str(deck), "--deck", "faults",
                                      "--limit", str(limit), "--new", str(limit)],
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.seen = b""
        self.wait_prompt(1)

    def wait_prompt(self, count, timeout=20):
        deadline = time.monotonic() + timeout
        while self.seen.count(b"Number > ") < count:
            assert time.monotonic() < deadline, self.seen[-500:]
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            assert chunk, (self.seen[-500:], self.proc.stderr.read())
            self.seen += chunk

    def answer(self, n):
        self.proc.stdin.write(b"1\n")
        self.proc.stdin.flush()
        self.wait_prompt(n + 1)  # the next prompt shows only after the answer was stored


def _reviews(home):
    conn = sqlite3.connect(home / "progress.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]


def test_kill_9_mid_quiz_keeps_every_answer(tmp_path, cli_env, dlprep_home, rows_lost):
    quiz = Quiz(cli_env, _deck(tmp_path), limit=10)
    for n in range(1, 6):
        quiz.answer(n)
    quiz.proc.send_signal(signal.SIGKILL)
    quiz.proc.wait()
    stored = _reviews(dlprep_home)
    rows_lost(max(0, 5 - stored))
    assert stored == 5


def test_two_quizzes_at_once_store_every_review(tmp_path, cli_env, dlprep_home, rows_lost):
    deck = _deck(tmp_path)
    a, b = Quiz(cli_env, deck, limit=8), Quiz(cli_env, deck, limit=8)
    for n in range(1, 8):
        a.answer(n)
        b.answer(n)
    for q in (a, b):
        q.proc.stdin.write(b"1\n")
        q.proc.stdin.close()
        assert q.proc.wait(timeout=20) == 0
    stored = _reviews(dlprep_home)
    rows_lost(max(0, 16 - stored))
    assert stored == 16


def test_processes_creating_the_database_at_once_all_succeed(tmp_path, cli_env):
    # the first start creates the tables; starts racing it must wait for it, not take its tables for another program's
    for round_ in range(4):
        env = dict(cli_env, DLPREP_HOME=str(tmp_path / f"home{round_}"))
        procs = [subprocess.Popen([dlprep_exe(), "plan", "--clear"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for _ in range(6)]
        errs = [(p.wait(timeout=60), p.stderr.read()) for p in procs]
        assert errs == [(0, "")] * 6
        conn = sqlite3.connect(tmp_path / f"home{round_}" / "progress.db")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT


def test_kill_9_during_grading_leaves_a_sound_store(tmp_path, cli_env, dlprep_home):
    recorded = []
    for delay in (0.3, 0.8, 1.3):
        proc = subprocess.Popen([dlprep_exe(), "kata", "nms", str(REFERENCE), "--json"], env=cli_env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        db = dlprep_home / "progress.db"
        if db.exists():
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = conn.execute("SELECT verdict, duration_s, sha256 FROM attempts").fetchall()
            assert all(r[0] == "pass" and r[1] > 0 and len(r[2]) == 64 for r in rows)  # whole or absent
            recorded.append(len(rows))
        time.sleep(0.3)  # the worker's watchdog needs a moment to take the process group down
        left = subprocess.run(["pgrep", "-f", str(REFERENCE)], capture_output=True, text=True).stdout.split()
        assert left == [], "the worker outlived the grader"
    # each kill either landed its attempt whole or not at all: the count never drops or jumps
    assert all(b - a in (0, 1) for a, b in zip([0, *recorded], recorded)), recorded
    proc = subprocess.run([dlprep_exe(), "kata", "list", "--json"], env=cli_env, capture_output=True, text=True)
    assert proc.returncode == 0


@pytest.mark.parametrize("name", sorted(p.name for p in DECKS.glob("*.yaml")))
def test_a_broken_user_deck_never_breaks_the_shipped_ones(tmp_path, cli_env, dlprep_home, name):
    (dlprep_home / "decks").mkdir(parents=True)
    shutil.copy(DECKS / name, dlprep_home / "decks" / name)
    proc = subprocess.run([dlprep_exe(), "decks", "list", "--json"], env=cli_env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert any(d["deck"] == "calculations" and d["source"] == "shipped" for d in data["decks"])
    assert any(name in p for p in data["problems"])


def test_newer_database_is_refused_untouched(cli_env, dlprep_home):
    from dlprep.store import migrations

    dlprep_home.mkdir(parents=True)
    db = dlprep_home / "progress.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrations.migrate(conn, None, 0, backup=False)  # dlprep's tables and application id, as a newer dlprep keeps them
    conn.execute("CREATE TABLE future (x)")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = db.read_bytes()
    proc = subprocess.run([dlprep_exe(), "stats"], env=cli_env, capture_output=True, text=True)
    assert proc.returncode == 2
    from dlprep.store import migrations

    assert proc.stderr == (f"error: {db} was written by a newer dlprep (schema 99, this version reads up to {migrations.CURRENT}); "
                           "upgrade dlprep — the file was not changed\n")
    assert db.read_bytes() == before and not (dlprep_home / "progress.db-wal").exists()


def test_corrupt_database_is_never_replaced(cli_env, dlprep_home):
    dlprep_home.mkdir(parents=True)
    db = dlprep_home / "progress.db"
    db.write_bytes(b"this is not a database" * 100)
    proc = subprocess.run([dlprep_exe(), "kata", "list"], env=cli_env, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: {db} is not a readable dlprep database")
    assert "move it aside" in proc.stderr and proc.stderr.count("\n") == 1
    assert db.read_bytes() == b"this is not a database" * 100


def test_unwritable_home_is_a_usage_error(tmp_path, cli_env):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    env = dict(cli_env, DLPREP_HOME=str(blocker / "home"))
    proc = subprocess.run([dlprep_exe(), "quiz"], env=env, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == f"error: data directory {blocker / 'home'} is not writable (Not a directory); set DLPREP_HOME to a writable folder\n"


def test_migration_backs_up_an_older_database(dlprep_home):
    from dlprep.store import migrations, open_db

    dlprep_home.mkdir(parents=True)
    db = dlprep_home / "progress.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    migrations.m001_initial(conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO meta VALUES ('keep', 'me')")
    conn.execute("COMMIT")
    conn.close()
    open_db()
    backup = dlprep_home / "progress.db.v1.bak"
    assert backup.exists()
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT key, value FROM meta").fetchall() == [("keep", "me")]
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == migrations.CURRENT


@pytest.mark.parametrize(("args", "first_line"), [
    (["kata", "nmss"], "error: unknown kata 'nmss' (did you mean 'nms'?)"),
    (["quiz", "--deck", "nope"], "error: unknown deck 'nope'"),
    (["kata", "nms", "."], "error: .: is a directory, expected a Python file"),
    (["quiz", "--limit", "-3"], "error: --limit must be between 1 and 10000, got -3"),
    (["quiz", "--lang", "fr"], "error: --lang must be one of en, zh, got 'fr'"),
    (["stats", "--since", "tomorrow"], "error: --since must be a date like 2026-12-15, got 'tomorrow'"),
])
def test_bad_command_line_input(tmp_path, cli_env, args, first_line):
    proc = subprocess.run([dlprep_exe(), *args], cwd=tmp_path, env=cli_env, capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith(first_line) and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_unreadable_file_is_a_usage_error(tmp_path, cli_env):
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    sub = tmp_path / "nms.py"
    sub.write_text("def nms(b, s, t): return []\n")
    sub.chmod(0)
    proc = subprocess.run([dlprep_exe(), "kata", "nms", str(sub)], env=cli_env, capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr == f"error: {sub}: cannot be read\n"
