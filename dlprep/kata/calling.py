"""Calling an implementation on one case: the same code in the worker (user code) and in the grader
(reference, starter, known mistakes), so every implementation is judged by one path.
"""

from __future__ import annotations

import copy
import os
import traceback
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from dlprep.kata.protocol import Status


class SubmissionRaised(Exception):
    """Wraps an exception raised inside an implementation, to tell it from a failure of the harness."""

    def __init__(self, exc: BaseException) -> None:
        super().__init__(repr(exc))
        self.exc = exc


def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn`, with anything it raises (SystemExit and KeyboardInterrupt too) wrapped in SubmissionRaised."""

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MemoryError:
            raise
        except BaseException as exc:  # noqa: BLE001 -- user code's exits count as its exceptions
            raise SubmissionRaised(exc) from None

    return call


def user_line(exc: BaseException, path: str) -> int | None:
    """The last line of `path` in the exception's traceback (the SyntaxError's own line for those)."""
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == path:
        return exc.lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename) == path:
            line = frame.lineno
    return line


def exception_info(exc: BaseException, path: str) -> dict[str, Any]:
    """Type, message and the user's line of an exception, as plain data."""
    try:
        text = str(exc)[:2000]
    except Exception:  # noqa: BLE001 -- a hostile __str__ must not stop the report
        text = ""
    if isinstance(exc, SyntaxError):
        text = exc.msg or text
    return {"type": type(exc).__name__, "message": text, "line": user_line(exc, path)}


def run_case(call: Callable[[Any, dict], dict], functions: dict[str, Callable[..., Any]], case: dict[str, Any],
             path: str) -> dict[str, Any]:
    """Run a kata's `call` on a copy of `case`; a message with the raw outputs and the inputs afterwards.

    Statuses: ok (outputs, inputs), raised (type, message, line), bad_output (en, zh), memory.
    """
    from dlprep.kata.api import BadOutput

    sub = SimpleNamespace(**{n: wrap(f) for n, f in functions.items()})
    work = copy.deepcopy(case)
    try:
        outputs = call(sub, work)
    except MemoryError:
        return {"status": Status.MEMORY.value}
    except SubmissionRaised as raised:
        if isinstance(raised.exc, MemoryError):
            return {"status": Status.MEMORY.value}
        return {"status": Status.RAISED.value, **exception_info(raised.exc, path)}
    except BadOutput as exc:
        return {"status": Status.BAD_OUTPUT.value, **exc.message}
    except Exception as exc:  # noqa: BLE001 -- the harness could not use what the implementation returned
        text = str(exc)[:500]
        return {"status": Status.BAD_OUTPUT.value, "en": text, "zh": text}
    return {"status": Status.OK.value, "outputs": outputs, "inputs": work}
