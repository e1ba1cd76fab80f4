"""`dlprep stats` on a hand-built database whose right answers are known, plus JSON, empty and 80 columns."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from dlprep import schedule, stats
from dlprep.deck.loader import load_decks
from dlprep.schedule import CardRow
from dlprep.store import attempts, open_db, reviews
from test_cli_quiz import DECK

DAY = 86400


def ts(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc).timestamp()


NOW = ts("2026-03-02 12:00")


@pytest.fixture
def built(tmp_path, dlprep_home):
    deck = tmp_path / "tiny.yaml"
    deck.write_text(DECK, encoding="utf-8")
    conn = open_db()

    def review(item, rating, when):
        reviews.record_review(conn, item=item, deck="tiny", rating=rating, correct=None, answer="", duration_ms=1000,
                              ts=ts(when), card=None)

    # activity: Feb 24, (gap), Feb 26, 27, 28, Mar 1, Mar 2 -> streak of 5 across the month boundary
    review("tiny.choice", 1, "2026-02-24 09:00")
    review("tiny.choice", 3, "2026-02-26 09:00")
    review("tiny.choice", 3, "2026-02-27 23:30")
    review("tiny.numeric", 1, "2026-03-01 00:10")
    review("tiny.numeric", 1, "2026-03-02 08:00")
    review("tiny.choice", 4, "2026-03-02 09:00")
    review("tiny.choice", 1, "2026-01-10 09:00")  # older than 30 days: not in retention
    attempts.record_attempt(conn, kata="nms", ts=ts("2026-02-28 10:00"), verdict="fail", duration_s=2.0, sha256="a", mistake=None)
    attempts.record_attempt(conn, kata="nms", ts=ts("2026-02-28 11:00"), verdict="pass", duration_s=1.5, sha256="b", mistake=None)
    attempts.record_attempt(conn, kata="nms", ts=ts("2026-03-01 11:00"), verdict="pass", duration_s=1.2, sha256="b", mistake=None)
    cards = [
        CardRow("tiny.choice", 1, 2, None, 30.0, 5.0, NOW - DAY, NOW - 3 * DAY),  # overdue: due now, mature
        CardRow("tiny.numeric", 2, 2, None, 2.0, 7.0, ts("2026-03-04 10:00"), NOW - DAY),  # due in two days
        CardRow("tiny.recall", 3, 2, None, 5.0, 6.0, NOW + 10 * DAY, NOW - 2 * DAY),  # beyond the forecast
    ]
    for card in cards:
        reviews.save_card(conn, card)
    decks = load_decks([deck], include_user=False)
    return conn, decks


def test_hand_built_figures(built):
    conn, decks = built
    s = stats.compute(conn, decks, {"nms": [], "conv2d": []}, now=NOW, offset=0, deck_filter=["tiny"])
    o = s.overview
    assert o.streak_days == 5
    assert o.reviews_today == 2 and o.reviews_total == 7 and o.kata_attempts == 3
    assert o.due_now == 1
    assert o.forecast == [1, 0, 1, 0, 0, 0, 0]
    (tiny,) = s.decks
    # last 30 days: choice 1,3,3,4 -> 3 kept; numeric 1,1 -> 0 kept; 3 of 6
    assert tiny.retention == 0.5 and tiny.reviews_30d == 6
    assert (tiny.seen, tiny.total, tiny.mature) == (3, 3, 1)
    expected_r = [schedule.recall_probability(30.0, NOW - 3 * DAY, NOW), schedule.recall_probability(2.0, NOW - DAY, NOW),
                  schedule.recall_probability(5.0, NOW - 2 * DAY, NOW)]
    assert tiny.retrievability == pytest.approx(sum(expected_r) / 3, abs=1e-4)
    tags = {m.name: m for m in s.tags}
    assert tags["beta"].retention == 0.0 and tags["alpha"].retention == 0.75
    assert s.tags[0].name == "beta"  # weakest first
    assert s.weakest[0] == {"tag": "beta", "command": "dlprep quiz --tag beta"}
    nms = s.katas[0]
    assert (nms.status, nms.attempts, nms.first_passed, nms.best_seconds) == ("passed", 3, "2026-02-28", 1.2)
    assert s.katas[1].status == "not_tried"
    assert len(s.activity) == 16 * 7 and s.activity[-1] == {"date": "2026-03-02", "reviews": 2, "katas": 0}
    assert s.activity[-3] == {"date": "2026-02-28", "reviews": 0, "katas": 2}


def test_each_kata_shows_its_topic_on_the_concept_side(built):
    conn, decks = built
    s = stats.compute(conn, decks, {"nms": ["alpha"], "conv2d": ["nothing"]}, now=NOW, offset=0, deck_filter=["tiny"])
    nms, conv = s.katas
    # alpha: tiny.choice (reviews 1, 3, 3, 4 in 30 days) and tiny.recall (none) -> 3 of 4 kept
    assert nms.concepts["seen"] == 2 and nms.concepts["total"] == 2 and nms.concepts["retention"] == 0.75
    assert conv.concepts["total"] == 0
    alpha = next(m for m in s.tags if m.name == "alpha")
    assert alpha.katas == [{"kata": "nms", "status": "passed"}]


def test_since_limits_activity(built):
    conn, decks = built
    s = stats.compute(conn, decks, {}, now=NOW, offset=0, deck_filter=["tiny"], since=ts("2026-03-01 00:00"))
    assert s.decks[0].reviews_30d == 3
    assert sum(d["reviews"] for d in s.activity) == 3


def test_streak_counts_from_yesterday_when_today_is_idle(built):
    conn, decks = built
    s = stats.compute(conn, decks, {}, now=NOW + DAY, offset=0)
    assert s.overview.streak_days == 5 and s.overview.reviews_today == 0


def test_fast_retrievability_matches_fsrs():
    import fsrs

    sched = fsrs.Scheduler(enable_fuzzing=False)
    for stability in (0.5, 3.0, 21.0, 100.0):
        for days in (0, 1, 5, 30):
            card = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=stability, difficulty=5.0,
                             due=datetime.fromtimestamp(NOW, timezone.utc),
                             last_review=datetime.fromtimestamp(NOW - days * DAY, timezone.utc))
            ours = schedule.recall_probability(stability, NOW - days * DAY, NOW)
            assert ours == pytest.approx(sched.get_card_retrievability(card, datetime.fromtimestamp(NOW, timezone.utc)), abs=1e-9)


def test_empty_database_is_friendly(invoke):
    result = invoke("stats")
    assert result.exit_code == 0
    assert "No progress yet" in result.output and "dlprep quiz" in result.output and "dlprep kata list" in result.output


def test_a_database_with_nothing_recorded_is_friendly_too(invoke, dlprep_home):
    invoke("plan", "--clear")  # creates the database, records nothing
    assert (dlprep_home / "progress.db").exists()
    result = invoke("stats")
    assert result.exit_code == 0 and result.output.startswith("No progress yet")
    assert json.loads(invoke("stats", "--json").output)["empty"] is True


def test_json_schema(invoke, built):
    data = json.loads(invoke("stats", "--json").output)
    assert set(data) == {"empty", "overview", "decks", "tags", "weakest", "katas", "activity", "mocks"}
    assert set(data["overview"]) == {"streak_days", "reviews_today", "reviews_total", "kata_attempts", "due_now", "forecast"}
    assert len(data["overview"]["forecast"]) == 7
    assert {"name", "seen", "total", "mature", "retention", "reviews_30d", "retrievability", "katas"} == set(data["decks"][0])
    assert {"kata", "status", "attempts", "first_passed", "hints_used", "best_seconds", "best_solve_min", "next_due",
            "concepts"} == set(data["katas"][0])


def test_renders_in_80_columns_without_colour(invoke, built):
    result = invoke("stats", env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "\x1b[" not in result.output
    assert any(line.startswith("Katas") for line in lines) and "Activity, last 16 weeks" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "yesterday"], "error: --since must be a date like 2026-12-15, got 'yesterday'\n"),
    (["--deck", "nope"], "error: unknown deck 'nope'"),
])
def test_bad_filters(invoke, args, message):
    result = invoke("stats", *args)
    assert result.exit_code == 2 and result.output.startswith(message)


def test_a_streak_longer_than_the_heatmap_is_counted_whole(dlprep_home, tmp_path):
    deck = tmp_path / "tiny.yaml"
    deck.write_text(DECK, encoding="utf-8")
    conn = open_db()
    for day in range(130):  # 130 days in a row, ending today: longer than the 112-day heatmap
        reviews.record_review(conn, item="tiny.choice", deck="tiny", rating=3, correct=None, answer="", duration_ms=1,
                              ts=NOW - day * DAY, card=None)
    s = stats.compute(conn, load_decks([deck], include_user=False), {"nms": []}, now=NOW, offset=0)
    assert s.overview.streak_days == 130
    assert len(s.activity) == 112 and all(d["reviews"] == 1 for d in s.activity)
    since = stats.compute(conn, load_decks([deck], include_user=False), {"nms": []}, now=NOW, offset=0, since=NOW - 9.5 * DAY)
    assert since.overview.streak_days == 10
