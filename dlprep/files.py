"""Files a user names on the command line: read only regular files, never more than a limit, and
replace a file whole or not at all.

`read_regular` opens without blocking (a FIFO does not hang), checks the open file with fstat (a
device such as /dev/zero is refused before any read) and reads with a hard cap (a file that grows
while read never yields more than the limit). `replace` writes a new version of a regular file:
it refuses directories and special files, writes through a symbolic link to the file it names,
keeps the old file's permissions (and owner, where allowed), flushes the data to disk before the
rename, and never leaves its temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import Any

# errno values that mean "no room": a full disk, a full quota, or the file-size limit (ulimit -f)
NO_SPACE = frozenset({errno.ENOSPC, errno.EFBIG} | ({errno.EDQUOT} if hasattr(errno, "EDQUOT") else set()))


class FileProblem(Exception):
    """Raised when a file cannot be read or replaced: `key` is one of "missing", "no_folder", "directory",
    "not_regular", "too_large", "unreadable", "unwritable", "no_space"; `params` fill the reason."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _must_be_regular(mode: int) -> None:
    """Raise FileProblem "directory" or "not_regular" (a device, a FIFO, a socket) unless `mode` is a regular file's."""
    if stat.S_ISDIR(mode):
        raise FileProblem("directory")
    if not stat.S_ISREG(mode):
        raise FileProblem("not_regular")


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of `path`; raise FileProblem for anything but a regular file of at most `limit` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise FileProblem("missing", reason=exc.strerror) from None
    except OSError as exc:
        raise FileProblem("unreadable", reason=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        _must_be_regular(info.st_mode)
        if info.st_size > limit:
            raise FileProblem("too_large", size=info.st_size, limit=limit)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileProblem("too_large", size=total, limit=limit)
        return b"".join(chunks)
    except OSError as exc:
        raise FileProblem("unreadable", reason=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def replace(target: Path, blob: bytes) -> Path:
    """Write `blob` as the new content of `target` (created if absent); return the file written.

    A symbolic link is followed to the file it names, which is replaced; its permissions are kept.
    Raise FileProblem ("directory", "not_regular", "no_folder", "unwritable" or
    "no_space" with the system's reason); then the old file is unchanged and no temporary file is left.
    """
    try:
        real = Path(os.path.realpath(target, strict=True))
    except FileNotFoundError:  # no file yet (or a link to a file that does not exist yet): create it
        real = Path(os.path.realpath(target))
        old = None
    except OSError as exc:  # a symlink loop and the like
        raise FileProblem("unwritable", reason=exc.strerror or str(exc)) from None
    else:
        old = os.stat(real)
        _must_be_regular(old.st_mode)
    if not real.parent.is_dir():
        raise FileProblem("no_folder")
    tmp = real.with_name(f".{real.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                     stat.S_IMODE(old.st_mode) if old else 0o666)
        try:
            if old is not None:
                os.fchmod(fd, stat.S_IMODE(old.st_mode))  # the umask narrowed the mode given to open()
                with contextlib.suppress(OSError):  # only root may give a file to another owner
                    os.fchown(fd, old.st_uid, old.st_gid)
            view = memoryview(blob)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        key = "no_space" if exc.errno in NO_SPACE else "unwritable"
        raise FileProblem(key, reason=exc.strerror or str(exc)) from None
    return real


def reason(problem: FileProblem) -> dict[str, str]:
    """The problem as the bilingual reason of a one-line error (`path: reason`)."""
    from dlprep import text

    key = {"missing": "reason.missing", "no_folder": "reason.no_folder", "directory": "reason.is_directory", "not_regular": "reason.special",
           "too_large": "reason.too_large", "unreadable": "reason.unreadable", "unwritable": "reason.cannot_write",
           "no_space": "reason.cannot_write"}[problem.key]
    return text.both(key, **problem.params)
