"""Pasted text stays text, even when it holds an ESC (text copied from a coloured terminal).

Textual 8.2's input parser reads an ESC inside a bracketed paste as the start of an escape
sequence: the characters after it (up to ~30) are sent to the app as *keystrokes* as well —
a pasted line break became Enter and ran a half-pasted command, ctrl+b (restart the lesson),
ctrl+g or Tab fired — and they went missing from the paste. ``PasteSafeParser`` hands the
parser each ESC inside a paste as a placeholder character and puts the ESC back in the one
``Paste`` event, where the command line shows it as ``\\x1b`` (``tutor.textsafe.visible``).

``guard_driver`` makes a driver module use it (the drivers build their parser from their
module's ``XTermParser`` name); the app calls it for the driver it runs on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
STAND_IN = "\ue01b"  # a private-use character: what the parser sees in place of a pasted ESC


class PasteSafeParser(XTermParser):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._in_paste = False
        self._held = ""  # inside a paste: a chunk's end that may be the start of the end marker
        self._partial = ""  # outside one: a chunk's end that may be the start of the start marker

    def feed(self, data: str) -> Iterable:
        if not data:  # end of input: let go of anything held
            held, self._held = self._held, ""
            return [*(super().feed(held) if held else ()), *super().feed("")]
        data, self._held = self._held + data, ""
        return [self._restored(event) for event in super().feed(self._guard(data))]

    def _guard(self, data: str) -> str:
        out: list[str] = []
        if self._partial and not self._in_paste and (self._partial + data).startswith(PASTE_START):
            rest = len(PASTE_START) - len(self._partial)  # the marker's head went through last time
            out.append(data[:rest])
            data = data[rest:]
            self._in_paste = True
        self._partial = ""
        i = 0
        while i < len(data):
            at = data.find("\x1b", i)
            if at < 0:
                out.append(data[i:])
                break
            out.append(data[i:at])
            marker = PASTE_END if self._in_paste else PASTE_START
            if data.startswith(marker, at):
                out.append(marker)
                self._in_paste = not self._in_paste
                i = at + len(marker)
            elif self._in_paste and PASTE_END.startswith(data[at:]):
                self._held = data[at:]  # the end marker, cut by the chunk: wait for the rest
                break
            else:
                if not self._in_paste and PASTE_START.startswith(data[at:]):
                    self._partial = data[at:]  # (an Escape key press too: it goes through at once)
                out.append(STAND_IN if self._in_paste else "\x1b")
                i = at + 1
        return "".join(out)

    @staticmethod
    def _restored(event):
        if isinstance(event, events.Paste) and STAND_IN in event.text:
            return events.Paste(event.text.replace(STAND_IN, "\x1b"))
        return event


def guard_driver(driver_class: type) -> None:
    """Make ``driver_class``'s module build PasteSafeParsers (a driver without a parser is left alone)."""
    module = sys.modules.get(driver_class.__module__)
    if module is not None and getattr(module, "XTermParser", None) is XTermParser:
        module.XTermParser = PasteSafeParser
