"""The Textual app: the lesson picker first (design.md contract 1), lessons, sandbox, help.

Imports stay light at module level: each screen (and the simulator, the lesson
engine, Markdown) is imported when first used, so the first frame comes about
as fast as a bare Textual app's.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding

# tutor.ui.worlds.SERVED_ENV (is_served), not imported from there: that module loads the simulator.
SERVED_ENV = "REGISTRY_TUTOR_SERVED"


def _home_screen():
    from tutor.ui.screens.home import HomeScreen

    return HomeScreen()


def _screen_actions():
    from tutor.ui.commands import ScreenActions

    return ScreenActions


class TutorApp(App[int]):
    """registry-tutor: learn registries, repositories, tags and `latest` by typing docker commands."""

    TITLE = "registry-tutor"
    SUB_TITLE = "registries, repositories, tags and latest"
    # The lesson list's stylesheet comes with the app's: it is the default screen (see get_default_screen).
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    COMMANDS = App.COMMANDS | {_screen_actions}
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Keys, commands the simulator covers, and what the picture means"),
    ]

    def __init__(
        self,
        profile: str = "default",
        pack: str | None = None,
        *,
        progress_root: Path | None = None,
        lessons: list | None = None,
        worlds_dir: Path | None = None,
        served: bool | None = None,
    ) -> None:
        super().__init__()
        # Served to a browser (`registry-tutor serve` sets it for each tab): the tab asks who is learning,
        # and no file on the server can be named from the browser (see tutor/ui/worlds.py).
        self.served = os.environ.get(SERVED_ENV) == "1" if served is None else served
        self.learner_named = not self.served
        self.profile_name = profile
        self.pack_path = pack
        self.progress_root = progress_root
        self.worlds_dir = worlds_dir
        self._lessons = lessons
        self._lessons_lock = threading.Lock()
        self._listing: tuple | None = None  # (the lessons it was made from, their entries)
        self._index: tuple | None = None  # (title, entries) from the pack's index; () when it has none
        self._progress: Any = None
        self.pack_title = "Lessons"
        self.quiz_settings: dict = {}  # the pack's `retries` and `shuffle_choices`, for lesson quizzes
        self.load_problem: str | None = None
        self.progress_warning: str | None = None  # said once on the lesson list (damaged file, bad profile)

    def get_driver_class(self):
        from tutor.ui.paste import guard_driver  # a pasted ESC stays text (tutor/ui/paste.py)

        driver_class = super().get_driver_class()
        guard_driver(driver_class)
        return driver_class

    def get_default_screen(self):
        # The lesson list is the default screen rather than a mode's: a mode's screen mounts while the app
        # is still starting, and its first frame (the one that lists the lessons) was drawn and then dropped.
        return _home_screen()

    # --- the lesson catalogue and progress, loaded on first use ------------------

    @property
    def lessons_loaded(self) -> bool:
        return self._lessons is not None

    @property
    def lessons(self) -> list:
        """The pack's lessons, compiled (loaded on first use: opening a lesson, or after the first frame)."""
        with self._lessons_lock:  # the home screen may load them in a worker while a key asks for one
            if self._lessons is None:
                self._lessons = self._load_lessons()
        return self._lessons

    def lesson_listing(self) -> list | None:
        """What the lesson list shows (``tutor.lessons.listing.LessonEntry``s), when it can be had at once.

        From the loaded lessons, else from the pack folder's index (every lesson as it is on disk
        now loaded cleanly before: no lesson is read), else from the lesson files' plain lines
        (``tutor.lessons.quickscan``: the first start after an install or an edit); None when the
        lessons must be loaded first.
        """
        lessons = self._lessons
        if lessons is not None:
            if self._listing is None or self._listing[0] is not lessons:
                from tutor.lessons.listing import entry_of

                self._listing = (lessons, [entry_of(lesson) for lesson in lessons])
            return self._listing[1]
        if self._index is None:
            self._index = self._read_index() or ()
        return self._index[1] if self._index else None

    def _pack_folder(self) -> Path:
        if self.pack_path:
            from tutor.shipped import resolve_pack

            return resolve_pack(self.pack_path)
        from tutor.shipped import lessons_dir

        return lessons_dir()

    def _read_index(self) -> tuple | None:
        try:
            from tutor.lessons.listing import quick_listing

            found = quick_listing(self._pack_folder())  # the index, else the files' own lines
        except Exception:  # noqa: BLE001 - then the lessons load in the background, as a cold start does
            return None
        if found is not None and self.pack_path:
            self.pack_title = found[0] or "Lessons"
        return found

    def _load_lessons(self) -> list:
        from tutor.lessons import catalog

        try:
            folder = self._pack_folder()
            if not self.pack_path and not folder.is_dir():
                return []
            pack = catalog.load_pack(folder)  # (leaves the folder's index for the next start)
            if self.pack_path:
                self.pack_title = getattr(pack, "title", "Lessons") or "Lessons"
                self.quiz_settings = dict(getattr(pack, "quiz_settings", None) or {})
            return list(pack.lessons)
        except Exception as exc:  # noqa: BLE001 - a broken pack must not crash the app; say what is wrong
            self.load_problem = f"Could not load the lessons: {exc}"
            return []

    @property
    def progress(self):
        """The ProgressStore for --profile (None when it cannot be had: the app still runs, unrecorded)."""
        if not self.learner_named:  # a served tab before its learner said who they are
            return None
        if self._progress is None:
            try:
                from tutor.lessons.progress import ProgressStore, pack_identity

                self._progress = ProgressStore(self.profile_name, root=self.progress_root,
                                               pack=pack_identity(self.pack_path))  # this pack's lessons
            except (ValueError, OSError) as exc:  # a bad --profile name, an unusable data folder
                self._progress = False
                self.progress_warning = f"Progress will not be saved: {exc}"
            else:
                self.progress_warning = self._progress.warning
        return self._progress or None

    # --- served tabs: one learner each -------------------------------------------

    def on_mount(self) -> None:
        if self.served and not self.learner_named:
            from tutor.ui.screens.learner import LearnerNameScreen

            self.push_screen(LearnerNameScreen(prefix=self.profile_name), self.set_learner)

    def set_learner(self, profile: str | None) -> None:
        """From now on this tab's progress is ``profile``'s (the home screen refills when it resumes)."""
        if not profile:
            return
        self.profile_name = profile
        self._progress = None
        self.learner_named = True
        self.sub_title = f"learner: {profile}"
        self.notify(f"Your progress is kept as {profile}.", title="Welcome")

    @property
    def session_worlds(self) -> Path:
        """A served learner's own folder for saved worlds (the only place a served tab reads or writes)."""
        from tutor.ui.worlds import session_folder

        return session_folder(self.profile_name, Path(self.worlds_dir) / "served" if self.worlds_dir else None)

    # --- actions ----------------------------------------------------------------

    def action_help(self) -> None:
        from tutor.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(getattr(self.screen, "HELP", ""), screen=self.screen))

    def open_lesson(self, lesson) -> None:
        from tutor.ui.screens.lesson import LessonScreen

        self.push_screen(LessonScreen(lesson))

    def open_sandbox(self) -> None:
        from tutor.ui.screens.sandbox import SandboxScreen

        self.push_screen(SandboxScreen())

    def open_quiz(self) -> None:
        """The quiz screen (tutor.ui.screens.quiz)."""
        from tutor.ui.screens.quiz import QuizScreen

        self.push_screen(QuizScreen())


def run_app(profile: str = "default", pack: str | None = None) -> int:
    """Run the TUI; the exit status for ``registry-tutor``."""
    app = TutorApp(profile=profile, pack=pack)
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
