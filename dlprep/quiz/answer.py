"""Grading one answer: choice letters, numbers within tolerance, recall (dlprep.quiz.recall).

Input is read as people type it, with a Chinese input method too: full-width letters and digits,
Chinese commas and enumeration marks between letters, a decimal comma where it cannot be a
thousands separator. Each grader returns a Graded with the suggested rating and why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

from dlprep.deck.schema import LETTERS
from dlprep.schedule import Rating

AGAIN, HARD, GOOD, EASY = Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY


@dataclass
class Graded:
    """The outcome of one answer. `correct` is None for recall (the user rates it)."""

    correct: bool | None
    suggested: Rating | None
    covered: list[int] = field(default_factory=list)  # recall: indices of the key points stated
    misconception: int | None = None  # recall: index of the pitfall whose claim was stated
    reason: str = ""  # why this suggestion: a catalog key under "why."
    parsed: object = None
    problem: str | None = None  # e.g. "number": the answer could not be read
    wrong: list[int] = field(default_factory=list)  # choice: letters chosen that are not correct
    missing: list[int] = field(default_factory=list)  # choice: correct letters not chosen


def _typed(text: str) -> str:
    """Full-width forms folded to ASCII (ａ -> a, ３／４ -> 3/4, Chinese punctuation to its ASCII twin)."""
    return unicodedata.normalize("NFKC", text).replace("、", ",").replace("。", ".").replace("−", "-")


def parse_letters(text: str, count: int) -> set[int] | None:
    """'b', 'B', 'a,c', 'A C', 'ac', 'A，C', 'A、C', 'ａｃ' -> {indices}; None when anything else is typed."""
    letters = re.sub(r"[\s,;/]+", "", _typed(text).strip().upper())
    valid = LETTERS[:count]
    if not letters or any(ch not in valid for ch in letters):
        return None
    return {valid.index(ch) for ch in letters}


def grade_choice(text: str, correct: list[int], count: int) -> Graded:
    chosen = parse_letters(text, count)
    if chosen is None:
        return Graded(False, AGAIN, problem="letters")
    ok = chosen == set(correct)
    return Graded(ok, GOOD if ok else AGAIN, parsed=sorted(chosen), reason="right" if ok else "wrong",
                  wrong=sorted(chosen - set(correct)), missing=sorted(set(correct) - chosen))


_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def parse_number(text: str) -> float | None:
    """Read '0.25', '1/4', '25%', '1e-3', '1,024', '0,75' (a decimal comma), '−2', '３／４'; None otherwise.

    A comma is a thousands separator only where it can be one (1,024 or 12,345,678); otherwise a single
    comma between digits is a decimal comma (0,75 or 3,5).
    """
    cleaned = _typed(text).strip().replace("_", "").replace(" ", "")
    if _THOUSANDS.fullmatch(cleaned.rstrip("%")):
        cleaned = cleaned.replace(",", "")
    elif _DECIMAL_COMMA.fullmatch(cleaned.rstrip("%")):
        cleaned = cleaned.replace(",", ".")
    if not cleaned or "," in cleaned:
        return None
    scale = 1.0
    if cleaned.endswith("%"):
        cleaned, scale = cleaned[:-1], 0.01
    try:
        value = float(Fraction(cleaned)) * scale if "/" in cleaned else float(cleaned) * scale
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return value if value == value and abs(value) != float("inf") else None


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
    return Graded(ok, GOOD if ok else AGAIN, parsed=number, reason="right" if ok else "wrong")


def grade_recall(text: str, key_points: list, pitfalls: list, prompt: dict[str, str]) -> Graded:
    """What the answer states, the misconception it repeats, and the rating that follows (None when empty)."""
    from dlprep.quiz import recall

    found = recall.judge(text, key_points, pitfalls, prompt)
    suggested, reason = found.suggestion(len(key_points))
    return Graded(None, suggested, covered=found.covered, misconception=found.misconception, reason=reason)


def rate_covered(covered: int, points: int, *, misconception: bool = False) -> tuple[Rating, str]:
    """The rating for the key points the user says they covered (their account replaces the ticks; a
    misconception stated still caps it at Hard)."""
    from dlprep.quiz import recall

    rating, reason = recall.suggest(covered, points, misconception=misconception)
    return rating, reason
