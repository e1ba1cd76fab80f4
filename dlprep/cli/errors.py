"""Exception -> one line of text + exit code: the only place exit codes for errors are chosen."""

import os
import sys
import traceback

from dlprep import errors, text


OK, FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130
_settled = OK


def settle(code: int) -> int:
    """Remember the exit code a command has earned before it writes its output, and return it.

    A reader that goes away before the output is all written (`dlprep kata nms f.py | head -1`)
    does not change the outcome: the run then ends with this code (see `output_gone`).
    """
    global _settled
    _settled = code
    return code


def settled() -> int:
    """The code given to `settle` in this run (0 when none was)."""
    return _settled


def output_gone(exc: BaseException | None = None) -> bool:
    """True when stdout's reader has gone away (a pipe whose other end is closed), and `exc`, when
    given, is that broken pipe: not a failure of the command. A broken pipe anywhere else stays an error."""
    import errno
    import select

    if exc is not None and not (isinstance(exc, OSError) and exc.errno == errno.EPIPE):
        return False
    try:
        poller = select.poll()
        poller.register(1, select.POLLOUT)
        return any(ev & (select.POLLERR | select.POLLHUP) for _fd, ev in poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return False


def exit_code(verdict) -> int:  # noqa: ANN001 -- a dlprep.kata.verdict.Verdict
    """A grading's exit code: 0 only for a pass."""
    return OK if verdict.value == "pass" else FAILED


def findings(problems: int) -> int:
    """A check's exit code (`doctor`): 0 when it found nothing wrong, else 1."""
    return OK if problems == 0 else FAILED


def message_for(exc: errors.DlprepError, lang: str) -> str:
    params = {k: text.pick(v, lang) if isinstance(v, dict) and "en" in v else v for k, v in exc.fields.items()}
    key = f"error.{exc.key}"
    if params.get("did_you_mean"):  # an error that found something close says so in its ".suggest" wording
        key += ".suggest"
    try:
        return text.t(key, lang, **params)
    except (KeyError, IndexError):
        return f"{exc.key}: {exc}"


def report(exc: BaseException, lang: str) -> int:
    """Print one line for `exc` on stderr and return the exit code."""
    if isinstance(exc, errors.DlprepError):
        line, code = message_for(exc, lang), exc.exit_code
    else:
        if os.environ.get("DLPREP_DEBUG"):
            traceback.print_exception(exc)
        line, code = text.t("error.internal", lang, message=f"{type(exc).__name__}: {exc}"), 1
    try:
        sys.stderr.write(f"error: {line}\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed or gone: the exit code still tells
        pass
    return code
