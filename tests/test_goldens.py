"""Every kata's reference against the outputs of the library the kata names (torch, torchvision,
scikit-learn), stored as golden files by tests/goldens/make_goldens.py; no such library is imported here."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "goldens"))

import golden_format  # noqa: E402

from dlprep.kata import spec as spec_mod  # noqa: E402

FILES = sorted(golden_format.GOLDENS.glob("*.npz"))


def _rows_up_to_sign(got, want, rtol, atol):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        return False
    signs = np.where(np.sum(got * want, axis=-1, keepdims=True) < 0, -1.0, 1.0)
    return np.allclose(got * signs, want, rtol=rtol, atol=atol)


def _forward_backward(reference, forward, got, want, rtol, atol):
    """`forward` returns (out, cache), where the cache is the reference's own: out is compared with want["out"],
    then the kata's backward (the name with _forward -> _backward) runs on (want["dout"], cache) and its result
    is compared with want["backward"], the library's autograd gradients."""
    if not (isinstance(got, tuple) and len(got) == 2):
        return False
    out, cache = got
    backward = getattr(reference, forward.replace("_forward", "_backward"))
    return _same(out, want["out"], rtol, atol) and _same(backward(want["dout"], cache), want["backward"], rtol, atol)
def _pca_subspaces(got, want, rtol, atol):
    """(components, variances): variances close; for each group of tied expected variances, the rows of
    components span the same subspace (so signs, and rotations inside a tied eigenspace, are free)."""
    (gc, gv), (wc, wv) = (np.asarray(x, dtype=np.float64) for x in got), (np.asarray(x, dtype=np.float64) for x in want)
    if gc.shape != wc.shape or gv.shape != wv.shape or not np.allclose(gv, wv, rtol=rtol, atol=atol):
        return False
    start = 0
    while start < len(wv):
        end = start + 1
        while end < len(wv) and np.isclose(wv[end], wv[start], rtol=rtol, atol=atol):
            end += 1
        g, w = gc[start:end], wc[start:end]
        if not np.allclose(g.T @ g, w.T @ w, rtol=rtol, atol=atol):
            return False
        start = end
    return True


def _same(got, want, rtol, atol, compare="default"):
    if compare == "rows_up_to_sign":
        return _rows_up_to_sign(got, want, rtol, atol)
    if compare == "pca_subspaces":
        return _pca_subspaces(got, want, rtol, atol)
    if isinstance(want, (tuple, list)):
        return (isinstance(got, (tuple, list)) and len(got) == len(want)
                and all(_same(g, w, rtol, atol) for g, w in zip(got, want)))
    if isinstance(want, dict):
        return isinstance(got, dict) and set(got) == set(want) and all(_same(got[k], want[k], rtol, atol) for k in want)
    if want is None:
        return got is None
    try:
        g, w = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    except (TypeError, ValueError):
        return got == want
    return g.shape == w.shape and bool(np.allclose(g, w, rtol=rtol, atol=atol, equal_nan=True))


def test_golden_files_exist_for_every_generator():
    generators = {p.stem[len("gen_"):] for p in (Path(__file__).parent / "goldens").glob("gen_*.py")}
    assert generators == {p.stem for p in FILES}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_reference_matches_the_library(path):
    spec = spec_mod.find(path.stem)
    reference = spec.module("reference")
    cases = golden_format.load(path)
    assert cases, path
    for i, case in enumerate(cases):
        fn = getattr(reference, case["function"])
        got = fn(*case["args"], **case["kwargs"])
        compare = case.get("compare", "default")
        if compare in ("default", "rows_up_to_sign", "pca_subspaces"):
            ok = _same(got, case["expected"], case["rtol"], case["atol"], compare)
        elif compare == "forward_backward":
            ok = _forward_backward(reference, case["function"], got, case["expected"], case["rtol"], case["atol"])
        else:
            raise AssertionError(f"unknown comparison {compare!r}")
        assert ok, f"case {i} ({case['note']}): got {got!r}, expected {case['expected']!r}"
