"""One grading run: start the runner, evaluate edge cases and generated cases, pick the failure to show,
name the known mistake when the evidence says so, and build the GradeReport.

Every comparison happens here, in the grader, on decoded values. The run is deterministic for a seed:
edge cases in their order, then hypothesis with pinned settings (seeded, no database, no
`.hypothesis/` folder, the same with or without `CI` set), then, for a wrong answer, a seeded top-up of
evidence for naming the mistake (see dlprep.kata.diagnosis).
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from dlprep import text
from dlprep.kata import diagnosis
from dlprep.kata.api import Kata, Mismatch
from dlprep.kata.protocol import Status
from dlprep.kata.runner import InProcess, Runner, namespace_of
from dlprep.kata.sandbox import Limits, WorkerEnded
from dlprep.kata.spec import KataSpec
from dlprep.kata.verdict import CheckResult, CheckStatus, Counterexample, Diff, GradeReport, Verdict

ENGINE_CHECKS = ("imports", "entry_points", "no_exception", "returns", "inputs_unchanged")
MAX_SEEN = 400  # evaluated examples remembered (shrinking can evaluate many more)
TOP_UP = 100  # fresh generated examples (seeded) added to the evidence before a mistake may be named:
# shrinking evaluates many tiny inputs, on which different bugs look alike


@dataclass
class Failure:
    """What went wrong on one example: the check (by name and position in the check order) and why."""

    check: str
    position: int
    message: dict[str, str]
    diff: Diff | None = None
    raised: dict[str, Any] | None = None  # the exception's type, message and line, when the code raised


@dataclass
class Example:
    case: dict[str, Any]
    got: dict[str, Any] | None  # the submission's outputs, when it returned
    want: dict[str, Any]
    failure: Failure | None


class _Found(Exception):
    """Raised inside the property test on a failing example, so that hypothesis shrinks it."""


@dataclass
class _Run:
    spec: KataSpec
    kata: Kata
    runner: Runner
    reference: InProcess
    order: tuple[str, ...]
    seen: list[Example] = field(default_factory=list)
    examples: int = 0
    ready: bool = False
    incomplete: bool = False  # the worker ended in the middle of an example
    current: dict[str, Any] | None = None  # the example being run

    def evaluate(self, case: dict[str, Any]) -> Example:
        want = self.reference.call(case)
        if want["status"] != Status.OK:
            raise RuntimeError(f"the reference of {self.spec.id} failed on {case!r}: {want}")
        self.incomplete, self.current = True, case
        got = self.runner.call(case)
        self.incomplete = False
        self.examples += 1
        example = Example(case, got.get("outputs") if got["status"] == Status.OK else None, want["outputs"],
                          self.judge(case, got, want["outputs"]))
        if len(self.seen) < MAX_SEEN or example.failure is not None:
            self.seen.append(example)
        return example

    def judge(self, case: dict[str, Any], got: dict[str, Any], want: dict[str, Any]) -> Failure | None:
        status = got["status"]
        if status == Status.RAISED:
            return Failure("no_exception", 2, {}, raised=got)
        if status == Status.BAD_OUTPUT:
            return Failure("returns", 3, {"en": got.get("en", ""), "zh": got.get("zh", "")})
        if status != Status.OK:
            return Failure("returns", 3, {"en": str(status), "zh": str(status)})
        after = got["inputs"]
        for name, value in case.items():
            now = after.get(name) if isinstance(after, dict) else None
            if not _unchanged(value, now):
                return Failure("inputs_unchanged", 4, text.both("inputs_changed", name=name))
        for i, check in enumerate(self.kata.checks):
            try:
                check(case, got["outputs"], want)
            except Mismatch as mismatch:
                return Failure(check.__name__, len(ENGINE_CHECKS) + i, mismatch.message, mismatch.diff)
        return None


def _unchanged(before: Any, after: Any) -> bool:
    """Whether an input came back as it was sent: arrays element for element, nested lists and tuples too."""
    import numpy as np

    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and after.shape == before.shape and after.dtype == before.dtype
                and bool(np.array_equal(after, before, equal_nan=before.dtype.kind in "fc")))
    if isinstance(before, (list, tuple)):
        return (type(after) is type(before) and len(after) == len(before)
                and all(_unchanged(b, a) for b, a in zip(before, after)))
    if isinstance(before, dict):
        return isinstance(after, dict) and set(after) == set(before) and all(_unchanged(before[k], after[k]) for k in before)
    return True  # numbers, strings and None cannot be changed in place


def grade(spec: KataSpec, runner: Runner, *, seed: int, limits: Limits, max_examples: int | None = None,
          bench: bool = False) -> GradeReport:
    """Grade one implementation of `spec` through `runner`; never raises for anything the submission does.

    Every kata module the run needs (checks, reference, known mistakes) is loaded before the
    submission starts. The runner is closed whatever happens, Ctrl-C included.
    """
    started = time.monotonic()
    kata = spec.kata()
    reference = InProcess(kata, namespace_of(spec.module("reference"), spec.names), "reference.py")
    spec.module("mistakes")
    run = _Run(spec, kata, runner, reference, ENGINE_CHECKS + tuple(spec.checks))
    ended: WorkerEnded | None = None
    try:
        first = runner.start(meanwhile=_warm_up)
        if first["status"] == Status.IMPORT_ERROR:
            location = _where(runner, first.get("line"))
            message = text.both("verdict.import_error", location=location, type=first["type"], message=first["message"])
            return _report(run, started, seed, Verdict.IMPORT_ERROR, message, runner.close(), location=location)
        if first["status"] == Status.MISSING:
            sigs = ", ".join(e.signature for e in spec.entry_points)
            message = text.both("verdict.missing", names=", ".join(first["names"]), signatures=sigs)
            return _report(run, started, seed, Verdict.MISSING, message, runner.close())
        run.ready = True
        _explore(run, seed, max_examples or kata.max_examples)
        chosen = _choose(run)
        timing = _bench(spec, kata, runner, seed) if bench and chosen is None else None
        mistake = None
        if chosen is not None and _about_values(run, chosen):
            evidence = [(e.case, e.got, e.want) for e in run.seen if e.got is not None]
            evidence += _top_up(run, seed, TOP_UP)
            mistake = diagnosis.name_mistake(spec, kata, evidence, chosen.case, chosen.got)
    except WorkerEnded as exc:
        ended, chosen, mistake = exc, None, None
    except BaseException:
        runner.close()
        raise
    output = runner.close()
    if ended is not None:
        return _report(run, started, seed, ended.verdict, _ended_message(ended, limits), output,
                       counterexample=_in_flight(run))
    if chosen is None:
        message = text.both("verdict.pass", checks=len(run.order), examples=run.examples)
        report = _report(run, started, seed, Verdict.PASS, message, output)
        report.bench = timing
        return report
    failure = chosen.failure
    if failure.raised is not None:
        location = _where(runner, failure.raised.get("line"))
        msg = failure.raised.get("message", "")
        message = text.both("verdict.error", function=", ".join(spec.names), type=failure.raised.get("type"),
                            message=f"{msg} ({location})" if location else msg)
        return _report(run, started, seed, Verdict.ERROR, message, output, location=location,
                       counterexample=Counterexample(chosen.case, chosen.want, None))
    title = spec.checks.get(failure.check) or text.both(f"check.{failure.check}")
    message = {lang: text.t("verdict.fail", lang, check=title[lang], detail=failure.message.get(lang, ""))
               for lang in text.LANGS}
    return _report(run, started, seed, Verdict.FAIL, message, output, mistake=mistake,
                   counterexample=Counterexample(chosen.case, chosen.want, chosen.got, failure.diff))


BENCH_REPEATS = 5
BENCH_BOUND = (10.0, 60.0)  # seconds allowed for the user's runs: at least, at most
BENCH_SLACK = 200  # times the reference's total time


def _bench(spec: KataSpec, kata: Kata, runner: Runner, seed: int) -> Any:
    """Time the passing solution against the reference on the kata's realistic case, both in the worker.

    A solution too slow at that size is stopped at a bound and reported as such: speed is not
    correctness, the verdict stays a pass.
    """
    import numpy as np

    from dlprep.kata.verdict import BenchResult

    if kata.bench is None or not hasattr(runner, "bench"):
        return None
    case, size = kata.bench(np.random.default_rng(seed))
    reference = runner.bench(case, BENCH_REPEATS, BENCH_BOUND[1], reference=str(spec.path / "reference.py"))
    if reference["status"] != Status.BENCH:
        raise RuntimeError(f"the reference of {spec.id} failed its bench case: {reference}")
    ref = sorted(reference["times"])[len(reference["times"]) // 2]
    bound = min(BENCH_BOUND[1], max(BENCH_BOUND[0], BENCH_SLACK * sum(reference["times"])))
    result = BenchResult(size, BENCH_REPEATS, ref, None, bound)
    try:
        yours = runner.bench(case, BENCH_REPEATS, bound)
    except WorkerEnded as ended:
        if ended.verdict is Verdict.TIMEOUT:
            result.too_slow = True
        else:
            result.error = ended.verdict.value
        return result
    if yours["status"] == Status.BENCH:
        result.yours_s = sorted(yours["times"])[len(yours["times"]) // 2]
    else:
        result.error = yours.get("type") or yours.get("en") or str(yours["status"])
    return result


def _explore(run: _Run, seed: int, max_examples: int) -> None:
    """Edge cases in order, then generated cases with shrinking; every failure is remembered in run.seen."""
    for case in run.kata.edge_cases():
        run.evaluate(case)

    def test(case: dict[str, Any]) -> None:
        if run.evaluate(case).failure is not None:
            raise _Found

    try:
        _hypothesis(test, run.kata.cases(), seed, max_examples, shrink=True)
    except _Found:
        pass  # the shrunk example is among run.seen
    except WorkerEnded:
        raise
    except Exception:  # noqa: BLE001 -- hypothesis' own errors (a flaky submission) keep what was seen
        if not any(e.failure for e in run.seen):
            raise


def _hypothesis(test: Any, strategy: Any, seed: int, max_examples: int, *, shrink: bool) -> None:
    """Run `test` over `strategy` with pinned, seeded settings."""
    os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "dlprep-hypothesis"))
    import hypothesis
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis.reporting import with_reporter

    phases = (Phase.generate, Phase.shrink) if shrink else (Phase.generate,)
    wrapped = given(strategy)(lambda case: test(case))
    wrapped = settings(
        database=None, deadline=None, derandomize=False, max_examples=max_examples, print_blob=False,
        report_multiple_bugs=False, suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet,
        phases=phases,
    )(wrapped)
    wrapped = hypothesis.seed(seed)(wrapped)
    with with_reporter(lambda *_: None):
        wrapped()


def _choose(run: _Run) -> Example | None:
    """The failing example to show: the most readable one seen (kata preference, then size), first on ties."""
    failing = [(run.kata.readability(e.case), i, e) for i, e in enumerate(run.seen) if e.failure is not None]
    return min(failing, key=lambda t: t[:2])[2] if failing else None


def _about_values(run: _Run, example: Example) -> bool:
    """Whether a known mistake could explain the failure: a kata check failed on an output unlike the reference's.

    An engine failure (inputs modified, a value of the wrong kind, an exception) is reported as itself,
    and an output the kata counts as equal to the reference's matches no classic mistake.
    """
    f = example.failure
    return (f.raised is None and f.check in run.spec.checks and example.got is not None
            and not run.kata.agree(example.got, example.want))


def _top_up(run: _Run, seed: int, count: int) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """More (case, submission's outputs, reference's outputs), drawn from the strategy with a seed of this run."""
    cases: list[dict[str, Any]] = []
    strategy = run.kata.evidence() if run.kata.evidence is not None else run.kata.cases()
    _hypothesis(cases.append, strategy, seed + 1, count, shrink=False)
    found = []
    for case in cases:
        want = run.reference.call(case)
        got = run.runner.call(case)
        if got["status"] == Status.OK and want["status"] == Status.OK:
            found.append((case, got["outputs"], want["outputs"]))
    return found


def _warm_up() -> None:
    """Import the property-test engine while the worker starts (about 0.2 s each on a small machine)."""
    import hypothesis.strategies  # noqa: F401


def _in_flight(run: _Run) -> Counterexample | None:
    """The example the worker was running when it ended (timeout, memory, crash), as far as known."""
    return Counterexample(run.current, None, None) if run.incomplete and run.current is not None else None


def _where(runner: Runner, line: int | None) -> str:
    name = os.path.basename(getattr(runner, "path", "") or "") or "submission"
    return f"{name}:{line}" if line else name


def _ended_message(ended: WorkerEnded, limits: Limits) -> dict[str, str]:
    d = ended.detail
    if ended.verdict is Verdict.TIMEOUT:
        return text.both("verdict.timeout", seconds=limits.timeout_s)
    if ended.verdict is Verdict.MEMORY:
        return text.both("verdict.memory", memory_mb=limits.memory_mb)
    if d.get("reason") == "signal":
        return text.both("verdict.crash.signal", signal=d["signal"])
    if d.get("reason") == "exit":
        return text.both("verdict.crash.exit", code=d["code"])
    return text.both("verdict.crash.other", reason=d.get("reason", "?"))


def _statuses(run: _Run, verdict: Verdict, message: dict[str, str]) -> list[CheckResult]:
    """Each check as it really went: passed on every example, failed on some, not reached, or not run.

    A check is passed only when it was evaluated on every example and held; checks after the first
    failing one on an example were not evaluated on it ("not reached"); checks that never ran (an
    import error, a missing function, or every example raised) are "not run".
    """
    empty = {"en": "", "zh": ""}
    results = []
    for position, name in enumerate(run.order):
        if name == "imports":
            ok = run.ready or verdict is Verdict.MISSING
            results.append(CheckResult(name, CheckStatus.PASSED if ok else CheckStatus.FAILED,
                                       empty if ok else message))
            continue
        if name == "entry_points":
            status = CheckStatus.PASSED if run.ready else (
                CheckStatus.FAILED if verdict is Verdict.MISSING else CheckStatus.NOT_RUN)
            results.append(CheckResult(name, status, message if status is CheckStatus.FAILED else empty))
            continue
        failed = [e for e in run.seen if e.failure is not None and e.failure.position == position]
        held = sum(1 for e in run.seen if e.failure is None or e.failure.position > position)
        if failed:
            first = failed[0].failure
            results.append(CheckResult(name, CheckStatus.FAILED, message if first.raised else first.message))
        elif not run.ready or held == 0:
            results.append(CheckResult(name, CheckStatus.NOT_RUN, empty))
        elif held == len(run.seen) and not run.incomplete:
            results.append(CheckResult(name, CheckStatus.PASSED, empty))
        else:
            results.append(CheckResult(name, CheckStatus.NOT_REACHED, empty))
    return results


def _report(run: _Run, started: float, seed: int, verdict: Verdict, message: dict[str, str], output: Any, *,
            counterexample: Counterexample | None = None, mistake: Any = None, location: str | None = None) -> GradeReport:
    if verdict is Verdict.FAIL and counterexample is not None:
        _keep_first_failure(run, counterexample)
    return GradeReport(
        kata=run.spec.id, verdict=verdict, checks=_statuses(run, verdict, message), message=message,
        duration_s=time.monotonic() - started, counterexample=counterexample, mistake=mistake, seed=seed,
        examples=run.examples, output=output, location=location,
    )


def _keep_first_failure(run: _Run, counterexample: Counterexample) -> None:
    """Put the shown example first among the failures, so its check carries its own message."""
    for i, e in enumerate(run.seen):
        if e.failure is not None and e.case is counterexample.inputs:
            run.seen.insert(0, run.seen.pop(i))
            return
