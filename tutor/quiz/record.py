"""Quiz answers in the learner's progress file (the lesson engine's ProgressStore).

Answers to a quiz taken outside a lesson are kept per quiz (``seed-7-current``),
first attempt scored, with the misconception a wrong answer reveals. The
store's ``record_generated_quiz`` is used when it has one; until then they go
into the store's data under ``"quizzes"`` and are saved with its atomic
``save()`` (the lesson records, which the store validates, are not touched).
"""

from __future__ import annotations

from datetime import UTC, datetime

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


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_answer(store, quiz: str, item: QuizItem, outcome: Outcome) -> None:
    """Record one answer (never raises: a progress problem must not stop a quiz)."""
    if store is None:
        return
    method = getattr(store, "record_generated_quiz", None)
    try:
        if method is not None:
            method(quiz, item.id, item.type, outcome.given, outcome.correct, outcome.misconception)
            return
        data = getattr(store, "data", None)
        if not isinstance(data, dict) or getattr(store, "read_only", False):
            return
        section = data.setdefault(SECTION, {})
        record = section.setdefault(quiz, {"started": _now(), "engine": item.engine, "answers": {}})
        record["updated"] = _now()
        entry = record["answers"].get(item.id)
        if entry is None:
            record["answers"][item.id] = {
                "type": item.type,
                "question": item.question[:500],
                "answer": outcome.given[:500],
                "expected": outcome.expected[:500],
                "correct": outcome.correct,
                "misconception": outcome.misconception,
                "attempts": 1,
                "at": _now(),
            }
        else:
            entry["attempts"] = int(entry.get("attempts", 1)) + 1
            entry["last_answer"] = outcome.given[:500]
            entry["last_correct"] = outcome.correct
        store.save()
    except (OSError, TypeError, ValueError, AttributeError):  # the quiz goes on; the store sets its own warning
        return


def recorded_quizzes(store) -> dict[str, dict]:
    """Every quiz taken outside lessons, as recorded (quiz id -> record with ``answers``)."""
    data = getattr(store, "data", None)
    section = data.get(SECTION, {}) if isinstance(data, dict) else {}
    return {k: v for k, v in section.items() if isinstance(v, dict) and isinstance(v.get("answers"), dict)}
