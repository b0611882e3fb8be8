"""The box a free-text quiz answer is typed in.

ctrl+c here does what it does at the command line (tutor.ui.widgets.command_input): it copies a
selection, else drops what was typed — so the half-typed answer is never sent by the next Enter and
nothing is recorded that the learner did not give — and on an empty box it falls through to the app,
which says how to quit.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding
from textual.widgets import Input


class AnswerInput(Input):
    BINDINGS = [Binding("ctrl+c", "interrupt", "Drop the answer typed", show=False)]

    def action_interrupt(self) -> None:
        if self.selected_text:
            self.action_copy()
            return
        if not self.value:
            raise SkipAction()
        self.value = ""
