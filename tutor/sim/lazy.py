"""Imports and regexes paid for on first use, not at start-up.

``registry-tutor shell`` answers its first command in a few milliseconds once its modules are loaded;
loading them is most of its start-up (benchmarks/bench_shell.py). What one command does not need
(the builder for ``docker images``, a reference grammar regex for ``ls``) waits here until used.
tests/test_startup_imports.py checks which modules the shell's first command loads.
"""

from __future__ import annotations

import re
import sys

__all__ = ["LazyModule", "LazyPattern", "import_module"]


def import_module(name: str):
    """``importlib.import_module`` for an absolute name, without importing ``importlib`` (start-up)."""
    module = sys.modules.get(name)
    if module is None:
        __import__(name)
        module = sys.modules[name]
    return module


class LazyModule:
    """Stands in for ``import NAME``: the module is imported on the first attribute read.

    ``builder = LazyModule("tutor.sim.builder")`` keeps ``builder.run_build(...)`` in function bodies
    as it was, and the module out of start-up until a build runs.
    """

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str):
        module = import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


class LazyPattern:
    """A ``re.compile(pattern, flags)`` compiled on first use.

    On first use the compiled pattern's methods (``match``, ``fullmatch``, ``sub``...) are stored on the
    instance, so later calls go straight to them (no wrapper on hot paths). Module-level regexes that a
    command may never need (the reference grammar is ~4 ms to compile) cost nothing until it runs.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self._source, self._flags)  # re's own cache makes repeats free

    def __getattr__(self, attr: str):
        compiled = self.compiled()
        value = getattr(compiled, attr)
        if not attr.startswith("__"):
            self.__dict__[attr] = value  # found directly from now on
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self._source!r})"
