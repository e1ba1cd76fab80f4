"""Loading shipped and user decks: guarded YAML, validation, duplicate ids across decks, one cache.

Shipped decks load first; user decks ($DLPREP_HOME/decks and --deck-path) load beside them. A broken
user deck is reported and skipped and never takes the shipped decks down.

The validated result is the one cache ($DLPREP_HOME/cache/decks.marshal), keyed by every deck file's
path, size and mtime plus dlprep's version and the validating code's own files, so a start with
unchanged decks neither parses nor validates anything.
"""

from __future__ import annotations

import marshal
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import dlprep
from dlprep import paths, yamlfile
from dlprep.deck.schema import Deck, KeyPoint, Problem, Question, sanitize, validate


@dataclass
class DeckSet:
    """Every usable deck and question, plus the problems found on the way."""

    decks: list[Deck] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    by_id: dict[str, Question] = field(default_factory=dict)

    def deck(self, name: str) -> Deck | None:
        return next((d for d in self.decks if d.id == name), None)

    @property
    def questions(self) -> list[Question]:
        return [q for d in self.decks for q in d.questions]

    @property
    def fatal(self) -> list[Problem]:
        """The problems that kept a deck or a question from loading."""
        return [p for p in self.problems if p.fatal]


def deck_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def read_deck(path: Path) -> tuple[Deck | None, list[Problem]]:
    """Parse, clean and validate one deck file."""
    from dlprep.deck.families import FAMILIES

    try:
        doc = yamlfile.load(path)
    except yamlfile.YamlProblem as exc:
        params = dict(exc.params)
        if exc.column and exc.key == "syntax":
            params["problem"] = f"{params.get('problem', '')} (column {exc.column})"
        return None, [Problem(str(path), exc.line or 1, f"yaml.{exc.key}", tuple(params.items()))]
    with yamlfile.gc_paused():  # validation builds thousands of objects that all stay alive
        doc, cleaned = sanitize(doc, str(path))
        deck, problems = validate(doc, path, families=set(FAMILIES))
    return deck, cleaned + problems


def load_decks(extra: list[Path] | None = None, *, include_user: bool = True, use_cache: bool = True) -> DeckSet:
    """Shipped decks, then user decks; duplicates and broken files become problems, not failures."""
    result = DeckSet()
    sources = [(p, True) for p in deck_files(paths.shipped_decks())]
    if include_user:
        sources += [(p, False) for p in deck_files(paths.user_decks())]
    for item in extra or []:
        sources += [(p, False) for p in (deck_files(item) if item.is_dir() else [item])]
    key = _cache_key(sources) if use_cache else None
    cached = _load_cached(key) if key is not None else None
    if cached is not None:
        return cached
    for path, shipped in sources:
        deck, problems = read_deck(path)
        result.problems += problems
        if deck is None:
            continue
        if result.deck(deck.id) is not None:
            result.problems.append(Problem(str(path), 1, "deck_id_used", (("id", deck.id),)))
            continue
        deck.shipped = shipped
        kept = []
        for q in deck.questions:
            if q.id in result.by_id:
                other = result.by_id[q.id]
                result.problems.append(Problem(str(path), q.line, "duplicate_id_other", (("id", q.id), ("deck", other.deck))))
                continue
            result.by_id[q.id] = q
            kept.append(q)
        deck.questions = kept
        result.decks.append(deck)
    if key is not None and not result.problems:  # decks with problems are re-read (and reported) on every start
        _store_cached(key, result)
    return result


_CACHE_FORMAT = 3
_QUESTION_FIELDS = [f.name for f in fields(Question)]
_CODE = [Path(__file__), Path(__file__).with_name("schema.py"), Path(__file__).with_name("families") / "__init__.py"]


def _cache_key(sources: list[tuple[Path, bool]]) -> tuple | None:
    """Everything the validated decks depend on; None when a file cannot be looked at."""
    try:
        files = tuple((str(p), os.path.abspath(p), shipped, st.st_size, st.st_mtime_ns)
                      for p, shipped in sources for st in [p.stat()])
        code = tuple(c.stat().st_mtime_ns for c in _CODE)  # an edited schema in a development tree
    except OSError:
        return None
    return (_CACHE_FORMAT, dlprep.__version__, code, files)


def _load_cached(key: tuple) -> DeckSet | None:
    """The cached DeckSet for exactly these files, or None (missing, stale or unreadable cache)."""
    try:
        blob = (paths.cache_dir() / "decks.marshal").read_bytes()
        with yamlfile.gc_paused():  # unmarshalling builds the same long-lived objects: ~3x faster unwatched
            cached_key, decks = marshal.loads(blob)
            if cached_key != key:
                return None
            result = DeckSet()
            for deck_id, title, path, shipped, rows in decks:
                questions = []
                for row in rows:
                    q = Question(*row)
                    q.key_points = [KeyPoint(*k) for k in q.key_points]
                    questions.append(q)
                    result.by_id[q.id] = q
                result.decks.append(Deck(deck_id, title, Path(path), questions, shipped))
        return result
    except Exception:  # noqa: BLE001 -- a corrupt or foreign cache file is only a miss: it is rebuilt
        return None


def _store_cached(key: tuple, result: DeckSet) -> None:
    """Write the decks as plain tuples: marshal is the fastest to read back and runs no code when it does."""
    decks = [(d.id, d.title, str(d.path), d.shipped, [_row(q) for q in d.questions]) for d in result.decks]
    try:
        blob = marshal.dumps((key, decks))
    except ValueError:  # a value marshal cannot hold: not worth caching
        return
    yamlfile.write_atomic(paths.cache_dir() / "decks.marshal", blob)


def _row(q: Question) -> tuple:
    """A question's fields in declaration order (so `Question(*row)` rebuilds it), key points as tuples."""
    return tuple([(k.en, k.zh, k.match) for k in q.key_points] if name == "key_points" else getattr(q, name)
                 for name in _QUESTION_FIELDS)


def check(paths_to_check: list[Path]) -> tuple[DeckSet, list[Problem]]:
    """Validate shipped decks plus the given files or folders, bypassing the cache."""
    extra = list(paths_to_check)
    decks = load_decks(extra, include_user=not extra, use_cache=False)
    return decks, decks.problems
