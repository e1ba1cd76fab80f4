"""Generated numeric question families: new numbers every time, with a worked solution.

Each family is one module with `generate(rng) -> Generated`. A deck question opts in with
`type: numeric` and `family: <name>`; the question keeps its stable id, tags and schedule.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from typing import Any

FAMILIES = (
    "conv_output", "transposed_conv_output", "receptive_field", "conv_cost", "depthwise_separable", "iou",
    "precision_recall_f1", "information", "softmax", "sigmoid_derivative", "adam_first_step", "bn_params",
    "average_precision", "roc_auc", "cross_entropy", "focal_loss", "smooth_l1", "transformer_params",
    "transformer_flops", "lstm_params", "group_conv_params", "pool_output_ceil", "giou", "model_size_mb", "bn_forward",
    "warmup_cosine_lr", "weight_decay_step", "attention_softmax_weight", "nms_kept",
)


@dataclass
class Generated:
    """One generated problem: prompt, exact value, accepted absolute tolerance, worked solution."""

    prompt: dict[str, str]
    value: float
    tolerance: float
    solution: dict[str, str]
    params: dict[str, Any] = field(default_factory=dict)


def generate(name: str, rng: random.Random) -> Generated:
    """A fresh problem from family `name` (KeyError when unknown)."""
    if name not in FAMILIES:
        raise KeyError(name)
    return importlib.import_module(f"dlprep.deck.families.{name}").generate(rng)


def fmt(x: float, places: int = 4) -> str:
    """A number as shown in prompts and solutions: integers plainly, others rounded."""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.{places}f}".rstrip("0").rstrip(".")


def term(x: float, places: int = 4) -> str:
    """A number inside a formula: negatives in parentheses, so "2 − (-0.5)" and "(-0.2)²" read right."""
    text = fmt(x, places)
    return f"({text})" if text.startswith("-") else text
