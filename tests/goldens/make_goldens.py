"""Regenerate tests/fixtures/goldens/<kata>.npz from the libraries each kata names as its truth.

Run it in a scratch environment that has torch, torchvision and scikit-learn (never dlprep
dependencies), from the repository root:

    /path/to/scratch/venv/bin/python tests/goldens/make_goldens.py            # every kata
    /path/to/scratch/venv/bin/python tests/goldens/make_goldens.py iou pca    # some

Each kata has a module tests/goldens/gen_<kata>.py with `generate(rng) -> list[case]` (see
golden_format.py for a case); the seed is fixed, so regenerating gives the same inputs.
`tests/test_goldens.py` then checks every kata's reference against the stored outputs without
importing any of those libraries.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import golden_format  # noqa: E402

SEED = 20261205


def katas() -> list[str]:
    return sorted(p.stem[len("gen_"):] for p in HERE.glob("gen_*.py"))


def main(argv: list[str]) -> int:
    wanted = argv or katas()
    for kata in wanted:
        module = importlib.import_module(f"gen_{kata}")
        cases = module.generate(np.random.default_rng(SEED))
        path = golden_format.save(kata, cases)
        print(f"{kata}: {len(cases)} cases -> {path.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
