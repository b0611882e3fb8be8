"""Quiz answers in the learner's progress (the lesson engine's ProgressStore).

Answers to a quiz taken outside a lesson are kept per quiz (``seed-7-current``),
first attempt scored, with the misconception a wrong answer reveals. The store
records each answer as one event (``record_generated_quiz``) and shows them in
its record under ``"quizzes"``.
"""

from __future__ import annotations

from tutor.quiz.questions import Outcome, QuizItem

SECTION = "quizzes"


def quiz_id(seed: int | None, engine: str, source: str = "generated") -> str:
    if source == "generated" and seed is not None:
        return f"seed-{seed}-{engine}"
    return f"{source}-{seed if seed is not None else 'any'}-{engine}"


def repeat_command(seed: int, count: int, *, engine: str | None = None, source: str = "generated",
                   types: tuple[str, ...] | None = None, pack: str | None = None) -> str:
    """The command line that asks this very quiz again (every option that chose its questions)."""
    import shlex

    words = ["registry-tutor", "quiz", "--seed", str(seed), "--count", str(count)]
    if source != "generated":
        words += ["--source", source]
    if engine:
        words += ["--engine", engine]
    if types:
        words += ["--types", ",".join(types)]
    if pack:
        words += ["--pack", pack]
    return shlex.join(words)


def record_answer(store, quiz: str, item: QuizItem, outcome: Outcome) -> None:
    """Record one answer (a store that cannot save sets its own ``warning``; the quiz goes on)."""
    if store is None:
        return
    store.record_generated_quiz(
        quiz,
        item.id,
        qtype=item.type,
        question=item.question,
        answer=outcome.given,
        expected=outcome.expected,
        correct=outcome.correct,
        misconception=outcome.misconception,
        engine=item.engine,
    )


def recorded_quizzes(store) -> dict[str, dict]:
    """Every quiz taken outside lessons, as recorded (quiz id -> record with ``answers``)."""
    section = store.data.get(SECTION, {})
    return {k: v for k, v in section.items() if isinstance(v, dict) and isinstance(v.get("answers"), dict)}
