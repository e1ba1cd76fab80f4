"""`dlprep decks check [PATH...]`, `list`, `try QUESTION_ID [ANSWER]` and `export FILE.apkg`."""

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
    "try.covered": ("Covered {n} of {total} key points.", "覆盖了 {total} 个要点中的 {n} 个。"),
    "try.correct": ("Correct.", "正确。"), "try.wrong": ("Not correct.", "不正确。"),
    "try.misconception": ("This is the common misconception: {claim}\nIn fact: {truth}", "这是常见的误区：{claim}\n实际上：{truth}"),
    "try.suggested": ("Suggested: {rating} ({why})", "建议评分：{rating}（{why}）"),
    "try.none": ("none", "无"),
    "export.wrote": ("Wrote {notes} notes in {decks} decks to {file}", "已将 {notes} 条笔记（{decks} 个牌组）写入 {file}"),
    "export.not_apkg": ("{file}: an Anki package name must end in .apkg", "{file}：Anki 包的文件名必须以 .apkg 结尾"),
    "export.not_regular": ("exists and is not a regular file; nothing was written", "已存在且不是普通文件，未写入任何内容"),
    "export.empty": ("no questions match the given --deck/--tag; nothing was written",
                     "没有符合 --deck/--tag 的题目，未写入任何内容"),
    "export.bad_lang": ("unknown language '{value}' (choose en, zh or both)", "未知的语言 '{value}'（可选 en、zh 或 both）"),
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

    from dlprep.quiz import deckcheck

    options.deck_paths(paths)
    deckset, problems = check_decks(list(paths or [])) if paths else (lambda d: (d, d.problems))(load_decks(use_cache=False))
    checked = [q for d in deckset.decks if not paths or not d.shipped for q in d.questions]
    problems = problems + deckcheck.problems(checked, {d.id: str(d.path) for d in deckset.decks})
    if json_out:
        render.emit_json({"problems": [{"file": p.path, "line": p.line, "message": p.message(lang), "fatal": p.fatal}
                                       for p in problems],
                          "decks": len(deckset.decks), "questions": len(deckset.questions)})
    else:
        import sys

        sys.stdout.write("".join(f"{p.render(lang)}\n" for p in problems))
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

    deckset = load_decks(options.deck_paths(deck_path))
    rows = []
    for d in deckset.decks:
        counts = {t: sum(q.type == t for q in d.questions) for t in ("recall", "choice", "numeric")}
        rows.append({"deck": d.id, "title": text.pick(d.title, lang), "questions": len(d.questions), **counts,
                     "source": "shipped" if d.shipped else "user"})
    if json_out:
        render.emit_json({"decks": rows, "problems": [p.render(lang) for p in deckset.fatal]})
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for col in ("deck", "title", "questions", "recall", "choice", "numeric", "source"):
        table.add_column(ui(f"col.{col}", lang), justify="right" if col in ("questions", "recall", "choice", "numeric") else "left")
    for r in rows:
        table.add_row(r["deck"], r["title"], str(r["questions"]), str(r["recall"]), str(r["choice"]), str(r["numeric"]),
                      ui(r["source"], lang))
    render.console().print(table)
    for p in deckset.fatal:
        render.err_console().print(f"warning: {p}", markup=False)


@decks_app.command("try", help="Grade an answer to one question exactly as the quiz would, and record nothing (for deck authors).")
def try_(
    question: Annotated[str, typer.Argument(help="The question's id, e.g. act.why-nonlinear.")],
    answer: Annotated[Optional[str], typer.Argument(help="The answer to judge (default: standard input).")] = None,
    deck_path: options.DeckPath = None,
    json_out: options.Json = False,
    lang: options.Lang = None,
) -> None:
    lang = options.lang(lang)
    import sys

    from dlprep.deck.loader import load_decks
    from dlprep.quiz import trial

    deckset = load_decks(options.deck_paths(deck_path))
    if answer is None:
        answer = sys.stdin.read()
    result = trial.judge(deckset, question, answer, lang)
    if json_out:
        render.emit_json(result.to_json())
        return
    con = render.console()
    if result.type == "recall":
        for i, (point, hit) in enumerate(result.points, start=1):
            con.print(f"  {'✓' if hit else '✗'} {i}. {point}", markup=False)
        con.print(ui("try.covered", lang, n=len(result.covered), total=result.key_points), markup=False)
    else:
        con.print(ui("try.correct" if result.correct else "try.wrong", lang), markup=False)
    if result.misconception is not None:
        con.print(ui("try.misconception", lang, claim=result.misconception["claim"], truth=result.misconception["truth"]),
                  markup=False)
    suggested = ui("try.none", lang) if result.suggested is None else result.suggested.text(lang)
    con.print(ui("try.suggested", lang, rating=suggested, why=text.t(f"why.{result.reason}", lang)), markup=False)

def _both(key: str, **params) -> dict[str, str]:  # noqa: ANN003
    """A UI string in both languages, for an error whose language the error boundary picks."""
    return {lang: ui(key, lang, **params) for lang in text.LANGS}


@decks_app.command("export", help="Write the questions as an Anki package (.apkg): one note per question; importing a newer export updates the notes.")
def export(
    file: Annotated[Path, typer.Argument(help="The package to write (must end in .apkg; replaced whole if it exists).")],
    deck: Annotated[Optional[list[str]], typer.Option("--deck", help="Only this deck (repeatable).", autocompletion=options.complete_deck)] = None,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Only questions with this tag (repeatable).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the cards: en, zh or both.")] = "both",
    deck_path: Annotated[Optional[list[Path]], typer.Option("--deck-path", help="Extra deck file or folder (repeatable).")] = None,
    json_out: options.Json = False,
) -> None:
    from dlprep.cli import State

    if lang not in ("en", "zh", "both"):
        raise errors.UsageError(message=_both("export.bad_lang", value=lang))
    State.lang = ui_lang = lang if lang != "both" else text.default_lang()
    if not file.name.lower().endswith(".apkg") or file.name.lower() == ".apkg":
        raise errors.UsageError(message=_both("export.not_apkg", file=file))
    if file.exists() and not file.is_file():
        raise errors.FileNotFound(path=str(file), reason=_both("export.not_regular"))
    for p in deck_path or []:
        if not p.exists():
            raise errors.FileNotFound(path=str(p), reason=text.both("reason.missing"))
    from dlprep.deck import anki
    from dlprep.deck.loader import load_decks

    deckset = load_decks(list(deck_path or []))
    for problem in deckset.fatal:
        render.err_console().print(f"warning: {problem}", markup=False)
    decks = anki.build(deckset, decks=list(deck or []), tags=list(tag or []), lang=lang)
    if not decks:
        raise errors.UsageError(message=_both("export.empty"))
    try:
        anki.write(file, decks)
    except OSError as exc:
        raise errors.FileNotFound(path=str(file), reason=exc.strerror or str(exc)) from None
    notes = sum(len(d.notes) for d in decks)
    if json_out:
        render.emit_json({"file": str(file), "notes": notes, "decks": len(decks)})
        return
    render.console().print(ui("export.wrote", ui_lang, notes=notes, decks=len(decks), file=file), markup=False, soft_wrap=True)
