"""Reading one YAML file (a deck or a kata.yaml) safely, with PyYAML, and saying where it went wrong.

PyYAML's C loader (`CSafeLoader`) does the parsing. Around it: the file must be a regular file of at
most MAX_BYTES (a device or a FIFO is refused before any read, and no more than the limit is ever
read), valid UTF-8, with at most MAX_NODES values and nesting at most MAX_DEPTH, both bounded from the
text before the parser runs (the C composer builds every node first, ~700 bytes each, and recurses:
two million list items took 1.4 GB, 30,000 nested brackets overflow its stack). While the document
is built, aliases are refused (a "billion laughs" file cannot expand) and so is any list or mapping
of more than MAX_ITEMS entries. Every mapping gets a `__line__` key (1-based) so validators
can say `file:line`. The collector is paused while the document is built: it holds hundreds of
thousands of containers that all stay alive, and collections during the build only walk them again.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_ITEMS = 20_000  # entries of one list, or keys of one mapping
MAX_NODES = 300_000  # values in one file (bounded from its lines, commas and brackets)
LINE = "__line__"


class YamlProblem(Exception):
    """Raised when a file cannot be loaded: `key` names the problem (a catalog key under "yaml."),
    `line` and `column` are 1-based when known, `params` fill the message."""

    def __init__(self, key: str, line: int | None = None, column: int | None = None, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.line = line
        self.column = column
        self.params = params


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of `path`, refusing anything but a regular file and anything over `limit` bytes.

    See dlprep.files.read_regular (a FIFO does not hang, /dev/zero is refused before any read).
    Raises YamlProblem("unreadable" | "not_regular" | "too_large").
    """
    from dlprep import files

    try:
        return files.read_regular(path, limit)
    except files.FileProblem as exc:
        if exc.key == "missing":
            raise YamlProblem("unreadable", **exc.params) from None
        raise YamlProblem("not_regular" if exc.key == "directory" else exc.key, **exc.params) from None


def load(path: Path) -> Any:
    """The parsed document of `path` (mappings carry `__line__`); raise YamlProblem."""
    return parse(read_regular(path, MAX_BYTES))


def parse(raw: bytes) -> Any:
    """Guard, then parse one YAML document with PyYAML's safe loader; raise YamlProblem."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem("too_large", size=len(raw), limit=MAX_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem("not_utf8", line=line, column=exc.start - raw.rfind(b"\n", 0, exc.start)) from None
    import yaml

    try:
        _check_text(text)
        with gc_paused():
            return yaml.load(text, Loader=_loader(yaml))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = str(exc.problem or "")
        if exc.context and exc.context_mark:
            problem = f"{exc.context} (line {exc.context_mark.line + 1}): {problem}"
        raise YamlProblem("syntax", line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
                          problem=problem) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("syntax", problem=str(exc)) from None


def _check_text(text: str) -> None:
    """Cheap scans of the text that bound what building it may cost, before the parser runs.

    The C composer builds every node before our code sees one (about 700 bytes each), so the number
    of values is bounded from the text: every value needs a line, a comma or a bracket of its own.
    Nesting is bounded the same way (see nesting_depth). Both are upper bounds, exact enough for
    decks, which hold a few thousand values and nest a handful of levels.
    """
    values = text.count("\n") + text.count(",") + text.count("[") + text.count("{")
    if values > MAX_NODES:
        raise YamlProblem("too_many_nodes", limit=MAX_NODES)
    depth, line = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise YamlProblem("too_deep", line=line, limit=MAX_DEPTH)


_FLOW = re.compile(r"[\[\]{}]")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_BLOCK = re.compile(r"^ *(?:[-?] +)*", re.M)


def nesting_depth(text: str) -> tuple[int, int]:
    """Upper bound on nesting (deepest flow brackets + deepest block indentation) and a line reaching it.

    Brackets inside quoted strings are counted too, which only overestimates slightly.
    """
    levels = list(itertools.accumulate(map(_BRACKET_STEP.__getitem__, _FLOW.findall(text))))
    if levels and min(levels) < 0:  # a stray closer: count again, never going below zero
        flow, levels = 0, []
        for step in map(_BRACKET_STEP.__getitem__, _FLOW.findall(text)):
            flow = max(0, flow + step)
            levels.append(flow)
    deepest_flow = max(levels, default=0)
    deepest_block = max(map(_block_depth, set(_BLOCK.findall(text))), default=0)
    if deepest_flow >= deepest_block:
        pos = 0
        if deepest_flow:
            pos = next(itertools.islice(_FLOW.finditer(text), levels.index(deepest_flow), None)).start()
    else:
        pos = next(m.start() for m in _BLOCK.finditer(text) if _block_depth(m.group()) == deepest_block)
    return deepest_flow + deepest_block, text.count("\n", 0, pos) + 1


def _block_depth(prefix: str) -> int:
    """Levels opened by a line's leading spaces (two per level) and its `- ` / `? ` markers."""
    return (len(prefix) - len(prefix.lstrip(" "))) // 2 + prefix.count("-") + prefix.count("?")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector while a large, long-lived structure is built (resumed afterwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_LOADERS: dict[str, type] = {}


def _loader(yaml: Any) -> type:
    """CSafeLoader (SafeLoader without libyaml) that records each mapping's line under `__line__`."""
    if "loader" not in _LOADERS:
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class LineLoader(base):  # type: ignore[misc, valid-type]
            def construct_object(self, node, deep=False):  # noqa: ANN001, ANN202
                # An alias hands us a node a second time: refuse it before anything walks the
                # (possibly exponentially shared) structure. An anchor alone is harmless.
                if node in self.constructed_objects or node in self.recursive_objects:
                    raise YamlProblem("alias", line=node.start_mark.line + 1, column=node.start_mark.column + 1)
                if isinstance(node.value, list) and len(node.value) > MAX_ITEMS:
                    raise YamlProblem("too_many_items", line=node.start_mark.line + 1, limit=MAX_ITEMS)
                return super().construct_object(node, deep=deep)

            def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN202
                mapping = super().construct_mapping(node, deep=deep)
                mapping[LINE] = node.start_mark.line + 1
                return mapping

        LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, LineLoader.construct_mapping)
        _LOADERS["loader"] = LineLoader
    return _LOADERS["loader"]


def line_of(node: Any, default: int = 1) -> int:
    """The 1-based line of a parsed mapping, or `default`."""
    if isinstance(node, dict):
        value = node.get(LINE)
        if isinstance(value, int):
            return value
    return default


def write_atomic(target: Path, blob: bytes) -> None:
    """Write a cache file whole or not at all (a concurrent reader never sees half of one).

    The cache is an optimisation: a read-only home or a full disk must not stop a command, and no
    temporary file is left behind when the write fails.
    """
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(blob)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
