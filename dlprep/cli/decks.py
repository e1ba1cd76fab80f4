"""`dlprep decks check [PATH...]` and `dlprep decks list`."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from dlprep import errors, text
from dlprep.cli import options, render

decks_app = typer.Typer(help="Validate and list question decks.", no_args_is_help=True)

UI = {
    "ok": ("{decks} decks, {questions} questions: no problems.", "{decks} 个题库，{questions} 道题：没有问题。"),
    "col.deck": ("deck", "题库"), "col.title": ("title", "标题"), "col.questions": ("questions", "题数"),
    "col.recall": ("recall", "回忆"), "col.choice": ("choice", "选择"), "col.numeric": ("numeric", "数值"),
    "col.source": ("source", "来源"), "shipped": ("shipped", "内置"), "user": ("user", "用户"),
}


ui = render.catalog(UI)


def register(app: typer.Typer) -> None:
    app.add_typer(decks_app, name="decks")


@decks_app.command("check", help="Validate the shipped decks and the given deck files or folders; list every problem as file:line: message.")
def check(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Deck files or folders to check (default: shipped and user decks).")] = None,
    json_out: options.Json = False,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    from dlprep.deck.loader import check as check_decks, load_decks

    for p in paths or []:
        if not p.exists():
            raise errors.FileNotFound(path=str(p), reason=text.both("reason.missing"))
    deckset, problems = check_decks(list(paths or [])) if paths else (lambda d: (d, d.problems))(load_decks(use_cache=False))
    if json_out:
        render.emit_json({"problems": [{"file": p.path, "line": p.line, "message": p.message} for p in problems],
                          "decks": len(deckset.decks), "questions": len(deckset.questions)})
    else:
        import sys

        sys.stdout.write("".join(f"{p}\n" for p in problems))
        sys.stdout.flush()
    if problems:
        if not json_out:
            raise errors.DeckProblems(count=len(problems))
        raise typer.Exit(2)
    if not json_out:
        render.console().print(ui("ok", lang, decks=len(deckset.decks), questions=len(deckset.questions)))


@decks_app.command("list", help="List the loaded decks with their question counts.")
def list_(
    deck_path: Annotated[Optional[list[Path]], typer.Option("--deck-path", help="Extra deck file or folder (repeatable).")] = None,
    json_out: options.Json = False,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    from dlprep.deck.loader import load_decks

    deckset = load_decks(list(deck_path or []))
    rows = []
    for d in deckset.decks:
        counts = {t: sum(q.type == t for q in d.questions) for t in ("recall", "choice", "numeric")}
        rows.append({"deck": d.id, "title": text.pick(d.title, lang), "questions": len(d.questions), **counts,
                     "source": "shipped" if d.shipped else "user"})
    if json_out:
        render.emit_json({"decks": rows, "problems": [str(p) for p in deckset.problems]})
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for col in ("deck", "title", "questions", "recall", "choice", "numeric", "source"):
        table.add_column(ui(f"col.{col}", lang), justify="right" if col in ("questions", "recall", "choice", "numeric") else "left")
    for r in rows:
        table.add_row(r["deck"], r["title"], str(r["questions"]), str(r["recall"]), str(r["choice"]), str(r["numeric"]),
                      ui(r["source"], lang))
    render.console().print(table)
    for p in deckset.problems:
        render.err_console().print(f"warning: {p}", markup=False)
