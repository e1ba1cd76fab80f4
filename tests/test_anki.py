"""`dlprep decks export FILE.apkg`: the package is opened as Anki would (a zip holding collection.anki2,
a SQLite database) and every note is checked against its question; ids stay the same across exports;
every refusal is one line with exit 2 and leaves no file behind."""

from __future__ import annotations

import html
import json
import os
import random
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dlprep.deck import anki
from dlprep.deck.families import fmt, generate
from dlprep.deck.loader import load_decks
from dlprep.deck.schema import LETTERS

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")

USER_DECK = """\
format: 1
deck: mine
title: {en: "My <b>own</b> deck", zh: "我的题库"}
questions:
  - id: mine.escape
    type: recall
    tags: [html, edge-cases]
    difficulty: easy
    references: ["Smith & Jones <2020>"]
    prompt:
      en: "Is <script>alert(1)</script> & co escaped?\\nSecond line"
      zh: "<i>转义</i>了吗？"
    answer: {en: "Yes: a < b && c > d", zh: "是的"}
    key_points:
      - {en: "angle <brackets>", zh: "尖括号", keywords: [angle]}
    pitfalls:
      - claim: {en: "Anki shows <raw> HTML", zh: "会显示原始 HTML"}
        truth: {en: "Text is escaped & safe", zh: "文本已转义"}
  - id: mine.choice
    type: choice
    tags: [html]
    difficulty: easy
    prompt: {en: "Pick one", zh: "选一个"}
    choices:
      - {en: "first <one>", zh: "第一个"}
      - {en: "second", zh: "第二个"}
    correct: [B]
    answer: {en: "The second.", zh: "第二个。"}
"""


def esc(value: str) -> str:
    """A text as it appears in a field: HTML-escaped, newlines as <br>."""
    return html.escape(value, quote=False).replace("\n", "<br>")


def read_apkg(path: Path) -> dict:
    """The notes (by question id) and deck names of an .apkg, read straight from its SQLite collection."""
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        data = z.read("collection.anki2")
    db = path.with_name(path.name + ".collection.anki2")
    db.write_bytes(data)
    con = sqlite3.connect(db)
    try:
        decks = {int(k): v["name"] for k, v in json.loads(con.execute("SELECT decks FROM col").fetchone()[0]).items()}
        models = json.loads(con.execute("SELECT models FROM col").fetchone()[0])
        deck_of = dict(con.execute("SELECT nid, did FROM cards").fetchall())
        notes = {}
        for nid, guid, mid, tags, flds in con.execute("SELECT id, guid, mid, tags, flds FROM notes"):
            front, back, qid = flds.split("\x1f")
            assert qid not in notes
            notes[qid] = {"guid": guid, "mid": mid, "tags": tags.split(), "front": front, "back": back,
                          "deck": decks[deck_of[nid]], "deck_id": deck_of[nid]}
        n_cards = con.execute("SELECT count(*) FROM cards").fetchone()[0]
    finally:
        con.close()
        db.unlink()
    return {"notes": notes, "decks": decks, "models": models, "cards": n_cards}


@pytest.fixture
def out(tmp_path):
    """An empty folder for the packages (tmp_path also holds the test's DLPREP_HOME)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def shipped():
    return load_decks(include_user=False, use_cache=False)


def export(invoke, path: Path, *args: str, env=None) -> dict:
    result = invoke("decks", "export", str(path), *args, env=env)
    assert result.exit_code == 0, result.output
    return read_apkg(path)


def test_one_note_per_question_in_both_languages(invoke, out, shipped):
    pkg = export(invoke, out / "all.apkg")
    notes = pkg["notes"]
    assert sorted(notes) == sorted(q.id for q in shipped.questions)
    assert pkg["cards"] == len(notes)
    assert sorted(n for n in pkg["decks"].values() if n != "Default") == sorted(
        f"dlprep::{d.title['en']}" for d in shipped.decks)
    for d in shipped.decks:
        for q in d.questions:
            note = notes[q.id]
            assert note["deck"] == f"dlprep::{d.title['en']}"
            assert note["deck_id"] == anki.stable_id(f"dlprep deck {d.id}")
            assert note["tags"][0] == d.id and set(note["tags"]) == {d.id, *q.tags}
            front, back = note["front"], note["back"]
            if not q.family:
                assert esc(q.prompt["en"]) in front and esc(q.prompt["zh"]) in front, q.id
                assert esc(q.answer["en"]) in back and esc(q.answer["zh"]) in back, q.id
            for i, c in enumerate(q.choices):
                assert f"{LETTERS[i]})" in front
                assert esc(c["en"]) in front and esc(c["zh"]) in front, q.id
            if q.type == "choice":
                assert f"Correct · 正确答案</span> {', '.join(LETTERS[i] for i in q.correct)}" in back
            if q.type == "numeric" and not q.family:
                assert f"Value · 数值</span> {fmt(q.value, 6)}" in back
            for p in q.key_points:
                assert esc(p.en) in back and esc(p.zh) in back, q.id
            if q.key_points:
                assert "Key points · 要点" in back
            for pit in q.pitfalls:
                assert "Often claimed · 常见说法" in back and "In fact · 实际上" in back
                for side in ("claim", "truth"):
                    assert esc(pit[side]["en"]) in back and esc(pit[side]["zh"]) in back, q.id
                    assert esc(pit[side]["en"]) not in front


def test_one_language_leaves_the_other_out(invoke, out, shipped):
    zh = export(invoke, out / "zh.apkg", "--lang", "zh", "--deck", "normalization")
    en = export(invoke, out / "en.apkg", "--lang", "en", "--deck", "normalization")
    deck = shipped.deck("normalization")
    assert set(zh["decks"].values()) == {"Default", f"dlprep::{deck.title['zh']}"}
    assert set(en["decks"].values()) == {"Default", f"dlprep::{deck.title['en']}"}
    for q in deck.questions:
        assert esc(q.prompt["zh"]) in zh["notes"][q.id]["front"] and esc(q.prompt["en"]) not in zh["notes"][q.id]["front"]
        assert esc(q.prompt["en"]) in en["notes"][q.id]["front"] and esc(q.prompt["zh"]) not in en["notes"][q.id]["front"]
        if q.pitfalls:
            assert "常见说法" in zh["notes"][q.id]["back"] and "Often claimed" not in zh["notes"][q.id]["back"]
            assert "Often claimed" in en["notes"][q.id]["back"] and "常见说法" not in en["notes"][q.id]["back"]
        # the same question is the same note whatever the language
        assert zh["notes"][q.id]["guid"] == en["notes"][q.id]["guid"]


def test_ids_are_stable_across_exports_and_distinct_per_question(invoke, out):
    import genanki

    first = export(invoke, out / "a.apkg")
    second = export(invoke, out / "b.apkg")
    guids = {qid: n["guid"] for qid, n in first["notes"].items()}
    assert guids == {qid: n["guid"] for qid, n in second["notes"].items()}
    assert len(set(guids.values())) == len(guids)
    assert all(g == genanki.guid_for("dlprep", qid) for qid, g in guids.items())
    assert first["decks"] == second["decks"]
    # Fixed forever: a different note type id would make Anki add every note again instead of updating it.
    assert anki.MODEL_ID == 1614543006
    assert {n["mid"] for n in first["notes"].values()} == {anki.MODEL_ID}
    assert list(first["models"]) == [str(anki.MODEL_ID)]


def test_a_generated_family_exports_one_fixed_worked_example(invoke, out, shipped):
    first = export(invoke, out / "a.apkg", "--deck", "calculations")
    second = export(invoke, out / "b.apkg", "--deck", "calculations", "--lang", "both")
    family_questions = [q for q in shipped.questions if q.family]
    assert family_questions
    for q in family_questions:
        example = generate(q.family, random.Random(anki.example_seed(q.id)))
        note = first["notes"][q.id]
        assert note["front"] == second["notes"][q.id]["front"] and note["back"] == second["notes"][q.id]["back"]
        assert esc(example.prompt["en"]) in note["front"] and esc(example.prompt["zh"]) in note["front"]
        assert esc(q.prompt["en"]) not in note["front"]  # "... (new numbers every time)" would be untrue on a card
        assert f"Value · 数值</span> {fmt(example.value, 6)}" in note["back"]
        assert "Worked solution · 解题过程" in note["back"]
        assert esc(example.solution["en"]) in note["back"] and esc(example.solution["zh"]) in note["back"]


def test_deck_text_is_escaped_and_tags_and_selection_apply(invoke, out):
    deck_file = out / "mine.yaml"
    deck_file.write_text(USER_DECK, encoding="utf-8")
    pkg = export(invoke, out / "mine.apkg", "--deck-path", str(deck_file), "--deck", "mine", "--tag", "edge-cases")
    assert list(pkg["notes"]) == ["mine.escape"]  # --tag keeps only the tagged question
    assert set(pkg["decks"].values()) == {"Default", "dlprep::My <b>own</b> deck"}  # a name, not HTML
    note = pkg["notes"]["mine.escape"]
    assert "<script>" not in note["front"] and "<i>" not in note["front"]
    assert "Is &lt;script&gt;alert(1)&lt;/script&gt; &amp; co escaped?<br>Second line" in note["front"]
    assert "&lt;i&gt;转义&lt;/i&gt;了吗？" in note["front"]
    assert "Yes: a &lt; b &amp;&amp; c &gt; d" in note["back"] and "angle &lt;brackets&gt;" in note["back"]
    assert "Anki shows &lt;raw&gt; HTML" in note["back"] and "Text is escaped &amp; safe" in note["back"]
    assert "References · 参考文献</span> Smith &amp; Jones &lt;2020&gt;" in note["back"]
    assert note["tags"] == ["mine", "html", "edge-cases"]

    pkg = export(invoke, out / "choice.apkg", "--deck-path", str(deck_file), "--deck", "mine", "--lang", "en")
    choice = pkg["notes"]["mine.choice"]
    assert 'A)</span> <span lang="en">first &lt;one&gt;</span>' in choice["front"]
    assert 'B)</span> <span lang="en">second</span>' in choice["front"]
    assert "first" not in choice["back"] and "Correct</span> B" in choice["back"]


def test_human_line_in_both_languages_and_json(invoke, out):
    path = out / "calc.apkg"
    n = len(load_decks(include_user=False).deck("calculations").questions)
    result = invoke("decks", "export", str(path), "--deck", "calculations")
    assert result.exit_code == 0
    assert result.output == f"Wrote {n} notes in 1 decks to {path}\n"
    result = invoke("decks", "export", str(path), "--deck", "calculations", "--lang", "zh")
    assert result.output == f"已将 {n} 条笔记（1 个牌组）写入 {path}\n"
    result = invoke("decks", "export", str(path), "--deck", "calculations", env={"DLPREP_LANG": "zh"})
    assert result.output == f"已将 {n} 条笔记（1 个牌组）写入 {path}\n"
    result = invoke("decks", "export", str(path), "--deck", "calculations", "--deck", "detection", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"file": str(path), "notes": len(read_apkg(path)["notes"]), "decks": 2}
    assert result.stdout.count("\n") == 1
    assert sorted(os.listdir(out)) == ["calc.apkg"]  # no temporary file left


def test_unknown_deck_is_the_quiz_error(invoke, out):
    path = out / "x.apkg"
    result = invoke("decks", "export", str(path), "--deck", "nope")
    known = ", ".join(d.id for d in load_decks().decks)
    assert result.exit_code == 2
    assert result.output == f"error: unknown deck 'nope' (known: {known})\n"
    assert result.output == invoke("quiz", "--deck", "nope").output
    assert not path.exists()


@pytest.mark.parametrize("name", ["deck.zip", "deck", "deck.apkg.tmp", ".apkg"])
def test_a_name_not_ending_in_apkg_is_refused(invoke, out, name):
    path = out / name
    result = invoke("decks", "export", str(path))
    assert result.exit_code == 2
    assert result.output == f"error: {path}: an Anki package name must end in .apkg\n"
    assert os.listdir(out) == []


def test_a_directory_or_device_target_is_refused(invoke, out):
    folder = out / "folder.apkg"
    folder.mkdir()
    result = invoke("decks", "export", str(folder))
    assert result.exit_code == 2
    assert result.output == f"error: {folder}: exists and is not a regular file; nothing was written\n"
    assert folder.is_dir() and os.listdir(folder) == []
    device = out / "null.apkg"
    device.symlink_to(os.devnull)
    result = invoke("decks", "export", str(device), "--lang", "zh")
    assert result.exit_code == 2
    assert result.output == f"error: {device}：已存在且不是普通文件，未写入任何内容\n"
    assert sorted(os.listdir(out)) == ["folder.apkg", "null.apkg"]


def test_no_question_selected_or_bad_language_is_one_line(invoke, out):
    path = out / "x.apkg"
    result = invoke("decks", "export", str(path), "--tag", "no-such-tag")
    assert result.exit_code == 2
    assert result.output == "error: no questions match the given --deck/--tag; nothing was written\n"
    result = invoke("decks", "export", str(path), "--lang", "fr")
    assert result.exit_code == 2
    assert result.output == "error: unknown language 'fr' (choose en, zh or both)\n"
    assert os.listdir(out) == []


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(invoke, out, monkeypatch):
    path = out / "old.apkg"
    path.write_bytes(b"previous export")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    result = invoke("decks", "export", str(path))
    assert result.exit_code == 2
    assert result.output == f"error: {path}: No space left on device\n"
    assert path.read_bytes() == b"previous export"
    assert os.listdir(out) == ["old.apkg"]
    monkeypatch.undo()
    assert len(export(invoke, path, "--deck", "losses")["notes"]) == len(load_decks().deck("losses").questions)
    assert os.listdir(out) == ["old.apkg"]


def test_help_and_readme(invoke):
    result = invoke("decks", "export", "--help")
    assert result.exit_code == 0 and "--lang" in result.output and "--deck-path" in result.output
    assert "dlprep decks export" in README


def test_genanki_is_imported_only_by_the_export(cli_env):
    probe = "import sys, dlprep.cli, dlprep.cli.decks, dlprep.deck.anki; print('genanki' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], env=cli_env, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr
