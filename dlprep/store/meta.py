"""Small settings kept with the progress: the interview date, when a kata was started.

One key-value table, so a new setting needs no migration; values are text. A progress import checks
the values dlprep reads back (dlprep.store.rows): a new setting read back needs its check there.
"""

from __future__ import annotations

import sqlite3

from dlprep import text
from dlprep.store.db import transaction

INTERVIEW = "plan.interview"  # YYYY-MM-DD
TARGET = "plan.target"  # predicted recall wanted on interview day
PLAN_DECKS = "plan.decks"  # comma-separated deck ids the plan is about (empty: all)
PLAN_TAGS = "plan.tags"  # comma-separated tags the plan is about (empty: all)


def kata_started(kata: str) -> str:
    return f"kata.started.{kata}"


def get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def put(conn: sqlite3.Connection, values: dict[str, str]) -> None:
    with transaction(conn, lost=text.both("lost.settings")):
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )


def delete(conn: sqlite3.Connection, *keys: str) -> None:
    with transaction(conn, lost=text.both("lost.settings")):
        conn.executemany("DELETE FROM meta WHERE key = ?", [(k,) for k in keys])
