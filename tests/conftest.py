"""Shared fixtures: every test gets its own DLPREP_HOME, so no test can touch real user data."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent
os.environ["DLPREP_FSRS_FUZZ"] = "0"  # reproducible intervals, in-process and in subprocesses


@pytest.fixture(autouse=True)
def dlprep_home(tmp_path, monkeypatch):
    home = tmp_path / "dlprep-home"
    monkeypatch.setenv("DLPREP_HOME", str(home))
    monkeypatch.delenv("DLPREP_LANG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    from dlprep.cli import render

    render.reset()
    yield home
    render.reset()


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def invoke(runner):
    """Run the CLI in-process: invoke("kata", "list") -> click Result."""
    from dlprep.cli import app

    def run(*args, input=None, env=None):
        from dlprep.cli import render

        render.reset()
        return runner.invoke(app, list(args), input=input, env=env)

    return run


def dlprep_exe() -> str:
    """The installed console script of the interpreter running the tests."""
    exe = VENV_BIN / "dlprep"
    return str(exe) if exe.exists() else shutil.which("dlprep") or "dlprep"


@pytest.fixture
def cli_env(dlprep_home):
    env = dict(os.environ)
    env["DLPREP_HOME"] = str(dlprep_home)
    env.pop("NO_COLOR", None)
    return env


# ---- the fault-injection tally ------------------------------------------------------------
# Tests marked `fault` inject one fault each; the run ends with one line counting them, so the
# figure can be quoted. A test that measures lost rows reports them through `rows_lost`.

_TALLY = {"faults": 0, "right": 0, "rows_lost": 0}


def pytest_configure(config):
    config.addinivalue_line("markers", "fault: a fault-injection test (counted in the closing tally)")


@pytest.fixture
def rows_lost():
    def report(n: int) -> None:
        _TALLY["rows_lost"] += n

    return report


def pytest_runtest_logreport(report):
    if report.when == "call" and "fault" in report.keywords and not report.skipped:
        _TALLY["faults"] += 1
        _TALLY["right"] += int(report.passed)


def pytest_terminal_summary(terminalreporter):
    if _TALLY["faults"]:
        terminalreporter.write_line(
            f"fault injection: {_TALLY['faults']} faults injected, {_TALLY['right']} verdicts right, "
            f"{_TALLY['rows_lost']} rows lost")
