"""The tutor's own words typed at the prompt: one implementation for the TUI and plain mode.

``hint``, ``solution``, ``goal``, ``undo``, ``redo``, ``reset``, ``explain`` and ``next``
are not shell commands: they never reach the simulator and never count against par.
Each front end shows a ``Reply`` its own way (notes in the TUI's terminal, lines in plain
mode) and acts on its flags (redraw the picture when ``world_changed``, go on when ``advance``).
"""

from __future__ import annotations

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


def handle(session: LessonSession, line: str) -> Reply | None:  # noqa: C901 - one branch a word
    """Do what a tutor word asks; None when ``line`` is not one (it goes to the simulator)."""
    word = line.strip()
    if word not in WORDS:
        return None
    reply = Reply(word)
    task = session.task
    if word == "hint":
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
    if word == "solution":
        if task is None:
            reply.lines.append("There is no task here.")
            return reply
        reply.lines.append("One way to do it (type it yourself; any way that reaches the goal counts):")
        reply.solution = session.solution()
        reply.lines.extend(f"  {line}" for line in reply.solution)
        reply.lines.append(f"(Scoring: {SCORING_RULE}.)")
        return reply
    if word == "goal":
        if task is None:
            reply.lines.append("There is no goal here.")
        else:
            reply.show_goal = True
        return reply
    if word in ("undo", "redo"):
        label = session.undo_label() if word == "undo" else session.redo_label()
        done = session.undo() if word == "undo" else session.redo()
        if done:
            reply.lines.append(f"{'Undone' if word == 'undo' else 'Redone'}: {label}")
            reply.world_changed = True
            reply.show_goal = task is not None
        else:
            reply.lines.append("Nothing to undo in this step." if word == "undo" else "Nothing to redo.")
        return reply
    if word == "reset":
        changed = session.reset()
        reply.lines.append(
            "The world is back as it was when this step began (`undo` takes the reset back)."
            if changed
            else "Nothing to reset: the world is as it was when this step began."
        )
        reply.world_changed = changed
        reply.show_goal = task is not None
        return reply
    if word == "explain":
        reply.lines.extend(session.explain().splitlines() or ["Nothing to explain yet: type a command first."])
        return reply
    if word == "target":
        target = session.target_world()
        if target is None:
            reply.lines.append("The target picture is for tasks; there is no task here.")
            return reply
        from tutor.sim.changes import target_changes

        reply.target = True
        reply.lines.append("Target: one way the goal holds. What still differs from now:")
        reply.lines.extend(f"  - {note}" for note in target_changes(target, session.world).notes)
        return reply
    if word == "skip":
        if task is None or session.done:
            return handle(session, "next")
        reply.skip = True
        return reply
    # next
    if session.can_continue():
        reply.advance = True
    else:
        reply.lines.append("The goal is not reached yet:")
        reply.show_goal = True
        reply.lines.append(
            "Type `hint` for a hint, `solution` for one way to do it, or `skip` to let the tutor do it."
            if task is not None
            else "Answer the question first (or `skip` it)."
        )
    return reply
