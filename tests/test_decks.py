"""Deck validation: every broken fixture gives its exact file:line message and exit 2; shipped decks
validate; a broken user deck is skipped without taking the shipped decks down."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dlprep.deck.loader import load_decks

FIXTURES = Path(__file__).parent / "fixtures" / "decks"

EXPECTED = {
    "alias_bomb.yaml": ["12: YAML anchors and aliases are not allowed in decks"],
    "choice_without_answer.yaml": ["5: a choice question needs a correct answer (e.g. correct: [B])"],
    "deep_nesting.yaml": ["3: nesting deeper than 64 levels"],
    "duplicate_ids.yaml": ["13: duplicate id 'dup.one'",
                           "21: duplicate id 'calc.iou-two-boxes' (also in deck 'calculations')"],
    "empty.yaml": ["1: the file is empty"],
    "malformed.yaml": ["8: malformed YAML: while scanning a quoted scalar (line 7): found unexpected end of stream (column 1)"],
    "missing_language.yaml": ["10: prompt is missing its 'zh' text"],
    "not_utf8.yaml": ["6: file is not valid UTF-8"],
    "unknown_type.yaml": ["5: unknown type 'essay' (expected one of: recall, choice, numeric)"],
    "wrong_types.yaml": [
        "1: format must be 1",
        "1: deck must be a lowercase id such as 'optimization'",
        "1: title must be a mapping with en and zh",
        "5: question needs an id of lowercase letters, digits, '.', '_' or '-'",
        "5: tags must be a non-empty list of lowercase tags",
        "5: difficulty must be one of: easy, medium, hard",
        "5: references must be a non-empty text or a list of them",
        "5: prompt must be a mapping with en and zh",
        "5: a recall question needs key_points",
        "13: a numeric question needs a finite number as value",
    ],
}


def test_every_fixture_has_an_expectation():
    assert sorted(p.name for p in FIXTURES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.fault
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_deck_reports_file_and_line(invoke, name):
    path = FIXTURES / name
    result = invoke("decks", "check", str(path))
    assert result.exit_code == 2
    lines = [f"{path}:{tail}" for tail in EXPECTED[name]]
    assert result.output == "".join(f"{line}\n" for line in lines) + f"error: {len(lines)} problem(s) found in decks\n"
    assert "Traceback" not in result.output


@pytest.mark.fault
def test_huge_file_is_rejected_by_size(invoke, tmp_path):
    big = tmp_path / "huge.yaml"
    big.write_bytes(b"# padding\n" * (5 * 1024 * 1024))  # 50 MB
    result = invoke("decks", "check", str(big))
    assert result.exit_code == 2
    assert result.output.startswith(f"{big}:1: file is 52428800 bytes, over the 5242880-byte limit\n")


def test_shipped_decks_validate(invoke):
    result = invoke("decks", "check")
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_shipped_content_meets_the_coverage_floor():
    decks = load_decks(include_user=False, use_cache=False)
    questions = decks.questions
    assert not decks.problems
    assert len(questions) >= 450
    assert sum(q.auto_graded for q in questions) >= 120
    from dlprep.deck.families import FAMILIES

    assert len(FAMILIES) >= 25 and {q.family for q in questions if q.family} == set(FAMILIES)
    ids = [q.id for q in questions]
    assert len(ids) == len(set(ids))
    seeds = {p.name for p in (Path(__file__).parent.parent.parent / "shared" / "seeds").glob("*.txt")}
    for q in questions:
        assert q.prompt and q.answer, q.id
        assert not seeds or set(q.source) <= seeds, q.id  # a source, when given, is a seed note
        assert q.source or q.references, q.id  # every card says where its facts can be checked
    sources = {s for q in questions for s in q.source}
    assert not seeds or seeds <= sources  # every seed file is drawn on


def test_broken_user_deck_is_skipped_not_fatal(invoke, dlprep_home):
    user = dlprep_home / "decks"
    user.mkdir(parents=True)
    shutil.copy(FIXTURES / "malformed.yaml", user / "mine.yaml")
    listing = invoke("decks", "list", "--json")
    assert listing.exit_code == 0
    data = json.loads(listing.stdout)
    assert any(d["deck"] == "calculations" for d in data["decks"])
    assert any("mine.yaml:8" in p for p in data["problems"])
    quiz = invoke("quiz", "--deck", "calculations", "--limit", "1", input="q\n")
    assert quiz.exit_code == 0
    assert "mine.yaml:8" in quiz.output and "(skipped)" in quiz.output


def test_user_deck_loads_beside_shipped(invoke, dlprep_home):
    user = dlprep_home / "decks"
    user.mkdir(parents=True)
    (user / "mine.yaml").write_text((FIXTURES / "choice_without_answer.yaml").read_text() + "    correct: [B]\n",
                                    encoding="utf-8")
    data = json.loads(invoke("decks", "list", "--json").stdout)
    mine = next(d for d in data["decks"] if d["deck"] == "nocorrect")
    assert mine["source"] == "user" and mine["questions"] == 1


def test_the_validated_cache_skips_yaml_on_the_second_load(dlprep_home, monkeypatch):
    load_decks()
    assert (dlprep_home / "cache" / "decks.marshal").exists()
    from dlprep import yamlfile

    monkeypatch.setattr(yamlfile, "parse", lambda raw: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert load_decks().questions