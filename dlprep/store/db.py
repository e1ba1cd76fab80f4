"""Opening the progress database safely: WAL, a busy timeout, migrations, and clear errors.

Before anything is written the file must be dlprep's: a directory, a special file, a dangling
symbolic link or a link loop, another program's SQLite file (its tables or its application id say
so), or a file at a known schema version without that version's tables each raise a DlprepError
naming the file and the cause, and the file is never replaced, migrated or wiped. A database from a
newer dlprep raises SchemaTooNew; an unwritable home raises DataDirNotWritable.

Commands that only read open the database read-only (`open_db(readonly=True)`): they work in a
read-only home and never create anything (with no database yet they see an empty one in memory).

A write that fails for lack of room (a full disk or quota, or the file-size limit) raises DiskFull
saying what was not saved: `transaction(conn, lost=...)` for the rows of one command, `open_db`
(nothing changed) at start-up. It is never reported as a corrupt database.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

from dlprep import errors, paths, text

BUSY_TIMEOUT_MS = 10_000


def open_db(path: Path | None = None, *, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """Connect to progress.db (default: $DLPREP_HOME/progress.db), migrating it to the current schema.

    With `readonly`, connect without writing anything (falls back to a normal open when the file
    still needs a migration). Raises DataDirNotWritable, NotDlprepDatabase, CorruptDatabase,
    SchemaTooNew, DiskFull or StoreError.
    """
    from dlprep.store import migrations

    path = Path(path) if path is not None else paths.database()
    check_path(path)
    if readonly:
        conn = _open_readonly(path)
        if conn is not None:
            return conn
    if create:
        _ensure_dir(path.parent)
    existed = path.exists() and path.stat().st_size > 0
    created = [p for p in _side_files(path) if not os.path.lexists(p)]
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.OperationalError as exc:
        raise errors.DataDirNotWritable(path=str(path.parent), reason=str(exc)) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("BEGIN")  # the version and the tables from one snapshot: another dlprep may be creating them
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        verify(conn, path, version)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < migrations.CURRENT:
            migrations.migrate(conn, path, version, backup=existed)
    except sqlite3.DatabaseError as exc:
        conn.close()
        _remove_if_empty(created)
        raise failure(exc, path, lost=text.both("lost.start"), default=errors.CorruptDatabase) from None
    except BaseException:
        conn.close()
        _remove_if_empty(created)
        raise
    conn.row_factory = sqlite3.Row
    return conn


def _side_files(path: Path) -> list[Path]:
    """The database and the files SQLite keeps beside it."""
    return [path] + [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _remove_if_empty(created: list[Path]) -> None:
    """Remove the files a start that failed (a full disk) created and left empty: they hold nothing.
    A file another process has since filled is left alone."""
    for p in created:
        with contextlib.suppress(OSError):
            if p.stat().st_size == 0:
                p.unlink()


def check_path(path: Path) -> None:
    """Refuse, before connecting, what SQLite must not be handed: links to nothing, directories, devices."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise errors.StoreError(path=str(path), reason=text.both("db.dangling", target=os.readlink(path))) from None
        return
    except OSError as exc:  # ELOOP: a symbolic link loop; ENOTDIR: a file where the home folder should be
        if os.path.islink(path):
            raise errors.StoreError(path=str(path), reason=text.both("db.link_loop", reason=exc.strerror)) from None
        raise errors.DataDirNotWritable(path=str(path.parent), reason=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise errors.NotDlprepDatabase(path=str(path), reason=text.both("db.directory"))
    if not stat.S_ISREG(info.st_mode):
        raise errors.NotDlprepDatabase(path=str(path), reason=text.both("db.special"))


def shape_problem(conn: sqlite3.Connection, path: Path, version: int) -> errors.StoreError | None:
    """Why this SQLite file is not a dlprep database at `version` (its tables or application id), or None."""
    from dlprep.store import migrations

    app = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    listed = ", ".join(sorted(tables)[:8]) + (", …" if len(tables) > 8 else "")
    if app not in (0, migrations.APPLICATION_ID):
        return errors.NotDlprepDatabase(path=str(path), reason=text.both("db.foreign_app", found=app))
    if version == 0:  # dlprep's first migration creates its tables and sets the version together
        return errors.NotDlprepDatabase(path=str(path), reason=text.both("db.foreign", tables=listed)) if tables else None
    ours = migrations.tables_at(max(1, min(version, migrations.CURRENT)))
    if tables and not ours & tables and app != migrations.APPLICATION_ID:  # tables, none of them dlprep's
        return errors.NotDlprepDatabase(path=str(path), reason=text.both("db.foreign", tables=listed))
    if version > migrations.CURRENT:
        return errors.SchemaTooNew(path=str(path), found=version, supported=migrations.CURRENT)
    needed = migrations.tables_at(version)
    missing = needed - tables
    if missing:
        return errors.CorruptDatabase(path=str(path), reason=text.both("db.missing_tables", version=version,
                                                                       tables=", ".join(sorted(missing))))
    return None


def verify(conn: sqlite3.Connection, path: Path, version: int) -> None:
    problem = shape_problem(conn, path, version)
    if problem is not None:
        raise problem


def _open_readonly(path: Path) -> sqlite3.Connection | None:
    """A read-only connection, or None when the file needs a migration first (the caller opens it normally)."""
    from dlprep.store import migrations

    if not path.exists():  # nothing recorded yet: an empty database in memory, nothing created on disk
        conn = sqlite3.connect(":memory:", isolation_level=None)
        migrations.migrate(conn, None, 0, backup=False)
        conn.row_factory = sqlite3.Row
        return conn
    uri = path.absolute().as_uri()
    created = [p for p in _side_files(path) if not os.path.lexists(p)]
    conn = None
    try:
        try:
            conn = _connect_ro(f"{uri}?mode=ro")
        except sqlite3.OperationalError:
            # A WAL database needs its -shm file; in a read-only folder it cannot be created. With no
            # -wal file every committed row is in the main file and nobody is writing: read it as is.
            wal = path.with_name(path.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise
            _remove_if_empty(created)  # a -shm the attempt could create but not size
            conn = _connect_ro(f"{uri}?mode=ro&immutable=1")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        verify(conn, path, version)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise failure(exc, path, lost=text.both("lost.start"), default=errors.CorruptDatabase) from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    if version < migrations.CURRENT:
        conn.close()
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise errors.DataDirNotWritable(path=str(path.parent), reason=text.both("db.upgrade_readonly", version=version))
        return None
    conn.row_factory = sqlite3.Row
    return conn


def _connect_ro(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # reads the file: fails here, not later
    except BaseException:
        conn.close()
        raise
    return conn


def _ensure_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.DataDirNotWritable(path=str(folder), reason=exc.strerror or str(exc)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise errors.DataDirNotWritable(path=str(folder), reason=_unwritable_reason(folder))


def _unwritable_reason(folder: Path) -> str:
    """Why a folder refuses writes: a read-only file system (root too) or its permissions."""
    with contextlib.suppress(OSError):
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return os.strerror(30)  # EROFS
    return "permission denied"


# ---- failures of writes -----------------------------------------------------------------------------

_PROBE_BYTES = 64 * 1024


def no_room(folder: Path) -> str | None:
    """The system's words when `folder` has no room for a small write (a full disk or quota, or the
    file-size limit), else None. Probed with a temporary file that is always removed."""
    from dlprep import files

    with contextlib.suppress(OSError):
        st = os.statvfs(folder)
        if st.f_blocks and st.f_bavail * st.f_frsize < _PROBE_BYTES:
            return os.strerror(28)  # ENOSPC
    probe = folder / f".dlprep-space-probe.{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        return exc.strerror if exc.errno in files.NO_SPACE else None
    try:
        view = memoryview(bytes(_PROBE_BYTES))
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        return exc.strerror if exc.errno in files.NO_SPACE else None
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)
    return None


def failure(exc: sqlite3.Error, path: Path, *, lost: dict[str, str], default: type | None = None) -> BaseException:
    """The DlprepError for a database error: DiskFull for a lack of room (whatever words SQLite used:
    "database or disk is full" or "disk I/O error"), DataDirNotWritable for a read-only file or folder,
    CorruptDatabase for a damaged file; otherwise `default(path, reason)`, or `exc` itself when None."""
    words = str(exc)
    name = getattr(exc, "sqlite_errorname", "")  # Python 3.11+
    lower = words.lower()
    if name == "SQLITE_FULL" or "database or disk is full" in lower:
        return errors.DiskFull(path=str(path), reason=no_room(path.parent) or words, lost=lost)
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in lower:
        room = no_room(path.parent)
        if room:
            return errors.DiskFull(path=str(path), reason=room, lost=lost)
        return errors.StoreError(path=str(path), reason=words)
    if name.startswith("SQLITE_READONLY") or "readonly" in lower or "read-only" in lower or "unable to open" in lower:
        return errors.DataDirNotWritable(path=str(path.parent), reason=words)
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in lower or "not a database" in lower:
        return errors.CorruptDatabase(path=str(path), reason=words)
    return exc if default is None else default(path=str(path), reason=words)


def database_path(conn: sqlite3.Connection) -> Path:
    """The file behind a connection (the default path when it cannot be asked)."""
    try:
        for row in conn.execute("PRAGMA database_list"):
            if row[1] == "main" and row[2]:
                return Path(row[2])
    except sqlite3.Error:
        pass
    return paths.database()


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back what is open; SQLite may already have rolled back after a full disk."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, *, lost: dict[str, str] | None = None) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception: a write lands whole or not at all.

    A lack of room or a read-only file raises DiskFull or DataDirNotWritable saying what was not
    saved (`lost`, bilingual; default "the change was not saved").
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            _rollback(conn)
            raise
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        _rollback(conn)
        raise failure(exc, database_path(conn), lost=lost or text.both("lost.change")) from None


def backup_copy(conn: sqlite3.Connection, label: str) -> Path:
    """A consistent copy of the database beside it, `progress.db.LABEL.bak`; returns its path.

    A copy that cannot be finished (a full disk) is removed and raises DiskFull (nothing changed).
    """
    source = database_path(conn)
    dest = source.with_name(f"{source.name}.{label}.bak")
    target = None
    try:
        target = sqlite3.connect(dest)
        conn.backup(target)
        target.close()
    except (sqlite3.Error, OSError) as exc:
        if target is not None:
            target.close()
        for leftover in (dest, dest.with_name(dest.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if isinstance(exc, OSError):
            from dlprep import files

            kind = errors.DiskFull if exc.errno in files.NO_SPACE else errors.StoreError
            raise kind(path=str(dest), reason=exc.strerror or str(exc), lost=text.both("lost.start")) from None
        raise failure(exc, dest, lost=text.both("lost.start"), default=errors.StoreError) from None
    return dest


def new_uid() -> str:
    """A fresh row id: rows carry one so an export merged into another database is never counted twice."""
    import uuid  # ~2 ms of start-up for commands that never write a row

    return uuid.uuid4().hex
