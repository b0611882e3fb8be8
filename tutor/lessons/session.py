"""One learner working through one lesson: the world, the steps, undo, hints, quizzes.

Used by the TUI and by plain mode alike; it knows nothing about screens.

The world of a lesson starts as ``build_start_world`` makes it, and every
task's start is where the learner left the previous one. Skipping a task, or
resuming a lesson later, puts the world where the lesson's own solutions
would have left it (``canonical_world``): that state is known to be valid,
because the validator replays exactly those solutions.

Undo and redo work within the current step: each command that changed the
world pushes a snapshot (``World.clone`` is cheap); ``reset`` goes back to the
state the step started in. Commands that changed nothing (``ls``, a typo) are
not undo points, so ``undo`` always takes back a real change.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

from tutor.lessons import goals as goal_mod
from tutor.lessons.goals import GoalStatus
from tutor.lessons.model import Lesson, Prose, Question, Quiz, StartState, Step, Task
from tutor.lessons.progress import ProgressStore
from tutor.quiz.scoring import choice_index as scoring_choice_index
from tutor.quiz.scoring import is_right, normalise
from tutor.sim.fs import FileSystem, parent_of
from tutor.sim.result import Result
from tutor.sim.shell import Shell
from tutor.sim.workspace import Workspace
from tutor.sim.world import World, same_state

SCORING_RULE = (
    "3 stars at or under par without showing the solution, 2 stars within twice par, 1 star otherwise; "
    "commands that only look (docker images, ls, curl GET…) are free"
)


class StartStateError(Exception):
    """A lesson's start state could not be built; ``index`` is the setup line (-1: not a setup line)."""

    def __init__(self, index: int, command: str, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.command = command
        self.message = message


def build_start_world(start: StartState, engine: str | None = None) -> World:
    """The default world, then the start's machines, files, and setup commands run silently."""
    world = World.default(engine or start.engine)
    for name in start.machines:
        if name not in world.machines:
            world.add_machine(name)
    if start.team_registry:
        world.add_team_registry(tls=start.team_registry == "tls")
    machine = world.machine
    for raw_path, text in start.files.items():
        path = FileSystem.resolve(machine.home, raw_path, machine.home)
        try:
            machine.fs.mkdir(parent_of(path), parents=True)
            machine.fs.write(path, text)
        except Exception as exc:  # FsError: the path clashes with a folder or a file
            raise StartStateError(-1, raw_path, f"cannot write file {raw_path}: {exc}") from None
    cwd = FileSystem.resolve(machine.home, start.cwd, machine.home)
    if not machine.fs.is_dir(cwd):
        raise StartStateError(
            -1, start.cwd, f"start folder {start.cwd} does not exist (create it in setup or files)"
        )
    machine.cwd = cwd
    shell = Shell(world)
    for index, line in enumerate(start.setup):
        result = shell.run(line)
        if result.exit_code != 0:
            said = (
                " / ".join(t for t in (result.stderr or result.stdout[-2:]) if t.strip())[:300] or "no output"
            )
            raise StartStateError(
                index, line, f"setup command `{line}` failed (exit {result.exit_code}): {said}"
            )
    world.current = "laptop" if "laptop" in world.machines else world.current
    for m in world.machines.values():
        m.history.clear()  # the learner's history starts empty: setup is not theirs
    world.machine.cwd = cwd
    return world


@dataclass(frozen=True)
class QuizOutcome:
    correct: bool
    expected: str
    why: str
    misconception: str | None = None
    retry: bool = False  # wrong, but the pack's `retries` leave another try: no verdict yet


def normalise_answer(text: str) -> str:
    return normalise(text)


def choice_index(question: Question, text: str) -> int | None:
    """Which choice an answer names: its text, its number (1, 2, ...) or its letter (a, b, ...)."""
    return scoring_choice_index([str(c) for c in question.choices], text)


def check_answer(question: Question, text: str) -> bool:
    """Marked by the one scorer generated quizzes and plain mode use (tutor.quiz.scoring)."""
    return is_right([str(c) for c in question.choices], str(question.answer), question.accept, text)[0]


def stars(commands: int, par: int, solution_shown: bool) -> int:
    if commands <= par and not solution_shown:
        return 3
    if commands <= 2 * par:
        return 2
    return 1


def step_key(index: int, step: Step) -> str:
    if isinstance(step, Task | Quiz):
        return step.id
    return f"prose-{index + 1}"


class LessonSession:
    """The state of one lesson being learned. ``progress`` (optional) records everything."""

    def __init__(
        self,
        lesson: Lesson,
        progress: ProgressStore | None = None,
        *,
        engine: str | None = None,
        resume: bool = True,
        quiz_settings: dict | None = None,
    ) -> None:
        self.lesson = lesson
        self.progress = progress
        self.quiz_settings = dict(quiz_settings or {})  # a workshop pack's `retries`, `shuffle_choices`
        self.engine = lesson.start.engine if lesson.start.engine_pinned or engine is None else engine
        self._start_world = build_start_world(lesson.start, self.engine)
        start_at = 0
        if resume and progress is not None and progress.status(lesson.id) == "in progress":
            start_at = min(max(progress.resume_step(lesson.id), 0), len(lesson.steps))
        self.resumed_at = start_at
        self.workspace = Workspace(self.canonical_world(start_at))
        self.step_index = start_at
        self.last_result: Result | None = None
        self._enter_step()
        if progress is not None:
            progress.record_started(lesson.id)

    # --- steps --------------------------------------------------------------

    @property
    def step(self) -> Step | None:
        return self.lesson.steps[self.step_index] if self.step_index < len(self.lesson.steps) else None

    @property
    def finished(self) -> bool:
        return self.step_index >= len(self.lesson.steps)

    @property
    def task(self) -> Task | None:
        step = self.step
        return step if isinstance(step, Task) else None

    def _enter_step(self) -> None:
        self._step_start = self.world.clone()
        self.workspace.clear_history()
        self.commands_typed = 0
        self.commands_scored = 0  # what par is compared with: commands that changed something, or failed
        # one flag per undo point (True: a scored command) so undo/redo take its count back and forth
        self._scored_undo: list[bool] = []
        self._scored_redo: list[bool] = []
        self.hints_shown = 0
        self.solution_shown = False
        self.quiz_outcome: QuizOutcome | None = None
        self.tries_left = max(0, int(self.quiz_settings.get("retries", 0) or 0))
        self.done = False  # the current task's goal was reached at some point
        self.completed_now = False
        task = self.task
        if task is not None and self.task_done():
            # the learner already did it (while on an earlier step): it counts
            self.done = self.completed_now = True
            self._record_task(task, skipped=False)

    def canonical_world(self, step_index: int) -> World:
        """The start world plus the solutions of every task before ``step_index``."""
        world = self._start_world.clone()
        shell = Shell(world)
        for step in self.lesson.steps[:step_index]:
            if isinstance(step, Task):
                for line in step.solution:
                    shell.run(line)
        for m in world.machines.values():
            m.history.clear()
        return world

    def target_world(self) -> World | None:
        """The world once the current task's goal holds (its solution applied from the task's start).

        Built from the canonical start of the task, so it is one known-good picture of the goal;
        None when the current step is not a task.
        """
        if self.task is None:
            return None
        cached = getattr(self, "_target", None)
        if cached is None or cached[0] != self.step_index:
            self._target = (self.step_index, self.canonical_world(self.step_index + 1))
        return self._target[1]

    def advance(self) -> Step | None:
        """Move to the next step. An unfinished task is skipped: the world becomes what its solution gives."""
        step = self.step
        if step is None:
            return None
        if isinstance(step, Task) and not self.done:
            self._set_world(self.canonical_world(self.step_index + 1))
            self._record_task(step, skipped=True)
        key = step_key(self.step_index, step)
        self.step_index += 1
        self._enter_step()
        if self.progress is not None:
            if self.finished:
                self.progress.record_step(self.lesson.id, self.step_index, key)
                self.progress.record_lesson_done(self.lesson.id, len(self.lesson.steps))
            else:
                self.progress.record_step(self.lesson.id, self.step_index, key)
        return self.step

    def restart(self) -> None:
        """Back to the first step and the lesson's start world."""
        self.step_index = 0
        self._set_world(self.canonical_world(0))
        self._enter_step()
        if self.progress is not None:
            self.progress.restart_lesson(self.lesson.id)

    # --- the simulator ------------------------------------------------------

    def run(self, line: str) -> Result:
        """Run a command line in the simulator, record it, re-check the goal."""
        result = self.workspace.run(line)
        self.last_result = result
        self.completed_now = False
        if line.strip():
            self.commands_typed += 1
            if self.progress is not None:
                task = self.task
                self.progress.record_command(
                    self.lesson.id, task.id if task else None, line, result.exit_code
                )
        if line.strip() and (self.workspace.last_changed or result.exit_code != 0):
            self.commands_scored += 1  # looking around is free: it is how learners find their way
        if self.workspace.last_changed:
            self._scored_undo.append(bool(line.strip()))
            self._scored_redo.clear()
        task = self.task
        if task is not None and not self.done and self.task_done():
            self.done = True
            self.completed_now = True
            self._record_task(task, skipped=False)
        return result

    @property
    def world(self) -> World:
        return self.workspace.world

    @property
    def shell(self) -> Shell:
        return self.workspace.shell

    def _set_world(self, world: World) -> None:
        self.workspace.use(world)

    def _record_task(self, task: Task, skipped: bool) -> None:
        if self.progress is not None:
            self.progress.record_task_done(
                self.lesson.id,
                task.id,
                commands=self.commands_scored,
                par=task.par,
                stars=0 if skipped else self.stars(),
                skipped=skipped,
            )

    def goal_report(self) -> list[GoalStatus]:
        task = self.task
        statuses = goal_mod.report(task.goal, self.world) if task else []
        # Two goals on one missing thing explain it once ("there is no shelf myapp1 yet" twice reads as noise).
        for i in range(1, len(statuses)):
            if statuses[i].detail and statuses[i].detail == statuses[i - 1].detail:
                statuses[i] = dataclasses.replace(statuses[i], detail="(see above)")
        return statuses

    def task_done(self) -> bool:
        task = self.task
        return task is not None and all(status.ok for status in self.goal_report())

    def undo(self) -> bool:
        """Take back the last change; an undone command no longer counts against par."""
        if not self.workspace.undo():
            return False
        scored = self._scored_undo.pop() if self._scored_undo else False
        self._scored_redo.append(scored)
        self.commands_scored -= int(scored)
        return True

    def redo(self) -> bool:
        if not self.workspace.redo():
            return False
        scored = self._scored_redo.pop() if self._scored_redo else False
        self._scored_undo.append(scored)
        self.commands_scored += int(scored)
        return True

    def undo_label(self) -> str | None:
        """The command the next undo takes back."""
        return self.workspace.undo_label

    def redo_label(self) -> str | None:
        return self.workspace.redo_label

    def reset(self) -> bool:
        """Back to the world as it was when this step began; False when it already was."""
        if same_state(self.world, self._step_start):
            return False
        self.workspace.replace(self._step_start.clone(), "reset")
        self._scored_undo.append(False)  # undoing a reset takes back no command
        self._scored_redo.clear()
        return True

    def can_continue(self) -> bool:
        """May the learner go on? A done task, an answered quiz, prose, or the lesson's end."""
        step = self.step
        if isinstance(step, Task):
            return self.done
        if isinstance(step, Quiz):
            return self.quiz_outcome is not None
        return True

    def explain(self) -> str:
        return self.shell.explain().text

    # --- help ---------------------------------------------------------------

    def hint(self) -> str | None:
        """The next hint, vaguest first; None when there are no more."""
        task = self.task
        if task is None or self.hints_shown >= len(task.hints):
            return None
        text = task.hints[self.hints_shown]
        self.hints_shown += 1
        if self.progress is not None:
            self.progress.record_hint(self.lesson.id, task.id)
        return text

    def solution(self) -> list[str]:
        task = self.task
        if task is None:
            return []
        if not self.solution_shown and self.progress is not None:
            self.progress.record_solution_shown(self.lesson.id, task.id)
        self.solution_shown = True
        return list(task.solution)

    # --- quizzes ------------------------------------------------------------

    @property
    def question(self) -> Question | None:
        step = self.step
        return step.question if isinstance(step, Quiz) else None

    def use_quiz_settings(self, settings: dict) -> None:
        """A pack's quiz settings (`retries`, `shuffle_choices`), for every front end alike."""
        self.quiz_settings = dict(settings or {})
        if self.quiz_outcome is None:
            self.tries_left = max(0, int(self.quiz_settings.get("retries", 0) or 0))

    def choices(self) -> tuple[str, ...]:
        """The current question's choices in the order to show them (shuffled when the pack says so).

        The shuffle is seeded by the question's id: every front end, and every visit, shows one order.
        """
        question = self.question
        if question is None:
            return ()
        order = list(question.choices)
        if self.quiz_settings.get("shuffle_choices"):
            random.Random(question.id).shuffle(order)
        return tuple(order)

    def answer(self, text: str) -> QuizOutcome:
        """Check an answer; with `retries` left a wrong one gives ``retry=True`` and no verdict yet."""
        question = self.question
        if question is None:
            raise ValueError("the current step is not a quiz question")
        correct = check_answer(question, text)
        retry = not correct and self.tries_left > 0 and self.quiz_outcome is None
        if retry:
            self.tries_left -= 1
        outcome = QuizOutcome(
            correct, question.answer, question.why, None if correct else question.misconception, retry
        )
        if not retry and self.quiz_outcome is None:
            self.quiz_outcome = outcome  # the first verdict is the one scored
        if self.progress is not None:
            self.progress.record_quiz(self.lesson.id, question.id, text, correct, question.misconception)
        return outcome

    # --- scoring ------------------------------------------------------------

    def stars(self) -> int:
        task = self.task
        return stars(self.commands_scored, task.par, self.solution_shown) if task else 0

    def score(self) -> str:
        task = self.task
        if task is None:
            return ""
        n = self.stars()
        return (
            f"{self.commands_scored} command{'s' if self.commands_scored != 1 else ''}, par {task.par}: "
            f"{'★' * n}{'☆' * (3 - n)}"  # the rule itself is in help (F1, `help`), not on every success
        )

    @property
    def prose(self) -> Prose | None:
        step = self.step
        return step if isinstance(step, Prose) else None
