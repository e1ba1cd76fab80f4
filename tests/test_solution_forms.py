"""Solutions written the way candidates write them, graded in-process: every correct form passes.

`tests/fixtures/solutions/<kata>/pass_*.py` must pass (loops, lists of numpy scalars, tuples, float32,
another valid algorithm...). `fail_*.py` must not pass; a first line `# mistake: <id>` says which known
mistake must be named, `# mistake: none` that none may be.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dlprep.kata import engine, spec as spec_mod
from dlprep.kata.runner import InProcess
from dlprep.kata.sandbox import Limits
from dlprep.kata.verdict import Verdict

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parent / "fixtures" / "solutions"
FILES = sorted(ROOT.glob("*/*.py"))


def _load(path: Path, names: list[str]) -> dict:
    namespace: dict = {"__name__": f"solution_{path.stem}"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return {n: namespace.get(n) for n in names}


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}-{p.stem}" for p in FILES])
def test_solution_form(path):
    spec = spec_mod.find(path.parent.name)
    functions = _load(path, spec.names)
    expected = re.match(r"#\s*mistake:\s*(\S+)", path.read_text(encoding="utf-8"))
    for seed in (5, 23):
        report = engine.grade(spec, InProcess(spec.kata(), functions, path.name), seed=seed, limits=Limits())
        if path.stem.startswith("pass"):
            assert report.verdict is Verdict.PASS, (seed, report.message)
        else:
            assert report.verdict is not Verdict.PASS, seed
            if expected:
                named = report.mistake.id if report.mistake else "none"
                assert named == expected.group(1), (seed, named, report.message)
