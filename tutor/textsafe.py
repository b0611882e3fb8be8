"""Untrusted text on its way to a terminal: control characters shown, never sent.

Lesson packs, saved worlds, exports and learner names come from other people.
A raw ESC in them can recolour or blank the screen, retitle the window or (OSC 52)
fill the clipboard. ``visible`` is the one sanitiser every output path uses:
C0 controls (but newline and tab), DEL and C1 controls become a visible
``\\x1b``-style escape, the form ``echo -e`` and ``printf`` read back. It is pure
(no Rich): the simulator uses it too.

``markup_safe`` (what ``rich.markup.escape`` does, after ``visible``) additionally escapes Rich markup, for text that is put inside a
markup string (a learner named ``[/bold]`` must not crash the report).
"""

from __future__ import annotations

import re

# C0 except \t and \n, DEL, C1 (U+0080..U+009F).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The same set plus tab and newline: for one-line fields (a name, a title, a cell).
CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _show(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def visible(text: str) -> str:
    """``text`` with every control character but newline and tab shown as ``\\xNN``."""
    if not isinstance(text, str):
        text = str(text)
    return CONTROL.sub(_show, text)


def one_line(text: str) -> str:
    """``visible`` for a single-line field: newlines and tabs are shown too (no injected lines)."""
    if not isinstance(text, str):
        text = str(text)
    return CONTROL_OR_BREAK.sub(_show, text)


def first_control(text: str) -> int:
    """Index of the first character ``visible`` would change, or -1."""
    match = CONTROL.search(text)
    return match.start() if match else -1


def describe(char: str) -> str:
    """How a problem message names a control character: ``U+001B (\\x1b)``."""
    return f"U+{ord(char):04X} (\\x{ord(char):02x})"


# What rich.markup.escape escapes (kept here so this module never imports Rich: the simulator uses it).
_MARKUP_TAG = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def markup_safe(text: str) -> str:
    """``visible`` text escaped for Rich markup (``[/bold]`` read as text, not a tag)."""
    escaped = _MARKUP_TAG.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", visible(text))
    if escaped.endswith("\\") and not escaped.endswith("\\\\"):
        escaped += "\\"  # a lone trailing backslash would escape the markup that follows
    return escaped
