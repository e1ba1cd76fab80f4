"""Judging a typed recall answer: which key points it states, whether it states a known misconception,
and the rating that follows, with the reason. A suggestion only: the user confirms or corrects it.

Evidence rules, so that a suggestion is never better than the answer:
- a key point counts when one of its match expressions matches (dlprep.quiz.textmatch: words, not
  substrings; negated mentions do not count) and at least one word that matched is not already in the
  question's prompt (typing the prompt back proves nothing);
- a pitfall's `detect` expressions name the misconception it warns about; stating it caps the
  suggestion at Hard, whatever else the answer covers;
- a bare list of terms ("relu leaky prelu elu gelu") is not an explanation: capped at Hard;
- an empty answer gets no suggestion at all (reveal, then rate, as in Anki).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from dlprep.quiz import textmatch
from dlprep.schedule import Rating

# common English words that appear in sentences and not in lists of terms
_FUNCTION_WORDS = frozenset("""
a an the is are was were be been being it its this that these those of to in on at by for with from as and or
but so because since if when while which who whose what than then there their they them we you i he she can
could will would should may might must do does did has have had not no more less most least each every any all
into onto over under between through about also only just very too same other both either neither one two
make makes made gives give keeps keep lets let becomes become used use uses""".split())
LIST_MIN_WORDS = 5
LIST_FUNCTION_SHARE = 0.1
ZH_LIST_FRAGMENTS = 4


@dataclass
class Judgement:
    """What the grader found in one recall answer."""

    covered: list[int] = field(default_factory=list)  # indices of the key points stated
    misconception: int | None = None  # index of the (first) pitfall whose claim the answer states
    misconceptions: list[int] = field(default_factory=list)  # every pitfall whose claim it states
    listing: bool = False  # a bare list of terms
    empty: bool = False

    def suggestion(self, points: int) -> tuple[Rating | None, str]:
        """The suggested rating for these findings and the reason (a catalog key under "why.")."""
        return suggest(len(self.covered), points, misconception=self.misconception is not None,
                       listing=self.listing, empty=self.empty)


def suggest(covered: int, points: int, *, misconception: bool = False, listing: bool = False,
            empty: bool = False) -> tuple[Rating | None, str]:
    """Coverage to a rating: none -> Again, under half -> Hard, most -> Good, all -> Easy; caps after."""
    if empty:
        return None, "empty"
    share = covered / points if points else 0.0
    if share == 0:
        rating, why = Rating.AGAIN, "none"
    elif share < 0.5:
        rating, why = Rating.HARD, "few"
    elif share < 1:
        rating, why = Rating.GOOD, "most"
    else:
        rating, why = Rating.EASY, "all"
    if misconception and rating > Rating.HARD:
        return Rating.HARD, "misconception"
    if listing and rating > Rating.HARD:
        return Rating.HARD, "listing"
    return rating, why


@lru_cache(maxsize=8192)
def compiled(source: str) -> textmatch.Expression:
    return textmatch.compile_expression(source)


def judge(answer: str, key_points: list, pitfalls: list, prompt: dict[str, str]) -> Judgement:
    """Judge `answer` against the question's key points (objects with `.match`) and pitfalls (dicts with "detect")."""
    text = textmatch.prepare(answer)
    if text.empty:
        return Judgement(empty=True)
    prompts = [textmatch.prepare(p) for p in prompt.values() if p]
    found = Judgement(listing=is_list(answer, text))
    for i, point in enumerate(key_points):
        if covers(point.match, text, prompts):
            found.covered.append(i)
    for i, pitfall in enumerate(pitfalls):
        if any(textmatch.match(compiled(e), text) is not None for e in pitfall.get("detect", ())):
            found.misconceptions.append(i)
    found.misconception = found.misconceptions[0] if found.misconceptions else None
    return found


def covers(expressions: tuple[str, ...], text: textmatch.Text, prompts: list[textmatch.Text]) -> bool:
    """Whether one of `expressions` matches with at least one matched synonym the prompt does not contain."""
    for source in expressions:
        for used in textmatch.matches(compiled(source), text):
            if any(not any(textmatch.mentions(t, p) for p in prompts) for t in used):
                return True
    return False


def is_list(answer: str, text: textmatch.Text) -> bool:
    """A bare list of terms: five or more English words almost without function words, or four or more
    short Chinese fragments separated by spaces, making up most of the answer."""
    words = [w for clause in text.plain for w in clause if not w.isdigit()]
    if len(words) >= LIST_MIN_WORDS and sum(w in _FUNCTION_WORDS for w in words) < LIST_FUNCTION_SHARE * len(words):
        if not any(textmatch.has_cjk(c) and len(c) > 8 for c in text.zh_clauses):
            return True
    # Chinese: short fragments separated by spaces that hold most of the Chinese text (spaces around
    # the symbols of a formula inside a Chinese sentence do not make a list)
    fragments = answer.split()
    short_zh = [f for f in fragments if textmatch.has_cjk(f) and len(f) <= 5]
    cjk = sum(1 for ch in answer if textmatch.has_cjk(ch))
    in_short = sum(1 for f in short_zh for ch in f if textmatch.has_cjk(ch))
    return len(short_zh) >= ZH_LIST_FRAGMENTS and in_short >= 0.8 * cjk
