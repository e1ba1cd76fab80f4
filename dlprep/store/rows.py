"""What a sound row of each progress table is: every field's type and range, checked in one place.

`progress import` refuses a file whose first problem this finds (nothing is written), and `doctor`
runs the same checks over the rows in the database and reports every problem. The ranges are the
ones the rest of dlprep relies on: FSRS card states 1-3 with a positive stability and a difficulty
in [1, 10], ratings 1-4, the grader's verdicts, kata names that are plain names (never paths),
times between 2000 and a few years from now, bounded texts, and no booleans, objects or lists where
numbers belong. A value that passes here cannot make `stats`, `plan`, `quiz` or grading fail.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

YEAR = 365.25 * 86400
TS_MIN = 946_684_800.0  # 2000-01-01 UTC: no dlprep progress is older
EVENT_AHEAD = 10 * YEAR  # reviews, attempts and mocks may be dated this far ahead (another machine's clock)
DUE_AHEAD = 101 * YEAR  # FSRS schedules at most 36,500 days ahead
MAX_STABILITY = 1e7  # days
MAX_TEXT = 10_000  # characters of an answer or a setting
MAX_REPORT = 1_000_000  # characters of a stored mock report (JSON text)
MAX_COUNT = 1_000_000  # hints, steps
MAX_DURATION_MS = 365 * 86_400_000  # a question left on screen for days is still a review
MAX_DURATION_S = 86_400.0
MAX_CARD_ID = 2**63 - 1

QUESTION_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,199}")
KATA = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
UID = re.compile(r"[A-Za-z0-9_-]{1,64}")
SHA256 = re.compile(r"(?:[0-9a-f]{64})?")
SETTING = re.compile(r"[a-z][a-z0-9_.-]{0,199}")
KATA_PREFIX = "kata:"
STATES = {1: "learning", 2: "review", 3: "relearning"}  # fsrs.State
VERDICTS = ("pass", "fail", "error", "timeout", "memory", "crash", "import_error", "missing")  # dlprep.kata.verdict.Verdict


@dataclass(frozen=True)
class Problem:
    """One bad value: where it is (`cards[3].stability`), what was expected (a catalog key under
    "expect." and its params) and the value found; `got` is omitted for problems of a whole row."""

    where: str
    expect: str
    params: dict[str, Any] = field(default_factory=dict)
    got: Any = None
    show_got: bool = True

    def text(self) -> dict[str, str]:
        """`where: expected WHAT, got VALUE` in both languages."""
        from dlprep import text

        out = {}
        for lang in text.LANGS:
            what = text.t(f"expect.{self.expect}", lang, **self.params)
            line = text.t("expect.line" if self.show_got else "expect.line_no_value", lang, where=self.where, what=what,
                          got=shown(self.got, lang))
            out[lang] = line
        return out


def shown(value: Any, lang: str = "en") -> str:
    """A found value as the user wrote it in JSON, cut short: 'high', 1e+300, true, null, an object."""
    from dlprep import text

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        digits = str(abs(value)) if value.bit_length() < 14_000 else ""
        if not digits or len(digits) > 20:
            return text.t("expect.got_digits", lang, n=len(digits) if digits else "4300+")
        return str(value)
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if isinstance(value, dict):
        return text.t("expect.got_object", lang)
    if isinstance(value, list):
        return text.t("expect.got_list", lang)
    return text.t("expect.got_other", lang, type=type(value).__name__)


# ---- one value ------------------------------------------------------------------------------------
# Each checker returns None when the value is sound, else (expect key, params).

Check = Callable[[Any], "tuple[str, dict[str, Any]] | None"]


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def integer(low: int, high: int, *, nullable: bool = False, expect: str = "integer") -> Check:
    def check(v: Any):  # noqa: ANN202
        if v is None and nullable:
            return None
        if not (isinstance(v, int) and not isinstance(v, bool) and low <= v <= high):
            return expect, {"low": low, "high": high}
        return None

    return check


def number(low: float, high: float, *, nullable: bool = False, low_open: bool = False, expect: str = "number") -> Check:
    def check(v: Any):  # noqa: ANN202
        if v is None and nullable:
            return None
        if not (_is_number(v) and math.isfinite(v) and (low < v if low_open else low <= v) and v <= high):
            too_big = _is_number(v) and not math.isnan(v) and v > high
            return (f"{expect}_max" if too_big and expect == "positive" else expect), {"low": f"{low:g}", "high": f"{high:g}"}
        return None

    return check


def timestamp(ahead: float, *, nullable: bool = False) -> Check:
    def check(v: Any):  # noqa: ANN202
        if v is None and nullable:
            return None
        latest = time.time() + ahead
        if not (_is_number(v) and math.isfinite(v) and TS_MIN <= v <= latest):
            return "timestamp", {"latest": datetime.fromtimestamp(latest, tz=timezone.utc).strftime("%Y-%m-%d")}
        return None

    return check


def pattern(regex: re.Pattern[str], expect: str, *, nullable: bool = False, prefix: str = "") -> Check:
    def check(v: Any):  # noqa: ANN202
        if v is None and nullable:
            return None
        if not (isinstance(v, str) and v.startswith(prefix) and regex.fullmatch(v[len(prefix):])):
            return expect, {}
        return None

    return check


def text_of(limit: int) -> Check:
    def check(v: Any):  # noqa: ANN202
        if not (isinstance(v, str) and len(v) <= limit):
            return "text", {"limit": limit}
        return None

    return check


def one_of(values: tuple[Any, ...], expect: str, *, nullable: bool = False) -> Check:
    def check(v: Any):  # noqa: ANN202
        if v is None and nullable:
            return None
        if isinstance(v, bool) or not isinstance(v, (str, int)) or v not in values:
            return expect, {"values": ", ".join(map(str, values))}
        return None

    return check


def item(v: Any):  # noqa: ANN201
    """A question id, or kata:NAME for a kata's card."""
    if isinstance(v, str) and (QUESTION_ID.fullmatch(v) or (v.startswith(KATA_PREFIX) and KATA.fullmatch(v[len(KATA_PREFIX):]))):
        return None
    return "item", {}


def correct(v: Any):  # noqa: ANN201
    if v is None or (isinstance(v, int) and v in (0, 1)):  # True and False are 1 and 0
        return None
    return "correct", {}


def mock_report(v: Any):  # noqa: ANN201
    """A stored mock report: a JSON object as text, with the fields `stats` shows of sound types."""
    if not (isinstance(v, str) and len(v) <= MAX_REPORT):
        return "report", {}
    try:
        data = json.loads(v)
    except (ValueError, RecursionError):
        return "report", {}
    if not isinstance(data, dict):
        return "report", {}
    kata = data.get("kata")
    sound = (
        all(data.get(k) is None or (_is_number(data[k]) and math.isfinite(data[k])) for k in ("score", "minutes_used", "ts"))
        and isinstance(data.get("questions", []), list)
        and isinstance(data.get("drill", []), list) and all(isinstance(d, str) and len(d) <= 200 for d in data.get("drill", []))
        and (kata is None or (isinstance(kata, dict) and pattern(KATA, "kata", nullable=True)(kata.get("kata")) is None
                              and one_of(VERDICTS, "verdict", nullable=True)(kata.get("verdict")) is None))
    )
    return None if sound else ("report", {})


UNIT = integer(0, 1)
TABLES: dict[str, dict[str, Check]] = {
    "reviews": {
        "item": item, "deck": pattern(QUESTION_ID, "id"), "rating": integer(1, 4, expect="rating"), "correct": correct,
        "answer": text_of(MAX_TEXT), "duration_ms": integer(0, MAX_DURATION_MS), "ts": timestamp(EVENT_AHEAD),
        "uid": pattern(UID, "uid"),
    },
    "attempts": {
        "kata": pattern(KATA, "kata"), "ts": timestamp(EVENT_AHEAD), "verdict": one_of(VERDICTS, "verdict"),
        "duration_s": number(0, MAX_DURATION_S), "sha256": pattern(SHA256, "sha256"),
        "hints_used": integer(0, MAX_COUNT), "mistake": pattern(KATA, "mistake", nullable=True), "uid": pattern(UID, "uid"),
        "rating": integer(1, 4, nullable=True, expect="rating"),
        "solve_s": number(0, 10 * YEAR, nullable=True),  # a round may span days
    },
    "cards": {
        "item": item, "card_id": integer(0, MAX_CARD_ID), "state": one_of(tuple(STATES), "state"),
        "step": integer(0, MAX_COUNT, nullable=True), "stability": number(0, MAX_STABILITY, nullable=True, low_open=True, expect="positive"),
        "difficulty": number(1, 10, nullable=True, expect="difficulty"), "due_ts": timestamp(DUE_AHEAD),
        "last_review_ts": timestamp(EVENT_AHEAD, nullable=True),
    },
    "hints": {"kata": pattern(KATA, "kata"), "used": integer(0, MAX_COUNT), "total": integer(0, MAX_COUNT)},
    "mocks": {"ts": timestamp(EVENT_AHEAD), "minutes": number(0, 1440, low_open=True), "report": mock_report, "uid": pattern(UID, "uid")},
    "meta": {"key": text_of(200), "value": text_of(MAX_TEXT)},
}
OPTIONAL = {("attempts", "rating"), ("hints", "total"), ("attempts", "solve_s")}  # absent from older exports
NULLABLE = {"correct", "mistake", "rating", "step", "stability", "difficulty", "last_review_ts", "solve_s"}


def _card(row: dict[str, Any], where: str) -> Iterator[Problem]:
    """A card's fields together: what FSRS needs to review it."""
    has_s, has_d = row.get("stability") is not None, row.get("difficulty") is not None
    if has_s != has_d:
        yield Problem(where, "memory_pair", show_got=False)
    elif row["state"] in (2, 3) and not has_s:
        yield Problem(where, "memory_needed", {"state": row["state"], "name": STATES[row["state"]]}, show_got=False)
    if row["state"] == 3 and row.get("step") is None:
        yield Problem(f"{where}.step", "relearning_step", got=None)


def _meta(row: dict[str, Any], where: str) -> Iterator[Problem]:
    """The settings dlprep reads back: a kata's start time, the interview plan. Another plain setting
    name is accepted as it is (a newer dlprep's setting); a new setting whose value is read back
    needs its check here."""
    key, value = row["key"], row["value"]
    if key.startswith("kata.started."):
        kata = key[len("kata.started."):]
        if not KATA.fullmatch(kata):
            yield Problem(f"{where}.key", "setting", got=key)
            return
        try:
            started = float(value)
        except ValueError:
            started = None
        if started is None or timestamp(EVENT_AHEAD)(started) is not None:
            yield Problem(f"{where}.value", "started", got=value)
    elif key == "plan.interview":
        try:
            date.fromisoformat(value)
        except ValueError:
            yield Problem(f"{where}.value", "date", got=value)
    elif key == "plan.target":
        try:
            target = float(value)
        except ValueError:
            target = math.nan
        if not 0 < target < 1:
            yield Problem(f"{where}.value", "target", got=value)
    elif key in ("plan.decks", "plan.tags"):
        if any(not QUESTION_ID.fullmatch(v) for v in value.split(",") if v):
            yield Problem(f"{where}.value", "names", got=value)
    elif not SETTING.fullmatch(key):
        yield Problem(f"{where}.key", "setting", got=key)


def check_row(table: str, row: Any, where: str) -> Iterator[Problem]:
    """Every problem of one row of `table` (`where` names it in messages, e.g. `cards[3]`)."""
    if not isinstance(row, dict):
        yield Problem(where, "row", got=row)
        return
    fields = TABLES[table]
    for name in row:
        if name not in fields:
            yield Problem(f"{where}.{name if isinstance(name, str) and len(name) <= 40 else '…'}", "unknown", show_got=False)
            return
    sound = True
    for name, check in fields.items():
        if name not in row:
            if (table, name) in OPTIONAL:
                continue
            yield Problem(f"{where}.{name}", "missing", show_got=False)
            sound = False
            continue
        found = check(row[name])
        if found is not None:
            yield Problem(f"{where}.{name}", found[0], found[1], got=row[name])
            sound = False
    if sound and table == "cards":
        yield from _card(row, where)
    if sound and table == "meta":
        yield from _meta(row, where)


def check_rows(table: str, rows: Any, label: Callable[[int], str] | None = None) -> Iterator[Problem]:
    """Every problem of a table's rows; `label(i)` names row i (default `table[i]`)."""
    if not isinstance(rows, list):
        yield Problem(table, "list", got=rows)
        return
    for i, row in enumerate(rows):
        yield from check_row(table, row, label(i) if label else f"{table}[{i}]")
