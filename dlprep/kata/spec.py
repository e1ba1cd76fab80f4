"""Kata discovery and the strict kata.yaml schema: the `katas/` folder is the registry.

A kata folder holds exactly: kata.yaml, statement.en.md, statement.zh.md, starter.py,
reference.py, checks.py, mistakes.py. Unknown keys, missing files, stray files and a
`format` newer than this dlprep are refused with the file and line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from dlprep import errors, paths, yamlsafe

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
            raise _fail(self.path / "checks.py", 1, "checks.py must define KATA = api.Kata(...)")
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


def _fail(path: Path, line: int, message: str) -> errors.KataFormatError:
    return errors.KataFormatError(location=f"{path}:{line}", problem=message)


def load_spec(folder: Path) -> KataSpec:
    """Read and validate one kata folder; raise KataFormatError naming file and line."""
    meta_path = folder / "kata.yaml"
    try:
        data = yamlsafe.load(meta_path, paths.cache_dir())
    except yamlsafe.YamlProblem as exc:
        raise _fail(meta_path, exc.line or 1, f"{exc.key} {exc.params}") from None
    if not isinstance(data, dict):
        raise _fail(meta_path, 1, "expected a mapping")
    line = yamlsafe.line_of(data)
    keys = set(data) - {yamlsafe.LINE}
    if isinstance(data.get("format"), int) and data["format"] > FORMAT:
        raise _fail(meta_path, line, f"format {data['format']} is newer than supported {FORMAT}")
    if keys - _KEYS:
        raise _fail(meta_path, line, f"unknown keys: {', '.join(sorted(keys - _KEYS))}")
    if _REQUIRED - keys:
        raise _fail(meta_path, line, f"missing keys: {', '.join(sorted(_REQUIRED - keys))}")
    present = {p.name for p in folder.iterdir() if p.name != "__pycache__" and not p.name.startswith(".")}
    if FILES - present:
        raise _fail(meta_path, line, f"missing files: {', '.join(sorted(FILES - present))}")
    if present - FILES:
        raise _fail(meta_path, line, f"unexpected files: {', '.join(sorted(present - FILES))}")
    if data["id"] != folder.name:
        raise _fail(meta_path, line, f"id {data['id']!r} differs from folder name {folder.name!r}")
    if data["topic"] not in TOPICS:
        raise _fail(meta_path, line, f"topic must be one of {TOPICS}")
    if data["difficulty"] not in DIFFICULTIES:
        raise _fail(meta_path, line, f"difficulty must be one of {DIFFICULTIES}")
    for key in ("title", "solution_notes"):
        if key in data and not _bilingual(data[key]):
            raise _fail(meta_path, line, f"{key} needs en and zh")
    hints = data["hints"]
    if not hints or not all(_bilingual(h) for h in hints):
        raise _fail(meta_path, line, "hints must be a non-empty list of {en, zh}")
    checks = data["checks"]
    if not isinstance(checks, dict) or not all(_bilingual(v) for k, v in checks.items() if k != yamlsafe.LINE):
        raise _fail(meta_path, line, "checks must map check names to {en, zh}")
    mistakes = []
    for m in data["mistakes"]:
        if not (isinstance(m, dict) and isinstance(m.get("id"), str) and _bilingual(m.get("name")) and _bilingual(m.get("why"))):
            raise _fail(meta_path, yamlsafe.line_of(m, line), "a mistake needs id, name {en, zh}, why {en, zh}")
        related = m.get("related_questions") or []
        if not isinstance(related, list) or not all(isinstance(q, str) for q in related):
            raise _fail(meta_path, yamlsafe.line_of(m, line), "a mistake's related_questions must be a list of question ids")
        mistakes.append(MistakeSpec(m["id"], _strip(m["name"]), _strip(m["why"]), tuple(related)))
    entry_points = [EntryPoint(e["name"], e["signature"]) for e in data["entry_points"]]
    return KataSpec(
        id=data["id"], path=folder, topic=data["topic"], order=int(data["order"]), difficulty=data["difficulty"],
        expected_minutes=int(data["expected_minutes"]), tags=list(data["tags"]), title=_strip(data["title"]),
        entry_points=entry_points, hints=[_strip(h) for h in hints],
        checks={k: _strip(v) for k, v in checks.items() if k != yamlsafe.LINE},
        mistakes=mistakes, tolerance=_strip(data["tolerance"]) if data.get("tolerance") else None,
        related_questions=list(data.get("related_questions") or []),
        solution_notes=_strip(data["solution_notes"]) if data.get("solution_notes") else None,
    )


def _strip(value: dict[str, Any]) -> dict[str, str]:
    return {"en": value["en"].strip(), "zh": value["zh"].strip()}


def discover(root: Path | None = None) -> list[KataSpec]:
    """Every kata under `root` (default: the shipped katas), in their declared order."""
    root = root or paths.shipped_katas()
    specs = [load_spec(p) for p in sorted(root.iterdir()) if (p / "kata.yaml").is_file()]
    return sorted(specs, key=lambda s: (s.order, s.id))


def find(name: str, root: Path | None = None) -> KataSpec:
    """The kata called `name`; raise KataNotFound with the closest name as a suggestion."""
    specs = {s.id: s for s in discover(root)}
    if name in specs:
        return specs[name]
    import difflib

    close = difflib.get_close_matches(name, list(specs), n=1, cutoff=0.5)
    raise errors.KataNotFound(name=name, did_you_mean=close[0] if close else None)
