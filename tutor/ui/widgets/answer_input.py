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
        drop_typed(self)


def drop_typed(box: Input) -> str | None:
    """ctrl+c in a text box: copy a selection (None), else clear the box and return what was typed; on an
    empty box, fall through to the app (SkipAction), which says how to quit."""
    if box.selected_text:
        box.action_copy()
        return None
    if not box.value:
        raise SkipAction()
    typed = box.value
    box.value = ""
    return typed
