"""Kata attempts and hint usage: recording them and summarising them per kata."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from dlprep.schedule import CardRow
from dlprep.store import reviews
from dlprep.store.db import new_uid, transaction


@dataclass(frozen=True)
class KataProgress:
    """What the user has done on one kata."""

    kata: str
    attempts: int
    passed: bool
    last_verdict: str | None
    first_pass_ts: float | None
    hints_used: int  # in all rounds
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
    rating: int | None = None,
    card: CardRow | None = None,
    due_now: list[str] | None = None,
) -> None:
    """Store one graded attempt and what it does to the schedule, in a single transaction.

    With the attempt go the hints used in this round, the kata card's new state (`card`, when the
    attempt reviewed it) and the related questions brought forward (`due_now`). A pass closes the
    round, so the next round's hints start from zero again. Killed half-way, nothing of it lands.
    """
    with transaction(conn):
        used = hints_used(conn, kata)
        conn.execute(
            "INSERT INTO attempts (kata, ts, verdict, duration_s, sha256, hints_used, mistake, uid, rating)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kata, ts, verdict, duration_s, sha256, used, mistake, uid or new_uid(), rating),
        )
        if card is not None:
            reviews.save_card(conn, card)
        if due_now:
            reviews.bring_forward(conn, due_now, ts)
        if verdict == "pass":
            conn.execute("UPDATE hints SET used = 0 WHERE kata = ?", (kata,))


def hints_used(conn: sqlite3.Connection, kata: str) -> int:
    """Hints shown in the current round (since the last pass)."""
    row = conn.execute("SELECT used FROM hints WHERE kata = ?", (kata,)).fetchone()
    return int(row[0]) if row else 0


def take_hint(conn: sqlite3.Connection, kata: str, available: int) -> int:
    """Record that one more hint was shown; return its 0-based index (capped at the last hint)."""
    with transaction(conn):
        used = hints_used(conn, kata)
        index = min(used, available - 1)
        conn.execute(
            "INSERT INTO hints (kata, used, total) VALUES (?, ?, 1) ON CONFLICT(kata) DO UPDATE SET "
            "used = excluded.used, total = total + 1",
            (kata, min(used + 1, available)),
        )
    return index


@dataclass(frozen=True)
class Round:
    """The attempts on one kata since its last pass: what the kata's FSRS rating is judged on."""

    attempts: int  # attempts in this round before the current one
    first_ts: float | None  # when the round's first attempt was graded
    since: float  # when the round began: the previous pass, or 0
    passed_shas: frozenset[str]  # files that have passed before (re-grading one proves nothing new)
    reviewed: bool  # whether an attempt in this round already rated the card


def current_round(conn: sqlite3.Connection, kata: str) -> Round:
    row = conn.execute("SELECT MAX(ts) FROM attempts WHERE kata = ? AND verdict = 'pass'", (kata,)).fetchone()
    since = row[0] or 0.0
    n, first, rated = conn.execute(
        "SELECT COUNT(*), MIN(ts), COALESCE(MAX(rating IS NOT NULL), 0) FROM attempts WHERE kata = ? AND ts > ?",
        (kata, since),
    ).fetchone()
    shas = {r[0] for r in conn.execute("SELECT sha256 FROM attempts WHERE kata = ? AND verdict = 'pass'", (kata,))}
    return Round(int(n), first, since, frozenset(shas), bool(rated))


def progress(conn: sqlite3.Connection) -> dict[str, KataProgress]:
    """Per-kata summary, aggregated in SQL; katas never attempted are absent."""
    rows = conn.execute(
        """
        SELECT a.kata,
               COUNT(*) AS attempts,
               MAX(a.verdict = 'pass') AS passed,
               (SELECT verdict FROM attempts b WHERE b.kata = a.kata ORDER BY ts DESC, id DESC LIMIT 1) AS last,
               MIN(CASE WHEN a.verdict = 'pass' THEN a.ts END) AS first_pass,
               COALESCE((SELECT total FROM hints h WHERE h.kata = a.kata), 0) AS hints,
               MIN(CASE WHEN a.verdict = 'pass' THEN a.duration_s END) AS best
        FROM attempts a GROUP BY a.kata
        """
    ).fetchall()
    return {
        r[0]: KataProgress(r[0], r[1], bool(r[2]), r[3], r[4], r[5], r[6])
        for r in rows
    }
