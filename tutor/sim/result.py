"""What every command returns."""

from __future__ import annotations

from dataclasses import field
from itertools import repeat

from tutor.sim.events import Event
from tutor.sim.records import record

STDOUT = 1
STDERR = 2


@record
class Result:
    """The outcome of one command line (or one command in a ``&&`` chain).

    ``output`` keeps stdout and stderr lines in the order they were written, so
    a transcript reads as it would in a terminal; ``stdout``/``stderr`` give the
    two streams apart.
    """

    output: list[tuple[int, str]] = field(default_factory=list)
    exit_code: int = 0
    events: list[Event] = field(default_factory=list)
    clear: bool = False  # the command asked to clear the screen (``clear``)

    def __init__(
        self,
        output: list[tuple[int, str]] | None = None,
        exit_code: int = 0,
        events: list[Event] | None = None,
        clear: bool = False,
    ) -> None:
        self.output = [] if output is None else output
        self.exit_code = exit_code
        self.events = [] if events is None else events
        self.clear = clear

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def stdout(self) -> list[str]:
        return [text for stream, text in self.output if stream == STDOUT]

    @property
    def stderr(self) -> list[str]:
        return [text for stream, text in self.output if stream == STDERR]

    @property
    def text(self) -> str:
        """Both streams interleaved, one string (handy for tests and the TUI log)."""
        return "\n".join(text for _, text in self.output)

    # zip(repeat(stream), lines): the (stream, line) pairs, made without a Python-level generator
    def out(self, *lines: str) -> None:
        self.output.extend(zip(repeat(STDOUT), lines))

    def err(self, *lines: str) -> None:
        self.output.extend(zip(repeat(STDERR), lines))

    def extend(self, other: Result) -> None:
        self.output.extend(other.output)
        self.events.extend(other.events)
        self.exit_code = other.exit_code
        self.clear = self.clear or other.clear
