"""The worker process: imports the submission, calls it on the inputs it is sent, sends raw results back.

It never compares anything: verdicts are decided by the grader from what this process returns.
Started by `dlprep.kata.sandbox` as
`python -s -m dlprep.kata.worker CMD_FD RES_FD LIFE_FD PARENT_PID MEMORY_BYTES CPU_SECONDS CHECKS FILE NAMES`
in a new session, in a scratch directory, with stdin from /dev/null and stdout/stderr captured.

Nothing it starts may outlive the grader. Before any user code runs it (1) sets its limits, (2) asks
the kernel to kill it when the grader dies (Linux: PR_SET_PDEATHSIG), and (3) forks a watchdog that
blocks on the read end of a pipe only the grader can write to: when the grader ends, however it ends,
the pipe reads EOF and the watchdog kills the worker's whole process group, children included.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import signal
import sys
from typing import Any

from dlprep.kata import protocol
from dlprep.kata.calling import exception_info, run_case
from dlprep.kata.protocol import Status


def _limit(memory: int, cpu: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if cpu > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _die_with_parent(parent: int) -> None:
    """Ask for SIGKILL when the grader dies; if it already has, stop now."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the grader died before the request took effect
        os._exit(1)


def _watchdog(life_fd: int) -> None:
    """Fork a process that kills this process group once the grader's end of the life pipe closes."""
    pid = os.fork()
    if pid != 0:
        os.close(life_fd)
        return
    try:  # the watchdog: nothing but a blocking read
        os.closerange(0, life_fd)
        os.closerange(life_fd + 1, 1 << 16)
        while os.read(life_fd, 1):
            pass
    finally:
        os.killpg(os.getpgrp(), signal.SIGKILL)
        os._exit(0)


def _load_module(name: str, path: str):  # noqa: ANN202
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _bench(call, functions, request, sub_path: str) -> dict:  # noqa: ANN001
    """Time `repeats` runs of the user's code, or of the reference loaded from `request.reference`, on one case.

    Both run here, in the same process with the same thread settings, so the two times compare like
    with like. Raises nothing: an exception while timing is reported like one while grading.
    """
    import time

    if request.reference:
        functions = {n: getattr(_load_module("_dlprep_bench_reference", request.reference), n) for n in functions}
        sub_path = request.reference
    times = []
    for _ in range(request.repeats):
        started = time.perf_counter()
        message = run_case(call, functions, request.case, sub_path)
        times.append(time.perf_counter() - started)
        if message["status"] != Status.OK:
            return message
    return {"status": Status.BENCH.value, "times": times}


def main(argv: list[str]) -> int:
    cmd_fd, res_fd, life_fd, parent = int(argv[0]), int(argv[1]), int(argv[2]), int(argv[3])
    memory, cpu = int(argv[4]), int(argv[5])
    checks_path, sub_path, names = argv[6], os.path.abspath(argv[7]), argv[8].split(",")
    _die_with_parent(parent)
    _watchdog(life_fd)
    _limit(memory, cpu)

    def send(message: dict[str, Any]) -> None:
        protocol.write_frame(res_fd, protocol.dumps(message))

    import numpy  # noqa: F401  -- loaded before the submission so its import time is not theirs

    kata = _load_module("_dlprep_kata_checks", checks_path).KATA
    sys.path.insert(0, os.path.dirname(sub_path))
    stem = os.path.splitext(os.path.basename(sub_path))[0]
    module_name = stem if stem.isidentifier() and stem not in sys.modules else "submission"
    try:
        module = _load_module(module_name, sub_path)
    except MemoryError:
        send({"status": Status.MEMORY.value})
        return 0
    except BaseException as exc:  # noqa: BLE001 -- anything at import time is the user's import error
        send({"status": Status.IMPORT_ERROR.value, **exception_info(exc, sub_path)})
        return 0
    missing = [n for n in names if not callable(getattr(module, n, None))]
    if missing:
        send({"status": Status.MISSING.value, "names": missing})
        return 0
    functions = {n: getattr(module, n) for n in names}
    send({"status": Status.READY.value})

    while True:
        try:
            case = pickle.loads(protocol.read_frame(cmd_fd))
        except EOFError:
            return 0
        if isinstance(case, protocol.Bench):
            send(_bench(kata.call, functions, case, sub_path))
            continue
        message = run_case(kata.call, functions, case, sub_path)
        if message["status"] == Status.OK:
            try:
                message = {"status": Status.OK.value, "outputs": protocol.encode(message["outputs"]),
                           "inputs": protocol.encode(message["inputs"])}
            except MemoryError:
                message = {"status": Status.MEMORY.value}
        try:
            send(message)
        except MemoryError:
            send({"status": Status.MEMORY.value})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
