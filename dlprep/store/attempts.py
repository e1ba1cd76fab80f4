"""Kata attempts and hint usage: recording them and summarising them per kata."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass

from dlprep.store.db import transaction


@dataclass(frozen=True)
class KataProgress:
    """What the user has done on one kata."""

    kata: str
    attempts: int
    passed: bool
    last_verdict: str | None
    first_pass_ts: float | None
    hints_used: int
    best_pass_s: float | None

    @property
    def status(self) -> str:
        """`not_tried`, `failing` or `passed` (passed once stays passed)."""
        if self.attempts == 0:
            return "not_tried"
        return "passed" if self.passed else "failing"


def record_attempt(
    conn: sqlite3.Connection,
    *,
    kata: str,
    ts: float,
    verdict: str,
    duration_s: float,
    sha256: str,
    mistake: str | None,
    uid: str | None = None,
) -> None:
    """Store one graded attempt, with the hints used so far, in a single transaction."""
    with transaction(conn):
        used = hints_used(conn, kata)
        conn.execute(
            "INSERT INTO attempts (kata, ts, verdict, duration_s, sha256, hints_used, mistake, uid)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (kata, ts, verdict, duration_s, sha256, used, mistake, uid or uuid.uuid4().hex),
        )


def hints_used(conn: sqlite3.Connection, kata: str) -> int:
    row = conn.execute("SELECT used FROM hints WHERE kata = ?", (kata,)).fetchone()
    return int(row[0]) if row else 0


def take_hint(conn: sqlite3.Connection, kata: str, available: int) -> int:
    """Record that one more hint was shown; return its 0-based index (capped at the last hint)."""
    with transaction(conn):
        used = hints_used(conn, kata)
        index = min(used, available - 1)
        conn.execute(
            "INSERT INTO hints (kata, used) VALUES (?, ?) ON CONFLICT(kata) DO UPDATE SET used = excluded.used",
            (kata, min(used + 1, available)),
        )
    return index


def progress(conn: sqlite3.Connection) -> dict[str, KataProgress]:
    """Per-kata summary, aggregated in SQL; katas never attempted are absent."""
    rows = conn.execute(
        """
        SELECT a.kata,
               COUNT(*) AS attempts,
               MAX(a.verdict = 'pass') AS passed,
               (SELECT verdict FROM attempts b WHERE b.kata = a.kata ORDER BY ts DESC, id DESC LIMIT 1) AS last,
               MIN(CASE WHEN a.verdict = 'pass' THEN a.ts END) AS first_pass,
               COALESCE((SELECT used FROM hints h WHERE h.kata = a.kata), 0) AS hints,
               MIN(CASE WHEN a.verdict = 'pass' THEN a.duration_s END) AS best
        FROM attempts a GROUP BY a.kata
        """
    ).fetchall()
    return {
        r[0]: KataProgress(r[0], r[1], bool(r[2]), r[3], r[4], r[5], r[6])
        for r in rows
    }
