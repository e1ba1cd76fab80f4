"""Every fixture submission gets its expected verdict through the installed `dlprep` executable.

Scenarios grade the nms kata unless expected.json names another ("kata"); the numpy_scalars_* ones are
correct solutions written with lists of numpy scalars, one per core kata.

One folder per scenario under fixtures/submissions/ with solution.py and expected.json; each run
is a real subprocess (the behaviour is about processes: limits, kills, crashes), and afterwards
the progress database must be sound and hold exactly one attempt.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import dlprep_exe

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures" / "submissions"
SCENARIOS = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").exists())


def _grade(tmp_path, cli_env, scenario, *extra):
    expected = json.loads((FIXTURES / scenario / "expected.json").read_text())
    work = tmp_path / "work"
    work.mkdir()
    solution = work / "solution.py"
    shutil.copy(FIXTURES / scenario / "solution.py", solution)
    args = [dlprep_exe(), "kata", expected.get("kata", "nms"), str(solution), "--json", "--seed", "7"]
    if "timeout" in expected:
        args += ["--timeout", str(expected["timeout"])]
    if "memory_mb" in expected:
        args += ["--memory-mb", str(expected["memory_mb"])]
    started = time.monotonic()
    proc = subprocess.run(args + list(extra), cwd=work, env=cli_env, capture_output=True, text=True, timeout=90)
    return expected, proc, time.monotonic() - started, work, solution


@pytest.mark.fault
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario_verdict(tmp_path, cli_env, dlprep_home, scenario):
    expected, proc, elapsed, work, solution = _grade(tmp_path, cli_env, scenario)
    assert proc.stdout.count("\n") == 1, proc.stdout[:500]  # exactly one JSON object
    report = json.loads(proc.stdout)
    assert report["verdict"] == expected["verdict"], (report["message"], proc.stderr[-2000:])
    assert proc.returncode == (0 if expected["verdict"] == "pass" else 1)
    assert "Traceback" not in proc.stderr
    for key in ("kata", "verdict", "checks", "counterexample", "message", "duration_s"):
        assert key in report
    if "message" in expected:
        assert expected["message"] in report["message"]
    if "location" in expected:
        assert report["location"] == expected["location"]
    if expected.get("output_truncated"):
        assert report["output"]["truncated"] and report["output"]["bytes"] > 50_000_000
        assert len(report["output"]["text"]) <= 4000
    if "timeout" in expected:
        assert elapsed < expected["timeout"] + 10
    if expected.get("no_orphans"):
        time.sleep(0.2)
        left = subprocess.run(["pgrep", "-f", str(solution)], capture_output=True, text=True)
        assert left.stdout.strip() == "", "processes outlived grading"
    if expected["verdict"] == "fail":
        assert report["counterexample"] is not None
    # nothing written into the user's directory, and the store is sound with one attempt recorded
    assert sorted(p.name for p in work.iterdir()) == ["solution.py"]
    conn = sqlite3.connect(dlprep_home / "progress.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT kata, verdict FROM attempts").fetchall()
    assert rows == [(expected.get("kata", "nms"), expected["verdict"])]


def test_options_do_not_change_the_verdict(tmp_path, cli_env):
    """--lang, NO_COLOR and CI change how the result looks, never what it is."""
    verdicts = set()
    for extra_env, extra_args in [({}, []), ({"NO_COLOR": "1"}, ["--lang", "zh"]), ({"CI": "true"}, [])]:
        env = dict(cli_env, **extra_env)
        sub = tmp_path / f"r{len(extra_args)}{len(extra_env)}"
        sub.mkdir()
        _, proc, _, _, _ = _grade(sub,
                                  env, "mutates_inputs", *extra_args)
        verdicts.add(json.loads(proc.stdout)["verdict"])
    assert verdicts == {"fail"}
