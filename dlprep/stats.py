"""Where the user stands: SQL aggregates assembled into plain dataclasses (no terminal code here).

`compute()` takes the clock and the UTC offset as arguments, so tests pin both.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from dlprep import schedule
from dlprep.deck.loader import DeckSet
from dlprep.store import aggregates, attempts, mocks, reviews

DAY = 86400
HEATMAP_WEEKS = 16
RETENTION_DAYS = 30


@dataclass
class Overview:
    streak_days: int
    reviews_today: int
    reviews_total: int
    kata_attempts: int
    due_now: int
    forecast: list[int]  # cards due on each of the next 7 days; today includes overdue cards


@dataclass
class Mastery:
    """One deck or tag."""

    name: str
    seen: int
    total: int
    mature: int
    retention: float | None  # share of reviews in the last 30 days not rated Again
    reviews_30d: int
    retrievability: float | None  # mean predicted recall now over seen cards
    katas: list[dict[str, str]] = field(default_factory=list)  # katas of this topic and their status (tags only)

    @property
    def weakness(self) -> tuple:
        """Sort key: least retained, least recalled, least covered first."""
        return (self.retention if self.retention is not None else 2.0,
                self.retrievability if self.retrievability is not None else 2.0, self.seen / max(1, self.total))


@dataclass
class KataLine:
    kata: str
    status: str
    attempts: int
    first_passed: str | None
    hints_used: int
    best_seconds: float | None  # the grader's run time of the fastest passing grading
    next_due: str | None = None  # when the kata's card is next due (date)
    best_solve_min: float | None = None  # the shortest time from starting a round to passing it
    concepts: dict[str, Any] = field(default_factory=dict)  # the questions sharing its tags: seen/total, retention, recall


@dataclass
class Stats:
    empty: bool
    overview: Overview
    decks: list[Mastery]
    tags: list[Mastery]
    weakest: list[dict[str, str]]
    katas: list[KataLine]
    activity: list[dict[str, Any]] = field(default_factory=list)  # last 16 weeks, oldest first
    mocks: list[dict[str, Any]] = field(default_factory=list)  # latest mock interviews, newest first

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def local_offset(now: float) -> int:
    return time.localtime(now).tm_gmtoff


def _date(day: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(day * DAY))


def compute(conn, decks: DeckSet, kata_tags: dict[str, list[str]], *, now: float, offset: int,  # noqa: ANN001
            deck_filter: list[str] | None = None, tag_filter: list[str] | None = None, since: float | None = None) -> Stats:
    """All dashboard figures at time `now` for the given filters.

    `kata_tags` maps each kata to its tags, so each topic also shows the state of its katas.
    """
    today = int((now + offset) // DAY)
    day_start = today * DAY - offset
    questions = [q for q in decks.questions if (not deck_filter or q.deck in deck_filter)
                 and (not tag_filter or set(tag_filter) & set(q.tags))]
    wanted = {q.id for q in questions}
    filtered = bool(deck_filter or tag_filter)

    first = today - (HEATMAP_WEEKS * 7 - 1)
    window = max(since or 0.0, first * DAY - offset)
    activity = aggregates.activity_days(conn, offset, window)
    streak, day = 0, today if today in activity else today - 1
    while day in activity:
        streak, day = streak + 1, day - 1
    if day < first and window > (since or 0.0):  # a streak older than the heatmap: count the rest
        older = aggregates.activity_days(conn, offset, since or 0.0, until=window)
        while day in older:
            streak, day = streak + 1, day - 1
    total, today_count, kata_total = aggregates.totals(conn, day_start)
    all_cards = reviews.load_cards(conn)
    cards = {k: v for k, v in all_cards.items() if k in wanted} if filtered else all_cards
    due_now = sum(c.due_ts <= now for c in cards.values())
    by_day = {}
    for c in cards.values():
        if c.due_ts < day_start + 7 * DAY:
            d = max(today, int((c.due_ts + offset) // DAY))
            by_day[d] = by_day.get(d, 0) + 1
    forecast = [by_day.get(today + i, 0) for i in range(7)]

    window = max(now - RETENTION_DAYS * DAY, since or 0.0)
    counts = aggregates.review_counts(conn, window)
    groups: dict[str, list] = {}
    tag_groups: dict[str, list] = {}
    for q in questions:
        groups.setdefault(q.deck, []).append(q.id)
        for t in q.tags:
            tag_groups.setdefault(t, []).append(q.id)
    deck_rows = sorted((_mastery(n, ids, cards, counts, now) for n, ids in groups.items()), key=lambda m: m.weakness)
    tag_rows = sorted((_mastery(n, ids, cards, counts, now) for n, ids in tag_groups.items()), key=lambda m: m.weakness)
    weakest = [{"tag": m.name, "command": f"dlprep quiz --tag {m.name}"} for m in tag_rows if m.seen][:5]

    board = attempts.progress(conn)
    katas = []
    for kid in kata_tags:
        p = board.get(kid)
        card = all_cards.get(schedule.kata_item(kid))
        katas.append(KataLine(kid, p.status.value if p else "not_tried", p.attempts if p else 0,
                              _date(int((p.first_pass_ts + offset) // DAY)) if p and p.first_pass_ts else None,
                              p.hints_used if p else 0,
                              round(p.best_pass_s, 3) if p and p.best_pass_s is not None else None,
                              _date(int((card.due_ts + offset) // DAY)) if card else None,
                              round(p.best_solve_s / 60, 1) if p and p.best_solve_s is not None else None))
    for k in katas:  # the concept side of each kata's topic
        ids = [q.id for q in questions if set(q.tags) & set(kata_tags[k.kata])]
        m = _mastery(k.kata, ids, cards, counts, now)
        k.concepts = {"seen": m.seen, "total": m.total, "retention": m.retention, "retrievability": m.retrievability}
    status = {k.kata: k.status for k in katas}
    for m in tag_rows:
        m.katas = [{"kata": kid, "status": status[kid]} for kid, tags in kata_tags.items() if m.name in tags]
    heat = [{"date": _date(d), "reviews": activity.get(d, (0, 0))[0], "katas": activity.get(d, (0, 0))[1]}
            for d in range(first, today + 1)]
    overview = Overview(streak, today_count, total, kata_total, due_now, forecast)
    empty = total == 0 and kata_total == 0
    recent_mocks = [_mock_summary(r, offset) for r in mocks.recent(conn, 5, since or 0.0)]
    return Stats(empty, overview, deck_rows, tag_rows, weakest, katas, heat, recent_mocks)


def _mock_summary(report: dict, offset: int) -> dict[str, Any]:
    kata = report.get("kata") or {}
    return {"date": _date(int((float(report.get("ts", 0)) + offset) // DAY)), "score": report.get("score"),
            "questions": len(report.get("questions") or []), "minutes_used": report.get("minutes_used"),
            "kata": kata.get("kata"), "kata_verdict": kata.get("verdict"), "drill": (report.get("drill") or [])[:2]}


def _mastery(name: str, ids: list[str], cards: dict, counts: dict, now: float) -> Mastery:
    # a card brought forward by a failed kata but never answered is not seen yet
    seen = [cards[i] for i in ids if i in cards and cards[i].last_review_ts is not None]
    n_reviews = sum(counts[i].reviews for i in ids if i in counts)
    kept = sum(counts[i].not_again for i in ids if i in counts)
    recall = [schedule.card_recall(c, now) for c in seen]
    return Mastery(
        name=name, seen=len(seen), total=len(ids),
        mature=sum((c.stability or 0) >= schedule.MATURE_DAYS for c in seen),
        retention=round(kept / n_reviews, 4) if n_reviews else None, reviews_30d=n_reviews,
        retrievability=round(sum(recall) / len(recall), 4) if recall else None,
    )
