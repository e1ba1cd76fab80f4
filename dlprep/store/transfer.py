"""Export and import all progress as one versioned JSON document; importing twice adds nothing twice.

Reviews, attempts and mock reports carry a unique `uid`, so an import skips rows it already has.
A card is replaced only when the imported copy was reviewed more recently; hint counts keep the
larger. Version 1 exports (before katas were scheduled) import with no ratings.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from dlprep.store.db import transaction

FORMAT = "dlprep-progress"
VERSION = 2
_TABLES = {
    "reviews": ("item", "deck", "rating", "correct", "answer", "duration_ms", "ts", "uid"),
    "attempts": ("kata", "ts", "verdict", "duration_s", "sha256", "hints_used", "mistake", "uid", "rating", "solve_s"),
    "cards": ("item", "card_id", "state", "step", "stability", "difficulty", "due_ts", "last_review_ts"),
    "hints": ("kata", "used", "total"),
    "mocks": ("ts", "minutes", "report", "uid"),
    "meta": ("key", "value"),
}


_OPTIONAL = {"rating", "solve_s"}  # columns older exports do not have


class TransferProblem(Exception):
    """Raised when a document is not a dlprep export this version can read; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def export(conn: sqlite3.Connection) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for table, cols in _TABLES.items():
        data[table] = [dict(zip(cols, row)) for row in conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY rowid")]
    return data


def import_(conn: sqlite3.Connection, data: Any) -> dict[str, int]:
    """Merge an export into the database in one transaction; return how many rows each table gained."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferProblem("not a dlprep progress export")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise TransferProblem(f"export version {data.get('version')!r} is newer than this dlprep reads ({VERSION})")
    added = {}
    try:
        with transaction(conn):
            for table in ("reviews", "attempts", "mocks"):
                cols = _TABLES[table]
                cursor = conn.executemany(  # rowcount: rows this statement inserted, not the triggers' summaries
                    f"INSERT OR IGNORE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [tuple(row.get(c) if c in _OPTIONAL else row[c] for c in cols) for row in _rows(data, table)],
                )
                added[table] = max(0, cursor.rowcount)
            cols = _TABLES["cards"]
            before = conn.total_changes
            conn.executemany(
                f"INSERT INTO cards ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) ON CONFLICT(item) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in cols[1:])
                + " WHERE COALESCE(excluded.last_review_ts, 0) > COALESCE(cards.last_review_ts, 0)",
                [tuple(row[c] for c in cols) for row in _rows(data, "cards")],
            )
            added["cards"] = conn.total_changes - before
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO hints (kata, used, total) VALUES (?, ?, ?) ON CONFLICT(kata) DO UPDATE SET "
                "used = MAX(used, excluded.used), total = MAX(total, excluded.total)",
                [(row["kata"], row["used"], row.get("total", row["used"])) for row in _rows(data, "hints")],
            )
            conn.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                             [(row["key"], row["value"]) for row in _rows(data, "meta")])
    except (KeyError, TypeError, sqlite3.IntegrityError) as exc:
        raise TransferProblem(f"malformed export: {exc}") from None
    return added


def _rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    rows = data.get(table, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise TransferProblem(f"'{table}' must be a list of objects")
    return rows


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in _TABLES}


def integrity(conn: sqlite3.Connection) -> str:
    return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]
