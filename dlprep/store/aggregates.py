"""Read-only aggregates for `dlprep stats`, from summaries kept by triggers so a million reviews stay fast.

Days are local calendar days: timestamps are shifted by the caller's UTC offset and divided
into 86,400-second buckets (day numbers since the epoch).
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass


@dataclass
class ItemStats:
    item: str
    reviews: int
    not_again: int


BUCKET = 900  # seconds in a review_buckets bucket: every real UTC offset is a whole number of them
DAY = 86400


def activity_days(conn: sqlite3.Connection, offset: int, since: float = 0.0,
                  until: float = float("inf")) -> dict[int, tuple[int, int]]:
    """day number -> (reviews, kata attempts) for every active day in [since, until).

    Reviews come from the quarter-hour summary; the uneven ends of the range (when `since` or `until`
    is not a bucket boundary) from the reviews themselves.
    """
    days: dict[int, list[int]] = {}
    first = math.ceil(since / BUCKET)
    last = math.floor(until / BUCKET) if math.isfinite(until) else 1 << 62
    for bucket, count in conn.execute("SELECT bucket, reviews FROM review_buckets WHERE bucket >= ? AND bucket < ? "
                                      "AND reviews > 0", (first, last)):
        days.setdefault(int((bucket * BUCKET + offset) // DAY), [0, 0])[0] += count
    edges = [(since, min(first * BUCKET, until))]
    if math.isfinite(until):
        edges.append((max(last * BUCKET, since, first * BUCKET), until))
    for low, high in edges:
        if low < high:
            for ts, in conn.execute("SELECT ts FROM reviews WHERE ts >= ? AND ts < ?", (low, high)):
                days.setdefault(int((ts + offset) // DAY), [0, 0])[0] += 1
    for day, count in conn.execute(
        "SELECT CAST((ts + ?) / 86400 AS INTEGER) AS d, COUNT(*) FROM attempts WHERE ts >= ? AND ts < ? GROUP BY d",
        (offset, since, until),
    ):
        days.setdefault(day, [0, 0])[1] = count
    return {d: (v[0], v[1]) for d, v in days.items()}


def review_counts(conn: sqlite3.Connection, since: float) -> dict[str, ItemStats]:
    """Per item: reviews since `since` and how many were not rated Again.

    Whole UTC days after `since` come from the (day, item) summary; the part of the first day after
    `since` from the covering (ts, item, rating) index of the reviews.
    """
    counts: dict[str, list[int]] = {}
    first_day = math.ceil(since / DAY)
    for item, n, kept in conn.execute("SELECT item, SUM(reviews), SUM(not_again) FROM item_days WHERE day >= ? "
                                      "GROUP BY item", (first_day,)):
        counts[item] = [n, kept]
    for item, n, kept in conn.execute("SELECT item, COUNT(*), SUM(rating > 1) FROM reviews WHERE ts >= ? AND ts < ? "
                                      "GROUP BY +item", (since, first_day * DAY)):
        c = counts.setdefault(item, [0, 0])
        c[0] += n
        c[1] += kept
    return {item: ItemStats(item, n, kept) for item, (n, kept) in counts.items() if n}


def totals(conn: sqlite3.Connection, day_start: float) -> tuple[int, int, int]:
    """(all reviews, reviews since day_start, kata attempts)."""
    # three index-only counts: one SUM over every row would read the whole table
    total = conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    today = conn.execute("SELECT COUNT(*) FROM reviews WHERE ts >= ?", (day_start,)).fetchone()[0]
    katas = conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
    return int(total), int(today), int(katas)


def is_empty(conn: sqlite3.Connection) -> bool:
    """True when nothing was ever recorded: no review, no kata attempt."""
    row = conn.execute("SELECT EXISTS(SELECT 1 FROM reviews) OR EXISTS(SELECT 1 FROM attempts)").fetchone()
    return not row[0]
