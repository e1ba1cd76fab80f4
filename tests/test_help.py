"""Every command has --help, and every command is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = [["kata"], ["quiz"], ["stats"], ["decks"], ["decks", "check"], ["decks", "list"], ["progress", "export"],
            ["progress", "import"], ["doctor"], ["plan"], ["mock"]]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_help_exists(invoke, command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output) > 100


def test_root_help_lists_commands(invoke):
    out = invoke("--help").output
    for name in ("kata", "quiz", "stats", "decks", "plan", "mock"):
        assert name in out


@pytest.mark.parametrize("command", COMMANDS + [["kata", "list"]], ids=lambda c: " ".join(c))
def test_readme_mentions_every_command(command):
    assert f"dlprep {' '.join(command)}" in README


def test_unknown_option_is_one_line(invoke):
    result = invoke("stats", "--bogus")
    assert result.exit_code == 2
    assert result.output == "error: No such option: --bogus\n"
