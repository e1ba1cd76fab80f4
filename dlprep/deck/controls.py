"""Terminal control sequences in deck text: found, reported and stripped before any text is shown.

A shared deck is text someone else wrote. YAML's double-quoted strings can carry any code point
("\\e]52;c;...\\a" writes the clipboard, "\\e[2J" clears the screen, "\\e]0;...\\a" sets the window
title), and dlprep prints deck text to the terminal. So every deck string loses its escape
sequences and control characters when the deck is loaded: C0 controls other than newline and tab,
DEL, C1 controls, and whole ESC / CSI / OSC / DCS sequences (not just their first byte, so no
half-sequence is left to print).
"""

from __future__ import annotations

import re

_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, clear screen
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)"  # OSC, DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # any other escape, with its intermediate and final bytes
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]",  # the remaining C0 (not \t, \n), DEL and C1 controls
    re.S,
)


def strip(text: str) -> str:
    """`text` without control characters and escape sequences (newline and tab are kept)."""
    return _SEQUENCES.sub("", text)


def has_controls(text: str) -> bool:
    return _SEQUENCES.search(text) is not None
