"""Running a submission in its own worker process: limits, a deadline, captured output, clean kills.

The worker runs in its own session (process group) with an address-space limit, a CPU-time
backstop and no core dumps, in a scratch directory, with no descriptor of ours but its three pipes
(no terminal, no database). At the deadline, or when grading ends, the whole group is killed; if the
grader itself dies (Ctrl-C, kill -9), the worker's parent-death signal and its watchdog on the life
pipe kill the group (see dlprep.kata.worker). So nothing the submission started outlives grading.
"""

from __future__ import annotations

import os
import pickle
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlprep.kata import protocol
from dlprep.kata.protocol import Status
from dlprep.kata.verdict import OUTPUT_CAP, CapturedOutput, Verdict

OUTPUT_HEAD = 4 * OUTPUT_CAP  # bytes kept (a character is at most 4 bytes of UTF-8); the rest is counted


@dataclass(frozen=True)
class Limits:
    """Per-grading limits: wall-clock budget for the whole run, and the worker's address space."""

    timeout_s: float = 15.0
    memory_mb: int = 2048


class WorkerEnded(BaseException):
    """Raised when the worker can no longer answer: timeout, memory, crash.

    A BaseException on purpose: the property-test engine must not treat it as a failing example
    to shrink, it must stop at once.
    """

    def __init__(self, verdict: Verdict, detail: dict[str, Any]) -> None:
        super().__init__(verdict.value)
        self.verdict = verdict
        self.detail = detail


class _OutputSink(threading.Thread):
    """Drains the worker's stdout+stderr, keeping the head and counting the rest."""

    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self.fd = fd
        self.head = bytearray()
        self.total = 0

    def run(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            self.total += len(chunk)
            if len(self.head) < OUTPUT_HEAD:
                self.head += chunk[: OUTPUT_HEAD - len(self.head)]
        os.close(self.fd)


class Worker:
    """One worker process for one grading run: start() imports the submission, call() runs one case."""

    def __init__(self, checks_path: Path, submission: Path, names: list[str], limits: Limits) -> None:
        self.checks_path = checks_path
        self.submission = submission
        self.path = str(submission)
        self.names = names
        self.limits = limits
        self.deadline = 0.0
        self.proc: subprocess.Popen[bytes] | None = None
        self.sink: _OutputSink | None = None
        self.scratch = ""

    # -- lifecycle -------------------------------------------------------------------------

    def start(self, meanwhile: Callable[[], None] | None = None) -> dict[str, Any]:
        """Spawn the worker and return its first message (ready, import_error, missing, memory).

        `meanwhile` runs after the spawn and before the wait, so the grader's own imports overlap
        the worker's start-up (numpy and the checks module) instead of following it.
        """
        self.deadline = time.monotonic() + self.limits.timeout_s
        self.scratch = tempfile.mkdtemp(prefix="dlprep-worker-")
        cmd_r, self.cmd_w = os.pipe()
        self.res_r, res_w = os.pipe()
        out_r, out_w = os.pipe()
        life_r, self.life_w = os.pipe()  # never written: its EOF tells the worker's watchdog we are gone
        env = {k: v for k, v in os.environ.items() if not k.startswith("DLPREP_")}
        env.update(
            PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1",
            OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
        )
        memory = self.limits.memory_mb * 1024 * 1024
        cpu = int(min(self.limits.timeout_s, 10**6)) + 2
        args = [
            sys.executable, "-s", "-m", "dlprep.kata.worker", str(cmd_r), str(res_w), str(life_r), str(os.getpid()),
            str(memory), str(cpu), str(self.checks_path), str(self.submission), ",".join(self.names),
        ]
        try:
            self.proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w, cwd=self.scratch, env=env,
                pass_fds=(cmd_r, res_w, life_r), start_new_session=True, close_fds=True,
            )
        finally:
            for fd in (cmd_r, res_w, out_w, life_r):
                os.close(fd)
        self.sink = _OutputSink(out_r)
        self.sink.start()
        if meanwhile is not None:
            meanwhile()
        return self._receive()

    def call(self, case: dict[str, Any]) -> dict[str, Any]:
        """Send one case and return the decoded answer; raises WorkerEnded when the worker cannot answer."""
        try:
            protocol.write_frame(self.cmd_w, pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL))
        except (BrokenPipeError, OSError):
            raise self._ended() from None
        return self._receive()

    def bench(self, case: dict[str, Any], repeats: int, budget_s: float, reference: str | None = None) -> dict[str, Any]:
        """Time `repeats` runs in the worker within `budget_s` seconds; WorkerEnded(TIMEOUT) past it."""
        self.deadline = time.monotonic() + budget_s
        try:
            protocol.write_frame(self.cmd_w, pickle.dumps(protocol.Bench(case, repeats, reference),
                                                          protocol=pickle.HIGHEST_PROTOCOL))
        except (BrokenPipeError, OSError):
            raise self._ended() from None
        return self._receive()

    def close(self) -> CapturedOutput:
        """Kill the worker's whole process group and return what it printed."""
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            for fd in (self.cmd_w, self.res_r, self.life_w):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self.proc = None
        if self.sink is not None:
            self.sink.join(timeout=2)
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = ""
        return self.output()

    def output(self) -> CapturedOutput:
        if self.sink is None:
            return CapturedOutput()
        return CapturedOutput.from_bytes(bytes(self.sink.head), self.sink.total)

    # -- receiving -------------------------------------------------------------------------

    def _receive(self) -> dict[str, Any]:
        try:
            header = self._read(8)
            size = int.from_bytes(header, "big")
            if size > protocol.MAX_FRAME:
                raise protocol.ProtocolError("oversized frame")
            message = protocol.loads(self._read(size))
            if not isinstance(message, dict) or "status" not in message:
                raise protocol.ProtocolError("not a message")
            if message["status"] == Status.OK:
                message["outputs"] = protocol.decode(message.get("outputs"))
                message["inputs"] = protocol.decode(message.get("inputs"))
        except EOFError:
            raise self._ended() from None
        except protocol.ProtocolError as exc:
            raise WorkerEnded(Verdict.CRASH, {"reason": "protocol", "detail": str(exc)}) from None
        if message["status"] == Status.MEMORY:
            raise WorkerEnded(Verdict.MEMORY, {"reason": "memory_error"})
        return message

    def _read(self, n: int) -> bytes:
        chunks = []
        while n:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerEnded(Verdict.TIMEOUT, {"reason": "deadline", "seconds": self.limits.timeout_s})
            ready, _, _ = select.select([self.res_r], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.res_r, min(n, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _ended(self) -> WorkerEnded:
        """Classify how the worker died after its pipe closed."""
        assert self.proc is not None
        try:
            code = self.proc.wait(timeout=max(0.1, min(2.0, self.deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            return WorkerEnded(Verdict.CRASH, {"reason": "closed_pipe"})
        if code < 0:
            sig = -code
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
            if sig == signal.SIGXCPU:
                return WorkerEnded(Verdict.TIMEOUT, {"reason": "cpu", "seconds": self.limits.timeout_s})
            return WorkerEnded(Verdict.CRASH, {"reason": "signal", "signal": name})
        return WorkerEnded(Verdict.CRASH, {"reason": "exit", "code": code})
