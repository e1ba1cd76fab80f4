"""Guarded, cached, safe YAML loading for decks and kata metadata.

Guards run before the parser sees the text: a size limit, valid UTF-8, a nesting-depth limit
(the C loader overflows its stack on ~30,000 nested `[`), and no anchors or aliases (so a
"billion laughs" file cannot expand). Every mapping gets a `__line__` key (1-based) so
validators can point at `file:line`. Parsed files are cached with marshal, keyed by path, size
and mtime, so a second start does not parse YAML at all.

Three readers, fastest first, all giving exactly what PyYAML's safe loader gives:
`yamlblock` reads the block style decks are written in a line at a time (about twice as fast as
the event loop on a 10,000-question deck); a loop over libyaml's events covers the rest of
plain YAML; PyYAML's own safe loader takes anything unusual and words every error.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import marshal
import os
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
LINE = "__line__"
_CACHE_VERSION = 1


class Unhandled(Exception):
    """A fast reader met YAML it does not cover: the next reader takes the document."""


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
        # the file name only spreads entries; the key inside decides, so a crc32 clash is just a miss
        cache_file = cache_dir / f"{zlib.crc32(key[0].encode()):08x}.marshal"
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
    write_atomic(cache_file, blob)


def write_atomic(cache_file: Path, blob: bytes) -> None:
    """Write a cache file whole or not at all (a concurrent reader never sees half of one)."""
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

    import yaml

    from dlprep import yamlblock  # its patterns take ~15 ms to compile: only when a file is parsed

    with gc_paused():
        resolve = _plain_resolver(yaml)
        try:
            return yamlblock.load(text, resolve)  # counts its own nesting
        except Unhandled:
            pass
        depth, line = nesting_depth(text)
        if depth > MAX_DEPTH:
            raise YamlProblem("too_deep", line=line, limit=MAX_DEPTH)
        try:
            return _event_load(yaml, text, resolve)
        except Unhandled:
            pass
        except yaml.YAMLError:
            pass  # the reference loader below raises the same error, with its usual message
        return _reference_load(yaml, text)


def _reference_load(yaml: Any, text: str) -> Any:
    """PyYAML's own safe loader plus line numbers: the behaviour the fast readers must match exactly."""
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


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off the objects a document is built from.

    Parsing allocates hundreds of thousands of containers that all stay alive, so every
    collection walks them again for nothing: on a 10,000-question deck the collector took three
    quarters of the parse time. The collector is paused while they are built, and at the end
    they are frozen (moved out of the collected generations): otherwise the first collection
    after the pause walks all of them at once, and later ones again, while a deck lives as long
    as the process does. Frozen objects are still freed as soon as nothing refers to them; decks
    have no reference cycles. Memory is bounded by the size limit and the alias refusal.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _plain_resolver(yaml: Any) -> Callable[[str], Any]:
    """What PyYAML's safe loader makes of a plain (unquoted) scalar, memoised per text.

    Decks repeat keys and values, so each distinct text is resolved once. Raises Unhandled for
    the two implicit tags the safe loader treats specially (`<<` merge keys and `=` value keys).
    """
    implicit = yaml.resolver.Resolver.yaml_implicit_resolvers
    resolver = yaml.resolver.Resolver()
    constructor = yaml.constructor.SafeConstructor()
    plain_types = {tag: constructor.yaml_constructors[tag] for tag in (
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")}
    memo: dict[str, Any] = {}  # all values are immutable: str, int, float, bool, None, date

    def resolve(value: str) -> Any:
        if value[:1] not in implicit:  # cannot be a number, bool, null...
            return value
        resolved = memo.get(value, memo)
        if resolved is memo:
            tag = resolver.resolve(yaml.ScalarNode, value, (True, False))
            if tag == "tag:yaml.org,2002:str":
                resolved = value
            elif tag in plain_types:
                resolved = plain_types[tag](constructor, yaml.ScalarNode(tag, value))
            else:
                raise Unhandled
            memo[value] = resolved
        return resolved

    return resolve


_NO_KEY = object()


def _event_load(yaml: Any, text: str, resolve: Callable[[str], Any]) -> Any:
    """Build the document straight from libyaml's events; raise Unhandled for anything unusual.

    Same result as `_reference_load` (mappings get `__line__`), without its per-node Python
    overhead: PyYAML's composer calls three resolver methods per node and its constructor walks
    the node tree again. Anything this loop does not reproduce exactly (anchors, aliases,
    explicit tags, merge keys, unhashable keys, several documents, no libyaml) is handed back to
    the reference loader, which also produces every error message.
    """
    parser_class = getattr(yaml, "CBaseLoader", None)
    if parser_class is None:
        raise Unhandled
    from yaml import events

    scalar, alias = events.ScalarEvent, events.AliasEvent
    mapping_start, mapping_end = events.MappingStartEvent, events.MappingEndEvent
    sequence_start, sequence_end = events.SequenceStartEvent, events.SequenceEndEvent
    document_start, document_end = events.DocumentStartEvent, events.DocumentEndEvent

    parser = parser_class(text)
    try:
        next_event = parser.get_event
        stack: list[tuple[Any, Any, int]] = []  # (container, pending key or _NO_KEY, line) of each open parent
        current: Any = None  # the open container: a dict or a list
        key: Any = _NO_KEY  # inside a mapping: the key waiting for its value
        documents = 0
        root = None
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar:
                if event.anchor is not None or event.tag is not None:
                    raise Unhandled
                value = event.value
                if event.implicit[0]:
                    value = resolve(value)
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    raise Unhandled
                stack.append((current, key, event.start_mark.line + 1))
                current, key = ({} if kind is mapping_start else []), _NO_KEY
                continue
            elif kind is mapping_end or kind is sequence_end:
                value = current
                current, key, line = stack.pop()
                if kind is mapping_end:
                    value[LINE] = line
            elif kind is alias:
                raise Unhandled
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    raise Unhandled
                continue
            elif kind is document_end:
                continue
            else:  # stream start and end
                if kind is events.StreamEndEvent:
                    return root
                continue
            if current is None:
                root = value
            elif type(current) is list:
                current.append(value)
            elif key is _NO_KEY:
                if isinstance(value, (dict, list)):
                    raise Unhandled  # unhashable key
                key = value
            else:
                current[key] = value
                key = _NO_KEY
    finally:
        parser.dispose()


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
BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}  # how each flow bracket moves the nesting depth
_BLOCK = re.compile(r"^ *(?:[-?] +)*", re.M)


def nesting_depth(text: str) -> tuple[int, int]:
    """Upper bound on nesting (deepest flow brackets + deepest block indentation) and a line reaching it.

    Regex scans and C-level running sums keep this cheap on multi-megabyte files (the block
    prefixes of all lines take a handful of distinct values). Brackets inside quoted strings are
    counted too, which only overestimates slightly (real decks nest a handful of levels).
    """
    levels = list(itertools.accumulate(map(BRACKET_STEP.__getitem__, _FLOW.findall(text))))
    if levels and min(levels) < 0:  # a stray closer: count again, never going below zero
        flow, levels = 0, []
        for step in map(BRACKET_STEP.__getitem__, _FLOW.findall(text)):
            flow = max(0, flow + step)
            levels.append(flow)
    deepest_flow = max(levels, default=0)
    deepest_block = max(map(_block_depth, set(_BLOCK.findall(text))), default=0)
    if deepest_flow >= deepest_block:
        pos = 0
        if deepest_flow:  # where the deepest bracket is: the n-th bracket of the text
            pos = next(itertools.islice(_FLOW.finditer(text), levels.index(deepest_flow), None)).start()
    else:
        pos = next(m.start() for m in _BLOCK.finditer(text) if _block_depth(m.group()) == deepest_block)
    return deepest_flow + deepest_block, text.count("\n", 0, pos) + 1


def _block_depth(prefix: str) -> int:
    """Levels opened by a line's leading spaces (two per level) and its `- ` / `? ` markers."""
    return (len(prefix) - len(prefix.lstrip(" "))) // 2 + prefix.count("-") + prefix.count("?")


def line_of(node: Any, default: int = 1) -> int:
    """The 1-based line of a parsed mapping, or `default`."""
    if isinstance(node, dict):
        value = node.get(LINE)
        if isinstance(value, int):
            return value
    return default
