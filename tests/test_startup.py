"""Start-up stays light: the quick commands, and `dlprep quiz` up to its first prompt, import none of the
heavy modules (numpy, hypothesis, fsrs, PyYAML with warm caches, rich's markdown and syntax highlighting,
and pydantic, which Typer 0.29 would import for every command parameter).

Each command runs in a fresh interpreter, so modules imported by earlier tests cannot hide a regression.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("numpy", "hypothesis", "fsrs", "yaml", "rich.markdown", "rich.syntax", "pygments", "markdown_it", "pydantic")

PROBE = """
import json, sys
sys.argv = ["dlprep", *sys.argv[1:]]
from dlprep.cli import main
try:
    main()
except SystemExit:
    pass
sys.__stdout__.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def imported(args: list[str], env: dict, stdin: str = "") -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, input=stdin, capture_output=True, text=True,
                         timeout=120).stdout
    return set(json.loads(out.rsplit("MODULES ", 1)[1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


@pytest.mark.parametrize("args", [["--help"], ["kata", "list"], ["stats"]], ids=" ".join)
def test_quick_commands_import_nothing_heavy(cli_env, args):
    imported(args, cli_env)  # the first start fills the parse caches (kata.yaml files)
    assert heavy(imported(args, cli_env)) == []


def test_quiz_imports_nothing_heavy_before_the_first_answer(cli_env):
    imported(["decks", "list"], cli_env)  # warms the deck caches, as any earlier start would
    modules = imported(["quiz"], cli_env, stdin="q\n")
    assert "dlprep.quiz.session" in modules  # it did get to the first question
    assert heavy(modules) == []
