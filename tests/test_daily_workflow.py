"""The daily workflow: speed against the reference, the solution after a pass, the editor, watch mode in a
real terminal, finding one's way among the katas, the CLI conventions, and a plan that drives the day."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from conftest import dlprep_exe

pytestmark = pytest.mark.slow

KATAS = Path(__file__).parent.parent / "katas"
SOLUTIONS = Path(__file__).parent / "fixtures" / "solutions"


def run(cli_env, *args, cwd=None, input=None, timeout=120):
    return subprocess.run([dlprep_exe(), *args], cwd=cwd, env=cli_env, input=input, capture_output=True, text=True,
                          timeout=timeout)


def test_bench_times_a_passing_solution_against_the_reference(tmp_path, cli_env):
    ref = run(cli_env, "kata", "nms", str(KATAS / "nms" / "reference.py"), "--bench", "--json", "--seed", "1")
    bench = json.loads(ref.stdout)["bench"]
    assert ref.returncode == 0 and bench["size"].startswith("2,000 boxes")
    assert bench["yours_s"] > 0 and bench["reference_s"] > 0 and 0.3 < bench["ratio"] < 3
    slow = run(cli_env, "kata", "nms", str(SOLUTIONS / "nms" / "pass_pure_python.py"), "--bench", "--json", "--seed", "1")
    report = json.loads(slow.stdout)
    assert slow.returncode == 0 and report["verdict"] == "pass"  # speed is not correctness
    assert report["bench"]["too_slow"] or report["bench"]["ratio"] > 5  # pure-Python O(n²) against vectorised numpy
    text = run(cli_env, "kata", "nms", str(KATAS / "nms" / "reference.py"), "--bench", "--seed", "1").stdout
    assert "Speed on 2,000 boxes" in text and "x the reference" in text


def test_bench_is_not_run_for_a_failing_file(tmp_path, cli_env):
    wrong = tmp_path / "wrong.py"
    wrong.write_text("def nms(boxes, scores, iou_threshold):\n    return list(range(len(scores)))\n")
    report = json.loads(run(cli_env, "kata", "nms", str(wrong), "--bench", "--json").stdout)
    assert report["verdict"] == "fail" and report["bench"] is None


def test_the_solution_is_shown_after_a_pass_or_a_confirmation(tmp_path, cli_env):
    refused = run(cli_env, "kata", "nms", "--solution", input="n\n")
    assert refused.returncode == 1 and "Not shown" in refused.stdout and "def nms" not in refused.stdout
    confirmed = run(cli_env, "kata", "nms", "--solution", input="y\n")
    assert "def nms" in confirmed.stdout and "Notes" in confirmed.stdout
    assert run(cli_env, "kata", "nms", "--solution", "--json").returncode == 2  # not without a pass
    run(cli_env, "kata", "nms", str(KATAS / "nms" / "reference.py"))
    shown = json.loads(run(cli_env, "kata", "nms", "--solution", "--json", "--lang", "zh").stdout)
    assert "def nms" in shown["solution"] and shown["notes"]


def test_edit_writes_the_starter_opens_the_editor_then_grades(tmp_path, cli_env):
    editor = tmp_path / "fake-editor"
    reference = KATAS / "nms" / "reference.py"
    editor.write_text(f"#!/bin/sh\necho \"$@\" > {tmp_path / 'opened'}\ncp {reference} \"$1\"\n")
    editor.chmod(0o755)
    env = dict(cli_env, EDITOR=str(editor))
    env.pop("VISUAL", None)
    result = run(env, "kata", "nms", "--edit", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "opened").read_text().strip() == "nms.py"
    assert "nms.py: pass" in result.stdout
    no_editor = dict(cli_env)
    no_editor.pop("EDITOR", None)
    no_editor.pop("VISUAL", None)
    failed = run(no_editor, "kata", "nms", "--edit", cwd=tmp_path)
    assert failed.returncode == 2 and failed.stderr.startswith("error: set $VISUAL or $EDITOR")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_watch_regrades_on_every_save_even_by_rename(tmp_path, dlprep_home):
    work = tmp_path / "work"
    work.mkdir()
    target = work / "nms.py"
    target.write_text("def nms(boxes, scores, iou_threshold):\n    return list(range(len(scores)))\n")
    session = f"dlprep-{uuid.uuid4().hex[:8]}"
    command = (f"cd {shlex.quote(str(work))} && DLPREP_HOME={shlex.quote(str(dlprep_home))} "
               f"{shlex.quote(dlprep_exe())} kata nms --watch; echo watch-exit-$?; sleep 30")
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "50", command], check=True)

    def screen():
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout

    def wait_for(text, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in screen():
                return screen()
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{screen()}")

    try:
        wait_for("nms.py: fail")
        wait_for("ago (fail)")  # the status line: the verdict and how long ago it ran
        time.sleep(1.5)
        assert "graded 1 s ago" in screen() or "graded 2 s ago" in screen() or "graded 3 s ago" in screen()
        fresh = work / ".nms.py.swp"  # an editor that saves by writing a new file and renaming it
        fresh.write_text((KATAS / "nms" / "reference.py").read_text())
        os.replace(fresh, target)
        wait_for("nms.py: pass")
        subprocess.run(["tmux", "send-keys", "-t", session, "C-c"], check=True)
        final = wait_for("watch-exit-")
        assert "watch-exit-0" in final and "Stopped watching" in final
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    verdicts = [r[0] for r in sqlite3.connect(dlprep_home / "progress.db").execute("SELECT verdict FROM attempts ORDER BY id")]
    assert verdicts == ["fail", "pass"]


def test_kata_list_groups_by_topic_and_filters_by_tag(invoke):
    data = json.loads(invoke("kata", "list", "--json").output)["katas"]
    assert len(data) == 26
    topics = [k["topic"] for k in data]
    assert topics == sorted(topics, key=["detection", "losses", "layers", "attention", "optimisation", "metrics",
                                         "classical_ml"].index)
    for topic in set(topics):
        levels = [k["difficulty"] for k in data if k["topic"] == topic]
        assert levels == sorted(levels, key=["easy", "medium", "hard"].index)
    text = invoke("kata", "list").output
    assert "Detection" in text and "Classical ML" in text
    only = json.loads(invoke("kata", "list", "--tag", "nms", "--json").output)["katas"]
    assert [k["name"] for k in only] == ["nms"]
    missing = invoke("kata", "list", "--tag", "nope")
    assert missing.exit_code == 2 and missing.output == "error: No kata has the tag 'nope'.\n"


def test_kata_next_prefers_due_then_failing_then_untried(invoke, tmp_path):
    first = json.loads(invoke("kata", "next", "--json").output)
    assert first["kata"] and first["reason"] == "not_tried"
    wrong = tmp_path / "wrong.py"
    wrong.write_text("def box_iou(boxes1, boxes2):\n    return [[0.5]]\n")
    invoke("kata", "iou", str(wrong))
    assert json.loads(invoke("kata", "next", "--json").output) == {"kata": "iou", "reason": "failing", "topic": None}


def test_cli_conventions(invoke, cli_env):
    assert invoke("--version").output.startswith("dlprep ")
    assert invoke("kata", "NMS").output == "error: unknown kata 'NMS' (did you mean 'nms'?)\n"
    top = invoke("--help").output
    assert "…" not in top and "--install-completion" in top
    env = dict(cli_env, _DLPREP_COMPLETE="complete_bash", COMP_WORDS="dlprep kata n", COMP_CWORD="2")
    completed = subprocess.run([dlprep_exe()], env=env, capture_output=True, text=True, timeout=60).stdout.split()
    assert "nms" in completed and "next" in completed
    env = dict(cli_env, _DLPREP_COMPLETE="complete_bash", COMP_WORDS="dlprep quiz --deck act", COMP_CWORD="3")
    assert subprocess.run([dlprep_exe()], env=env, capture_output=True, text=True, timeout=60).stdout.split() == ["activations"]


def test_a_plan_drives_the_day(invoke, dlprep_home):
    ahead = date.fromordinal(date.today().toordinal() + 10).isoformat()
    out = invoke("plan", "--interview", ahead, "--deck", "activations").output
    assert "Today:" in out and "dlprep quiz --deck activations" in out and "min at your pace" in out
    plan = json.loads(invoke("plan", "--json").output)
    assert plan["decks"] == ["activations"] and plan["days"][0]["cards"] > 0
    today = plan["days"][0]
    quiz = invoke("quiz", input="q\n").output  # follows the plan: its decks and its quota
    header = next(line for line in quiz.splitlines() if line.startswith("[1/"))
    assert header.startswith(f"[1/{min(today['cards'], today['new'] or today['cards'])}]") or "activations" in header
    assert "activations" in header


def test_stats_fits_a_40_row_terminal_and_labels_its_figures(invoke, tmp_path, dlprep_home):
    for i in range(3):
        invoke("quiz", "--mode", "cram", "--limit", "30", "--seed", str(i), input="\n1\n" * 60)
    invoke("kata", "nms", str(KATAS / "nms" / "reference.py"))
    out = invoke("stats", env={"COLUMNS": "100"}).output
    lines = out.rstrip("\n").splitlines()
    assert len(lines) <= 40, "\n".join(lines)
    assert "today " in lines[1]  # the forecast row is labelled with dates
    assert "retention = " in out and "recall now = " in out
    assert "best solve" in out and "grading s" in out
    assert len(invoke("stats", "--all").output.splitlines()) > len(lines)
