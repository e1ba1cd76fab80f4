"""The deck schema: Question objects and validate(), which lists every problem as file:line: message.

Validation is strict (unknown keys are problems) so a typo in a user deck is reported instead
of silently ignored. A question whose `family` names a generated family gets its prompt, value
and worked solution from `dlprep.deck.families` each time it is asked.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlprep.deck import cjk, controls
from dlprep.yamlfile import LINE, line_of

FORMAT = 1
TYPES = ("recall", "choice", "numeric")
DIFFICULTIES = ("easy", "medium", "hard")
LETTERS = "ABCDEFGH"
_TOP = {"format", "deck", "title", "questions"}
_COMMON = {"id", "type", "tags", "difficulty", "source", "references", "prompt", "answer", "pitfalls", "related_katas"}
_BY_TYPE = {
    "recall": {"key_points"},
    "choice": {"choices", "correct"},
    "numeric": {"value", "tolerance", "family"},
}
_ALLOWED = {qtype: frozenset(_COMMON | keys | {LINE}) for qtype, keys in _BY_TYPE.items()}
_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_TAG = re.compile(r"[a-z0-9][a-z0-9-]*")
_GOOD_TAGS: set[str] = set()  # tags already checked: a deck repeats a few dozen tags thousands of times


def _good_tag(tag: Any) -> bool:
    if isinstance(tag, str) and _TAG.fullmatch(tag):
        _GOOD_TAGS.add(tag)
        return True
    return False


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a deck file: `key` names the message in the catalog (under "deck."),
    `params` fill it. A problem that is not `fatal` (text cleaned on loading, Chinese spacing) is
    reported by `decks check` but does not stop the question from loading."""

    path: str
    line: int
    key: str
    params: tuple[tuple[str, Any], ...] = ()
    fatal: bool = True

    def message(self, lang: str = "en") -> str:
        from dlprep import text

        key = self.key if self.key.startswith("yaml.") else f"deck.{self.key}"
        return text.t(key, lang, **dict(self.params))

    def render(self, lang: str = "en") -> str:
        return f"{self.path}:{self.line}: {self.message(lang)}"

    def __str__(self) -> str:
        return self.render("en")


@dataclass(frozen=True)
class KeyPoint:
    """One point a full answer makes; `match` holds the expressions that recognise it in an answer
    (see dlprep.quiz.textmatch for the syntax)."""

    en: str
    zh: str
    match: tuple[str, ...]


@dataclass
class Question:
    """One question; progress is keyed by `id`, never by its text."""

    id: str
    deck: str
    type: str
    tags: list[str]
    difficulty: str
    prompt: dict[str, str]
    answer: dict[str, str]
    source: list[str] = field(default_factory=list)  # the seed notes the topic was drawn from
    references: list[str] = field(default_factory=list)  # papers and docs the facts were checked against
    key_points: list[KeyPoint] = field(default_factory=list)
    choices: list[dict[str, str]] = field(default_factory=list)
    correct: list[int] = field(default_factory=list)
    value: float | None = None
    tolerance: float | None = None
    family: str | None = None
    pitfalls: list[dict[str, Any]] = field(default_factory=list)  # claim {en, zh}, truth {en, zh}, detect (expressions)
    related_katas: list[str] = field(default_factory=list)
    line: int = 1

    @property
    def auto_graded(self) -> bool:
        return self.type in ("choice", "numeric")


@dataclass
class Deck:
    id: str
    title: dict[str, str]
    path: Path
    questions: list[Question]
    shipped: bool = True


class _Collector:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int, key: str, fatal: bool = True, **params: Any) -> None:
        self.problems.append(Problem(self.path, line, key, tuple(params.items()), fatal))

    @property
    def fatal(self) -> int:
        return sum(p.fatal for p in self.problems)


def _bilingual(value: Any, what: str, line: int, out: _Collector) -> dict[str, str] | None:
    if type(value) is dict and len(value) == 3 and LINE in value:  # the valid case first: a deck holds thousands
        en, zh = value.get("en"), value.get("zh")
        if type(en) is str and type(zh) is str:
            en, zh = en.strip(), zh.strip()
            if en and zh:
                _chinese_spacing(zh, what, line_of(value, line), out)
                return {"en": en, "zh": zh}
    if not isinstance(value, dict):
        out.add(line, "not_bilingual", what=what)
        return None
    here = line_of(value, line)
    result = {}
    for lang in ("en", "zh"):
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            out.add(here, "missing_lang", what=what, lang=lang)
        else:
            result[lang] = text.strip()
    extra = set(value) - {"en", "zh", LINE}
    if extra:
        out.add(here, "bilingual_keys", what=what, keys=", ".join(sorted(map(str, extra))))
    if len(result) == 2:
        _chinese_spacing(result["zh"], what, here, out)
        return result
    return None


def _chinese_spacing(zh: str, what: str, line: int, out: _Collector) -> None:
    """Whitespace between two Chinese characters or after Chinese punctuation (a wrapped folded line)."""
    found = cjk.stray_spaces(zh)
    if found:
        at = found[0]
        out.add(line, "cjk_space", fatal=False, what=what, context=zh[max(0, at - 4):at + 5])


def sanitize(doc: Any, path: str) -> tuple[Any, list[Problem]]:
    """The document with every string stripped of terminal control sequences, and a problem per string cleaned."""
    problems: list[Problem] = []

    def clean(node: Any, line: int) -> Any:
        if isinstance(node, str):
            if controls.has_controls(node):
                problems.append(Problem(path, line, "controls", (), False))
                return controls.strip(node)
            return node
        if isinstance(node, dict):
            here = line_of(node, line)
            return {clean(k, here): clean(v, here) for k, v in node.items()}
        if isinstance(node, list):
            return [clean(v, line) for v in node]
        return node

    return clean(doc, 1), problems


def validate(doc: Any, path: Path, *, families: set[str] | None = None) -> tuple[Deck | None, list[Problem]]:
    """Check one parsed deck document; return the Deck (None when unusable) and every problem found."""
    out = _Collector(str(path))
    if doc is None:
        out.add(1, "empty")
        return None, out.problems
    if not isinstance(doc, dict):
        out.add(1, "not_mapping")
        return None, out.problems
    top = line_of(doc)
    extra = set(doc) - _TOP - {LINE}
    if extra:
        out.add(top, "unknown_top", keys=", ".join(sorted(map(str, extra))))
    fmt = doc.get("format")
    if fmt != FORMAT:
        newer = isinstance(fmt, int) and not isinstance(fmt, bool) and fmt > FORMAT
        out.add(top, "format_newer" if newer else "format", format=FORMAT, found=fmt)
    deck_id = doc.get("deck")
    if not isinstance(deck_id, str) or not _ID.fullmatch(deck_id):
        out.add(top, "bad_id")
        deck_id = path.stem
    title = _bilingual(doc.get("title"), "title", top, out) or {"en": deck_id, "zh": deck_id}
    raw = doc.get("questions")
    if not isinstance(raw, list) or not raw:
        out.add(top, "no_questions")
        return None, out.problems
    questions, seen = [], set()
    for item in raw:
        q = _question(item, deck_id, top, out, families)
        if q is None:
            continue
        if q.id in seen:
            out.add(q.line, "duplicate_id", id=q.id)
            continue
        seen.add(q.id)
        questions.append(q)
    return Deck(deck_id, title, path, questions), out.problems


def _question(item: Any, deck: str, top: int, out: _Collector, families: set[str] | None) -> Question | None:
    if not isinstance(item, dict):
        out.add(top, "question_not_mapping")
        return None
    line = line_of(item, top)
    before = out.fatal
    qid = item.get("id")
    if not isinstance(qid, str) or not _ID.fullmatch(qid):
        out.add(line, "question_id")
        qid = None
    qtype = item.get("type")
    if qtype not in TYPES:
        out.add(line, "unknown_type", type=repr(qtype), types=", ".join(TYPES))
        return None
    allowed = _ALLOWED[qtype]
    if not item.keys() <= allowed:
        extra = set(item) - allowed
        out.add(line, "unknown_keys", type=qtype, keys=", ".join(sorted(map(str, extra))))
    tags = item.get("tags")
    if not isinstance(tags, list) or not tags or not all(type(t) is str and t in _GOOD_TAGS or _good_tag(t) for t in tags):
        out.add(line, "tags")
        tags = []
    difficulty = item.get("difficulty")
    if difficulty not in DIFFICULTIES:
        out.add(line, "difficulty", values=", ".join(DIFFICULTIES))
    source = item.get("source", [])
    source = [source] if isinstance(source, str) else source
    if not isinstance(source, list) or not all(isinstance(s, str) for s in source):
        out.add(line, "source")
        source = []
    references = item.get("references", [])
    references = [references] if isinstance(references, str) else references
    if not isinstance(references, list) or not all(isinstance(s, str) and s.strip() for s in references):
        out.add(line, "references")
        references = []
    family = item.get("family") if qtype == "numeric" else None
    if family is not None:
        if families is not None and family not in families:
            out.add(line, "unknown_family", family=repr(family))
        prompt = _optional_bilingual(item, "prompt", line, out) or {"en": "", "zh": ""}
        answer = _optional_bilingual(item, "answer", line, out) or {"en": "", "zh": ""}
    else:
        prompt = _bilingual(item.get("prompt"), "prompt", line, out)
        answer = _bilingual(item.get("answer"), "answer", line, out)
    q = Question(id=qid or "", deck=deck, type=qtype, tags=list(tags), difficulty=str(difficulty), prompt=prompt or {},
                 answer=answer or {}, source=list(source), references=list(references), family=family,
                 line=line)
    pitfalls = item.get("pitfalls") or []
    for p in pitfalls if isinstance(pitfalls, list) else [None]:
        pl = line_of(p, line)
        if not isinstance(p, dict) or set(p) - {"claim", "truth", "detect", LINE} or not {"claim", "truth"} <= set(p):
            out.add(pl, "pitfall")
            continue
        claim = _bilingual(p.get("claim"), "pitfall claim", pl, out)
        truth = _bilingual(p.get("truth"), "pitfall truth", pl, out)
        detect = _expressions(p.get("detect"), "pitfall detect", pl, out, required=False)
        if detect is None and qtype == "recall":  # only a typed explanation can state a misconception
            out.add(pl, "pitfall_undetected", fatal=False)
        if claim and truth:
            q.pitfalls.append({"claim": claim, "truth": truth, "detect": detect or ()})
    katas = item.get("related_katas") or []
    if not isinstance(katas, list) or not all(isinstance(k, str) for k in katas):
        out.add(line, "related_katas")
    else:
        q.related_katas = list(katas)
    _TYPE_CHECKS[qtype](item, q, line, out)
    return q if out.fatal == before else None


def _optional_bilingual(item: dict, key: str, line: int, out: _Collector) -> dict[str, str] | None:
    return _bilingual(item[key], key, line, out) if key in item else None


def _recall(item: dict, q: Question, line: int, out: _Collector) -> None:
    points = item.get("key_points")
    if not isinstance(points, list) or not points:
        out.add(line, "key_points")
        return
    for p in points:
        pl = line_of(p, line)
        if not isinstance(p, dict):
            out.add(pl, "key_point_mapping")
            continue
        if set(p) - {"en", "zh", "match", "keywords", LINE}:
            out.add(pl, "key_point_keys")
        if "match" in p:
            expressions = _expressions(p["match"], "key point match", pl, out, required=True)
        else:  # `keywords`, the format before match expressions: each keyword is one literal synonym
            expressions = _expressions(_legacy(p.get("keywords")), "key point keywords", pl, out, required=True)
        text = _bilingual({k: v for k, v in p.items() if k in ("en", "zh", LINE)}, "key point", pl, out)
        if text and expressions:
            q.key_points.append(KeyPoint(text["en"], text["zh"], expressions))


def _legacy(keywords: Any) -> Any:
    if not isinstance(keywords, list):
        return keywords
    words = [re.sub(r"\+|\||\.\.|\*", " ", k).strip() for k in keywords if isinstance(k, str)]
    return [w for w in words if re.search(r"\w", w)] or keywords


def _expressions(value: Any, what: str, line: int, out: _Collector, *, required: bool) -> tuple[str, ...] | None:
    """A non-empty list of match expressions, each compiled once to prove it is well formed."""
    if value is None and not required:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(e, str) and e.strip() for e in value):
        out.add(line, "match", what=what)
        return None
    for e in value:
        reason = _expression_problem(e)
        if reason:
            out.add(line, "bad_expression", what=what, expression=e, reason=reason)
            return None
    return tuple(e.strip() for e in value)


_WORDY = re.compile(r"[^\W_]|[√∑∫∞≤≥≈∂∇×∈]")  # a letter or digit of any script, or a math sign the matcher reads


def _expression_problem(source: str) -> str | None:
    """Why a match expression cannot be used, checked by its syntax alone (compiling it stems every
    word, which waits until an answer is judged): every `+`, `..` and `|` part needs a word."""
    for part in source.split("+"):
        for group in part.split(".."):
            for term in group.split("|"):
                if not _WORDY.search(term):
                    return f"no word in '{term.strip()}'"
    return None


def _choice(item: dict, q: Question, line: int, out: _Collector) -> None:
    choices = item.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        out.add(line, "choices")
        return
    for c in choices:
        text = _bilingual(c, "choice", line, out)  # reports at the choice's own line when it has one
        if text:
            q.choices.append(text)
    correct = item.get("correct")
    if isinstance(correct, str):
        correct = [correct]
    letters = LETTERS[: len(choices)]
    if not isinstance(correct, list) or not correct:
        out.add(line, "correct_missing")
        return
    for letter in correct:
        if not isinstance(letter, str) or letter.upper() not in letters:
            out.add(line, "correct_bad", letter=repr(letter), letters=", ".join(letters))
            return
    q.correct = sorted({letters.index(letter.upper()) for letter in correct})


def _numeric(item: dict, q: Question, line: int, out: _Collector) -> None:
    if q.family is not None:
        return
    value = item.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        out.add(line, "value")
        return
    q.value = float(value)
    tol = item.get("tolerance")
    if tol is not None and (isinstance(tol, bool) or not isinstance(tol, (int, float)) or not 0 <= tol < math.inf):
        out.add(line, "tolerance")
        return
    q.tolerance = float(tol) if tol is not None else None


_TYPE_CHECKS = {"recall": _recall, "choice": _choice, "numeric": _numeric}
