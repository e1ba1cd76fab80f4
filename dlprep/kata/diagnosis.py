"""Naming the classic mistake a wrong submission makes, only on evidence and the same way every time.

A label is a claim about the user, and the wrong one teaches the wrong lesson and brings the wrong
questions back. So a known mistake is named only when its own outputs are the submission's outputs:
on the example shown, on nearly every failing example the run evaluated, and on nearly every example
overall (the evidence is what the run saw, topped up from a seeded draw, so it is the same for a
seed). Cases the kata declares ambiguous (several answers right, e.g. tied scores) are left out:
a right implementation and a mistake may legitimately differ there. When no mistake qualifies, or two explain the evidence equally well, none is named.
"""

from __future__ import annotations

from typing import Any

from dlprep.kata.api import Kata
from dlprep.kata.protocol import Status
from dlprep.kata.runner import InProcess, namespace_of
from dlprep.kata.spec import KataSpec
from dlprep.kata.verdict import Mistake

NEARLY_ALL = 0.98  # of all evidence
MISSES = 0.02  # share of the failing examples a true match may miss (float noise); 0 below 50 of them


def name_mistake(spec: KataSpec, kata: Kata, evidence: list[tuple[dict, Any, Any]], case: dict, got: Any) -> Mistake | None:
    """The known mistake whose outputs are the submission's on the evidence, or None.

    `evidence` holds (case, submission's outputs, reference's outputs); `case`/`got` is the example shown.
    """
    evidence = [(c, g, w) for c, g, w in evidence if not kata.is_ambiguous(c)]
    failing = [(c, g) for c, g, w in evidence if not kata.agree(g, w)]
    passing = [(c, g) for c, g, w in evidence if kata.agree(g, w)]
    if not failing:
        return None
    if kata.is_ambiguous(case):  # the example shown admits several answers: anchor on a clear one
        case, got = failing[0]
    module = spec.module("mistakes")
    qualified = []
    for m in spec.mistakes:
        variant = InProcess(kata, namespace_of(getattr(module, m.id), spec.names), "mistakes.py")
        if not _agrees(kata, variant, case, got):
            continue
        hits = sum(_agrees(kata, variant, c, g) for c, g in failing)
        if len(failing) - hits > int(MISSES * len(failing)):
            continue
        hits += sum(_agrees(kata, variant, c, g) for c, g in passing)
        if hits >= NEARLY_ALL * len(evidence):
            qualified.append((hits, m))
    if not qualified:
        return None
    qualified.sort(key=lambda t: -t[0])
    if len(qualified) > 1 and qualified[0][0] == qualified[1][0]:
        return None  # two mistakes explain it equally well: naming either could be wrong
    m = qualified[0][1]
    return Mistake(m.id, m.name, m.why)


def _agrees(kata: Kata, variant: InProcess, case: dict, got: Any) -> bool:
    try:
        out = variant.call(case)
    except Exception:  # noqa: BLE001 -- a mistake variant may legitimately blow up on some inputs
        return False
    return out["status"] == Status.OK and kata.agree(out["outputs"], got)
