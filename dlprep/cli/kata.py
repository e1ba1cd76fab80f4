"""`dlprep kata list` and `dlprep kata NAME [FILE]`: parse options, call dlprep.kata.service, render."""

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from dlprep import errors, text
from dlprep.cli import errors as cli_errors
from dlprep.cli import options, render

UI = {
    "status.not_tried": ("not tried", "未尝试"),
    "status.failing": ("failing", "未通过"),
    "status.passed": ("passed", "已通过"),
    "col.name": ("name", "名称"), "col.title": ("title", "标题"), "col.difficulty": ("difficulty", "难度"),
    "col.tags": ("tags", "标签"), "col.status": ("status", "状态"), "col.attempts": ("attempts", "尝试次数"),
    "wrote": ("Wrote the starter to {path}. Edit it, then run `dlprep kata {kata}` to grade it.",
              "已把初始代码写入 {path}。编辑后运行 `dlprep kata {kata}` 进行评测。"),
    "hint": ("Hint {n}/{total}: {hint}", "提示 {n}/{total}：{hint}"),
    "counterexample": ("Smallest failing input", "最小反例"),
    "got": ("got", "实际"), "expected": ("expected", "期望"),
    "first_diff": ("first difference at {index}: expected {want}, got {got}; max abs error {abs}, max rel error {rel}",
                   "第一个差异位于 {index}：期望 {want}，实际 {got}；最大绝对误差 {abs}，最大相对误差 {rel}"),
    "shape_diff": ("shape: expected {want}, got {got}; dtype: expected {wd}, got {gd}", "shape：期望 {want}，实际 {got}；dtype：期望 {wd}，实际 {gd}"),
    "mistake": ("Known mistake: {name}", "常见错误：{name}"),
    "output": ("Your code printed ({size} bytes{cut}):", "你的代码输出了（{size} 字节{cut}）："),
    "cut": (", truncated", "，已截断"),
    "reproduce": ("Reproduce with --seed {seed}; `dlprep kata {kata} --hint` gives a hint.",
                  "用 --seed {seed} 复现；`dlprep kata {kata} --hint` 可查看提示。"),
    "summary": ("{file}: {verdict} ({duration:.2f} s, {examples} examples)", "{file}：{verdict}（{duration:.2f} 秒，{examples} 组输入）"),
    "tolerance": ("Tolerance: {text}", "容差：{text}"),
    "signature": ("Signature", "函数签名"),
    "rated": ("Review: {rating} ({reason}); next due in {when}.", "复习评分：{rating}（{reason}）；下次复习在 {when}后。"),
    "reason.not_passed": ("not passed yet", "尚未通过"),
    "reason.hints": ("passed after hints", "用了提示后通过"),
    "reason.retries": ("passed after failed attempts", "失败后再次提交才通过"),
    "reason.slow": ("passed in {minutes:.0f} min, over the expected {expected}", "用时 {minutes:.0f} 分钟，超过预期的 {expected} 分钟"),
    "reason.fast": ("first-try pass in {minutes:.0f} min without hints", "{minutes:.0f} 分钟内一次通过且未用提示"),
    "reason.first_try": ("first-try pass", "一次通过"),
    "due.hours": ("{n} h", "{n} 小时"), "due.days": ("{n} days", "{n} 天"),
    "same_file": ("This exact file has passed before, so it does not count as a review: move it aside and run "
                  "`dlprep kata {kata}` for a fresh starter.",
                  "这份文件之前已经通过，不算作一次复习：把它移走，再运行 `dlprep kata {kata}` 获取新的初始代码。"),
    "check.not_reached": ("not reached on the failing input", "在失败的输入上未执行到"),
    "check.not_run": ("not run", "未运行"),
    "related": ("Brought back {n} related question(s) for review now: {ids}. Run `dlprep quiz --mode due`.",
                "已把 {n} 道相关题目设为立即复习：{ids}。运行 `dlprep quiz --mode due`。"),
}


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.command("kata", help="List katas (`dlprep kata list`), write a kata's starter file, or grade your solution.")(kata)


def kata(
    name: Annotated[str, typer.Argument(help="Kata name (e.g. nms), or `list` to list every kata.")],
    file: Annotated[Optional[Path], typer.Argument(help="Your solution; default ./NAME.py (written from the starter if absent).")] = None,
    json_out: options.Json = False,
    hint: Annotated[bool, typer.Option("--hint", help="Show the next hint (hints used are recorded).")] = False,
    show: Annotated[bool, typer.Option("--show", help="Show the statement only.")] = False,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Seed for reproducible inputs.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Time budget for the whole grading run, in seconds.")] = 15.0,
    memory_mb: Annotated[int, typer.Option("--memory-mb", help="Memory limit of the worker running your code, in MB.")] = 2048,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    from dlprep.kata import service

    if name == "list":
        return _list(lang, json_out)
    options.bounded_float(timeout, "--timeout", 0.1, 3600)
    options.bounded_int(memory_mb, "--memory-mb", 64, 1 << 20)
    from dlprep.loop import katas as loop_katas
    from dlprep.store import open_db

    spec = service.find(name)
    if show:
        loop_katas.mark_started(open_db(), spec)
        return _show(spec, lang, json_out)
    if hint:
        index, tip = loop_katas.take_hint(open_db(), spec)
        if json_out:
            render.emit_json({"kata": spec.id, "hint": index + 1, "hints": len(spec.hints), "text": text.pick(tip, lang)})
        else:
            render.console().print(ui("hint", lang, n=index + 1, total=len(spec.hints), hint=render.escape(text.pick(tip, lang))))
        return
    if file is None:
        file = Path(f"{spec.id}.py")
        if not file.exists():
            if service.write_starter(spec, file):
                loop_katas.mark_started(open_db(), spec)
                if json_out:
                    render.emit_json({"kata": spec.id, "starter_written": str(file), "verdict": None})
                else:
                    _show(spec, lang, False)
                    render.console().print(ui("wrote", lang, path=file, kata=spec.id))
                return
    from dlprep.kata.sandbox import Limits

    from dlprep.deck.loader import load_decks

    service.check_file(file)
    conn = open_db()
    try:
        report = service.grade_file(spec, file, limits=Limits(timeout_s=timeout, memory_mb=memory_mb), seed=seed)
    except KeyboardInterrupt:
        raise errors.Interrupted(what=text.both("interrupted.grading")) from None
    review = loop_katas.record(conn, spec, report, load_decks())
    code = cli_errors.settle(cli_errors.exit_code(report.verdict))  # kept if the reader goes away (| head -1)
    if json_out:
        render.emit_json(dict(report.to_json(lang), review=review.to_json()))
    else:
        _render_report(report, spec, lang)
        _render_review(review, spec, lang)
    raise typer.Exit(code)


def _list(lang: str, json_out: bool) -> None:
    from dlprep.kata.spec import discover
    from dlprep.loop import katas as loop_katas
    from dlprep.store import open_db

    rows = loop_katas.board(open_db(readonly=True), discover())
    if json_out:
        render.emit_json({"katas": [
            {"name": r.spec.id, "title": text.pick(r.spec.title, lang), "difficulty": r.spec.difficulty,
             "tags": r.spec.tags, "status": r.status.value, "attempts": r.progress.attempts if r.progress else 0}
            for r in rows
        ]})
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for col in ("name", "title", "difficulty", "tags", "status", "attempts"):
        table.add_column(ui(f"col.{col}", lang), no_wrap=col in ("name", "status"))
    styles = {"passed": "green", "failing": "red", "not_tried": "dim"}
    for r in rows:
        table.add_row(r.spec.id, text.pick(r.spec.title, lang), r.spec.difficulty, ", ".join(r.spec.tags),
                      f"[{styles[r.status.value]}]{ui('status.' + r.status.value, lang)}[/]",
                      str(r.progress.attempts if r.progress else 0))
    render.console().print(table)


def _show(spec, lang: str, json_out: bool) -> None:  # noqa: ANN001
    if json_out:
        render.emit_json({"kata": spec.id, "title": text.pick(spec.title, lang), "statement": spec.statement(lang),
                          "signatures": [e.signature for e in spec.entry_points], "difficulty": spec.difficulty,
                          "tags": spec.tags, "hints": len(spec.hints)})
        return
    show_statement(spec, lang, render.console())


def show_statement(spec, lang: str, con) -> None:  # noqa: ANN001
    """The statement as markdown on a terminal (plain text otherwise), then the tolerance; `mock` shows it the same way."""
    statement = spec.statement(lang)
    if con.is_terminal:
        from rich.markdown import Markdown

        con.print(Markdown(statement))
    else:
        con.print(render.escape(statement.rstrip()))
    if spec.tolerance:
        con.print(ui("tolerance", lang, text=render.escape(text.pick(spec.tolerance, lang))))


def _fmt(value: Any, lead: str) -> str:
    """One value of a counterexample; arrays wrap under their first element, not at column 0.

    `maxprec` prints the shortest digits that tell the test values apart (0.5, not 0.5000), with
    up to 6 significant decimals, so 2-D and 4-D arrays stay compact.
    """
    import numpy as np

    if isinstance(value, np.ndarray):
        body = np.array2string(value, precision=6, floatmode="maxprec", separator=", ", threshold=60,
                               max_line_width=100, prefix=lead, suppress_small=False)
        return lead + body
    if isinstance(value, float):
        return f"{lead}{value:.6g}"
    return lead + repr(value)


def _window(values: list) -> str:
    """A few neighbouring elements, floats at 6 significant digits like the arrays above."""
    return "[" + ", ".join(f"{v:.6g}" if isinstance(v, float) else repr(v) for v in values) + "]"


def _render_review(review, spec, lang: str) -> None:  # noqa: ANN001
    """What the attempt did to the schedule: the kata's rating and the questions brought back."""
    con = render.console()
    if review.rating is not None:  # a rated attempt always carries the card it moved
        when = _when(review.card.due_ts, lang)
        rating = review.rating.text(lang)
        con.print(render.escape(ui("rated", lang, rating=rating,
                                   reason=ui(f"reason.{review.reason}", lang, minutes=review.minutes or 0,
                                             expected=spec.expected_minutes), when=when)), style="dim")
    elif review.reason == "same_file":
        con.print(render.escape(ui("same_file", lang, kata=spec.id)), style="dim")
    if review.due_now:
        con.print(render.escape(ui("related", lang, n=len(review.due_now), ids=", ".join(review.due_now[:6])
                                   + (" …" if len(review.due_now) > 6 else ""))))


def _when(ts: float, lang: str) -> str:
    import time

    days = (ts - time.time()) / 86400
    if days < 1:
        return ui("due.hours", lang, n=max(1, round(days * 24)))
    return ui("due.days", lang, n=round(days))


def _err(value: float | None) -> str:
    """An error figure, or n/a where it is undefined (every expected value 0, or nothing finite)."""
    import math

    return "n/a" if value is None or math.isnan(value) else f"{value:.3g}"


def _render_report(report, spec, lang: str) -> None:  # noqa: ANN001
    from dlprep.kata.verdict import CheckStatus, verdict_name

    con = render.console()
    colour = "green" if report.passed else "red"
    con.print(f"[bold {colour}]" + render.escape(ui("summary", lang, file=report.file or spec.id,
                                                     verdict=verdict_name(report.verdict, lang),
                                                     duration=report.duration_s, examples=report.examples)) + "[/]")
    marks = {CheckStatus.PASSED: "[green]✓[/]", CheckStatus.FAILED: "[red]✗[/]",
             CheckStatus.NOT_REACHED: "[yellow]·[/]", CheckStatus.NOT_RUN: "[dim]-[/]"}
    for c in report.checks:
        title = spec.checks.get(c.name) or text.both(f"check.{c.name}")
        note = "" if c.status in (CheckStatus.PASSED, CheckStatus.FAILED) else f" ({ui('check.' + c.status.value, lang)})"
        con.print(f"  {marks[c.status]} {render.escape(text.pick(title, lang))}{note}")
    if not report.passed:
        con.print(render.escape(text.pick(report.message, lang)), style="bold")
    cx = report.counterexample
    if cx is not None:
        con.print(f"[bold]{ui('counterexample', lang)}[/]")
        for key, value in cx.inputs.items():
            con.print(render.escape(_fmt(value, f"  {key} = ")))
        width = max(len(ui("got", lang)), len(ui("expected", lang))) + 1
        labels = [(ui(k, lang) + ":").ljust(width) for k in ("got", "expected")]
        if isinstance(cx.got, dict):
            for key, value in cx.got.items():
                con.print(render.escape(_fmt(value, f"  {labels[0]} {key} = ")))
        if isinstance(cx.expected, dict):
            for key, value in cx.expected.items():
                con.print(render.escape(_fmt(value, f"  {labels[1]} {key} = ")))
        d = cx.diff
        if d is not None and d.got_shape != d.expected_shape:
            con.print("  " + render.escape(ui("shape_diff", lang, want=d.expected_shape, got=d.got_shape,
                                              wd=d.expected_dtype, gd=d.got_dtype)))
        elif d is not None and d.first_index is not None:
            con.print("  " + render.escape(ui("first_diff", lang, index=d.first_index, want=_window(d.window_expected),
                                              got=_window(d.window_got), abs=_err(d.max_abs_error),
                                              rel=_err(d.max_rel_error))))
    if report.mistake is not None:
        con.print(f"[yellow]{render.escape(ui('mistake', lang, name=text.pick(report.mistake.name, lang)))}[/]")
        con.print("  " + render.escape(text.pick(report.mistake.why, lang)))
    if report.output.total_bytes:
        con.print(ui("output", lang, size=report.output.total_bytes, cut=ui("cut", lang) if report.output.truncated else ""))
        con.print(render.escape(report.output.text.rstrip()), style="dim")
    if not report.passed and report.seed is not None:
        con.print(render.escape(ui("reproduce", lang, seed=report.seed, kata=spec.id)), style="dim")
