"""The deck caches and the fast YAML path: same decks as a fresh load, stale or corrupt caches rebuilt,
and the event-based loader returning exactly what PyYAML's safe loader (plus line numbers) returns."""

from __future__ import annotations

import itertools
import os
import random
import re
from pathlib import Path

import pytest
import yaml

from dlprep import yamlfile
from dlprep.deck import loader
from dlprep.deck.loader import load_decks

FIXTURES = Path(__file__).parent / "fixtures" / "decks"
SHIPPED = Path(__file__).parent.parent / "questions"

DECK = """format: 1
deck: mine
title: {en: Mine, zh: 我的}
questions:
  - id: mine.one
    type: choice
    tags: [mine]
    difficulty: easy
    prompt: {en: "First?", zh: "第一？"}
    answer: {en: "A.", zh: "A。"}
    choices: [{en: a, zh: 甲}, {en: b, zh: 乙}]
    correct: [A]
  - id: mine.two
    type: recall
    tags: [mine]
    difficulty: hard
    prompt: {en: "Second?", zh: "第二？"}
    answer: {en: "Because.", zh: "因为。"}
    key_points:
      - {en: "a point", zh: "要点", keywords: [point]}
"""


def snapshot(decks) -> list:
    """Everything a command reads from a DeckSet, as plain comparable values."""
    return ([(d.id, d.title, str(d.path), d.shipped, [vars(q) for q in d.questions]) for d in decks.decks],
            [str(p) for p in decks.problems], list(decks.by_id))


def no_reading(monkeypatch):
    monkeypatch.setattr(loader, "read_deck", lambda *a, **k: pytest.fail("a deck was read again"))


def test_second_load_comes_from_the_validated_cache(dlprep_home, monkeypatch):
    user = dlprep_home / "decks"
    user.mkdir(parents=True)
    (user / "mine.yaml").write_text(DECK, encoding="utf-8")
    fresh = load_decks()
    assert (dlprep_home / "cache" / "decks.marshal").is_file()
    no_reading(monkeypatch)
    cached = load_decks()
    assert snapshot(cached) == snapshot(fresh)
    assert cached.by_id["mine.two"].key_points[0].match == ("point",)  # legacy keywords read as literal synonyms
    assert type(cached.decks[0].path) is type(fresh.decks[0].path)


def test_cached_decks_equal_an_uncached_load(dlprep_home):
    load_decks()
    assert snapshot(load_decks()) == snapshot(load_decks(use_cache=False))


def test_editing_a_deck_file_invalidates_the_cache(dlprep_home):
    user = dlprep_home / "decks"
    user.mkdir(parents=True)
    deck = user / "mine.yaml"
    deck.write_text(DECK, encoding="utf-8")
    assert load_decks().by_id["mine.one"].prompt["en"] == "First?"
    deck.write_text(DECK.replace("First?", "Changed?"), encoding="utf-8")
    assert load_decks().by_id["mine.one"].prompt["en"] == "Changed?"
    deck.unlink()
    assert "mine.one" not in load_decks().by_id


def test_same_size_edit_with_new_mtime_invalidates_the_cache(dlprep_home):
    user = dlprep_home / "decks"
    user.mkdir(parents=True)
    deck = user / "mine.yaml"
    deck.write_text(DECK, encoding="utf-8")
    load_decks()
    deck.write_text(DECK.replace("First?", "Frist?"), encoding="utf-8")
    st = deck.stat()
    os.utime(deck, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert load_decks().by_id["mine.one"].prompt["en"] == "Frist?"


@pytest.mark.parametrize("garbage", [b"", b"not marshal at all", b"\xff" * 64, None])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(dlprep_home, garbage):
    expected = snapshot(load_decks(use_cache=False))
    cache = dlprep_home / "cache" / "decks.marshal"
    load_decks()
    if garbage is None:  # well-formed marshal data of the right key but the wrong shape
        import marshal

        key, _ = marshal.loads(cache.read_bytes())
        garbage = marshal.dumps((key, [("x", 1)]))
    cache.write_bytes(garbage)
    assert snapshot(load_decks()) == expected
    assert cache.read_bytes() != garbage  # rewritten
    assert snapshot(load_decks()) == expected


def test_broken_decks_are_not_cached_and_stay_reported(dlprep_home):
    user = dlprep_home / "decks"
    user.mkdir(parents=True)
    (user / "broken.yaml").write_text((FIXTURES / "malformed.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_decks().problems
    assert load_decks().problems


def test_use_cache_false_neither_reads_nor_writes_the_cache(dlprep_home):
    load_decks(use_cache=False)
    assert not (dlprep_home / "cache" / "decks.marshal").exists()


def test_extra_deck_paths_are_part_of_the_key(dlprep_home, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(DECK, encoding="utf-8")
    assert "mine.one" not in load_decks().by_id
    assert "mine.one" in load_decks([extra]).by_id
    assert "mine.one" not in load_decks().by_id


# ---- the YAML reader ------------------------------------------------------------------------


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != yamlfile.LINE}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.yaml")), ids=lambda p: p.name)
def test_reader_gives_what_pyyaml_gives_plus_lines(path):
    raw = path.read_bytes()
    assert _strip_lines(yamlfile.parse(raw)) == yaml.load(raw, Loader=yaml.CSafeLoader)


def test_gc_is_back_on_after_parsing():
    import gc

    with pytest.raises(yamlfile.YamlProblem):
        yamlfile.parse(b"a: [1, 2\n")
    assert gc.isenabled()
    yamlfile.parse(b"a: 1\n")
    assert gc.isenabled()


@pytest.mark.parametrize(("raw", "key"), [
    (b"a: &x [1]\nb: *x\n", "alias"),
    (b"[" * 100 + b"]" * 100, "too_deep"),
    (b"- 1\n" * 300_001, "too_many_nodes"),
    (b"x: [" + b"1," * 25_000 + b"1]", "too_many_items"),
    (b"a: \xff\n", "not_utf8"),
])
def test_reader_refuses_documents_that_would_cost_too_much(raw, key):
    with pytest.raises(yamlfile.YamlProblem) as info:
        yamlfile.parse(raw)
    assert info.value.key == key


def old_nesting_depth(text: str) -> tuple[int, int]:
    """The original bracket-by-bracket scan: the oracle for the faster one."""
    flow = deepest_flow = flow_pos = 0
    for match in re.finditer(r"[\[\]{}]", text):
        if match.group() in "[{":
            flow += 1
            if flow > deepest_flow:
                deepest_flow, flow_pos = flow, match.start()
        else:
            flow = max(0, flow - 1)
    deepest_block = block_pos = 0
    for match in re.finditer(r"^( *)((?:[-?] +)*)", text, re.M):
        depth = len(match.group(1)) // 2 + match.group(2).count("-") + match.group(2).count("?")
        if depth > deepest_block:
            deepest_block, block_pos = depth, match.start()
    pos = flow_pos if deepest_flow >= deepest_block else block_pos
    return deepest_flow + deepest_block, text.count("\n", 0, pos) + 1


def test_nesting_depth_matches_the_simple_scan():
    rng = random.Random(7)
    samples = ["", "]]]" + "[" * 70, "a: [[[x]]]\n  - - b\n"]
    samples.append((FIXTURES / "deep_nesting.yaml").read_text(encoding="utf-8"))
    samples += ["".join(rng.choice("[]{}  -?\nab:'") for _ in range(rng.randint(0, 80))) for _ in range(2000)]
    for text in itertools.chain(samples, (p.read_text(encoding="utf-8") for p in SHIPPED.glob("*.yaml"))):
        assert yamlfile.nesting_depth(text) == old_nesting_depth(text), repr(text)
