"""The kata plug-in surface: everything a kata's `checks.py` may use, and nothing else.

A kata is a folder under `katas/` (the folder is the registry):

    kata.yaml         metadata (id, topic, order, difficulty, expected_minutes, tags, title, entry_points,
                      tolerance, hints, checks: name -> {en, zh}, mistakes: id/name/why/related_questions,
                      related_questions, solution_notes), read by `dlprep.kata.spec`
    statement.en.md   statement.zh.md    the contract as the user reads it
    starter.py        signatures and docstrings; must fail
    reference.py      the truth; must pass
    mistakes.py       one function per mistake id (a class holding every entry point when there are
                      several), each the reference with exactly one classic bug
    checks.py         `KATA = api.Kata(...)`, written against this module only

How the engine uses a `Kata`, so that a new one can be written from this docstring and one example
(`katas/nms/checks.py` for a validity-style check, `katas/bn_backward/checks.py` for gradients):

1. Inputs. `edge_cases()` run first, in order; then the hypothesis strategy `cases()` generates up to
   `max_examples` cases, and the first failure is shrunk. A case is a dict of plain values (numpy
   arrays, numbers, None). Make values exact in float32 wherever a tie or a rounding could decide an
   outcome, so that float32 solutions meet the same ties as the reference.
2. Calls. `call(submission, case)` runs in the worker process: it calls the user's functions as
   `submission.<name>(...)` and returns a dict of raw outputs (use `unpack` for tuple results; copy an
   array that a later call may write into). The reference and the known mistakes go through the same
   `call` in the grader. Outputs cross the pipe as they are: a list of numpy scalars arrives as a list
   of numpy scalars, so `as_array` sees exactly what `np.asarray` saw in the worker.
3. Checks. Each function in `checks` gets `(case, got, want)` (the case, the user's outputs, the
   reference's) and raises `Mismatch(en, zh)` when `got` breaks it. The engine first checks that the
   inputs were not modified. Checks run in order on each example; the first that fails is the
   failure, and the checks after it are reported as not reached on that example.
4. Mistakes. `same(a, b)` says whether two output dicts agree (default: `outputs_close(1e-6, 1e-9)`).
   A known mistake is named only when its outputs are `same` as the user's on (nearly) every example
   the run evaluated, never on the counterexample alone; so each mistake must differ from the reference
   on a good share of generated cases and from every other mistake.
   Where the contract leaves several answers right (tied scores visited in any order, a value within
   the tolerance of a threshold), declare `ambiguous(case) -> True`: two right implementations may
   differ there, so such cases are not used as evidence for a mistake. Before naming one, the engine
   draws extra cases from `evidence()` (default `cases()`): make it produce mid-sized, unambiguous
   inputs on which different bugs give different outputs (shrinking leaves mostly tiny inputs).
5. Speed. `bench(rng)` returns one case of the size interviews talk about ("2,000 boxes") and a short
   description of it; `dlprep kata NAME --bench` times a passing solution against the reference on it.
6. Display. Among the failing examples seen, the one with the smallest `prefer(case)` is reported
   (default: fewest array elements, then smallest magnitudes); prefer non-degenerate inputs there.

Rules for checks: read outputs only through `as_array` (anything `np.asarray` turns into the documented
shape and dtype kind is judged as that array: lists, tuples, numpy scalars, 0-d arrays, any width);
compare floats with `assert_close` (absolute and relative tolerance); never trust an output to be
well-formed. Numpy warnings a submission emits are not errors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from dlprep.kata.protocol import Opaque
from dlprep.kata.verdict import Diff

__all__ = [
    "Kata", "Submission", "Mismatch", "BadOutput", "Diff", "as_array", "assert_close", "close_enough",
    "outputs_close", "unpack", "describe", "numerical_gradient", "level_array", "array_size",
]

WINDOW = 3  # elements shown either side of the first difference

Case = dict[str, Any]
Outputs = dict[str, Any]


class Submission(Protocol):
    """The user's entry points, as `call` sees them: `submission.nms(...)`."""

    def __getattr__(self, name: str) -> Callable[..., Any]: ...


def _no_edge_cases() -> list[Case]:
    return []


@dataclass(frozen=True)
class Kata:
    """The declaration a kata's checks.py makes as `KATA = api.Kata(...)`; see the module docstring."""

    call: Callable[[Submission, Case], Outputs]
    checks: Sequence[Callable[[Case, Outputs, Outputs], None]]
    cases: Callable[[], Any]  # -> a hypothesis strategy of cases
    edge_cases: Callable[[], list[Case]] = _no_edge_cases
    same: Callable[[Outputs, Outputs], bool] | None = None
    max_examples: int = 100
    prefer: Callable[[Case], tuple] | None = None
    ambiguous: Callable[[Case], bool] | None = None
    evidence: Callable[[], Any] | None = None  # -> a strategy of diverse, unambiguous cases (default: cases)
    bench: Callable[[np.random.Generator], tuple[Case, str]] | None = None  # -> (a realistic-size case, its size in words)

    def is_ambiguous(self, case: Case) -> bool:
        """Whether the case admits several right answers (ties the contract leaves open); never raises."""
        if self.ambiguous is None:
            return False
        try:
            return bool(self.ambiguous(case))
        except Exception:  # noqa: BLE001
            return True

    def agree(self, a: Outputs, b: Outputs) -> bool:
        """`same`, or the default, and False rather than an exception for malformed outputs."""
        same = self.same or _DEFAULT_SAME
        try:
            return bool(same(a, b))
        except Exception:  # noqa: BLE001 -- a malformed output agrees with nothing
            return False

    def readability(self, case: Case) -> tuple:
        """Sort key of a failing example for display: the kata's preference, then size."""
        own = tuple(self.prefer(case)) if self.prefer is not None else ()
        return own + (array_size(case), _magnitude(case))


class Mismatch(Exception):
    """Raised by a kata check when the submission's output breaks it; carries both languages."""

    def __init__(self, en: str, zh: str, diff: Diff | None = None) -> None:
        super().__init__(en)
        self.message = {"en": en, "zh": zh}
        self.diff = diff


class BadOutput(Exception):
    """Raised by a kata's `call` when a returned value cannot be used (e.g. not a 2-tuple).

    Carries the message in both languages; the grader reports it as a failed "returns" check.
    """

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.message = {"en": en, "zh": zh}


def unpack(value: object, count: int, what: str) -> tuple:
    """Unpack a returned tuple/list of `count` items or raise BadOutput naming the function."""
    if not isinstance(value, (tuple, list)) or len(value) != count:
        kind = type(value).__name__
        size = f" of length {len(value)}" if isinstance(value, (tuple, list)) else ""
        raise BadOutput(
            f"{what} must return a tuple of {count} values, got {kind}{size}",
            f"{what} 应返回包含 {count} 个值的 tuple，实际返回 {kind}{size}",
        )
    return tuple(value)


def describe(value: Any) -> str:
    """A short type description of a returned value, for messages."""
    if isinstance(value, Opaque):
        return value.type_name
    if isinstance(value, np.ndarray):
        return f"ndarray{value.shape} {value.dtype}"
    return type(value).__name__


def as_array(value: Any, output: str, *, ndim: int | None = None, shape: tuple[int, ...] | None = None,
             kinds: str = "iuf") -> np.ndarray:
    """The one conversion of a returned value: `np.asarray`, then the documented kind, ndim and shape.

    `kinds` is a string of numpy dtype kinds ("i" signed, "u" unsigned, "f" float, "b" bool). An empty
    sequence (float64 to numpy) passes where integers are expected. Raises Mismatch for None, values
    that are not numbers, ragged nesting, and the wrong kind, ndim or shape.
    """
    if value is None:
        raise Mismatch(f"`{output}` is None: the function must return it", f"`{output}` 为 None：函数需要返回它")
    if isinstance(value, Opaque):
        raise Mismatch(f"`{output}` is a {value.type_name}, expected a numpy array",
                       f"`{output}` 的类型是 {value.type_name}，应为 numpy 数组")
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        raise Mismatch(f"`{output}` cannot be read as an array ({describe(value)})",
                       f"`{output}` 无法转换为数组（{describe(value)}）") from None
    if arr.dtype.kind not in kinds and not (arr.size == 0 and arr.dtype.kind == "f" and "i" in kinds):
        raise Mismatch(f"`{output}` has dtype {arr.dtype}, expected {_kinds_text(kinds, 'en')}",
                       f"`{output}` 的 dtype 为 {arr.dtype}，应为{_kinds_text(kinds, 'zh')}")
    if ndim is not None and arr.ndim != ndim:
        raise Mismatch(f"`{output}` has {arr.ndim} dimension(s) (shape {arr.shape}), expected {ndim}",
                       f"`{output}` 是 {arr.ndim} 维（shape {arr.shape}），应为 {ndim} 维")
    if shape is not None and arr.shape != tuple(shape):
        raise Mismatch(f"`{output}` has shape {arr.shape}, expected {tuple(shape)}",
                       f"`{output}` 的 shape 为 {arr.shape}，应为 {tuple(shape)}",
                       Diff(output, tuple(shape), arr.shape, None, str(arr.dtype)))
    return arr


def _kinds_text(kinds: str, lang: str) -> str:
    names = {"i": ("integer", "整数"), "u": ("unsigned", "无符号整数"), "f": ("float", "浮点数"), "b": ("bool", "布尔")}
    pick = 0 if lang == "en" else 1
    sep = " or " if lang == "en" else "或"
    return sep.join(names[k][pick] for k in kinds if k in names)


def assert_close(got: Any, want: Any, output: str, *, rtol: float, atol: float) -> np.ndarray:
    """Raise Mismatch unless `got` has want's shape and |got - want| <= atol + rtol·|want| everywhere.

    NaN is accepted only where the expected value is NaN; inf only where it is the same inf.
    Returns `got` as a float64 array.
    """
    arr = as_array(got, output, kinds="iuf")
    want = np.asarray(want, dtype=np.float64)
    tol = f"|got − expected| ≤ {atol:g} + {rtol:g}·|expected|"
    if arr.shape != want.shape:
        raise Mismatch(f"`{output}` has shape {arr.shape}, expected {want.shape}",
                       f"`{output}` 的 shape 为 {arr.shape}，应为 {want.shape}",
                       Diff(output, want.shape, arr.shape, str(want.dtype), str(arr.dtype), tolerance=tol))
    arr = arr.astype(np.float64)
    nan = np.isnan(arr) & ~np.isnan(want)
    if nan.any():
        first = np.argwhere(nan)[0]
        raise Mismatch(f"`{output}` contains NaN (first at index {_index(first)})",
                       f"`{output}` 含有 NaN（第一个位于下标 {_index(first)}）", _diff(output, want, arr, first, tol))
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(arr - want)
        ok = (err <= atol + rtol * np.abs(want)) | (np.isnan(arr) & np.isnan(want)) | (arr == want)
    if not ok.all():
        first = np.argwhere(~ok)[0]
        diff = _diff(output, want, arr, first, tol)
        raise Mismatch(
            f"`{output}` differs from the expected value at index {diff.first_index}: got {_num(arr[tuple(first)])}, "
            f"expected {_num(want[tuple(first)])} (tolerance {tol})",
            f"`{output}` 在下标 {diff.first_index} 处与期望值不同：实际 {_num(arr[tuple(first)])}，"
            f"期望 {_num(want[tuple(first)])}（容差 {tol}）",
            diff,
        )
    return arr


def _num(x: float) -> str:
    return f"{x:.6g}"


def _index(first: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in first)


def _diff(output: str, want: np.ndarray, got: np.ndarray, first: np.ndarray, tol: str) -> Diff:
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        err = np.abs(got - want)
        rel = err / np.abs(want)
    finite = np.isfinite(err)
    rel_ok = finite & (want != 0)  # relative error means nothing where the expected value is 0
    flat_w, flat_g = want.reshape(-1), got.reshape(-1)
    pos = int(np.ravel_multi_index(tuple(first), want.shape)) if want.ndim else 0
    lo, hi = max(0, pos - WINDOW), min(flat_w.size, pos + WINDOW + 1)
    return Diff(
        output=output, expected_shape=want.shape, got_shape=got.shape, expected_dtype=str(want.dtype),
        got_dtype=str(got.dtype), max_abs_error=float(err[finite].max()) if finite.any() else float("nan"),
        max_rel_error=float(rel[rel_ok].max()) if rel_ok.any() else float("nan"), first_index=_index(first),
        window_expected=flat_w[lo:hi].tolist(), window_got=flat_g[lo:hi].tolist(), tolerance=tol,
    )


def close_enough(a: Any, b: Any, *, rtol: float, atol: float) -> bool:
    """True when two values agree as float arrays within tolerance (NaN equals NaN); never raises."""
    try:
        x = np.asarray(a, dtype=np.float64)
        y = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if x.shape != y.shape:
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        return bool(np.all((np.abs(x - y) <= atol + rtol * np.abs(y)) | (x == y) | (np.isnan(x) & np.isnan(y))))


def outputs_close(rtol: float, atol: float) -> Callable[[Outputs, Outputs], bool]:
    """A `same` for katas whose outputs are all numbers or arrays: same keys, each close_enough."""

    def same(a: Outputs, b: Outputs) -> bool:
        return set(a) == set(b) and all(close_enough(a[k], b[k], rtol=rtol, atol=atol) for k in a)

    return same


_DEFAULT_SAME = outputs_close(1e-6, 1e-9)


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float | np.ndarray = 1e-6) -> np.ndarray:
    """Central differences of the scalar function `f` at `x`, one element at a time (float64).

    `h` may be an array broadcastable to x (a step per element). The step actually taken after
    rounding is used in the quotient, so steps far below x's magnitude stay accurate.
    """
    x = np.array(x, dtype=np.float64)
    steps = np.broadcast_to(np.asarray(h, dtype=np.float64), x.shape)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + steps[index]
        up, hp = f(x), x[index] - original
        x[index] = original - steps[index]
        down, hm = f(x), original - x[index]
        x[index] = original
        grad[index] = (up - down) / (hp + hm)
    return grad


def level_array(draw: Callable[[Any], Any], shape: tuple[int, ...], levels: Sequence[float], scale: float = 1.0) -> np.ndarray:
    """An array of `shape` whose values come from `levels`, drawn as raw bytes inside `st.composite`.

    One draw per array instead of one per element is much faster, and bytes shrink towards 0, which maps
    to `levels[0]`: put the simplest value first so shrunk counterexamples read well.
    """
    from hypothesis import strategies as st

    count = 1
    for s in shape:
        count *= int(s)
    raw = np.frombuffer(draw(st.binary(min_size=count, max_size=count)), np.uint8)
    table = np.asarray(levels, dtype=np.float64)
    return (table[raw % len(table)] * scale).reshape(shape)


def array_size(value: Any) -> int:
    """How many numbers a case holds (arrays count their elements), for ranking failing examples."""
    if isinstance(value, np.ndarray):
        return int(value.size)
    if isinstance(value, dict):
        return sum(array_size(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(array_size(v) for v in value)
    return 1 if isinstance(value, (int, float, np.generic)) else 0


def _magnitude(value: Any) -> float:
    if isinstance(value, np.ndarray):
        with np.errstate(invalid="ignore", over="ignore"):
            return float(np.nansum(np.abs(value.astype(np.float64)))) if value.dtype.kind in "iufb" and value.size else 0.0
    if isinstance(value, dict):
        return sum(_magnitude(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_magnitude(v) for v in value)
    if isinstance(value, (int, float, np.generic)) and not isinstance(value, bool):
        return abs(float(value))
    return 0.0
