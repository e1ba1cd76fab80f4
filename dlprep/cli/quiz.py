"""`dlprep quiz`: the terminal loop only (prompts, keys, piped-stdin mode); decisions live in dlprep.quiz.

On a terminal or through a pipe the loop is the same: one line per answer, and for recall questions
one line per rating (1-4, Enter takes the suggestion when there is one, `p 1 3` says which key points
were really covered). `?` shows help, `s` skips, `u` undoes the last rating, `q` quits. Output is
plain when stdout is not a TTY or NO_COLOR is set.
"""

import sys
import time
from datetime import datetime
from typing import Annotated, Optional

import typer

from dlprep.cli import interact, options, render

UI = {
    "empty": ("Nothing to review right now. Try `dlprep quiz --mode new`, `--mode cram`, or another --deck/--tag.",
              "现在没有需要复习的题目。试试 `dlprep quiz --mode new`、`--mode cram`，或换一个 --deck/--tag。"),
    "header": ("[{n}/{total}] {deck} · {tags} · {kind}", "[{n}/{total}] {deck} · {tags} · {kind}"),
    "new": ("new", "新题"), "review": ("review", "复习"), "again": ("again, learning step", "再次出现（学习步骤）"),
    "ask.recall": ("Your answer (Enter to reveal) > ", "你的回答（回车查看答案）> "),
    "ask.choice": ("Letter(s) > ", "选项字母 > "),
    "ask.numeric": ("Number > ", "数值 > "),
    "help": ("Type your answer and press Enter. s = skip, u = undo the last rating, q = quit, ? = this help. "
             "For recall questions, rate yourself 1-4 after seeing the answer (Enter takes the suggestion), "
             "or type p and the numbers of the key points you really covered.",
             "输入答案后回车。s = 跳过，u = 撤销上一次评分，q = 退出，? = 帮助。回忆题看到答案后用 1-4 给自己评分"
             "（回车采用建议），或输入 p 加上你实际覆盖的要点编号。"),
    "bad.letters": ("Answer with the letter(s) of the choices, e.g. B or A,C.", "请输入选项字母，例如 B 或 A,C。"),
    "bad.number": ("Answer with a number, e.g. 0.25, 1/4 or 25%.", "请输入数字，例如 0.25、1/4 或 25%。"),
    "skipped": ("Skipped (it stays due).", "已跳过（仍然到期）。"),
    "undone": ("Undid the rating of the previous question; it comes back now.", "已撤销上一题的评分，它会重新出现。"),
    "nothing_to_undo": ("Nothing to undo.", "没有可以撤销的评分。"),
    "summary": ("Done: {answered} answered ({repeats} again in learning steps), {correct}/{graded} auto-graded correct, "
                "{skipped} skipped, {minutes:.1f} min.",
                "完成：作答 {answered} 次（其中学习步骤重现 {repeats} 次），自动判分 {graded} 题中答对 {correct} 题，"
                "跳过 {skipped} 题，用时 {minutes:.1f} 分钟。"),
    "next_due": ("Next card due {when}; {count} due within 24 h.", "下一张卡片到期时间 {when}；24 小时内到期 {count} 张。"),
    "kata_due": ("{kata} is due: run `dlprep kata {kata}`", "{kata} 该复习了：运行 `dlprep kata {kata}`"),
    "warn_deck": ("warning: {problem} (skipped)", "警告：{problem}（已跳过）"),
    "because": ("Due now because your {kata} attempt failed{mistake}.", "现在到期，因为你的 {kata} 尝试没有通过{mistake}。"),
    "because.mistake": (" ({name})", "（{name}）"),
}


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.command("quiz", help="Review concept questions with spaced repetition (due cards first, then new ones).")(quiz)


def quiz(
    deck: Annotated[Optional[list[str]], typer.Option("--deck", help="Only this deck (repeatable).", autocompletion=options.complete_deck)] = None,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Only questions with this tag (repeatable).")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", help="Questions in this session (default 20, or the plan's quota).")] = None,
    new: Annotated[Optional[int], typer.Option("--new", help="New cards allowed in this session (default 10, or the plan's quota).")] = None,
    mode: Annotated[str, typer.Option("--mode", help="all (due then new), due, new, or cram (any card, schedule untouched).")] = "all",
    seed: Annotated[Optional[int], typer.Option("--seed", help="Seed for the order of new cards, choice options and generated numbers.")] = None,
    deck_path: options.DeckPath = None,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    from dlprep.deck.loader import load_decks
    from dlprep.loop import plan as planning
    from dlprep.quiz.session import QuizOptions, Session
    from dlprep.store import open_db

    limit = options.bounded_int(limit, "--limit", 1, 10_000) if limit is not None else None
    new = options.bounded_int(new, "--new", 0, 10_000) if new is not None else None
    deckset = load_decks(options.deck_paths(deck_path))
    for problem in deckset.fatal:
        sys.stderr.write(ui("warn_deck", lang, problem=problem.render(lang)) + "\n")
    conn = open_db()
    now = time.time()
    quota = None
    if (limit is None or new is None) and planning.stored(conn).interview is not None:
        from dlprep.kata.spec import discover

        quota = planning.daily_quota(conn, deckset, [s.id for s in discover()], now, time.localtime(now).tm_gmtoff)
    if quota is not None and not (deck or tag):  # the plan is about these decks and tags
        deck, tag = quota.decks, quota.tags
    opts = QuizOptions(mode=mode, decks=list(deck or []), tags=list(tag or []),
                       limit=limit if limit is not None else (quota.limit if quota else 20),
                       new_limit=new if new is not None else (quota.new if quota else 10), seed=seed)
    session = Session(deckset, conn, opts, now, interview_ts=planning.interview_ts(conn, now, time.localtime(now).tm_gmtoff))
    con = render.console()
    _katas_due(session.due_katas, lang, con)
    if not len(session):
        con.print(ui("empty", lang))
        return
    n = 0
    try:
        while (item := session.next(time.time())) is not None:
            if not item.repeat:
                n += 1
            _ask(session, item, n, lang, con)
    except interact.Quit:
        pass
    summary = session.finish(time.time())
    con.print(ui("summary", lang, answered=summary.answered, repeats=summary.repeats, correct=summary.correct,
                 graded=summary.auto_graded, skipped=summary.skipped, minutes=summary.seconds / 60), markup=False)
    if summary.next_due_ts:
        when = datetime.fromtimestamp(summary.next_due_ts).strftime("%Y-%m-%d %H:%M")
        con.print(ui("next_due", lang, when=when, count=summary.due_next_day))
    _katas_due(session.due_katas, lang, con)


def _katas_due(katas: list[str], lang: str, con) -> None:  # noqa: ANN001
    for kata in katas:
        con.print(ui("kata_due", lang, kata=kata), markup=False)


def _ask(session, item, n: int, lang: str, con) -> None:  # noqa: ANN001
    q = item.question
    kind = "again" if item.repeat else ("new" if item.is_new else "review")
    interact.show_question(con, item, ui("header", lang, n=n, total=len(session), deck=q.deck, tags=", ".join(q.tags),
                                         kind=ui(kind, lang)), lang)
    if q.id in session.due_reasons and not item.repeat:
        con.print(_because(session.due_reasons[q.id], lang), style="dim", markup=False)
    started = time.monotonic()
    while True:
        typed = interact.read_line(con, ui(f"ask.{q.type}", lang))
        command = typed.strip().lower()
        if command == "q":
            raise interact.Quit
        if command == "s":
            session.skip()
            con.print(ui("skipped", lang), markup=False)
            return
        if command == "u":
            session.queue.insert(0, item)
            back = session.undo()
            if back is None:
                session.queue.pop(0)
                con.print(ui("nothing_to_undo", lang), markup=False)
                continue
            con.print(ui("undone", lang), markup=False)
            return
        if command == "?":
            con.print(ui("help", lang), markup=False)
            continue
        graded = session.grade(item, typed)
        if graded.problem and q.type != "recall":
            con.print(ui(f"bad.{'letters' if q.type == 'choice' else 'number'}", lang), markup=False)
            continue
        break
    interact.reveal(con, item, graded, lang)
    rating = graded.suggested
    if q.type == "recall":
        rating = _rate(session, item, graded, lang, con)
    duration = int((time.monotonic() - started) * 1000)
    now = time.time()
    card = session.record(item, graded, rating, typed, duration, now)
    if card is not None:
        interact.after_rating(con, rating, card.due_ts - now, any(t[2].question.id == q.id for t in session.learning), lang)


def _because(reason: str, lang: str) -> str:
    """Why a card a failed kata brought back is due: the kata and, when one was named, the mistake."""
    kata, _, mistake = reason.partition(":")
    name = ""
    if mistake:
        try:
            from dlprep.kata.spec import find

            found = next((m for m in find(kata).mistakes if m.id == mistake), None)
            name = ui("because.mistake", lang, name=found.name[lang]) if found else ""
        except Exception:  # noqa: BLE001 -- a kata renamed since: the reason without its name
            name = ""
    return ui("because", lang, kata=kata, mistake=name)


def _rate(session, item, graded, lang: str, con):  # noqa: ANN001, ANN202
    """The user's rating: the suggestion, a rating of their own, or one that follows from the points they say they covered."""
    from dlprep.quiz import answer as grading

    points = len(item.question.key_points)
    interact.suggestion_line(con, graded, points, lang)
    suggested = graded.suggested
    while True:
        what, value = interact.ask_rating(con, lang, suggested, session.intervals(item, time.time()), points)
        if what == "rate":
            return value
        graded.covered = value
        suggested, graded.reason = grading.rate_covered(len(value), points, misconception=graded.misconception is not None)
        con.print(interact.ui("covered.you", lang, n=len(value), total=points, rating=suggested.text(lang)), markup=False)
