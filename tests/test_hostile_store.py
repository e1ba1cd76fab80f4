"""Hostile inputs to the progress store, through the installed command: bad progress files, export
targets that are not regular files, a database file that is not dlprep's, a read-only home, and a
full disk (the file-size limit, portable, and a full tmpfs where it can be mounted). Each checks the
one-line message, the exit code, that no row was lost and that nothing was left behind."""

from __future__ import annotations

import copy
import json
import os
import resource
import shutil
import sqlite3
import stat
import subprocess
import time
from pathlib import Path

import pytest

from conftest import dlprep_exe
from test_faults import Quiz, _deck

pytestmark = pytest.mark.fault
REFERENCE = Path(__file__).parent.parent / "katas" / "nms" / "reference.py"
NOW = time.time()


def run(args, env, *, cwd=None, timeout=60, **kw):
    return subprocess.run([dlprep_exe(), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, **kw)


def one_line(proc, line: str, code: int = 2) -> None:
    assert (proc.returncode, proc.stderr) == (code, f"error: {line}\n"), proc.stderr
    assert proc.stdout == ""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes (what "nothing changed" compares)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rows(db: Path, table: str = "reviews") -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def fsize_limit(limit: int):
    """preexec_fn: writes past `limit` bytes fail with EFBIG (SQLite: a disk I/O error), like a full disk."""
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


@pytest.fixture
def played(cli_env, dlprep_home, tmp_path):
    """A home with one graded kata attempt (a pass), its card and the deck caches."""
    ok = tmp_path / "ok.py"
    ok.write_text(REFERENCE.read_text())
    assert run(["kata", "nms", str(ok)], cli_env).returncode == 0
    return dlprep_home / "progress.db"


# ---- progress files --------------------------------------------------------------------------------

CARD = {"item": "bn.q1", "card_id": 5, "state": 2, "step": None, "stability": 3.0, "difficulty": 5.0,
        "due_ts": NOW + 86400, "last_review_ts": NOW - 86400}
REVIEW = {"item": "bn.q1", "deck": "normalization", "rating": 3, "correct": None, "answer": "", "duration_ms": 900,
          "ts": NOW - 86400, "uid": "r1"}
ATTEMPT = {"kata": "nms", "ts": NOW - 3600, "verdict": "pass", "duration_s": 1.5, "sha256": "a" * 64, "hints_used": 0,
           "mistake": None, "uid": "a1", "rating": 3}
EXPORT = {"format": "dlprep-progress", "version": 2, "reviews": [REVIEW], "attempts": [ATTEMPT],
          "cards": [CARD, dict(CARD, item="bn.q2"), dict(CARD, item="bn.q3"), dict(CARD, item="bn.q4")],
          "hints": [{"kata": "nms", "used": 1, "total": 2}], "mocks": [], "meta": []}


def edited(change) -> dict:
    data = copy.deepcopy(EXPORT)
    change(data)
    return data


LATEST = "between 2000-01-01 and {latest}"
BAD_FILES = [
    ("state 'x'", lambda d: d["cards"][1].update(state="x"),
     "cards[1].state: expected a card state 1 (learning), 2 (review) or 3 (relearning), got 'x'"),
    ("stability 'high'", lambda d: d["cards"][3].update(stability="high"),
     "cards[3].stability: expected a positive number, got 'high'"),
    ("stability -5", lambda d: d["cards"][0].update(stability=-5.0), "cards[0].stability: expected a positive number, got -5.0"),
    ("stability 1e300", lambda d: d["cards"][0].update(stability=1e300),
     "cards[0].stability: expected a positive number of at most 1e+07, got 1e+300"),
    ("difficulty 11", lambda d: d["cards"][0].update(difficulty=11), "cards[0].difficulty: expected a difficulty from 1 to 10, got 11"),
    ("review card without memory", lambda d: d["cards"][2].update(stability=None, difficulty=None),
     "cards[2]: a card in state 2 (review) needs a stability and a difficulty"),
    ("rating 99", lambda d: d["reviews"][0].update(rating=99), "reviews[0].rating: expected a rating 1, 2, 3 or 4, got 99"),
    ("rating -5", lambda d: d["attempts"][0].update(rating=-5), "attempts[0].rating: expected a rating 1, 2, 3 or 4, got -5"),
    ("rating true", lambda d: d["reviews"][0].update(rating=True), "reviews[0].rating: expected a rating 1, 2, 3 or 4, got true"),
    ("verdict pwned", lambda d: d["attempts"][0].update(verdict="pwned"),
     "attempts[0].verdict: expected one of the verdicts pass, fail, error, timeout, memory, crash, import_error, missing, "
     "got 'pwned'"),
    ("kata ../../etc", lambda d: d["attempts"][0].update(kata="../../etc"),
     "attempts[0].kata: expected a kata name of lowercase letters, digits, '_' or '-' (not a path), got '../../etc'"),
    ("hints kata path", lambda d: d["hints"][0].update(kata="/etc/passwd"),
     "hints[0].kata: expected a kata name of lowercase letters, digits, '_' or '-' (not a path), got '/etc/passwd'"),
    ("card of a kata path", lambda d: d["cards"][0].update(item="kata:../x"),
     "cards[0].item: expected a question id or kata:NAME, got 'kata:../x'"),
    ("year 33,000", lambda d: d["reviews"][0].update(ts=1e12),
     "reviews[0].ts: expected a time in unix seconds " + LATEST + ", got 1000000000000.0"),
    ("year 1970", lambda d: d["attempts"][0].update(ts=5.0), "attempts[0].ts: expected a time in unix seconds " + LATEST + ", got 5.0"),
    ("dict for a number", lambda d: d["cards"][2].update(due_ts={"$gt": 0}),
     "cards[2].due_ts: expected a time in unix seconds between 2000-01-01 and {due}, got an object"),
    ("list for a number", lambda d: d["reviews"][0].update(duration_ms=[1]),
     "reviews[0].duration_ms: expected a whole number from 0 to 31536000000, got a list"),
    ("huge integer", lambda d: d["cards"][0].update(card_id=10**40),
     "cards[0].card_id: expected a whole number from 0 to 9223372036854775807, got a 41-digit number"),
    ("string for a number", lambda d: d["attempts"][0].update(duration_s="1.5"),
     "attempts[0].duration_s: expected a number from 0 to 86400, got '1.5'"),
    ("answer of a megabyte", lambda d: d["reviews"][0].update(answer="x" * 1_000_000),
     "reviews[0].answer: expected a text of at most 10000 characters, got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"),
    ("terminal escape in an id", lambda d: d["reviews"][0].update(item="bn\x1b]52;c;aGk=\x07"),
     "reviews[0].item: expected a question id or kata:NAME, got 'bn\\x1b]52;c;aGk=\\x07'"),
    ("unknown field", lambda d: d["cards"][0].update(evil=1), "cards[0].evil: unknown field"),
    ("missing field", lambda d: d["reviews"][0].pop("ts"), "reviews[0].ts: missing field"),
    ("row not an object", lambda d: d["cards"].append([1, 2]), "cards[4]: expected an object, got a list"),
    ("table not a list", lambda d: d.update(hints={"nms": 1}), "hints: expected a list of rows, got an object"),
    ("unknown table", lambda d: d.update(users=[]), "users: unknown field"),
    ("kata start 'soon'", lambda d: d["meta"].append({"key": "kata.started.nms", "value": "soon"}),
     "meta[0].value: expected a start time in unix seconds since 2000, got 'soon'"),
    ("setting named like a path", lambda d: d["meta"].append({"key": "../../.bashrc", "value": "rm -rf ~"}),
     "meta[0].key: expected a setting name of lowercase letters, digits, '.', '_' or '-' (kata.started.NAME for a kata), "
     "got '../../.bashrc'"),
    ("kata start of a path", lambda d: d["meta"].append({"key": "kata.started.../x", "value": "1700000000"}),
     "meta[0].key: expected a setting name of lowercase letters, digits, '.', '_' or '-' (kata.started.NAME for a kata), "
     "got 'kata.started.../x'"),
    ("interview not a date", lambda d: d["meta"].append({"key": "plan.interview", "value": "tomorrow"}),
     "meta[0].value: expected a date like 2026-12-15, got 'tomorrow'"),
    ("mock report with a text score", lambda d: d["mocks"].append({"ts": NOW, "minutes": 45, "report": '{"score": "x"}', "uid": "m1"}),
     "mocks[0].report: expected a mock interview report (a JSON object written as text), got '{\"score\": \"x\"}'"),
    ("version true", lambda d: d.update(version=True), "version: expected a whole number from 1 to 2, got true"),
    ("version -1", lambda d: d.update(version=-1), "version: expected a whole number from 1 to 2, got -1"),
    ("version '2'", lambda d: d.update(version="2"), "version: expected a whole number from 1 to 2, got '2'"),
    ("version 99", lambda d: d.update(version=99), "export version 99 is newer than this dlprep reads (2)"),
    ("another format", lambda d: d.update(format="anki"), "not a dlprep progress export"),
]


def _day(ahead_years: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(time.time() + ahead_years * 365.25 * 86400, tz=timezone.utc).strftime("%Y-%m-%d")


@pytest.mark.parametrize(("change", "reason"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_a_bad_progress_file_is_refused_whole_and_nothing_is_written(tmp_path, cli_env, played, change, reason):
    home = played.parent
    before = snapshot(home)
    bad = tmp_path / "progress.json"
    bad.write_text(json.dumps(edited(change)))
    proc = run(["progress", "import", "progress.json"], cli_env, cwd=tmp_path)
    one_line(proc, "progress.json: " + reason.replace("{latest}", _day(10)).replace("{due}", _day(101)))
    assert snapshot(home) == before  # no row, no backup, no temporary file


@pytest.mark.parametrize(("name", "raw", "reason"), [
    ("deep", '{"format": "dlprep-progress", "version": 2, "cards": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "not a readable JSON export (nested too deeply)"),
    ("digits", '{"format": "dlprep-progress", "version": 2, "cards": [{"card_id": ' + "9" * 5000 + "}]}", None),
    ("nan", json.dumps(EXPORT).replace('"stability": 3.0', '"stability": NaN', 1),
     "cards[0].stability: expected a positive number, got NaN"),
    ("infinity", json.dumps(EXPORT).replace('"duration_s": 1.5', '"duration_s": 1e999', 1),
     "attempts[0].duration_s: expected a number from 0 to 86400, got Infinity"),
    ("not json", "{not json", "not a readable JSON export (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
])
def test_malformed_json_is_refused(tmp_path, cli_env, dlprep_home, name, raw, reason):
    import sys

    if reason is None:  # Python 3.11+ refuses 4300+ digits while parsing; 3.10 parses them and the check refuses
        reason = ("not a readable JSON export (a number has more than 4300 digits)" if hasattr(sys, "get_int_max_str_digits")
                  else "cards[0].card_id: expected a whole number from 0 to 9223372036854775807, got a 5000-digit number")
    bad = tmp_path / "p.json"
    bad.write_text(raw)
    one_line(run(["progress", "import", str(bad)], cli_env), f"{bad}: {reason}")
    assert not dlprep_home.exists()  # nothing was even created


def test_an_oversized_progress_file_is_refused(tmp_path, cli_env, dlprep_home):
    big = tmp_path / "p.json"
    with open(big, "wb") as fh:
        fh.truncate(64 * 1024 * 1024 + 1)
    one_line(run(["progress", "import", str(big)], cli_env), f"{big}: is {64 * 1024 * 1024 + 1} bytes, over the 67108864-byte limit")


def test_import_backs_up_the_database_and_says_how_to_restore_it(tmp_path, cli_env, played):
    home = played.parent
    good = tmp_path / "p.json"
    good.write_text(json.dumps(EXPORT))
    proc = run(["progress", "import", str(good)], cli_env)
    assert proc.returncode == 0 and proc.stderr == ""
    backups = sorted(home.glob("progress.db.before-import-*.bak"))
    assert len(backups) == 1
    assert proc.stdout.splitlines()[-1] == (f"The database as it was before the import is saved as {backups[0]}; to undo the "
                                            f"import, quit dlprep and copy that file over {played}.")
    assert (rows(played), rows(played, "attempts"), rows(backups[0]), rows(backups[0], "attempts")) == (1, 2, 0, 1)
    shutil.copy(backups[0], played)  # the restore the message describes
    assert (rows(played), rows(played, "attempts")) == (0, 1)
    assert json.loads(run(["stats", "--json"], cli_env).stdout)["overview"]["kata_attempts"] == 1


def test_hand_edited_but_sound_file_imports_and_every_command_still_works(tmp_path, cli_env, played):
    good = tmp_path / "p.json"
    good.write_text(json.dumps(edited(lambda d: d["meta"].extend([{"key": "kata.started.nms", "value": str(NOW - 60)},
                                                                   {"key": "quiz.future-setting", "value": "on"}]))))
    assert run(["progress", "import", str(good)], cli_env).returncode == 0
    for args in (["stats"], ["plan"], ["doctor"], ["kata", "list"]):
        proc = run(args, cli_env)
        assert (proc.returncode, proc.stderr) == (0, ""), (args, proc.stderr)
    assert run(["kata", "nms", str(REFERENCE)], cli_env).returncode == 0  # the next attempt is recorded
    assert rows(played, "attempts") == 3


# ---- export targets ----------------------------------------------------------------------------

@pytest.fixture
def device(tmp_path):
    """A character device to export to: a private copy of /dev/full when root (who could replace the real
    one), else /dev/full itself (nobody else can)."""
    if os.geteuid() != 0:
        return Path("/dev/full")
    node = tmp_path / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return node


@pytest.mark.parametrize("kind", ["root", "directory", "device", "fifo"])
def test_export_refuses_what_is_not_a_regular_file(tmp_path, cli_env, played, device, kind):
    target = {"root": Path("/"), "directory": tmp_path, "device": device, "fifo": tmp_path / "fifo"}[kind]
    if kind == "fifo":
        os.mkfifo(target)
    before = os.lstat(target)
    reason = "is a directory" if kind in ("root", "directory") else "not a regular file (a device, a pipe or a socket)"
    one_line(run(["progress", "export", str(target)], cli_env, timeout=20), f"{target}: {reason}")
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino, before.st_rdev)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_writes_through_a_symlink_and_keeps_permissions(tmp_path, cli_env, played):
    real = tmp_path / "real.json"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    proc = run(["progress", "export", str(link)], cli_env)
    assert proc.returncode == 0 and proc.stderr == ""
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert json.loads(real.read_text())["attempts"][0]["kata"] == "nms"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_through_a_symlink_loop_names_it(tmp_path, cli_env, played):
    (tmp_path / "a.json").symlink_to("b.json")
    (tmp_path / "b.json").symlink_to("a.json")
    one_line(run(["progress", "export", str(tmp_path / "a.json")], cli_env),
             f"{tmp_path / 'a.json'}: cannot be written (Too many levels of symbolic links)")


def test_export_on_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path, cli_env, played):
    out = tmp_path / "out.json"
    out.write_text("previous export")
    proc = run(["progress", "export", str(out)], cli_env, preexec_fn=fsize_limit(10))
    one_line(proc, f"disk full: {out} could not be written (File too large); nothing was exported (a file already there is "
                   "unchanged). Free some space and run again")
    assert out.read_text() == "previous export"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# ---- the database file -------------------------------------------------------------------------

def test_progress_db_that_is_a_directory(cli_env, dlprep_home):
    db = dlprep_home / "progress.db"
    db.mkdir(parents=True)
    line = (f"{db} is not a dlprep database (it is a directory); it was left untouched: move it aside or set DLPREP_HOME "
            "to another folder")
    for args in (["stats"], ["quiz"], ["kata", "list"], ["progress", "export", str(dlprep_home.parent / "x.json")]):
        one_line(run(args, cli_env), line)
    proc = run(["doctor"], cli_env)
    assert proc.returncode == 1 and f"database      {line}" in proc.stdout.splitlines()
    assert db.is_dir() and not any(db.iterdir())


def test_a_dangling_symlink_is_named(cli_env, dlprep_home, tmp_path):
    dlprep_home.mkdir(parents=True)
    db = dlprep_home / "progress.db"
    db.symlink_to(tmp_path / "gone" / "progress.db")
    for args in (["stats"], ["quiz"], ["kata", "list"]):
        one_line(run(args, cli_env), f"cannot use the progress database {db}: it is a symbolic link to "
                                     f"{tmp_path / 'gone' / 'progress.db'}, which does not exist")
    assert not (tmp_path / "gone").exists() and db.is_symlink()


def test_a_symlink_loop_is_named(cli_env, dlprep_home):
    dlprep_home.mkdir(parents=True)
    db = dlprep_home / "progress.db"
    db.symlink_to("progress.db")
    for args in (["stats"], ["quiz"]):
        one_line(run(args, cli_env), f"cannot use the progress database {db}: it is a symbolic link that never reaches a "
                                     "file (Too many levels of symbolic links)")


def _foreign(db: Path, *, version: int = 0, app: int = 0, tables: bool = True) -> bytes:
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db)
    if tables:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {app}")
    conn.commit()
    conn.close()
    return db.read_bytes()


@pytest.mark.parametrize("version", [0, 2, 7])
def test_another_programs_sqlite_file_is_refused_untouched(tmp_path, cli_env, dlprep_home, version):
    db = dlprep_home / "progress.db"
    before = _foreign(db, version=version)
    good = tmp_path / "p.json"
    good.write_text(json.dumps(EXPORT))
    line = (f"{db} is not a dlprep database (it is another program's SQLite database, with tables notes); it was left "
            "untouched: move it aside or set DLPREP_HOME to another folder")
    for args in (["stats"], ["quiz"], ["kata", "nms", str(REFERENCE)], ["progress", "import", str(good)]):
        one_line(run(args, cli_env), line)
    assert db.read_bytes() == before and sorted(p.name for p in dlprep_home.iterdir() if p.name != "cache") == ["progress.db"]


def test_a_database_with_another_programs_application_id_is_refused(cli_env, dlprep_home):
    db = dlprep_home / "progress.db"
    before = _foreign(db, app=42, tables=False)
    one_line(run(["quiz"], cli_env), f"{db} is not a dlprep database (its application id 42 belongs to another program); "
                                     "it was left untouched: move it aside or set DLPREP_HOME to another folder")
    assert db.read_bytes() == before


def test_the_right_user_version_without_tables(cli_env, dlprep_home):
    db = dlprep_home / "progress.db"
    before = _foreign(db, version=2, tables=False)
    line = (f"{db} is not a readable dlprep database (schema version 2 but tables missing: attempts, cards, hints, meta, "
            "mocks, reviews); it was left untouched: move it aside (or restore a .bak copy) and run again")
    for args in (["stats"], ["quiz"], ["plan"]):
        one_line(run(args, cli_env), line)
    proc = run(["doctor", "--json"], cli_env)
    assert proc.returncode == 1 and json.loads(proc.stdout)["problems"] == [line]
    assert db.read_bytes() == before


def test_doctor_checks_the_rows_themselves(cli_env, played):
    conn = sqlite3.connect(played)
    conn.execute("UPDATE cards SET state = 'x', stability = -5")
    conn.execute("INSERT INTO reviews (item, deck, rating, correct, answer, duration_ms, ts, uid) "
                 "VALUES ('../../etc', 'd', 99, NULL, '', 5, 1e12, 'evil')")
    conn.execute("UPDATE attempts SET verdict = 'pwned'")
    conn.commit()
    conn.close()
    proc = run(["doctor", "--json"], cli_env)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["integrity"] == "ok" and report["row_problems"] == 6
    assert report["problems"] == [
        "reviews[rowid 1].item: expected a question id or kata:NAME, got '../../etc'",
        "reviews[rowid 1].rating: expected a rating 1, 2, 3 or 4, got 99",
        f"reviews[rowid 1].ts: expected a time in unix seconds between 2000-01-01 and {_day(10)}, got 1000000000000.0",
        "attempts[rowid 1].verdict: expected one of the verdicts pass, fail, error, timeout, memory, crash, import_error, "
        "missing, got 'pwned'",
        "cards[rowid 1].state: expected a card state 1 (learning), 2 (review) or 3 (relearning), got 'x'",
        "cards[rowid 1].stability: expected a positive number, got -5.0",  # a REAL column
    ]
    text = run(["doctor"], cli_env)
    assert text.returncode == 1 and text.stdout.rstrip().endswith("6 problem(s) found.")


# ---- a read-only home --------------------------------------------------------------------------

@pytest.fixture
def readonly_home(played):
    """The home made read-only: by its permissions, or (root ignores them) by a read-only bind mount."""
    home = played.parent
    if os.geteuid() != 0:
        home.chmod(0o555)
        yield home
        home.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", str(home), str(home)], capture_output=True).returncode == 0
    if not mounted:
        pytest.skip("root ignores permissions, and no read-only bind mount can be made here")
    try:
        if subprocess.run(["mount", "-o", "remount,bind,ro", str(home), str(home)], capture_output=True).returncode:
            pytest.skip("root ignores permissions, and this bind mount cannot be made read-only")
        yield home
    finally:
        subprocess.run(["umount", str(home)], check=True)


def test_reading_commands_work_in_a_read_only_home(tmp_path, cli_env, readonly_home):
    before = snapshot(readonly_home)
    for args in (["stats"], ["stats", "--json"], ["doctor"], ["kata", "list"], ["decks", "list"], ["plan"],
                 ["progress", "export", str(tmp_path / "out.json")]):
        proc = run(args, cli_env)
        assert (proc.returncode, proc.stderr) == (0, ""), (args, proc.stderr)
    assert json.loads((tmp_path / "out.json").read_text())["attempts"][0]["kata"] == "nms"
    assert snapshot(readonly_home) == before


def test_writing_commands_refuse_a_read_only_home_in_one_line(cli_env, readonly_home):
    reason = "Read-only file system" if os.geteuid() == 0 else "permission denied"
    for args in (["quiz"], ["kata", "nms", str(REFERENCE)], ["plan", "--clear"]):
        one_line(run(args, cli_env), f"data directory {readonly_home} is not writable ({reason}); set DLPREP_HOME to a "
                                     "writable folder")


# ---- a full disk -----------------------------------------------------------------------------------

def test_disk_full_during_an_answer_names_it_and_keeps_the_earlier_answers(tmp_path, cli_env, dlprep_home, rows_lost):
    quiz = Quiz(cli_env, _deck(tmp_path), limit=6)
    quiz.answer(1)
    quiz.answer(2)
    resource.prlimit(quiz.proc.pid, resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    quiz.proc.stdin.write(b"1\n")
    quiz.proc.stdin.flush()
    _out, err = quiz.proc.communicate(timeout=30)
    db = dlprep_home / "progress.db"
    assert (quiz.proc.returncode, err.decode()) == (2, (
        f"error: disk full: {db} could not be written (File too large); your answer to f.q2 was not saved (the answers "
        "before it were). Free some space and run again\n"))
    stored = rows(db)
    rows_lost(max(0, 2 - stored))
    assert stored == 2
    assert not [p for p in dlprep_home.rglob("*.tmp")]


def test_disk_full_at_start_up_is_not_called_corruption(tmp_path, cli_env, played, rows_lost):
    home = played.parent
    before = snapshot(home)
    proc = run(["quiz"], cli_env, preexec_fn=fsize_limit(0))
    one_line(proc, f"disk full: {played} could not be written (File too large); nothing was changed. Free some space and "
                   "run again")
    assert snapshot(home) == before and not list(home.rglob("*.tmp"))
    stats = run(["stats", "--json"], cli_env, preexec_fn=fsize_limit(0))  # reading needs no room
    assert stats.returncode == 0 and json.loads(stats.stdout)["overview"]["kata_attempts"] == 1
    rows_lost(1 - rows(played, "attempts"))


def test_disk_full_on_the_first_start_leaves_nothing(tmp_path, cli_env, dlprep_home):
    proc = run(["quiz"], cli_env, preexec_fn=fsize_limit(0))
    one_line(proc, f"disk full: {dlprep_home / 'progress.db'} could not be written (File too large); nothing was changed. "
                   "Free some space and run again")
    assert [p for p in dlprep_home.rglob("*") if p.is_file()] == []


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                pass
    return found


def test_disk_full_while_grading_says_the_attempt_was_not_recorded(tmp_path, cli_env, played, rows_lost):
    slow = tmp_path / "slow.py"
    slow.write_text("import time\n\ndef nms(boxes, scores, iou_threshold):\n    time.sleep(60)\n")
    proc = subprocess.Popen([dlprep_exe(), "kata", "nms", str(slow), "--timeout", "3"], env=cli_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not _children(proc.pid):  # the worker runs: the database is open, the grading under way
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    _out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (2, f"error: disk full: {played} could not be written (File too large); this attempt "
                                         "at nms was not recorded. Free some space and run again\n")
    rows_lost(1 - rows(played, "attempts"))
    assert rows(played, "attempts") == 1


@pytest.fixture
def tiny_disk(tmp_path):
    """A 2 MB tmpfs: a real full disk (ENOSPC). Needs root and mount; skipped elsewhere."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                                           capture_output=True).returncode:
        pytest.skip("mounting a small tmpfs needs root (the file-size-limit tests cover the same paths)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def _fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass


def test_a_really_full_disk_during_an_answer(tmp_path, cli_env, tiny_disk, rows_lost):
    env = dict(cli_env, DLPREP_HOME=str(tiny_disk / "home"))
    quiz = Quiz(env, _deck(tmp_path), limit=6)
    quiz.answer(1)
    quiz.answer(2)
    _fill(tiny_disk)
    quiz.proc.stdin.write(b"1\n")
    quiz.proc.stdin.flush()
    _out, err = quiz.proc.communicate(timeout=30)
    db = tiny_disk / "home" / "progress.db"
    assert (quiz.proc.returncode, err.decode()) == (2, (
        f"error: disk full: {db} could not be written (No space left on device); your answer to f.q2 was not saved (the "
        "answers before it were). Free some space and run again\n"))
    stored = rows(db)
    rows_lost(max(0, 2 - stored))
    assert stored == 2
    proc = run(["kata", "nms", str(REFERENCE)], env)  # the next command: graded, then the attempt cannot be stored
    one_line(proc, f"disk full: {db} could not be written (No space left on device); this attempt at nms was not recorded. "
                   "Free some space and run again")
    assert run(["stats"], env).returncode == 0
    assert not list(tiny_disk.rglob("*.tmp"))


def test_disk_full_is_said_in_chinese_too(cli_env, played):
    proc = run(["quiz"], dict(cli_env, DLPREP_LANG="zh"), preexec_fn=fsize_limit(0))
    one_line(proc, f"磁盘已满：无法写入 {played}（File too large）；没有做任何改动。请释放一些空间后重试")
