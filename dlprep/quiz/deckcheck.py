"""Whether a deck's recall data is consistent with its own text, judged exactly as the quiz judges.

For every recall question and both languages: the reference answer states every key point and no
misconception; the prompt typed back states no key point; each pitfall's claim, in both languages, is
recognised as that misconception. A deck that breaks one of these would credit an echo, miss its own
answer, or fail to name the misconception it warns about. `decks check` reports each break as
`file:line: message`; `decks try` shows the judgement of any single answer.
"""

from __future__ import annotations

from dlprep.deck.schema import Problem, Question
from dlprep.quiz import recall

LANGS = ("en", "zh")


def problems(questions: list[Question], path_of: dict[str, str]) -> list[Problem]:
    """The consistency problems of these questions (not fatal: the questions still load)."""
    found: list[Problem] = []
    for q in questions:
        if q.type != "recall":
            continue
        path = path_of.get(q.deck, q.deck)

        def add(key: str, **params: object) -> None:
            found.append(Problem(path, q.line, key, tuple(dict(id=q.id, **params).items()), fatal=False))

        for lang in LANGS:
            ref = recall.judge(q.answer[lang], q.key_points, q.pitfalls, q.prompt)
            missed = [i + 1 for i in range(len(q.key_points)) if i not in ref.covered]
            if missed:
                add("reference_misses", lang=lang, points=", ".join(map(str, missed)))
            if ref.misconception is not None:
                add("reference_misconception", lang=lang, pitfall=ref.misconception + 1)
            echo = recall.judge(q.prompt[lang], q.key_points, q.pitfalls, q.prompt)
            if echo.covered:
                add("echo_covers", lang=lang, points=", ".join(str(i + 1) for i in echo.covered))
            for i, pitfall in enumerate(q.pitfalls):
                claim = recall.judge(pitfall["claim"][lang], q.key_points, q.pitfalls, q.prompt)
                if i not in claim.misconceptions and pitfall.get("detect"):
                    add("claim_undetected", lang=lang, pitfall=i + 1)
    return found
