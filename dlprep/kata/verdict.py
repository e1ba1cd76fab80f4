"""The one status vocabulary for grading, and the report objects every front end renders.

The report owns its own limits (captured output is truncated here), so the CLI, the JSON
output and the store all see the same thing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

OUTPUT_CAP = 4000  # characters of the submission's captured stdout/stderr kept in a report


class Verdict(str, enum.Enum):
    """How a grading run ended. Only PASS exits 0."""

    PASS = "pass"  # every check held on every example
    FAIL = "fail"  # ran, but some output was wrong (value, type, shape, NaN, None, mutated inputs)
    ERROR = "error"  # the submission raised
    TIMEOUT = "timeout"  # over the time limit; the worker's process group was killed
    MEMORY = "memory"  # over the memory limit
    CRASH = "crash"  # the worker died without a result (signal, segfault, os._exit)
    IMPORT_ERROR = "import_error"  # syntax error, failed import, or exception at import
    MISSING = "missing"  # a required function is absent or not callable


VERDICT_NAMES = {
    Verdict.PASS: ("pass", "通过"), Verdict.FAIL: ("fail", "未通过"), Verdict.ERROR: ("error", "抛出异常"),
    Verdict.TIMEOUT: ("timeout", "超时"), Verdict.MEMORY: ("memory", "内存超限"), Verdict.CRASH: ("crash", "崩溃"),
    Verdict.IMPORT_ERROR: ("import error", "导入失败"), Verdict.MISSING: ("missing", "缺少函数"),
}


def verdict_name(verdict: Verdict, lang: str) -> str:
    """The verdict as a user reads it in `lang` (JSON keeps `Verdict.value`)."""
    en, zh = VERDICT_NAMES[verdict]
    return zh if lang == "zh" else en


class CheckStatus(str, enum.Enum):
    """How one check went over the whole run."""

    PASSED = "passed"  # evaluated on every example and held
    FAILED = "failed"  # failed on at least one example
    NOT_REACHED = "not_reached"  # held where it ran, but a check before it failed on some example
    NOT_RUN = "not_run"  # never evaluated (import error, missing function, every example raised)


Bilingual = dict[str, str]  # {"en": ..., "zh": ...}


@dataclass
class CheckResult:
    """One named check and how it went; `message` is bilingual."""

    name: str
    status: CheckStatus
    message: Bilingual = field(default_factory=lambda: {"en": "", "zh": ""})

    @property
    def passed(self) -> bool:
        return self.status is CheckStatus.PASSED


@dataclass
class Diff:
    """A structured difference between an expected and a returned value (arrays or sequences)."""

    output: str
    expected_shape: tuple[int, ...] | None = None
    got_shape: tuple[int, ...] | None = None
    expected_dtype: str | None = None
    got_dtype: str | None = None
    max_abs_error: float | None = None
    max_rel_error: float | None = None
    first_index: tuple[int, ...] | None = None
    window_expected: Any = None
    window_got: Any = None
    tolerance: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: _plain(v) for k, v in self.__dict__.items() if v is not None}


@dataclass
class Counterexample:
    """The smallest failing input found, with what the reference and the submission returned."""

    inputs: dict[str, Any]
    expected: Any
    got: Any
    diff: Diff | None = None

    def to_json(self) -> dict[str, Any]:
        data = {"inputs": _plain(self.inputs), "expected": _plain(self.expected), "got": _plain(self.got)}
        if self.diff is not None:
            data["diff"] = self.diff.to_json()
        return data


@dataclass
class Mistake:
    """A known classic mistake the submission's output matches."""

    id: str
    name: Bilingual
    why: Bilingual


@dataclass
class CapturedOutput:
    """What the submission printed: the head, kept up to OUTPUT_CAP characters, and the total size."""

    text: str = ""
    total_bytes: int = 0

    @property
    def truncated(self) -> bool:
        return self.total_bytes > len(self.text.encode("utf-8", "replace"))

    @classmethod
    def from_bytes(cls, head: bytes, total: int) -> "CapturedOutput":
        text = head.decode("utf-8", "replace")[:OUTPUT_CAP]
        return cls(text, total)


@dataclass
class BenchResult:
    """A passing solution timed against the reference on one realistic-size case (medians of `repeats` runs)."""

    size: str
    repeats: int
    reference_s: float
    yours_s: float | None  # None when stopped at the bound, or when the code failed at this size
    bound_s: float
    too_slow: bool = False
    error: str | None = None  # what went wrong at this size (e.g. MemoryError), not a correctness verdict

    @property
    def ratio(self) -> float | None:
        return None if self.yours_s is None or self.reference_s <= 0 else self.yours_s / self.reference_s

    def to_json(self) -> dict[str, Any]:
        return {"yours_s": _round(self.yours_s), "reference_s": _round(self.reference_s),
                "ratio": _round(self.ratio, 2), "size": self.size, "repeats": self.repeats,
                "too_slow": self.too_slow, "bound_s": round(self.bound_s, 1), "error": self.error}


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits if value >= 1e-3 else 7)


@dataclass
class GradeReport:
    """Everything one grading run found. Built by the engine, never printed by it."""

    kata: str
    verdict: Verdict
    checks: list[CheckResult]
    message: Bilingual
    duration_s: float
    counterexample: Counterexample | None = None
    mistake: Mistake | None = None
    seed: int | None = None
    examples: int = 0
    output: CapturedOutput = field(default_factory=CapturedOutput)
    file: str | None = None
    sha256: str | None = None
    location: str | None = None  # "file.py:12" of an error, when known
    bench: BenchResult | None = None  # with --bench, for a pass

    @property
    def passed(self) -> bool:
        return self.verdict is Verdict.PASS

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The `--json` object: the contract fields first, extras after."""
        return {
            "kata": self.kata,
            "verdict": self.verdict.value,
            "checks": [{"name": c.name, "passed": c.passed, "status": c.status.value, "message": c.message.get(lang, "")}
                       for c in self.checks],
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "message": self.message.get(lang, ""),
            "duration_s": round(self.duration_s, 3),
            "mistake": (
                {"id": self.mistake.id, "name": self.mistake.name.get(lang), "why": self.mistake.why.get(lang)}
                if self.mistake
                else None
            ),
            "location": self.location,
            "seed": self.seed,
            "examples": self.examples,
            "output": {"text": self.output.text, "bytes": self.output.total_bytes, "truncated": self.output.truncated},
            "file": self.file,
            "sha256": self.sha256,
            "bench": self.bench.to_json() if self.bench else None,
        }


def _plain(value: Any) -> Any:
    """Convert numpy values and tuples into JSON-friendly lists and scalars."""
    if hasattr(value, "tolist") and hasattr(value, "dtype"):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)
