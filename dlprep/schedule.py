"""A thin adapter over fsrs: store rows <-> fsrs.Card, and review(card, rating, now).

The clock is always passed in. Card ids are derived from the item id, so fsrs never needs to
invent one (its default sleeps 1 ms to make ids unique).
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from datetime import datetime, timezone

KATA_PREFIX = "kata:"  # a kata's card shares the scheduler with the questions under this item id


def kata_item(kata: str) -> str:
    return KATA_PREFIX + kata




class Rating(enum.IntEnum):
    """The one rating vocabulary: FSRS's four grades, for questions and katas alike."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        """The stable lowercase name used in JSON ("again" ... "easy")."""
        return self.name.lower()

    def text(self, lang: str) -> str:
        """The rating's name as a user reads it."""
        from dlprep import text

        return text.t(f"rating.{self.label}", lang)

MATURE_DAYS = 21.0


@dataclass
class CardRow:
    """A card as stored: plain numbers and unix timestamps."""

    item: str
    card_id: int
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due_ts: float
    last_review_ts: float | None


def card_id(item: str) -> int:
    import hashlib  # its OpenSSL backend costs ~5 ms of start-up; only card building needs it

    return int(hashlib.sha1(item.encode()).hexdigest()[:13], 16)


def _dt(ts: float | None) -> datetime | None:
    return None if ts is None else datetime.fromtimestamp(ts, tz=timezone.utc)


_schedulers: dict[tuple[bool, bool], object] = {}


def scheduler(steps: bool = True, *, fuzz: bool | None = None):
    """A shared fsrs Scheduler; fuzzing follows DLPREP_FSRS_FUZZ (0 in tests) unless `fuzz` is given.

    Without `steps` the minute-scale learning steps are skipped: a kata rewritten ten minutes
    after it was solved proves nothing, so kata cards go straight to day intervals.
    """
    if fuzz is None:
        fuzz = os.environ.get("DLPREP_FSRS_FUZZ", "1") != "0"
    if (steps, fuzz) not in _schedulers:
        import fsrs

        _schedulers[steps, fuzz] = (fsrs.Scheduler(enable_fuzzing=fuzz) if steps else
                                    fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=fuzz))
    return _schedulers[steps, fuzz]


def to_card(row: CardRow | None, item: str, now: float):
    import fsrs

    if row is None:
        return fsrs.Card(card_id=card_id(item), due=_dt(now))
    return fsrs.Card(card_id=row.card_id, state=fsrs.State(row.state), step=row.step, stability=row.stability,
                     difficulty=row.difficulty, due=_dt(row.due_ts), last_review=_dt(row.last_review_ts))


def from_card(item: str, card) -> CardRow:  # noqa: ANN001
    return CardRow(item, card.card_id, int(card.state), card.step, card.stability, card.difficulty,
                   card.due.timestamp(), card.last_review.timestamp() if card.last_review else None)


def review(row: CardRow | None, item: str, rating: Rating | int, now: float, duration_ms: int | None = None, *,
           steps: bool = True) -> CardRow:
    """The card after one review rated 1-4 at time `now` (unix seconds)."""
    import fsrs

    card = to_card(row, item, now)
    card, _log = scheduler(steps).review_card(card, fsrs.Rating(rating), _dt(now), duration_ms)
    return from_card(item, card)


# FSRS-6 forgetting curve R(t) = (1 + FACTOR·t/S)^DECAY with the default w20; stats use this
# directly so that summarising thousands of cards needs no fsrs import (tests compare it to fsrs).
DECAY = -0.1542
FACTOR = 0.9 ** (1 / DECAY) - 1


def recall_probability(stability: float | None, last_review_ts: float | None, at: float) -> float:
    """Predicted recall at `at` for a card with this stability; 0 for a card never reviewed."""
    if not stability or last_review_ts is None:
        return 0.0
    days = max(0.0, (at - last_review_ts) / 86400)
    return (1 + FACTOR * days / stability) ** DECAY


def card_recall(card: CardRow | None, at: float) -> float:
    """Predicted recall of a stored card at `at`; 0 for no card or one never reviewed."""
    return recall_probability(card.stability, card.last_review_ts, at) if card else 0.0
