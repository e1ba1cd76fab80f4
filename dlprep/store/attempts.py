"""Kata attempts and hint usage: recording them and summarising them per kata."""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dlprep.schedule import CardRow
from dlprep.store import reviews
from dlprep import text
from dlprep.store.db import new_uid, transaction


class KataStatus(str, enum.Enum):
    """Where the user stands on one kata (passed once stays passed)."""

    NOT_TRIED = "not_tried"
    FAILING = "failing"
    PASSED = "passed"


@dataclass(frozen=True)
class KataProgress:
    """What the user has done on one kata."""

    kata: str
    attempts: int
    passed: bool
    last_verdict: str | None
    first_pass_ts: float | None
    hints_used: int  # in all rounds
    best_pass_s: float | None  # the grader's run time of the fastest passing grading
    last_ts: float | None = None  # when the last attempt was graded
    best_solve_s: float | None = None  # the shortest time from starting a round to passing it

    @property
    def status(self) -> KataStatus:
        if self.attempts == 0:
            return KataStatus.NOT_TRIED
        return KataStatus.PASSED if self.passed else KataStatus.FAILING


@dataclass(frozen=True)
class _Effects:
    rating: int | None = None
    card: CardRow | None = None
    due_now: tuple[str, ...] = ()


_NO_EFFECTS = _Effects()


def record_attempt(
    conn: sqlite3.Connection,
    *,
    kata: str,
    ts: float,
    verdict: str,
    duration_s: float,
    sha256: str,
    mistake: str | None,
    decide: Callable[[Round, int, float | None, CardRow | None], Any] | None = None,
    uid: str | None = None,
) -> Any:
    """Store one graded attempt and what it does to the schedule, in a single write transaction.

    `decide(round, hints_used, started_ts, card)` sees the store as it is inside the transaction and
    returns the attempt's effects (none when `decide` is None, e.g. an imported attempt): an object with `rating` (or None), `card` (the kata card's new
    state, or None) and `due_now` (question ids brought forward). Deciding under the write lock is
    what makes three gradings at once rate a round once. A pass closes the round, so the next round's
    hints start from zero. Killed half-way, nothing of it lands. Returns what `decide` returned.
    """
    from dlprep.schedule import kata_item
    from dlprep.store import meta

    with transaction(conn, lost=text.both("lost.attempt", kata=kata)):
        used = hints_used(conn, kata)
        started = meta.get(conn, meta.kata_started(kata))
        effects = _NO_EFFECTS if decide is None else decide(
            current_round(conn, kata), used, float(started) if started is not None else None,
            reviews.load_card(conn, kata_item(kata)))
        minutes = getattr(effects, "minutes", None)
        conn.execute(
            "INSERT INTO attempts (kata, ts, verdict, duration_s, sha256, hints_used, mistake, uid, rating, solve_s)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (kata, ts, verdict, duration_s, sha256, used, mistake, uid or new_uid(),
             None if effects.rating is None else int(effects.rating), None if minutes is None else minutes * 60),
        )
        if effects.card is not None:
            reviews.save_card(conn, effects.card)
        if effects.due_now:
            reviews.bring_forward(conn, effects.due_now, ts, getattr(effects, "due_reason", None))
        if verdict == "pass":
            conn.execute("UPDATE hints SET used = 0 WHERE kata = ?", (kata,))
    return effects


def hints_used(conn: sqlite3.Connection, kata: str) -> int:
    """Hints shown in the current round (since the last pass)."""
    row = conn.execute("SELECT used FROM hints WHERE kata = ?", (kata,)).fetchone()
    return int(row[0]) if row else 0


def take_hint(conn: sqlite3.Connection, kata: str, available: int) -> int:
    """Record that one more hint was shown; return its 0-based index (capped at the last hint)."""
    with transaction(conn, lost=text.both("lost.hint")):
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
               MIN(CASE WHEN a.verdict = 'pass' THEN a.duration_s END) AS best,
               MAX(a.ts) AS last_ts,
               MIN(CASE WHEN a.verdict = 'pass' THEN a.solve_s END) AS best_solve
        FROM attempts a GROUP BY a.kata
        """
    ).fetchall()
    return {
        r[0]: KataProgress(r[0], r[1], bool(r[2]), r[3], r[4], r[5], r[6], r[7], r[8])
        for r in rows
    }
