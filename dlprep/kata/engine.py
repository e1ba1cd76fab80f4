"""One grading run: start the runner, drive the property test, shrink, and build the GradeReport.

Inputs come from the kata's edge cases and its hypothesis strategy; every comparison happens
here, in the grader, on decoded values. Hypothesis settings are pinned (no database, no
`.hypothesis/` folder, same behaviour with or without `CI` set).
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from dlprep import text
from dlprep.kata import protocol
from dlprep.kata.compare import Mismatch
from dlprep.kata.runner import InProcess, Runner, namespace_of
from dlprep.kata.sandbox import Limits, WorkerEnded
from dlprep.kata.spec import KataSpec
from dlprep.kata.verdict import CheckResult, Counterexample, GradeReport, Mistake, Verdict

DEFAULT_EXAMPLES = 100
EVIDENCE = 40  # examples wanted before choosing between mistakes that agree on the counterexample
HISTORY = 200  # examples remembered to tell apart known mistakes that agree on the counterexample
ENGINE_CHECKS = ("imports", "entry_points", "no_exception", "returns", "inputs_unchanged")


class SubmissionError(Exception):
    """A case on which the submission raised; hypothesis shrinks these like any failure."""

    def __init__(self, info: dict[str, Any]) -> None:
        super().__init__(info.get("type"))
        self.info = info


class CheckFailed(Exception):
    """A case on which a named check failed."""

    def __init__(self, check: str, mismatch: Mismatch) -> None:
        super().__init__(check)
        self.check = check
        self.mismatch = mismatch


@dataclass
class _State:
    examples: int = 0
    failed: dict[str, dict[str, str]] = field(default_factory=dict)
    last: tuple[dict[str, Any], Exception, dict[str, Any] | None, dict[str, Any]] | None = None
    ready: bool = False
    history: list[tuple[dict[str, Any], Any]] = field(default_factory=list)  # (case, outputs) seen, capped


def grade(spec: KataSpec, runner: Runner, *, seed: int, limits: Limits, max_examples: int | None = None) -> GradeReport:
    """Grade one implementation of `spec` through `runner`; never raises for anything the submission does."""
    started = time.monotonic()
    checks_mod = spec.module("checks")
    reference = InProcess(checks_mod, namespace_of(spec.module("reference"), spec.names), "reference.py")
    state = _State()
    verdict, message, counterexample, location = Verdict.PASS, {}, None, None
    try:
        first = runner.start(meanwhile=_warm_up)
        if first["status"] == "import_error":
            location = _where(runner, first.get("line"))
            return _finish(spec, runner, started, seed, state, Verdict.IMPORT_ERROR,
                           text.both("verdict.import_error", location=location, type=first["type"], message=first["message"]),
                           location=location)
        if first["status"] == "missing":
            sigs = ", ".join(e.signature for e in spec.entry_points)
            return _finish(spec, runner, started, seed, state, Verdict.MISSING,
                           text.both("verdict.missing", names=", ".join(first["names"]), signatures=sigs))
        state.ready = True

        def evaluate(case: dict[str, Any]) -> None:
            state.examples += 1
            want = reference.call(case)
            if want["status"] != "ok":
                raise RuntimeError(f"reference failed on {case!r}: {want}")
            got = runner.call(case)
            if got["status"] == "ok" and len(state.history) < HISTORY:
                state.history.append((case, got["outputs"]))
            try:
                _judge(checks_mod, case, got, want["outputs"])
            except (SubmissionError, CheckFailed) as exc:
                state.last = (case, exc, got.get("outputs"), want["outputs"])
                if isinstance(exc, CheckFailed):
                    state.failed[exc.check] = exc.mismatch.message
                else:
                    state.failed["no_exception"] = {}
                raise

        _drive(evaluate, checks_mod, seed, max_examples or getattr(checks_mod, "MAX_EXAMPLES", DEFAULT_EXAMPLES))
    except WorkerEnded as ended:
        verdict, message = ended.verdict, _ended_message(ended, limits)
        if state.examples:
            case = _last_case(state)
            counterexample = Counterexample(inputs=case, expected=None, got=None) if case is not None else None
    except (SubmissionError, CheckFailed):
        pass  # the minimal failing example is in state.last
    except Exception as exc:  # hypothesis' own errors (flaky submissions) keep the last failure
        if state.last is None:
            raise
        _ = exc
    if state.last is not None and verdict is Verdict.PASS:
        case, exc, got, want = state.last
        if isinstance(exc, SubmissionError):
            verdict = Verdict.ERROR
            location = _where(runner, exc.info.get("line"))
            fn = ", ".join(spec.names)
            msg = exc.info.get("message", "")
            message = text.both("verdict.error", function=fn, type=exc.info.get("type"),
                                message=f"{msg} ({location})" if location else msg)
            counterexample = Counterexample(inputs=case, expected=want, got=None)
        else:
            verdict = Verdict.FAIL
            title = spec.checks.get(exc.check) or text.both(f"check.{exc.check}")
            message = {lang: text.t("verdict.fail", lang, check=title[lang], detail=exc.mismatch.message[lang])
                       for lang in text.LANGS}
            counterexample = Counterexample(inputs=case, expected=want, got=got, diff=exc.mismatch.diff)
    mistake = None
    if verdict is Verdict.FAIL and counterexample is not None and _names_a_mistake(spec, checks_mod, state):
        mistake = _match_mistake(spec, checks_mod, state, runner, counterexample.inputs, counterexample.got)
    if verdict is Verdict.PASS:
        message = text.both("verdict.pass", checks=len(ENGINE_CHECKS) + len(spec.checks), examples=state.examples)
    return _finish(spec, runner, started, seed, state, verdict, message, counterexample=counterexample,
                   mistake=mistake, location=location)


def _judge(checks_mod: Any, case: dict[str, Any], got: dict[str, Any], want: dict[str, Any]) -> None:
    import numpy as np

    status = got["status"]
    if status == "raised":
        raise SubmissionError(got)
    if status == "bad_output":
        raise CheckFailed("returns", Mismatch(got.get("en", ""), got.get("zh", "")))
    if status != "ok":
        raise CheckFailed("returns", Mismatch(str(status), str(status)))
    after = got["inputs"]
    for name, value in case.items():
        if isinstance(value, np.ndarray):
            now = after.get(name) if isinstance(after, dict) else None
            if not (isinstance(now, np.ndarray) and now.shape == value.shape
                    and np.array_equal(now, value, equal_nan=value.dtype.kind == "f")):
                m = text.both("inputs_changed", name=name)
                raise CheckFailed("inputs_unchanged", Mismatch(m["en"], m["zh"]))
    outputs = got["outputs"]
    for check in checks_mod.CHECKS:
        try:
            check(case, outputs, want)
        except Mismatch as mismatch:
            raise CheckFailed(check.__name__, mismatch) from None


def _warm_up() -> None:
    """Import the property-test engine while the worker starts (about 0.2 s each on a small machine)."""
    import hypothesis.strategies  # noqa: F401


def _drive(evaluate: Any, checks_mod: Any, seed: int, max_examples: int) -> None:
    """Run the property test with pinned settings; the final (shrunk) failure propagates."""
    home = os.path.join(tempfile.gettempdir(), "dlprep-hypothesis")
    os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", home)
    import hypothesis
    from hypothesis import HealthCheck, Phase, Verbosity, example, given, settings
    from hypothesis.reporting import with_reporter

    test = given(checks_mod.cases())(lambda case: evaluate(case))
    for case in reversed(checks_mod.edge_cases()):
        test = example(case)(test)
    test = settings(
        database=None, deadline=None, derandomize=False, max_examples=max_examples, print_blob=False,
        report_multiple_bugs=False, suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
    )(test)
    test = hypothesis.seed(seed)(test)
    with with_reporter(lambda *_: None):
        test()


def _last_case(state: _State) -> dict[str, Any] | None:
    return state.last[0] if state.last else None


def _where(runner: Runner, line: int | None) -> str | None:
    name = os.path.basename(getattr(runner, "submission", "") or getattr(runner, "path", "")) or "submission"
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


def _names_a_mistake(spec: KataSpec, checks_mod: Any, state: _State) -> bool:
    """Whether the failure is about the values: a kata check failed on an output unlike the reference's.

    An engine failure (inputs modified, a value of the wrong kind) is reported as itself, and an
    output equal to the reference's (a check on something else failed) matches no classic mistake.
    """
    case, exc, got, want = state.last
    if not isinstance(exc, CheckFailed) or exc.check not in spec.checks:
        return False
    try:
        return not checks_mod.same(got, want)
    except Exception:  # a malformed output cannot be compared: no mistake reproduces it anyway
        return False


def _match_mistake(spec: KataSpec, checks_mod: Any, state: _State, runner: Runner, case: dict[str, Any],
                   got: Any) -> Mistake | None:
    """The known mistake that reproduces the submission's output on the counterexample.

    Several mistakes can agree on one small input, so candidates are ranked by how often they
    agree with the submission over the examples seen in this run, topped up with fresh random
    examples when too few were seen to tell them apart.
    """
    if got is None:
        return None
    mistakes_mod = spec.module("mistakes")
    candidates = []
    for m in spec.mistakes:
        variant = InProcess(checks_mod, namespace_of(getattr(mistakes_mod, m.id), spec.names), "mistakes.py")
        if _agrees(checks_mod, variant, case, got):
            candidates.append((m, variant))
    if not candidates:
        return None
    evidence = list(state.history) or [(case, got)]
    if len(candidates) > 1 and len(evidence) < EVIDENCE:
        evidence += _more_evidence(checks_mod, runner, EVIDENCE - len(evidence))
    scored = [(sum(_agrees(checks_mod, v, c, out) for c, out in evidence), -i, m) for i, (m, v) in enumerate(candidates)]
    _, _, m = max(scored, key=lambda item: item[:2])
    return Mistake(m.id, m.name, m.why)


def _more_evidence(checks_mod: Any, runner: Runner, count: int) -> list[tuple[dict[str, Any], Any]]:
    import warnings

    strategy = checks_mod.cases()
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(count):
            extra = strategy.example()
            try:
                answer = runner.call(extra)
            except WorkerEnded:
                break
            if answer["status"] == "ok":
                found.append((extra, answer["outputs"]))
    return found


def _agrees(checks_mod: Any, runner: InProcess, case: dict[str, Any], got: Any) -> bool:
    try:
        out = runner.call(case)
        return out["status"] == "ok" and bool(checks_mod.same(out["outputs"], got))
    except Exception:  # a mistake variant may legitimately blow up on some inputs
        return False


def _finish(spec: KataSpec, runner: Runner, started: float, seed: int, state: _State, verdict: Verdict,
            message: dict[str, str], *, counterexample: Counterexample | None = None, mistake: Mistake | None = None,
            location: str | None = None) -> GradeReport:
    """Build the report; a check is marked passed only when it was really verified."""
    output = runner.close()
    empty = {"en": "", "zh": ""}
    ready = state.ready
    results = []
    for name in ENGINE_CHECKS + tuple(spec.checks):
        if name == "imports":
            ok = ready or verdict is Verdict.MISSING
        elif name == "entry_points":
            ok = ready
        elif verdict is Verdict.PASS:
            ok = True
        elif verdict is Verdict.FAIL:
            ok = name not in state.failed
        else:
            ok = False
        failed_here = (name == "imports" and verdict is Verdict.IMPORT_ERROR) or (
            name == "entry_points" and verdict is Verdict.MISSING) or (name == "no_exception" and verdict is Verdict.ERROR)
        results.append(CheckResult(name, ok, state.failed.get(name) or (message if failed_here else empty)))
    return GradeReport(
        kata=spec.id, verdict=verdict, checks=results, message=message, duration_s=time.monotonic() - started,
        counterexample=counterexample, mistake=mistake, seed=seed, examples=state.examples, output=output,
        location=location,
    )


__all__ = ["grade", "protocol"]
