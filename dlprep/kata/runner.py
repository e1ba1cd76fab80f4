"""Ways to run an implementation on cases: in the sandboxed worker, or in-process for trusted code.

Both answer with the same messages (see protocol.Status), so the engine grades a user's file, the
reference, the starter and each known mistake the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from dlprep.kata import protocol
from dlprep.kata.calling import run_case
from dlprep.kata.protocol import Status
from dlprep.kata.verdict import CapturedOutput

if TYPE_CHECKING:
    from dlprep.kata.api import Kata


class Runner(Protocol):
    path: str

    def start(self, meanwhile: Callable[[], None] | None = None) -> dict[str, Any]: ...
    def call(self, case: dict[str, Any]) -> dict[str, Any]: ...
    def close(self) -> CapturedOutput: ...


class InProcess:
    """Runs trusted code (reference, starter, a known mistake, a test's solution) in this process."""

    def __init__(self, kata: Kata, functions: dict[str, Any], path: str = "<in-process>") -> None:
        self.kata = kata
        self.functions = functions
        self.path = path

    def start(self, meanwhile: Callable[[], None] | None = None) -> dict[str, Any]:
        if meanwhile is not None:
            meanwhile()
        missing = [n for n, f in self.functions.items() if not callable(f)]
        if missing:
            return {"status": Status.MISSING.value, "names": missing}
        return {"status": Status.READY.value}

    def call(self, case: dict[str, Any]) -> dict[str, Any]:
        import warnings

        import numpy as np

        # numpy warnings are not errors, and in this process nobody reads them (the worker captures its own)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            message = run_case(self.kata.call, self.functions, case, self.path)
        if message["status"] == Status.OK:
            # round-trip through the wire format, so in-process results look exactly like the worker's
            message["outputs"] = protocol.decode(protocol.loads(protocol.dumps(protocol.encode(message["outputs"]))))
            message["inputs"] = protocol.decode(protocol.loads(protocol.dumps(protocol.encode(message["inputs"]))))
        return message

    def close(self) -> CapturedOutput:
        return CapturedOutput()


def namespace_of(obj: Any, names: list[str]) -> dict[str, Any]:
    """Entry points taken from a module, a class (one mistake with several functions) or a function."""
    if callable(obj) and not isinstance(obj, type) and len(names) == 1:
        return {names[0]: obj}
    return {n: getattr(obj, n, None) for n in names}
