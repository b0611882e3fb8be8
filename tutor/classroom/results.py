"""A learner's results as one file for the instructor: lesson progress and quiz answers.

``registry-tutor results export`` writes JSON (one document) or CSV (one row per
lesson and per answered question). ``class-report`` reads either back.
Only the first attempt at a question is scored, as in the progress file.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

# A spreadsheet runs a cell starting with one of these as a formula (`=HYPERLINK(...)`, `@SUM`, a DDE
# `+cmd|...`). OWASP's advice: prefix such a cell with a single quote. A cell that already starts with
# a quote gets one too, so `unguard_cell` gives back exactly what was written.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
MAX_COUNT = 10**9  # a count above this is a damaged progress file, not a learner's work

EXPORT_FORMAT = "registry-tutor-results"
EXPORT_VERSION = 1
CSV_COLUMNS = (
    "format", "learner", "profile", "exported", "record", "lesson", "title", "status", "steps_done",
    "tasks_done", "tasks_total", "quiz", "question", "type", "correct", "answer", "misconception", "attempts",
    "pack",
)
OPTIONAL_CSV_COLUMNS = ("pack",)  # exports written before it was added are still read


def guard_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguard_cell(text: str) -> str:
    """What ``guard_cell`` wrote, read back."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def count(value: object, default: int = 0) -> int:
    """A count from a progress record, whatever a damaged file holds: a whole number 0..MAX_COUNT."""
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return min(max(value, 0), MAX_COUNT)


def _status(state: dict) -> str:
    if not state:
        return "new"
    return "done" if state.get("completed") else "in progress"


def _lesson_question_types(lessons) -> dict[tuple[str, str], str]:
    return {
        (lesson.id, quiz.question.id): f"lesson-{quiz.question.type}"
        for lesson in lessons
        for quiz in getattr(lesson, "quizzes", ())
    }


def lessons_outside(store, lessons) -> list[str]:
    """The lessons this profile has progress in that ``lessons`` (a pack's) does not hold, sorted."""
    return sorted(set(store.data.get("lessons", {})) - {lesson.id for lesson in lessons})


def build_export(store, *, learner: str, lessons=(), pack_title: str | None = None,
                 pack_only: bool = False) -> dict:
    """The export document for one ProgressStore (``lessons``: the catalog's, for titles and order).

    ``pack_only``: leave out progress in lessons outside ``lessons`` (an export for a workshop pack
    reports that pack, so the class report counts only its lessons); quizzes taken outside lessons stay.
    """
    from tutor import __version__
    from tutor.quiz.record import recorded_quizzes

    recorded: dict = store.data.get("lessons", {})
    known = {lesson.id: lesson for lesson in lessons}
    order = [lesson.id for lesson in lessons]
    if not pack_only:
        order += sorted(set(recorded) - set(known))
    lesson_rows = []
    for lesson_id in order:
        state = recorded.get(lesson_id, {})
        lesson = known.get(lesson_id)
        tasks = state.get("tasks", {})
        lesson_rows.append(
            {
                "id": lesson_id,
                "title": lesson.title if lesson else lesson_id,
                "status": _status(state),
                "started": state.get("started"),
                "completed": state.get("completed"),
                "steps_done": len(state.get("steps_done", [])),
                "tasks_done": sum(1 for t in tasks.values() if isinstance(t, dict) and t.get("done")),
                "tasks_total": len(lesson.tasks) if lesson else len(tasks),
                "commands_typed": count(state.get("commands_typed")),
                "hints": min(MAX_COUNT, sum(count(t.get("hints")) for t in tasks.values() if isinstance(t, dict))),
            }
        )
    qtypes = _lesson_question_types(lessons)
    answers = []
    for lesson_id in order:
        for question_id, entry in sorted(recorded.get(lesson_id, {}).get("quiz", {}).items()):
            answers.append(_answer_row(f"lesson:{lesson_id}", question_id,
                                       qtypes.get((lesson_id, question_id), "lesson"), entry))
    for quiz_name, record in sorted(recorded_quizzes(store).items()):
        for question_id, entry in sorted(record["answers"].items()):
            answers.append(_answer_row(quiz_name, question_id, str(entry.get("type", "generated")), entry))
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "learner": learner,
        "profile": store.profile,
        "exported": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "app": f"registry-tutor {__version__}",
        "pack": pack_title,
        "lessons": lesson_rows,
        "quiz": answers,
    }


def _answer_row(quiz: str, question: str, qtype: str, entry: dict) -> dict:
    return {
        "quiz": quiz,
        "question": question,
        "type": qtype,
        "correct": bool(entry.get("correct")),
        "answer": str(entry.get("answer", "")),
        "misconception": entry.get("misconception") if isinstance(entry.get("misconception"), str) else None,
        "attempts": count(entry.get("attempts"), 1),
    }


def to_json(export: dict) -> str:
    return json.dumps(export, indent=2, ensure_ascii=False) + "\n"


def to_csv(export: dict) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    # Python 3.11's minimal quoting leaves a lone CR bare, which breaks the row on reading: such rows are
    # written fully quoted (the same buffer, so the file stays one CSV).
    quoted = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_ALL)
    common = {
        "format": f"{EXPORT_FORMAT}/{EXPORT_VERSION}",
        "learner": export["learner"],
        "profile": export["profile"],
        "exported": export["exported"],
        "pack": export.get("pack") or "",
    }
    for row in export["lessons"]:
        _write_row(writer, quoted, {
            **common, "record": "lesson", "lesson": row["id"], "title": row["title"], "status": row["status"],
            "steps_done": row["steps_done"], "tasks_done": row["tasks_done"], "tasks_total": row["tasks_total"],
        })
    for row in export["quiz"]:
        _write_row(writer, quoted, {
            **common, "record": "quiz", "quiz": row["quiz"], "question": row["question"], "type": row["type"],
            "correct": "yes" if row["correct"] else "no", "answer": row["answer"],
            "misconception": row["misconception"] or "", "attempts": row["attempts"],
        })
    return buffer.getvalue()


def _write_row(writer: csv.DictWriter, quoted: csv.DictWriter, row: dict) -> None:
    cells = {key: guard_cell(value) for key, value in row.items()}
    has_cr = any(isinstance(value, str) and "\r" in value for value in cells.values())
    (quoted if has_cr else writer).writerow(cells)
