"""Quizzes on tag semantics: generated questions (the simulator is the oracle), scoring, output."""
