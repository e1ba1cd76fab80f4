"""`dlprep kata list|next` and `dlprep kata NAME [FILE]`: parse options, call the kata service and the
learning loop, render. Grading reports are drawn by cli/kata_report.py, the watch loop lives in
cli/kata_watch.py."""

from pathlib import Path
from typing import Annotated, Optional

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
    "difficulty.easy": ("easy", "简单"), "difficulty.medium": ("medium", "中等"), "difficulty.hard": ("hard", "困难"),
    "topic.detection": ("Detection", "目标检测"), "topic.losses": ("Losses", "损失函数"), "topic.layers": ("Layers", "网络层"),
    "topic.attention": ("Attention", "注意力"), "topic.optimisation": ("Optimisation", "优化"),
    "topic.metrics": ("Metrics", "评价指标"), "topic.classical_ml": ("Classical ML", "经典机器学习"),
    "no_match": ("No kata has the tag '{tag}'.", "没有带标签 '{tag}' 的编程题。"),
    "next": ("Next: {kata} ({title}) - {reason}. Run `dlprep kata {kata}`.", "下一个：{kata}（{title}）- {reason}。运行 `dlprep kata {kata}`。"),
    "next.due": ("due for review", "到了复习时间"), "next.failing": ("your last attempt did not pass", "上次尝试没有通过"),
    "next.weak_topic": ("not tried yet, in your weakest topic ({topic})", "还没做过，属于你最薄弱的主题（{topic}）"),
    "next.not_tried": ("not tried yet", "还没做过"), "next.least_recalled": ("the one you are most likely to have forgotten", "你最可能已经忘记的一个"),
    "next.none": ("Nothing to suggest.", "没有可推荐的编程题。"),
    "wrote": ("Wrote the starter to {path}. Edit it, then run `dlprep kata {kata}` to grade it.",
              "已把初始代码写入 {path}。编辑后运行 `dlprep kata {kata}` 进行评测。"),
    "hint": ("Hint {n}/{total}: {hint}", "提示 {n}/{total}：{hint}"),
    "tolerance": ("Tolerance: {text}", "容差：{text}"),
    "due": ("{kata} was due for review: this attempt counts as its review.", "{kata} 已到复习时间：这次尝试算作一次复习。"),
    "solution.confirm": ("You have not passed {kata} yet. Show the reference solution anyway? [y/N] ",
                         "你还没有通过 {kata}。仍然查看参考答案吗？[y/N] "),
    "solution.refused": ("Not shown. Pass the kata first, or answer y.", "未显示。请先通过这道题，或回答 y。"),
    "solution.notes": ("Notes", "说明"),
    "editor.none": ("set $VISUAL or $EDITOR to the editor to open (e.g. export EDITOR=vim)", "请把 $VISUAL 或 $EDITOR 设为要打开的编辑器（例如 export EDITOR=vim）"),
    "editor.failed": ("the editor '{editor}' could not be started: {reason}", "无法启动编辑器 '{editor}'：{reason}"),
}
ORDER = {"easy": 0, "medium": 1, "hard": 2}


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.command("kata", help="Write a kata's starter, grade your solution (also --watch, --bench), or `kata list` / `kata next`.")(kata)


def _complete_name(incomplete: str) -> list[str]:
    from dlprep.kata.spec import discover

    return [s.id for s in discover() if s.id.startswith(incomplete)] + [w for w in ("list", "next") if w.startswith(incomplete)]


def kata(
    name: Annotated[str, typer.Argument(help="Kata name (e.g. nms); `list` lists every kata, `next` suggests one.",
                                        autocompletion=_complete_name)],
    file: Annotated[Optional[Path], typer.Argument(help="Your solution; default ./NAME.py (written from the starter if absent).")] = None,
    json_out: options.Json = False,
    hint: Annotated[bool, typer.Option("--hint", help="Show the next hint (hints used are recorded).")] = False,
    show: Annotated[bool, typer.Option("--show", help="Show the statement only.")] = False,
    solution: Annotated[bool, typer.Option("--solution", help="Show the reference solution and notes on its idioms (after you pass).")] = False,
    watch: Annotated[bool, typer.Option("--watch", help="Grade, then grade again every time the file is saved, until Ctrl-C.")] = False,
    edit: Annotated[bool, typer.Option("--edit", help="Open the file in $VISUAL or $EDITOR first, then grade when the editor exits.")] = False,
    bench: Annotated[bool, typer.Option("--bench", help="Time a passing solution against the reference on a realistic size.")] = False,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="With `list`: only katas with this tag (repeatable).")] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Seed for reproducible inputs.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Time budget for the whole grading run, in seconds.")] = 15.0,
    memory_mb: Annotated[int, typer.Option("--memory-mb", help="Memory limit of the worker running your code, in MB.")] = 2048,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    if name == "list":
        return _list(lang, json_out, list(tag or []))
    if name == "next":
        return _next(lang, json_out)
    options.bounded_float(timeout, "--timeout", 0.1, 3600)
    options.bounded_int(memory_mb, "--memory-mb", 64, 1 << 20)
    from dlprep.kata import service
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
    if solution:
        return _solution(spec, lang, json_out)
    if file is None:
        file = Path(f"{spec.id}.py")
        if not file.exists() and service.write_starter(spec, file):
            loop_katas.mark_started(open_db(), spec)
            if not (edit or watch):
                if json_out:
                    render.emit_json({"kata": spec.id, "starter_written": str(file), "verdict": None})
                else:
                    _show(spec, lang, False)
                    render.console().print(ui("wrote", lang, path=file, kata=spec.id))
                return
    if edit:
        _open_editor(file, lang)
    from dlprep.kata.sandbox import Limits

    limits = Limits(timeout_s=timeout, memory_mb=memory_mb)
    if watch:
        from dlprep.cli import kata_watch

        raise typer.Exit(kata_watch.watch(spec, file, limits, seed=seed, bench=bench, lang=lang, json_out=json_out))
    report, review = grade_once(spec, file, limits, seed=seed, bench=bench, lang=lang, json_out=json_out)
    raise typer.Exit(cli_errors.settled())


def grade_once(spec, file: Path, limits, *, seed, bench: bool, lang: str, json_out: bool):  # noqa: ANN001, ANN201
    """Grade `file`, record the attempt, render it; Ctrl-C stops at once and records nothing."""
    from dlprep.cli import kata_report
    from dlprep.deck.loader import load_decks
    from dlprep.kata import service
    from dlprep.loop import katas as loop_katas
    from dlprep.store import open_db

    service.check_file(file)
    conn = open_db()
    was_due = loop_katas.is_due(conn, spec)
    try:
        report = service.grade_file(spec, file, limits=limits, seed=seed, bench=bench)
    except KeyboardInterrupt:
        raise errors.Interrupted(what=text.both("interrupted.grading")) from None
    review = loop_katas.record(conn, spec, report, load_decks())
    cli_errors.settle(cli_errors.exit_code(report.verdict))  # kept if the reader goes away (| head -1)
    if json_out:
        render.emit_json(dict(report.to_json(lang), review=review.to_json(), was_due=was_due))
    else:
        if was_due:
            render.console().print(ui("due", lang, kata=spec.id), style="dim", markup=False)
        kata_report.render_report(report, spec, lang)
        kata_report.render_review(review, spec, lang)
    return report, review


def _open_editor(file: Path, lang: str) -> None:
    """Run $VISUAL or $EDITOR on `file` and wait for it to exit."""
    import os
    import shlex
    import subprocess

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise errors.UsageError(message=_both("editor.none"))
    try:
        subprocess.run([*shlex.split(editor), str(file)], check=False)
    except (OSError, ValueError) as exc:
        raise errors.UsageError(message=_both("editor.failed", editor=editor, reason=getattr(exc, "strerror", None) or str(exc))) from None


def _both(key: str, **params) -> dict[str, str]:  # noqa: ANN003
    return {lang: ui(key, lang, **params) for lang in text.LANGS}


def _list(lang: str, json_out: bool, tags: list[str]) -> None:
    from dlprep.kata.spec import TOPICS, discover
    from dlprep.loop import katas as loop_katas
    from dlprep.store import open_db

    specs = [s for s in discover() if not tags or set(tags) & set(s.tags)]
    if tags and not specs:
        raise errors.UsageError(message=_both("no_match", tag=", ".join(tags)))
    specs.sort(key=lambda s: (TOPICS.index(s.topic), ORDER[s.difficulty], s.order, s.id))
    rows = loop_katas.board(open_db(readonly=True), specs)
    if json_out:
        render.emit_json({"katas": [
            {"name": r.spec.id, "title": text.pick(r.spec.title, lang), "topic": r.spec.topic, "difficulty": r.spec.difficulty,
             "tags": r.spec.tags, "status": r.status.value, "attempts": r.progress.attempts if r.progress else 0}
            for r in rows
        ]})
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for col in ("name", "title", "difficulty", "status", "attempts"):
        table.add_column(ui(f"col.{col}", lang), no_wrap=col != "title", justify="right" if col == "attempts" else "left")
    styles = {"passed": "green", "failing": "red", "not_tried": "dim"}
    topic = None
    for r in rows:
        if r.spec.topic != topic:
            topic = r.spec.topic
            table.add_row(f"[bold]{ui('topic.' + topic, lang)}[/]", "", "", "", "")
        table.add_row("  " + r.spec.id, text.pick(r.spec.title, lang), ui("difficulty." + r.spec.difficulty, lang),
                      f"[{styles[r.status.value]}]{ui('status.' + r.status.value, lang)}[/]",
                      str(r.progress.attempts if r.progress else 0))
    render.console().print(table)


def _next(lang: str, json_out: bool) -> None:
    import time

    from dlprep.kata.spec import discover
    from dlprep.loop import katas as loop_katas
    from dlprep.store import open_db

    pick = loop_katas.next_kata(open_db(readonly=True), discover(), time.time())
    if json_out:
        render.emit_json({"kata": pick.spec.id if pick else None, "reason": pick.reason if pick else None,
                          "topic": pick.topic if pick else None})
        return
    if pick is None:
        render.console().print(ui("next.none", lang))
        return
    reason = ui(f"next.{pick.reason}", lang, topic=ui("topic." + pick.topic, lang) if pick.topic else "")
    render.console().print(ui("next", lang, kata=pick.spec.id, title=text.pick(pick.spec.title, lang), reason=reason),
                           markup=False)


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


def _solution(spec, lang: str, json_out: bool) -> None:  # noqa: ANN001
    """The reference solution and the notes on its idioms: after a pass, or after a confirmation."""
    import sys

    from dlprep.loop import katas as loop_katas
    from dlprep.store import open_db

    passed = loop_katas.has_passed(open_db(readonly=True), spec)
    if not passed and not json_out:
        con = render.console()
        con.print(ui("solution.confirm", lang, kata=spec.id), end="", markup=False)
        con.file.flush()
        if sys.stdin.readline().strip().lower() not in ("y", "yes", "是"):
            con.print(ui("solution.refused", lang), markup=False)
            raise typer.Exit(cli_errors.FAILED)
    code = (spec.path / "reference.py").read_text(encoding="utf-8")
    notes = text.pick(spec.solution_notes, lang) if spec.solution_notes else ""
    if json_out:
        if not passed:
            raise errors.UsageError(message=_both("solution.refused"))
        render.emit_json({"kata": spec.id, "solution": code, "notes": notes})
        return
    con = render.console()
    if con.is_terminal:
        from rich.syntax import Syntax

        con.print(Syntax(code, "python", theme="ansi_dark", background_color="default"))
    else:
        con.print(render.escape(code.rstrip()))
    if notes:
        con.print()
        con.print(ui("solution.notes", lang), style="bold", markup=False)
        con.print(notes, markup=False)
