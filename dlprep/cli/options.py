"""Options shared by several commands, parsed and validated in one place."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from dlprep import errors, text

Lang = Annotated[Optional[str], typer.Option("--lang", help="Language of the text: en or zh (default: $DLPREP_LANG or en).")]
Json = Annotated[bool, typer.Option("--json", help="Print exactly one JSON object on stdout and nothing else.")]
DeckPath = Annotated[Optional[list[Path]], typer.Option("--deck-path", help="Extra deck file or folder (repeatable).")]


def lang(value: str | None) -> str:
    """Validate --lang and remember it for error messages."""
    from dlprep.cli import State

    chosen = value or text.default_lang()
    if chosen not in text.LANGS:
        raise errors.UsageError(message=f"unknown language '{value}' (choose en or zh)")
    State.lang = chosen
    return chosen


def deck_paths(values: list[Path] | None) -> list[Path]:
    """--deck-path (and `decks check PATH`) mean the same in every command: a deck file or a folder of
    decks that exists; anything else is a usage error naming the path."""
    for p in values or []:
        if not p.exists():
            raise errors.FileNotFound(path=str(p), reason=text.both("reason.missing"))
        if not (p.is_dir() or p.is_file()):
            raise errors.FileNotFound(path=str(p), reason=text.both("reason.not_regular"))
    return list(values or [])
