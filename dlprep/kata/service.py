"""What the kata commands call to grade: find a kata, write its starter, read and grade a file.

Grading only: recording an attempt and scheduling the kata belong to dlprep.loop.katas.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from dlprep import errors, files, text
from dlprep.kata import spec as spec_mod
from dlprep.kata.spec import KataSpec

if TYPE_CHECKING:  # grading's modules load only when grading: `kata list` stays close to the floor
    from dlprep.kata.sandbox import Limits
    from dlprep.kata.verdict import GradeReport


def find(name: str) -> KataSpec:
    return spec_mod.find(name)


def write_starter(spec: KataSpec, dest: Path) -> bool:
    """Write the starter to `dest` unless a file is already there; True when written."""
    try:
        with open(dest, "x", encoding="utf-8") as fh:
            fh.write(spec.starter())
    except FileExistsError:
        return False
    except OSError as exc:
        raise errors.FileNotFound(path=str(dest), reason=exc.strerror or str(exc)) from None
    return True


MAX_SOURCE_BYTES = 1 << 20  # a submission larger than 1 MiB is not a hand-written kata


def check_file(path: Path) -> bytes:
    """Read the submission or raise FileNotFound with the reason (missing, directory, unreadable,
    not a regular file, over MAX_SOURCE_BYTES): a device or a FIFO is refused without reading it."""
    if not path.exists():
        raise errors.FileNotFound(path=str(path), reason=text.both("reason.missing"))
    if path.is_dir():
        raise errors.FileNotFound(path=str(path), reason=text.both("reason.directory"))
    try:
        return files.read_regular(path, MAX_SOURCE_BYTES)
    except files.FileProblem as exc:
        raise errors.FileNotFound(path=str(path), reason=files.reason(exc)) from None


def grade_file(spec: KataSpec, path: Path, *, limits: Limits, seed: int | None = None,
               max_examples: int | None = None, bench: bool = False) -> GradeReport:
    """Grade `path` in a sandboxed worker and return the complete report (file, sha256 and seed included)."""
    import hashlib
    import random

    from dlprep.kata import engine
    from dlprep.kata.sandbox import Worker

    data = check_file(path)
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    worker = Worker(spec.path / "checks.py", path.resolve(), spec.names, limits)
    report = engine.grade(spec, worker, seed=seed, limits=limits, max_examples=max_examples, bench=bench)
    report.file = os.fspath(path)
    report.sha256 = hashlib.sha256(data).hexdigest()
    return report
