"""Kata discovery and the strict kata.yaml schema: the `katas/` folder is the registry.

A kata folder holds kata.yaml, statement.en.md, statement.zh.md, starter.py, reference.py, checks.py
and mistakes.py. Unknown keys, missing files and a `format` newer than this dlprep are refused with the
file and line; stray files are the contract test's business, not the user's (an installed copy may
carry an editor's backup file).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from dlprep import errors, paths

FORMAT = 1
FILES = {"kata.yaml", "statement.en.md", "statement.zh.md", "starter.py", "reference.py", "checks.py", "mistakes.py"}
DIFFICULTIES = ("easy", "medium", "hard")
TOPICS = ("detection", "losses", "layers", "attention", "optimisation", "metrics", "classical_ml")
_KEYS = {
    "format", "id", "topic", "order", "difficulty", "expected_minutes", "tags", "title", "entry_points",
    "tolerance", "hints", "checks", "mistakes", "related_questions", "solution_notes",
}
_REQUIRED = _KEYS - {"related_questions", "tolerance", "solution_notes"}


@dataclass(frozen=True)
class EntryPoint:
    name: str
    signature: str


@dataclass(frozen=True)
class MistakeSpec:
    id: str
    name: dict[str, str]
    why: dict[str, str]
    related_questions: tuple[str, ...] = ()  # brought back when this mistake is detected


@dataclass
class KataSpec:
    """Everything dlprep knows about one kata, read from its folder."""

    id: str
    path: Path
    topic: str
    order: int
    difficulty: str
    expected_minutes: int
    tags: list[str]
    title: dict[str, str]
    entry_points: list[EntryPoint]
    hints: list[dict[str, str]]
    checks: dict[str, dict[str, str]]
    mistakes: list[MistakeSpec]
    tolerance: dict[str, str] | None = None
    related_questions: list[str] = field(default_factory=list)
    solution_notes: dict[str, str] | None = None  # the vectorised idioms of the reference, shown after a pass

    def statement(self, lang: str) -> str:
        return (self.path / f"statement.{lang}.md").read_text(encoding="utf-8")

    def starter(self) -> str:
        return (self.path / "starter.py").read_text(encoding="utf-8")

    @property
    def names(self) -> list[str]:
        return [e.name for e in self.entry_points]

    def kata(self):  # noqa: ANN201 -- dlprep.kata.api.Kata, imported only when grading
        """The `KATA` declaration of checks.py; raise KataFormatError when it is missing or malformed."""
        from dlprep.kata.api import Kata

        declared = getattr(self.module("checks"), "KATA", None)
        if not isinstance(declared, Kata):
            raise _fail(self.path / "checks.py", 1, "kata.checks_module")
        return declared

    def module(self, stem: str) -> ModuleType:
        """Import one of the kata's own Python files (reference, checks, mistakes); cached."""
        import importlib.util  # grading only: listing katas does not import their code

        name = f"_dlprep_kata_{self.id}_{stem}"
        if name not in sys.modules:
            spec = importlib.util.spec_from_file_location(name, self.path / f"{stem}.py")
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        return sys.modules[name]


def _bilingual(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(k), str) and value[k].strip() for k in ("en", "zh"))


def _fail(path: Path, line: int, key: str, **params: Any) -> errors.KataFormatError:
    from dlprep import text

    return errors.KataFormatError(location=f"{path}:{line}", problem=text.both(key, **params))


def _words(values: Any) -> str:
    return ", ".join(sorted(map(str, values)))


def load_spec(folder: Path) -> KataSpec:
    """Read and validate one kata folder; raise KataFormatError naming file and line."""
    from dlprep import yamlfile

    meta_path = folder / "kata.yaml"
    try:
        data = yamlfile.load(meta_path)
    except yamlfile.YamlProblem as exc:
        raise _fail(meta_path, exc.line or 1, f"yaml.{exc.key}", **exc.params) from None
    if not isinstance(data, dict):
        raise _fail(meta_path, 1, "kata.not_mapping")
    line = yamlfile.line_of(data)
    keys = set(data) - {yamlfile.LINE}
    fmt = data.get("format")
    if isinstance(fmt, int) and not isinstance(fmt, bool) and fmt > FORMAT:
        raise _fail(meta_path, line, "kata.format_newer", found=fmt, supported=FORMAT)
    if keys - _KEYS:
        raise _fail(meta_path, line, "kata.unknown_keys", keys=_words(keys - _KEYS))
    if _REQUIRED - keys:
        raise _fail(meta_path, line, "kata.missing_keys", keys=_words(_REQUIRED - keys))
    present = {p.name for p in folder.iterdir() if p.name != "__pycache__" and not p.name.startswith(".")}
    if FILES - present:
        raise _fail(meta_path, line, "kata.missing_files", files=_words(FILES - present))
    if data["id"] != folder.name:
        raise _fail(meta_path, line, "kata.id_mismatch", id=repr(data["id"]), folder=repr(folder.name))
    if data["topic"] not in TOPICS:
        raise _fail(meta_path, line, "kata.topic", values=", ".join(TOPICS))
    if data["difficulty"] not in DIFFICULTIES:
        raise _fail(meta_path, line, "kata.difficulty", values=", ".join(DIFFICULTIES))
    for key in ("order", "expected_minutes"):
        if isinstance(data[key], bool) or not isinstance(data[key], int) or data[key] < 0:
            raise _fail(meta_path, line, "kata.number", key=key)
    if not isinstance(data["tags"], list) or not all(isinstance(t, str) for t in data["tags"]):
        raise _fail(meta_path, line, "kata.tags")
    for key in ("title", "solution_notes", "tolerance"):
        if key in data and not _bilingual(data[key]):
            raise _fail(meta_path, line, "kata.bilingual", key=key)
    hints = data["hints"]
    if not isinstance(hints, list) or not hints or not all(_bilingual(h) for h in hints):
        raise _fail(meta_path, line, "kata.hints")
    checks = data["checks"]
    if not isinstance(checks, dict) or not all(_bilingual(v) for k, v in checks.items() if k != yamlfile.LINE):
        raise _fail(meta_path, line, "kata.checks")
    entries = data["entry_points"]
    if not isinstance(entries, list) or not entries or not all(
            isinstance(e, dict) and isinstance(e.get("name"), str) and isinstance(e.get("signature"), str) for e in entries):
        raise _fail(meta_path, line, "kata.entry_points")
    mistakes = []
    for m in data["mistakes"] if isinstance(data["mistakes"], list) else [None]:
        here = yamlfile.line_of(m, line)
        if not (isinstance(m, dict) and isinstance(m.get("id"), str) and _bilingual(m.get("name")) and _bilingual(m.get("why"))):
            raise _fail(meta_path, here, "kata.mistake")
        related = m.get("related_questions") or []
        if not isinstance(related, list) or not all(isinstance(q, str) for q in related):
            raise _fail(meta_path, here, "kata.mistake_related")
        mistakes.append(MistakeSpec(m["id"], _strip(m["name"]), _strip(m["why"]), tuple(related)))
    related = data.get("related_questions") or []
    if not isinstance(related, list) or not all(isinstance(q, str) for q in related):
        raise _fail(meta_path, line, "kata.mistake_related")
    return KataSpec(
        id=data["id"], path=folder, topic=data["topic"], order=data["order"], difficulty=data["difficulty"],
        expected_minutes=data["expected_minutes"], tags=list(data["tags"]), title=_strip(data["title"]),
        entry_points=[EntryPoint(e["name"], e["signature"]) for e in entries], hints=[_strip(h) for h in hints],
        checks={k: _strip(v) for k, v in checks.items() if k != yamlfile.LINE},
        mistakes=mistakes, tolerance=_strip(data["tolerance"]) if data.get("tolerance") else None,
        related_questions=list(related),
        solution_notes=_strip(data["solution_notes"]) if data.get("solution_notes") else None,
    )


def _strip(value: dict[str, Any]) -> dict[str, str]:
    return {"en": value["en"].strip(), "zh": value["zh"].strip()}


_CACHE_FORMAT = 1


def discover(root: Path | None = None) -> list[KataSpec]:
    """Every kata under `root` (default: the shipped katas), in their declared order.

    The validated specs are cached like the decks ($DLPREP_HOME/cache/katas.marshal, keyed by each
    folder's listing and each kata.yaml's size and mtime), so listing katas parses no YAML.
    """
    root = root or paths.shipped_katas()
    folders = [p for p in sorted(root.iterdir()) if (p / "kata.yaml").is_file()]
    key = _cache_key(folders)
    specs = _load_cached(key) if key is not None else None
    if specs is None:
        specs = [load_spec(p) for p in folders]
        if key is not None:
            _store_cached(key, specs)
    return sorted(specs, key=lambda s: (s.order, s.id))


def _cache_key(folders: list[Path]) -> tuple | None:
    import dlprep

    try:
        entries = tuple((str(p), tuple(sorted(os.listdir(p))), st.st_size, st.st_mtime_ns)
                        for p in folders for st in [(p / "kata.yaml").stat()])
        code = Path(__file__).stat().st_mtime_ns
    except OSError:
        return None
    return (_CACHE_FORMAT, dlprep.__version__, code, entries)


def _load_cached(key: tuple) -> list[KataSpec] | None:
    import marshal

    try:
        cached_key, rows = marshal.loads((paths.cache_dir() / "katas.marshal").read_bytes())
        if cached_key != key:
            return None
        specs = []
        for row in rows:
            data = dict(row)
            data["path"] = Path(data["path"])
            data["entry_points"] = [EntryPoint(*e) for e in data["entry_points"]]
            data["mistakes"] = [MistakeSpec(*m) for m in data["mistakes"]]
            specs.append(KataSpec(**data))
        return specs
    except Exception:  # noqa: BLE001 -- a corrupt or foreign cache file is only a miss
        return None


def _store_cached(key: tuple, specs: list[KataSpec]) -> None:
    import marshal

    from dlprep.yamlfile import write_atomic

    rows = []
    for spec in specs:
        data = dict(spec.__dict__)
        data["path"] = str(spec.path)
        data["entry_points"] = [(e.name, e.signature) for e in spec.entry_points]
        data["mistakes"] = [(m.id, m.name, m.why, tuple(m.related_questions)) for m in spec.mistakes]
        rows.append(tuple(data.items()))
    try:
        blob = marshal.dumps((key, rows))
    except ValueError:
        return
    write_atomic(paths.cache_dir() / "katas.marshal", blob)


def find(name: str, root: Path | None = None) -> KataSpec:
    """The kata called `name`; raise KataNotFound with the closest name as a suggestion."""
    specs = {s.id: s for s in discover(root)}
    if name in specs:
        return specs[name]
    import difflib

    folded = {s.lower(): s for s in specs}
    close = difflib.get_close_matches(name.lower(), list(folded), n=1, cutoff=0.5)
    raise errors.KataNotFound(name=name, did_you_mean=folded[close[0]] if close else None)
