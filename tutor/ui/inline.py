"""Inline `code` in one-line texts (titles, goals, quiz choices): shown styled, without the backticks."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tutor.textsafe import visible

CODE_STYLE = Style(bold=True)


def code_spans(text: str, style: str | Style = "", code_style: str | Style = CODE_STYLE) -> Text:
    """``text`` as Rich Text, each `...` span styled as code and its backticks dropped.

    An unpaired backtick is kept as typed, so nothing the author wrote disappears. Control characters
    are shown (``\\x1b``): every tutor word on screen passes here, and packs come from strangers.
    """
    text = visible(text)
    parts = text.split("`")
    if len(parts) % 2 == 0:  # odd number of backticks: the last one has no partner
        parts[-2:] = ["`".join(parts[-2:])]
        if len(parts) == 1:
            return Text(text, style)
    result = Text(style=style)
    for i, part in enumerate(parts):
        if part:
            result.append(part, code_style if i % 2 else None)
    return result


def strip_code(text: str) -> str:
    """``text`` without the backticks of its `code` spans (for plain titles)."""
    return code_spans(text).plain
