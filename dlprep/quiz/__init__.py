"""The quiz: which questions to ask, how answers are graded, and how reviews are scheduled."""
