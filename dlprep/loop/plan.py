"""The interview-date plan: what will not be remembered on the day, and a daily workload to fix it.

For every question and kata, FSRS predicts recall at the start of interview day from the card's
stability and last review (never reviewed: 0). Items below the target are weak. Their first
reviews are spread evenly over the days left, weakest first; each is then followed forward
through FSRS as if answered Good, adding the follow-up reviews it would fall due for before the
interview. Cards that are not weak still count on the day they are already due. The result is a
list of weak topics and katas and the number of cards and katas to do on each day.

No terminal code here; the clock and the UTC offset are passed in by the caller.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from dlprep import errors, schedule, text
from dlprep.deck.loader import DeckSet
from dlprep.store import meta

DAY = 86400
DEFAULT_TARGET = 0.9
GOOD = 3
MAX_DAYS = 3 * 366  # an interview further away than this is not something to plan day by day
DEFAULT_SECONDS_PER_CARD = 45.0  # until the user has review times of their own


@dataclass
class Topic:
    name: str  # deck id
    items: int
    weak: int
    mean_recall: float  # predicted on interview day, over all of the deck's questions


@dataclass
class KataOutlook:
    kata: str
    recall: float


@dataclass
class Day:
    date: str
    cards: int
    katas: int
    new: int = 0  # of the cards, questions never reviewed before


@dataclass
class Settings:
    """The saved plan: interview day, recall target, and the decks and tags it is about (empty: all)."""

    interview: date | None
    target: float = DEFAULT_TARGET
    decks: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Quota:
    """Today's share of the plan, as `dlprep quiz` runs it."""

    limit: int
    new: int
    katas: int
    minutes: float
    decks: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Plan:
    interview: str
    days_left: int
    target: float
    weak_questions: int
    weak_katas: int
    topics: list[Topic] = field(default_factory=list)  # weakest first; only decks with weak questions
    katas: list[KataOutlook] = field(default_factory=list)  # below target, weakest first
    days: list[Day] = field(default_factory=list)
    katas_due_now: list[str] = field(default_factory=list)
    decks: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    seconds_per_card: float = DEFAULT_SECONDS_PER_CARD

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise errors.UsageError(message=text.both("usage.date", option="--interview", value=value)) from None


def stored(conn) -> Settings:  # noqa: ANN001
    """The saved plan (interview None when unset or unreadable)."""
    raw, target = meta.get(conn, meta.INTERVIEW), meta.get(conn, meta.TARGET)
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        day = None
    try:
        t = float(target) if target else DEFAULT_TARGET
        t = t if 0 < t < 1 else DEFAULT_TARGET
    except ValueError:
        t = DEFAULT_TARGET
    scope = [meta.get(conn, k) or "" for k in (meta.PLAN_DECKS, meta.PLAN_TAGS)]
    return Settings(day, t, *[[v for v in s.split(",") if v] for s in scope])


def check_target(target: float) -> float:
    if not (0 < target < 1):  # NaN fails too
        raise errors.UsageError(message=text.both("usage.target", value=target))
    return target


def check_interview(day: date, today: date) -> date:
    if day <= today:
        raise errors.UsageError(message=text.both("usage.interview_past", day=day.isoformat(), today=today.isoformat()))
    if (day - today).days > MAX_DAYS:
        raise errors.UsageError(message=text.both("usage.interview_far", day=day.isoformat(), days=MAX_DAYS))
    return day


def configure(conn, *, interview: date | None = None, target: float | None = None, decks: list[str] | None = None,  # noqa: ANN001
              tags: list[str] | None = None, today: date) -> Settings:
    """Apply what the user asked to the saved plan and save it; raise UsageError for what cannot be saved.

    Changing the target, decks or tags needs an interview date, given now or saved before.
    """
    current = stored(conn)
    day = check_interview(interview, today) if interview is not None else current.interview
    if day is None and (target is not None or decks or tags):
        raise errors.UsageError(message=text.both("usage.no_interview"))
    settings = Settings(day, check_target(target) if target is not None else current.target,
                        list(decks) if decks else current.decks, list(tags) if tags else current.tags)
    if interview is not None or target is not None or decks or tags:
        meta.put(conn, {meta.INTERVIEW: day.isoformat(), meta.TARGET: repr(settings.target),
                        meta.PLAN_DECKS: ",".join(settings.decks), meta.PLAN_TAGS: ",".join(settings.tags)})
    return settings


def clear(conn) -> None:  # noqa: ANN001
    meta.delete(conn, meta.INTERVIEW, meta.TARGET, meta.PLAN_DECKS, meta.PLAN_TAGS)


def scope(decks: DeckSet, settings: Settings) -> list:
    """The questions a plan is about."""
    wanted = set(settings.tags)
    return [q for q in decks.questions if (not settings.decks or q.deck in settings.decks)
            and (not wanted or wanted & set(q.tags))]


def today_of(now: float, offset: int) -> date:
    return date.fromordinal(date(1970, 1, 1).toordinal() + int((now + offset) // DAY))


def day_start(day: date, offset: int) -> float:
    """Unix time of local midnight starting `day`."""
    return (day - date(1970, 1, 1)).days * DAY - offset


def interview_ts(conn, now: float, offset: int) -> float | None:  # noqa: ANN001
    """Start of the saved interview day when it is still ahead, else None (quiz ordering uses it)."""
    day = stored(conn).interview
    if day is None:
        return None
    ts = day_start(day, offset)
    return ts if ts > now else None


def build(conn, decks: DeckSet, kata_ids: list[str], *, settings: Settings, now: float, offset: int) -> Plan:  # noqa: ANN001
    from dlprep.store import reviews

    interview, target = settings.interview, check_target(settings.target)
    today = today_of(now, offset)
    check_interview(interview, today)
    days_left = (interview - today).days
    at = day_start(interview, offset)
    cards = reviews.load_cards(conn)

    def recall(item: str) -> float:
        return schedule.card_recall(cards.get(item), at)

    plan = Plan(interview.isoformat(), days_left, target, 0, 0, decks=list(settings.decks), tags=list(settings.tags),
                seconds_per_card=reviews.typical_review_seconds(conn) or DEFAULT_SECONDS_PER_CARD)
    weak: list[tuple[float, str, bool]] = []  # (recall, item, is_kata)
    by_deck: dict[str, list[float]] = {}
    for q in scope(decks, settings):
        r = recall(q.id)
        by_deck.setdefault(q.deck, []).append(r)
        if r < target:
            weak.append((r, q.id, False))
    for deck, values in by_deck.items():
        n_weak = sum(v < target for v in values)
        if n_weak:
            plan.topics.append(Topic(deck, len(values), n_weak, round(sum(values) / len(values), 4)))
    plan.topics.sort(key=lambda t: (t.mean_recall, -t.weak, t.name))
    for kid in kata_ids:
        r = recall(schedule.kata_item(kid))
        if r < target:
            plan.katas.append(KataOutlook(kid, round(r, 4)))
            weak.append((r, schedule.kata_item(kid), True))
    plan.katas.sort(key=lambda k: (k.recall, k.kata))
    plan.weak_questions = sum(not k for _, _, k in weak)
    plan.weak_katas = len(plan.katas)
    plan.days = _workload(weak, cards, today, days_left, now, offset, at)
    plan.katas_due_now = [k for k in reviews.due_katas(conn, now) if k in kata_ids]
    return plan


def _workload(weak, cards, today: date, days_left: int, now: float, offset: int, at: float) -> list[Day]:  # noqa: ANN001
    """Distinct cards and katas to review on each day from today to the day before the interview."""
    todo: list[dict[str, set]] = [{"cards": set(), "katas": set()} for _ in range(days_left)]

    def day_index(ts: float) -> int:
        return max(0, int((ts + offset) // DAY) - (today - date(1970, 1, 1)).days)

    weak_items = {item for _, item, _ in weak}
    for item, c in cards.items():  # cards that are fine: their own due date still costs a review
        if item not in weak_items and c.due_ts < at:
            todo[min(day_index(c.due_ts), days_left - 1)]["katas" if item.startswith(schedule.KATA_PREFIX) else "cards"].add(item)
    for group in (sorted(w for w in weak if not w[2]), sorted(w for w in weak if w[2])):
        for i, (_, item, is_kata) in enumerate(group):  # each kind spread over the span, weakest first
            first = day_start(today + timedelta(days=i * days_left // len(group)), offset) + 9 * 3600
            sched = schedule.scheduler(steps=not is_kata, fuzz=False)  # a plan is the same on every run
            for ts in _follow(sched, schedule.to_card(cards.get(item), item, now), max(now, first), at, offset):
                todo[min(day_index(ts), days_left - 1)]["katas" if is_kata else "cards"].add(item)
    return [Day((today + timedelta(days=d)).isoformat(), len(t["cards"]), len(t["katas"]),
                len([i for i in t["cards"] if i not in cards])) for d, t in enumerate(todo)]


def _follow(sched, card, ts: float, at: float, offset: int) -> list[float]:  # noqa: ANN001
    """When a card answered Good from `ts` on is reviewed before `at`, at most once a day."""
    from datetime import datetime, timezone

    import fsrs

    times = []
    while ts < at and len(times) < 64:
        times.append(ts)
        card, _log = sched.review_card(card, fsrs.Rating(GOOD), datetime.fromtimestamp(ts, tz=timezone.utc))
        next_day = ((ts + offset) // DAY + 1) * DAY - offset
        ts = max(card.due.timestamp(), next_day)
    return times


def daily_quota(conn, decks: DeckSet, kata_ids: list[str], now: float, offset: int) -> Quota | None:  # noqa: ANN001
    """Today's row of the saved plan as quiz settings, or None when no plan is set (or it is over)."""
    settings = stored(conn)
    if settings.interview is None or settings.interview <= today_of(now, offset):
        return None
    plan = build(conn, decks, kata_ids, settings=settings, now=now, offset=offset)
    today = plan.days[0] if plan.days else Day("", 0, 0)
    minutes = today.cards * plan.seconds_per_card / 60 + today.katas * 20
    return Quota(max(1, today.cards), today.new, today.katas, round(minutes), list(settings.decks), list(settings.tags))
