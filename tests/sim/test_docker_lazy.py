"""The docker command table loads each command's module on first use (fast `registry-tutor shell` start).

tests/test_startup_imports.py runs the commands in fresh interpreters; these check the static table.
"""

from __future__ import annotations

import re

from tutor.sim.lazy import LazyModule, LazyPattern
from tutor.sim.shell import docker


def test_the_static_table_names_every_registered_command_and_its_module() -> None:
    table = docker.command_table()
    assert list(table) == list(docker.COMMAND_MODULES)  # same paths, in the table's order
    for path, command in table.items():
        assert command.handler.__module__ == f"tutor.sim.shell.docker.{docker.COMMAND_MODULES[path]}", path


def test_a_lazy_pattern_matches_as_the_compiled_one() -> None:
    lazy = LazyPattern(r"([a-z]+):([0-9]+)")
    plain = re.compile(r"([a-z]+):([0-9]+)")
    assert lazy.fullmatch("abc:12").groups() == plain.fullmatch("abc:12").groups()
    assert lazy.fullmatch("ABC:12") is None
    assert lazy.sub(r"\2", "a:1 b:2") == "1 2"
    assert lazy.pattern == plain.pattern


def test_a_lazy_module_imports_on_first_read() -> None:
    module = LazyModule("tutor.sim.globmatch")
    from tutor.sim import globmatch

    assert module.compile_glob is globmatch.compile_glob
