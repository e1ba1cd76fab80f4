"""`dlprep doctor`: what is wrong with the progress database, the shipped decks and katas.

The database is opened read-only (an older one is migrated first, with its backup) and checked as a
whole: SQLite's integrity check, the schema's tables, then every row with the same checks a
progress import applies (card states and ranges, ratings, verdicts, kata names, times, texts).
Rows that refer to a question in no loaded deck or to no shipped kata are listed as notes, not
problems: progress of a deck that was removed (or is loaded with --deck-path) is kept on purpose.
The command line renders the report; every problem makes it exit 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlprep import errors, text
from dlprep.deck.loader import DeckSet
from dlprep.schedule import KATA_PREFIX

SHOWN_PROBLEMS = 20


@dataclass
class Report:
    database: str
    exists: bool
    supported_version: int
    schema_version: int | None = None
    integrity: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    database_error: errors.DlprepError | None = None  # the file cannot be used as it is
    row_problems: list[dict[str, str]] = field(default_factory=list)  # the first SHOWN_PROBLEMS
    row_problem_count: int = 0
    rows_checked: int = 0
    unknown: dict[str, list[str]] = field(default_factory=dict)  # table -> ids in no deck or kata (notes)
    decks: int = 0
    questions: int = 0
    deck_path: str = ""
    katas: list[str] = field(default_factory=list)
    kata_path: str = ""
    deck_problems: list[dict[str, str]] = field(default_factory=list)

    @property
    def problem_count(self) -> int:
        return ((self.database_error is not None) + (self.integrity not in (None, "ok")) + self.row_problem_count
                + len(self.deck_problems))

    def to_json(self, lang: str, error_text: str | None) -> dict[str, Any]:
        problems = ([error_text] if error_text else []) + [text.pick(p, lang) for p in self.row_problems]
        problems += [text.pick(p, lang) for p in self.deck_problems]
        return {"database": self.database, "exists": self.exists, "schema_version": self.schema_version,
                "supported_version": self.supported_version, "integrity": self.integrity, "counts": self.counts,
                "rows_checked": self.rows_checked, "row_problems": self.row_problem_count,
                "unknown_items": {k: v for k, v in self.unknown.items() if v},
                "decks": self.decks, "questions": self.questions, "deck_path": self.deck_path,
                "katas": self.katas, "kata_path": self.kata_path, "problems": problems}


def examine(path: Path, decks: DeckSet, katas: list[str], *, deck_path: Path, kata_path: Path) -> Report:
    """Check the database at `path` and the decks and katas loaded; never raises for what it finds."""
    from dlprep.store import health, migrations, open_db, rows

    report = Report(database=str(path), exists=path.exists(), supported_version=migrations.CURRENT,
                    decks=len(decks.decks), questions=len(decks.questions), deck_path=str(deck_path),
                    katas=list(katas), kata_path=str(kata_path),
                    deck_problems=[{lang: p.render(lang) for lang in text.LANGS} for p in decks.fatal])
    try:
        conn = open_db(path, readonly=True)
    except errors.StoreError as exc:
        report.database_error = exc
        return report
    report.schema_version = health.schema_version(conn)
    report.integrity = health.integrity(conn)
    report.counts = health.counts(conn)
    for table in health.COLUMNS:
        for rowid, row in health.rows(conn, table):
            report.rows_checked += 1
            for problem in rows.check_row(table, row, f"{table}[rowid {rowid}]"):
                report.row_problem_count += 1
                if len(report.row_problems) < SHOWN_PROBLEMS:
                    report.row_problems.append(problem.text())
    questions = {q.id for q in decks.questions}
    known_katas = set(katas)
    refs = health.referenced(conn)

    def unknown(item: Any) -> bool:
        if rows.item(item) is not None:
            return False  # a bad value: already a row problem
        if item.startswith(KATA_PREFIX):
            return item[len(KATA_PREFIX):] not in known_katas
        return item not in questions

    report.unknown = {
        "reviews": sorted(i for i in refs["reviews"] if unknown(i)),
        "cards": sorted(i for i in refs["cards"] if unknown(i)),
        "attempts": sorted(k for k in refs["attempts"] if isinstance(k, str) and rows.KATA.fullmatch(k) and k not in known_katas),
        "hints": sorted(k for k in refs["hints"] if isinstance(k, str) and rows.KATA.fullmatch(k) and k not in known_katas),
    }
    conn.close()
    return report
