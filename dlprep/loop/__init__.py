"""The learning loop: decisions that cross the wings (grading, decks, the schedule, the store).

Rating a kata attempt and recording it, the interview plan, the mock interview, the doctor report.
Callers pass in the decks and the clock; `dlprep.kata` and `dlprep.quiz` never reach into this package.
"""
