"""`dlprep plan [--interview YYYY-MM-DD]`: save the interview plan and show what to do until then."""

import time
from typing import Annotated, Optional

import typer

from dlprep.cli import options, render

UI = {
    "none": ("No interview date set. Run `dlprep plan --interview YYYY-MM-DD` to plan towards one.",
             "还没有设置面试日期。运行 `dlprep plan --interview YYYY-MM-DD` 来制定复习计划。"),
    "kata_due": ("{kata} is due today: run `dlprep kata {kata}`", "{kata} 今天该复习了：运行 `dlprep kata {kata}`"),
    "cleared": ("Interview plan cleared.", "已清除面试计划。"),
    "head": ("Interview on {date}: {days} day(s) left. Target: recall ≥ {target:.0%} on the day.",
             "面试日期 {date}：还剩 {days} 天。目标：面试当天回忆概率 ≥ {target:.0%}。"),
    "scope": ("About: {scope}.", "范围：{scope}。"),
    "ready": ("Everything is predicted above the target on interview day. Keep reviewing what falls due.",
              "预计面试当天所有内容都高于目标。按时复习到期的卡片即可。"),
    "weak": ("Below target on the day: {q} question(s) and {k} kata(s).", "面试当天低于目标：{q} 道题、{k} 个编程题。"),
    "today": ("Today: {cards} card(s) ({new} new) and {katas} kata(s), about {minutes} min at your pace ({per:.0f} s a card). "
              "Run: {command}",
              "今天：{cards} 张卡片（其中新卡 {new} 张）和 {katas} 个编程题，按你的速度约 {minutes} 分钟（每张 {per:.0f} 秒）。"
              "运行：{command}"),
    "col.topic": ("topic", "主题"), "col.weak": ("weak / all", "薄弱 / 全部"), "col.recall": ("recall on the day", "当天回忆概率"),
    "col.drill": ("drill", "练习命令"), "col.kata": ("kata", "编程题"),
    "col.date": ("date", "日期"), "col.cards": ("cards", "卡片"), "col.new": ("new", "新卡"), "col.katas": ("katas", "编程题"),
    "more": ("… {n} more day(s); `--json` lists them all.", "……还有 {n} 天；用 `--json` 查看全部。"),
    "quiz": ("While a plan is set, `dlprep quiz` follows today's quota and asks the cards weakest on interview day first.",
             "设置计划后，`dlprep quiz` 会按今天的配额出题，并优先出面试当天最薄弱的卡片。"),
}
SHOWN_DAYS = 21


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.command("plan", help="Plan towards an interview date: weak topics and katas, a day-by-day workload, and today's quiz.")(plan)


def plan(
    interview: Annotated[Optional[str], typer.Option("--interview", help="Interview date, YYYY-MM-DD (saved).")] = None,
    target: Annotated[Optional[float], typer.Option("--target", help="Recall wanted on the day, between 0 and 1 (saved; default 0.9).")] = None,
    deck: Annotated[Optional[list[str]], typer.Option("--deck", help="Plan only for this deck (repeatable; saved).", autocompletion=options.complete_deck)] = None,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Plan only for questions with this tag (repeatable; saved).")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the saved plan.")] = False,
    json_out: options.Json = False,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    from dlprep.deck.loader import load_decks
    from dlprep.kata.spec import discover
    from dlprep.loop import plan as planning
    from dlprep.quiz.session import QuizOptions, select
    from dlprep.store import open_db

    conn = open_db(readonly=not (clear or interview is not None or target is not None or deck or tag))  # a plain `plan` only reads
    if clear:
        planning.clear(conn)
        if json_out:
            render.emit_json({"interview": None})
        else:
            render.console().print(ui("cleared", lang))
        return
    now = time.time()
    offset = time.localtime(now).tm_gmtoff
    day = planning.parse_date(interview) if interview is not None else None
    decks = load_decks()
    if deck or tag:
        select(decks, QuizOptions(decks=list(deck or []), tags=list(tag or [])))  # unknown names are usage errors
    settings = planning.configure(conn, interview=day, target=target, decks=deck, tags=tag,
                                  today=planning.today_of(now, offset))
    if settings.interview is None:
        if json_out:
            render.emit_json({"interview": None})
        else:
            render.console().print(ui("none", lang))
        return
    result = planning.build(conn, decks, [s.id for s in discover()], settings=settings, now=now, offset=offset)
    if json_out:
        render.emit_json(result.to_json())
        return
    _render(result, lang)


def _command(p) -> str:  # noqa: ANN001
    today = p.days[0] if p.days else None
    parts = ["dlprep quiz"] + [f"--deck {d}" for d in p.decks] + [f"--tag {t}" for t in p.tags]
    return " ".join(parts) if today is None else " ".join(parts) + f"  (--limit {max(1, today.cards)} --new {today.new})"


def _render(p, lang: str) -> None:  # noqa: ANN001
    from rich.table import Table

    con = render.console()
    con.print(ui("head", lang, date=p.interview, days=p.days_left, target=p.target), style="bold")
    if p.decks or p.tags:
        con.print(ui("scope", lang, scope=", ".join(p.decks + [f"#{t}" for t in p.tags])), markup=False)
    for kata in p.katas_due_now:
        con.print(ui("kata_due", lang, kata=kata), markup=False)
    if p.days:
        d = p.days[0]
        minutes = round(d.cards * p.seconds_per_card / 60 + d.katas * 20)
        con.print(ui("today", lang, cards=d.cards, new=d.new, katas=d.katas, minutes=minutes, per=p.seconds_per_card,
                     command=_command(p)), markup=False)
    if not p.weak_questions and not p.weak_katas:
        con.print(ui("ready", lang))
        return
    con.print(ui("weak", lang, q=p.weak_questions, k=p.weak_katas))
    if p.topics:
        table = Table(box=None, pad_edge=False)
        for col in ("topic", "weak", "recall", "drill"):
            table.add_column(ui(f"col.{col}", lang), no_wrap=True)
        for t in p.topics:
            table.add_row(t.name, f"{t.weak} / {t.items}", f"{t.mean_recall:.0%}", f"dlprep quiz --deck {t.name}")
        con.print(table)
    if p.katas:
        table = Table(box=None, pad_edge=False)
        for col in ("kata", "recall", "drill"):
            table.add_column(ui(f"col.{col}", lang), no_wrap=True)
        for k in p.katas:
            table.add_row(k.kata, f"{k.recall:.0%}", f"dlprep kata {k.kata}")
        con.print(table)
    table = Table(box=None, pad_edge=False)
    for col in ("date", "cards", "new", "katas"):
        table.add_column(ui(f"col.{col}", lang), no_wrap=True, justify="left" if col == "date" else "right")
    for d in p.days[:SHOWN_DAYS]:
        table.add_row(d.date, str(d.cards), str(d.new), str(d.katas))
    con.print(table)
    if len(p.days) > SHOWN_DAYS:
        con.print(ui("more", lang, n=len(p.days) - SHOWN_DAYS), style="dim")
    con.print(ui("quiz", lang), style="dim")
