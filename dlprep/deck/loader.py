"""Loading shipped and user decks: guarded YAML, validation, duplicate ids across decks.

Shipped decks load first; user decks ($DLPREP_HOME/decks and --deck-path) load beside them.
A broken user deck is reported and skipped and never takes the shipped decks down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dlprep import paths, yamlsafe
from dlprep.deck.schema import Deck, Problem, Question, validate

_YAML_MESSAGES = {
    "too_large": "file is {size} bytes, over the {limit}-byte limit",
    "not_utf8": "file is not valid UTF-8",
    "too_deep": "nesting deeper than {limit} levels",
    "alias": "YAML anchors and aliases are not allowed in decks",
    "syntax": "malformed YAML: {problem}",
    "unreadable": "cannot read the file: {reason}",
}


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


def deck_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def read_deck(path: Path, *, use_cache: bool = True) -> tuple[Deck | None, list[Problem]]:
    """Parse and validate one deck file."""
    from dlprep.deck.families import FAMILIES

    try:
        doc = yamlsafe.load(path, paths.cache_dir() if use_cache else None)
    except yamlsafe.YamlProblem as exc:
        message = _YAML_MESSAGES.get(exc.key, exc.key).format(**exc.params)
        if exc.column and exc.key == "syntax":
            message += f" (column {exc.column})"
        return None, [Problem(str(path), exc.line or 1, message)]
    return validate(doc, path, families=set(FAMILIES))


def load_decks(extra: list[Path] | None = None, *, include_user: bool = True, use_cache: bool = True) -> DeckSet:
    """Shipped decks, then user decks; duplicates and broken files become problems, not failures."""
    result = DeckSet()
    sources = [(p, True) for p in deck_files(paths.shipped_decks())]
    if include_user:
        sources += [(p, False) for p in deck_files(paths.user_decks())]
    for item in extra or []:
        sources += [(p, False) for p in (deck_files(item) if item.is_dir() else [item])]
    for path, shipped in sources:
        deck, problems = read_deck(path, use_cache=use_cache)
        result.problems += problems
        if deck is None:
            continue
        if result.deck(deck.id) is not None:
            result.problems.append(Problem(str(path), 1, f"deck id '{deck.id}' is already used by another deck"))
            continue
        deck.shipped = shipped
        kept = []
        for q in deck.questions:
            if q.id in result.by_id:
                other = result.by_id[q.id]
                result.problems.append(Problem(str(path), q.line, f"duplicate id '{q.id}' (also in deck '{other.deck}')"))
                continue
            result.by_id[q.id] = q
            kept.append(q)
        deck.questions = kept
        result.decks.append(deck)
    return result


def check(paths_to_check: list[Path]) -> tuple[DeckSet, list[Problem]]:
    """Validate shipped decks plus the given files or folders, bypassing the parse cache."""
    extra = list(paths_to_check)
    decks = load_decks(extra, include_user=not extra, use_cache=False)
    return decks, decks.problems
