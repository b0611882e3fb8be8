"""Untrusted text on its way to a terminal: control characters shown, never sent.

Lesson packs, saved worlds, exports and learner names come from other people.
A raw ESC in them can recolour or blank the screen, retitle the window or (OSC 52)
fill the clipboard. ``visible`` is the one sanitiser every output path uses:
C0 controls (but newline and tab), DEL and C1 controls become a visible
``\\x1b``-style escape, the form ``echo -e`` and ``printf`` read back. It is pure
(no Rich): the simulator uses it too.

Invisible characters that make text read differently from what it is are shown the same way
(``\\u202e``): the bidi embedding, override and isolate controls of Trojan Source
(CVE-2021-42574), which can reorder a line so ``docker push evil`` reads as something else, and the
zero-width and separator characters that hide a difference between two names that look alike.

``markup_safe`` (what ``rich.markup.escape`` does, after ``visible``) additionally escapes Rich markup, for text that is put inside a
markup string (a learner named ``[/bold]`` must not crash the report).
"""

from __future__ import annotations

import re

from tutor.sim.lazy import LazyPattern  # compiled on first use: most text needs no regex (isprintable)

# Bidi embedding/override (U+202A..U+202E) and isolate (U+2066..U+2069) controls: they reorder the text
# after them on screen (Trojan Source). Lesson files refuse them outright (tutor.lessons.safeyaml).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Format characters that draw nothing: zero-width space/joiners and the LRM/RLM/ALM marks, word joiner and
# invisible operators, line/paragraph separators, the byte order mark (a zero-width no-break space).
INVISIBLE = "\u061c\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff"
# C0 except \t and \n, DEL, C1 (U+0080..U+009F), and the two sets above.
CONTROL = LazyPattern(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}{INVISIBLE}]")
# The same set plus tab and newline: for one-line fields (a name, a title, a cell).
CONTROL_OR_BREAK = LazyPattern(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}{INVISIBLE}]")
BIDI_CONTROL = LazyPattern(f"[{BIDI_CONTROLS}]")


def escape_form(char: str) -> str:
    """``\\x1b`` for a byte-sized character, ``\\u202e`` above: what ``echo -e`` and ``printf`` read back."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _show(match: re.Match[str]) -> str:
    return escape_form(match.group())


def visible(text: str) -> str:
    """``text`` with every control character but newline and tab shown as ``\\xNN`` (``\\uNNNN`` above U+00FF)."""
    if not isinstance(text, str):
        text = str(text)
    if text.isprintable():
        return text
    return CONTROL.sub(_show, text)


def one_line(text: str) -> str:
    """``visible`` for a single-line field: newlines and tabs are shown too (no injected lines)."""
    if not isinstance(text, str):
        text = str(text)
    if text.isprintable():
        return text
    return CONTROL_OR_BREAK.sub(_show, text)


def first_control(text: str) -> int:
    """Index of the first character ``visible`` would change, or -1."""
    if text.isprintable():
        return -1
    match = CONTROL.search(text)
    return match.start() if match else -1


def describe(char: str) -> str:
    """How a problem message names a control character: ``U+001B (\\x1b)``, ``U+202E (\\u202e)``."""
    return f"U+{ord(char):04X} ({escape_form(char)})"


# What rich.markup.escape escapes (kept here so this module never imports Rich: the simulator uses it).
_MARKUP_TAG = LazyPattern(r"(\\*)(\[[a-z#/@][^[]*?])")


def markup_safe(text: str) -> str:
    """``visible`` text escaped for Rich markup (``[/bold]`` read as text, not a tag)."""
    escaped = _MARKUP_TAG.sub(lambda m: f"{m.group(1)}{m.group(1)}\\{m.group(2)}", visible(text))
    if escaped.endswith("\\") and not escaped.endswith("\\\\"):
        escaped += "\\"  # a lone trailing backslash would escape the markup that follows
    return escaped
