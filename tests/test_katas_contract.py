"""The content contract, over every kata folder: reference passes, starter fails, each known mistake
fails and is named as itself (never as another), hints and statements exist in both languages, no
stray files, katas use only the plug-in surface.

Implementations run in-process here (they are our own code); the sandboxed worker is covered by
the grader tests.
"""

from __future__ import annotations

import ast

import pytest

from dlprep import paths
from dlprep.kata import engine, spec as spec_mod
from dlprep.kata.runner import InProcess, namespace_of
from dlprep.kata.sandbox import Limits
from dlprep.kata.verdict import Verdict

pytestmark = pytest.mark.slow

SPECS = spec_mod.discover()
IDS = [s.id for s in SPECS]
MISTAKES = [(s, m.id) for s in SPECS for m in s.mistakes]


def _grade(spec, functions, seed=1):
    runner = InProcess(spec.kata(), functions, "solution.py")
    return engine.grade(spec, runner, seed=seed, limits=Limits())


def test_the_four_core_katas_ship():
    assert {"nms", "conv2d", "bn_backward", "kmeans"} <= set(IDS)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_reference_passes(spec):
    for seed in (1, 2):
        report = _grade(spec, namespace_of(spec.module("reference"), spec.names), seed)
        assert report.verdict is Verdict.PASS, report.message
        assert all(c.passed for c in report.checks)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_untouched_starter_fails(spec):
    namespace: dict = {}
    exec(compile(spec.starter(), str(spec.path / "starter.py"), "exec"), namespace)
    report = _grade(spec, {n: namespace.get(n) for n in spec.names})
    assert report.verdict is not Verdict.PASS


@pytest.mark.parametrize(("spec", "mistake"), MISTAKES, ids=[f"{s.id}-{m}" for s, m in MISTAKES])
def test_each_known_mistake_fails_and_is_named(spec, mistake):
    variant = namespace_of(getattr(spec.module("mistakes"), mistake), spec.names)
    for seed in (3, 11, 29):  # the name must not depend on which counterexample one seed happens to find
        report = _grade(spec, variant, seed=seed)
        assert report.verdict is Verdict.FAIL, (seed, report.verdict, report.message)
        named = report.mistake.id if report.mistake else None
        assert named == mistake, (seed, named, report.message)  # itself, never another mistake or none
        again = _grade(spec, variant, seed=seed)
        assert (again.mistake.id if again.mistake else None) == named  # deterministic for a seed


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_bench_case_and_solution_notes(spec):
    """Every kata can be timed (--bench) and explained after a pass; the reference runs on its bench case."""
    import numpy as np

    assert spec.solution_notes and spec.solution_notes["en"] and spec.solution_notes["zh"]
    kata = spec.kata()
    assert kata.bench is not None
    case, size = kata.bench(np.random.default_rng(0))
    assert isinstance(case, dict) and case
    assert isinstance(size, str) and size.strip()
    runner = InProcess(kata, namespace_of(spec.module("reference"), spec.names), "reference.py")
    message = runner.call(case)
    assert message["status"] == "ok", message


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_text_exists_in_both_languages(spec):
    assert spec.hints and all(h["en"] and h["zh"] for h in spec.hints)
    for lang in ("en", "zh"):
        statement = spec.statement(lang)
        assert len(statement) > 200
        for name in spec.names:
            assert name in statement
    assert "unchanged" in spec.statement("en") or "modify" in spec.statement("en")


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_checks_module_matches_metadata(spec):
    assert [c.__name__ for c in spec.kata().checks] == list(spec.checks)
    mistakes = spec.module("mistakes")
    for m in spec.mistakes:
        assert hasattr(mistakes, m.id), m.id
    starter = ast.parse(spec.starter())
    defined = {n.name for n in starter.body if isinstance(n, ast.FunctionDef)}
    assert set(spec.names) <= defined


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_no_stray_files(spec):
    present = {p.name for p in spec.path.iterdir() if p.name != "__pycache__"}
    assert present == spec_mod.FILES


def test_katas_folder_is_the_registry():
    folders = sorted(p.name for p in paths.shipped_katas().iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == sorted(IDS)


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_katas_import_only_the_plug_in_surface(spec):
    for stem in ("checks", "mistakes", "reference", "starter"):
        tree = ast.parse((spec.path / f"{stem}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dlprep"):
                assert node.module == "dlprep.kata.api" or (node.module == "dlprep.kata" and
                                                             [a.name for a in node.names] == ["api"]), (stem, node.module)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("dlprep") and a.name != "dlprep.kata.api" for a in node.names), stem


def test_related_questions_exist():
    from dlprep.deck.loader import load_decks

    ids = set(load_decks(include_user=False).by_id)
    for spec in SPECS:
        wanted = set(spec.related_questions) | {q for m in spec.mistakes for q in m.related_questions}
        assert wanted <= ids, (spec.id, sorted(wanted - ids))
