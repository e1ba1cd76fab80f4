"""`decks try`: grade one answer to one question exactly as the quiz would, recording nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from dlprep import errors
from dlprep.deck.loader import DeckSet
from dlprep.quiz.session import Item, grade
from dlprep.schedule import Rating


@dataclass
class Trial:
    id: str
    type: str
    correct: bool | None
    suggested: Rating | None
    reason: str
    key_points: int = 0
    covered: list[int] = field(default_factory=list)
    points: list[tuple[str, bool]] = field(default_factory=list)
    misconception: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "covered": self.covered, "key_points": self.key_points,
                "suggested": int(self.suggested) if self.suggested is not None else None, "reason": self.reason,
                "correct": self.correct, "misconception": self.misconception}


def judge(deckset: DeckSet, question_id: str, answer: str, lang: str) -> Trial:
    """The quiz's judgement of `answer`; raise QuestionNotFound for an unknown id.

    A generated numeric question is judged against the fixed example the seed 0 gives (the one
    `decks try` shows), since it has no fixed value of its own.
    """
    q = deckset.by_id.get(question_id)
    if q is None:
        import difflib

        close = difflib.get_close_matches(question_id, list(deckset.by_id), n=1, cutoff=0.6)
        raise errors.QuestionNotFound(id=question_id, did_you_mean=close[0] if close else None)
    item = Item(q, None, False)
    if q.family:
        from dlprep.deck.families import generate

        item.generated = generate(q.family, random.Random(0))
    graded = grade(item, answer)
    trial = Trial(q.id, q.type, graded.correct, graded.suggested, graded.reason or ("problem" if graded.problem else ""))
    if q.type == "recall":
        trial.key_points, trial.covered = len(q.key_points), list(graded.covered)
        trial.points = [(p.zh if lang == "zh" else p.en, i in graded.covered) for i, p in enumerate(q.key_points)]
        if graded.misconception is not None:
            pit = q.pitfalls[graded.misconception]
            trial.misconception = {"claim": pit["claim"][lang], "truth": pit["truth"][lang]}
    return trial
