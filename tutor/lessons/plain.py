"""Plain mode: ``registry-tutor learn [LESSON]`` in an ordinary terminal.

Rich output and line input, no Textual: the accessible way through a lesson
(screen readers read it top to bottom) and the way tests drive whole lessons
through stdin. Prose is shown as Markdown; a task shows its goal checklist
after every command; quizzes are asked inline.

Typed lines go to the simulator, except the tutor's own words: ``hint``,
``solution``, ``goal``, ``undo``, ``redo``, ``reset``, ``explain``, ``next``,
``skip``, ``help``, ``quit`` (also ``exit`` and end of input; Ctrl-C leaves the same way,
and ``learn`` exits 130, 128 + SIGINT, as a shell expects). When stdin is
not a terminal, each line read is echoed after its prompt so the transcript
reads like a session.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import TextIO

from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text

from tutor.lessons import tutor_words
from tutor.lessons.goals import GoalStatus
from tutor.lessons.model import Lesson, Pack, Prose, Question, Quiz, Task
from tutor.lessons.progress import DONE, IN_PROGRESS, ProgressStore
from tutor.lessons.session import SCORING_RULE, LessonSession, StartStateError, choice_index
from tutor.sim.changes import summarize
from tutor.sim.result import STDERR
from tutor.textsafe import one_line, visible

TUTOR_COMMANDS = (
    ("hint", "the next hint for this task"),
    ("solution", "one way to do it (you still type it yourself)"),
    ("goal", "the goal checklist: what holds and what does not yet"),
    ("undo / redo", "take back (or redo) the last command that changed something"),
    ("reset", "put the world back as it was when this step began"),
    ("explain", "what the last command did, in library words"),
    ("next", "go on to the next step"),
    ("skip", "let the tutor do this task for you and go on"),
    ("target", "what the library should look like when the goal holds, and what still differs"),
    ("quit", "leave; your progress is saved (so is end of input, Ctrl-D, and Ctrl-C)"),
)
QUIT_WORDS = {"quit", "exit", "q", ":q"}
_CODE = re.compile(r"`([^`]+)`")


class Quit(Exception):
    """The learner left (quit, exit or end of input)."""


class Interrupted(Quit):
    """The learner pressed Ctrl-C: they leave as with ``quit``, and the command exits 130."""



class PlainRunner:
    def __init__(
        self,
        session: LessonSession,
        *,
        console: Console,
        stdin: TextIO,
        quiz_settings: dict | None = None,
        next_lesson: Lesson | None = None,
        open_as: str | None = None,
        command: str = "registry-tutor learn",
    ) -> None:
        self.session = session
        self.console = console
        self.stdin = stdin
        self.interactive = stdin.isatty()
        self.quiz_settings = quiz_settings or {}
        if self.quiz_settings and not session.quiz_settings:
            session.use_quiz_settings(self.quiz_settings)
        self.next_lesson = next_lesson
        self.reopen = f"{command} {open_as or session.lesson.id}"  # the command line that comes back here

    # --- output -------------------------------------------------------------

    def say(self, text: str = "", style: str | None = None) -> None:
        self.console.print(inline(visible(text), style), highlight=False)  # pack text may hold ESC

    def markdown(self, text: str) -> None:
        text = visible(text)
        plain = not self.console.is_terminal or self.console.no_color or self.console.color_system is None
        rendered = Markdown(keep_backticks(text.strip()) if plain else text.strip())
        if self.console.is_terminal:
            self.console.print(rendered, soft_wrap=False)
            return
        # Rich pads Markdown lines to the full width; in a transcript (or a screen reader) that is noise
        with self.console.capture() as captured:
            self.console.print(rendered, soft_wrap=False)
        for line in captured.get().splitlines():
            self.console.file.write(line.rstrip() + "\n")
        self.console.file.flush()

    def rule(self, title: str) -> None:
        self.say("")
        self.say(f"── {title} ──", "bold")

    # --- input --------------------------------------------------------------

    def read(self, prompt: str) -> str:
        """One line of input; raises Quit at end of input or on a quit word."""
        if self.interactive:
            try:
                line = self.console.input(prompt)
            except EOFError:
                self.say("")
                raise Quit from None
        else:
            raw = self.stdin.readline()
            if raw == "":
                raise Quit
            line = raw.rstrip("\r\n")
            self.console.print(Text(visible(prompt + line)), highlight=False)
        if line.strip() in QUIT_WORDS and not self._in_ssh(line):
            raise Quit
        return line

    def _in_ssh(self, line: str) -> bool:
        """`exit` after `ssh NAME` leaves the ssh session (the shell says "logout"), not the lesson."""
        world = self.session.world
        return line.strip() == "exit" and world.current != "laptop" and "laptop" in world.machines

    # --- the lesson ---------------------------------------------------------

    def run(self) -> int:
        s = self.session
        lesson = s.lesson
        self.say(f"Lesson: {lesson.title}", "bold")
        self.markdown(lesson.summary)
        if s.resumed_at:
            self.say(f"(Resuming where you left off: step {s.resumed_at + 1} of {len(lesson.steps)}.)", "dim")
        self.say("Type `help` at any prompt for the tutor's commands.", "dim")
        try:
            try:
                while not s.finished:
                    step = s.step
                    if isinstance(step, Prose):
                        self.prose(step)
                    elif isinstance(step, Quiz):
                        self.quiz(step.question)
                    else:
                        self.task(step)
            except KeyboardInterrupt:  # Ctrl-C at a prompt or while a command runs: leave as `quit` does
                self.say("")
                raise Interrupted from None
        except Quit as left:
            self.say("")
            if self.saved():
                self.say(f"Progress saved. To continue: {self.reopen}", "dim")
            else:
                self.warn_progress()
                self.say(f"Your progress could not be saved. To start again: {self.reopen}", "yellow")
            return 130 if isinstance(left, Interrupted) else 0  # Ctrl-C: 128 + SIGINT, as a shell reports
        self.finish()
        return 0

    def saved(self) -> bool:
        """Save now and say whether it worked (no progress store: nothing to save, nothing lost)."""
        progress = self.session.progress
        if progress is None:
            return True
        return not getattr(progress, "read_only", False) and progress.save() is not False

    def warn_progress(self) -> None:
        progress = self.session.progress
        if progress is not None and progress.warning:
            self.say(progress.warning, "yellow")
            progress.warning = None

    def prose(self, step: Prose) -> None:
        self.say("")
        self.markdown(step.markdown)
        if self.interactive:
            while True:
                line = self.read("(Enter to continue) ")
                if not line.strip() or line.strip() == "next":
                    break
                if not self.tutor_command(line.strip(), None):
                    self.say("Press Enter to go on.")
        self.session.advance()

    # --- tasks --------------------------------------------------------------

    def task(self, task: Task) -> None:
        s = self.session
        self.rule(f"Task: {task.id}")
        self.markdown(task.prompt_markdown)
        if s.done:  # already reached while on an earlier step
            self.say("You have already done this one.", "green")
            self.complete(task)
            return
        self._shown_report = None
        self.checklist(s.goal_report())
        while True:
            line = self.read(s.shell.prompt)
            if not line.strip():
                continue
            reply = tutor_words.handle(s, line)
            if reply is not None:
                if reply.skip:
                    self.skip(task)
                    return
                if reply.advance:
                    break
                self.show_reply(reply, task)
                continue
            if line.strip() == "help":
                self.help()
                continue
            result = s.run(line)
            for stream, text in result.output:
                self.console.print(Text(text, style="red" if stream == STDERR else ""), highlight=False)
            self.change_notes(result)
            if s.shell.exit_requested is not None:
                s.shell.exit_requested = None
                raise Quit
            if s.completed_now:
                self.complete(task)
                return
            self.checklist(s.goal_report(), only_if_changed=True)
            self.warn_progress()
        s.advance()

    def change_notes(self, result) -> None:
        """The picture's change notes, as text: what the command did to shelves, editions and labels."""
        notes = summarize(list(result.events), self.session.world).notes
        for note in notes:
            self.say(f"  » {note}", "dim")

    def complete(self, task: Task) -> None:
        s = self.session
        self.say("")
        self.say(f"✓ Goal reached! {s.score()}", "bold green")
        self.markdown(task.explanation)
        self.warn_progress()
        s.advance()

    def skip(self, task: Task) -> None:
        self.say("Skipped. The tutor ran the solution for you:", "yellow")
        for line in task.solution:
            self.say(f"  {line}")
        self.session.advance()

    def checklist(self, report: list[GoalStatus], *, only_if_changed: bool = False) -> None:
        """The goal checklist; after a command only when it changed (a `cd` or `ls` reprints nothing)."""
        if not report:
            return
        shown = tuple((status.ok, status.text, status.detail) for status in report)
        if only_if_changed and shown == getattr(self, "_shown_report", None):
            return
        self._shown_report = shown
        self.say("Goal:", "bold")
        for status in report:
            mark = "✓" if status.ok else "✗"
            self.say(f"  {mark} {status.text}", "green" if status.ok else None)
            self.say(f"      {status.detail}", "dim")

    def help(self) -> None:
        self.say("Tutor commands:", "bold")
        for name, what in TUTOR_COMMANDS:
            self.say(f"  {name.ljust(12)} {what}")
        self.say("Anything else is run in the simulator; `help` there is `help docker`, `help ls`...", "dim")
        self.say(f"Scoring: {SCORING_RULE}.", "dim")

    def show_reply(self, reply: tutor_words.Reply, task: Task | None) -> None:
        """Print what a tutor word (tutor_words.handle, shared with the TUI) said."""
        for i, line in enumerate(reply.lines):
            head = i == 0 and reply.word in ("hint", "solution")
            self.say(line, "bold" if head else "dim" if line.startswith("(Scoring") else None)
        if reply.hint_markdown:
            self.markdown(reply.hint_markdown)
        if reply.show_goal and task is not None:
            self.checklist(self.session.goal_report())

    def tutor_command(self, word: str, task: Task | None) -> bool:
        """Handle a tutor command; False when ``word`` is not one (it goes to the simulator)."""
        if word == "help":
            self.help()
            return True
        reply = tutor_words.handle(self.session, word)
        if reply is None or reply.advance or reply.skip:
            return False
        self.show_reply(reply, task)
        return True

    # --- quizzes ------------------------------------------------------------

    def quiz(self, question: Question) -> None:
        s = self.session
        self.rule("Question")
        self.markdown(question.prompt)
        if question.commands:
            self.say("The commands:", "bold")
            for line in question.commands:
                self.say(f"  $ {line}")
        order = list(s.choices())  # the pack's shuffle_choices, one implementation (the session)
        for i, choice in enumerate(order, 1):
            self.say(f"  {i}. {choice}")
        ask = "Your answer (number or text): " if order else "Your answer: "
        while True:
            line = self.read(ask)
            word = line.strip()
            if not word:
                continue
            if word in ("next", "skip"):
                self.say("Question skipped.", "yellow")
                break
            if self.tutor_command(word, None):
                continue
            answer = word
            if order:
                index = choice_index(_with_choices(question, order), word)
                if index is None:
                    self.say(f"Please answer with a number from 1 to {len(order)}, or the text of a choice.")
                    continue
                answer = order[index]
            outcome = s.answer(answer)  # the pack's retries live in the session too
            if outcome.retry:
                self.say("Not quite — try again.", "yellow")
                continue
            if outcome.correct:
                self.say("✓ Right.", "bold green")
            else:
                self.say(f"✗ Not quite. The answer: {outcome.expected}", "bold red")
            self.markdown(outcome.why)
            break
        self.warn_progress()
        s.advance()

    def finish(self) -> None:
        lesson = self.session.lesson
        self.rule("Lesson complete")
        self.say(f"You finished “{lesson.title}”.", "bold green")
        progress = self.session.progress
        if progress is not None:
            tasks = progress.lesson_state(lesson.id).get("tasks", {})
            for task in lesson.tasks:
                entry = tasks.get(task.id, {})
                if entry.get("skipped"):
                    self.say(f"  {task.id}: skipped")
                elif entry.get("done"):
                    n = _stars(entry.get("stars"))
                    self.say(f"  {task.id}: {'★' * n}{'☆' * (3 - n)}")
        if self.next_lesson is not None:
            command = self.reopen.rsplit(" ", 1)[0]
            self.say(f"Next: {command} {self.next_lesson.id}  ({self.next_lesson.title})")
        self.warn_progress()


def _stars(value: object) -> int:
    """0-3 stars from a progress record (a damaged file can hold anything)."""
    return min(3, max(0, value)) if isinstance(value, int) and not isinstance(value, bool) else 0


def _with_choices(question: Question, order: list[str]) -> Question:
    from dataclasses import replace

    return replace(question, choices=tuple(order))


_FENCE = re.compile(r"^\s*(```|~~~)")
# A span may wrap onto the next source line (valid Markdown) but not across a blank line.
_SPAN = re.compile(r"(?<!`)`((?:[^`\n]|\n(?!\s*\n))+)`(?!`)")


def keep_backticks(markdown: str) -> str:
    """Make inline code show its backticks when there is no colour to set it apart.

    A span `x` becomes a double-backtick span holding `x` with its backticks, so
    the output reads `x` too. Fenced blocks are left alone.
    """
    out: list[str] = []
    prose: list[str] = []  # the run of lines outside fences, converted as one text

    def flush() -> None:
        if prose:
            out.append(_SPAN.sub(lambda m: f"`` `{m.group(1)}` ``", "\n".join(prose)))
            prose.clear()

    fenced = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            flush()
            fenced = not fenced
            out.append(line)
        elif fenced:
            out.append(line)
        else:
            prose.append(line)
    flush()
    return "\n".join(out)


def inline(text: str, style: str | None = None) -> Text:
    """A line with `code` spans styled (the backticks stay, so plain output reads the same)."""
    out = Text(style=style or "")
    last = 0
    for match in _CODE.finditer(text):
        out.append(text[last : match.start()])
        out.append(match.group(0), style="bold cyan")
        last = match.end()
    out.append(text[last:])
    return out


def choose_lesson(pack: Pack, progress: ProgressStore | None, key: str | None) -> Lesson | None:
    """LESSON given: by id or number. Not given: the one in progress, else the first not done."""
    if key:
        return pack.find(key)
    if not pack.lessons:
        return None
    if progress is not None:
        last = progress.last_lesson()
        if last and progress.status(last) == IN_PROGRESS:
            found = pack.find(last)
            if found:
                return found
        for lesson in pack.lessons:
            if progress.status(lesson.id) != DONE:
                return lesson
    return pack.lessons[0]


def lesson_list(pack: Pack, progress: ProgressStore | None) -> list[str]:
    lines = []
    for i, lesson in enumerate(pack.lessons, 1):
        status = progress.status(lesson.id) if progress else "new"
        lines.append(f"  {i:>2}. {one_line(lesson.id):<28} {one_line(lesson.title)}  [{status}]")
    return lines


def run_learn(
    pack: Pack,
    key: str | None,
    *,
    progress: ProgressStore | None,
    engine: str | None = None,
    restart: bool = False,
    open_as: str | None = None,
    command: str = "registry-tutor learn",
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    on_session: Callable[[LessonSession], object] | None = None,
) -> int:
    stdin = stdin or sys.stdin
    stderr = stderr or sys.stderr
    from tutor.stdout_guard import pipe_aware

    console = pipe_aware(Console(file=stdout or sys.stdout, highlight=False))
    console.soft_wrap = not console.is_terminal  # transcripts keep one line per line; terminals wrap
    lesson = choose_lesson(pack, progress, key)
    if lesson is None:
        if key:
            import difflib

            near = difflib.get_close_matches(key, [lesson.id for lesson in pack.lessons], n=1)
            meant = f" (did you mean {near[0]}?)" if near else ""  # a typo is the likely cause
            print(f"registry-tutor: no lesson {one_line(repr(key))} in {one_line(pack.title)}{meant}. "
                  "The lessons are:", file=stderr)
        else:
            print(f"registry-tutor: {one_line(pack.title)} has no lessons.", file=stderr)
        print("\n".join(lesson_list(pack, progress)), file=stderr)
        return 2
    if progress is not None and progress.warning:
        console.print(Text(visible(progress.warning), style="yellow"))
        progress.warning = None
    try:
        session = LessonSession(
            lesson, progress, engine=engine, resume=not restart, quiz_settings=pack.quiz_settings
        )
    except StartStateError as exc:
        print(f"registry-tutor: lesson {lesson.id!r} cannot start: {visible(exc.message)}", file=stderr)
        return 1
    if restart and progress is not None:
        progress.restart_lesson(lesson.id)
    if on_session is not None:  # the command line's Tab completion follows this session's world
        on_session(session)
    index = next((i for i, other in enumerate(pack.lessons) if other is lesson), -1)
    following = pack.lessons[index + 1] if 0 <= index < len(pack.lessons) - 1 else None
    runner = PlainRunner(
        session,
        console=console,
        stdin=stdin,
        quiz_settings=pack.quiz_settings,
        next_lesson=following,
        open_as=open_as,
        command=command,
    )
    return runner.run()
