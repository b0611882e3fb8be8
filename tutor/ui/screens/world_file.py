"""A small dialog asking for a file path (save or load a sandbox world)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from tutor.ui.safe import safe_markup

# ctrl+c cancels a dialog as it cancels a prompt in a terminal (the confirm dialog's too); priority, or the
# focused Input would take it as "copy" of its text (all selected when the dialog opens), again and again.
CTRL_C = Binding("ctrl+c", "cancel", "Cancel", show=False, priority=True)


class WorldFileScreen(ModalScreen[str | None]):
    """Returns the path typed (or None when cancelled)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), CTRL_C]

    def __init__(self, title: str, default: str, *, must_exist: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.must_exist = must_exist

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title")
            yield Input(self.default, id="path")
            yield Label("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button("Load" if self.must_exist else "Save", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        path = self.query_one(Input).value.strip()
        if not path:
            return
        error = self.query_one("#dialog-error", Label)
        if self.must_exist and not Path(path).expanduser().is_file():
            error.update(safe_markup(f"No file at {path}"))  # typed: `[/bold]` is text
            return
        if not self.must_exist and Path(path).expanduser().is_dir():
            # not "replace it?": a folder cannot be replaced by a world; the typed path stays to be finished
            example = str(Path(path) / "sandbox.json")
            error.update(safe_markup(f"{path} is a folder: name a file in it, such as {example}"))
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# --- served to a browser: names in the learner's own folder, never a path -----------------------


class ServedSaveScreen(ModalScreen[tuple[str, str] | None]):
    """Save a served sandbox's world: a plain name in the learner's folder, or a download.

    Returns ``("save", name)``, ``("download", name)`` or None (cancelled).
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), CTRL_C]

    def __init__(self, folder_label: str, default: str = "sandbox") -> None:
        super().__init__()
        self.folder_label = folder_label
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Save this world as", id="dialog-title")
            yield Label(f"A plain name, kept in {self.folder_label}; or download it to your computer.",
                        id="dialog-note")
            yield Input(self.default, id="name", max_length=60)
            yield Label("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button("Save", variant="primary", id="ok")
                yield Button("Download", id="download")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _chosen_name(self) -> str | None:
        from tutor.ui.worlds import SAFE_NAME

        name = self.query_one(Input).value.strip().removesuffix(".json")
        if not SAFE_NAME.fullmatch(name) or ".." in name:
            self.query_one("#dialog-error", Label).update(
                "Use a plain name: letters, digits, '.', '_' or '-' (no folders)."
            )
            return None
        return name

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        if (name := self._chosen_name()) is not None:
            self.dismiss(("save", name))

    @on(Button.Pressed, "#download")
    def _download(self) -> None:
        if (name := self._chosen_name()) is not None:
            self.dismiss(("download", name))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ServedLoadScreen(ModalScreen[str | None]):
    """Pick one of the worlds saved in the learner's folder; returns its file name or None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel"), CTRL_C]

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        from textual.widgets import OptionList

        with Vertical(id="dialog"):
            yield Label("Load a world you saved", id="dialog-title")
            if self.names:
                yield OptionList(*self.names, id="saved")
            else:
                yield Label("No worlds saved yet: ctrl+s in the sandbox saves one.", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        from textual.widgets import OptionList

        for option_list in self.query(OptionList):
            option_list.focus()

    def on_option_list_option_selected(self, event) -> None:
        self.dismiss(self.names[event.option_index])

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
