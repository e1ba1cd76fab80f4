"""The grader's promises about processes, with real processes: nothing it starts outlives it (Ctrl-C,
kill -9), the worker sees no descriptor of ours, and gradings run at the same time rate a round once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import dlprep_exe

pytestmark = pytest.mark.slow

HANGS = '''
import os, time

def nms(boxes, scores, iou_threshold):
    if os.fork() == 0:  # a child of the submission, blocked too
        time.sleep(600)
        os._exit(0)
    time.sleep(600)
'''


def _alive(pattern: str) -> list[str]:
    out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
    return [p for p in out if p != str(os.getpid())]


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _start(tmp_path: Path, cli_env: dict, source: str) -> tuple[subprocess.Popen, Path]:
    solution = tmp_path / "hangs_solution.py"
    solution.write_text(source)
    proc = subprocess.Popen([dlprep_exe(), "kata", "nms", str(solution), "--timeout", "120"], cwd=tmp_path,
                            env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    # the worker, its watchdog and the submission's child all carry the file's path on their command line
    assert _wait_for(lambda: len(_alive(str(solution))) >= 3, 30), "the worker did not start"
    return proc, solution


@pytest.mark.fault
def test_ctrl_c_ends_the_run_at_once_and_leaves_nothing(tmp_path, cli_env, dlprep_home):
    proc, solution = _start(tmp_path, cli_env, HANGS)
    started = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    out, err = proc.communicate(timeout=20)
    assert time.monotonic() - started < 5
    assert proc.returncode == 130
    assert err.strip().splitlines() == ["error: interrupted: the grading stopped and nothing was recorded"]
    assert _wait_for(lambda: not _alive(str(solution)), 5), _alive(str(solution))
    conn = sqlite3.connect(dlprep_home / "progress.db")
    assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 0


@pytest.mark.fault
def test_kill_9_of_the_grader_takes_the_worker_and_its_children_with_it(tmp_path, cli_env):
    proc, solution = _start(tmp_path, cli_env, HANGS)
    proc.kill()
    proc.wait(timeout=10)
    assert _wait_for(lambda: not _alive(str(solution)), 5), _alive(str(solution))


def test_the_worker_sees_none_of_our_descriptors_and_runs_elsewhere(tmp_path, cli_env):
    report = tmp_path / "seen.json"
    source = f'''
import json, os
fds = {{}}
for fd in os.listdir("/proc/self/fd"):
    try:
        fds[fd] = os.readlink(f"/proc/self/fd/{{fd}}")
    except OSError:
        pass
json.dump({{"fds": fds, "cwd": os.getcwd()}}, open({str(report)!r}, "w"))

def nms(boxes, scores, iou_threshold):
    return []
'''
    solution = tmp_path / "peek.py"
    solution.write_text(source)
    # a terminal-like stdin for dlprep itself: the worker must not inherit it
    subprocess.run([dlprep_exe(), "kata", "nms", str(solution), "--json"], cwd=tmp_path, env=cli_env,
                   capture_output=True, text=True, timeout=60)
    seen = json.loads(report.read_text())
    targets = list(seen["fds"].values())
    assert not any("progress.db" in t for t in targets), targets
    assert not any(t.startswith("/dev/pts") or t.startswith("/dev/tty") for t in targets), targets
    assert Path(seen["cwd"]).name.startswith("dlprep-worker-")
    assert not Path(seen["cwd"]).exists()  # the scratch folder is removed after grading


@pytest.mark.fault
def test_three_gradings_at_once_rate_the_round_once(tmp_path, cli_env, dlprep_home):
    solution = tmp_path / "wrong.py"
    solution.write_text("def nms(boxes, scores, iou_threshold):\n    return list(range(len(scores)))\n")
    procs = [subprocess.Popen([dlprep_exe(), "kata", "nms", str(solution), "--json", "--seed", str(i)], cwd=tmp_path,
                              env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(3)]
    for p in procs:
        p.communicate(timeout=120)
        assert p.returncode == 1
    conn = sqlite3.connect(dlprep_home / "progress.db")
    ratings = [r[0] for r in conn.execute("SELECT rating FROM attempts ORDER BY id")]
    assert len(ratings) == 3 and sorted(ratings, key=lambda r: r is None) == [1, None, None], ratings
