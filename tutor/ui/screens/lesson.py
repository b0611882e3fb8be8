"""A lesson: the narrative and the current task's goal, a terminal, and the library picture.

The narrative shows a "page": the prose steps that lead to the current task
(or quiz) and the task itself, so a learner can start typing at once; the
goal checklist is re-checked after every command. When the goal holds, the
page stays: a ✓, the task's explanation and its score, until the learner asks
for the next page (Enter on an empty command line, ctrl+n, or the Next button).
A quiz on the page takes the focus only when the learner moves to it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Button, Footer, Markdown, Static

from tutor.ui.inline import code_spans, strip_code
from tutor.ui.safe import safe_markup
from tutor.ui.screens.workspace import WorkspaceScreen
from tutor.ui.widgets.checklist import GoalChecklist
from tutor.ui.widgets.library import LibraryPicture
from tutor.ui.widgets.quiz_card import QuizCard
from tutor.ui.widgets.scroll import PageScroll
from tutor.ui.widgets.terminal import Terminal


def _kind(step) -> str:
    return type(step).__name__ if step is not None else "End"


class LessonScreen(WorkspaceScreen):
    CSS_PATH = "lesson.tcss"
    VERTICAL_BREAKPOINTS: ClassVar = [(0, "-short"), (32, "-tall")]

    BINDINGS = [
        Binding("ctrl+t", "hint", "Hint", tooltip="Show the next hint for this task"),
        Binding("ctrl+o", "solution", "Solution", tooltip="Show the commands that solve this task"),
        Binding("ctrl+n", "next", "Next", tooltip="Go on to the next step (after a task or a quiz answer)"),
        *WorkspaceScreen.SHARED_BINDINGS,
        Binding("ctrl+r", "reset", "Reset", tooltip="Put the world back as it was when this task began"),
        Binding("ctrl+b", "restart", "Restart lesson", show=False, tooltip="Start this lesson again from the top"),
        Binding(
            "ctrl+f", "skip", "Skip task", show=False,
            tooltip="Skip this task: the world becomes what its solution would make it",
        ),
        # PgUp/PgDn scroll whatever has the focus (the terminal's history at the command line);
        # the lesson text has its own keys so it can be read while typing
        Binding("pageup", "scroll_prose(-1)", "Scroll text up", show=False, tooltip="Scroll the lesson text up"),
        Binding("pagedown", "scroll_prose(1)", "Scroll text down", show=False, tooltip="Scroll the lesson text down"),
        Binding("ctrl+up", "scroll_prose(-1)", "Text up", show=False, tooltip="Scroll the lesson text up"),
        Binding("ctrl+down", "scroll_prose(1)", "Text down", show=False, tooltip="Scroll the lesson text down"),
        Binding("shift+tab", "focus_back", "Back", show=False, tooltip="Move the focus back (to the quiz first)"),
        Binding("f2", "target", "Target", tooltip="Show what the library should look like when the goal holds"),
    ]

    HELP = """\
## This lesson

Read the text on the left, then type commands in the terminal below: the
**Goal** list turns `✓` as the world reaches it (it checks what is there, not
what you typed, so any correct way counts). Stuck? **ctrl+t** gives a hint,
**ctrl+o** the solution. **ctrl+z** undoes a command, **ctrl+r** resets the
task. When a step is done, its explanation stays on screen: press **Enter**
on an empty command line (or **ctrl+n**) to go on. The tutor's words work at
the prompt too: `hint`, `solution`, `goal`, `undo`, `redo`, `reset`,
`explain`, `next`, `skip` (they never count against par, and neither does a
command you undid). **F2** shows the target picture: the library as it should
look when the goal holds, with what differs from now marked. **PgUp/PgDn**
scroll the terminal while you type; **ctrl+↑/↓** scroll the lesson text.

A quiz waits until you move to it (**Enter** on an empty command line, or
**shift+Tab**): then press its letter (**a**, **b**, **c**…) or move with
**↑↓** and press **Enter**. **Tab** goes back to the command line.
"""

    step_label: reactive[str] = reactive("", init=False)

    def __init__(self, lesson, *, session=None) -> None:
        super().__init__()
        self.lesson = lesson
        self._session = session
        self._page_prose: list[str] = []
        self._help_lines: list[Text] = []
        self._drawing: list = []  # Markdown updates in flight (AwaitComplete): see `drawn`
        self._shown = None  # what the page keeps in view below the task (_place_page)

    # --- the session ------------------------------------------------------------

    @property
    def session(self):
        if self._session is None:
            from tutor.lessons.session import LessonSession

            self._session = LessonSession(
                self.lesson, self.app.progress, quiz_settings=getattr(self.app, "quiz_settings", None)
            )
        return self._session

    @property
    def world(self):
        return self.session.world

    @property
    def shell(self):
        return self.session.shell

    def run_line(self, line: str):
        return self.session.run(line)  # in a worker thread (WorkspaceScreen): pure simulator work

    # --- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            with PageScroll(id="narrative", classes="panel"):
                # Tall terminals: the prose scrolls on its own and the task, its goal and hints stay pinned
                # below it. Short ones (80x24): both flow in one scroll, opened at the task (lesson.tcss).
                with PageScroll(id="prose"):
                    yield Markdown("", id="prose-text")
                with PageScroll(id="task"):
                    yield Markdown("", id="task-text")
                    yield GoalChecklist(id="goal")
                    yield Vertical(id="quiz-slot")
                    yield Static("", id="help-box", markup=False)
                    with Vertical(id="done-box"):
                        yield Static("", id="continue", markup=False)
                        yield Markdown("", id="done-why")
                        yield Button("Next ▸", id="next-button", compact=True, variant="success")
            yield LibraryPicture(id="picture", classes="panel")
        yield Terminal(self.complete, id="terminal")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        number = next((i for i, lesson in enumerate(self.app.lessons, 1) if lesson.id == self.lesson.id), None)
        prefix = f"Lesson {number} · " if number else ""
        self.query_one("#narrative").border_title = prefix + safe_markup(strip_code(self.lesson.title))
        self.picture.border_title = "Library"
        self.terminal.add_class("panel")
        self.terminal.border_title = "Terminal"
        self.terminal.border_subtitle = "Tab completes · ↑ history · F1 help"
        try:
            session = self.session
        except Exception as exc:  # noqa: BLE001 - a broken lesson: say so, keep the app alive
            self.notify(f"This lesson could not start: {safe_markup(str(exc))}", severity="error", timeout=10)
            self.call_after_refresh(lambda: self.dismiss() and None)  # not awaited from our own handler
            return
        if session.resumed_at:
            self.terminal.note(f"welcome back: resuming at step {session.resumed_at + 1}")
        self.show_page()
        self.refresh_view()
        self.terminal.focus_input()

    def watch_step_label(self, label: str) -> None:
        self.query_one("#narrative").border_subtitle = label

    # --- pages --------------------------------------------------------------------

    def show_page(self) -> None:
        """Skip over prose (it is shown on the page), then show the task or quiz it leads to."""
        session = self.session
        from tutor.lessons.model import Prose

        while isinstance(session.step, Prose):
            session.advance()
        steps = self.lesson.steps
        i = session.step_index
        j = i
        while j > 0 and isinstance(steps[j - 1], Prose):
            j -= 1
        prose = "\n\n".join(step.markdown.strip() for step in steps[j:i] if step.markdown.strip())
        step = session.step
        kind = _kind(step)
        task_text = step.prompt_markdown.strip() if kind == "Task" else ""
        if kind == "End":
            task_text = self._finished_markdown()
        rendering = [
            self.query_one("#prose-text", Markdown).update(prose),
            self.query_one("#task-text", Markdown).update(task_text),
        ]
        self.query_one("#prose").display = bool(prose)
        self.query_one("#task-text").display = bool(task_text)
        self._help_lines = []
        self._show_help()
        self._show_quiz(step if kind == "Quiz" else None)
        self.update_goal()
        total = len(steps)
        label = "lesson complete" if kind == "End" else f"step {i + 1} of {total}"
        self.step_label = label + (" · ctrl+↑↓ scroll" if prose else "")
        self.refresh_bindings()
        self.query_one("#prose", VerticalScroll).scroll_home(animate=False)
        self._drawing = list(rendering)
        self._shown = None  # a new page opens at its task
        self.call_later(self._after_render, rendering)
        if kind == "Task" and session.done:
            self.celebrate(already=True)
        elif kind == "Quiz":
            self.terminal.note("a question: Enter on the empty command line moves to it (then a, b, c…)")

    async def _after_render(self, rendering) -> None:
        for awaitable in rendering:
            await awaitable  # Markdown lays itself out asynchronously
        self.call_after_refresh(self._show_task_top)

    @property
    def drawn(self) -> bool:
        """Every Markdown block of this step and of its explanation is laid out (they render
        asynchronously, and the page scrolls only once their heights are known)."""
        return all(awaitable.is_done for awaitable in self._drawing)

    def _show_task_top(self) -> None:
        """Where the prose and the task share one scroll (short terminals), open at the task."""
        self._keep_page()

    def _keep_page(self) -> None:
        narrative = self.query_one("#narrative", PageScroll)
        if not self._focus_in_page():  # the learner already moved into the page (to a quiz): it follows them
            narrative.keep(self._place_page)

    def _focus_in_page(self) -> bool:
        focused = self.focused
        return focused is not None and self.query_one("#narrative") in focused.ancestors

    def _place_page(self) -> None:
        """Short terminals (prose and task in one scroll): the task at the top of the view and, after a
        command, a hint or a goal reached, what changed (``_shown``) whole in view below it, or at least
        its top. Worked out from the layout alone, so PageScroll can run it again after a late one."""
        narrative = self.query_one("#narrative", PageScroll)
        if self._focus_in_page():
            narrative.release()
            return
        if narrative.max_scroll_y == 0 or not self.query_one("#prose").display:
            narrative.scroll_home(animate=False, immediate=True)
            return
        view = narrative.scrollable_content_region
        task = self.query_one("#task").region  # screen coordinates: their differences hold at any scroll
        y = narrative.scroll_y + task.y - view.y
        shown = self._shown
        if shown is not None and shown.display:
            region = shown.region
            below = region.bottom - task.y - view.height  # how far it reaches past the view's bottom
            if below > 0:
                y += min(below, region.y - task.y)
        narrative.scroll_to(y=y, animate=False, immediate=True)

    def _finished_markdown(self) -> str:
        lessons = self.app.lessons
        ids = [lesson.id for lesson in lessons]
        nxt = lessons[ids.index(self.lesson.id) + 1] if self.lesson.id in ids[:-1] else None
        text = "## ✓ Lesson complete\n\n"
        if nxt is not None:
            text += f"Press **Enter** (or **ctrl+n**) for the next lesson, *{nxt.title}*; **Escape** for the list."
        else:
            text += "That was the last lesson. Press **Escape** for the list, or open the sandbox to play."
        return text

    def _show_quiz(self, quiz) -> None:
        slot = self.query_one("#quiz-slot")
        slot.remove_children()
        if quiz is not None:
            # not focused: a quiz takes the focus only when the learner moves to it (typed-ahead
            # commands must never answer it)
            slot.mount(QuizCard(quiz.question, choices=self.session.choices()))

    def update_goal(self, reveal: bool = False) -> None:
        goal = self.query_one(GoalChecklist)
        goal.report = tuple(self.session.goal_report())
        self._update_continue()
        if reveal and goal.report:
            self._reveal_goal()

    def _reveal_goal(self) -> None:
        """After a command on a short terminal, the checklist in view (it is what changed)."""
        self._show_in_page(self.query_one(GoalChecklist))

    def _show_in_page(self, widget, *, task_end: bool = False) -> None:
        """Bring ``widget`` into view and keep it there while the page is laid out: in the one scroll of a
        short terminal, and (``task_end``) at the end of the task pane of a tall one."""
        self._shown = widget
        if task_end:
            task = self.query_one("#task", PageScroll)
            task.keep(lambda: task.scroll_end(animate=False, immediate=True))
        self._keep_page()

    def _update_continue(self) -> None:
        """The ✓, the task's explanation and its score stay until the learner goes on."""
        session = self.session
        box = self.query_one("#done-box")
        step = session.step
        done = _kind(step) == "Task" and session.done
        answered = _kind(step) == "Quiz" and session.quiz_outcome is not None
        box.display = done or answered
        if done and not session.task_done():  # reached, then undone: it still counts, and the list says ✗
            self.query_one("#continue", Static).update("✓ Goal reached earlier: it counts, though the world has changed since")
        elif done:
            self.query_one("#continue", Static).update(f"✓ Goal reached · {session.score()}")
            why = self.query_one("#done-why", Markdown)
            if why.source != step.explanation.strip():
                self._drawing.append(why.update(step.explanation.strip()))
            why.display = True
        elif answered:
            self.query_one("#continue", Static).update("")
            self.query_one("#done-why", Markdown).display = False
        self.query_one("#next-button", Button).label = (
            "Next ▸  (Enter on an empty command line · ctrl+n)" if self.size.width >= 100 else "Next ▸ (Enter)"
        )

    def _reveal_help(self) -> None:
        """Bring the newest hint or the solution into view: the task pane scrolls on tall terminals,
        the whole narrative on short ones (80x24), where the help box is often below the fold."""
        self._show_in_page(self.query_one("#help-box", Static), task_end=True)

    def _show_help(self) -> None:
        box = self.query_one("#help-box", Static)
        text = Text()
        for i, line in enumerate(self._help_lines):
            if i:
                text.append("\n")
            text.append_text(line)
        box.update(text)
        box.display = bool(self._help_lines)

    # --- after each command ------------------------------------------------------------

    def after_command(self, result) -> None:
        self.update_goal(reveal=True)
        if self.session.completed_now:
            self.celebrate()

    def celebrate(self, already: bool = False) -> None:
        session = self.session
        message = "You had already done this one." if already else "Goal reached!"
        self.terminal.note(f"✓ {message} {session.score()} · Enter (empty line) or ctrl+n: next step", "success")
        self._update_continue()
        self.call_later(self._reveal_done_when_drawn)

    async def _reveal_done_when_drawn(self) -> None:
        for awaitable in list(self._drawing):
            await awaitable  # the explanation's height is known only once its Markdown is laid out
        self.call_after_refresh(self._reveal_done)

    def _reveal_done(self) -> None:
        self._show_in_page(self.query_one("#done-box"), task_end=True)

    def _go_next(self) -> None:
        if self.session.finished:
            return
        world = self.session.world
        self.session.advance()
        self.show_page()
        if self.session.world is not world:
            self.refresh_view()  # a skipped task: the world jumped to what its solution gives
        # otherwise the picture keeps showing what the last command changed

    def handle_line(self, line: str) -> bool:
        """An empty line goes on (or moves to the quiz); tutor words are the session's (tutor_words)."""
        from tutor.lessons import tutor_words

        session = self.session
        if not line.strip():
            if self._can_continue():
                self.do_next()
            elif self._pending_quiz() is not None:
                self._pending_quiz().focus_answer()
            else:
                self.terminal.echo_command(self.terminal.prompt, line)
            return True
        reply = tutor_words.handle(session, line)
        if reply is None:
            return False
        self.terminal.echo_command(self.terminal.prompt, line)
        self.show_reply(reply)
        return True

    def show_reply(self, reply) -> None:
        """What a tutor word said, the TUI's way: hints and the solution in the task's help box."""
        if reply.skip:
            self.action_skip()
            return
        if reply.target:
            self.toggle_target(force=True)
            return
        if reply.advance:
            self.do_next()
            return
        if reply.skip_question:
            self.terminal.note(reply.lines[0])
            self._go_next()
            return
        if reply.hint_markdown is not None:
            n = self.session.hints_shown
            self._help_lines.append(Text.assemble((f"Hint {n}: ", "bold"), code_spans(str(reply.hint_markdown))))
            self._show_help()
            self.call_after_refresh(self._reveal_help)
        elif reply.solution:
            text = Text("Solution (type it, or your own way):", style="bold")
            for line in reply.solution:
                text.append(f"\n  $ {line}")
            self._help_lines.append(text)
            self._show_help()
            self.call_after_refresh(self._reveal_help)
        shown_above = reply.hint_markdown is not None or bool(reply.solution)
        for line in reply.lines:
            if reply.solution and line.startswith("  "):
                continue  # shown in the help box
            if shown_above and line.endswith(":"):  # what it introduces is in the help box, not here
                line += " shown in the lesson, under the goal."
            self.terminal.note(line.strip())
        if reply.world_changed:
            self.refresh_view()
        if reply.world_changed or reply.show_goal:
            self.update_goal(reveal=True)

    def _pending_quiz(self) -> QuizCard | None:
        cards = self.query(QuizCard)
        return cards.first() if cards and not cards.first().answered else None

    def _can_continue(self) -> bool:
        return self.session.can_continue()

    @on(QuizCard.Answered)
    def _answered(self, event: QuizCard.Answered) -> None:
        outcome = self.session.answer(event.answer)
        event.card.show_outcome(outcome)
        if outcome.retry:
            return  # the pack allows another try: the card stays open and focused
        self._update_continue()
        self.refresh_bindings()
        self.terminal.focus_input()

    @on(QuizCard.Leave)
    def _quiz_left(self) -> None:
        self.terminal.focus_input()

    @on(Button.Pressed, "#next-button")
    def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_next()
        self.terminal.focus_input()

    # --- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hint", "solution", "reset", "skip") and self._session is not None:
            return self.session.task is not None  # a quiz or a page to read: not in the footer at all
        if action == "next" and self._session is not None:
            return True if self._can_continue() else None
        return True

    def action_scroll_prose(self, direction: int) -> None:
        prose = self.query_one("#prose", VerticalScroll)
        if prose.max_scroll_y == 0:
            prose = self.query_one("#narrative", VerticalScroll)
        if direction < 0:
            prose.scroll_page_up(animate=False)
        else:
            prose.scroll_page_down(animate=False)

    def _word(self, word: str) -> None:
        """A key for a tutor word: the same as typing it, in turn behind any running command."""
        self.queue_action(word)

    def run_action_now(self, name: str) -> None:
        from tutor.lessons import tutor_words

        if name in ("next", "skip_now", "target_toggle"):
            getattr(self, f"do_{name}")()
            return
        reply = tutor_words.handle(self.session, name)
        if reply is not None:
            self.show_reply(reply)

    def action_hint(self) -> None:
        self._word("hint")

    def action_solution(self) -> None:
        self._word("solution")

    def action_undo(self) -> None:
        self._word("undo")

    def action_redo(self) -> None:
        self._word("redo")

    def action_explain(self) -> None:
        self._word("explain")

    def action_reset(self) -> None:
        from tutor.ui.screens.confirm import ConfirmScreen

        def reset(yes: bool | None) -> None:
            if yes:
                self._word("reset")

        self.app.push_screen(ConfirmScreen("Put the world back as it was when this task began?", "Reset"), reset)

    def action_restart(self) -> None:
        from tutor.ui.screens.confirm import ConfirmScreen

        def restart(yes: bool | None) -> None:
            if yes:
                self.session.restart()
                self.terminal.clear()
                self.show_page()
                self.refresh_view()

        self.app.push_screen(ConfirmScreen("Start this lesson again from the first step?", "Restart"), restart)

    def action_skip(self) -> None:
        from tutor.ui.screens.confirm import ConfirmScreen

        def skip(yes: bool | None) -> None:
            if yes and self.session.task is not None:
                self.queue_action("skip_now")

        self.app.push_screen(
            ConfirmScreen("Skip this task? The world becomes what its solution would make it.", "Skip"), skip
        )

    def action_next(self) -> None:
        self._word("next")

    def do_next(self) -> None:
        session = self.session
        if session.finished:
            self._open_next_lesson()
            return
        if not self._can_continue():
            from tutor.lessons import tutor_words

            self.show_reply(tutor_words.handle(session, "next"))  # says what is missing, as `next` does
            return
        self._go_next()

    def action_target(self) -> None:
        self.queue_action("target_toggle")

    def do_target_toggle(self) -> None:
        self.toggle_target()

    def toggle_target(self, force: bool = False) -> None:
        """F2 / `target`: the library as it should look when the goal holds, differences to now marked."""
        picture = self.picture
        if picture.target_mode and not force:
            self.refresh_view()
            return
        target = self.session.target_world()
        if target is None:
            self.terminal.note("the target picture is for tasks; there is no task here")
            return
        picture.show_target(target, self.session.world)
        picture.border_title = "Target (F2: back to now)"

    def do_skip_now(self) -> None:
        if self.session.task is not None and not self.session.done:
            self.terminal.note("task skipped: the world is now what its solution makes it")
            self._go_next()

    def action_focus_back(self) -> None:
        """shift+Tab from the command line goes to the quiz waiting on the page (one key, not several)."""
        quiz = self._pending_quiz()
        if quiz is not None and self.focused is self.terminal.input:
            quiz.focus_answer()
        else:
            self.focus_previous()

    def action_leave(self) -> None:
        """Escape: back to the command line, then clear it, then ask before leaving the lesson.

        Leaving takes a confirmation, so a second Escape (after leaving a quiz) never ends the lesson.
        """
        from tutor.ui.screens.confirm import ConfirmScreen

        command = self.terminal.input
        if self.focused is not None and self.focused is not command:
            self.terminal.focus_input()
            return
        if command.value:
            command.value = ""
            return

        def leave(yes: bool | None) -> None:
            if yes:
                self.dismiss()

        self.app.push_screen(ConfirmScreen("Leave this lesson? Your progress is kept.", "Leave"), leave)

    def _open_next_lesson(self) -> None:
        lessons = self.app.lessons
        ids = [lesson.id for lesson in lessons]
        if self.lesson.id in ids[:-1]:
            self.app.switch_screen(LessonScreen(lessons[ids.index(self.lesson.id) + 1]))
        else:
            self.dismiss()
