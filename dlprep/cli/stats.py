"""`dlprep stats`: render dlprep.stats figures as tables, a heatmap and a sparkline, or as JSON."""

import time
from datetime import datetime
from typing import Annotated, Optional

import typer

from dlprep import errors, text
from dlprep.cli import options, render

UI = {
    "empty": ("No progress yet. Start with `dlprep quiz` for concept questions or `dlprep kata list` for coding katas.",
              "还没有任何进度。先运行 `dlprep quiz` 复习概念题，或 `dlprep kata list` 查看编程练习。"),
    "overview": ("Streak {streak} day(s) · reviews today {today} · all reviews {total} · kata attempts {katas} · due now {due}",
                 "连续 {streak} 天 · 今日复习 {today} · 累计复习 {total} · 编程尝试 {katas} · 当前到期 {due}"),
    "forecast": ("Due: {days}", "到期：{days}"),
    "forecast.today": ("today {n}", "今天 {n}"),
    "legend": ("retention = reviews in the last 30 days not rated Again; recall now = FSRS's predicted chance you remember a seen card today.",
               "保持率 = 最近 30 天的复习中没有评为“忘记”的比例；当前回忆率 = FSRS 预测你此刻还记得已学卡片的概率。"),
    "col.solve": ("best solve", "最快解题"), "col.grading": ("grading s", "评测(秒)"),
    "untried": ("… {n} kata(s) not tried yet: `dlprep kata next` suggests one.", "……还有 {n} 个编程题没做过：`dlprep kata next` 会推荐一个。"),
    "decks": ("Decks (weakest first)", "题库（从弱到强）"), "tags": ("Topics (weakest first)", "主题（从弱到强）"),
    "weakest": ("Drill next:", "下一步练习："),
    "katas": ("Katas", "编程练习"),
    "activity": ("Activity, last 16 weeks (reviews + kata attempts)", "最近 16 周的活动（复习 + 编程尝试）"),
    "col.name": ("name", "名称"), "col.seen": ("seen", "已学"), "col.mature": ("mature", "熟练"),
    "col.retention": ("retention", "保持率"), "col.recall": ("recall now", "当前回忆率"),
    "col.kata": ("kata", "练习"), "col.status": ("status", "状态"), "col.attempts": ("tries", "尝试"),
    "col.first": ("passed on", "首次通过"), "col.hints": ("hints", "提示"),
    "status.not_tried": ("not tried", "未尝试"), "status.failing": ("failing", "未通过"), "status.passed": ("passed", "已通过"),
    "col.katas": ("katas", "编程题"), "col.due": ("due", "下次复习"),
    "col.concepts": ("topic", "相关概念"),
    "mocks": ("Mock interviews (latest first)", "模拟面试（最新在前）"),
    "mock_line": ("  {date}  score {score} on {n} questions, {minutes:.0f} min · kata {kata}: {verdict} · next: {drill}",
                  "  {date}  {n} 道题得分 {score}，用时 {minutes:.0f} 分钟 · 编程题 {kata}：{verdict} · 接下来：{drill}"),
    "more": ("… {n} more (--all shows them)", "……还有 {n} 项（用 --all 查看全部）"),
}
SHADES = " ░▒▓█"
DECK_ROWS = 4  # the default view fits a 40-row terminal; --all shows every row
TAG_ROWS = 4
KATA_ROWS = 4
DRILL_ROWS = 2
MOCK_ROWS = 1


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.command("stats", help="Show your progress: streak, due cards, mastery by deck and topic, katas, activity.")(stats)


def stats(
    deck: Annotated[Optional[list[str]], typer.Option("--deck", help="Only this deck (repeatable).", autocompletion=options.complete_deck)] = None,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Only questions with this tag (repeatable).")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Only activity since this date (YYYY-MM-DD).")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Every deck, topic and kata (the default view fits a 40-row terminal).")] = False,
    json_out: options.Json = False,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    since_ts = None
    if since is not None:
        try:
            since_ts = datetime.strptime(since, "%Y-%m-%d").timestamp()
        except ValueError:
            raise errors.UsageError(message=text.both("usage.date", option="--since", value=since)) from None
    con = render.console()
    if not (json_out or deck or tag) and _nothing_recorded():
        con.print(ui("empty", lang), markup=False)  # the dashboard's modules and decks are not even loaded
        return
    from dlprep import stats as stats_mod
    from dlprep.deck.loader import load_decks
    from dlprep.kata.spec import discover
    from dlprep.store import open_db

    decks = load_decks()
    for name in deck or []:
        if decks.deck(name) is None:
            raise errors.DeckNotFound(name=name, known=", ".join(d.id for d in decks.decks))
    now = time.time()
    figures = stats_mod.compute(open_db(readonly=True), decks, {s.id: s.tags for s in discover()}, now=now, offset=stats_mod.local_offset(now),
                                deck_filter=list(deck or []), tag_filter=list(tag or []), since=since_ts)
    if json_out:
        render.emit_json(figures.to_json())
        return
    if figures.empty:
        con.print(ui("empty", lang), markup=False)
        return
    cap = (lambda n: None) if show_all else (lambda n: n)
    _overview(con, figures, lang, now)
    _mastery(con, ui("decks", lang), figures.decks, lang, cap(DECK_ROWS))
    _mastery(con, ui("tags", lang), figures.tags, lang, cap(TAG_ROWS))
    if figures.weakest:
        con.print(ui("weakest", lang) + "  " + " · ".join(w["command"] for w in figures.weakest[:cap(DRILL_ROWS)]),
                  style="bold", markup=False)
    _katas(con, figures.katas, lang, cap(KATA_ROWS))
    _mocks(con, figures.mocks[:cap(MOCK_ROWS)], lang)
    _heatmap(con, figures.activity, lang)


def _nothing_recorded() -> bool:
    """No database yet (nothing is created to find out), or one without a review or an attempt."""
    import os

    from dlprep import paths

    if not os.path.lexists(paths.database()):  # a dangling link is not "no database": open_db names it
        return True
    from dlprep.store import aggregates, open_db

    return aggregates.is_empty(open_db(readonly=True))


def _overview(con, f, lang: str, now: float) -> None:  # noqa: ANN001
    o = f.overview
    con.print(ui("overview", lang, streak=o.streak_days, today=o.reviews_today, total=o.reviews_total,
                 katas=o.kata_attempts, due=o.due_now), style="bold", markup=False)
    days = [ui("forecast.today", lang, n=o.forecast[0])] + [
        f"{time.strftime('%a %m-%d' if lang != 'zh' else '%m-%d', time.localtime(now + i * 86400))} {n}"
        for i, n in enumerate(o.forecast) if i]
    con.print(ui("forecast", lang, days=" · ".join(days)), markup=False)
    con.print(ui("legend", lang), style="dim", markup=False)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _mastery(con, title: str, rows, lang: str, cap: int | None) -> None:  # noqa: ANN001
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column(title, overflow="fold", max_width=24, header_style="bold")
    for key in ("seen", "mature", "retention", "recall"):
        table.add_column(ui(f"col.{key}", lang), justify="right", no_wrap=True)
    shown = rows if cap is None else rows[:cap]
    with_katas = any(m.katas for m in shown)
    if with_katas:
        table.add_column(ui("col.katas", lang), overflow="fold")
    marks = {"passed": "✓", "failing": "✗", "not_tried": "·"}
    for m in shown:
        cells = [m.name, f"{m.seen}/{m.total}", str(m.mature), _pct(m.retention), _pct(m.retrievability)]
        if with_katas:
            cells.append(" ".join(f"{k['kata']} {marks[k['status']]}" for k in m.katas))
        table.add_row(*cells)
    con.print(table)
    if cap is not None and len(rows) > cap:
        con.print(ui("more", lang, n=len(rows) - cap), style="dim", markup=False)


def _katas(con, katas, lang: str, cap: int | None) -> None:  # noqa: ANN001
    from rich.table import Table

    tried = [k for k in katas if k.status != "not_tried"]
    untried = len(katas) - len(tried)
    if cap is None:
        tried, untried = katas, 0
    table = Table(title=ui("katas", lang), title_justify="left", box=None, pad_edge=False, show_edge=False)
    for key in ("kata", "status", "attempts", "solve", "grading", "hints", "due", "concepts"):
        table.add_column(ui(f"col.{key}", lang), justify="right" if key in ("attempts", "hints", "solve", "grading") else "left",
                         no_wrap=True)
    styles = {"passed": "green", "failing": "red", "not_tried": "dim"}
    shown = tried if cap is None else tried[:cap]
    for k in shown:
        solve = "—" if k.best_solve_min is None else f"{k.best_solve_min:.0f} min"
        table.add_row(k.kata, f"[{styles[k.status]}]{ui('status.' + k.status, lang)}[/]", str(k.attempts), solve,
                      "—" if k.best_seconds is None else f"{k.best_seconds:.2f}", str(k.hints_used),
                      k.next_due or "—", _concepts(k.concepts))
    if shown:
        con.print(table)
    hidden = untried + (len(tried) - len(shown))
    if hidden:
        con.print(ui("untried", lang, n=hidden) if untried and len(tried) == len(shown) else ui("more", lang, n=hidden),
                  style="dim", markup=False)


def _concepts(c: dict) -> str:
    """The kata's topic on the concept side: questions seen of those sharing its tags, then their retention."""
    if not c.get("total"):
        return "—"
    return f"{c['seen']}/{c['total']} {_pct(c['retention'])}"


def _mocks(con, rows, lang: str) -> None:  # noqa: ANN001
    if not rows:
        return
    con.print(ui("mocks", lang), style="bold", markup=False)
    for m in rows:
        verdict = m["kata_verdict"] or "—"
        con.print(ui("mock_line", lang, date=m["date"], score=_pct(m["score"]), n=m["questions"],
                     minutes=m["minutes_used"] or 0, kata=m["kata"] or "—", verdict=verdict,
                     drill=", ".join(m["drill"])), markup=False)


def _heatmap(con, days, lang: str) -> None:  # noqa: ANN001
    """A GitHub-style calendar: one column per week, one row per weekday, shade by activity."""
    from rich.text import Text

    con.print(ui("activity", lang), style="bold", markup=False)
    counts = [d["reviews"] + d["katas"] for d in days]
    peak = max(counts) or 1
    first_weekday = datetime.strptime(days[0]["date"], "%Y-%m-%d").weekday()
    cells = [None] * first_weekday + counts
    weeks = [cells[i:i + 7] for i in range(0, len(cells), 7)]
    colours = ["grey30", "green4", "green3", "green1", "bright_green"]
    names = ("Mon", "", "Wed", "", "Fri", "", "Sun") if lang != "zh" else ("一", "", "三", "", "五", "", "日")
    for weekday in range(7):
        line = Text(f"  {names[weekday]:<4}")
        for week in weeks:
            value = week[weekday] if weekday < len(week) else None
            if value is None:
                line.append("  ")
                continue
            level = 0 if value == 0 else 1 + min(3, int(3 * value / peak))
            line.append(("·" if level == 0 else SHADES[level]) + " ", style=colours[level])
        con.print(line)
