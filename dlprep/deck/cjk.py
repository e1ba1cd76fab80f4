"""Stray spaces in Chinese text: spaces that sit between two CJK characters or after CJK punctuation.

Chinese is written without spaces between words, and full-width punctuation (，。；：、！？（）) already
carries its own spacing, so a space in either place is a typo. The usual source is a YAML `>-` folded
block: when a Chinese line wraps, the line break is folded into a space ("全部概率 质量"). A space
between Chinese and Latin letters or digits ("使用 ReLU 激活") is conventional and is not reported.

Only horizontal whitespace is reported: a line break that survives YAML loading was written on
purpose (a literal `|` block or a blank line in a folded block), while a wrap in a folded block
always arrives here as a space.
"""

from __future__ import annotations

import re

# (first, last) code points of CJK letters: ideographs, kana, hangul, bopomofo.
_LETTERS = (
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)
# CJK punctuation: the CJK symbols block (less the ideographic space and 々〆〇) and the
# full-width forms of ASCII punctuation. Curly quotes, dashes and the ellipsis are shared with
# English text, so they are left out.
_PUNCTUATION = (
    (0x3001, 0x3004),
    (0x3008, 0x303F),
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF0F),
    (0xFF1A, 0xFF20),
    (0xFF3B, 0xFF40),
    (0xFF5B, 0xFF65),
)
_HSPACE = re.compile(r"[^\S\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")  # whitespace that does not break a line


def _within(ch: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in ranges)


def is_cjk_punctuation(ch: str) -> bool:
    """True for full-width CJK punctuation such as ，。；：、！？（）《》."""
    return _within(ch, _PUNCTUATION)


def is_cjk(ch: str) -> bool:
    """True for a CJK letter (ideograph, kana, hangul) or CJK punctuation."""
    return _within(ch, _LETTERS) or _within(ch, _PUNCTUATION)


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges)


_H = "[^\\S\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+"  # whitespace that does not break a line
_ANY = _class(_LETTERS + _PUNCTUATION)
_STRAY = re.compile(f"(?<=[{_class(_PUNCTUATION)}]){_H}|(?<=[{_ANY}]){_H}(?=[{_ANY}])")


def stray_spaces(text: str) -> list[int]:
    """Offsets of whitespace between two CJK characters or right after CJK punctuation, in order.

    Every character of an offending run is reported, so "中  文" gives two offsets. A run at the
    very end of the text after punctuation counts too ("好。 "); one at the start never does.
    """
    return [i for m in _STRAY.finditer(text) for i in range(*m.span())]
