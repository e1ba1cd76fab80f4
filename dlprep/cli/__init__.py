"""The composition root: builds the Typer app from one module per command group, and the error boundary.

Every exception ends here as one line on stderr with its exit code (tracebacks only under
DLPREP_DEBUG=1). Only `dlprep.cli` imports typer or rich.

The command modules deliberately do not use `from __future__ import annotations`: Typer reads every
command's signature at each start, and string annotations would be evaluated one by one
(about 40 ms per start for dlprep's commands, against 5 ms for real annotation objects).
"""

import os
import sys

import typer
from typer.core import TyperGroup

from dlprep import text


class State:
    """Per-invocation settings the error boundary needs (set by commands as they parse options)."""

    lang = text.default_lang()


def _click_exceptions():
    """Click's exception classes: Typer >= 0.29 vendors click as typer._click."""
    try:
        from typer._click import exceptions
    except ImportError:  # older Typer on top of the click package
        from click import exceptions
    return exceptions


class DlprepGroup(TyperGroup):
    """A TyperGroup whose main() is the error boundary, for the console script and CliRunner alike."""

    def format_commands(self, ctx, formatter) -> None:  # noqa: ANN001
        """The command list with each description whole (click cuts them at ~45 characters)."""
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=500)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # noqa: ANN001
        from dlprep.cli import errors as cli_errors

        click = _click_exceptions()

        State.lang = text.default_lang()
        cli_errors.settle(cli_errors.OK)
        try:
            code = super().main(args=args, prog_name=prog_name or "dlprep", complete_var=complete_var,
                                standalone_mode=False, **extra)
            code = code if isinstance(code, int) else 0
            sys.stdout.flush()  # a reader gone before the last line is met here, not at exit
        except click.NoArgsIsHelpError as exc:
            exc.show()
            code = exc.exit_code
        except click.UsageError as exc:
            sys.stderr.write(f"error: {exc.format_message()}\n")
            code = 2
        except typer.Abort:
            sys.stderr.write("\n")
            code = 130
        except typer.Exit as exc:
            code = exc.exit_code
        except SystemExit:  # Typer ends a run with exit 1 when stdout's reader went away
            if not cli_errors.output_gone():
                raise
            _discard_stdout()
            code = cli_errors.settled()
        except (KeyboardInterrupt, EOFError):
            sys.stderr.write("\n")
            code = 130
        except Exception as exc:  # noqa: BLE001 -- the boundary: everything becomes one line
            if cli_errors.output_gone(exc):  # `dlprep stats | head -1`: the reader has what it wanted
                _discard_stdout()
                code = cli_errors.settled()
            else:
                code = cli_errors.report(exc, State.lang)
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=DlprepGroup,
    name="dlprep",
    help="Drill deep-learning and computer-vision interview questions and hand-written code katas.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)



def _version(value: bool) -> None:
    if value:
        import dlprep

        sys.stdout.write(f"dlprep {dlprep.__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Show the version and exit.", callback=_version, is_eager=True),
) -> None:
    """Drill deep-learning and computer-vision interview questions and hand-written code katas."""


from dlprep.cli import kata as _kata  # noqa: E402
from dlprep.cli import decks as _decks  # noqa: E402
from dlprep.cli import progress as _progress  # noqa: E402
from dlprep.cli import quiz as _quiz  # noqa: E402
from dlprep.cli import stats as _stats  # noqa: E402
from dlprep.cli import plan as _plan  # noqa: E402
from dlprep.cli import mock as _mock  # noqa: E402

_kata.register(app)
_quiz.register(app)
_decks.register(app)
_stats.register(app)
_plan.register(app)
_mock.register(app)
_progress.register(app)


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so what is still buffered does not fail again when Python exits."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def _reopen_closed_std_fds() -> None:
    """A closed stdin, stdout or stderr (`dlprep stats >&-`) becomes /dev/null: the command runs
    as usual, and no file dlprep opens later can land on descriptor 0, 1 or 2."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, encoding="utf-8", errors="backslashreplace", closefd=False))


def main() -> None:
    _reopen_closed_std_fds()
    app()
