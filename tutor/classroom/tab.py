"""One browser tab's tutor process under ``registry-tutor serve``: limits first, then the TUI.

``python -m tutor.classroom.tab --memory-mb N --cpu-seconds N --parent P -- [registry-tutor args]``
(then it becomes ``python -m tutor [registry-tutor args]``, by exec)

Before the app starts it caps its own address space and CPU time (``setrlimit``; a
runaway tab ends instead of starving the classroom), turns off core files, and asks
Linux to kill it when the server dies (``PR_SET_PDEATHSIG``), so even a SIGKILLed
server leaves no tab processes behind. It then runs the ordinary app with
``REGISTRY_TUTOR_SERVED=1``, which tells the app that it is served: no server path
may be named from the browser, and each tab asks for the learner's name.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

SERVED_ENV = "REGISTRY_TUTOR_SERVED"


def apply_limits(memory_mb: int, cpu_seconds: int) -> None:
    """Cap this process (and whatever it starts): address space, CPU seconds, no core files."""
    import resource

    def cap(which: int, value: int) -> None:
        soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            resource.setrlimit(which, (value, hard if which == resource.RLIMIT_CPU else value))
        except (ValueError, OSError):  # a platform that refuses: the other limits still hold
            pass

    if memory_mb > 0:
        cap(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    if cpu_seconds > 0:
        cap(resource.RLIMIT_CPU, cpu_seconds)  # the soft limit sends SIGXCPU, which ends the process
    cap(resource.RLIMIT_CORE, 0)


def die_with_parent(parent: int) -> None:
    """Linux: SIGKILL this process when the server that started it dies (even by SIGKILL)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if parent and os.getppid() != parent:  # the server died before the line above took effect
        os._exit(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tutor.classroom.tab")
    parser.add_argument("--memory-mb", type=int, default=0)
    parser.add_argument("--cpu-seconds", type=int, default=0)
    parser.add_argument("--parent", type=int, default=0)
    parser.add_argument("app_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    die_with_parent(args.parent)
    apply_limits(args.memory_mb, args.cpu_seconds)
    os.environ[SERVED_ENV] = "1"
    app_args = args.app_args[1:] if args.app_args[:1] == ["--"] else args.app_args
    # exec, not import: the limits and the parent-death signal carry over, and the classroom layer
    # never imports the command line (import contracts in pyproject.toml).
    os.execv(sys.executable, [sys.executable, "-m", "tutor", *app_args])
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
