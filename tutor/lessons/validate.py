"""``registry-tutor validate``: load lessons, then replay every task's solution.

Loading finds YAML, schema and static problems (see loader). Replaying finds
the rest, against the simulator itself: the start state must build (every
setup command succeeds), each task's goal must *not* already hold where the
task starts, each solution command must succeed, and the goal must hold after
the solution. Tasks start where the previous task's solution left the world,
exactly as ``LessonSession.canonical_world`` resumes and skips. Each of a task's
``wrong_sequences`` is replayed from a copy of the task's start and must leave
the goal unmet: a goal that accepts a known mistake teaches the mistake.

A lesson that does not pin an engine is replayed on both engines, since the
learner may pick either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tutor.lessons.catalog import lesson_files, pack_problems, scan_pack
from tutor.lessons.loader import load_lesson_file
from tutor.lessons.model import Lesson, LessonError, Problem, Task
from tutor.lessons.session import StartStateError, build_start_world
from tutor.sim.shell import Shell
from tutor.sim.world import PROFILES


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    lessons: int = 0
    replayed: int = 0  # task solutions replayed (per engine)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_paths(paths: list[str | Path]) -> Report:
    report = Report()
    replayed_files: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            pack, problems = scan_pack(path, cached=False)  # an author's check reads every file afresh
            report.problems.extend(problems)
            lessons = list(pack.lessons)
            if not lessons and not problems:  # nothing checked is not "OK"
                report.problems.append(Problem(str(path), 0, "no lesson files (*.yaml) in this folder"))
        elif path.exists():
            try:
                lesson = load_lesson_file(path)
            except LessonError as exc:
                report.problems.extend(exc.problems)
                continue
            lessons = [lesson]
            report.problems.extend(pack_problems(lessons, known_ids=_sibling_ids(path)))
        else:
            report.problems.append(Problem(str(path), 0, "no such file or folder"))
            continue
        for lesson in lessons:
            if lesson.source in replayed_files:
                continue  # named twice (a file and its folder): checked once, reported once
            replayed_files.add(lesson.source)
            report.lessons += 1
            problems, replayed = replay(lesson)
            report.problems.extend(problems)
            report.replayed += replayed
    report.problems = list(dict.fromkeys(report.problems))  # the same file:line: message once
    return report


def _sibling_ids(path: Path) -> set[str]:
    """Lesson ids in the same folder (for checking `requires` of a single file)."""
    ids = set()
    for file in lesson_files(path.parent):
        if file.resolve() == path.resolve():
            continue
        try:
            ids.add(load_lesson_file(file).id)
        except LessonError:
            continue
    return ids


def replay(lesson: Lesson) -> tuple[list[Problem], int]:
    """Replay the lesson's solutions; -> (problems, number of task solutions replayed)."""
    engines = (lesson.start.engine,) if lesson.start.engine_pinned else PROFILES
    found: dict[tuple[int, str], list[str]] = {}
    replayed = 0
    for engine in engines:
        problems, count = _replay_on(lesson, engine)
        replayed += count
        for problem in problems:
            found.setdefault((problem.line, problem.message), []).append(engine)
    result = []
    for (line, message), on in found.items():
        if len(engines) > 1 and len(on) < len(engines):
            message += f" (on the {on[0]} engine)"
        result.append(Problem(lesson.source, line, message))
    return sorted(result, key=lambda p: p.line), replayed


def _replay_on(lesson: Lesson, engine: str) -> tuple[list[Problem], int]:
    file = lesson.source
    start = lesson.start
    try:
        world = build_start_world(start, engine)
    except StartStateError as exc:
        line = start.setup_lines[exc.index] if 0 <= exc.index < len(start.setup_lines) else start.line
        return [Problem(file, line, exc.message)], 0
    problems: list[Problem] = []
    for task in lesson.tasks:
        for predicate in task.goal:
            for message in predicate.world_problems(world):
                problems.append(Problem(file, predicate.line or task.line, f"task '{task.id}': {message}"))
    if problems:
        return problems, 0
    shell = Shell(world)
    replayed = 0
    for task in lesson.tasks:
        problems.extend(_replay_wrong(file, task, world, shell))
        problems.extend(_replay_task(file, task, world, shell))
        replayed += 1
        if problems:
            break  # later tasks start from a state this lesson does not produce: their reports would mislead
    return problems, replayed


def _replay_wrong(file: str, task: Task, world, shell: Shell) -> list[Problem]:
    """Each wrong sequence, from a copy of the task's start: the goal must not hold after it."""
    problems = []
    for wrong in task.wrong_sequences:
        trial = world.clone()
        trial_shell = Shell(trial)
        trial_shell.vars = dict(shell.vars)
        for line in wrong.commands:
            trial_shell.run(line)  # mistakes may fail: that is often the point
        if all(p.check(trial).ok for p in task.goal):
            problems.append(
                Problem(
                    file,
                    wrong.line or task.line,
                    f"task '{task.id}': the wrong sequence `{' && '.join(wrong.commands)}` satisfies the goal "
                    f"(it should not: {' '.join(wrong.because.split())})",
                )
            )
    return problems


def _replay_task(file: str, task: Task, world, shell: Shell) -> list[Problem]:
    before = [p.check(world) for p in task.goal]
    if all(status.ok for status in before):
        return [
            Problem(
                file,
                task.line,
                f"task '{task.id}': the goal already holds where the task starts, so there is nothing to do "
                f"({'; '.join(s.text for s in before)})",
            )
        ]
    for i, line in enumerate(task.solution):
        result = shell.run(line)
        if result.exit_code != 0:
            said = (
                " / ".join(t for t in (result.stderr or result.stdout[-2:]) if t.strip())[:300] or "no output"
            )
            where = task.solution_lines[i] if i < len(task.solution_lines) else task.line
            return [
                Problem(
                    file,
                    where,
                    f"task '{task.id}': solution command `{line}` failed (exit {result.exit_code}): {said}",
                )
            ]
    problems = []
    for predicate in task.goal:
        status = predicate.check(world)
        if not status.ok:
            problems.append(
                Problem(
                    file,
                    predicate.line or task.line,
                    f"task '{task.id}': after the solution this goal does not hold: {status.text} — {status.detail}",
                )
            )
    return problems
