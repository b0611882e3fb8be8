"""The lesson picker: every lesson with its progress, resume, sandbox, quiz and help."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tutor.textsafe import visible
from tutor.ui.inline import code_spans, strip_code
from tutor.ui.safe import safe_markup

MARKS = {"done": "✓", "in progress": "◐", "new": "·"}

# The keys a newcomer needs, always in view (the footer repeats them, clickable).
START_KEYS = (
    ("Enter", "open the lesson"),
    ("r", "resume where you stopped"),
    ("s", "sandbox: no goal, play"),
    ("z", "quiz yourself"),
    ("F1", "help"),
    ("^p", "every action, themes"),
)


class LessonLine:
    """One row of the lesson list: a long title wraps under itself, not under the mark (80 columns).

    ``str()`` is the row's plain text, as one line.
    """

    def __init__(self, head: Text, title: Text) -> None:
        self.head, self.title = head, title

    def __str__(self) -> str:
        return f"{self.head.plain} {self.title.plain}"

    def __rich_console__(self, console, options):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=self.head.cell_len, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(self.head, self.title)
        yield grid


class HomeScreen(Screen):
    CSS_PATH = "home.tcss"

    BINDINGS = [
        Binding("r", "resume", "Resume", tooltip="Open the first lesson you have not finished"),
        Binding("s", "sandbox", "Sandbox", tooltip="Try anything: the terminal and the picture with no goal"),
        Binding("z", "quiz", "Quiz", tooltip="Questions on what the lessons taught"),
        Binding("ctrl+q", "app.quit", "Quit", show=False, tooltip="Leave registry-tutor"),
    ]

    HELP = """\
## The lesson list

Pick a lesson with **↑ / ↓** and press **Enter**. `✓` done, `◐` in progress,
`·` new. **r** resumes where you stopped, **s** opens the sandbox (no goal,
try anything), **z** the quiz.
"""

    _filled = False
    _shown: tuple = ()

    def compose(self) -> ComposeResult:
        # No Header and no Buttons: the footer's keys are clickable, and the first frame stays fast.
        with Horizontal(id="home"):
            with Vertical(id="lessons-pane", classes="panel"):
                yield OptionList(id="lessons", compact=True)
            with Vertical(id="side"):
                yield Static(id="lesson-info", classes="panel")
                yield Static(self._start_keys(), id="start-keys", classes="panel")
        yield Footer()

    @staticmethod
    def _start_keys():
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        grid.add_column(justify="right", style="bold", no_wrap=True)
        grid.add_column()
        for key, what in START_KEYS:
            grid.add_row(key, what)
        return grid

    def on_mount(self) -> None:
        self.query_one("#lesson-info").border_title = "About this lesson"
        self.query_one("#start-keys").border_title = "Keys"
        self.query_one("#lessons-pane").border_title = "registry-tutor"
        self.query_one("#lessons", OptionList).focus()
        if self.app.lessons_loaded or self.app.lessons_ready_at_once():
            self.fill_lessons()  # from the compiled-lesson cache: listed in the very first frame
        else:
            # Reading and validating the lesson files takes longer than a frame: show the screen first.
            self.query_one("#lessons", OptionList).add_option(Option(Text("Loading lessons…", "italic"), disabled=True))
            self.call_after_refresh(self._load_lessons)

    @work(thread=True, exclusive=True, group="lessons")
    def _load_lessons(self) -> None:
        self.app.lessons  # noqa: B018 - loads them (off the UI thread)
        self.app.progress  # noqa: B018
        self.app.call_from_thread(self.fill_lessons)

    def on_screen_resume(self) -> None:
        if self.app.lessons_loaded:
            self.fill_lessons()

    # --- the list ---------------------------------------------------------------

    def status(self, lesson) -> str:
        progress = self.app.progress
        if progress is None:
            return "new"
        try:
            return progress.status(lesson.id)
        except Exception:  # noqa: BLE001 - a damaged progress file shows lessons as new rather than crash
            return "new"

    def stars(self, lesson) -> tuple[int, int] | None:
        """Stars earned in ``lesson``'s tasks and the most it can give (3 a task); None before any task."""
        progress = self.app.progress
        if progress is None:
            return None
        try:
            tasks = progress.lesson_state(lesson.id).get("tasks", {})
        except Exception:  # noqa: BLE001 - a damaged progress file shows no stars rather than crash
            return None
        ids = [step.id for step in lesson.steps if type(step).__name__ == "Task"]
        done = [tasks[i] for i in ids if isinstance(tasks.get(i), dict) and tasks[i].get("done")]
        if not done:
            return None
        return sum(int(entry.get("stars", 0) or 0) for entry in done), 3 * len(ids)

    def fill_lessons(self) -> None:
        self.app.progress  # noqa: B018 - opens the store (and learns of any problem with it)
        if self.app.progress_warning:
            self.notify(safe_markup(self.app.progress_warning), title="Progress", severity="warning", timeout=15)
            self.app.progress_warning = None
        # a border title is markup: a pack's title (or folder name) is shown, never parsed or sent raw
        self.query_one("#lessons-pane").border_title = f"registry-tutor · {safe_markup(self.app.pack_title)}"
        option_list = self.query_one("#lessons", OptionList)
        lessons = self.app.lessons
        shown = (id(lessons), len(lessons), tuple(self.status(lesson) for lesson in lessons))
        if self._filled and shown == self._shown:
            return  # the same lessons with the same progress (the resume right after mount): nothing to redo
        self._shown = shown
        highlighted = option_list.highlighted if self._filled else None
        self._filled = True
        option_list.clear_options()
        for number, lesson in enumerate(lessons, 1):
            status = self.status(lesson)
            title = code_spans(lesson.title)
            title.append(f"  {status}" if status != "new" else "", "dim")
            earned = self.stars(lesson)
            if earned is not None:
                title.append(f"  ★ {earned[0]}/{earned[1]}", "bold")
            head = Text.assemble((MARKS.get(status, "·"), "bold"), f"{number:>3}.")
            option_list.add_option(Option(LessonLine(head, title), id=lesson.id))
        if not lessons:
            problem = self.app.load_problem or "No lessons found."
            option_list.add_option(Option(Text(visible(problem), "italic"), disabled=True))  # paths may hold ESC
            self.query_one("#lesson-info", Static).update(
                "Press s for the sandbox: the terminal and the picture, with no goal."
            )
            return
        option_list.highlighted = highlighted if highlighted is not None else self._resume_index()

    def _resume_index(self) -> int:
        lessons = self.app.lessons
        statuses = [self.status(lesson) for lesson in lessons]
        for wanted in ("in progress", "new"):
            if wanted in statuses:
                return statuses.index(wanted)
        return 0

    @on(OptionList.OptionHighlighted, "#lessons")
    def _show_info(self, event: OptionList.OptionHighlighted) -> None:
        lessons = self.app.lessons
        if event.option_index >= len(lessons):
            return
        lesson = lessons[event.option_index]
        text = code_spans(lesson.title, "bold")
        text.append(f"\n{self.status(lesson)}", "dim")
        earned = self.stars(lesson)
        if earned is not None:
            text.append(f" · ★ {earned[0]} of {earned[1]} stars", "dim")
        if lesson.summary:
            text.append("\n\n")
            text.append_text(code_spans(lesson.summary.strip()))
        tasks = sum(1 for step in lesson.steps if type(step).__name__ == "Task")
        text.append(f"\n\n{tasks} task{'s' if tasks != 1 else ''}. Press Enter to open it.", "dim")
        self.query_one("#lesson-info", Static).update(text)

    @on(OptionList.OptionSelected, "#lessons")
    def _open(self, event: OptionList.OptionSelected) -> None:
        lessons = self.app.lessons
        if event.option_index < len(lessons):
            self.app.open_lesson(lessons[event.option_index])

    # --- actions ----------------------------------------------------------------

    def action_resume(self) -> None:
        if not self.app.lessons:
            self.notify("No lessons to resume; the sandbox is open to you (s).")
            return
        self.app.open_lesson(self.app.lessons[self._resume_index()])

    def action_sandbox(self) -> None:
        self.app.open_sandbox()

    def action_quiz(self) -> None:
        self.app.open_quiz()

    def palette_commands(self):
        from tutor.ui.commands import PaletteCommand

        if not self.app.lessons_loaded:
            return
        for number, lesson in enumerate(self.app.lessons, 1):
            yield PaletteCommand(
                f"Open lesson {number}: {strip_code(lesson.title)}",
                f"{self.status(lesson)} · {strip_code(lesson.summary.strip().splitlines()[0]) if lesson.summary else ''}",
                lambda lesson=lesson: self.app.open_lesson(lesson),
            )
