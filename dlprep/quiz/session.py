"""A quiz session: build the queue, present items, grade, schedule, store, undo.

Pure of the terminal: the CLI asks for the next item, passes the typed text back, and renders what
comes out. Every review is written as soon as it is rated, so killing the process loses at most the
question on screen. Time is passed in (`now`), never read from a global clock here.

The session behaves as a good flashcard session does:
- due cards first (weakest on interview day first when a plan is set), then new cards interleaved
  across decks, in file order within a deck (shuffled with --seed);
- siblings (cards sharing a specific tag, e.g. two sigmoid cards) are spread apart, so one does not
  give the next away;
- a card rated into a learning step (Again, or a new card's first steps) comes back in this session
  when its step is up, or up to LEARN_AHEAD early when nothing else is left;
- choice options are shown in a new order on each review (the letters typed map back);
- the last rating can be undone.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from dlprep import errors, schedule, text
from dlprep.deck.families import Generated, generate
from dlprep.deck.loader import DeckSet
from dlprep.deck.schema import Question
from dlprep.quiz import answer as grading
from dlprep.schedule import Rating
from dlprep.store import reviews

MODES = ("all", "due", "new", "cram")
LEARN_AHEAD = 20 * 60  # seconds a learning card may be shown early when nothing else is left (as Anki)
SIBLING_GAP = 3  # cards between two siblings, when the queue allows it
SPECIFIC_TAG = 8  # a tag on at most this many questions names a topic narrow enough to make siblings


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
    """One question as asked now: generated families get their numbers, choices their order, here."""

    question: Question
    generated: Generated | None
    is_new: bool
    order: list[int] = field(default_factory=list)  # choice: stored index of the option shown at each letter
    repeat: bool = False  # back in this session for a learning step

    @property
    def prompt(self) -> dict[str, str]:
        return self.generated.prompt if self.generated else self.question.prompt

    @property
    def value(self) -> float | None:
        return self.generated.value if self.generated else self.question.value

    @property
    def tolerance(self) -> float | None:
        return self.generated.tolerance if self.generated else self.question.tolerance

    @property
    def choices(self) -> list[dict[str, str]]:
        """The options in the order shown."""
        order = self.order or list(range(len(self.question.choices)))
        return [self.question.choices[i] for i in order]

    @property
    def correct_shown(self) -> list[int]:
        """The positions (letters) at which the correct options are shown."""
        order = self.order or list(range(len(self.question.choices)))
        return sorted(order.index(i) for i in self.question.correct)


@dataclass
class Summary:
    answered: int = 0
    auto_graded: int = 0
    correct: int = 0
    skipped: int = 0
    repeats: int = 0  # learning cards asked again in this session
    seconds: float = 0.0
    next_due_ts: float | None = None
    due_next_day: int = 0


@dataclass
class _Undo:
    item: Item
    uid: str
    previous: schedule.CardRow | None
    summary: Summary


def select(deckset: DeckSet, options: QuizOptions) -> list[Question]:
    """Questions matching --deck and --tag; raise DeckNotFound / TagNotFound for names nothing carries."""
    if options.mode not in MODES:
        raise errors.UsageError(message=text.both("usage.choice", option="--mode", value=options.mode,
                                                  choices=", ".join(MODES)))
    for name in options.decks:
        if deckset.deck(name) is None:
            raise errors.DeckNotFound(name=name, known=", ".join(d.id for d in deckset.decks))
    chosen = [q for q in deckset.questions if not options.decks or q.deck in options.decks]
    if options.tags:
        known = {t for q in deckset.questions for t in q.tags}
        for tag in options.tags:
            if tag.lower() not in known:
                import difflib

                close = difflib.get_close_matches(tag.lower(), sorted(known), n=3, cutoff=0.6)
                raise errors.TagNotFound(name=tag, did_you_mean=", ".join(close) or None)
        wanted = {t.lower() for t in options.tags}
        chosen = [q for q in chosen if wanted & set(q.tags)]
    return chosen


def grade(item: Item, typed: str) -> grading.Graded:
    """Grade one typed answer to `item` (the quiz, the mock and `decks try` all come here)."""
    q = item.question
    if q.type == "choice":
        graded = grading.grade_choice(typed, item.correct_shown, len(q.choices))
        return graded
    if q.type == "numeric":
        return grading.grade_numeric(typed, item.value or 0.0, item.tolerance)
    return grading.grade_recall(typed, q.key_points, q.pitfalls, q.prompt)


def option_order(question_id: str, count: int, seed: int | None, reviews_done: int) -> list[int]:
    """The order choice options are shown in: a fresh shuffle per review, reproducible for a seed."""
    key = f"{question_id}:{seed}:{reviews_done}".encode()
    rng = random.Random(int(hashlib.sha1(key).hexdigest()[:12], 16))
    order = list(range(count))
    rng.shuffle(order)
    return order


def siblings_key(questions: list[Question]):  # noqa: ANN201
    """A function giving each question's specific tags (the topics that make two cards siblings)."""
    counts: dict[str, int] = {}
    for q in questions:
        for t in q.tags:
            counts[t] = counts.get(t, 0) + 1

    def specific(q: Question) -> frozenset[str]:
        return frozenset(t for t in q.tags if counts.get(t, 0) <= SPECIFIC_TAG) | {f"#{q.id}"}

    return specific


def spread(items: list[Item], specific) -> list[Item]:  # noqa: ANN001
    """Reorder so that no card follows a sibling within SIBLING_GAP cards, when the queue allows it;
    otherwise the original order is kept (stable, deterministic)."""
    pending, out = list(items), []
    while pending:
        recent = [specific(i.question) for i in out[-SIBLING_GAP:]]
        pick = next((k for k, i in enumerate(pending) if not any(specific(i.question) & r for r in recent)), 0)
        out.append(pending.pop(pick))
    return out


def interleave(questions: list[Question]) -> list[Question]:
    """Round-robin over decks, each deck in its own order: new cards come from every deck in turn."""
    by_deck: dict[str, list[Question]] = {}
    for q in questions:
        by_deck.setdefault(q.deck, []).append(q)
    lanes = list(by_deck.values())
    out = []
    while any(lanes):
        for lane in lanes:
            if lane:
                out.append(lane.pop(0))
    return out


class Session:
    """Holds the queue, the learning cards coming back, the running summary and the last rating."""

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
        self.counts: dict[str, int] = {}  # reviews per item, read when a choice question is asked
        self.interview_ts = interview_ts
        self.specific = siblings_key(deckset.questions)
        if questions is not None:
            self.queue = [Item(q, None, q.id not in self.cards) for q in questions]
        else:
            self.queue = spread(self._build(select(deckset, options), now), self.specific)
        self.total = len(self.queue)
        self.learning: list[tuple[float, int, Item]] = []  # (due, tie-breaker, item)
        self.last: _Undo | None = None
        self.due_katas = reviews.due_katas(conn, now)
        self.due_reasons = reviews.due_reasons(conn)  # item -> "kata:mistake" for cards a failed kata brought back

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
            items += [Item(q, None, True) for q in interleave(fresh)[: opts.new_limit]]
        return items[:limit]

    def __len__(self) -> int:
        return self.total

    def next(self, now: float) -> Item | None:
        """The next item: a learning card whose step is up, else the queue, else a learning card due
        within LEARN_AHEAD; None when the session is over. Generated families get fresh numbers."""
        if self.learning and self.learning[0][0] <= now:
            item = self.learning.pop(0)[2]
        elif self.queue:
            item = self.queue.pop(0)
        elif self.learning and self.learning[0][0] <= now + LEARN_AHEAD:
            item = self.learning.pop(0)[2]
        else:
            return None
        if item.question.family:
            item.generated = generate(item.question.family, self.rng)
        if item.question.type == "choice":
            done = self.counts.setdefault(item.question.id, reviews.review_count(self.conn, item.question.id))
            item.order = option_order(item.question.id, len(item.question.choices), self.options.seed, done)
        return item

    def grade(self, item: Item, typed: str) -> grading.Graded:
        return grade(item, typed)

    def intervals(self, item: Item, now: float) -> dict[Rating, float]:
        """When the card would next be due for each rating (seconds from now), for the rating prompt."""
        if self.options.mode == "cram":
            return {}
        card = self.cards.get(item.question.id)
        return {r: schedule.review(card, item.question.id, r, now).due_ts - now for r in Rating}

    def record(self, item: Item, graded: grading.Graded, rating: Rating | int, answer_text: str, duration_ms: int,
               now: float) -> schedule.CardRow | None:
        """Schedule and store one rated answer (cram reviews are stored without moving the card)."""
        if rating not in list(Rating):
            raise errors.UsageError(message=text.both("usage.rating", value=rating))
        q = item.question
        previous = self.cards.get(q.id)
        card = None
        if self.options.mode != "cram":
            card = schedule.review(previous, q.id, Rating(rating), now, duration_ms)
            self.cards[q.id] = card
        before = Summary(**self.summary.__dict__)
        uid = reviews.record_review(self.conn, item=q.id, deck=q.deck, rating=int(rating), correct=graded.correct,
                                    answer=answer_text[:4000], duration_ms=duration_ms, ts=now, card=card)
        self.last = _Undo(item, uid, previous, before)
        if q.id in self.counts:
            self.counts[q.id] += 1
        self.summary.answered += 1
        self.summary.repeats += int(item.repeat)
        self.summary.seconds += duration_ms / 1000
        if graded.correct is not None:
            self.summary.auto_graded += 1
            self.summary.correct += int(graded.correct)
        if card is not None and card.due_ts <= now + LEARN_AHEAD and self.options.mode != "cram":
            again = Item(q, None, item.is_new, repeat=True)
            self.learning.append((card.due_ts, len(self.learning), again))
            self.learning.sort(key=lambda t: t[:2])
        return card

    def undo(self) -> Item | None:
        """Take back the last rating: its review row is deleted, the card restored, the item asked again."""
        if self.last is None:
            return None
        last, self.last = self.last, None
        q = last.item.question
        reviews.undo_review(self.conn, uid=last.uid, item=q.id, previous=last.previous)
        if last.previous is None:
            self.cards.pop(q.id, None)
        else:
            self.cards[q.id] = last.previous
        if q.id in self.counts:
            self.counts[q.id] = max(0, self.counts[q.id] - 1)
        self.learning = [t for t in self.learning if t[2].question.id != q.id]
        self.summary = last.summary
        self.queue.insert(0, last.item)
        return last.item

    def skip(self) -> None:
        self.summary.skipped += 1

    def finish(self, now: float) -> Summary:
        """Fill in when the next card is due (after `now`) and how many fall due within a day."""
        self.summary.next_due_ts, self.summary.due_next_day = reviews.upcoming(self.conn, now)
        return self.summary
