"""The worker process: imports the submission, calls it on the inputs it is sent, sends raw results back.

It never compares anything: verdicts are decided by the grader from what this process returns.
Started by `dlprep.kata.sandbox` as `python -I -m dlprep.kata.worker CMD_FD RES_FD CHECKS FILE NAMES`.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import pickle
import sys
import traceback
from types import SimpleNamespace
from typing import Any

from dlprep.kata import protocol


class SubmissionRaised(Exception):
    """Wraps an exception raised inside a submission function, to tell it from a harness failure."""

    def __init__(self, exc: BaseException) -> None:
        super().__init__(repr(exc))
        self.exc = exc


def _user_line(exc: BaseException, path: str) -> int | None:
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == path:
        return exc.lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename) == path:
            line = frame.lineno
    return line


def _exception_info(exc: BaseException, path: str) -> dict[str, Any]:
    try:
        text = str(exc)[:2000]
    except Exception:
        text = ""
    if isinstance(exc, SyntaxError):
        text = exc.msg or text
    return {"type": type(exc).__name__, "message": text, "line": _user_line(exc, path)}


def _load_module(name: str, path: str):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _wrap(fn):
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except MemoryError:
            raise
        except BaseException as exc:  # SystemExit and KeyboardInterrupt from user code count too
            raise SubmissionRaised(exc) from None

    return call


def main(argv: list[str]) -> int:
    cmd_fd, res_fd = int(argv[0]), int(argv[1])
    checks_path, sub_path, names = argv[2], os.path.abspath(argv[3]), argv[4].split(",")
    send = lambda message: protocol.write_frame(res_fd, protocol.dumps(message))  # noqa: E731

    import numpy  # noqa: F401  -- loaded before the submission so its import time is not theirs

    checks = _load_module("_dlprep_kata_checks", checks_path)
    sys.path.insert(0, os.path.dirname(sub_path))
    stem = os.path.splitext(os.path.basename(sub_path))[0]
    module_name = stem if stem.isidentifier() and stem not in sys.modules else "submission"
    try:
        module = _load_module(module_name, sub_path)
    except MemoryError:
        send({"status": "memory"})
        return 0
    except BaseException as exc:
        send({"status": "import_error", **_exception_info(exc, sub_path)})
        return 0
    missing = [n for n in names if not callable(getattr(module, n, None))]
    if missing:
        send({"status": "missing", "names": missing})
        return 0
    sub = SimpleNamespace(**{n: _wrap(getattr(module, n)) for n in names})
    send({"status": "ready"})

    while True:
        try:
            case = pickle.loads(protocol.read_frame(cmd_fd))
        except EOFError:
            return 0
        work = copy.deepcopy(case)
        try:
            outputs = checks.call(sub, work)
            message = {"status": "ok", "outputs": protocol.encode(outputs), "inputs": protocol.encode(work)}
        except MemoryError:
            message = {"status": "memory"}
        except SubmissionRaised as raised:
            if isinstance(raised.exc, MemoryError):
                message = {"status": "memory"}
            else:
                message = {"status": "raised", **_exception_info(raised.exc, sub_path)}
        except protocol.BadOutput as exc:
            message = {"status": "bad_output", **exc.message}
        except Exception as exc:  # the harness could not use what the submission returned
            text = str(exc)[:500]
            message = {"status": "bad_output", "en": text, "zh": text}
        try:
            send(message)
        except MemoryError:
            send({"status": "memory"})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
