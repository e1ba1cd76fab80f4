"""Anki export: one note per question, written as an .apkg package that can be imported again and again.

`build()` turns the selected questions into notes (HTML text and tags, one Anki deck per dlprep deck);
`write()` packs them with genanki, imported there and nowhere else, so nothing here slows dlprep's start.

Every id is derived from a name, never drawn at random, so importing a newer export of the same decks
updates the notes already in Anki instead of adding copies:

- a note's guid is `genanki.guid_for("dlprep", question.id)`: editing a question's text keeps its note;
- the note type's id is `stable_id("dlprep model " + MODEL_NAME)`;
- an Anki deck's id is `stable_id("dlprep deck " + deck id)`, whatever the language of its name;
- `stable_id(name)` is 2**30 plus the first four bytes of SHA-256(name) (UTF-8) modulo 2**30: a fixed
  integer in [2**30, 2**31), the range genanki recommends for model and deck ids.

A question with a generated `family` has new numbers at every quiz; a card needs fixed ones, so it gets
one worked example drawn with `random.Random(example_seed(question.id))`: the same example on every
export until the family's code changes.

Deck text is user content: it is HTML-escaped and its newlines become <br>.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import random
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dlprep import errors, text
from dlprep.deck.schema import LETTERS, Question

LANG_CHOICES = ("en", "zh", "both")
MODEL_NAME = "dlprep"
FIELDS = ("Front", "Back", "Id")
GUID_NAMESPACE = "dlprep"
CSS = """\
.card { font-family: -apple-system, "Segoe UI", "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif;
        font-size: 18px; line-height: 1.5; text-align: left; }
.prompt div + div, .block div + div { margin-top: .4em; }
.choices { margin-top: .8em; }
.choice { margin: .3em 0; }
.label { font-weight: bold; }
.section { margin-top: .8em; }
.pitfall { margin-top: .8em; padding-left: .6em; border-left: 3px solid #d9a400; }
[lang=zh] { opacity: .85; }
"""


def stable_id(name: str) -> int:
    """A fixed id in [2**30, 2**31) for `name` (see the module docstring)."""
    return (1 << 30) + int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big") % (1 << 30)


def example_seed(question_id: str) -> int:
    """The seed of a generated question's fixed example."""
    return int.from_bytes(hashlib.sha256(f"dlprep example {question_id}".encode("utf-8")).digest()[:8], "big")


MODEL_ID = stable_id(f"dlprep model {MODEL_NAME}")


@dataclass(frozen=True)
class Note:
    """One question as an Anki note: HTML front and back, and its tags."""

    question_id: str
    front: str
    back: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class AnkiDeck:
    """The notes of one dlprep deck (`source`), under the Anki deck `name`."""

    deck_id: int
    name: str
    source: str
    notes: tuple[Note, ...]


def build(deckset, *, decks: list[str] | tuple[str, ...] = (), tags: list[str] | tuple[str, ...] = (),  # noqa: ANN001
          lang: str = "both") -> list[AnkiDeck]:
    """The Anki decks for the questions of `decks` (all when empty) having any of `tags` (any when empty).

    Raises DeckNotFound for a deck id that is not loaded. Decks left without a question are omitted.
    """
    if lang not in LANG_CHOICES:
        raise ValueError(lang)
    for name in decks:
        if deckset.deck(name) is None:
            raise errors.DeckNotFound(name=name, known=", ".join(d.id for d in deckset.decks))
    wanted = {t.lower() for t in tags}
    langs = ("en", "zh") if lang == "both" else (lang,)
    out = []
    for deck in deckset.decks:
        if decks and deck.id not in decks:
            continue
        notes = tuple(note(q, langs) for q in deck.questions if not wanted or wanted & set(q.tags))
        if notes:
            title = text.pick(deck.title, "zh" if lang == "zh" else "en")
            out.append(AnkiDeck(stable_id(f"dlprep deck {deck.id}"), f"dlprep::{title}", deck.id, notes))
    return out


def note(q: Question, langs: tuple[str, ...]) -> Note:
    """One question's note in `langs` (("en",), ("zh",) or ("en", "zh"))."""
    generated = None
    if q.family:
        from dlprep.deck.families import generate

        generated = generate(q.family, random.Random(example_seed(q.id)))
    front = [_block("prompt", generated.prompt if generated else q.prompt, langs)]
    back = []
    if q.type == "choice":
        front.append('<div class="choices">' + "".join(
            f'<div class="choice"><span class="label">{LETTERS[i]})</span> {_inline(c, langs)}</div>'
            for i, c in enumerate(q.choices)) + "</div>")
        back.append(_line("correct", ", ".join(LETTERS[i] for i in q.correct), langs))
        back.append(_section("answer", q.answer, langs))
    elif q.type == "numeric":
        from dlprep.deck.families import fmt

        back.append(_line("value", fmt(generated.value if generated else q.value, 6), langs))
        back.append(_section("solution", generated.solution, langs) if generated else _section("answer", q.answer, langs))
    else:
        back.append(_section("answer", q.answer, langs))
        points = "".join(f"<li>{_inline({'en': p.en, 'zh': p.zh}, langs)}</li>" for p in q.key_points)
        back.append(f'<div class="section"><div class="label">{_label("key_points", langs)}</div><ul>{points}</ul></div>')
    for pit in q.pitfalls:
        back.append(f'<div class="pitfall"><span class="label">{_label("claim", langs)}</span><br>{_inline(pit["claim"], langs)}'
                    f'<br><span class="label">{_label("truth", langs)}</span><br>{_inline(pit["truth"], langs)}</div>')
    if q.references:
        back.append(_line("references", "; ".join(q.references), langs))
    tags = tuple(dict.fromkeys(_tag(t) for t in (q.deck, *q.tags) if _tag(t)))
    return Note(q.id, "".join(front), "".join(back), tags)


def write(path: Path, decks: list[AnkiDeck], *, timestamp: float | None = None) -> None:
    """Write `decks` as an Anki package at `path`, through a temporary file in the same folder renamed
    over it at the end: `path` is either left as it was or replaced whole. Raises OSError.
    """
    import itertools
    import sqlite3
    import time
    import zipfile

    import genanki

    model = genanki.Model(
        MODEL_ID, MODEL_NAME, fields=[{"name": f} for f in FIELDS], css=CSS,
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'}])
    package = []
    for d in decks:
        anki_deck = genanki.Deck(d.deck_id, d.name)
        for n in d.notes:
            anki_deck.add_note(genanki.Note(model=model, fields=[n.front, n.back, n.question_id], tags=list(n.tags),
                                            guid=genanki.guid_for(GUID_NAMESPACE, n.question_id)))
        package.append(anki_deck)
    timestamp = time.time() if timestamp is None else timestamp
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        # genanki's Package.write_to_file leaves its SQLite file behind in the system temp folder, so the
        # collection is written here with its write_to_db and zipped the way write_to_file does.
        with tempfile.TemporaryDirectory(prefix="dlprep-anki-") as scratch:
            db = os.path.join(scratch, "collection.anki2")
            conn = sqlite3.connect(db)
            try:
                genanki.Package(package).write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
                conn.commit()
            finally:
                conn.close()
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
                out.write(db, "collection.anki2")
                out.writestr("media", "{}")
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    """The permissions of the file being replaced, else those a new file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _html(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x1f", "")
    return html.escape(value, quote=False).replace("\n", "<br>")


def _inline(value: dict[str, str], langs: tuple[str, ...]) -> str:
    return "<br>".join(f'<span lang="{lang}">{_html(text.pick(value, lang))}</span>' for lang in langs)


def _block(cls: str, value: dict[str, str], langs: tuple[str, ...]) -> str:
    return f'<div class="{cls}">' + "".join(f'<div lang="{lang}">{_html(text.pick(value, lang))}</div>' for lang in langs) + "</div>"


def _label(key: str, langs: tuple[str, ...]) -> str:
    return " · ".join(html.escape(text.t(f"anki.{key}", lang)) for lang in langs)


def _section(key: str, value: dict[str, str], langs: tuple[str, ...]) -> str:
    return f'<div class="section"><div class="label">{_label(key, langs)}</div>{_block("block", value, langs)}</div>'


def _line(key: str, value: str, langs: tuple[str, ...]) -> str:
    return f'<div class="section"><span class="label">{_label(key, langs)}</span> {_html(value)}</div>'


def _tag(value: str) -> str:
    """An Anki tag: no whitespace inside."""
    return re.sub(r"\s+", "_", value.strip())
