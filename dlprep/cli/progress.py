"""`dlprep progress export FILE` / `dlprep progress import FILE`, and `dlprep doctor`."""

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from dlprep import errors, text
from dlprep.cli import options, render

progress_app = typer.Typer(help="Export or import all progress as one JSON file.", no_args_is_help=True)

UI = {
    "exported": ("Exported {reviews} reviews, {attempts} kata attempts and {cards} cards to {path}.",
                 "已导出 {reviews} 条复习记录、{attempts} 次编程尝试和 {cards} 张卡片到 {path}。"),
    "imported": ("Imported {reviews} new reviews, {attempts} new kata attempts and {cards} card states from {path}.",
                 "已从 {path} 导入 {reviews} 条新复习记录、{attempts} 次新编程尝试和 {cards} 个卡片状态。"),
    "doctor.db": ("database      {path}", "数据库        {path}"),
    "doctor.schema": ("schema        version {version} (this dlprep: {current})", "schema        版本 {version}（当前 dlprep：{current}）"),
    "doctor.integrity": ("integrity     {result}", "完整性        {result}"),
    "doctor.counts": ("rows          {counts}", "记录数        {counts}"),
    "doctor.decks": ("decks         {decks} decks, {questions} questions from {path}", "题库          {decks} 个题库，{questions} 道题，来自 {path}"),
    "doctor.katas": ("katas         {katas} from {path}", "编程练习      {katas}，来自 {path}"),
    "doctor.problems": ("deck problem  {problem}", "题库问题      {problem}"),
    "doctor.ok": ("All good.", "一切正常。"),
    "doctor.bad": ("{n} problem(s) found.", "发现 {n} 个问题。"),
}


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, name="progress")
    app.command("doctor", help="Check the progress database and the shipped decks and katas; report paths and counts.")(doctor)


@progress_app.command("export", help="Write all progress (reviews, cards, kata attempts, hints) to FILE as JSON.")
def export(file: Annotated[Path, typer.Argument(help="Where to write the export.")], lang: options.Lang = None) -> None:
    lang = options.lang(lang)
    from dlprep.store import open_db, transfer

    data = transfer.export(open_db())
    tmp = file.with_name(file.name + ".tmp")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, file)
    except OSError as exc:
        raise errors.FileNotFound(path=str(file), reason=exc.strerror or str(exc)) from None
    render.console().print(ui("exported", lang, reviews=len(data["reviews"]), attempts=len(data["attempts"]),
                              cards=len(data["cards"]), path=file), markup=False)


@progress_app.command("import", help="Merge a progress export into this home; importing the same file twice adds nothing.")
def import_(file: Annotated[Path, typer.Argument(help="A file written by `dlprep progress export`.")], lang: options.Lang = None) -> None:
    lang = options.lang(lang)
    from dlprep.store import open_db, transfer

    if not file.is_file():
        raise errors.FileNotFound(path=str(file), reason=text.both("reason.missing" if not file.exists() else "reason.directory"))
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise errors.TransferError(path=str(file), reason=f"not a readable JSON export ({exc})") from None
    try:
        added = transfer.import_(open_db(), data)
    except transfer.TransferProblem as exc:
        raise errors.TransferError(path=str(file), reason=exc.reason) from None
    render.console().print(ui("imported", lang, path=file, **added), markup=False)


def doctor(json_out: options.Json = False, lang: options.Lang = None) -> None:
    lang = options.lang(lang)
    from dlprep import paths
    from dlprep.deck.loader import load_decks
    from dlprep.kata.spec import discover
    from dlprep.store import migrations, open_db, transfer

    conn = open_db()
    report = {
        "database": str(paths.database()),
        "schema_version": transfer.schema_version(conn),
        "supported_version": migrations.CURRENT,
        "integrity": transfer.integrity(conn),
        "counts": transfer.counts(conn),
    }
    decks = load_decks(use_cache=False)
    katas = discover()
    report.update(decks=len(decks.decks), questions=len(decks.questions), deck_path=str(paths.shipped_decks()),
                  katas=[k.id for k in katas], kata_path=str(paths.shipped_katas()),
                  problems=[p.render(lang) for p in decks.fatal])
    bad = (report["integrity"] != "ok") + len(report["problems"])
    if json_out:
        render.emit_json(report)
    else:
        con = render.console()
        con.print(ui("doctor.db", lang, path=report["database"]), markup=False)
        con.print(ui("doctor.schema", lang, version=report["schema_version"], current=report["supported_version"]), markup=False)
        con.print(ui("doctor.integrity", lang, result=report["integrity"]), markup=False)
        con.print(ui("doctor.counts", lang, counts=", ".join(f"{k} {v}" for k, v in report["counts"].items())), markup=False)
        con.print(ui("doctor.decks", lang, decks=report["decks"], questions=report["questions"], path=report["deck_path"]), markup=False)
        con.print(ui("doctor.katas", lang, katas=", ".join(report["katas"]), path=report["kata_path"]), markup=False)
        for p in report["problems"]:
            con.print(ui("doctor.problems", lang, problem=p), markup=False)
        con.print(ui("doctor.bad", lang, n=bad) if bad else ui("doctor.ok", lang), markup=False)
    if bad:
        raise typer.Exit(1)
