"""The learning loop: kata ratings, mistakes that bring questions back, the interview plan, the mock."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from dlprep import schedule
from dlprep.loop import plan
from dlprep.deck.loader import load_decks
from dlprep.kata import spec as spec_mod
from dlprep.loop import katas as scheduling
from dlprep.kata.verdict import GradeReport, Mistake, Verdict
from dlprep.schedule import CardRow
from dlprep.store import attempts, meta, open_db, reviews
from test_cli_quiz import DECK

KATAS = Path(__file__).parent.parent / "katas"
DAY = 86400


def ts(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc).timestamp()


# ---- the rating rule ----------------------------------------------------------------------

@pytest.mark.parametrize(("passed", "first_try", "hints", "minutes", "rating", "reason"), [
    (False, True, 0, 3.0, 1, "not_passed"),          # not passing -> Again, however fast
    (True, True, 1, 3.0, 2, "hints"),                # a hint -> Hard even when fast
    (True, False, 0, 3.0, 2, "retries"),             # after failed attempts -> Hard
    (True, True, 0, 40.0, 2, "slow"),                # over the expected 20 minutes -> Hard
    (True, True, 0, 15.0, 3, "first_try"),           # first try, in time -> Good
    (True, True, 0, None, 3, "first_try"),           # first try, time unknown -> Good, never Easy
    (True, True, 0, 10.0, 4, "fast"),                # first try, within half the time, no hints -> Easy
    (True, True, 0, 10.5, 3, "first_try"),           # just over half -> Good
])
def test_rating_rule(passed, first_try, hints, minutes, rating, reason):
    assert scheduling.rate(passed=passed, first_try=first_try, hints=hints, minutes=minutes,
                           expected_minutes=20) == (rating, reason)


def _report(kata, verdict, sha, mistake=None):
    return GradeReport(kata=kata, verdict=verdict, checks=[], message={"en": "", "zh": ""}, duration_s=1.0,
                       sha256=sha, mistake=Mistake(mistake, {}, {}) if mistake else None)


def _attempt(conn, spec, verdict, sha, now, mistake=None):
    """Grade-and-record as the service does, with a hand-made report and a fixed clock."""
    report = _report(spec.id, verdict, sha, mistake)
    return scheduling.record(conn, spec, report, load_decks(), now)


def test_a_round_is_rated_once_for_failing_and_once_for_passing(dlprep_home):
    conn = open_db()
    spec = spec_mod.find("nms")
    t0 = ts("2026-05-01 10:00")
    scheduling_start = t0 - 60
    meta.put(conn, {meta.kata_started("nms"): repr(scheduling_start)})
    first = _attempt(conn, spec, Verdict.FAIL, "a", t0)
    assert (first.rating, first.reason) == (1, "not_passed")
    second = _attempt(conn, spec, Verdict.FAIL, "b", t0 + 60)
    assert second.rating is None and second.reason == "already_rated"  # one Again per round
    passed = _attempt(conn, spec, Verdict.PASS, "c", t0 + 120)
    assert (passed.rating, passed.reason) == (2, "retries")
    again = _attempt(conn, spec, Verdict.PASS, "c", t0 + 180)
    assert again.rating is None and again.reason == "same_file"  # the same file proves nothing new
    ratings = [r[0] for r in conn.execute("SELECT rating FROM attempts ORDER BY ts")]
    assert ratings == [1, None, 2, None]
    card = reviews.load_cards(conn)["kata:nms"]
    assert card.due_ts >= t0 + 120 + DAY  # katas skip the minute-scale learning steps


def test_fast_first_try_without_hints_is_easy_and_hints_make_it_hard(dlprep_home):
    conn = open_db()
    spec = spec_mod.find("nms")  # expected 20 minutes
    t0 = ts("2026-05-01 10:00")
    meta.put(conn, {meta.kata_started("nms"): repr(t0)})
    out = _attempt(conn, spec, Verdict.PASS, "x", t0 + 5 * 60)
    assert (out.rating, out.reason, out.minutes) == (4, "fast", 5.0)
    # a new round: the hint taken in it makes the pass Hard, and the pass resets the round's hints
    meta.put(conn, {meta.kata_started("nms"): repr(t0 + DAY)})
    attempts.take_hint(conn, "nms", len(spec.hints))
    out = _attempt(conn, spec, Verdict.PASS, "y", t0 + DAY + 60)
    assert (out.rating, out.reason) == (2, "hints")
    assert attempts.hints_used(conn, "nms") == 0
    assert attempts.progress(conn)["nms"].hints_used == 1  # the board still counts every hint


def test_the_clock_starts_once_per_round(dlprep_home):

    conn = open_db()
    spec = spec_mod.find("nms")
    t0 = ts("2026-05-01 10:00")
    scheduling.mark_started(conn, spec, t0)
    scheduling.mark_started(conn, spec, t0 + 600)  # the statement shown again: the clock keeps running
    assert float(meta.get(conn, meta.kata_started("nms"))) == t0
    _attempt(conn, spec, Verdict.PASS, "a", t0 + 900)
    scheduling.mark_started(conn, spec, t0 + DAY)  # a new round starts a new clock
    assert float(meta.get(conn, meta.kata_started("nms"))) == t0 + DAY


def test_every_related_question_id_exists():
    decks = load_decks(include_user=False)
    for spec in spec_mod.discover():
        ids = list(spec.related_questions) + [q for m in spec.mistakes for q in m.related_questions]
        assert ids, spec.id
        assert [i for i in ids if i not in decks.by_id] == [], spec.id


def test_a_detected_mistake_brings_its_questions_back(dlprep_home):
    conn = open_db()
    spec = spec_mod.find("bn_backward")
    now = ts("2026-05-01 10:00")
    seen = CardRow("norm.bn-forward", 7, 2, None, 40.0, 5.0, now + 30 * DAY, now - DAY)  # not due for a month
    reviews.save_card(conn, seen)
    out = _attempt(conn, spec, Verdict.FAIL, "a", now, mistake="unbiased_variance")
    assert {"norm.bn-forward", "norm.bn-forward-numeric", "norm.bn-train-vs-infer", "norm.bn-backward"} <= set(out.due_now)
    cards = reviews.load_cards(conn)
    assert cards["norm.bn-forward"].due_ts == now and cards["norm.bn-forward"].stability == 40.0  # memory kept
    assert cards["norm.bn-train-vs-infer"].due_ts == now and cards["norm.bn-train-vs-infer"].last_review_ts is None
    due = [item for item, _ in reviews.due(conn, now)]
    assert "norm.bn-forward-numeric" in due
    # a pass brings nothing back
    assert _attempt(conn, spec, Verdict.PASS, "b", now + 60).due_now == []


MISTAKE_N_MINUS_1 = '''
import numpy as np
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(0); std = np.sqrt(x.var(0, ddof=1) + eps)
    xh = (x - mu) / std
    return gamma * xh + beta, (xh, gamma, std)
def batchnorm_backward(dout, cache):
    xh, g, std = cache
    d = dout * g
    return (d - d.mean(0) - xh * (d * xh).mean(0)) / std, (dout * xh).sum(0), dout.sum(0)
'''


def test_cli_failure_with_mistake_reports_the_questions_and_quiz_asks_them(invoke, tmp_path):
    sub = tmp_path / "bn.py"
    sub.write_text(MISTAKE_N_MINUS_1)
    data = json.loads(invoke("kata", "bn_backward", str(sub), "--json", "--seed", "1").output)
    assert data["mistake"]["id"] == "unbiased_variance"
    assert data["review"]["rating"] == "again" and "norm.bn-forward" in data["review"]["related_due_now"]
    text = invoke("kata", "bn_backward", str(sub), "--seed", "1").output
    assert "Brought back" in text and "norm.bn-forward" in text
    quiz = invoke("quiz", "--mode", "due", "--limit", "1", input="q\n").output
    header = next(line for line in quiz.splitlines() if line.startswith("[1/1]"))
    assert "normalization" in header  # the first question asked is one the mistake brought back
    assert "Due now because your bn_backward attempt failed (this is the variance with N-1" in quiz


def test_quiz_says_which_katas_are_due(invoke):
    conn = open_db()
    reviews.save_card(conn, CardRow("kata:nms", schedule.card_id("kata:nms"), 2, None, 3.0, 5.0, 0.0, 1.0))
    out = invoke("quiz", "--mode", "due", input="q\n").output
    assert "nms is due: run `dlprep kata nms`" in out
    out = invoke("quiz", "--mode", "new", "--limit", "1", "--lang", "zh", input="q\n").output
    assert "nms 该复习了：运行 `dlprep kata nms`" in out


# ---- the interview plan ---------------------------------------------------------------------

@pytest.fixture
def tiny(tmp_path):
    from dlprep.deck.loader import DeckSet

    deck = tmp_path / "tiny.yaml"
    deck.write_text(DECK, encoding="utf-8")
    (only,) = [d for d in load_decks([deck], include_user=False).decks if d.id == "tiny"]
    return DeckSet(decks=[only], by_id={q.id: q for q in only.questions})


def _stability_for(recall, days):
    """The stability whose forgetting curve gives `recall` after `days` (inverse of R(t))."""
    return schedule.FACTOR * days / (recall ** (1 / schedule.DECAY) - 1)


def test_plan_on_known_retrievabilities(dlprep_home, tiny):
    conn = open_db()
    now = ts("2026-06-01 12:00")
    interview = date(2026, 6, 11)  # 10 days ahead; recall is predicted at 2026-06-11 00:00 UTC
    at = ts("2026-06-11 00:00")
    last = now - DAY
    days = (at - last) / DAY
    for item, r in (("tiny.choice", 0.97), ("tiny.numeric", 0.80), ("kata:nms", 0.95)):
        reviews.save_card(conn, CardRow(item, schedule.card_id(item), 2, None, _stability_for(r, days), 5.0, at + 5 * DAY, last))
    p = plan.build(conn, tiny, ["nms", "conv2d"], settings=plan.Settings(interview, 0.9), now=now, offset=0)
    assert p.days_left == 10 and len(p.days) == 10 and p.days[0].date == "2026-06-01"
    assert p.weak_questions == 2  # numeric (0.80) and recall (never reviewed: 0)
    assert [k.kata for k in p.katas] == ["conv2d"] and p.katas[0].recall == 0.0
    (topic,) = p.topics
    assert (topic.name, topic.items, topic.weak) == ("tiny", 3, 2)
    assert topic.mean_recall == pytest.approx((0.97 + 0.80 + 0.0) / 3, abs=1e-3)
    # weakest first: the unseen recall card on day 0, the numeric card half-way, conv2d on day 0
    assert p.days[0].cards >= 1 and p.days[0].katas == 1
    assert p.days[5].cards >= 1
    assert sum(d.katas for d in p.days) >= 2  # conv2d comes back at least once before the day
    assert all(d.cards <= 2 and d.katas <= 1 for d in p.days)  # at most once a day per item
    assert not any(d.katas for d in p.days[1:] if d.date < "2026-06-02")
    assert p.katas_due_now == []
    reviews.save_card(conn, CardRow("kata:nms", 9, 2, None, 3.0, 5.0, now - 60, now - DAY))
    assert plan.build(conn, tiny, ["nms"], settings=plan.Settings(interview), now=now, offset=0).katas_due_now == ["nms"]


def test_plan_command_saves_the_date_and_prefers_weak_cards(invoke, tmp_path):
    bad = invoke("plan", "--interview", "next week")
    assert bad.exit_code == 2 and bad.output == "error: --interview must be a date like 2026-12-15, got 'next week'\n"
    past = invoke("plan", "--interview", "2001-01-01")
    assert past.exit_code == 2 and past.output.startswith("error: the interview date 2001-01-01 is not after today")
    assert invoke("plan").output.startswith("No interview date set")
    ahead = date.fromordinal(date.today().toordinal() + 14).isoformat()
    result = invoke("plan", "--interview", ahead, "--target", "0.85")
    assert result.exit_code == 0, result.output
    assert f"Interview on {ahead}" in result.output and "dlprep quiz --deck" in result.output
    data = json.loads(invoke("plan", "--json").output)  # shown again from the saved date
    assert data["interview"] == ahead and data["target"] == 0.85 and len(data["days"]) == 14
    assert data["weak_questions"] > 150 and data["weak_katas"] == len(spec_mod.discover())
    assert invoke("plan", "--clear").exit_code == 0 and invoke("plan", "--json").output.strip() == '{"interview": null}'


def test_quiz_orders_due_cards_by_recall_on_interview_day(dlprep_home, tiny):
    from dlprep.quiz.session import QuizOptions, Session

    conn = open_db()
    now = ts("2026-06-01 12:00")
    # both overdue; choice is the more overdue but far more stable, so it is safer on interview day
    reviews.save_card(conn, CardRow("tiny.choice", 1, 2, None, 50.0, 5.0, now - 2 * DAY, now - 10 * DAY))
    reviews.save_card(conn, CardRow("tiny.numeric", 2, 2, None, 1.0, 5.0, now - DAY, now - 2 * DAY))
    opts = QuizOptions(mode="due", decks=["tiny"])
    assert [i.question.id for i in Session(tiny, conn, opts, now).queue] == ["tiny.choice", "tiny.numeric"]
    planned = Session(tiny, conn, opts, now, interview_ts=now + 20 * DAY)
    assert [i.question.id for i in planned.queue] == ["tiny.numeric", "tiny.choice"]


# ---- the mock interview -----------------------------------------------------------------------

def test_scripted_mock_interview_runs_to_its_report(invoke, tmp_path, monkeypatch, tiny, dlprep_home):
    monkeypatch.chdir(tmp_path)
    conn = open_db()
    now = datetime.now(timezone.utc).timestamp()
    # all three due, weakest first: choice, then numeric, then recall
    for i, (item, stability) in enumerate((("tiny.choice", 0.5), ("tiny.numeric", 2.0), ("tiny.recall", 8.0))):
        reviews.save_card(conn, CardRow(item, i + 1, 2, None, stability, 5.0, now - DAY, now - 3 * DAY))
    reference = KATAS / "nms" / "reference.py"
    from dlprep.quiz.session import option_order

    wrong = "ABC"[option_order("tiny.choice", 3, 5, 0).index(1)]  # where stored option B is shown
    script = "\n".join([
        "",                # start
        wrong,             # choice: wrong
        "x", "0.25",       # numeric: not a number (asked again), then right
        "", "5", "4",      # recall: reveal, a bad rating (asked again), Easy
        "",                # kata: grade the untouched starter -> error
        str(reference),    # grade another file -> pass
    ]) + "\n"
    result = invoke("mock", "--minutes", "20", "--kata", "nms", "--deck-path", str(tmp_path / "tiny.yaml"),
                    "--deck", "tiny", "--seed", "5", "--json", input=script)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [(q["id"], q["good"]) for q in report["questions"]] == [
        ("tiny.choice", False), ("tiny.numeric", True), ("tiny.recall", True)]
    assert report["score"] == pytest.approx(2 / 3, abs=1e-3)
    assert report["topics"] == [{"topic": "tiny", "asked": 3, "good": 2, "score": 0.6667}]
    assert report["kata"]["kata"] == "nms" and report["kata"]["verdict"] == "pass" and report["kata"]["attempts"] == 2
    assert report["drill"] == ["dlprep quiz --deck tiny"]
    assert (tmp_path / "nms_mock.py").exists()
    assert "Say your answer aloud" in result.stderr and "left]" in result.stderr
    stats = json.loads(invoke("stats", "--json").output)
    assert stats["mocks"][0]["kata"] == "nms" and stats["mocks"][0]["score"] == report["score"]
    reviewed = [r[0] for r in conn.execute("SELECT item FROM reviews ORDER BY ts")]
    assert reviewed == ["tiny.choice", "tiny.numeric", "tiny.recall"]  # mock answers are reviews too
    text = invoke("stats").output
    assert "Mock interviews" in text


def test_mock_text_report_and_time_limit(invoke, tmp_path, monkeypatch, tiny):
    monkeypatch.chdir(tmp_path)
    bad = invoke("mock", "--minutes", "1")
    assert bad.exit_code == 2 and bad.output == "error: --minutes must be between 5 and 600, got 1.0\n"
    result = invoke("mock", "--minutes", "5", "--deck-path", str(tmp_path / "tiny.yaml"), "--deck", "tiny",
                    "--kata", "nms", input="\nq\n")
    assert result.exit_code == 0, result.output
    assert "Mock interview report" in result.output and "Kata nms: not attempted" in result.output
    assert "dlprep kata nms" in result.output  # a kata not passed is the first thing to drill
    quit_at_once = invoke("mock", "--json", input="q\n")
    assert quit_at_once.exit_code == 0 and json.loads(quit_at_once.stdout) == {"started": False}
    assert len(json.loads(invoke("stats", "--json").output)["mocks"]) == 1  # only the mock that started
