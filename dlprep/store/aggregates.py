"""Read-only aggregates for `dlprep stats`, computed in SQL so 100,000 reviews stay fast.

Days are local calendar days: timestamps are shifted by the caller's UTC offset and divided
into 86,400-second buckets (day numbers since the epoch).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass
class ItemStats:
    item: str
    reviews: int
    not_again: int


def activity_days(conn: sqlite3.Connection, offset: int, since: float = 0.0,
                  until: float = float("inf")) -> dict[int, tuple[int, int]]:
    """day number -> (reviews, kata attempts) for every active day in [since, until)."""
    days: dict[int, list[int]] = {}
    for table, slot in (("reviews", 0), ("attempts", 1)):
        for day, count in conn.execute(
            f"SELECT CAST((ts + ?) / 86400 AS INTEGER) AS d, COUNT(*) FROM {table} WHERE ts >= ? AND ts < ? GROUP BY d",
            (offset, since, until),
        ):
            days.setdefault(day, [0, 0])[slot] = count
    return {d: (v[0], v[1]) for d, v in days.items()}


def review_counts(conn: sqlite3.Connection, since: float) -> dict[str, ItemStats]:
    """Per item: reviews since `since` and how many were not rated Again.

    `GROUP BY +item` keeps SQLite from scanning the whole (item, ts) index to avoid a sort: it reads
    only the last 30 days' range of the covering (ts, item, rating) index instead.
    """
    return {
        r[0]: ItemStats(r[0], r[1], r[2])
        for r in conn.execute(
            "SELECT item, COUNT(*), SUM(rating > 1) FROM reviews WHERE ts >= ? GROUP BY +item", (since,)
        )
    }


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
