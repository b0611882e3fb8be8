"""Tab at the plain prompts (`shell`, `learn` on a terminal) completes from the simulated world.

Before, Tab there inserted a tab character, while the TUI's command line completed programs, docker
commands, images and paths (tutor.ui.completion). tutor/cli/line_editing.py gives readline the same
completion; every candidate comes from the world, never from the real disk.
"""

from __future__ import annotations

import os
import sys

import pytest

from tests.test_shell_cli import ROOT, _Terminal, shell_on_a_terminal
from tutor.cli.line_editing import completer_for
from tutor.sim.world import World


def _all(line: str, world) -> list[str]:
    completer = completer_for(lambda: world, lambda: line)
    found, state = [], 0
    while (word := completer(line.split(" ")[-1], state)) is not None:
        found.append(word)
        state += 1
    return found


def test_the_completer_offers_what_the_tui_does_from_the_world():
    world = World.default()
    assert _all("docker pu", world) == ["pull", "push"]
    assert _all("cat ~/myapp1/Dock", world) == ["~/myapp1/Dockerfile "]  # a whole word: a space follows
    assert _all("cd ~/myapp7", world) == ["~/myapp7/"]  # a folder: go on typing inside it
    assert _all(f"cat {ROOT}/READ", world) == []  # this checkout is on the real disk, not the simulated one


def test_a_completion_that_fails_is_none_not_a_traceback():
    def broken():
        raise RuntimeError("no world")

    assert completer_for(broken, lambda: "docker pu")("pu", 0) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pseudo-terminal")
def test_tab_completes_at_the_shell_prompt():
    pid, master = shell_on_a_terminal()
    read_until = _Terminal(master).until
    try:
        read_until(b"~ $ ")
        os.write(master, b"ech\thi-there\n")  # Tab: `ech` -> `echo `
        answer = read_until(b"~ $ ").decode()
        os.write(master, b"\x04")
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(master)
    assert "echo hi-there" in answer and "\nhi-there" in answer.replace("\r", "")
    assert os.waitstatus_to_exitcode(status) == 0
