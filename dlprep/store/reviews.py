"""Card state and review history: load cards, find what is due, record a review atomically."""

from __future__ import annotations

import sqlite3

from dlprep.schedule import KATA_PREFIX, CardRow, card_id
from dlprep import text
from dlprep.store.db import new_uid, transaction

_COLUMNS = "item, card_id, state, step, stability, difficulty, due_ts, last_review_ts"


def load_cards(conn: sqlite3.Connection) -> dict[str, CardRow]:
    return {r[0]: CardRow(*r) for r in conn.execute(f"SELECT {_COLUMNS} FROM cards")}


def load_card(conn: sqlite3.Connection, item: str) -> CardRow | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM cards WHERE item = ?", (item,)).fetchone()
    return CardRow(*row) if row else None


def due(conn: sqlite3.Connection, now: float) -> list[tuple[str, float]]:
    """(item, due_ts) of every card due at `now`, most overdue first."""
    return [(r[0], r[1]) for r in conn.execute("SELECT item, due_ts FROM cards WHERE due_ts <= ? ORDER BY due_ts", (now,))]


def record_review(
    conn: sqlite3.Connection,
    *,
    item: str,
    deck: str,
    rating: int,
    correct: bool | None,
    answer: str,
    duration_ms: int,
    ts: float,
    card: CardRow | None,
    uid: str | None = None,
) -> str:
    """Insert the review and, when `card` is given, the card's new state, in one transaction; returns its uid."""
    uid = uid or new_uid()
    with transaction(conn, lost=text.both("lost.review", item=item)):
        conn.execute(
            "INSERT INTO reviews (item, deck, rating, correct, answer, duration_ms, ts, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (item, deck, rating, None if correct is None else int(correct), answer, duration_ms, ts, uid),
        )
        if card is not None:
            save_card(conn, card)
        conn.execute("DELETE FROM meta WHERE key = ?", (DUE_REASON + item,))
    return uid


def undo_review(conn: sqlite3.Connection, *, uid: str, item: str, previous: CardRow | None) -> None:
    """Take back one review: delete its row and put the card back as it was (gone if it was new), atomically."""
    with transaction(conn, lost=text.both("lost.undo", item=item)):
        conn.execute("DELETE FROM reviews WHERE uid = ?", (uid,))
        if previous is None:
            conn.execute("DELETE FROM cards WHERE item = ?", (item,))
        else:
            save_card(conn, previous)


def review_count(conn: sqlite3.Connection, item: str) -> int:
    """How many reviews one item has had (an index-only count)."""
    return int(conn.execute("SELECT COUNT(*) FROM reviews WHERE item = ?", (item,)).fetchone()[0])


def save_card(conn: sqlite3.Connection, card: CardRow) -> None:
    conn.execute(
        f"INSERT INTO cards ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(item) DO UPDATE SET "
        "card_id = excluded.card_id, state = excluded.state, step = excluded.step, stability = excluded.stability, "
        "difficulty = excluded.difficulty, due_ts = excluded.due_ts, last_review_ts = excluded.last_review_ts",
        (card.item, card.card_id, card.state, card.step, card.stability, card.difficulty, card.due_ts, card.last_review_ts),
    )


DUE_REASON = "due.reason."  # meta key prefix: why an item was brought forward (until it is next reviewed)


def bring_forward(conn: sqlite3.Connection, items: list[str], now: float, reason: str | None = None) -> None:
    """Make `items` due at `now` inside the caller's transaction, remembering `reason` for each.

    A seen card keeps its memory state and only moves its due date earlier; an unseen one gets a
    fresh, never-reviewed card due now, so it is asked among the due cards instead of waiting for
    its turn among the new ones.
    """
    conn.executemany("UPDATE cards SET due_ts = MIN(due_ts, ?) WHERE item = ?", [(now, i) for i in items])
    # state 1 and step 0: fsrs's Learning state at its first step, as a new card starts
    conn.executemany("INSERT OR IGNORE INTO cards (item, card_id, state, step, due_ts) VALUES (?, ?, 1, 0, ?)",
                     [(i, card_id(i), now) for i in items])
    if reason:
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         [(DUE_REASON + i, reason) for i in items])


def due_reasons(conn: sqlite3.Connection) -> dict[str, str]:
    """item -> why it was brought forward, for the items still waiting for their review."""
    rows = conn.execute("SELECT key, value FROM meta WHERE key >= ? AND key < ?", (DUE_REASON, DUE_REASON[:-1] + "/"))
    return {k[len(DUE_REASON):]: v for k, v in rows}


def due_katas(conn: sqlite3.Connection, now: float) -> list[str]:
    """Katas whose card is due at `now`, most overdue first."""
    rows = conn.execute("SELECT item FROM cards WHERE item >= ? AND item < ? AND due_ts <= ? ORDER BY due_ts",
                        (KATA_PREFIX, KATA_PREFIX[:-1] + chr(ord(KATA_PREFIX[-1]) + 1), now))
    return [r[0][len(KATA_PREFIX):] for r in rows]


def upcoming(conn: sqlite3.Connection, now: float) -> tuple[float | None, int]:
    """When the next card falls due after `now`, and how many fall due within a day."""
    row = conn.execute("SELECT MIN(due_ts), SUM(due_ts <= ?) FROM cards WHERE due_ts > ?", (now + 86400, now)).fetchone()
    return row[0], int(row[1] or 0)


def typical_review_seconds(conn: sqlite3.Connection, last: int = 200) -> float | None:
    """The median time of the user's last reviews, in seconds (None before ten reviews)."""
    rows = [r[0] for r in conn.execute("SELECT duration_ms FROM reviews ORDER BY ts DESC LIMIT ?", (last,))]
    if len(rows) < 10:
        return None
    rows.sort()
    return rows[len(rows) // 2] / 1000
