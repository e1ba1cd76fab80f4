"""The one place output goes: rich consoles (NO_COLOR and non-TTY give plain text) and JSON."""

import json
import os
import sys
from typing import Any

_console = None
_err_console = None


def console():
    """The stdout Console: colour only on a TTY without NO_COLOR; width from the terminal (80 when piped)."""
    global _console
    if _console is None:
        from rich.console import Console

        plain = bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()
        _console = _leave_broken_pipes_to_the_boundary(Console)(
            no_color=plain, color_system=None if plain else "auto", highlight=False, soft_wrap=False,
            emoji=False, markup=True, width=_tty_width(sys.stdout) if sys.stdout.isatty() else _piped_width(),
        )
    return _console


def err_console():
    global _err_console
    if _err_console is None:
        from rich.console import Console

        plain = bool(os.environ.get("NO_COLOR")) or not sys.stderr.isatty()
        _err_console = Console(stderr=True, no_color=plain, color_system=None if plain else "auto", highlight=False,
                               emoji=False, width=_tty_width(sys.stderr) if sys.stderr.isatty() else _piped_width())
    return _err_console


def _leave_broken_pipes_to_the_boundary(base):  # noqa: ANN001, ANN202
    """rich exits with status 1 when stdout's reader goes away; dlprep's error boundary decides instead
    (a reader that has what it wanted, `| head -1`, is not a failure: dlprep.cli.errors.output_gone)."""

    class Console(base):
        def on_broken_pipe(self) -> None:
            import errno

            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return Console


def catalog(table: dict[str, tuple[str, str]]):
    """The `ui(key, lang, **params)` lookup over one command's strings, kept as {key: (en, zh)}."""

    def ui(key: str, lang: str, **params: Any) -> str:
        en, zh = table[key]
        return (zh if lang == "zh" else en).format(**params)

    return ui


def _tty_width(stream) -> int | None:  # noqa: ANN001
    """The terminal's own width: a COLUMNS left in the environment by another program must not win."""
    try:
        return os.get_terminal_size(stream.fileno()).columns or None
    except (OSError, ValueError, AttributeError):
        return None


def _piped_width() -> int:
    try:
        return max(40, int(os.environ.get("COLUMNS", "100")))
    except ValueError:
        return 100


def reset() -> None:
    """Forget cached consoles (tests switch stdout between invocations)."""
    global _console, _err_console
    _console = _err_console = None


def emit_json(obj: Any) -> None:
    """Write exactly one JSON object and a newline to stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, sort_keys=False) + "\n")
    sys.stdout.flush()


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(text)
