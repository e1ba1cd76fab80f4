"""Hostile inputs through the installed command: special files as arguments, options out of range,
closed pipes and stdout. Each test injects one input and checks the one-line message, the exit code,
and that nothing was lost or left behind."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import dlprep_exe

pytestmark = pytest.mark.fault
REFERENCE = Path(__file__).parent.parent / "katas" / "nms" / "reference.py"
SPECIAL = "not a regular file (a device, a pipe or a socket)"


def run(args, env, *, cwd=None, timeout=60, **kw):
    return subprocess.run([dlprep_exe(), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, **kw)


def one_line(proc, line: str, code: int = 2) -> None:
    """The command failed with exactly `error: line` on stderr, nothing on stdout, and exit `code`."""
    assert (proc.returncode, proc.stderr) == (code, f"error: {line}\n"), proc.stderr
    assert proc.stdout == ""


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.py"
    os.mkfifo(path)
    return path


# ---- special files as arguments ----------------------------------------------------------------

@pytest.mark.parametrize("args", [["kata", "nms", "{f}"], ["decks", "check", "{f}"], ["quiz", "--deck-path", "{f}"],
                                  ["progress", "import", "{f}"]])
def test_dev_zero_is_refused_without_reading_it(cli_env, dlprep_home, args):
    proc = run([a.format(f="/dev/zero") for a in args], cli_env, timeout=20)
    reason = "not a regular file or a folder" if args[0] in ("decks", "quiz") else SPECIAL
    one_line(proc, f"/dev/zero: {reason}")
    assert not (dlprep_home / "progress.db").exists()


@pytest.mark.parametrize("args", [["kata", "nms", "{f}"], ["decks", "check", "{f}"], ["quiz", "--deck-path", "{f}"],
                                  ["progress", "import", "{f}"]])
def test_a_fifo_is_refused_without_hanging(cli_env, fifo, args):
    proc = run([a.format(f=fifo) for a in args], cli_env, timeout=20)
    reason = "not a regular file or a folder" if args[0] in ("decks", "quiz") else SPECIAL
    one_line(proc, f"{fifo}: {reason}")


def test_an_oversized_submission_is_refused(tmp_path, cli_env):
    big = tmp_path / "nms.py"
    big.write_bytes(b"#" * (2 << 20))
    one_line(run(["kata", "nms", str(big)], cli_env), f"{big}: is {2 << 20} bytes, over the 1048576-byte limit")


# ---- options out of range (every one a one-line usage error) -----------------------------------

@pytest.mark.parametrize(("args", "line"), [
    (["kata", "nms", "--timeout", "inf"], "--timeout must be between 0.1 and 3600, got inf"),
    (["kata", "nms", "--timeout", "nan"], "--timeout must be between 0.1 and 3600, got nan"),
    (["kata", "nms", "--timeout", "1e308"], "--timeout must be between 0.1 and 3600, got 1e+308"),
    (["mock", "--minutes", "nan"], "--minutes must be between 5 and 600, got nan"),
    (["mock", "--minutes", "1e12"], "--minutes must be between 5 and 600, got 1000000000000.0"),
    (["plan", "--target", "0.8"], "no interview date is set: give --interview YYYY-MM-DD with --target, --deck or --tag"),
    (["plan", "--interview", "{soon}", "--target", "1.5"], "--target must be a number between 0 and 1 (exclusive), got 1.5"),
    (["quiz", "--tag", "zzqqxx"], "no question has the tag 'zzqqxx', nor one close to it"),
    (["quiz", "--tag", "detectoin"], "no question has the tag 'detectoin' (close: detection, detection-basics, set-prediction)"),
])
def test_options_out_of_range(tmp_path, cli_env, dlprep_home, args, line):
    import datetime

    soon = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    proc = run([a.format(soon=soon) for a in args], cli_env, cwd=cwd)
    assert (proc.returncode, proc.stderr) == (2, f"error: {line}\n")
    assert not list(cwd.iterdir())  # no starter written, nothing else either


def test_an_interview_in_year_9999_is_refused(cli_env):
    proc = run(["plan", "--interview", "9999-12-31"], cli_env)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: the interview date 9999-12-31 is more than ")
    assert proc.stderr.endswith(" days away; plan for a nearer date\n")


# ---- closed stdout, closed pipes -----------------------------------------------------------------

@pytest.fixture
def graded_home(cli_env, dlprep_home, tmp_path):
    """A home with a passed and a failed attempt, so `stats` has a full dashboard to write."""
    ok = tmp_path / "ok.py"
    ok.write_text(REFERENCE.read_text())
    bad = tmp_path / "bad.py"
    bad.write_text("def nms(boxes, scores, iou_threshold):\n    return []\n")
    assert run(["kata", "nms", str(ok)], cli_env).returncode == 0
    assert run(["kata", "nms", str(bad)], cli_env).returncode == 1
    return ok, bad


def test_closed_stdout_is_not_a_failure(cli_env, graded_home):
    ok, bad = graded_home
    for args, code in ((["stats"], 0), (["kata", "nms", str(ok)], 0), (["kata", "nms", str(bad)], 1), (["doctor"], 0)):
        proc = subprocess.run(["/bin/bash", "-c", 'exec "$0" "$@" >&-', dlprep_exe(), *args], env=cli_env,
                              stderr=subprocess.PIPE, text=True, timeout=60)
        assert (proc.returncode, proc.stderr) == (code, ""), (args, proc.stderr)


def _closed_reader(args, env):
    """Run dlprep with stdout a pipe whose reading end is already closed: every write fails with EPIPE."""
    r, w = os.pipe()
    os.close(r)
    try:
        return subprocess.run([dlprep_exe(), *args], env=env, stdout=w, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(w)


@pytest.mark.parametrize("args", [["stats"], ["stats", "--json"], ["kata", "list"], ["doctor"]])
def test_a_reader_that_went_away_is_not_a_failure(cli_env, graded_home, args):
    proc = _closed_reader(args, cli_env)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_a_grading_piped_into_a_closed_reader_keeps_its_verdicts_code(cli_env, graded_home, dlprep_home):
    ok, bad = graded_home
    assert (_closed_reader(["kata", "nms", str(ok)], cli_env).returncode, _closed_reader(["kata", "nms", str(bad)], cli_env).returncode) == (0, 1)
    import sqlite3

    assert sqlite3.connect(dlprep_home / "progress.db").execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 4


@pytest.mark.parametrize("command", ["stats", "kata nms {ok}", "kata list"])
def test_head_1_is_not_a_failure(cli_env, graded_home, command):
    ok, _ = graded_home
    script = f'"{dlprep_exe()}" {command.format(ok=ok)} | head -1; exit "${{PIPESTATUS[0]}}"'
    proc = subprocess.run(["/bin/bash", "-c", script], env=cli_env, capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (0, "") and proc.stdout.count("\n") == 1


# ---- decks people share --------------------------------------------------------------------------

EVIL_DECK = r'''format: 1
deck: evil
title: {en: "Evil\e]0;owned\a", zh: 恶意}
questions:
  - id: evil.q1
    type: numeric
    tags: [x]
    difficulty: easy
    prompt: {en: "Type 1\e]52;c;aGVsbG8=\a\e[2J\e[8m now", zh: "输入 1"}
    answer: {en: "1", zh: "1"}
    value: 1
'''


def test_terminal_sequences_in_a_shared_deck_never_reach_the_terminal(tmp_path, cli_env):
    deck = tmp_path / "evil.yaml"
    deck.write_text(EVIL_DECK, encoding="utf-8")
    check = run(["decks", "check", str(deck)], cli_env)
    assert check.returncode == 2
    assert [line for line in check.stdout.splitlines() if line.startswith(str(deck))] == [
        f"{deck}:3: text contains terminal control characters or escape sequences; they were removed",
        f"{deck}:9: text contains terminal control characters or escape sequences; they were removed",
    ]
    listed = run(["decks", "list", "--deck-path", str(deck)], cli_env)
    quiz = run(["quiz", "--deck-path", str(deck), "--deck", "evil", "--limit", "1"], cli_env, input="1\n")
    assert listed.returncode == 0 and quiz.returncode == 0
    for out in (listed.stdout, quiz.stdout, quiz.stderr):
        assert not {"\x1b", "\x07", "\x9b", "\x9d"} & set(out)
    assert "Evil" in listed.stdout and "Type 1 now" in quiz.stdout


MEASURE = """
import resource, subprocess, sys, time
start = time.monotonic()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(proc.returncode, round(time.monotonic() - start, 3), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(proc.stdout + proc.stderr)
"""


def test_a_two_million_item_deck_is_refused_before_it_is_built(tmp_path, cli_env):
    """4 MB, two million list items: used to peak at 1.4 GB and 6 s on first load."""
    import sys

    deck = tmp_path / "big.yaml"
    deck.write_text("format: 1\ndeck: big\nitems: [" + "1," * 2_000_000 + "1]\n")
    for args in (["decks", "check", str(deck)], ["quiz", "--deck-path", str(deck), "--limit", "1"]):
        proc = subprocess.run([sys.executable, "-c", MEASURE, dlprep_exe(), *args], env=cli_env, capture_output=True,
                              text=True, timeout=120, stdin=subprocess.DEVNULL)
        code, seconds, max_kb = proc.stdout.split("\n", 1)[0].split()
        assert f"{deck}:1: the file holds more than 300000 values" in proc.stdout
        assert float(seconds) < 5 and int(max_kb) < 300_000, (seconds, max_kb)


@pytest.mark.parametrize(("text", "line"), [
    ("x: [" + "1," * 25_000 + "1]\n", "1: a list or mapping has more than 20000 entries"),
    ("x: {" + ", ".join(f"k{i}: 1" for i in range(25_000)) + "}\n", "1: a list or mapping has more than 20000 entries"),
    ("x: " + "[" * 30_000 + "]" * 30_000 + "\n", "1: nesting deeper than 64 levels"),
])
def test_deck_bounds_are_reported_with_file_and_line(tmp_path, cli_env, text, line):
    deck = tmp_path / "bounded.yaml"
    deck.write_text(text)
    proc = run(["decks", "check", str(deck)], cli_env)
    assert proc.returncode == 2 and f"{deck}:{line}" in proc.stdout.splitlines()
