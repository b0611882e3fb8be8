"""Untrusted text in Textual markup (border titles, notifications): shown, never parsed or sent raw."""

from __future__ import annotations

from textual.markup import escape

from tutor.textsafe import visible


def safe_markup(text: str) -> str:
    """``text`` with control characters shown (``\\x1b``) and markup escaped (``[/bold]`` stays text)."""
    return escape(visible(str(text)))
