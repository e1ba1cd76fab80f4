"""Progress export/import round trips and `dlprep doctor`."""

from __future__ import annotations

import json

from test_cli_quiz import DECK


def _play(invoke, tmp_path):
    deck = tmp_path / "tiny.yaml"
    deck.write_text(DECK, encoding="utf-8")
    invoke("quiz", "--deck-path", str(deck), "--deck", "tiny", input="a\n0.3\nscale\n\n")
    invoke("kata", "nms", "--hint")
    return deck


def test_export_import_restores_the_same_stats(invoke, tmp_path, monkeypatch):
    _play(invoke, tmp_path)
    before = json.loads(invoke("stats", "--json").output)
    assert invoke("progress", "export", str(tmp_path / "p.json")).exit_code == 0
    monkeypatch.setenv("DLPREP_HOME", str(tmp_path / "new-home"))
    result = invoke("progress", "import", str(tmp_path / "p.json"))
    assert result.exit_code == 0 and "3 new reviews" in result.output
    again = invoke("progress", "import", str(tmp_path / "p.json"))
    assert "0 new reviews" in again.output
    after = json.loads(invoke("stats", "--json").output)
    for key in ("overview", "decks", "katas"):
        assert after[key] == before[key]


def test_import_rejects_foreign_and_newer_files(invoke, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = invoke("progress", "import", str(bad))
    assert result.exit_code == 2 and result.output.startswith(f"error: {bad}: not a readable JSON export")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "dlprep-progress", "version": 99}))
    result = invoke("progress", "import", str(newer))
    assert result.output == f"error: {newer}: export version 99 is newer than this dlprep reads (2)\n"
    result = invoke("progress", "import", str(tmp_path / "missing.json"))
    assert result.exit_code == 2 and "no such file" in result.output


def test_doctor_reports_paths_counts_and_integrity(invoke, tmp_path, dlprep_home):
    _play(invoke, tmp_path)
    result = invoke("doctor", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["integrity"] == "ok" and data["schema_version"] == data["supported_version"]
    assert data["counts"]["reviews"] == 3 and data["counts"]["hints"] == 1
    assert data["database"] == str(dlprep_home / "progress.db")
    assert data["questions"] >= 12 and "nms" in data["katas"] and data["problems"] == []
    assert "All good." in invoke("doctor").output


def test_a_version_1_database_migrates_keeping_everything(dlprep_home):
    """A database from before katas were scheduled: attempts and hints survive, hints become totals."""
    import sqlite3

    from dlprep.store import attempts, migrations, open_db

    dlprep_home.mkdir(parents=True)
    db = dlprep_home / "progress.db"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    migrations.m001_initial(conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO attempts (kata, ts, verdict, duration_s, sha256, hints_used, mistake, uid) "
                 "VALUES ('nms', 1.0, 'pass', 1.5, 'abc', 2, NULL, 'u1')")
    conn.execute("INSERT INTO hints (kata, used) VALUES ('nms', 2)")
    conn.execute("COMMIT")
    conn.close()
    conn = open_db()
    assert (dlprep_home / "progress.db.v1.bak").exists()
    assert [tuple(r) for r in conn.execute("SELECT kata, verdict, rating FROM attempts")] == [("nms", "pass", None)]
    assert attempts.progress(conn)["nms"].hints_used == 2
    assert conn.execute("SELECT COUNT(*) FROM mocks").fetchone()[0] == 0


def test_export_carries_mocks_and_reads_version_1_files(invoke, tmp_path, monkeypatch):
    from dlprep.store import mocks, open_db

    mocks.save(open_db(), ts=1.7e9, minutes=45, report={"score": 0.5, "questions": [], "kata": None, "drill": []})
    invoke("progress", "export", str(tmp_path / "p.json"))
    data = json.loads((tmp_path / "p.json").read_text())
    assert data["version"] == 2 and len(data["mocks"]) == 1
    old = {"format": "dlprep-progress", "version": 1, "reviews": [], "cards": [], "meta": [],
           "attempts": [{"kata": "nms", "ts": 1.7e9, "verdict": "fail", "duration_s": 1.0, "sha256": "5" * 64,
                         "hints_used": 0, "mistake": None, "uid": "old-1"}],
           "hints": [{"kata": "nms", "used": 1}]}
    (tmp_path / "old.json").write_text(json.dumps(old))
    monkeypatch.setenv("DLPREP_HOME", str(tmp_path / "other"))
    assert invoke("progress", "import", str(tmp_path / "p.json")).exit_code == 0
    assert invoke("progress", "import", str(tmp_path / "old.json")).exit_code == 0
    conn = open_db()
    assert conn.execute("SELECT COUNT(*) FROM mocks").fetchone()[0] == 1
    assert conn.execute("SELECT rating FROM attempts WHERE uid = 'old-1'").fetchone()[0] is None
    assert conn.execute("SELECT total FROM hints WHERE kata = 'nms'").fetchone()[0] == 1
