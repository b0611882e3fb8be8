"""The sandbox: the terminal and the picture with no goal; either engine; save and load a world."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Footer

from tutor.ui.safe import safe_markup
from tutor.ui.screens.workspace import WorkspaceScreen
from tutor.ui.widgets.library import LibraryPicture
from tutor.ui.widgets.terminal import Terminal

UNDO_LIMIT = 200


class SandboxScreen(WorkspaceScreen):
    CSS_PATH = "sandbox.tcss"

    BINDINGS = [
        *WorkspaceScreen.SHARED_BINDINGS,
        Binding("ctrl+s", "save", "Save world", tooltip="Save this world as a JSON file"),
        Binding("ctrl+o", "load", "Load world", tooltip="Load a world saved earlier"),
        Binding("f4", "switch_engine", "Engine", tooltip="Start a fresh world on the other engine profile"),
        Binding("ctrl+r", "reset", "Fresh world", show=False, tooltip="Start again from the default world"),
    ]

    HELP = """\
## The sandbox

No goal here: try anything. Every command runs in the simulator, and the
picture shows what it did. Try `docker build -t myapp1 ~/myapp1`, then tag and
push it to `localhost:5000`.

- **F4** switches between the two engine profiles (`current` = Docker 29 with
  the containerd image store, `classic` = the older graphdriver store most
  tutorials show). Switching starts a fresh world.
- **ctrl+s** / **ctrl+o** save and load the whole world as a JSON file (saving
  over a file that exists asks first).
- Served in a browser (`registry-tutor serve`), ctrl+s saves under a plain name
  in your own folder on the tutor's server, or downloads the file to your
  computer; ctrl+o lists the worlds you saved there. No other file on the server
  can be read or written from the browser.
- **ctrl+z** / **ctrl+y** undo and redo commands; **ctrl+r** starts afresh.
"""

    engine: reactive[str] = reactive("current", init=False)

    def __init__(self, engine: str = "current") -> None:
        super().__init__()
        from tutor.sim.workspace import Workspace  # the same engine a lesson session runs on
        from tutor.sim.world import World

        self.workspace = Workspace(World.default(engine), limit=UNDO_LIMIT)
        self.set_reactive(SandboxScreen.engine, engine)

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Terminal(self.complete, id="terminal")
            yield LibraryPicture(id="picture")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.terminal.border_title = "Terminal"
        self.terminal.add_class("panel")
        self.picture.border_title = "Library"
        self.picture.add_class("panel")
        self._update_subtitle()
        # After the first layout: RichLog wraps at write time, and the narrow (stacked) layout only
        # applies once the screen knows its size; written now, the note would wrap at a third of the width.
        self.call_after_refresh(
            self.terminal.note, "Sandbox: no goal, try anything. Tab completes, ↑ recalls, F1 for help."
        )
        self.refresh_view()
        self.terminal.focus_input()

    def _update_subtitle(self) -> None:
        self.terminal.border_subtitle = f"sandbox · engine: {self.engine} (F4)"

    def watch_engine(self) -> None:
        self._update_subtitle()

    # --- WorkspaceScreen ----------------------------------------------------------

    @property
    def world(self):
        return self.workspace.world

    @property
    def shell(self):
        return self.workspace.shell

    def run_line(self, line: str):
        return self.workspace.run(line)

    def _replace_world(self, world, label: str) -> None:
        self.workspace.replace(world, label)
        self._show_world()

    def _show_world(self, events=()) -> None:
        world = self.workspace.world
        self.set_reactive(SandboxScreen.engine, world.profile)
        self._update_subtitle()
        self.refresh_view(events)

    def handle_line(self, line: str) -> bool:
        """The tutor words a lesson offers work here too (tutor_words.sandbox_word says which)."""
        from tutor.lessons.tutor_words import sandbox_word

        word = sandbox_word(line)
        if word is None:
            return super().handle_line(line)
        self.terminal.echo_command(self.terminal.prompt, line)
        if word in ("undo", "redo", "reset"):
            self.run_action_now(word)
        else:
            self.terminal.note(f"`{word}` is for lessons: the sandbox has no goal (undo, redo and reset work here)")
        return True

    # --- actions ------------------------------------------------------------------

    def action_undo(self) -> None:
        self.queue_action("undo")

    def action_redo(self) -> None:
        self.queue_action("redo")

    def action_reset(self) -> None:
        self.queue_action("reset")

    def do_undo(self) -> None:
        label = self.workspace.undo_label
        if not self.workspace.undo():
            self.terminal.note("nothing to undo", once=True)  # a note, not a toast: 500 presses, 500 toasts
            return
        self._show_world()
        self.terminal.note(f"undone: {label}")

    def do_redo(self) -> None:
        label = self.workspace.redo_label
        if not self.workspace.redo():
            self.terminal.note("nothing to redo", once=True)
            return
        self._show_world()
        self.terminal.note(f"redone: {label}")

    def do_reset(self) -> None:
        from tutor.sim.world import World

        self._replace_world(World.default(self.engine), "reset")
        self.terminal.note(f"a fresh default world ({self.engine} engine); ctrl+z brings the old one back")

    def action_switch_engine(self) -> None:
        from tutor.sim.world import PROFILES, World

        other = next(profile for profile in PROFILES if profile != self.engine)  # the one not in use
        self._replace_world(World.default(other), "engine switch")
        self.engine = other
        what = "Docker 29, containerd image store" if other == "current" else "classic graphdriver image store"
        self.terminal.note(f"engine: {other} ({what}); a fresh world. ctrl+z brings the old one back")

    def action_save(self) -> None:
        if self.app.served:
            self._save_served()
            return
        from tutor.ui.screens.world_file import WorldFileScreen
        from tutor.ui.worlds import default_world_path

        def save(path) -> None:
            if path is None:
                return
            from tutor.ui.worlds import expand_path

            target = expand_path(path)
            if target.exists():
                from tutor.ui.screens.confirm import ConfirmScreen

                self.app.push_screen(
                    ConfirmScreen(safe_markup(f"{target} exists. Replace it with this world?"), yes="Replace"),
                    lambda yes: self._write_world(target) if yes else None,
                )
                return
            self._write_world(target)

        self.app.push_screen(WorldFileScreen("Save this world to", default_world_path(self.app.worlds_dir)), save)

    def _write_world(self, target) -> None:
        from tutor.ui.worlds import save_world

        try:
            written = save_world(self.world, target)
        except OSError as exc:
            self.notify(safe_markup(f"Could not save: {exc.strerror or exc}"), severity="error")
            return
        self.notify(safe_markup(f"Saved to {written}"), title="World saved")

    def action_load(self) -> None:
        if self.app.served:
            self._load_served()
            return
        from tutor.ui.screens.world_file import WorldFileScreen
        from tutor.ui.worlds import default_world_path

        def load(path) -> None:
            if path is None:
                return
            from tutor.ui.worlds import WorldFileError, load_world

            try:
                world = load_world(path)
            except WorldFileError as exc:
                self.notify(safe_markup(str(exc)), title="Could not load", severity="error")
                return
            self._loaded(world, path)

        self.app.push_screen(
            WorldFileScreen("Load a world from", default_world_path(self.app.worlds_dir), must_exist=True), load
        )

    def _loaded(self, world, name) -> None:
        self._replace_world(world, "load")
        self.terminal.note(f"loaded {name} ({world.profile} engine); ctrl+z brings the old world back")

    # --- served to a browser: the learner's own folder, or a download; never a server path ----------

    def _save_served(self) -> None:
        from tutor.ui.screens.world_file import ServedSaveScreen

        def chosen(answer) -> None:
            if answer is None:
                return
            how, name = answer
            if how == "download":
                import io

                from tutor.sim.worldfile import dump_world

                self.app.deliver_text(io.StringIO(dump_world(self.world)), save_filename=f"{name}.json",
                                      mime_type="application/json")
                self.notify(safe_markup(f"{name}.json is on its way to your browser's downloads."), title="World download")
                return
            from tutor.ui.worlds import saved_worlds

            if f"{name}.json" in saved_worlds(self.app.session_worlds):
                from tutor.ui.screens.confirm import ConfirmScreen

                self.app.push_screen(
                    ConfirmScreen(f"You already saved a world called {name}. Replace it?", yes="Replace"),
                    lambda yes: self._write_served(name) if yes else None,
                )
                return
            self._write_served(name)

        self.app.push_screen(ServedSaveScreen("your own folder on the tutor's server"), chosen)

    def _write_served(self, name: str) -> None:
        from tutor.ui.worlds import save_session_world

        try:
            save_session_world(self.world, self.app.session_worlds, name)
        except ValueError as exc:
            self.notify(safe_markup(str(exc)), title="Could not save", severity="error")
            return
        except OSError as exc:
            self.notify(safe_markup(f"Could not save: {exc.strerror or exc}"), title="Could not save", severity="error")
            return
        self.notify(safe_markup(f"Saved as {name}; ctrl+o loads it again."), title="World saved")

    def _load_served(self) -> None:
        from tutor.ui.screens.world_file import ServedLoadScreen
        from tutor.ui.worlds import saved_worlds

        folder = self.app.session_worlds

        def chosen(file_name) -> None:
            if file_name is None:
                return
            from tutor.ui.worlds import WorldFileError, load_world, session_file

            try:
                world = load_world(session_file(folder, file_name))
            except (ValueError, WorldFileError) as exc:
                message = str(exc).replace(str(folder) + "/", "")  # the server's folders are not the learner's
                self.notify(safe_markup(message), title="Could not load", severity="error")
                return
            self._loaded(world, file_name.removesuffix(".json"))

        self.app.push_screen(ServedLoadScreen(saved_worlds(folder)), chosen)
