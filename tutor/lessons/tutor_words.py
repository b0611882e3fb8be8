"""The tutor's own words typed at the prompt: one implementation for the TUI and plain mode.

``hint``, ``solution``, ``goal``, ``undo``, ``redo``, ``reset``, ``explain`` and ``next``
are not shell commands: they never reach the simulator and never count against par.
Each front end shows a ``Reply`` its own way (notes in the TUI's terminal, lines in plain
mode) and acts on its flags (redraw the picture when ``world_changed``, go on when ``advance``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tutor.lessons.session import SCORING_RULE, LessonSession

WORDS = ("hint", "solution", "goal", "undo", "redo", "reset", "explain", "next", "skip", "target")


@dataclass
class Reply:
    """What a tutor word did: lines to show, and what the front end should do next."""

    word: str
    lines: list[str] = field(default_factory=list)
    world_changed: bool = False  # undo, redo, reset: redraw the picture and the goal
    show_goal: bool = False  # print the checklist after the lines (plain mode)
    advance: bool = False  # `next` on a finished step: go on
    skip: bool = False  # `skip` on a task: the front end confirms (or not) and skips it
    skip_question: bool = False  # `skip` at a question not answered: go on, recording no answer
    target: bool = False  # `target`: the TUI draws the target picture (``lines`` say the same in words)
    hint_markdown: str | None = None  # the hint's text (Markdown), shown after ``lines``
    solution: list[str] = field(default_factory=list)


def is_tutor_word(line: str) -> bool:
    return line.strip() in WORDS


def sandbox_word(line: str) -> str | None:
    """A tutor word typed in the sandbox (no lesson): undo, redo and reset act, the rest say why not.

    `explain` is left to the shell there (its builtin says the same as a lesson's `explain`).
    """
    word = line.strip()
    return word if word in WORDS and word != "explain" else None


def handle(session: LessonSession, line: str) -> Reply | None:
    """Do what a tutor word asks; None when ``line`` is not one (it goes to the simulator)."""
    word = line.strip()
    if word not in WORDS:
        return None
    return _DO[word](session, Reply(word))


def _hint(session: LessonSession, reply: Reply) -> Reply:
    task = session.task
    if task is None:
        reply.lines.append("Hints are for tasks; there is no task here.")
        return reply
    hint = session.hint()
    if hint is None:
        reply.lines.append("No more hints. Type `solution` to see one way to do it.")
    else:
        reply.lines.append(f"Hint {session.hints_shown} of {len(task.hints)}:")
        reply.hint_markdown = hint
    return reply


def _solution(session: LessonSession, reply: Reply) -> Reply:
    if session.task is None:
        reply.lines.append("There is no task here.")
        return reply
    reply.lines.append("One way to do it (type it yourself; any way that reaches the goal counts):")
    reply.solution = session.solution()
    reply.lines.extend(f"  {line}" for line in reply.solution)
    reply.lines.append(f"(Scoring: {SCORING_RULE}.)")
    return reply


def _goal(session: LessonSession, reply: Reply) -> Reply:
    if session.task is None:
        reply.lines.append("There is no goal here.")
    else:
        reply.show_goal = True
    return reply


def _undo_or_redo(session: LessonSession, reply: Reply) -> Reply:
    undo = reply.word == "undo"
    label = session.undo_label() if undo else session.redo_label()
    if session.undo() if undo else session.redo():
        reply.lines.append(f"{'Undone' if undo else 'Redone'}: {label}")
        reply.world_changed = True
        reply.show_goal = session.task is not None
    else:
        reply.lines.append("Nothing to undo in this step." if undo else "Nothing to redo.")
    return reply


def _reset(session: LessonSession, reply: Reply) -> Reply:
    changed = session.reset()
    reply.lines.append(
        "The world is back as it was when this step began (`undo` takes the reset back)."
        if changed
        else "Nothing to reset: the world is as it was when this step began."
    )
    reply.world_changed = changed
    reply.show_goal = session.task is not None
    return reply


def _explain(session: LessonSession, reply: Reply) -> Reply:
    reply.lines.extend(session.explain().splitlines() or ["Nothing to explain yet: type a command first."])
    return reply


def _target(session: LessonSession, reply: Reply) -> Reply:
    target = session.target_world()
    if target is None:
        reply.lines.append("The target picture is for tasks; there is no task here.")
        return reply
    from tutor.sim.changes import target_changes

    reply.target = True
    reply.lines.append("Target: one way the goal holds. What still differs from now:")
    reply.lines.extend(f"  - {note}" for note in target_changes(target, session.world).notes)
    return reply


def _skip(session: LessonSession, reply: Reply) -> Reply:
    if session.task is None and not session.can_continue():  # a question not answered yet
        reply.lines.append("Question skipped.")
        reply.skip_question = True
        return reply
    if session.task is None or session.done:
        return _next(session, Reply("next"))
    reply.skip = True
    return reply


def _next(session: LessonSession, reply: Reply) -> Reply:
    if session.can_continue():
        reply.advance = True
        return reply
    if session.task is None:  # a question: there is no goal to report
        reply.lines.append("Answer the question first (or `skip` it).")
        return reply
    reply.lines.append("The goal is not reached yet:")
    reply.show_goal = True
    reply.lines.append("Type `hint` for a hint, `solution` for one way to do it, or `skip` to let the tutor do it.")
    return reply


# one function a word (WORDS lists them in the order `help` shows)
_DO: dict[str, Callable[[LessonSession, Reply], Reply]] = {
    "hint": _hint, "solution": _solution, "goal": _goal, "undo": _undo_or_redo, "redo": _undo_or_redo,
    "reset": _reset, "explain": _explain, "target": _target, "skip": _skip, "next": _next,
}
