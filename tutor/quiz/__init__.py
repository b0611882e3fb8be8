"""Quizzes on tag semantics: generated questions (the simulator is the oracle), scoring, output.

``generator`` writes questions from ``scenario`` stories, ``wrong_models`` runs the misconceptions that
give the wrong choices (``choices``, ``answers``), ``bank`` assembles a quiz, ``scoring`` is the one
scorer, ``record`` keeps answers in progress, ``render`` writes JSON or Markdown, ``plain`` asks in a
terminal, ``questions`` is the model.
"""

__all__ = [
    "questions", "generator", "scenario", "wrong_models", "choices", "answers", "bank", "scoring",
    "record", "render", "plain",
]
