"""`dlprep kata` through CliRunner: exact one-line errors, exit codes, starter, hints, list, JSON."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from conftest import dlprep_exe

REFERENCE = Path(__file__).parent.parent / "katas" / "nms" / "reference.py"


def test_unknown_kata_suggests_the_closest(invoke):
    result = invoke("kata", "nsm")
    assert result.exit_code == 2
    assert result.output == "error: unknown kata 'nsm' (did you mean 'nms'?)\n"


def test_unknown_kata_without_suggestion(invoke):
    result = invoke("kata", "zzzzzz")
    assert result.exit_code == 2
    assert result.output == "error: unknown kata 'zzzzzz'\n"


def test_unknown_kata_in_chinese(invoke):
    result = invoke("kata", "nsm", "--lang", "zh")
    assert result.output == "error: 未知的题目 'nsm'（是否想输入 'nms'？）\n"


def test_unknown_language_is_a_usage_error(invoke):
    result = invoke("kata", "nms", "--lang", "fr")
    assert result.exit_code == 2
    assert result.output == "error: --lang must be one of en, zh, got 'fr'\n"


def test_missing_file_and_directory(invoke, tmp_path):
    result = invoke("kata", "nms", str(tmp_path / "nope.py"))
    assert result.exit_code == 2
    assert result.output == f"error: {tmp_path / 'nope.py'}: no such file\n"
    result = invoke("kata", "nms", str(tmp_path))
    assert result.exit_code == 2
    assert result.output == f"error: {tmp_path}: is a directory, expected a Python file\n"


def test_starter_written_once_then_graded(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("kata", "nms")
    assert result.exit_code == 0
    assert "Non-maximum suppression" in result.output
    starter = (tmp_path / "nms.py").read_text()
    assert "def nms(" in starter
    (tmp_path / "nms.py").write_text(starter + "\n# my edits\n")
    result = invoke("kata", "nms", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["verdict"] == "error"
    assert (tmp_path / "nms.py").read_text().endswith("# my edits\n")  # never overwritten


def test_show_prints_the_statement_in_both_languages(invoke):
    assert "strictly greater" in invoke("kata", "nms", "--show").output
    assert "严格大于" in invoke("kata", "nms", "--show", "--lang", "zh").output


def test_hints_are_given_in_order_and_recorded(invoke, dlprep_home):
    first = invoke("kata", "nms", "--hint", "--json")
    second = invoke("kata", "nms", "--hint", "--json")
    assert json.loads(first.output)["hint"] == 1
    assert json.loads(second.output)["hint"] == 2
    conn = sqlite3.connect(dlprep_home / "progress.db")
    assert conn.execute("SELECT used FROM hints WHERE kata='nms'").fetchone()[0] == 2


def test_grading_is_recorded_and_listed(invoke, tmp_path):
    result = invoke("kata", "nms", str(REFERENCE), "--json", "--seed", "3")
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["verdict"] == "pass"
    assert data["seed"] == 3 and data["counterexample"] is None
    listing = json.loads(invoke("kata", "list", "--json").output)["katas"]
    nms = next(k for k in listing if k["name"] == "nms")
    assert nms["status"] == "passed" and nms["attempts"] == 1
    table = invoke("kata", "list").output
    assert "passed" in table and "not tried" in table


def test_failure_report_names_the_mistake(invoke, tmp_path):
    sub = tmp_path / "plus_one.py"
    sub.write_text(
        "import importlib.util as u\n"
        f"s = u.spec_from_file_location('m', {str(REFERENCE.with_name('mistakes.py'))!r})\n"
        "m = u.module_from_spec(s); s.loader.exec_module(m)\n"
        "nms = m.area_plus_one\n"
    )
    result = invoke("kata", "nms", str(sub), "--seed", "5")
    assert result.exit_code == 1
    assert "Known mistake: this is the +1 pixel area convention" in result.output
    assert "Smallest failing input" in result.output
    assert "Traceback" not in result.output


def test_installed_executable_lists_katas_from_another_directory(tmp_path, cli_env):
    proc = subprocess.run([dlprep_exe(), "kata", "list", "--json"], cwd=tmp_path, env=cli_env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    names = {k["name"] for k in json.loads(proc.stdout)["katas"]}
    assert {"nms"} <= names
