"""The goal checklist: each goal of the current task with ✓ or ✗, worded as the lesson's goal report."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tutor.ui.inline import code_spans


class GoalChecklist(Static):
    """Renders ``report`` (a tuple of GoalStatus: text, ok, detail); hidden when there is no goal."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"checklist--ok", "checklist--todo", "checklist--detail", "checklist--title"}

    DEFAULT_CSS = """
    GoalChecklist {
        height: auto;
        padding: 0 1;
        margin: 1 0 0 0;
        border-left: outer $primary;
        &.-empty { display: none; }
        &.-done { border-left: outer $success; }
        & > .checklist--title { text-style: bold; }
        & > .checklist--ok { color: $text-success; text-style: bold; }
        & > .checklist--todo { color: $text-error; text-style: bold; }
        & > .checklist--detail { text-style: dim italic; }
    }
    """

    report: reactive[tuple] = reactive(tuple, layout=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="-empty", markup=False)

    def watch_report(self, report: tuple) -> None:
        self.set_class(not report, "-empty")
        self.set_class(bool(report) and all(status.ok for status in report), "-done")
        self.update(self.render_grid(report))

    def render_grid(self, report: tuple):
        """The report laid out with a hanging indent: wrapped goal text stays right of its ✓/✗."""
        from rich.console import Group
        from rich.table import Table

        def style(name: str):
            return self.get_component_rich_style(f"checklist--{name}", partial=True) if self.is_attached else ""

        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1)
        for status in report:
            mark = Text(" ✓", style("ok")) if status.ok else Text(" ✗", style("todo"))
            body = code_spans(str(status.text))
            detail = getattr(status, "detail", "")
            if detail and not status.ok:
                body.append("\n")
                body.append_text(code_spans(detail, style("detail")))
            grid.add_row(mark, body)
        return Group(Text("Goal", style("title")), grid)

    def render_report(self, report: tuple) -> Text:
        def style(name: str):
            return self.get_component_rich_style(f"checklist--{name}", partial=True) if self.is_attached else ""

        text = Text("Goal", style("title"))
        for status in report:
            mark, mark_style = ("✓", style("ok")) if status.ok else ("✗", style("todo"))
            text.append("\n")
            text.append(f" {mark} ", mark_style)
            text.append_text(code_spans(str(status.text)))
            detail = getattr(status, "detail", "")
            if detail and not status.ok:
                text.append("\n     ")
                text.append_text(code_spans(detail, style("detail")))
        return text

    def plain(self) -> str:
        """The checklist as plain text (tests, screen readers)."""
        return self.render_report(self.report).plain
