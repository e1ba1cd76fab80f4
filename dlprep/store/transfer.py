"""Export and import all progress as one versioned JSON document; importing twice adds nothing twice.

Reviews, attempts and mock reports carry a unique `uid`, so an import skips rows it already has.
A card is replaced only when the imported copy was reviewed more recently; hint counts keep the
larger. Version 1 exports (before katas were scheduled) import with no ratings.

An import reads only a regular file of at most MAX_BYTES, and checks every field of every row
(dlprep.store.rows) before anything is written: a file with one bad value is refused as a whole,
naming it. Before writing, a copy of the database is taken beside it (as before a migration).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlprep import errors, files, text
from dlprep.store import db, rows
from dlprep.store.db import transaction

FORMAT = "dlprep-progress"
VERSION = 2
MAX_BYTES = 64 * 1024 * 1024  # about 300,000 reviews
COLUMNS = {  # the columns of each table a progress file carries (and doctor checks row by row)
    "reviews": ("item", "deck", "rating", "correct", "answer", "duration_ms", "ts", "uid"),
    "attempts": ("kata", "ts", "verdict", "duration_s", "sha256", "hints_used", "mistake", "uid", "rating", "solve_s"),
    "cards": ("item", "card_id", "state", "step", "stability", "difficulty", "due_ts", "last_review_ts"),
    "hints": ("kata", "used", "total"),
    "mocks": ("ts", "minutes", "report", "uid"),
    "meta": ("key", "value"),
}


@dataclass
class Imported:
    """What an import added (rows per table) and where the copy taken before it is (None: nothing to copy)."""

    added: dict[str, int]
    backup: Path | None


def export(conn: sqlite3.Connection) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for table, cols in COLUMNS.items():
        data[table] = [dict(zip(cols, row)) for row in conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY rowid")]
    return data


def read(path: Path) -> dict[str, Any]:
    """The export in `path`, checked whole; raise FileNotFound or TransferError naming the first problem."""
    try:
        raw = files.read_regular(path, MAX_BYTES)
    except files.FileProblem as exc:
        raise errors.FileNotFound(path=str(path), reason=files.reason(exc)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise errors.TransferError(path=str(path), reason=_not_json(key="transfer.too_deep")) from None
    except ValueError as exc:  # not UTF-8, not JSON, or an integer of thousands of digits (Python 3.11+)
        huge = "integer string conversion" in str(exc)
        raise errors.TransferError(path=str(path), reason=_not_json(key="transfer.huge_number" if huge else None,
                                                                    words=str(exc)[:200])) from None
    for problem in check(data):
        raise errors.TransferError(path=str(path), reason=problem)
    return data


def _not_json(*, key: str | None = None, words: str = "") -> dict[str, str]:
    return {lang: text.t("transfer.not_json", lang, problem=text.t(key, lang) if key else words) for lang in text.LANGS}


def check(data: Any) -> Iterator[dict[str, str]]:
    """Every problem of an export document, each a bilingual reason (the first one is enough to refuse it)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        yield text.both("transfer.not_export")
        return
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        yield rows.Problem("version", "version", {"supported": VERSION}, got=version).text()
        return
    if version > VERSION:
        yield text.both("transfer.newer", version=version, supported=VERSION)
        return
    for key in data:
        if key not in COLUMNS and key not in ("format", "version"):
            yield rows.Problem(str(key)[:40], "unknown", show_got=False).text()
            return
    for table in COLUMNS:
        for problem in rows.check_rows(table, data.get(table, [])):
            yield problem.text()


def import_(conn: sqlite3.Connection, data: dict[str, Any]) -> Imported:
    """Merge a checked export (see `read`) into the database in one transaction, after copying the
    database beside itself when it holds anything; return what was added and where the copy is."""
    backup = None
    if any(conn.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0] for t in COLUMNS):
        backup = db.backup_copy(conn, "before-import-" + time.strftime("%Y%m%d-%H%M%S"))
    added = {}
    with transaction(conn, lost=text.both("lost.import")):
        for table in ("reviews", "attempts", "mocks"):
            cols = COLUMNS[table]
            cursor = conn.executemany(  # rowcount: the rows inserted, not the triggers' summary rows
                f"INSERT OR IGNORE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [tuple(row.get(c) for c in cols) for row in data.get(table, [])],
            )
            added[table] = max(0, cursor.rowcount)
        cols = COLUMNS["cards"]
        cursor = conn.executemany(
            f"INSERT INTO cards ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) ON CONFLICT(item) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in cols[1:])
            + " WHERE COALESCE(excluded.last_review_ts, 0) > COALESCE(cards.last_review_ts, 0)",
            [tuple(row[c] for c in cols) for row in data.get("cards", [])],
        )
        added["cards"] = max(0, cursor.rowcount)
        conn.executemany(
            "INSERT INTO hints (kata, used, total) VALUES (?, ?, ?) ON CONFLICT(kata) DO UPDATE SET "
            "used = MAX(used, excluded.used), total = MAX(total, excluded.total)",
            [(row["kata"], row["used"], row.get("total", row["used"])) for row in data.get("hints", [])],
        )
        conn.executemany("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                         [(row["key"], row["value"]) for row in data.get("meta", [])])
    return Imported(added, backup)
