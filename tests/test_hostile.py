"""Hostile inputs through the installed command: special files as arguments, options out of range,
closed pipes and stdout. Each test injects one input and checks the one-line message, the exit code,
and that nothing was lost or left behind."""

from __future__ import annotations

import os
import subprocess
import threading
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
    (["quiz", "--tag", "nonexistent"], "no question has the tag 'nonexistent' (close: -)"),
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
