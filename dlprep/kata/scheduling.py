"""What a graded attempt does to the schedule: the kata's own FSRS card and its related questions.

A kata is a card in the same scheduler as the questions (item `kata:<id>`, see schedule.kata_item), rated from objective
signals instead of a self-rating. The rule, applied once per round (the attempts since the last
pass):

- the round's first attempt that does not pass       -> Again (later failures add nothing)
- a pass after failed attempts, after hints, or slower than the kata's expected minutes -> Hard
- a first-try pass without hints, within half the expected minutes                      -> Easy
- any other first-try pass (also when the time is unknown)                              -> Good

Re-grading a file that has already passed proves nothing new and does not rate the card. The time
is counted from when the user started the kata in this round (the starter written or the
statement shown), else from the round's first attempt; for a first try with neither, it is unknown.

Kata cards skip FSRS's minute-scale learning steps and go straight to day intervals.

A failing attempt also brings the kata's related questions forward: the kata's own list, the
questions that name the kata in `related_katas`, and the list of the known mistake detected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dlprep import schedule
from dlprep.kata.spec import KataSpec
from dlprep.kata.verdict import GradeReport
from dlprep.store import attempts, meta, reviews

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
FAST_SHARE = 0.5  # of the expected minutes, for Easy


def rate(*, passed: bool, first_try: bool, hints: int, minutes: float | None, expected_minutes: float) -> tuple[int, str]:
    """The rating for one round's outcome and the reason, as a key of the text catalog."""
    if not passed:
        return AGAIN, "not_passed"
    if hints > 0:
        return HARD, "hints"
    if not first_try:
        return HARD, "retries"
    if minutes is not None and minutes > expected_minutes:
        return HARD, "slow"
    if minutes is not None and minutes <= FAST_SHARE * expected_minutes:
        return EASY, "fast"
    return GOOD, "first_try"


@dataclass
class Outcome:
    """The schedule changes one attempt makes; written with the attempt in one transaction."""

    rating: int | None = None
    reason: str | None = None  # why this rating (see `rate`), or why none: "already_rated", "same_file"
    minutes: float | None = None
    card: schedule.CardRow | None = None
    due_now: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "rating": schedule.RATINGS.get(self.rating) if self.rating else None,
            "reason": self.reason,
            "minutes": round(self.minutes, 1) if self.minutes is not None else None,
            "next_due_ts": round(self.card.due_ts, 3) if self.card else None,
            "related_due_now": self.due_now,
        }


def outcome(conn, spec: KataSpec, report: GradeReport, now: float) -> Outcome:  # noqa: ANN001
    """Decide the rating and the related questions for `report`, reading the store but not writing it."""
    passed = report.passed
    round_ = attempts.current_round(conn, spec.id)
    out = Outcome()
    if not passed:
        out.due_now = related_questions(spec, report.mistake.id if report.mistake else None)
    if passed and report.sha256 in round_.passed_shas:
        out.reason = "same_file"
        return out
    if not passed and round_.reviewed:
        out.reason = "already_rated"
        return out
    out.minutes = _minutes(conn, spec.id, round_, now)
    hints = attempts.hints_used(conn, spec.id)
    out.rating, out.reason = rate(passed=passed, first_try=round_.attempts == 0, hints=hints, minutes=out.minutes,
                                  expected_minutes=spec.expected_minutes)
    item = schedule.kata_item(spec.id)
    out.card = schedule.review(reviews.load_card(conn, item), item, out.rating, now, int(report.duration_s * 1000),
                               steps=False)
    return out


def _minutes(conn, kata: str, round_: attempts.Round, now: float) -> float | None:  # noqa: ANN001
    started = meta.get(conn, meta.kata_started(kata))
    start = float(started) if started is not None and float(started) > round_.since else round_.first_ts
    return None if start is None else max(0.0, now - start) / 60


def related_questions(spec: KataSpec, mistake: str | None) -> list[str]:
    """Question ids linked to the kata (both directions) and to the detected mistake, that exist."""
    from dlprep.deck.loader import load_decks

    decks = load_decks()
    wanted = list(spec.related_questions)
    if mistake is not None:
        wanted += next((m.related_questions for m in spec.mistakes if m.id == mistake), [])
    wanted += [q.id for q in decks.questions if spec.id in q.related_katas]
    return [q for q in dict.fromkeys(wanted) if q in decks.by_id]
