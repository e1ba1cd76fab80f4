"""Grading one answer: choice letters, numbers within tolerance, recall key-point coverage.

Each grader returns a Graded with the suggested FSRS rating (1 Again .. 4 Easy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from dlprep.deck.schema import LETTERS, KeyPoint
from dlprep.schedule import Rating

AGAIN, HARD, GOOD, EASY = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


@dataclass
class Graded:
    """The outcome of one answer. `correct` is None for recall (self-rated)."""

    correct: bool | None
    suggested: int
    covered: list[KeyPoint] = field(default_factory=list)
    missed: list[KeyPoint] = field(default_factory=list)
    parsed: object = None
    problem: str | None = None  # e.g. "not a number": the answer could not be read


def parse_letters(text: str, count: int) -> set[int] | None:
    """'b', 'B', 'a,c', 'A C' or 'ac' -> {indices}; None when anything else is typed."""
    letters = re.sub(r"[\s,;/]+", "", text.strip().upper())
    valid = LETTERS[:count]
    if not letters or any(ch not in valid for ch in letters):
        return None
    return {valid.index(ch) for ch in letters}


def grade_choice(text: str, correct: list[int], count: int) -> Graded:
    chosen = parse_letters(text, count)
    if chosen is None:
        return Graded(False, AGAIN, problem="letters")
    ok = chosen == set(correct)
    return Graded(ok, GOOD if ok else AGAIN, parsed=sorted(chosen))


def parse_number(text: str) -> float | None:
    """Read '0.25', '1/4', '25%', '1e-3', '1,024' or '−2' (Unicode minus); None otherwise."""
    cleaned = text.strip().replace("−", "-").replace(",", "").replace("_", "")
    if not cleaned:
        return None
    scale = 1.0
    if cleaned.endswith("%"):
        cleaned, scale = cleaned[:-1], 0.01
    try:
        return float(Fraction(cleaned)) * scale if "/" in cleaned else float(cleaned) * scale
    except (ValueError, ZeroDivisionError):
        return None


def numeric_tolerance(value: float, tolerance: float | None) -> float:
    """An explicit tolerance, else a small relative one so typed round numbers still count."""
    if tolerance is not None:
        return tolerance
    return max(1e-9, 1e-3 * abs(value))


def grade_numeric(text: str, value: float, tolerance: float | None) -> Graded:
    number = parse_number(text)
    if number is None:
        return Graded(False, AGAIN, problem="number")
    ok = abs(number - value) <= numeric_tolerance(value, tolerance) + 1e-12
    return Graded(ok, GOOD if ok else AGAIN, parsed=number)


def grade_recall(text: str, points: list[KeyPoint]) -> Graded:
    """Suggest a rating from how many key points the typed answer shows (any keyword counts)."""
    typed = " ".join(text.lower().split())
    covered = [p for p in points if any(k in typed for k in p.keywords)] if typed else []
    missed = [p for p in points if p not in covered]
    share = len(covered) / len(points) if points else 0.0
    if share == 0:
        suggested = AGAIN
    elif share < 0.5:
        suggested = HARD
    elif share < 1:
        suggested = GOOD
    else:
        suggested = EASY
    return Graded(None, suggested, covered, missed)
