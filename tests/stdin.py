"""Standard inputs for tests of the plain (line-by-line) front ends."""

from __future__ import annotations

import io


class TypedThenCtrlC(io.StringIO):
    """Standard input that gives its lines, then is interrupted as by Ctrl-C (not a terminal: piped mode)."""

    def readline(self, *args) -> str:
        line = super().readline(*args)
        if not line:
            raise KeyboardInterrupt
        return line
