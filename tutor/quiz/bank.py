"""A quiz from generated questions, the lessons' own questions, or both.

Lesson questions (``quiz:`` steps in lesson files) become ``QuizItem``s with
``source: lesson:<id>``; their commands are shown as the scenario. Which ones
are drawn, and in what order, depends only on the seed.
"""

from __future__ import annotations

import random

from tutor.quiz.generator import generate
from tutor.quiz.questions import Choice, QuizItem, Step

SOURCES = ("generated", "lessons", "mixed")


def lesson_items(lessons, engine: str = "current") -> list[QuizItem]:
    """Every quiz question in these lessons (tutor.lessons.model.Lesson objects), in lesson order."""
    items = []
    for lesson in lessons:
        for quiz in getattr(lesson, "quizzes", ()):
            q = quiz.question
            answer = str(q.answer)
            choices = tuple(
                Choice(str(c), None if str(c) == answer else q.misconception, "") for c in q.choices
            )
            items.append(
                QuizItem(
                    id=f"{lesson.id}/{q.id}",
                    type=f"lesson-{q.type}",
                    question=q.prompt,
                    answer=answer,
                    why=q.why,
                    choices=choices,
                    scenario=tuple(Step("laptop", c) for c in q.commands),  # shown with the lesson named
                    key={"misconception": q.misconception} if q.misconception else {},
                    subject=lesson.title,
                    engine=engine,
                    source=f"lesson:{lesson.id}",
                    accept=tuple(str(a) for a in getattr(q, "accept", ())),
                )
            )
    return items


def build_quiz(
    seed: int,
    count: int,
    *,
    engine: str = "current",
    source: str = "generated",
    lessons=(),
    types: tuple[str, ...] | None = None,
    shuffle_choices: bool = False,
) -> list[QuizItem]:
    """``count`` questions for this seed. ``mixed`` takes up to half from the lessons' bank."""
    if source not in SOURCES:
        raise ValueError(f"unknown quiz source {source!r} (choose from {', '.join(SOURCES)})")
    rng = random.Random(f"registry-tutor:{seed}:bank")
    bank = lesson_items(lessons, engine) if source != "generated" else []
    if source == "lessons":
        picked = rng.sample(bank, min(count, len(bank)))
    elif source == "mixed":
        picked = rng.sample(bank, min(count // 2, len(bank)))
    else:
        picked = []
    if shuffle_choices:
        picked = [_shuffled(item, rng) for item in picked]
    generated = generate(seed, count - len(picked), engine, types) if source != "lessons" else []
    items = picked + generated
    if source == "mixed":
        rng.shuffle(items)
    return items


def _shuffled(item: QuizItem, rng: random.Random) -> QuizItem:
    from dataclasses import replace

    choices = list(item.choices)
    rng.shuffle(choices)
    return replace(item, choices=tuple(choices))
