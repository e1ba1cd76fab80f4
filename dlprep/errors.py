"""The DlprepError hierarchy: every failure the user can cause or meet, each with its exit code.

The command-line boundary (`dlprep.cli.errors`) turns these into one line of text; the core
raises them and never prints. Each class docstring says when it is raised.
"""

from __future__ import annotations


class DlprepError(Exception):
    """Base of every error dlprep reports to the user as one line (exit code `exit_code`)."""

    exit_code = 1
    key = "error"  # catalog key in dlprep.text for the message template

    def __init__(self, **fields: object) -> None:
        self.fields = fields
        super().__init__(", ".join(f"{k}={v!r}" for k, v in fields.items()))


class UsageError(DlprepError):
    """Raised when the command line asks for something impossible (bad option value, missing file)."""

    exit_code = 2
    key = "usage"


class KataNotFound(UsageError):
    """Raised when `dlprep kata NAME` names no shipped kata; `did_you_mean` holds the nearest name or None."""

    key = "kata_not_found"


class DeckNotFound(UsageError):
    """Raised when `--deck NAME` names no loaded deck."""

    key = "deck_not_found"


class TagNotFound(UsageError):
    """Raised when `--tag NAME` names a tag no loaded question carries; `did_you_mean` lists close tags or is None."""

    key = "tag_not_found"


class QuestionNotFound(UsageError):
    """Raised when a question id names no loaded question; `did_you_mean` holds the nearest id or None."""

    key = "question_not_found"


class FileNotFound(UsageError):
    """Raised when a FILE argument does not exist, is a directory, or cannot be read."""

    key = "file_not_found"


class DeckProblems(UsageError):
    """Raised by `decks check` when at least one deck has problems; `problems` lists them."""

    key = "deck_problems"


class StoreError(DlprepError):
    """Raised when the progress database cannot be opened or written (exit code 2)."""

    exit_code = 2
    key = "store"


class SchemaTooNew(StoreError):
    """Raised when progress.db was written by a newer dlprep; nothing is written to it."""

    key = "schema_too_new"


class CorruptDatabase(StoreError):
    """Raised when the file at the database path is not a sound SQLite database; it is left untouched."""

    key = "corrupt_db"


class DataDirNotWritable(StoreError):
    """Raised when DLPREP_HOME cannot be created or written."""

    key = "home_not_writable"


class NotDlprepDatabase(StoreError):
    """Raised when the file at the database path is not dlprep's: a directory, a special file, or another
    program's SQLite database (its tables or its application id say so); it is left untouched."""

    key = "not_dlprep_db"


class DiskFull(StoreError):
    """Raised when a write fails for lack of room (a full disk or quota, or the file-size limit); `lost`
    (bilingual) says what was not saved. Never reported as a corrupt database: nothing was damaged."""

    key = "disk_full"


class KataFormatError(DlprepError):
    """Raised when a kata folder is malformed (unknown keys, missing files, too-new format)."""

    exit_code = 2
    key = "kata_format"


class Interrupted(DlprepError):
    """Raised when the user presses Ctrl-C during a run that records nothing half-done (exit 130)."""

    exit_code = 130
    key = "interrupted"


class TransferError(UsageError):
    """Raised when a progress export file is refused as a whole: not JSON, not an export, a newer version,
    or the first bad field (`reason` names it, e.g. `cards[3].stability: expected a positive number`)."""

    key = "transfer"
