"""Mock-interview reports: each finished mock is stored whole, as one JSON document."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from dlprep import text
from dlprep.store.db import new_uid, transaction


def save(conn: sqlite3.Connection, *, ts: float, minutes: float, report: dict[str, Any]) -> None:
    with transaction(conn, lost=text.both("lost.mock")):
        conn.execute("INSERT INTO mocks (ts, minutes, report, uid) VALUES (?, ?, ?, ?)",
                     (ts, minutes, json.dumps(report, ensure_ascii=False), new_uid()))


def recent(conn: sqlite3.Connection, limit: int = 5, since: float = 0.0) -> list[dict[str, Any]]:
    """The latest reports, newest first; a report that no longer parses is skipped, not fatal."""
    out = []
    for ts, report in conn.execute("SELECT ts, report FROM mocks WHERE ts >= ? ORDER BY ts DESC LIMIT ?", (since, limit)):
        try:
            data = json.loads(report)
        except ValueError:
            continue
        if isinstance(data, dict):
            data.setdefault("ts", ts)
            out.append(data)
    return out
