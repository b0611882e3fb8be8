"""One place where every subcommand's output errors end: quietly, with the right exit status.

``registry-tutor learn --list | head -c 10`` closes the pipe early; ``> /dev/full``
makes every write fail. Neither may end in a traceback. ``run_guarded`` runs a
subcommand, flushes its output while it can still report, and then:

* a closed pipe (EPIPE) ends silently with 141, what a shell reports for a
  command killed by SIGPIPE (``head`` users expect nothing on the terminal);
* any other write error ends with one line on stderr, as coreutils words it
  (``registry-tutor: write error: No space left on device``), and status 1.

Either way stdout is pointed at the null device, so the interpreter's last
flush at exit has nothing left to fail on. Rich consoles that print to stdout
are wrapped with ``pipe_aware``: Rich would otherwise end the process itself,
with status 1.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable

SIGPIPE_STATUS = 141  # 128 + SIGPIPE


def run_guarded(run: Callable[[], int]) -> int:
    try:
        status = run()
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        _silence_stdout()
        return SIGPIPE_STATUS
    except OSError as exc:
        if not _is_output_error(exc):
            raise
        _silence_stdout()
        if exc.errno == errno.EPIPE:
            return SIGPIPE_STATUS
        try:
            print(f"registry-tutor: write error: {exc.strerror or exc}", file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass
        return 1


def pipe_aware(console):
    """A Rich Console whose closed pipe reaches ``run_guarded`` (Rich alone exits with status 1)."""

    def closed() -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    console.on_broken_pipe = closed
    return console


def _is_output_error(exc: OSError) -> bool:
    """A failed write to stdout, not (say) a lesson file that could not be opened."""
    return exc.errno in (errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG) and exc.filename is None


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
