"""The line-by-line YAML reader (dlprep.yamlblock) against PyYAML's safe loader.

Documents are generated from the constructs decks use plus the ones that look like them but mean
something else (indicators, comments, escapes, odd indentation, multi-line scalars). For every
document the reader either gives up (Unhandled) or returns exactly what PyYAML returns, types and
line numbers included; and yamlsafe.parse, which falls back when the reader gives up, always
agrees with PyYAML, errors included.
"""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlprep import yamlblock, yamlsafe

RESOLVE = yamlsafe._plain_resolver(yaml)

KEYS = ["en", "zh", "id", "a", "b", "yes", "null", "1", "1.5", "on", "__line__", "a.b", "a-b", "x/y", "_k", "2020-01-01"]
PLAIN = [
    "a", "hello world", "yes", "No", "~", "null", "1", "-1", "+1", "0x1F", "0o17", "1_000", "1:30", ".inf", "-.5e3",
    "1e3", "1.0e+3", "2020-01-01", "a #b", "a#b", "it's", 'say "hi"', "a: b", "a:", "a:b", "-", "- a", "-a", "? a",
    "?a", ":a", "&x a", "*x", "!t a", "%a", "@a", "`a", "<<", "=", "a  ", "é", "中文：冒号", "[a", "{a", "a]", "a,b",
    "a [b]", "x: ", "#", "a # b # c", "|", ">", "|-", ">-", "|+", "|2", "'", '"', "a\tb", "a\rb", "a\u2028b", "\ufeffa",
    "---", "...", "a ---", "TRUE", "off", "0.5:0.95", "1.5.2",
]
PIECES = list("ab 中#:,'\"\\[]{}-?!&*|>%@") + ["\\n", "\\x41", "\\u00e9", '\\"', "\\q", "\\U0001F600", "\\ud800"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


def double_quoted(text: str) -> str:
    return f'"{text}"'


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


SCALAR = st.one_of(st.sampled_from(PLAIN), TEXT.map(double_quoted), TEXT.map(single_quoted))
COMMENT = st.sampled_from(["", "", " # note", "  #x", "#x"])
SPACE = st.sampled_from(["", " ", "  "])


def flow(depth: int = 2) -> st.SearchStrategy[str]:
    """One flow collection in deck-like spelling (spaces, quotes, nesting), possibly malformed."""
    item = SCALAR if depth == 0 else st.one_of(SCALAR, st.deferred(lambda: flow(depth - 1)))
    sequence = st.builds(lambda items, sp, comma: "[" + sp + comma.join(items) + sp + "]",
                         st.lists(item, max_size=4), SPACE, st.sampled_from([", ", ",", " , ", ", ,"]))
    pair = st.builds(lambda k, v, sep: f"{k}{sep}{v}", st.sampled_from(KEYS), item, st.sampled_from([": ", ":", " : "]))
    mapping = st.builds(lambda pairs, sp: "{" + sp + ", ".join(pairs) + sp + "}", st.lists(pair, max_size=3), SPACE)
    return st.one_of(sequence, mapping)


@st.composite
def block_scalar(draw, indent: int) -> list[str]:
    header = draw(st.sampled_from(["|", "|-", ">", ">-", "|+", ">2", "| # c"]))
    body_indent = indent + draw(st.sampled_from([1, 2, 4, 0]))
    lines = [header]
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["text", "text", "blank", "spaces", "deeper", "comment"]))
        if kind == "text":
            lines.append(" " * body_indent + draw(st.sampled_from(["word", "two words", "end  ", "- item", "a: b"])))
        elif kind == "blank":
            lines.append("")
        elif kind == "spaces":
            lines.append(" " * draw(st.integers(1, body_indent + 2)))
        elif kind == "deeper":
            lines.append(" " * (body_indent + 2) + "indented")
        else:
            lines.append(" " * body_indent + "# not a comment here")
    return lines


@st.composite
def value_lines(draw, indent: int, depth: int) -> list[str]:
    """The text after `key:` (first element) and any lines that belong to the value."""
    kind = draw(st.sampled_from(["scalar", "scalar", "flow", "flow", "block", "nested", "seq_same", "empty", "wrapped"]))
    if kind == "scalar":
        return [" " + draw(SCALAR) + draw(COMMENT)]
    if kind == "flow":
        return [" " + draw(flow()) + draw(COMMENT)]
    if kind == "wrapped":  # a flow collection or scalar going on over the next line
        first, second = draw(st.sampled_from([("[a, b,", "c]"), ("[a,", "b"), ('"a', 'b"'), ("plain", "more"),
                                              ("{en: x,", "zh: y}"), ("[a, # c", "b]")]))
        return [" " + first, " " * (indent + draw(st.sampled_from([0, 2, 4]))) + second]
    if kind == "block":
        header, *body = draw(block_scalar(indent))
        return [" " + header, *body]
    if kind == "empty" or depth == 0:
        return [draw(COMMENT)]
    if kind == "seq_same":
        return [""] + draw(sequence(indent, depth - 1))
    child = indent + draw(st.sampled_from([2, 2, 1, 4]))
    return [""] + draw(st.one_of(mapping(child, depth - 1), sequence(child, depth - 1)))


@st.composite
def mapping(draw, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "# comment", " " * indent + "# indented comment", "   "])))
        key = draw(st.sampled_from(KEYS + ['"quoted"', "two words", "- dash"]))
        first, *rest = draw(value_lines(indent, depth))
        lines.append(" " * indent + key + ":" + first)
        lines.extend(rest)
    return lines


@st.composite
def sequence(draw, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "compact", "nested"]))
        if kind == "compact" and depth > 0:
            first, *rest = draw(mapping(indent + 2, depth - 1))
            lines.append(" " * indent + "- " + first[indent + 2:])
            lines.extend(rest)
        elif kind == "nested" and depth > 0:
            lines.append(" " * indent + "-")
            lines.extend(draw(mapping(indent + 2, depth - 1)))
        else:
            first, *rest = draw(value_lines(indent, 0))
            lines.append(" " * indent + "-" + (first if first.startswith(" ") or not first else " " + first))
            lines.extend(rest)
    return lines


DOCUMENTS = st.one_of(mapping(0, 3), sequence(0, 3)).map(lambda lines: "\n".join(lines) + "\n")


def reference(text: str):
    try:
        return ("ok", yamlsafe._reference_load(yaml, text))
    except yamlsafe.YamlProblem as exc:
        return ("error", exc.key, exc.line, exc.column)


def same(a, b) -> bool:
    """Equal, with the same types all the way down (1 is not 1.0 or True)."""
    return a == b and repr(a) == repr(b)


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_reader_matches_pyyaml_or_gives_up(text):
    try:
        got = yamlblock.load(text, RESOLVE)
    except yamlblock.Unhandled:
        return
    expected = reference(text)
    assert expected[0] == "ok", f"the reader accepted a document PyYAML rejects: {text!r}"
    assert same(got, expected[1]), text


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_parse_always_agrees_with_pyyaml(text):
    try:
        got = ("ok", yamlsafe.parse(text.encode("utf-8")))
    except yamlsafe.YamlProblem as exc:
        got = ("error", exc.key, exc.line, exc.column)
    expected = reference(text)
    if expected[0] == "error" and expected[1] == "too_deep":
        return  # the depth guard runs first on the fallback path
    assert got[0] == expected[0] and (same(got[1], expected[1]) if got[0] == "ok" else got == expected), text


def test_the_reader_covers_the_deck_style():
    """The common spellings are read by the reader itself, not handed to the fallback."""
    text = """format: 1
title: {en: "Detection", zh: "检测"}   # a comment
questions:
  - id: det.iou
    tags: [iou, detection-basics]
    source: ["a.txt", "b.txt"]
    value: 0.16666666666666666
    prompt:
      en: >-
        Two boxes, A and B.

        What is their IoU?
      zh: "两个框 \\"A\\" 和 B"
    key_points:
      - en: 'It''s the ratio.'
        zh: 交并比
        keywords: ["iou", "交并比",
                   "overlap"]
    code: |
      def iou(a, b):
          return 0.0
    related_katas: []
"""
    got = yamlblock.load(text, RESOLVE)
    assert same(got, reference(text)[1])


@pytest.mark.parametrize("text", [
    "a: 1\n\tb: 2\n", "a: |+\n  x\n\n", "a: |2\n   x\n", "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "--- \na: 1\n",
    "a: 1\n---\nb: 2\n", "a:\n  b\n", "a: 'x\n  y'\n", "? a\n: 1\n", "a: \"\\q\"\n", "<<: {a: 1}\n", "[" * 100 + "]" * 100 + "\n",
    "a:\n" + "".join("  " * i + "- \n" for i in range(1, 80)), "",
])
def test_reader_gives_up_on_what_it_does_not_cover(text):
    with pytest.raises(yamlblock.Unhandled):
        yamlblock.load(text, RESOLVE)


def test_deep_documents_are_refused_not_crashed():
    deep = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 200))
    with pytest.raises(yamlblock.Unhandled):
        yamlblock.load(deep, RESOLVE)
    with pytest.raises(yamlsafe.YamlProblem) as info:
        yamlsafe.parse(deep.encode())
    assert info.value.key == "too_deep"


def test_flow_results_are_fresh_objects():
    """A repeated flow text is parsed once, but each occurrence gets its own lists and line numbers."""
    got = yamlblock.load("- [a, {b: 1}]\n- [a, {b: 1}]\n", RESOLVE)
    assert got[0] == ["a", {"b": 1, "__line__": 1}] and got[1] == ["a", {"b": 1, "__line__": 2}]
    got[0].append("x")
    assert got[1] == ["a", {"b": 1, "__line__": 2}]
    assert json.dumps(got)


@pytest.mark.parametrize("text", [
    "a: [" + "a" * 200_000 + ":b]\n",  # a plain scalar the tokenizer must not re-scan from every position
    "a: [x,\n" + "   x,\n" * 20_000 + "   x]\n",  # a flow collection over many lines: parsed once, not per line
    "a: " + "[" * 200_000 + "\n",
    "a: '" + "''" * 100_000 + "\n",
    'a: "' + "\\\\" * 100_000 + "\n",
    "a: [" + "a, " * 100_000 + "\n",
])
def test_long_lines_take_linear_time(text):
    """Hostile or broken decks must not hang the quiz: each case takes well under a second here;
    a quadratic scan would take hours, so the 60 s alarm only guards against such a regression."""
    import signal

    def hang(*_):
        raise AssertionError("the reader did not finish within 60 s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(60)
    try:
        try:
            yamlblock.load(text, RESOLVE)
        except yamlblock.Unhandled:
            pass
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
