"""A mock interview: a timed mix of due or weak concept questions with one kata, and its report.

The choice is deterministic for a given seed: due cards least likely to be recalled come first,
then seen cards below 90% recall, then unseen questions, with at most a third of the questions
from one deck so that a mock covers several topics. The kata is the one most in need: due, then
not yet passed, then least likely recalled. The session itself is a quiz session whose queue is
this choice, so answers are scheduled and stored like any review.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass, field
from typing import Any

from dlprep import errors, schedule, text
from dlprep.deck.schema import Question
from dlprep.kata.spec import KataSpec
from dlprep.schedule import Rating

SECONDS_PER_QUESTION = 180
MIN_QUESTIONS = 3
MIN_MINUTES = 5
MAX_MINUTES = 600
WEAK = 0.9


@dataclass
class Setup:
    questions: list[Question]
    kata: KataSpec | None
    minutes: float


def choose(pool: list[Question], cards: dict, specs: list[KataSpec], *, minutes: float, now: float, seed: int | None,
           kata: str | None = None) -> Setup:
    """The questions and the kata for a mock of `minutes` minutes."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:  # NaN fails too
        raise errors.UsageError(message=text.both("usage.range", option="--minutes", value=minutes,
                                                  low=MIN_MINUTES, high=MAX_MINUTES))
    spec = _pick_kata(specs, cards, now, kata)
    kata_minutes = min(spec.expected_minutes, minutes / 2) if spec else 0
    count = max(MIN_QUESTIONS, int((minutes - kata_minutes) * 60 // SECONDS_PER_QUESTION))
    return Setup(_pick_questions(pool, cards, now, count, random.Random(seed)), spec, minutes)


def _recall(cards: dict, item: str, now: float) -> float | None:
    """Predicted recall now, or None for a question never reviewed (unseen, not weak)."""
    c = cards.get(item)
    return None if c is None or c.last_review_ts is None else schedule.card_recall(c, now)


def _pick_kata(specs: list[KataSpec], cards: dict, now: float, name: str | None) -> KataSpec | None:
    if name is not None:
        from dlprep.kata.spec import find

        return find(name)

    def need(s: KataSpec) -> tuple:
        c = cards.get(schedule.kata_item(s.id))
        due = c is not None and c.due_ts <= now
        r = _recall(cards, schedule.kata_item(s.id), now)
        return (not due, r is not None, r or 0.0, s.order)

    return min(specs, key=need) if specs else None


def _pick_questions(pool: list[Question], cards: dict, now: float, count: int, rng: random.Random) -> list[Question]:
    due, weak, unseen = [], [], []
    for q in pool:
        r = _recall(cards, q.id, now)
        c = cards.get(q.id)
        if c is not None and c.due_ts <= now:
            due.append((r if r is not None else 0.0, q.id, q))
        elif r is None:
            unseen.append(q)
        elif r < WEAK:
            weak.append((r, q.id, q))
    rng.shuffle(unseen)
    ordered = [q for *_, q in sorted(due, key=lambda t: t[:2])] + [q for *_, q in sorted(weak, key=lambda t: t[:2])] + unseen
    per_deck = max(1, math.ceil(count / 3))
    chosen, counts = [], {}
    for q in ordered:
        if counts.get(q.deck, 0) < per_deck:
            chosen.append(q)
            counts[q.deck] = counts.get(q.deck, 0) + 1
            if len(chosen) == count:
                return chosen
    rest = [q for q in ordered if q not in chosen]  # few decks: relax the spread
    return chosen + rest[: count - len(chosen)]


@dataclass
class Answer:
    id: str
    deck: str
    type: str
    rating: int | None  # None when skipped or not reached
    correct: bool | None  # auto-graded questions only
    seconds: float

    @property
    def good(self) -> bool:
        """Counted as a success: auto-graded right, or a recall rated Good or Easy."""
        return bool(self.correct) if self.correct is not None else (self.rating or 0) >= 3


@dataclass
class KataResult:
    kata: str
    verdict: str | None  # the last grading verdict (Verdict.value), None when not attempted
    attempts: int
    minutes: float
    file: str | None = None

    @property
    def attempted(self) -> bool:
        return self.verdict is not None


@dataclass
class Report:
    minutes_planned: float
    minutes_used: float
    score: float  # share of questions answered well
    topics: list[dict[str, Any]]
    questions: list[Answer]
    kata: KataResult | None
    drill: list[str] = field(default_factory=list)
    ts: float = 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["questions"] = [dict(asdict(a), good=a.good) for a in self.questions]
        return data


def report(answers: list[Answer], kata: KataResult | None, *, minutes: float, started: float, ended: float) -> Report:
    """Score by topic (deck) and what to drill next: the weakest topics, and the kata unless passed."""
    topics: dict[str, list[Answer]] = {}
    for a in answers:
        topics.setdefault(a.deck, []).append(a)
    rows = [{"topic": deck, "asked": len(items), "good": sum(a.good for a in items),
             "score": round(sum(a.good for a in items) / len(items), 4)} for deck, items in topics.items()]
    rows.sort(key=lambda r: (r["score"], r["topic"]))
    drill = [f"dlprep quiz --deck {r['topic']}" for r in rows if r["score"] < 1][:3]
    if kata is not None and kata.verdict != "pass":  # not passed, or not attempted
        drill.insert(0, f"dlprep kata {kata.kata}")
    score = round(sum(a.good for a in answers) / len(answers), 4) if answers else 0.0
    return Report(minutes, round((ended - started) / 60, 2), score, rows, answers, kata, drill or ["dlprep quiz"], ended)


class Clock:
    """The mock's countdown; `now` is injectable so the rules can be tested without waiting."""

    def __init__(self, minutes: float, now=None) -> None:  # noqa: ANN001
        import time

        self.limit = minutes * 60
        self.now = now or time.time
        self.started: float | None = None

    def start(self) -> None:
        self.started = self.now()

    def left(self) -> float:
        return self.limit - (self.now() - (self.started if self.started is not None else self.now()))

    def over(self) -> bool:
        return self.started is not None and self.left() <= 0

    def kata_budget(self, cap: float = 15.0) -> float:
        """The grading time allowed now: the time left, between 1 s and `cap`."""
        return max(1.0, min(cap, self.left()))


def answer_of(item, graded, rating: Rating | None, seconds: float) -> Answer:  # noqa: ANN001
    q = item.question
    return Answer(q.id, q.deck, q.type, int(rating) if rating is not None else None, graded.correct, round(seconds, 1))


def unreached(setup: Setup, answers: list[Answer]) -> list[Answer]:
    """The chosen questions the time did not reach, counted as not answered."""
    reached = {a.id for a in answers}
    return [Answer(q.id, q.deck, q.type, None, None, 0.0) for q in setup.questions if q.id not in reached]


def fresh_path(kata: str, exists) -> str:  # noqa: ANN001
    """KATA_mock.py, or the first KATA_mock_N.py that does not exist: an old mock is never overwritten."""
    path, n = f"{kata}_mock.py", 2
    while exists(path):
        path, n = f"{kata}_mock_{n}.py", n + 1
    return path
