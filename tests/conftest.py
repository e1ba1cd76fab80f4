"""Shared fixtures: every test gets its own DLPREP_HOME, so no test can touch real user data."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent


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
