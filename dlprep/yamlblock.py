"""A line-by-line reader for the plain block-style YAML that decks are written in.

libyaml parses a 10,000-question deck in a tenth of a second, but PyYAML then turns its
450,000 events into Python objects one at a time, which costs most of a second. Decks use a
small, regular part of YAML: block mappings and sequences, one-line plain and quoted scalars,
flow collections and `|` / `>` block scalars. This module reads exactly that part, a line at a
time, with regular expressions doing the character work in C.

It never guesses. Anything outside that part (anchors, tags, multi-line plain or quoted
scalars, keep chomping, tabs, unusual indentation, document markers, deep nesting...) raises
`Unhandled`, and the caller falls back to the libyaml path, so the result is always the one
PyYAML gives. Plain scalars are resolved by the caller's `resolve` (PyYAML's own resolver,
memoised), so `yes`, `1e3` and `~` mean here what they mean there.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import Any

from dlprep.yamlsafe import BRACKET_STEP, LINE, MAX_DEPTH, Unhandled

# Characters PyYAML refuses, line breaks other than \n (YAML 1.1 also breaks lines at \r, \x85,
# \u2028 and \u2029), tabs and a byte-order mark: any of them sends the file the general way.
_OUTSIDE = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# Every line, split into its indentation, a `- ` marker, a simple key followed by `:` (no quotes,
# spaces or indicators), and the rest; each line matches exactly once. The two flow values decks
# use most are taken apart here too, so they cost no Python work of their own: a bilingual text
# `{en: "...", zh: "..."}` (two simple keys, two double-quoted texts without escapes) and a list
# of words such as `[iou, detection-basics]`.
_KEY_TEXT = r'([A-Za-z_][A-Za-z0-9_]*): +"([^"\\\n]*)"'
_WORD = r"\w[\w.\-]*"
_ROW = re.compile(
    r"^( *)(-(?: +|$))?(?:([A-Za-z0-9_][A-Za-z0-9_.\-/]*):(?: +|$))?"
    rf"(?:(?:\{{ *{_KEY_TEXT} *, *{_KEY_TEXT} *\}}|\[ *({_WORD}(?: *, *{_WORD})*) *\])(?: +#.*| *)$|(.*)$)",
    re.M,
)
_BLOCK_HEADER = re.compile(r"([|>])(-?)(?: +#.*| *)$")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"(?: +#.*| *)$')
# The escapes of double-quoted scalars, as PyYAML reads them; any other backslash is not handled.
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.)|$)")
_ESCAPES = {"0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)$")
_NOT_PLAIN_START = frozenset("?:,[]{}#&*!|>'\"%@` ")
# Other flow collections are split into tokens: a bracket or comma, `: `, a quoted scalar, a
# plain scalar without `:`, `#` or `?`, a comment, or any other character, which means the text
# is not handled. Each token is decided by its next character, so a long line never backtracks.
_FLOW_TOKENS = re.compile(
    r" *(?:([\[\]{},])|(:)(?= )|(\"(?:[^\"\\]|\\.)*\")|('(?:[^']|'')*')"
    r"|((?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|-(?=[^\s,\[\]{}]))(?:[^\s,\[\]{}:#?]| +(?=[^\s,\[\]{}:#?]))*)"
    r"|(?<= )(#.*)|(.))"
)


def load(text: str, resolve: Callable[[str], Any]) -> Any:
    """The document in `text`, every mapping with its 1-based line under `__line__`; raises Unhandled."""
    if _OUTSIDE.search(text):
        raise Unhandled
    reader = _Reader(text, resolve)
    if not reader.rows:
        raise Unhandled  # an empty document: PyYAML makes it None
    root, k = reader.node(0, -1, 0)
    if k != len(reader.rows):
        raise Unhandled  # something left over at a lower indentation, or a second document
    return root


_MISSING = object()


class _Reader:
    """Walks the content lines (not blank, not comments) with an index `k` into `rows`."""

    def __init__(self, text: str, resolve: Callable[[str], Any]) -> None:
        self.text = text
        # (line index, indentation, `- `, key, key1, text1, key2, text2, words, rest) of each content line
        self.rows = [
            (i, len(spaces), dash, key, key1, text1, key2, text2, words, rest)
            for i, (spaces, dash, key, key1, text1, key2, text2, words, rest) in enumerate(_ROW.findall(text))
            if dash or key or key1 or words or rest and rest[0] != "#"
        ]
        self._lines: list[str] | None = None
        self.resolve = resolve
        self.plain: dict[str, Any] = {}  # the raw text of a plain scalar or key -> its value
        self.flows: dict[str, Any] = {}  # the text of any other flow collection -> its value

    def lines(self) -> list[str]:
        """The raw lines, split only when a block scalar or a multi-line flow collection needs them."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    def node(self, k: int, parent: int, depth: int) -> tuple[Any, int]:
        """The block mapping or sequence starting at row `k`, more indented than `parent`."""
        if depth > MAX_DEPTH:
            raise Unhandled
        row = self.rows[k]
        indent = row[1]
        if indent <= parent:
            raise Unhandled
        if row[2]:
            return self.sequence(k, indent, depth)
        if row[3]:
            return self.mapping(k, indent, depth)
        raise Unhandled  # a scalar on its own line: a multi-line plain scalar

    def mapping(self, k: int, column: int, depth: int) -> tuple[dict, int]:
        """The block mapping whose first key is on row `k` (possibly after a `- `) at `column`."""
        rows, n, plain, value_at = self.rows, len(self.rows), self.plain, self.value
        first, key = rows[k][0] + 1, rows[k][3]
        result: dict = {}
        while True:
            name = plain.get(key, _MISSING)
            if name is _MISSING:
                name = self.scalar(key)
            result[name], k = value_at(k, column, depth, True)
            if k == n:
                break
            _, indent, dash, key = rows[k][:4]
            if indent != column or dash or not key:
                if indent < column:
                    break
                raise Unhandled
        result[LINE] = first
        return result, k

    def sequence(self, k: int, column: int, depth: int) -> tuple[list, int]:
        rows, n, value_at = self.rows, len(self.rows), self.value
        result: list = []
        while k < n:
            row = rows[k]
            indent, dash = row[1], row[2]
            if indent != column or not dash:
                if indent < column or not dash and indent == column:
                    break  # the end of the sequence, or the next key of the mapping it is the value of
                raise Unhandled
            if row[3]:  # `- key: value`: a mapping indented to the column of its first key
                value, k = self.mapping(k, column + len(dash), depth + 1)
            else:
                value, k = value_at(k, column, depth, False)
            result.append(value)
        return result, k

    def value(self, k: int, indent: int, depth: int, in_mapping: bool) -> tuple[Any, int]:
        """The value after the key or `- ` on row `k` (at `indent`), and the row after it."""
        i, _, _, _, key1, text1, key2, text2, words, rest = self.rows[k]
        k += 1
        if key1:
            resolve = self.resolve
            value: Any = {resolve(key1): text1}
            value[resolve(key2)] = text2
            value[LINE] = i + 1
        elif words:
            resolve = self.resolve
            value = [resolve(word.strip(" ")) for word in words.split(",")]
        elif not rest or rest[0] == "#":
            return self.nested(k, indent, depth, in_mapping)
        else:
            first = rest[0]
            if first == "|" or first == ">":
                return self.block_scalar(rest, i, indent)
            if first == "[" or first == "{":
                value, k = self.flow(rest, i, k, indent)
            elif first == '"':
                m = _DOUBLE.match(rest)
                if m is None:
                    raise Unhandled
                value = _unescape(m.group(1))
            elif first == "'":
                m = _SINGLE.match(rest)
                if m is None:
                    raise Unhandled
                value = m.group(1).replace("''", "'")
            else:
                value = self.plain.get(rest, _MISSING)
                if value is _MISSING:
                    value = self.scalar(rest)
        if k < len(self.rows) and self.rows[k][1] > indent:
            raise Unhandled  # the scalar goes on over several lines
        return value, k

    def nested(self, k: int, indent: int, depth: int, in_mapping: bool) -> tuple[Any, int]:
        """The value of a `key:` or `- ` with nothing after it: the block node below, or None."""
        if k == len(self.rows):
            return None, k
        _, here, dash = self.rows[k][:3]
        if here > indent:
            return self.node(k, indent, depth + 1)
        if in_mapping and here == indent and dash:
            return self.sequence(k, indent, depth + 1)  # `key:` then `- item` lines at its own indentation
        return None, k

    def scalar(self, raw: str) -> Any:
        """A plain key or one-line plain value: PyYAML's meaning, memoised per text."""
        text = raw
        first = text[0]
        if first in _NOT_PLAIN_START or first == "-" and (len(text) == 1 or text[1] in " ,[]{}"):
            raise Unhandled  # an indicator: a tag, an anchor, a nested sequence...
        cut = text.find(" #")
        if cut >= 0:
            text = text[:cut]
        text = text.rstrip(" ")
        if ": " in text or text[-1] == ":":
            raise Unhandled  # a mapping inside a plain scalar: an error PyYAML should report
        value = self.plain[raw] = self.resolve(text)
        return value

    def block_scalar(self, header: str, i: int, indent: int) -> tuple[str, int]:
        """A `|` or `>` scalar whose header is on line `i`; only clip and strip (`-`) chomping."""
        m = _BLOCK_HEADER.match(header)
        if m is None:
            raise Unhandled  # an indentation indicator or keep chomping (`+`)
        lines = self.lines()
        start = i + 1
        if start >= len(lines) or not lines[start].strip(" "):
            raise Unhandled  # leading blank lines take part in finding the indentation
        content_indent = len(lines[start]) - len(lines[start].lstrip(" "))
        if content_indent <= indent:
            raise Unhandled  # an empty scalar
        body: list[str] = []
        last = 0  # how many entries of `body` end with a content line
        end = len(lines)
        for j in range(start, len(lines)):
            line = lines[j]
            content = line.lstrip(" ")
            if not content:  # blank, or only spaces
                if len(line) > content_indent:
                    raise Unhandled  # spaces beyond the indentation are content
                body.append("")
                continue
            if len(line) - len(content) < content_indent:
                end = j
                break
            body.append(line[content_indent:])
            last = len(body)
        del body[last:]
        text = "\n".join(body) if m.group(1) == "|" else _fold(body)
        if m.group(2) != "-":
            text += "\n"
        return text, bisect.bisect_left(self.rows, (end,))

    def flow(self, rest: str, i: int, k: int, indent: int) -> tuple[Any, int]:
        """Any other flow collection starting on line `i`, and the row after it.

        One-line collections are parsed once per text. A collection may go on over more lines,
        each indented past `indent`; a quoted or plain scalar may not.
        """
        template = self.flows.get(rest, _MISSING)
        if template is not _MISSING:
            return _fresh(template, i + 1), k
        tokens = _flow_tokens(rest)
        depth = _depth(tokens)
        end = i
        while depth > 0:  # still open: the collection goes on on the next line
            lines = self.lines()
            end += 1
            if end == len(lines):
                raise Unhandled
            line = lines[end]
            content = line.lstrip(" ")
            if content and content[0] != "#":
                if len(line) - len(content) <= indent:
                    raise Unhandled
                more = _flow_tokens(content)
                tokens += more
                depth += _depth(more)
        try:
            template, used = _flow_node(tokens, 0, self.resolve, 0)
        except IndexError:  # more closers than openers somewhere
            raise Unhandled from None
        if used != len(tokens):
            raise Unhandled
        if end == i:
            self.flows[rest] = template
            return _fresh(template, i + 1), k
        return _fresh(template, i + 1), bisect.bisect_left(self.rows, (end + 1,))


def _flow_tokens(text: str) -> list[tuple[str, ...]]:
    """The tokens of one line of a flow collection, without a trailing comment."""
    tokens = _FLOW_TOKENS.findall(text)
    if tokens and tokens[-1][5]:
        tokens.pop()
    return tokens


def _depth(tokens: list[tuple[str, ...]]) -> int:
    """Brackets opened minus brackets closed."""
    return sum(BRACKET_STEP.get(token[0], 0) for token in tokens)


def _fresh(template: Any, line_no: int) -> Any:
    """A new copy of a parsed flow collection, its mappings marked with line `line_no`."""
    if type(template) is list:
        return [_fresh(item, line_no) if type(item) in _COLLECTIONS else item for item in template]
    mapping = {key: _fresh(value, line_no) if type(value) in _COLLECTIONS else value for key, value in template.items()}
    mapping[LINE] = line_no
    return mapping


_COLLECTIONS = (list, dict)


def _unescape(text: str) -> str:
    """Replace the backslash escapes of a double-quoted scalar."""
    if "\\" not in text:
        return text

    def one(m: re.Match) -> str:
        hex_code = m.group(1) or m.group(2) or m.group(3)
        if hex_code:
            code = int(hex_code, 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise Unhandled
            return chr(code)
        char = m.group(4)
        if char is None or char not in _ESCAPES:
            raise Unhandled  # an unknown escape: PyYAML reports it
        return _ESCAPES[char]

    return _ESCAPE.sub(one, text)


def _fold(body: list[str]) -> str:
    """Join the lines of a `>` scalar: a single line break becomes a space, blank lines stay."""
    parts: list[str] = []
    blank = 0
    for line in body:
        if not line:
            blank += 1
            continue
        if line[0] == " ":
            raise Unhandled  # more-indented lines keep their breaks: rare, left to PyYAML
        if parts:
            parts.append("\n" * blank if blank else " ")
        parts.append(line)
        blank = 0
    return "".join(parts)


def _flow_node(tokens: list[tuple[str, ...]], i: int, resolve: Callable[[str], Any], line_no: int,
               depth: int = 0) -> tuple[Any, int]:
    """Parse the flow node starting at token `i`; return it and the index after it."""
    if depth > MAX_DEPTH:
        raise Unhandled
    punct, colon, double, single, plain, comment, other = tokens[i]
    if plain:
        return resolve(plain), i + 1
    if double:
        return _unescape(double[1:-1]), i + 1
    if single:
        return single[1:-1].replace("''", "'"), i + 1
    if punct == "[":
        items: list = []
        i += 1
        if tokens[i][0] == "]":
            return items, i + 1
        while True:
            item, i = _flow_node(tokens, i, resolve, line_no, depth + 1)
            items.append(item)
            closer = tokens[i][0]
            if closer == "]":
                return items, i + 1
            if closer != "," or tokens[i + 1][0] == "]":
                raise Unhandled  # `[a: b]`, a trailing comma
            i += 1
    if punct == "{":
        mapping: dict = {}
        i += 1
        if tokens[i][0] == "}":
            mapping[LINE] = line_no
            return mapping, i + 1
        while True:
            if tokens[i][0]:
                raise Unhandled  # a collection as a key
            key, i = _flow_node(tokens, i, resolve, line_no, depth + 1)
            if tokens[i][1] != ":":
                raise Unhandled  # a key without a value
            value, i = _flow_node(tokens, i + 1, resolve, line_no, depth + 1)
            mapping[key] = value
            closer = tokens[i][0]
            if closer == "}":
                mapping[LINE] = line_no
                return mapping, i + 1
            if closer != "," or tokens[i + 1][0] == "}":
                raise Unhandled
            i += 1
    raise Unhandled  # a stray `:`, closer or character
