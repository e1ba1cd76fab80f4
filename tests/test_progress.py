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
    assert result.output == f"error: {newer}: export version 99 is newer than this dlprep reads (1)\n"
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
