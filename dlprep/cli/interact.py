"""The terminal side of asking a question: reading a line, showing a question, revealing the answer,
asking for a rating. Shared by `dlprep quiz` and `dlprep mock`; decisions stay in dlprep.quiz.

Piped input works line by line exactly as typed input does. On a terminal, continuation lines of
options, key points and worked solutions keep a hanging indent and Chinese wraps by display width
(rich measures cells); when stdout is not a terminal nothing is wrapped, so no line carries padding.
"""

import sys

from dlprep import text
from dlprep.cli import render
from dlprep.schedule import Rating

UI = {
    "correct": ("✓ correct", "✓ 正确"), "wrong": ("✗ not quite", "✗ 不对"),
    "expected.choice": ("Correct: {letters}", "正确答案：{letters}"),
    "chose.wrong": ("Not right: {letters}", "选错的：{letters}"), "chose.missing": ("Missed: {letters}", "漏选的：{letters}"),
    "expected.numeric": ("Answer: {value}", "答案：{value}"),
    "solution": ("Worked solution:", "解题过程："),
    "reference": ("Reference answer:", "参考答案："),
    "references": ("References: {refs}", "参考文献：{refs}"),
    "points": ("Key points (✓ = found in your answer; a suggestion, you decide):", "要点（✓ = 在你的回答中找到；仅供参考，由你决定）："),
    "points.plain": ("Key points:", "要点："),
    "misconception": ("This is the common misconception: {claim}", "这是常见的误区：{claim}"),
    "truth": ("In fact: {truth}", "实际上：{truth}"),
    "pitfall": ("Often claimed: {claim}", "常见说法：{claim}"),
    "suggest": ("Suggested: {rating}, because {why} ({n} of {total} key points).",
                "建议评分：{rating}，因为{why}（{total} 个要点中覆盖了 {n} 个）。"),
    "suggest.none": ("Nothing typed: rate yourself.", "没有作答：请自己评分。"),
    "ask.rate": ("Rate {buttons}{default} · p 1 3 = the points you covered > ",
                 "评分 {buttons}{default} · p 1 3 = 你实际覆盖的要点 > "),
    "ask.default": (" · Enter = {rating}", " · 回车 = {rating}"),
    "bad.rating": ("Type 1, 2, 3 or 4, Enter for the suggestion, or p and the numbers of the points you covered.",
                   "请输入 1、2、3 或 4，回车采用建议，或输入 p 加上你覆盖的要点编号。"),
    "bad.points": ("Point numbers go from 1 to {total}.", "要点编号应在 1 到 {total} 之间。"),
    "covered.you": ("You covered {n} of {total}: suggested {rating}.", "你覆盖了 {total} 个中的 {n} 个：建议 {rating}。"),
    "next": ("{rating}: next review {when}.", "{rating}：下次复习{when}。"),
    "when.now": ("again in this session", "在本轮中再次出现"),
    "when.in": ("in {span}", "在 {span}后"),
}
SPAN = {"m": ("{n} min", "{n} 分钟"), "h": ("{n} h", "{n} 小时"), "d": ("{n} days", "{n} 天"), "mo": ("{n} months", "{n} 个月")}
SHORT = {"m": "m", "h": "h", "d": "d", "mo": "mo"}

ui = render.catalog(UI)


class Quit(Exception):
    """The user typed q or input ended."""


def read_line(con, prompt: str) -> str:  # noqa: ANN001
    """One line of input after `prompt` (on the console's own stream); raise Quit when input ends."""
    con.print(prompt, end="", markup=False, highlight=False)
    con.file.flush()
    line = sys.stdin.readline()
    if line == "":
        con.print()
        raise Quit
    return line.rstrip("\r\n")


def hanging(con, lead: str, body: str, style: str | None = None) -> None:  # noqa: ANN001
    """`lead` then `body`, continuation lines indented under the body's first character on a terminal."""
    if not con.is_terminal or not lead:
        con.print(lead + body, style=style, markup=False, soft_wrap=not con.is_terminal)
        return
    from rich.table import Table

    grid = Table.grid(padding=(0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(lead, body, style=style)
    con.print(grid)


def paragraph(con, body: str, style: str | None = None, indent: str = "") -> None:  # noqa: ANN001
    for line in body.splitlines() or [""]:
        hanging(con, indent, line, style)


def show_question(con, item, header: str, lang: str) -> None:  # noqa: ANN001
    con.print()
    con.print(header, style="dim", markup=False, soft_wrap=not con.is_terminal)
    paragraph(con, text.pick(item.prompt, lang), style="bold")
    if item.question.type == "choice":
        from dlprep.deck.schema import LETTERS

        for i, c in enumerate(item.choices):
            hanging(con, f"  {LETTERS[i]}) ", text.pick(c, lang))


def reveal(con, item, graded, lang: str, *, coverage: bool = True) -> None:  # noqa: ANN001
    """The right answer, what was found in the typed one (with `coverage`), and the pitfalls."""
    from dlprep.deck.families import fmt
    from dlprep.deck.schema import LETTERS

    q = item.question
    if graded.correct is not None:
        con.print(ui("correct" if graded.correct else "wrong", lang), style="green" if graded.correct else "red",
                  markup=False)
    shown_pitfall = None
    if q.type == "choice":
        con.print(ui("expected.choice", lang, letters=", ".join(LETTERS[i] for i in item.correct_shown)), markup=False)
        if graded.wrong:
            con.print(ui("chose.wrong", lang, letters=", ".join(LETTERS[i] for i in graded.wrong)), markup=False)
        if graded.missing and graded.parsed is not None:
            con.print(ui("chose.missing", lang, letters=", ".join(LETTERS[i] for i in graded.missing)), markup=False)
        paragraph(con, text.pick(q.answer, lang))
    elif q.type == "numeric":
        con.print(ui("expected.numeric", lang, value=fmt(item.value, 6)), markup=False)
        if item.generated:
            con.print(ui("solution", lang), markup=False)
            paragraph(con, text.pick(item.generated.solution, lang), indent="  ")
        else:
            paragraph(con, text.pick(q.answer, lang))
    else:
        con.print(ui("reference", lang), style="bold", markup=False)
        paragraph(con, text.pick(q.answer, lang))
        con.print(ui("points" if coverage else "points.plain", lang), markup=False)
        for i, p in enumerate(q.key_points):
            mark = ("✓" if i in graded.covered else "✗") if coverage else "•"
            hanging(con, f"  {mark} {i + 1}. ", p.zh if lang == "zh" else p.en)
        if coverage and graded.misconception is not None:
            shown_pitfall = graded.misconception
            pit = q.pitfalls[shown_pitfall]
            hanging(con, "", ui("misconception", lang, claim=pit["claim"][lang]), style="bold yellow")
            hanging(con, "  ", ui("truth", lang, truth=pit["truth"][lang]), style="yellow")
    for i, pit in enumerate(q.pitfalls):
        if i != shown_pitfall:
            hanging(con, "", ui("pitfall", lang, claim=text.pick(pit["claim"], lang)), style="yellow")
            hanging(con, "  ", ui("truth", lang, truth=text.pick(pit["truth"], lang)), style="yellow")
    if q.references:
        hanging(con, "", ui("references", lang, refs="; ".join(q.references)), style="dim")


def span(seconds: float, lang: str, short: bool = False) -> str:
    minutes = max(1, round(seconds / 60))
    if minutes < 60:
        unit, n = "m", minutes
    elif minutes < 60 * 24:
        unit, n = "h", round(minutes / 60)
    elif minutes < 60 * 24 * 30:
        unit, n = "d", round(minutes / 1440)
    else:
        unit, n = "mo", round(minutes / 43200)
    if short:
        return f"{n}{SHORT[unit]}"
    en, zh = SPAN[unit]
    return (zh if lang == "zh" else en).format(n=n)


def suggestion_line(con, graded, points: int, lang: str) -> None:  # noqa: ANN001
    if graded.suggested is None:
        con.print(ui("suggest.none", lang), style="dim", markup=False)
        return
    con.print(ui("suggest", lang, rating=graded.suggested.text(lang), why=text.t(f"why.{graded.reason}", lang),
                 n=len(graded.covered), total=points), style="dim", markup=False, soft_wrap=not con.is_terminal)


def ask_rating(con, lang: str, suggested: Rating | None, intervals: dict, points: int) -> tuple[str, object]:  # noqa: ANN001
    """('rate', Rating) or ('points', [0-based indices]); raise Quit on q or end of input."""
    buttons = " · ".join(f"{int(r)} {r.text(lang).lower()}" + (f" ({span(intervals[r], lang, short=True)})" if r in intervals else "")
                         for r in Rating)
    default = ui("ask.default", lang, rating=f"{int(suggested)} {suggested.text(lang)}") if suggested else ""
    while True:
        typed = read_line(con, ui("ask.rate", lang, buttons=buttons, default=default)).strip().lower()
        if typed == "" and suggested is not None:
            return "rate", suggested
        if typed in ("1", "2", "3", "4"):
            return "rate", Rating(int(typed))
        if typed == "q":
            raise Quit
        if typed.startswith("p"):
            numbers = typed[1:].replace(",", " ").split()
            if all(n.isdigit() and 1 <= int(n) <= points for n in numbers):
                return "points", sorted({int(n) - 1 for n in numbers})
            con.print(ui("bad.points", lang, total=points), markup=False)
            continue
        con.print(ui("bad.rating", lang), markup=False)


def after_rating(con, rating: Rating, due_in: float | None, in_session: bool, lang: str) -> None:  # noqa: ANN001
    if due_in is None:
        return
    when = ui("when.now", lang) if in_session else ui("when.in", lang, span=span(due_in, lang))
    con.print(ui("next", lang, rating=rating.text(lang), when=when), style="dim", markup=False)
