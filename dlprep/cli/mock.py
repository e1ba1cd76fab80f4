"""`dlprep mock`: a timed mock interview in the terminal; choices, clock and scoring live in dlprep.loop.mock.

Recall questions are answered aloud: the user presses Enter to reveal the reference answer and
rates themselves. Choice and numeric questions are typed and graded. Then one kata, graded as
often as the user likes until the time is up, with no hints. Every line shows the time left.
With --json the session talks on stderr and stdout gets only the final report.
"""

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from dlprep import text
from dlprep.cli import interact, options, render

UI = {
    "intro": ("Mock interview: {n} question(s) and the kata {kata} in {minutes:g} minutes. No hints. "
              "Press Enter to start (q quits).",
              "模拟面试：{minutes:g} 分钟内完成 {n} 道题和编程题 {kata}。没有提示。按回车开始（q 退出）。"),
    "intro_nokata": ("Mock interview: {n} question(s) in {minutes:g} minutes. Press Enter to start (q quits).",
                     "模拟面试：{minutes:g} 分钟内完成 {n} 道题。按回车开始（q 退出）。"),
    "left": ("[{clock} left]", "[剩余 {clock}]"),
    "header": ("[{n}/{total}] {deck} · {kind}", "[{n}/{total}] {deck} · {kind}"),
    "aloud": ("Say your answer aloud, then press Enter to reveal > ", "先把答案说出来，然后按回车查看 > "),
    "rate": ("How did you do? 1 again · 2 hard · 3 good · 4 easy > ", "你答得如何？1 忘记 · 2 困难 · 3 良好 · 4 简单 > "),
    "bad.rating": ("Type 1, 2, 3 or 4.", "请输入 1、2、3 或 4。"),
    "not_started": ("Not started; nothing was saved.", "未开始，没有保存任何记录。"),
    "timeup": ("Time is up.", "时间到。"),
    "kata": ("Now the kata {kata}. Write your solution in {file} (the starter is there), then press Enter to grade it; "
             "or type the path of another file. q stops.",
             "现在是编程题 {kata}。在 {file} 中写出你的解答（初始代码已写入），然后按回车评测；也可以输入另一个文件的路径。q 结束。"),
    "grade": ("Enter to grade {file} > ", "回车评测 {file} > "),
    "verdict": ("{kata}: {verdict} ({seconds:.1f} s). {message}", "{kata}：{verdict}（{seconds:.1f} 秒）。{message}"),
    "missing": ("{file} does not exist yet.", "{file} 还不存在。"),
    "report": ("Mock interview report", "模拟面试报告"),
    "score": ("Score: {good}/{total} questions answered well ({share:.0%}) in {minutes:.1f} of {planned:g} minutes.",
              "得分：{total} 道题中答好 {good} 道（{share:.0%}），用时 {minutes:.1f} / {planned:g} 分钟。"),
    "col.topic": ("topic", "主题"), "col.score": ("score", "得分"),
    "col.question": ("question", "题目"), "col.result": ("result", "结果"), "col.time": ("time", "用时"),
    "kata_line": ("Kata {kata}: {verdict} after {attempts} attempt(s), {minutes:.1f} min.",
                  "编程题 {kata}：{verdict}，提交 {attempts} 次，用时 {minutes:.1f} 分钟。"),
    "kata_skipped": ("Kata {kata}: not attempted.", "编程题 {kata}：未作答。"),
    "next": ("Drill next: {commands}", "接下来练习：{commands}"),
    "saved": ("Saved; `dlprep stats` shows your mock interviews.", "已保存；`dlprep stats` 会显示你的模拟面试记录。"),
    "good": ("good", "好"), "weak": ("weak", "弱"), "skipped": ("skipped", "跳过"),
    "ask.choice": ("Letter(s) > ", "选项字母 > "), "ask.numeric": ("Number > ", "数值 > "),
    "bad.letters": ("Answer with the letter(s) of the choices, e.g. B or A,C.", "请输入选项字母，例如 B 或 A,C。"),
    "bad.number": ("Answer with a number, e.g. 0.25, 1/4 or 25%.", "请输入数字，例如 0.25、1/4 或 25%。"),
}


class _Stop(Exception):
    """The user typed q or the time ran out (input ending raises interact.Quit)."""


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.command("mock", help="A timed mock interview: weak concept questions and one kata, then a report.")(mock)


def mock(
    minutes: Annotated[float, typer.Option("--minutes", help="Length of the interview in minutes (5-600).")] = 45,
    kata: Annotated[Optional[str], typer.Option("--kata", help="The kata to include (default: the one most in need).")] = None,
    deck: Annotated[Optional[list[str]], typer.Option("--deck", help="Only questions from this deck (repeatable).", autocompletion=options.complete_deck)] = None,
    deck_path: options.DeckPath = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Seed for the choice of questions and generated numbers.")] = None,
    json_out: options.Json = False,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    from dlprep.deck.loader import load_decks
    from dlprep.kata.spec import discover
    from dlprep.loop import mock as mocking
    from dlprep.quiz.session import QuizOptions, Session, select
    from dlprep.store import mocks, open_db, reviews

    deckset = load_decks(options.deck_paths(deck_path))
    pool = select(deckset, QuizOptions(decks=list(deck or [])))
    conn = open_db()
    now = time.time()
    setup = mocking.choose(pool, reviews.load_cards(conn), discover(), minutes=minutes, now=now, seed=seed, kata=kata)
    con = render.err_console() if json_out else render.console()
    session = Session(deckset, conn, QuizOptions(seed=seed), now, questions=setup.questions)
    clock = mocking.Clock(minutes)
    if setup.kata:
        con.print(ui("intro", lang, n=len(setup.questions), kata=setup.kata.id, minutes=minutes), markup=False)
    else:
        con.print(ui("intro_nokata", lang, n=len(setup.questions), minutes=minutes), markup=False)
    answers: list[mocking.Answer] = []
    kata_result = mocking.KataResult(setup.kata.id, None, 0, 0.0) if setup.kata else None
    try:
        _line(con, "> ")
        clock.start()
        _questions(session, answers, clock, lang, con)
        if setup.kata:
            _kata(setup.kata, conn, deckset, kata_result, clock, lang, con)
    except (_Stop, interact.Quit):
        pass
    if clock.started is None:  # quit at the start: nothing happened, so nothing is saved
        con.print(ui("not_started", lang), markup=False)
        if json_out:
            render.emit_json({"started": False})
        return
    if clock.over():
        con.print(ui("timeup", lang), style="bold", markup=False)
    answers += mocking.unreached(setup, answers)
    result = mocking.report(answers, kata_result, minutes=minutes, started=clock.started, ended=time.time())
    mocks.save(conn, ts=result.ts, minutes=minutes, report=result.to_json())
    if json_out:
        render.emit_json(result.to_json())
    else:
        _render(result, deckset, lang, con)


def _line(con, prompt: str) -> str:  # noqa: ANN001
    """A line of input, with `q` stopping the mock at any prompt."""
    line = interact.read_line(con, prompt)
    if line.strip().lower() == "q":
        raise _Stop
    return line


def _left(clock, lang: str) -> str:  # noqa: ANN001
    s = max(0, int(clock.left()))
    return ui("left", lang, clock=f"{s // 60:02d}:{s % 60:02d}")


def _questions(session, answers, clock, lang: str, con) -> None:  # noqa: ANN001
    from dlprep.loop import mock as mocking

    n = 0
    while (item := session.next(time.time())) is not None:
        if clock.over():
            raise _Stop
        if item.repeat:  # a mock asks each question once; learning steps wait for the next quiz
            continue
        n += 1
        q = item.question
        interact.show_question(con, item, _left(clock, lang) + " " + ui("header", lang, n=n, total=len(session),
                                                                        deck=q.deck, kind=q.type), lang)
        began = time.monotonic()
        if q.type == "recall":
            _line(con, ui("aloud", lang))
            graded = session.grade(item, "")
            interact.reveal(con, item, graded, lang, coverage=False)
            rating = _rating(con, lang)
            typed = ""
        else:
            while True:
                typed = _line(con, ui(f"ask.{q.type}", lang))
                graded = session.grade(item, typed)
                if not graded.problem:
                    break
                con.print(ui(f"bad.{'letters' if q.type == 'choice' else 'number'}", lang), markup=False)
            interact.reveal(con, item, graded, lang)
            rating = graded.suggested
        seconds = time.monotonic() - began
        session.record(item, graded, rating, typed, int(seconds * 1000), time.time())
        answers.append(mocking.answer_of(item, graded, rating, seconds))


def _rating(con, lang: str):  # noqa: ANN202, ANN001
    from dlprep.schedule import Rating

    while True:
        typed = _line(con, ui("rate", lang)).strip()
        if typed in ("1", "2", "3", "4"):
            return Rating(int(typed))
        con.print(ui("bad.rating", lang), markup=False)


def _kata(spec, conn, deckset, result, clock, lang: str, con) -> None:  # noqa: ANN001
    import os

    from dlprep.cli.kata import show_statement
    from dlprep.kata import service
    from dlprep.kata.sandbox import Limits
    from dlprep.kata.verdict import verdict_name
    from dlprep.loop import katas as loop_katas
    from dlprep.loop import mock as mocking

    if clock.over():
        raise _Stop
    target = Path(mocking.fresh_path(spec.id, os.path.exists))
    service.write_starter(spec, target)
    loop_katas.mark_started(conn, spec)
    began = time.time()
    con.print()
    con.print(_left(clock, lang), style="dim", markup=False)
    show_statement(spec, lang, con)
    con.print(ui("kata", lang, kata=spec.id, file=target), style="bold", markup=False)
    result.file = str(target)
    while not clock.over():
        typed = _line(con, _left(clock, lang) + " " + ui("grade", lang, file=target)).strip()
        path = Path(typed) if typed else target
        if not path.is_file():
            con.print(ui("missing", lang, file=path), markup=False)
            continue
        try:
            report = service.grade_file(spec, path, limits=Limits(timeout_s=clock.kata_budget()))
        except KeyboardInterrupt:
            raise _Stop from None
        loop_katas.record(conn, spec, report, deckset)
        result.attempts += 1
        result.verdict = report.verdict.value
        result.minutes = round((time.time() - began) / 60, 2)
        con.print(ui("verdict", lang, kata=spec.id, verdict=verdict_name(report.verdict, lang), seconds=report.duration_s,
                     message=text.pick(report.message, lang)), style="green" if report.passed else "red", markup=False)
        if report.passed:
            return
    raise _Stop


def _render(r, deckset, lang: str, con) -> None:  # noqa: ANN001
    from rich.table import Table

    con.print()
    con.print(ui("report", lang), style="bold")
    good = sum(a.good for a in r.questions)
    con.print(ui("score", lang, good=good, total=len(r.questions), share=r.score, minutes=r.minutes_used,
                 planned=r.minutes_planned), markup=False)
    table = Table(box=None, pad_edge=False)
    for col in ("topic", "score"):
        table.add_column(ui(f"col.{col}", lang), no_wrap=True)
    for t in r.topics:
        table.add_row(t["topic"], f"{t['good']}/{t['asked']}")
    con.print(table)
    table = Table(box=None, pad_edge=False)
    for col in ("question", "result", "time"):
        table.add_column(ui(f"col.{col}", lang), no_wrap=col != "question")
    for a in r.questions:
        q = deckset.by_id.get(a.id)
        title = text.pick(q.prompt, lang) if q is not None and q.prompt.get("en") else a.id
        result = ui("skipped", lang) if a.rating is None else ui("good" if a.good else "weak", lang)
        table.add_row(render.escape(title[:60] + ("…" if len(title) > 60 else "")), result, f"{a.seconds:.0f} s")
    con.print(table)
    if r.kata is not None and not r.kata.attempted:
        con.print(ui("kata_skipped", lang, kata=r.kata.kata), markup=False)
    elif r.kata is not None:
        from dlprep.kata.verdict import Verdict, verdict_name

        con.print(ui("kata_line", lang, kata=r.kata.kata, verdict=verdict_name(Verdict(r.kata.verdict), lang),
                     attempts=r.kata.attempts, minutes=r.kata.minutes), markup=False)
    con.print(ui("next", lang, commands=", ".join(f"`{c}`" for c in r.drill)), markup=False)
    con.print(ui("saved", lang), style="dim", markup=False)
