"""Comparison helpers for kata checks: shape and dtype first, then tolerance, then the first difference.

Checks run in the grader process on values decoded from the worker, so nothing the submission
does to numpy inside its own process can change a comparison.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlprep.kata.protocol import Opaque
from dlprep.kata.verdict import Diff

WINDOW = 3  # elements shown either side of the first difference


class Mismatch(Exception):
    """Raised by a kata check when the submission's output breaks it; carries both languages."""

    def __init__(self, en: str, zh: str, diff: Diff | None = None) -> None:
        super().__init__(en)
        self.message = {"en": en, "zh": zh}
        self.diff = diff


def describe(value: Any) -> str:
    """A short type description of a returned value, for messages."""
    if isinstance(value, Opaque):
        return value.type_name
    if isinstance(value, np.ndarray):
        return f"ndarray{value.shape} {value.dtype}"
    return type(value).__name__


def as_array(value: Any, output: str, *, ndim: int | None = None, kinds: str = "iuf") -> np.ndarray:
    """Turn a returned value into an ndarray or raise Mismatch (None, wrong type, dtype or ndim)."""
    if value is None:
        raise Mismatch(
            f"`{output}` is None: the function must return it",
            f"`{output}` 为 None：函数需要返回它",
        )
    if isinstance(value, Opaque):
        raise Mismatch(
            f"`{output}` is a {value.type_name}, expected a numpy array",
            f"`{output}` 的类型是 {value.type_name}，应为 numpy 数组",
        )
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):
        raise Mismatch(
            f"`{output}` cannot be read as an array ({describe(value)})",
            f"`{output}` 无法转换为数组（{describe(value)}）",
        ) from None
    if arr.dtype.kind not in kinds and not (arr.size == 0 and arr.dtype.kind == "f" and "i" in kinds):
        raise Mismatch(
            f"`{output}` has dtype {arr.dtype}, expected {_kinds_text(kinds, 'en')}",
            f"`{output}` 的 dtype 为 {arr.dtype}，应为{_kinds_text(kinds, 'zh')}",
        )
    if ndim is not None and arr.ndim != ndim:
        raise Mismatch(
            f"`{output}` has {arr.ndim} dimension(s) (shape {arr.shape}), expected {ndim}",
            f"`{output}` 是 {arr.ndim} 维（shape {arr.shape}），应为 {ndim} 维",
        )
    return arr


def _kinds_text(kinds: str, lang: str) -> str:
    names = {"i": ("integer", "整数"), "u": ("unsigned", "无符号整数"), "f": ("float", "浮点数"), "b": ("bool", "布尔")}
    pick = 0 if lang == "en" else 1
    sep = " or " if lang == "en" else "或"
    return sep.join(names[k][pick] for k in kinds if k in names)


def assert_close(got: Any, want: np.ndarray, output: str, *, rtol: float, atol: float) -> np.ndarray:
    """Raise Mismatch unless `got` has want's shape and |got - want| <= atol + rtol*|want| everywhere."""
    arr = as_array(got, output, kinds="iuf")
    want = np.asarray(want)
    tol = f"|got − expected| ≤ {atol:g} + {rtol:g}·|expected|"
    if arr.shape != want.shape:
        raise Mismatch(
            f"`{output}` has shape {arr.shape}, expected {want.shape}",
            f"`{output}` 的 shape 为 {arr.shape}，应为 {want.shape}",
            Diff(output, want.shape, arr.shape, str(want.dtype), str(arr.dtype), tolerance=tol),
        )
    arr = arr.astype(np.float64)
    nan = np.isnan(arr) & ~np.isnan(want)
    if nan.any():
        index = tuple(int(i) for i in np.argwhere(nan)[0])
        raise Mismatch(
            f"`{output}` contains NaN (first at index {index})",
            f"`{output}` 含有 NaN（第一个位于下标 {index}）",
            _diff(output, want, arr, np.argwhere(nan)[0], tol),
        )
    err = np.abs(arr - want)
    bad = ~(err <= atol + rtol * np.abs(want)) & ~(np.isnan(arr) & np.isnan(want))
    if bad.any():
        first = np.argwhere(bad)[0]
        diff = _diff(output, want, arr, first, tol)
        raise Mismatch(
            f"`{output}` differs from the expected value at index {diff.first_index}: "
            f"max abs error {diff.max_abs_error:.3g} (tolerance {tol})",
            f"`{output}` 在下标 {diff.first_index} 处与期望值不同：最大绝对误差 {diff.max_abs_error:.3g}（容差 {tol}）",
            diff,
        )
    return arr


def _diff(output: str, want: np.ndarray, got: np.ndarray, first: np.ndarray, tol: str) -> Diff:
    with np.errstate(invalid="ignore", divide="ignore"):
        err = np.abs(got - want)
        rel = err / np.abs(want)
    finite = np.isfinite(err)
    # relative error means nothing where the expected value is 0: those elements are left out of it
    rel_ok = finite & (want != 0)
    index = tuple(int(i) for i in first)
    flat_w, flat_g = want.reshape(-1), got.reshape(-1)
    pos = int(np.ravel_multi_index(first, want.shape)) if want.ndim else 0
    lo, hi = max(0, pos - WINDOW), min(flat_w.size, pos + WINDOW + 1)
    return Diff(
        output=output,
        expected_shape=want.shape,
        got_shape=got.shape,
        expected_dtype=str(want.dtype),
        got_dtype=str(got.dtype),
        max_abs_error=float(err[finite].max()) if finite.any() else float("nan"),
        max_rel_error=float(rel[rel_ok].max()) if rel_ok.any() else float("nan"),
        first_index=index,
        window_expected=flat_w[lo:hi].tolist(),
        window_got=flat_g[lo:hi].tolist(),
        tolerance=tol,
    )


def close_enough(a: Any, b: Any, *, rtol: float, atol: float) -> bool:
    """True when two returned values agree as arrays within tolerance (NaN equals NaN); never raises."""
    try:
        x = np.asarray(a, dtype=np.float64)
        y = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=rtol, atol=atol, equal_nan=True))
