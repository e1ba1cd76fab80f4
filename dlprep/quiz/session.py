"""A quiz session: build the queue (due first, then new), present items, grade, schedule, store.

Pure of the terminal: the CLI asks for the next item, passes the typed text back, and renders
what comes out. Every review is written as soon as it is rated, so killing the process loses
at most the question on screen. Time is passed in (`now`), never read from a global clock here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from dlprep import errors, schedule
from dlprep.deck.families import Generated, generate
from dlprep.deck.loader import DeckSet
from dlprep.deck.schema import Question
from dlprep.quiz import answer as grading
from dlprep.store import reviews

MODES = ("all", "due", "new", "cram")


@dataclass
class QuizOptions:
    mode: str = "all"
    decks: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    limit: int = 20
    new_limit: int = 10
    seed: int | None = None


@dataclass
class Item:
    """One question as asked now: generated families get their numbers here."""

    question: Question
    generated: Generated | None
    is_new: bool

    @property
    def prompt(self) -> dict[str, str]:
        return self.generated.prompt if self.generated else self.question.prompt

    @property
    def value(self) -> float | None:
        return self.generated.value if self.generated else self.question.value

    @property
    def tolerance(self) -> float | None:
        return self.generated.tolerance if self.generated else self.question.tolerance


@dataclass
class Summary:
    answered: int = 0
    auto_graded: int = 0
    correct: int = 0
    skipped: int = 0
    seconds: float = 0.0
    next_due_ts: float | None = None
    due_next_day: int = 0


def select(deckset: DeckSet, options: QuizOptions) -> list[Question]:
    """Questions matching --deck and --tag; raise DeckNotFound for an unknown deck."""
    if options.mode not in MODES:
        raise errors.UsageError(message=f"unknown mode '{options.mode}' (choose {', '.join(MODES)})")
    for name in options.decks:
        if deckset.deck(name) is None:
            raise errors.DeckNotFound(name=name, known=", ".join(d.id for d in deckset.decks))
    chosen = [q for q in deckset.questions if not options.decks or q.deck in options.decks]
    if options.tags:
        wanted = {t.lower() for t in options.tags}
        chosen = [q for q in chosen if wanted & set(q.tags)]
    return chosen


def grade(item: Item, text: str) -> grading.Graded:
    """Grade one typed answer to `item` (the quiz, the mock and `decks try` all come here)."""
    q = item.question
    if q.type == "choice":
        return grading.grade_choice(text, q.correct, len(q.choices))
    if q.type == "numeric":
        return grading.grade_numeric(text, item.value or 0.0, item.tolerance)
    return grading.grade_recall(text, q.key_points, q.pitfalls, q.prompt)


class Session:
    """Holds the queue and the running summary of one quiz."""

    def __init__(self, deckset: DeckSet, conn, options: QuizOptions, now: float, *,  # noqa: ANN001
                 interview_ts: float | None = None, questions: list[Question] | None = None) -> None:
        """`interview_ts`: when set, due cards least likely to be recalled at that moment come first.
        `questions`: ask exactly these (a mock interview's choice) instead of building a queue.
        """
        self.conn = conn
        self.options = options
        self.rng = random.Random(options.seed)
        self.summary = Summary()
        self.cards = reviews.load_cards(conn)
        self.interview_ts = interview_ts
        if questions is not None:
            self.queue = [Item(q, None, q.id not in self.cards) for q in questions]
        else:
            self.queue = self._build(select(deckset, options), now)
        self.position = 0
        self.due_katas = reviews.due_katas(conn, now)

    def _build(self, pool: list[Question], now: float) -> list[Item]:
        limit, opts = self.options.limit, self.options
        if opts.mode == "cram":
            picked = list(pool)
            self.rng.shuffle(picked)
            return [Item(q, None, q.id not in self.cards) for q in picked[:limit]]
        by_id = {q.id: q for q in pool}
        due = [by_id[item] for item, _ in reviews.due(self.conn, now) if item in by_id]
        if self.interview_ts is not None:  # stable sort: equally weak cards stay most overdue first
            due.sort(key=lambda q: schedule.card_recall(self.cards.get(q.id), self.interview_ts))
        fresh = [q for q in pool if q.id not in self.cards]
        if opts.seed is not None:
            self.rng.shuffle(fresh)
        items = [] if opts.mode == "new" else [Item(q, None, False) for q in due]
        if opts.mode != "due":
            items += [Item(q, None, True) for q in fresh[: opts.new_limit]]
        return items[:limit]

    def __len__(self) -> int:
        return len(self.queue)

    def next(self) -> Item | None:
        """The next item, with fresh numbers for a generated family; None at the end."""
        if self.position >= len(self.queue):
            return None
        item = self.queue[self.position]
        self.position += 1
        if item.question.family:
            item.generated = generate(item.question.family, self.rng)
        return item

    def grade(self, item: Item, text: str) -> grading.Graded:
        return grade(item, text)

    def record(self, item: Item, graded: grading.Graded, rating: int, answer_text: str, duration_ms: int,
               now: float) -> schedule.CardRow | None:
        """Schedule and store one rated answer (cram reviews are stored without moving the card)."""
        if rating not in schedule.Rating.__members__.values():
            raise errors.UsageError(message=f"rating must be 1-4, got {rating}")
        q = item.question
        card = None
        if self.options.mode != "cram":
            card = schedule.review(self.cards.get(q.id), q.id, rating, now, duration_ms)
            self.cards[q.id] = card
        reviews.record_review(self.conn, item=q.id, deck=q.deck, rating=rating, correct=graded.correct,
                              answer=answer_text[:4000], duration_ms=duration_ms, ts=now, card=card)
        self.summary.answered += 1
        self.summary.seconds += duration_ms / 1000
        if graded.correct is not None:
            self.summary.auto_graded += 1
            self.summary.correct += int(graded.correct)
        return card

    def skip(self) -> None:
        self.summary.skipped += 1

    def finish(self, now: float) -> Summary:
        """Fill in when the next cards are due."""
        self.summary.next_due_ts, self.summary.due_next_day = reviews.upcoming(self.conn, now)
        return self.summary
