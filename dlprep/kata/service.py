"""What the kata commands call: list katas with progress, write starters, grade a file, give hints."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dlprep import errors, text
from dlprep.kata import spec as spec_mod
from dlprep.kata.spec import KataSpec
from dlprep.store import attempts

if TYPE_CHECKING:  # grading's modules load only when grading: `kata list` stays close to the floor
    from dlprep.kata.sandbox import Limits
    from dlprep.kata.verdict import GradeReport


@dataclass
class KataRow:
    spec: KataSpec
    progress: attempts.KataProgress | None

    @property
    def status(self) -> str:
        return self.progress.status if self.progress else "not_tried"


def list_katas(conn) -> list[KataRow]:  # noqa: ANN001
    board = attempts.progress(conn)
    return [KataRow(s, board.get(s.id)) for s in spec_mod.discover()]


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


def check_file(path: Path) -> bytes:
    """Read the submission or raise FileNotFound with the reason (missing, directory, unreadable)."""
    if not path.exists():
        raise errors.FileNotFound(path=str(path), reason=text.both("reason.missing"))
    if path.is_dir():
        raise errors.FileNotFound(path=str(path), reason=text.both("reason.directory"))
    try:
        return path.read_bytes()
    except OSError:
        raise errors.FileNotFound(path=str(path), reason=text.both("reason.unreadable")) from None


def grade_file(spec: KataSpec, path: Path, *, limits: Limits, seed: int | None = None, conn=None,  # noqa: ANN001
               max_examples: int | None = None) -> GradeReport:
    """Grade `path` in a sandboxed worker; with `conn`, record the attempt and schedule the kata.

    The attempt, the kata card's review and the related questions brought forward are written in
    one transaction (see dlprep.kata.scheduling for the rating rule); `report.review` says what
    happened.
    """
    import hashlib
    import random

    from dlprep.kata import engine, scheduling
    from dlprep.kata.sandbox import Worker

    data = check_file(path)
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    worker = Worker(spec.path / "checks.py", path.resolve(), spec.names, limits)
    report = engine.grade(spec, worker, seed=seed, limits=limits, max_examples=max_examples)
    report.file = os.fspath(path)
    report.sha256 = hashlib.sha256(data).hexdigest()
    if conn is not None:
        now = time.time()
        review = scheduling.outcome(conn, spec, report, now)
        attempts.record_attempt(
            conn, kata=spec.id, ts=now, verdict=report.verdict.value, duration_s=report.duration_s,
            sha256=report.sha256, mistake=report.mistake.id if report.mistake else None,
            rating=review.rating, card=review.card, due_now=review.due_now,
        )
        report.review = review
    return report


def mark_started(spec: KataSpec, conn, now: float | None = None) -> None:  # noqa: ANN001
    """Remember when the user began the kata in this round (starter written, statement shown).

    Only the first start of a round counts, so reading the statement again half-way through does
    not reset the clock that the kata's rating uses.
    """
    from dlprep.store import meta

    key = meta.kata_started(spec.id)
    previous = meta.get(conn, key)
    if previous is not None and float(previous) > attempts.current_round(conn, spec.id).since:
        return
    meta.put(conn, {key: repr(now if now is not None else time.time())})


def take_hint(spec: KataSpec, conn) -> tuple[int, dict[str, str]]:  # noqa: ANN001
    """Record one more hint used and return (index, hint)."""
    index = attempts.take_hint(conn, spec.id, len(spec.hints))
    return index, spec.hints[index]
