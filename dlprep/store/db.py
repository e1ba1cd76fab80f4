"""Opening the progress database safely: WAL, a busy timeout, migrations, and clear errors.

A corrupt file, a database from a newer dlprep, or an unwritable home each raise a DlprepError
naming the file; the file is never replaced or wiped.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from dlprep import errors, paths

BUSY_TIMEOUT_MS = 10_000


def open_db(path: Path | None = None, *, create: bool = True) -> sqlite3.Connection:
    """Connect to progress.db (default: $DLPREP_HOME/progress.db), migrating it to the current schema.

    Raises DataDirNotWritable, CorruptDatabase or SchemaTooNew.
    """
    from dlprep.store import migrations

    path = Path(path) if path is not None else paths.database()
    if create:
        _ensure_dir(path.parent)
    if path.is_dir():
        raise errors.CorruptDatabase(path=str(path))
    existed = path.exists() and path.stat().st_size > 0
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.OperationalError as exc:
        raise errors.DataDirNotWritable(path=str(path.parent), reason=str(exc)) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.CURRENT:
            conn.close()
            raise errors.SchemaTooNew(path=str(path), found=version, supported=migrations.CURRENT)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < migrations.CURRENT:
            migrations.migrate(conn, path, version, backup=existed)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if isinstance(exc, sqlite3.OperationalError) and _is_write_problem(exc):
            raise errors.DataDirNotWritable(path=str(path.parent), reason=str(exc)) from None
        raise errors.CorruptDatabase(path=str(path), reason=str(exc)) from None
    conn.row_factory = sqlite3.Row
    return conn


def _is_write_problem(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text or "disk i/o" in text


def _ensure_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.DataDirNotWritable(path=str(folder), reason=exc.strerror or str(exc)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise errors.DataDirNotWritable(path=str(folder), reason="permission denied")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception: a write lands whole or not at all."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def new_uid() -> str:
    """A fresh row id: rows carry one so an export merged into another database is never counted twice."""
    import uuid  # ~2 ms of start-up for commands that never write a row

    return uuid.uuid4().hex
