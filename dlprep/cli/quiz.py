"""`dlprep quiz`: the terminal loop only (prompts, keys, piped-stdin mode); decisions live in dlprep.quiz.

On a terminal or through a pipe the loop is the same: one line per answer, and for recall
questions one line per rating (1-4, Enter takes the suggestion). `?` shows help, `s` skips,
`q` quits. Output is plain when stdout is not a TTY or NO_COLOR is set.
"""

import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from dlprep import errors, text
from dlprep.cli import options, render

UI = {
    "empty": ("Nothing to review right now. Try `dlprep quiz --mode new`, `--mode cram`, or another --deck/--tag.",
              "现在没有需要复习的题目。试试 `dlprep quiz --mode new`、`--mode cram`，或换一个 --deck/--tag。"),
    "header": ("[{n}/{total}] {deck} · {tags} · {kind}", "[{n}/{total}] {deck} · {tags} · {kind}"),
    "new": ("new", "新题"), "review": ("review", "复习"),
    "ask.recall": ("Your answer (Enter to reveal) > ", "你的回答（回车查看答案）> "),
    "ask.choice": ("Letter(s) > ", "选项字母 > "),
    "ask.numeric": ("Number > ", "数值 > "),
    "ask.rate": ("Rate 1 again · 2 hard · 3 good · 4 easy [Enter = {s}] > ", "评分 1 忘记 · 2 困难 · 3 良好 · 4 简单 [回车 = {s}] > "),
    "help": ("Type your answer and press Enter. s = skip, q = quit, ? = this help. For recall questions, rate yourself 1-4 after seeing the answer; Enter takes the suggested rating.",
             "输入答案后回车。s = 跳过，q = 退出，? = 帮助。回忆题看到答案后用 1-4 给自己评分，直接回车采用建议评分。"),
    "bad.letters": ("Answer with the letter(s) of the choices, e.g. B or A,C.", "请输入选项字母，例如 B 或 A,C。"),
    "bad.number": ("Answer with a number, e.g. 0.25, 1/4 or 25%.", "请输入数字，例如 0.25、1/4 或 25%。"),
    "bad.rating": ("Type 1, 2, 3 or 4, or press Enter.", "请输入 1、2、3 或 4，或直接回车。"),
    "correct": ("✓ correct", "✓ 正确"), "wrong": ("✗ not quite", "✗ 不对"),
    "expected.choice": ("Correct: {letters}", "正确答案：{letters}"),
    "expected.numeric": ("Answer: {value}", "答案：{value}"),
    "solution": ("Worked solution:", "解题过程："),
    "reference": ("Reference answer:", "参考答案："),
    "points": ("Key points:", "要点："),
    "pitfall": ("Often claimed: {claim}\n  In fact: {truth}", "常见说法：{claim}\n  实际上：{truth}"),
    "suggest": ("You covered {n} of {total} key points.", "你覆盖了 {total} 个要点中的 {n} 个。"),
    "summary": ("Done: {answered} answered, {correct}/{graded} auto-graded correct, {skipped} skipped, {minutes:.1f} min.",
                "完成：作答 {answered} 题，自动判分 {graded} 题中答对 {correct} 题，跳过 {skipped} 题，用时 {minutes:.1f} 分钟。"),
    "next_due": ("Next card due {when}; {count} due within 24 h.", "下一张卡片到期时间 {when}；24 小时内到期 {count} 张。"),
    "kata_due": ("{kata} is due: run `dlprep kata {kata}`", "{kata} 该复习了：运行 `dlprep kata {kata}`"),
    "warn_deck": ("warning: {problem} (deck skipped)", "警告：{problem}（已跳过该题库）"),
}
RATING_NAMES = {1: ("Again", "忘记"), 2: ("Hard", "困难"), 3: ("Good", "良好"), 4: ("Easy", "简单")}


class _Quit(Exception):
    """The user typed q or input ended."""


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.command("quiz", help="Review concept questions with spaced repetition (due cards first, then new ones).")(quiz)


def quiz(
    deck: Annotated[Optional[list[str]], typer.Option("--deck", help="Only this deck (repeatable).")] = None,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Only questions with this tag (repeatable).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Questions in this session.")] = 20,
    new: Annotated[int, typer.Option("--new", help="New cards allowed in this session.")] = 10,
    mode: Annotated[str, typer.Option("--mode", help="all (due then new), due, new, or cram (any card, schedule untouched).")] = "all",
    seed: Annotated[Optional[int], typer.Option("--seed", help="Seed for the order of new cards and generated numbers.")] = None,
    deck_path: Annotated[Optional[list[Path]], typer.Option("--deck-path", help="Extra deck file or folder (repeatable).")] = None,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    if limit < 1:
        raise errors.UsageError(message=f"--limit must be at least 1, got {limit}")
    if new < 0:
        raise errors.UsageError(message=f"--new must be 0 or more, got {new}")
    from dlprep.deck.loader import load_decks
    from dlprep.quiz.session import QuizOptions, Session
    from dlprep.store import open_db

    for p in deck_path or []:
        if not p.exists():
            raise errors.FileNotFound(path=str(p), reason=text.both("reason.missing"))
    deckset = load_decks(list(deck_path or []))
    for problem in deckset.problems:
        sys.stderr.write(ui("warn_deck", lang, problem=problem) + "\n")
    conn = open_db()
    opts = QuizOptions(mode=mode, decks=list(deck or []), tags=list(tag or []), limit=limit, new_limit=new, seed=seed)
    now = time.time()
    from dlprep import plan

    session = Session(deckset, conn, opts, now=now, interview_ts=plan.interview_ts(conn, now, time.localtime(now).tm_gmtoff))
    con = render.console()
    _katas_due(session.due_katas, lang, con)
    if not len(session):
        con.print(ui("empty", lang))
        return
    try:
        n = 0
        while (item := session.next()) is not None:
            n += 1
            _ask(session, item, n, lang, con)
    except _Quit:
        pass
    summary = session.finish(time.time())
    con.print(ui("summary", lang, answered=summary.answered, correct=summary.correct, graded=summary.auto_graded,
                 skipped=summary.skipped, minutes=summary.seconds / 60))
    if summary.next_due_ts:
        when = datetime.fromtimestamp(summary.next_due_ts).strftime("%Y-%m-%d %H:%M")
        con.print(ui("next_due", lang, when=when, count=summary.due_next_day))
    _katas_due(session.due_katas, lang, con)


def _katas_due(katas: list[str], lang: str, con) -> None:  # noqa: ANN001
    for kata in katas:
        con.print(ui("kata_due", lang, kata=kata), markup=False)


def _read(con, prompt: str) -> str:  # noqa: ANN001
    """One line of input after `prompt` (on the console's own stream); raise _Quit when input ends."""
    con.print(prompt, end="", markup=False, highlight=False)
    con.file.flush()
    line = sys.stdin.readline()
    if line == "":
        con.print()
        raise _Quit
    return line.rstrip("\r\n")


def _ask(session, item, n: int, lang: str, con) -> None:  # noqa: ANN001
    from dlprep.deck.schema import LETTERS

    q = item.question
    con.print()
    con.print(ui("header", lang, n=n, total=len(session), deck=q.deck, tags=", ".join(q.tags),
                 kind=ui("new" if item.is_new else "review", lang)), style="dim", markup=False)
    con.print(text.pick(item.prompt, lang), style="bold", markup=False)
    if q.type == "choice":
        for i, c in enumerate(q.choices):
            con.print(f"  {LETTERS[i]}) {text.pick(c, lang)}", markup=False)
    started = time.monotonic()
    while True:
        typed = _read(con, ui(f"ask.{q.type}", lang))
        command = typed.strip().lower()
        if command == "q":
            raise _Quit
        if command == "s":
            session.skip()
            return
        if command == "?":
            con.print(ui("help", lang), markup=False)
            continue
        graded = session.grade(item, typed)
        if graded.problem and q.type != "recall":
            con.print(ui(f"bad.{'letters' if q.type == 'choice' else 'number'}", lang), markup=False)
            continue
        break
    _reveal(item, graded, lang, con)
    rating = graded.suggested
    if q.type == "recall":
        rating = _rate(con, lang, graded.suggested)
    duration = int((time.monotonic() - started) * 1000)
    session.record(item, graded, rating, typed, duration, time.time())


def _rate(con, lang: str, suggested: int) -> int:  # noqa: ANN001
    name = RATING_NAMES[suggested][1 if lang == "zh" else 0]
    while True:
        typed = _read(con, ui("ask.rate", lang, s=f"{suggested} {name}")).strip().lower()
        if typed == "":
            return suggested
        if typed in ("1", "2", "3", "4"):
            return int(typed)
        if typed == "q":
            raise _Quit
        con.print(ui("bad.rating", lang), markup=False)


def _reveal(item, graded, lang: str, con, *, coverage: bool = True) -> None:  # noqa: ANN001
    """The reference answer; `coverage` shows which key points the typed answer covered."""
    from dlprep.deck.families import fmt
    from dlprep.deck.schema import LETTERS

    q = item.question
    if graded.correct is not None:
        con.print(ui("correct" if graded.correct else "wrong", lang), style="green" if graded.correct else "red", markup=False)
    if q.type == "choice":
        con.print(ui("expected.choice", lang, letters=", ".join(LETTERS[i] for i in q.correct)), markup=False)
        con.print(text.pick(q.answer, lang), markup=False)
    elif q.type == "numeric":
        con.print(ui("expected.numeric", lang, value=fmt(item.value, 6)), markup=False)
        if item.generated:
            con.print(ui("solution", lang), markup=False)
            con.print("  " + text.pick(item.generated.solution, lang), markup=False)
        else:
            con.print(text.pick(q.answer, lang), markup=False)
    else:
        con.print(ui("reference", lang), style="bold", markup=False)
        con.print(text.pick(q.answer, lang), markup=False)
        con.print(ui("points", lang), markup=False)
        for p in q.key_points:
            mark = ("✓ " if p in graded.covered else "✗ ") if coverage else "• "
            con.print(f"  {mark}{p.zh if lang == 'zh' else p.en}", markup=False)
        if coverage:
            con.print(ui("suggest", lang, n=len(graded.covered), total=len(q.key_points)), style="dim", markup=False)
    for pit in q.pitfalls:
        con.print(ui("pitfall", lang, claim=text.pick(pit["claim"], lang), truth=text.pick(pit["truth"], lang)),
                  style="yellow", markup=False)
