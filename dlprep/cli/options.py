"""Options shared by several commands, parsed and validated in one place."""

from typing import Annotated, Optional

import typer

from dlprep import errors, text

Lang = Annotated[Optional[str], typer.Option("--lang", help="Language of the text: en or zh (default: $DLPREP_LANG or en).")]
Json = Annotated[bool, typer.Option("--json", help="Print exactly one JSON object on stdout and nothing else.")]


def lang(value: str | None) -> str:
    """Validate --lang and remember it for error messages."""
    from dlprep.cli import State

    chosen = value or text.default_lang()
    if chosen not in text.LANGS:
        raise errors.UsageError(message=f"unknown language '{value}' (choose en or zh)")
    State.lang = chosen
    return chosen
