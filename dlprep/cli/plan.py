"""`dlprep plan [--interview YYYY-MM-DD]`: save the interview date and show what to do until then."""

import time
from typing import Annotated, Optional

import typer

from dlprep.cli import options, render

UI = {
    "none": ("No interview date set. Run `dlprep plan --interview YYYY-MM-DD` to plan towards one.",
             "还没有设置面试日期。运行 `dlprep plan --interview YYYY-MM-DD` 来制定复习计划。"),
    "kata_due": ("{kata} is due today: run `dlprep kata {kata}`", "{kata} 今天该复习了：运行 `dlprep kata {kata}`"),
    "cleared": ("Interview date cleared.", "已清除面试日期。"),
    "head": ("Interview on {date}: {days} day(s) left. Target: recall ≥ {target:.0%} on the day.",
             "面试日期 {date}：还剩 {days} 天。目标：面试当天回忆概率 ≥ {target:.0%}。"),
    "ready": ("Everything is predicted above the target on interview day. Keep reviewing what falls due.",
              "预计面试当天所有内容都高于目标。按时复习到期的卡片即可。"),
    "weak": ("Below target on the day: {q} question(s) and {k} kata(s).", "面试当天低于目标：{q} 道题、{k} 个编程题。"),
    "col.topic": ("topic", "主题"), "col.weak": ("weak / all", "薄弱 / 全部"), "col.recall": ("recall on the day", "当天回忆概率"),
    "col.drill": ("drill", "练习命令"), "col.kata": ("kata", "编程题"),
    "col.date": ("date", "日期"), "col.cards": ("cards", "卡片"), "col.katas": ("katas", "编程题"),
    "more": ("… {n} more day(s); `--json` lists them all.", "……还有 {n} 天；用 `--json` 查看全部。"),
    "quiz": ("`dlprep quiz` now asks the cards weakest on interview day first.", "`dlprep quiz` 现在会优先出面试当天最薄弱的卡片。"),
}
SHOWN_DAYS = 21


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.command("plan", help="Plan towards an interview date: weak topics and katas, and a day-by-day workload.")(plan)


def plan(
    interview: Annotated[Optional[str], typer.Option("--interview", help="Interview date, YYYY-MM-DD (saved).")] = None,
    target: Annotated[Optional[float], typer.Option("--target", help="Recall wanted on the day, 0-1 (saved; default 0.9).")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget the saved interview date.")] = False,
    json_out: options.Json = False,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    from dlprep import plan as planning
    from dlprep.store import meta, open_db

    conn = open_db()
    if clear:
        meta.delete(conn, meta.INTERVIEW, meta.TARGET)
        if json_out:
            render.emit_json({"interview": None})
        else:
            render.console().print(ui("cleared", lang))
        return
    day = planning.parse_date(interview) if interview is not None else None
    saved_day, saved_target = planning.stored(conn)
    day = day or saved_day
    if day is None:
        if json_out:
            render.emit_json({"interview": None})
        else:
            render.console().print(ui("none", lang))
        return
    chosen_target = target if target is not None else saved_target
    from dlprep.deck.loader import load_decks
    from dlprep.kata.spec import discover

    now = time.time()
    result = planning.build(conn, load_decks(), [s.id for s in discover()], interview=day, now=now,
                            offset=time.localtime(now).tm_gmtoff, target=chosen_target)
    if interview is not None or target is not None:  # saved only once it proved valid
        meta.put(conn, {meta.INTERVIEW: day.isoformat(), meta.TARGET: repr(chosen_target)})
    if json_out:
        render.emit_json(result.to_json())
        return
    _render(result, lang)


def _render(p, lang: str) -> None:  # noqa: ANN001
    from rich.table import Table

    con = render.console()
    con.print(ui("head", lang, date=p.interview, days=p.days_left, target=p.target), style="bold")
    for kata in p.katas_due_now:
        con.print(ui("kata_due", lang, kata=kata), markup=False)
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
    for col in ("date", "cards", "katas"):
        table.add_column(ui(f"col.{col}", lang), no_wrap=True, justify="left" if col == "date" else "right")
    for d in p.days[:SHOWN_DAYS]:
        table.add_row(d.date, str(d.cards), str(d.katas))
    con.print(table)
    if len(p.days) > SHOWN_DAYS:
        con.print(ui("more", lang, n=len(p.days) - SHOWN_DAYS), style="dim")
    con.print(ui("quiz", lang), style="dim")
