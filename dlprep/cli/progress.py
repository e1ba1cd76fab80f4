"""`dlprep progress export FILE` / `dlprep progress import FILE`, and `dlprep doctor`."""

import json
from pathlib import Path
from typing import Annotated

import typer

from dlprep import errors, text
from dlprep.cli import errors as cli_errors
from dlprep.cli import options, render

progress_app = typer.Typer(help="Export or import all progress as one JSON file.", no_args_is_help=True)

UI = {
    "exported": ("Exported {reviews} reviews, {attempts} kata attempts and {cards} cards to {path}.",
                 "已导出 {reviews} 条复习记录、{attempts} 次编程尝试和 {cards} 张卡片到 {path}。"),
    "imported": ("Imported {reviews} new reviews, {attempts} new kata attempts and {cards} card states from {path}.",
                 "已从 {path} 导入 {reviews} 条新复习记录、{attempts} 次新编程尝试和 {cards} 个卡片状态。"),
    "backup": ("The database as it was before the import is saved as {backup}; to undo the import, quit dlprep and copy "
               "that file over {db}.",
               "导入前的数据库已保存为 {backup}；如需撤销这次导入，请先退出 dlprep，再用该文件覆盖 {db}。"),
    "doctor.db": ("database      {path}", "数据库        {path}"),
    "doctor.no_db": ("database      {path} (not created yet)", "数据库        {path}（尚未创建）"),
    "doctor.db_error": ("database      {message}", "数据库        {message}"),
    "doctor.schema": ("schema        version {version} (this dlprep: {current})", "schema        版本 {version}（当前 dlprep：{current}）"),
    "doctor.integrity": ("integrity     {result}", "完整性        {result}"),
    "doctor.counts": ("rows          {counts}", "记录数        {counts}"),
    "doctor.rows_ok": ("row checks    {n} rows, all sound", "逐行检查      {n} 行，全部正常"),
    "doctor.rows_bad": ("row checks    {n} rows, {bad} problem(s):", "逐行检查      {n} 行，{bad} 个问题："),
    "doctor.row": ("  {problem}", "  {problem}"),
    "doctor.more": ("  … and {n} more", "  ……还有 {n} 个"),
    "doctor.unknown": ("note          {table} refer to {n} {what} in no loaded deck or kata: {ids} (kept; a removed deck, "
                       "or one loaded with --deck-path?)",
                       "提示          {table} 引用了 {n} 个不在任何已加载题库或编程题中的{what}：{ids}（已保留；题库被删除，"
                       "或需要用 --deck-path 加载？）"),
    "doctor.what.items": ("questions", "题目"), "doctor.what.katas": ("katas", "编程题"),
    "doctor.decks": ("decks         {decks} decks, {questions} questions from {path}", "题库          {decks} 个题库，{questions} 道题，来自 {path}"),
    "doctor.katas": ("katas         {katas} from {path}", "编程练习      {katas}，来自 {path}"),
    "doctor.problems": ("deck problem  {problem}", "题库问题      {problem}"),
    "doctor.ok": ("All good.", "一切正常。"),
    "doctor.bad": ("{n} problem(s) found.", "发现 {n} 个问题。"),
}


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, name="progress")
    app.command("doctor", help="Check the progress database (every row), the shipped decks and katas; report paths and counts.")(doctor)


@progress_app.command("export", help="Write all progress (reviews, cards, kata attempts, hints) to FILE as JSON.")
def export(file: Annotated[Path, typer.Argument(help="Where to write the export (a regular file; a symlink writes the file it names).")],
           lang: options.Lang = None) -> None:
    lang = options.lang(lang)
    from dlprep import files
    from dlprep.store import open_db, transfer

    data = transfer.export(open_db(readonly=True))
    try:
        files.replace(file, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except files.FileProblem as exc:
        if exc.key == "no_space":
            raise errors.DiskFull(path=str(file), reason=exc.params["reason"], lost=text.both("lost.export")) from None
        raise errors.FileNotFound(path=str(file), reason=files.reason(exc)) from None
    render.console().print(ui("exported", lang, reviews=len(data["reviews"]), attempts=len(data["attempts"]),
                              cards=len(data["cards"]), path=file), markup=False)


@progress_app.command("import", help="Merge a progress export into this home; importing the same file twice adds nothing. "
                                     "The file is checked whole first, and the database is copied before it changes.")
def import_(file: Annotated[Path, typer.Argument(help="A file written by `dlprep progress export`.")], lang: options.Lang = None) -> None:
    lang = options.lang(lang)
    from dlprep import paths
    from dlprep.store import open_db, transfer

    data = transfer.read(file)  # every field checked before the database is even opened
    result = transfer.import_(open_db(), data)
    con = render.console()
    con.print(ui("imported", lang, path=file, **result.added), markup=False, soft_wrap=True)
    if result.backup is not None:  # one line, never broken inside a path
        con.print(ui("backup", lang, backup=result.backup, db=paths.database()), markup=False, soft_wrap=True)


def doctor(json_out: options.Json = False, deck_path: options.DeckPath = None, lang: options.Lang = None) -> None:
    lang = options.lang(lang)
    from dlprep import paths
    from dlprep.deck.loader import load_decks
    from dlprep.kata.spec import discover
    from dlprep.loop import doctor as doctoring

    decks = load_decks(options.deck_paths(deck_path), use_cache=False)
    report = doctoring.examine(paths.database(), decks, [k.id for k in discover()], deck_path=paths.shipped_decks(),
                               kata_path=paths.shipped_katas())
    error_text = cli_errors.message_for(report.database_error, lang) if report.database_error is not None else None
    bad = report.problem_count
    code = cli_errors.settle(cli_errors.findings(bad))
    if json_out:
        render.emit_json(report.to_json(lang, error_text))
    else:
        _render(report, error_text, lang)
        render.console().print(ui("doctor.bad", lang, n=bad) if bad else ui("doctor.ok", lang), markup=False)
    raise typer.Exit(code)


def _render(report, error_text, lang: str) -> None:  # noqa: ANN001
    con = render.console()

    def say(key: str, **params) -> None:  # noqa: ANN003
        con.print(ui(key, lang, **params), markup=False, soft_wrap=True)  # paths and messages stay whole

    if error_text is not None:
        say("doctor.db_error", message=error_text)
    elif not report.exists:
        say("doctor.no_db", path=report.database)
    else:
        say("doctor.db", path=report.database)
    if report.schema_version is not None:
        say("doctor.schema", version=report.schema_version, current=report.supported_version)
        say("doctor.integrity", result=report.integrity)
        say("doctor.counts", counts=", ".join(f"{k} {v}" for k, v in report.counts.items()))
        if report.row_problem_count:
            say("doctor.rows_bad", n=report.rows_checked, bad=report.row_problem_count)
            for p in report.row_problems:
                say("doctor.row", problem=text.pick(p, lang))
            if report.row_problem_count > len(report.row_problems):
                say("doctor.more", n=report.row_problem_count - len(report.row_problems))
        else:
            say("doctor.rows_ok", n=report.rows_checked)
        for table, ids in report.unknown.items():
            if ids:
                what = ui("doctor.what.katas" if table in ("attempts", "hints") else "doctor.what.items", lang)
                say("doctor.unknown", n=len(ids), table=table, what=what, ids=", ".join(ids[:5]) + (", …" if len(ids) > 5 else ""))
    say("doctor.decks", decks=report.decks, questions=report.questions, path=report.deck_path)
    say("doctor.katas", katas=", ".join(report.katas), path=report.kata_path)
    for p in report.deck_problems:
        say("doctor.problems", problem=text.pick(p, lang))
