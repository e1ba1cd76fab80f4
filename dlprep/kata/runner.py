"""Ways to run an implementation on cases: in the sandboxed worker, or in-process for trusted code.

Both answer with the same message dicts (`ok`, `raised`, `bad_output`), so the engine grades
a user's file, the reference, the starter and each known mistake the same way.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from types import ModuleType, SimpleNamespace
from typing import Any, Protocol

from dlprep.kata import protocol
from dlprep.kata.verdict import CapturedOutput


class Runner(Protocol):
    def start(self, meanwhile: Callable[[], None] | None = None) -> dict[str, Any]: ...
    def call(self, case: dict[str, Any]) -> dict[str, Any]: ...
    def close(self) -> CapturedOutput: ...


class InProcess:
    """Runs trusted code (reference, starter, a known mistake) in this process."""

    def __init__(self, checks: ModuleType, functions: dict[str, Any], path: str = "<in-process>") -> None:
        self.checks = checks
        self.functions = functions
        self.path = path

    def start(self, meanwhile: Callable[[], None] | None = None) -> dict[str, Any]:
        if meanwhile is not None:
            meanwhile()
        missing = [n for n, f in self.functions.items() if not callable(f)]
        if missing:
            return {"status": "missing", "names": missing}
        return {"status": "ready"}

    def call(self, case: dict[str, Any]) -> dict[str, Any]:
        from dlprep.kata.worker import SubmissionRaised, _exception_info, _wrap

        sub = SimpleNamespace(**{n: _wrap(f) for n, f in self.functions.items()})
        work = copy.deepcopy(case)
        try:
            outputs = self.checks.call(sub, work)
        except SubmissionRaised as raised:
            return {"status": "raised", **_exception_info(raised.exc, self.path)}
        except protocol.BadOutput as exc:
            return {"status": "bad_output", **exc.message}
        # round-trip through the wire format so in-process results look exactly like the worker's
        return {
            "status": "ok",
            "outputs": protocol.decode(protocol.loads(protocol.dumps(protocol.encode(outputs)))),
            "inputs": protocol.decode(protocol.loads(protocol.dumps(protocol.encode(work)))),
        }

    def close(self) -> CapturedOutput:
        return CapturedOutput()


def namespace_of(obj: Any, names: list[str]) -> dict[str, Any]:
    """Entry points taken from a module, a class (one mistake with several functions) or a function."""
    if callable(obj) and not isinstance(obj, type) and len(names) == 1:
        return {names[0]: obj}
    return {n: getattr(obj, n, None) for n in names}
