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
        raise errors.UsageError(message=text.both("usage.choice", option="--lang", value=value, choices="en, zh"))
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


def bounded_int(value: int, option: str, low: int, high: int) -> int:
    """An integer option within [low, high], else a usage error in the usual words."""
    if not low <= value <= high:
        raise errors.UsageError(message=text.both("usage.range", option=option, value=value, low=low, high=high))
    return value


def bounded_float(value: float, option: str, low: float, high: float) -> float:
    """A number option within [low, high]: NaN and infinities are refused too."""
    import math

    if not (math.isfinite(value) and low <= value <= high):
        raise errors.UsageError(message=text.both("usage.range", option=option, value=value, low=f"{low:g}", high=f"{high:g}"))
    return value


def complete_deck(incomplete: str) -> list[str]:
    """Shell completion of --deck: the ids of the loaded decks (served from the validated-deck cache)."""
    from dlprep.deck.loader import load_decks

    return [d.id for d in load_decks().decks if d.id.startswith(incomplete)]
