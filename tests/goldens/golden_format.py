"""The golden-file format shared by the generator (run with torch / scikit-learn) and the tests (run without).

A golden file `tests/fixtures/goldens/<kata>.npz` holds one JSON manifest (key `manifest`) and the arrays
it points to. Each case in the manifest is

    {"function": name, "args": [...], "kwargs": {...}, "expected": value, "rtol": r, "atol": a,
     "compare": "default", "note": "what the case shows"}

where any value may be nested lists, tuples and dicts of arrays, numbers, bools, strings and None.
Arrays are stored under generated keys and referred to as {"__array__": key}; tuples as
{"__tuple__": [...]}; dicts as {"__dict__": {...}}; non-finite floats as {"__float__": "nan"}.
This module imports numpy only, so the tests can read goldens without the libraries that made them.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

GOLDENS = Path(__file__).resolve().parent.parent / "fixtures" / "goldens"


def _pack(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        key = f"a{len(arrays)}"
        arrays[key] = np.asarray(value)
        return {"__array__": key}
    if isinstance(value, tuple):
        return {"__tuple__": [_pack(v, arrays) for v in value]}
    if isinstance(value, list):
        return [_pack(v, arrays) for v in value]
    if isinstance(value, dict):
        return {"__dict__": {str(k): _pack(v, arrays) for k, v in value.items()}}
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": repr(value)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in a golden file")


def _unpack(value: Any, arrays: Any) -> Any:
    if isinstance(value, list):
        return [_unpack(v, arrays) for v in value]
    if isinstance(value, dict):
        if "__array__" in value:
            return arrays[value["__array__"]]
        if "__tuple__" in value:
            return tuple(_unpack(v, arrays) for v in value["__tuple__"])
        if "__dict__" in value:
            return {k: _unpack(v, arrays) for k, v in value["__dict__"].items()}
        if "__float__" in value:
            return float(value["__float__"])
    return value


def save(kata: str, cases: list[dict[str, Any]], folder: Path = GOLDENS) -> Path:
    """Write the cases of one kata; returns the file written."""
    arrays: dict[str, np.ndarray] = {}
    manifest = []
    for case in cases:
        manifest.append({
            "function": case["function"],
            "args": _pack(list(case.get("args", [])), arrays),
            "kwargs": _pack(dict(case.get("kwargs", {})), arrays),
            "expected": _pack(case["expected"], arrays),
            "rtol": float(case.get("rtol", 1e-6)),
            "atol": float(case.get("atol", 1e-9)),
            "compare": case.get("compare", "default"),
            "note": case.get("note", ""),
        })
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kata}.npz"
    np.savez_compressed(path, manifest=np.array(json.dumps(manifest)), **arrays)
    return path


def load(path: Path) -> list[dict[str, Any]]:
    """The cases of one golden file, arrays and nesting restored."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if k != "manifest"}
        manifest = json.loads(str(data["manifest"]))
    cases = []
    for entry in manifest:
        case = dict(entry)
        case["args"] = _unpack(entry["args"], arrays)
        case["kwargs"] = _unpack(entry["kwargs"], arrays)
        case["expected"] = _unpack(entry["expected"], arrays)
        cases.append(case)
    return cases
