"""What `dlprep doctor` reads from the database: schema version, integrity, counts, every row, and
the ids the rows refer to. Read-only."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from dlprep.store.transfer import COLUMNS


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def integrity(conn: sqlite3.Connection) -> str:
    return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check"))


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in COLUMNS}


def rows(conn: sqlite3.Connection, table: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(rowid, row) of every row of `table`, with the columns an export carries."""
    cols = COLUMNS[table]
    for r in conn.execute(f"SELECT rowid, {', '.join(cols)} FROM {table} ORDER BY rowid"):
        yield r[0], dict(zip(cols, tuple(r)[1:]))


def referenced(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """The question ids and kata names the rows refer to, by table."""
    return {
        "reviews": {r[0] for r in conn.execute("SELECT DISTINCT item FROM reviews")},
        "cards": {r[0] for r in conn.execute("SELECT item FROM cards")},
        "attempts": {r[0] for r in conn.execute("SELECT DISTINCT kata FROM attempts")},
        "hints": {r[0] for r in conn.execute("SELECT kata FROM hints")},
    }
