"""Guarded, cached, safe YAML loading for decks and kata metadata.

Guards run before the parser sees the text: a size limit, valid UTF-8, a nesting-depth limit
(the C loader overflows its stack on ~30,000 nested `[`), and no anchors or aliases (so a
"billion laughs" file cannot expand). Every mapping gets a `__line__` key (1-based) so
validators can point at `file:line`. Parsed files are cached with marshal, keyed by path, size
and mtime, so a second start does not parse YAML at all.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
from pathlib import Path
from typing import Any

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
LINE = "__line__"
_CACHE_VERSION = 1


class YamlProblem(Exception):
    """Raised when a file cannot be loaded; `line` and `column` are 1-based when known."""

    def __init__(self, key: str, line: int | None = None, column: int | None = None, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.line = line
        self.column = column
        self.params = params


def load(path: Path, cache_dir: Path | None = None) -> Any:
    """Return the parsed document of `path`, from the cache when the file is unchanged."""
    try:
        st = path.stat()
    except OSError as exc:
        raise YamlProblem("unreadable", reason=exc.strerror or str(exc)) from None
    if st.st_size > MAX_BYTES:
        raise YamlProblem("too_large", size=st.st_size, limit=MAX_BYTES)
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, _CACHE_VERSION)
    cache_file = None
    if cache_dir is not None:
        cache_file = cache_dir / (hashlib.sha1(key[0].encode()).hexdigest() + ".marshal")
        try:
            cached_key, data = marshal.loads(cache_file.read_bytes())
            if tuple(cached_key) == key:
                return data
        except (OSError, ValueError, EOFError, TypeError):
            pass
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlProblem("unreadable", reason=exc.strerror or str(exc)) from None
    data = parse(raw)
    if cache_file is not None:
        _store(cache_file, key, data)
    return data


def _store(cache_file: Path, key: tuple, data: Any) -> None:
    try:
        blob = marshal.dumps((key, data))
    except ValueError:  # e.g. a YAML date: not worth caching
        return
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, cache_file)
    except OSError:
        pass  # the cache is an optimisation; a read-only home must not stop a quiz


def parse(raw: bytes) -> Any:
    """Guard, then parse one YAML document with the safe loader; raise YamlProblem."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem("too_large", size=len(raw), limit=MAX_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem("not_utf8", line=line, column=exc.start - raw.rfind(b"\n", 0, exc.start)) from None
    depth, line = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise YamlProblem("too_deep", line=line, limit=MAX_DEPTH)

    import yaml

    loader_base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=_line_loader(yaml, loader_base))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = str(exc.problem or "")
        if exc.context and exc.context_mark:
            problem = f"{exc.context} (line {exc.context_mark.line + 1}): {problem}"
        raise YamlProblem("syntax", line=line, column=column, problem=problem) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("syntax", problem=str(exc)) from None
    except RecursionError:
        raise YamlProblem("too_deep", limit=MAX_DEPTH) from None


_LOADERS: dict[type, type] = {}


def _line_loader(yaml: Any, base: type) -> type:
    if base not in _LOADERS:

        class LineLoader(base):  # type: ignore[misc, valid-type]
            def construct_object(self, node, deep=False):  # noqa: ANN001
                # An alias makes the composer hand us a node a second time: refuse it before
                # anything walks the (possibly exponentially shared) structure.
                if node in self.constructed_objects:
                    raise YamlProblem("alias", line=node.start_mark.line + 1, column=node.start_mark.column + 1)
                return super().construct_object(node, deep=deep)

            def construct_mapping(self, node, deep=False):  # noqa: ANN001
                mapping = super().construct_mapping(node, deep=deep)
                mapping[LINE] = node.start_mark.line + 1
                return mapping

        LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, LineLoader.construct_mapping)
        _LOADERS[base] = LineLoader
    return _LOADERS[base]


_FLOW = re.compile(r"[\[\]{}]")
_BLOCK = re.compile(r"^( *)((?:[-?] +)*)", re.M)


def nesting_depth(text: str) -> tuple[int, int]:
    """Upper bound on nesting (deepest flow brackets + deepest block indentation) and a line reaching it.

    Regex scans keep this cheap on multi-megabyte files; brackets inside quoted strings are
    counted too, which only overestimates slightly (real decks nest a handful of levels).
    """
    flow = deepest_flow = flow_pos = 0
    for match in _FLOW.finditer(text):
        if match.group() in "[{":
            flow += 1
            if flow > deepest_flow:
                deepest_flow, flow_pos = flow, match.start()
        else:
            flow = max(0, flow - 1)
    deepest_block = block_pos = 0
    for match in _BLOCK.finditer(text):
        depth = len(match.group(1)) // 2 + match.group(2).count("-") + match.group(2).count("?")
        if depth > deepest_block:
            deepest_block, block_pos = depth, match.start()
    pos = flow_pos if deepest_flow >= deepest_block else block_pos
    return deepest_flow + deepest_block, text.count("\n", 0, pos) + 1


def line_of(node: Any, default: int = 1) -> int:
    """The 1-based line of a parsed mapping, or `default`."""
    if isinstance(node, dict):
        value = node.get(LINE)
        if isinstance(value, int):
            return value
    return default
