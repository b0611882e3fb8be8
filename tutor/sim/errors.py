"""Errors raised inside the simulator.

Every message is worded exactly as Docker, distribution/reference or the
registry would word it; the shell prints ``str(error)`` unchanged.
"""

from __future__ import annotations


class SimError(Exception):
    """Base class: anything the simulator refuses, with Docker's own words."""

    exit_code: int = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class InvalidReference(SimError):
    """A reference that distribution/reference's ParseNormalizedNamed rejects."""


class UsageError(SimError):
    """Wrong flags or argument counts (cobra/pflag wording), exit status 1 (125 for docker run)."""
