"""The lesson picker: every lesson with its progress, resume, sandbox, quiz and help."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.visual import Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from tutor.textsafe import visible
from tutor.ui.inline import code_spans, strip_code
from tutor.ui.safe import safe_markup
from tutor.ui.widgets.footer import KeyFooter

# The compiled lessons load in a worker this long after mount: well after the first frame (a worker
# started at once holds the interpreter while that frame renders), and about when a key could ask for one.
PRELOAD_DELAY = 0.4
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


class Hanging(Visual):
    """``head`` then ``body``, the body wrapping under itself rather than under the head.

    A Textual visual made of Content, not a Rich renderable (nor a Rich table): the home screen
    measures and draws every row for its first frame, and Rich rendering through Textual cost most
    of that frame.
    """

    def __init__(self, head: Text, body: Text, gap: int = 1) -> None:
        self.head, self.body = Content.from_rich_text(head), Content.from_rich_text(body)
        self.gap = gap
        self._indent = self.head.cell_length + gap
        self._wrapped: tuple[int, list[Content]] | None = None  # (width, the lines at that width)

    def lines(self, width: int) -> list[Content]:
        if self._wrapped is None or self._wrapped[0] != width:
            body = self.body.wrap(max(1, width - self._indent), overflow="ellipsis")
            pad = Content(" " * self._indent)
            self._wrapped = (width, [self.head + " " * self.gap + body[0], *(pad + line for line in body[1:])])
        return self._wrapped[1]

    def render_strips(self, width: int, height: int | None, style, options) -> list:
        return Content("\n").join(self.lines(width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules, container_width: int) -> int:
        return self._indent + self.body.cell_length

    def get_height(self, rules, width: int) -> int:
        return len(self.lines(width))


class LessonLine(Hanging):
    """One row of the lesson list: a long title wraps under itself, not under the mark (80 columns).

    ``str()`` is the row's plain text, as one line.
    """

    def __init__(self, head: Text, title: Text) -> None:
        super().__init__(head, title)

    def __str__(self) -> str:
        return f"{self.head.plain} {self.body.plain}"


class StartKeys(Visual):
    """The keys a newcomer needs: right-aligned keys, each explanation wrapping under itself."""

    def __init__(self) -> None:
        width = max(len(key) for key, _ in START_KEYS)
        self.rows = [Hanging(Text(key.rjust(width), "bold"), Text(what), gap=2) for key, what in START_KEYS]

    def render_strips(self, width: int, height: int | None, style, options) -> list:
        lines = [line for row in self.rows for line in row.lines(width)]
        return Content("\n").join(lines).render_strips(width, height, style, options)

    def get_optimal_width(self, rules, container_width: int) -> int:
        return max(row.get_optimal_width(rules, container_width) for row in self.rows)

    def get_height(self, rules, width: int) -> int:
        return sum(len(row.lines(width)) for row in self.rows)


class HomeScreen(Screen):
    # Styled by home.tcss, which TutorApp.CSS_PATH loads: this is its default screen (first frame, no push).

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
    _typing_hint_given = False  # this visit: see on_key

    def compose(self) -> ComposeResult:
        # No Header and no Buttons: the footer's keys are clickable, and the first frame stays fast.
        with Horizontal(id="home"):
            with Vertical(id="lessons-pane", classes="panel"):
                yield OptionList(id="lessons", compact=True)
            with Vertical(id="side"):
                yield Static(id="lesson-info", classes="panel")
                yield Static(StartKeys(), id="start-keys", classes="panel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#lesson-info").border_title = "About this lesson"
        self.query_one("#start-keys").border_title = "Keys"
        self.query_one("#lessons-pane").border_title = "registry-tutor"
        self.query_one("#lessons", OptionList).focus()
        if self.app.lesson_listing() is not None:
            # From the pack's index or the lesson files' plain lines (or lessons already loaded): listed, with
            # stars, in the very first frame; the compiled lessons follow in the background, so Enter opens one
            # at once, and a lesson that does not compile is reported on the list.
            self.fill_lessons()
            if not self.app.lessons_loaded:
                self.set_timer(PRELOAD_DELAY, self._preload_lessons)
        else:
            # Reading and validating the lesson files takes longer than a frame: show the screen first.
            self.query_one("#lessons", OptionList).add_option(Option(Text("Loading lessons…", "italic"), disabled=True))
            self.call_after_refresh(self._load_lessons)

    @work(thread=True, exclusive=True, group="lessons")
    def _load_lessons(self) -> None:
        self.app.lessons  # noqa: B018 - loads them (off the UI thread)
        self.app.progress  # noqa: B018
        self.app.call_from_thread(self.fill_lessons)

    @work(thread=True, exclusive=True, group="lessons")
    def _preload_lessons(self) -> None:
        self.app.lessons  # noqa: B018 - the list is shown already; a lesson opened later needs no wait

    @on(Worker.StateChanged)
    def _preloaded(self, event: Worker.StateChanged) -> None:
        # Listed from the files' lines, a lesson may still fail to compile: then the list says so now, not only
        # when it is opened (the same lessons with the same progress redraw nothing). A message, not
        # call_from_thread: the app may be quitting while the worker runs.
        if event.worker.group == "lessons" and event.state == WorkerState.SUCCESS and self.app.lessons_loaded:
            self.fill_lessons()

    def on_key(self, event) -> None:
        """A newcomer types a command here, where letters are keys (r, s, z): say where commands go (once a
        visit: `docker images` holds an r, which resumes a lesson, and the toast stays in view there)."""
        char = event.character
        if self._typing_hint_given or not char or not char.isprintable() or char == " ":
            return
        if any(binding.key == char for binding in self.BINDINGS):
            return
        self._typing_hint_given = True
        self.notify("This is the lesson list: commands are typed in a lesson (Enter opens the highlighted one) "
                    "or in the sandbox (s).", title="Where to type", timeout=8)

    def on_screen_resume(self) -> None:
        self._typing_hint_given = False
        if self._filled:
            self.fill_lessons()  # progress may have moved (a lesson done, another learner named)

    # --- the list ---------------------------------------------------------------

    @property
    def entries(self) -> list:
        """The listed lessons (tutor.lessons.listing.LessonEntry: id, title, summary, task ids)."""
        return self.app.lesson_listing() or []

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
        ids = lesson.task_ids
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
        lessons = self.entries
        shown = (tuple(lessons), tuple(self.status(lesson) for lesson in lessons))
        if self._filled and shown == self._shown:
            return  # the same lessons with the same progress (the resume right after mount): nothing to redo
        self._shown = shown
        highlighted = option_list.highlighted if self._filled else None
        self._filled = True
        option_list.clear_options()
        rows = []
        for number, lesson in enumerate(lessons, 1):
            status = self.status(lesson)
            title = code_spans(lesson.title)
            title.append(f"  {status}" if status != "new" else "", "dim")
            earned = self.stars(lesson)
            if earned is not None:
                title.append(f"  ★ {earned[0]}/{earned[1]}", "bold")
            head = Text.assemble((MARKS.get(status, "·"), "bold"), f"{number:>3}.")
            rows.append(Option(LessonLine(head, title), id=lesson.id))
        option_list.add_options(rows)  # at once: the list is measured once, not once per row
        if not lessons:
            problem = self.app.load_problem or "No lessons found."
            option_list.add_option(Option(Text(visible(problem), "italic"), disabled=True))  # paths may hold ESC
            self.query_one("#lesson-info", Static).update(
                "Press s for the sandbox: the terminal and the picture, with no goal."
            )
            return
        if highlighted is not None and highlighted >= len(lessons):
            highlighted = None
        option_list.highlighted = highlighted if highlighted is not None else self._resume_index()

    def _resume_index(self) -> int:
        statuses = [self.status(lesson) for lesson in self.entries]
        for wanted in ("in progress", "new"):
            if wanted in statuses:
                return statuses.index(wanted)
        return 0

    @on(OptionList.OptionHighlighted, "#lessons")
    def _show_info(self, event: OptionList.OptionHighlighted) -> None:
        lessons = self.entries
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
        tasks = len(lesson.task_ids)
        text.append(f"\n\n{tasks} task{'s' if tasks != 1 else ''}. Press Enter to open it.", "dim")
        self.query_one("#lesson-info", Static).update(text)
        self.call_after_refresh(self._fit_side)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_side)

    def _fit_side(self) -> None:
        """The summary is read to its end: when it and the Keys panel do not both fit (80x24), the Keys
        panel gives way — the footer shows the same keys, and the summary ends with "Press Enter"."""
        info, keys, side = self.query_one("#lesson-info", Static), self.query_one("#start-keys"), self.query_one("#side")
        width = info.content_region.width
        if width <= 0 or side.size.height <= 0:
            return
        def outer(widget) -> int:  # its content's height at this width, with its border and padding
            return widget.get_content_height(side.size, self.app.size, width) + widget.styles.gutter.height
        fits = outer(info) + outer(keys) <= side.size.height
        if keys.display != fits:
            keys.display = fits

    @on(OptionList.OptionSelected, "#lessons")
    def _open(self, event: OptionList.OptionSelected) -> None:
        lessons = self.entries
        if event.option_index < len(lessons):
            self.open_entry(lessons[event.option_index])

    def open_entry(self, entry) -> None:
        """Open a listed lesson: its compiled form, loaded now if the background load has not finished."""
        lesson = next((lesson for lesson in self.app.lessons if lesson.id == entry.id), None)
        if lesson is None:  # its file changed since the list was read, and no longer loads (or lost that id)
            problem = self.app.load_problem or f"The lesson '{entry.id}' is no longer in the pack; the list is read again."
            self.notify(safe_markup(visible(problem)), severity="warning", timeout=15)
            self.fill_lessons()
            return
        self.app.open_lesson(lesson)

    # --- actions ----------------------------------------------------------------

    def action_resume(self) -> None:
        if not self.entries:
            self.notify("No lessons to resume; the sandbox is open to you (s).")
            return
        self.open_entry(self.entries[self._resume_index()])

    def action_sandbox(self) -> None:
        self.app.open_sandbox()

    def action_quiz(self) -> None:
        self.app.open_quiz()

    def palette_commands(self):
        from tutor.ui.commands import PaletteCommand

        if self.app.lesson_listing() is None:
            return
        for number, lesson in enumerate(self.entries, 1):
            yield PaletteCommand(
                f"Open lesson {number}: {strip_code(lesson.title)}",
                f"{self.status(lesson)} · {strip_code(lesson.summary.strip().splitlines()[0]) if lesson.summary else ''}",
                lambda lesson=lesson: self.open_entry(lesson),
            )
