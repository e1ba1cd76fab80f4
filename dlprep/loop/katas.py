"""What a graded kata attempt does to the learning state: the kata's own FSRS card and its related questions.

A kata is a card in the same scheduler as the questions (item `kata:<id>`, see schedule.kata_item),
rated from objective signals instead of a self-rating. The rule, applied once per round (the attempts
since the last pass):

- the round's first attempt that does not pass       -> Again (later failures add nothing)
- a pass after failed attempts, after hints, or slower than the kata's expected minutes -> Hard
- a first-try pass without hints, within half the expected minutes                      -> Easy
- any other first-try pass (also when the time is unknown)                              -> Good

Re-grading a file that has already passed proves nothing new and does not rate the card. The time
is counted from when the user started the kata in this round (the starter written or the statement
shown), else from the round's first attempt; for a first try with neither, it is unknown. The rating
is decided inside the transaction that records the attempt, so gradings run at the same time rate a
round once. Kata cards skip FSRS's minute-scale learning steps and go straight to day intervals.

A failing attempt also brings the kata's related questions forward: the kata's own list, the
questions that name the kata in `related_katas`, and the list of the known mistake detected.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dlprep import schedule
from dlprep.kata.spec import KataSpec
from dlprep.schedule import Rating
from dlprep.store import attempts, meta

if TYPE_CHECKING:  # annotations only: `kata list` and `kata next` start without the deck reader
    from dlprep.deck.loader import DeckSet
    from dlprep.kata.verdict import GradeReport

FAST_SHARE = 0.5  # of the expected minutes, for Easy


def rate(*, passed: bool, first_try: bool, hints: int, minutes: float | None, expected_minutes: float) -> tuple[Rating, str]:
    """The rating for one round's outcome and the reason (a key of the text catalog)."""
    if not passed:
        return Rating.AGAIN, "not_passed"
    if hints > 0:
        return Rating.HARD, "hints"
    if not first_try:
        return Rating.HARD, "retries"
    if minutes is not None and minutes > expected_minutes:
        return Rating.HARD, "slow"
    if minutes is not None and minutes <= FAST_SHARE * expected_minutes:
        return Rating.EASY, "fast"
    return Rating.GOOD, "first_try"


@dataclass
class Outcome:
    """The schedule changes one attempt makes; written with the attempt in one transaction."""

    rating: Rating | None = None
    reason: str | None = None  # why this rating (see `rate`), or why none: "already_rated", "same_file"
    minutes: float | None = None
    card: schedule.CardRow | None = None
    due_now: list[str] = field(default_factory=list)
    due_reason: str | None = None  # "kata:mistake" stored with the questions brought back

    def to_json(self) -> dict:
        return {
            "rating": self.rating.label if self.rating else None,
            "reason": self.reason,
            "minutes": round(self.minutes, 1) if self.minutes is not None else None,
            "next_due_ts": round(self.card.due_ts, 3) if self.card else None,
            "related_due_now": self.due_now,
        }


def decide(spec: KataSpec, report: GradeReport, now: float, related: list[str]):  # noqa: ANN201
    """The `decide` callback of store.attempts.record_attempt for this attempt (see the module docstring)."""

    def effects(round_: attempts.Round, hints: int, started: float | None, card: schedule.CardRow | None) -> Outcome:
        passed = report.passed
        out = Outcome(due_now=[] if passed else list(related),
                      due_reason=None if passed else f"{spec.id}:{report.mistake.id if report.mistake else ''}")
        if passed and report.sha256 in round_.passed_shas:
            out.reason = "same_file"
            return out
        if not passed and round_.reviewed:
            out.reason = "already_rated"
            return out
        start = started if started is not None and started > round_.since else round_.first_ts
        out.minutes = None if start is None else max(0.0, now - start) / 60
        out.rating, out.reason = rate(passed=passed, first_try=round_.attempts == 0, hints=hints,
                                      minutes=out.minutes, expected_minutes=spec.expected_minutes)
        item = schedule.kata_item(spec.id)
        out.card = schedule.review(card, item, out.rating, now, int(report.duration_s * 1000), steps=False)
        return out

    return effects


def record(conn, spec: KataSpec, report: GradeReport, decks: DeckSet, now: float | None = None) -> Outcome:  # noqa: ANN001
    """Record one graded attempt: the attempt row, the kata's rating and the questions brought back."""
    now = time.time() if now is None else now
    related = [] if report.passed else related_questions(spec, decks, report.mistake.id if report.mistake else None)
    return attempts.record_attempt(
        conn, kata=spec.id, ts=now, verdict=report.verdict.value, duration_s=report.duration_s,
        sha256=report.sha256 or "", mistake=report.mistake.id if report.mistake else None,
        decide=decide(spec, report, now, related),
    )


def related_questions(spec: KataSpec, decks: DeckSet, mistake: str | None) -> list[str]:
    """Question ids linked to the kata (both directions) and to the detected mistake, that exist."""
    wanted = list(spec.related_questions)
    if mistake is not None:
        wanted += next((m.related_questions for m in spec.mistakes if m.id == mistake), ())
    wanted += [q.id for q in decks.questions if spec.id in q.related_katas]
    return [q for q in dict.fromkeys(wanted) if q in decks.by_id]


def mark_started(conn, spec: KataSpec, now: float | None = None) -> None:  # noqa: ANN001
    """Remember when the user began the kata in this round (starter written, statement shown).

    Only the first start of a round counts, so reading the statement again half-way through does
    not reset the clock that the kata's rating uses.
    """
    key = meta.kata_started(spec.id)
    previous = meta.get(conn, key)
    if previous is not None and float(previous) > attempts.current_round(conn, spec.id).since:
        return
    meta.put(conn, {key: repr(now if now is not None else time.time())})


def take_hint(conn, spec: KataSpec) -> tuple[int, dict[str, str]]:  # noqa: ANN001
    """Record one more hint used and return (index, hint)."""
    index = attempts.take_hint(conn, spec.id, len(spec.hints))
    return index, spec.hints[index]


@dataclass
class KataRow:
    """One kata with the user's progress on it, for `kata list`."""

    spec: KataSpec
    progress: attempts.KataProgress | None

    @property
    def status(self) -> attempts.KataStatus:
        return self.progress.status if self.progress else attempts.KataStatus.NOT_TRIED


def board(conn, specs: list[KataSpec]) -> list[KataRow]:  # noqa: ANN001
    """Every kata with the user's progress."""
    progress = attempts.progress(conn)
    return [KataRow(s, progress.get(s.id)) for s in specs]


def is_due(conn, spec: KataSpec, now: float | None = None) -> bool:  # noqa: ANN001
    """Whether the kata's card is due now (an attempt then counts as its review)."""
    from dlprep.store import reviews

    card = reviews.load_card(conn, schedule.kata_item(spec.id))
    return card is not None and card.due_ts <= (time.time() if now is None else now)


def has_passed(conn, spec: KataSpec) -> bool:  # noqa: ANN001
    progress = attempts.progress(conn).get(spec.id)
    return bool(progress and progress.passed)


@dataclass
class Suggestion:
    """The kata most worth doing now, and why (a catalog key under "next.")."""

    spec: KataSpec
    reason: str
    topic: str | None = None


def next_kata(conn, specs: list[KataSpec], now: float) -> Suggestion | None:  # noqa: ANN001
    """Due on the schedule (most overdue first), else failing (most recent first), else not tried in the
    topic with the fewest passed katas (easiest first), else the passed kata least likely recalled now."""
    from dlprep.store import reviews

    if not specs:
        return None
    cards = reviews.load_cards(conn)
    board = attempts.progress(conn)
    by_id = {s.id: s for s in specs}
    due = sorted((c.due_ts, k) for k, c in ((s.id, cards.get(schedule.kata_item(s.id))) for s in specs)
                 if c is not None and c.due_ts <= now)
    if due:
        return Suggestion(by_id[due[0][1]], "due")
    failing = [s for s in specs if board.get(s.id) and board[s.id].status is attempts.KataStatus.FAILING]
    if failing:
        return Suggestion(max(failing, key=lambda s: board[s.id].last_ts or 0), "failing")
    untried = [s for s in specs if s.id not in board]
    if untried:
        passed: dict[str, int] = {}
        for s in specs:
            passed[s.topic] = passed.get(s.topic, 0) + int(s.id in board and board[s.id].passed)
        order = {"easy": 0, "medium": 1, "hard": 2}
        pick = min(untried, key=lambda s: (passed[s.topic], order[s.difficulty], s.order, s.id))
        weakest = any(board.get(s.id) for s in specs)  # with no history at all, every topic is equally weak
        return Suggestion(pick, "weak_topic" if weakest else "not_tried", pick.topic if weakest else None)
    return Suggestion(min(specs, key=lambda s: schedule.card_recall(cards.get(schedule.kata_item(s.id)), now)),
                      "least_recalled")
