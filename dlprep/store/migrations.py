"""Ordered schema migrations keyed to PRAGMA user_version; a copy of the file is taken before any.

Each `mNNN_*` function moves the schema from version NNN-1 to NNN. A migration and its new
user_version are applied in one transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def m001_initial(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            kata TEXT NOT NULL,
            ts REAL NOT NULL,
            verdict TEXT NOT NULL,
            duration_s REAL NOT NULL,
            sha256 TEXT NOT NULL,
            hints_used INTEGER NOT NULL DEFAULT 0,
            mistake TEXT,
            uid TEXT NOT NULL UNIQUE
        );
        CREATE INDEX attempts_kata ON attempts(kata, ts);
        CREATE TABLE hints (
            kata TEXT PRIMARY KEY,
            used INTEGER NOT NULL
        );
        CREATE TABLE cards (
            item TEXT PRIMARY KEY,
            card_id INTEGER NOT NULL,
            state INTEGER NOT NULL,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due_ts REAL NOT NULL,
            last_review_ts REAL
        );
        CREATE INDEX cards_due ON cards(due_ts);
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            item TEXT NOT NULL,
            deck TEXT NOT NULL,
            rating INTEGER NOT NULL,
            correct INTEGER,
            answer TEXT NOT NULL DEFAULT '',
            duration_ms INTEGER NOT NULL,
            ts REAL NOT NULL,
            uid TEXT NOT NULL UNIQUE
        );
        CREATE INDEX reviews_ts ON reviews(ts);
        CREATE INDEX reviews_item ON reviews(item, ts);
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


def m002_learning_loop(conn: sqlite3.Connection) -> None:
    """Katas on the schedule, hints per round, and mock interviews.

    attempts.rating is the FSRS rating an attempt gave its kata's card (NULL when it did not review
    it); hints.used now counts the current round (since the last pass) and hints.total all of them.
    The reviews' ts index becomes a covering (ts, item, rating) index: the 30-day figures of
    `dlprep stats` then read only the index (100,000 reviews: 45 ms -> 11 ms).
    """
    _run(
        conn,
        """
        ALTER TABLE attempts ADD COLUMN rating INTEGER;
        ALTER TABLE hints ADD COLUMN total INTEGER NOT NULL DEFAULT 0;
        UPDATE hints SET total = used;
        CREATE TABLE mocks (
            id INTEGER PRIMARY KEY,
            ts REAL NOT NULL,
            minutes REAL NOT NULL,
            report TEXT NOT NULL,
            uid TEXT NOT NULL UNIQUE
        );
        CREATE INDEX mocks_ts ON mocks(ts);
        DROP INDEX reviews_ts;
        CREATE INDEX reviews_ts_item ON reviews(ts, item, rating)
        """
    )


def m003_solve_time(conn: sqlite3.Connection) -> None:
    """attempts.solve_s: seconds from the start of the round (starter written or statement shown) to
    this attempt, when known. The grader's own run time (duration_s) reads like a solving time in
    stats; this is the solving time."""
    _run(conn, "ALTER TABLE attempts ADD COLUMN solve_s REAL")


def m004_review_summaries(conn: sqlite3.Connection) -> None:
    """Review counts kept per quarter hour and per (UTC day, item), maintained by triggers.

    `dlprep stats` needs reviews per local day for its heatmap and streak, and per item over the last
    30 days; at a million reviews the two GROUP BY scans with their temporary B-trees took about half a
    second. Quarter hours fit every real UTC offset, so local days are sums of buckets; the few rows at
    an uneven edge are read from the reviews themselves, so the figures stay exact.
    """
    _run(
        conn,
        """
        CREATE TABLE review_buckets (
            bucket INTEGER PRIMARY KEY,
            reviews INTEGER NOT NULL,
            not_again INTEGER NOT NULL
        );
        CREATE TABLE item_days (
            day INTEGER NOT NULL,
            item TEXT NOT NULL,
            reviews INTEGER NOT NULL,
            not_again INTEGER NOT NULL,
            PRIMARY KEY (day, item)
        ) WITHOUT ROWID;
        INSERT INTO review_buckets SELECT CAST(ts / 900 AS INTEGER) AS b, COUNT(*), SUM(rating > 1) FROM reviews GROUP BY b;
        INSERT INTO item_days SELECT CAST(ts / 86400 AS INTEGER) AS d, item, COUNT(*), SUM(rating > 1) FROM reviews GROUP BY d, item;
        CREATE TRIGGER reviews_summarise AFTER INSERT ON reviews BEGIN
            INSERT INTO review_buckets VALUES (CAST(NEW.ts / 900 AS INTEGER), 1, NEW.rating > 1)
                ON CONFLICT(bucket) DO UPDATE SET reviews = reviews + 1, not_again = not_again + (NEW.rating > 1);
            INSERT INTO item_days VALUES (CAST(NEW.ts / 86400 AS INTEGER), NEW.item, 1, NEW.rating > 1)
                ON CONFLICT(day, item) DO UPDATE SET reviews = reviews + 1, not_again = not_again + (NEW.rating > 1);
        END;
        CREATE TRIGGER reviews_unsummarise AFTER DELETE ON reviews BEGIN
            UPDATE review_buckets SET reviews = reviews - 1, not_again = not_again - (OLD.rating > 1)
                WHERE bucket = CAST(OLD.ts / 900 AS INTEGER);
            UPDATE item_days SET reviews = reviews - 1, not_again = not_again - (OLD.rating > 1)
                WHERE day = CAST(OLD.ts / 86400 AS INTEGER) AND item = OLD.item;
        END;
        """
    )


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Run the statements of `script` one by one inside the caller's transaction (executescript() would
    COMMIT it); a trigger body's semicolons stay inside its statement."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        conn.execute(statement)


MIGRATIONS = [m001_initial, m002_learning_loop, m003_solve_time, m004_review_summaries]
CURRENT = len(MIGRATIONS)
# The tables each schema version has: a file at that user_version without them is not a sound dlprep
# database. A migration that adds a table adds its version here (see tables_at).
TABLES = {1: frozenset({"attempts", "hints", "cards", "reviews", "meta"})}
TABLES[2] = TABLES[1] | {"mocks"}
TABLES[4] = TABLES[2] | {"review_buckets", "item_days"}


def tables_at(version: int) -> frozenset[str]:
    """The tables a database at `version` (>= 1) has at least: those of the latest version listed up to it."""
    return TABLES[max(v for v in TABLES if v <= version)]


# PRAGMA application_id of a dlprep database ("dlpr"); set by every migration, so files created from
# now on say whose they are. Files created before carry 0 and are recognised by their tables.
APPLICATION_ID = 0x646C7072


def migrate(conn: sqlite3.Connection, path: Path | None, version: int, *, backup: bool) -> None:
    """Apply every migration after `version`; back the file up first when it held data."""
    if backup and path is not None:
        from dlprep.store.db import backup_copy

        backup_copy(conn, f"v{version}")
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN IMMEDIATE")
        if conn.execute("PRAGMA user_version").fetchone()[0] >= number:  # another dlprep applied it meanwhile
            conn.execute("COMMIT")
            continue
        try:
            step(conn)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
