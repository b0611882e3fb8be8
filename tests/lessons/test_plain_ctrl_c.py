"""Ctrl-C in `registry-tutor learn`: the lesson stops as `quit` does (progress kept, the way back printed),
no traceback, and the command exits 130 (128 + SIGINT, what a shell and Python's own default report).

Before, Ctrl-C at a terminal prompt left with status 0, as if the learner had typed `quit`, and Ctrl-C at
a piped prompt or while a command ran escaped the runner.
"""

from __future__ import annotations

import io
import os
import sys

import pytest

from tests.lessons import test_session
from tests.lessons.conftest import REPO
from tests.stdin import TypedThenCtrlC
from tutor.cli import main


@pytest.fixture
def pack(tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("COLUMNS", raising=False)
    folder = tmp_path / "notes-pack"
    folder.mkdir()
    (folder / "notes.yaml").write_text(test_session.NOTES, encoding="utf-8")
    return folder


def test_ctrl_c_at_a_prompt_keeps_the_work_done_and_exits_130(pack, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", TypedThenCtrlC("echo hello > a.txt\n"))
    assert main(["learn", "--pack", str(pack), "notes"]) == 130
    out, err = capsys.readouterr()
    assert "✓ Goal reached!" in out
    assert out.rstrip().endswith(f"Progress saved. To continue: registry-tutor learn --pack {pack} notes")
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err

    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # the next start resumes after the task done
    assert main(["learn", "--pack", str(pack)]) == 0
    assert "(Resuming where you left off: step 3 of 5.)" in capsys.readouterr().out


def test_ctrl_c_while_a_command_runs_leaves_the_same_way(pack, capsys, monkeypatch):
    from tutor.lessons.session import LessonSession

    def interrupted(self, line):
        raise KeyboardInterrupt

    monkeypatch.setattr(LessonSession, "run", interrupted)
    monkeypatch.setattr("sys.stdin", io.StringIO("echo hello > a.txt\n"))
    assert main(["learn", "--pack", str(pack), "notes"]) == 130
    out, err = capsys.readouterr()
    assert "Progress saved. To continue:" in out and "Traceback" not in out + err


def test_quit_and_end_of_input_still_exit_0(pack, capsys, monkeypatch):
    for typed in ("quit\n", ""):
        monkeypatch.setattr("sys.stdin", io.StringIO(typed))
        assert main(["learn", "--pack", str(pack), "notes"]) == 0
        assert "Progress saved." in capsys.readouterr().out


def _wait_reading_the_terminal(pid: int) -> None:
    """Until the learner's process sleeps reading the terminal, as it is when a learner presses ^C.

    As in tests/test_shell_cli.py: a SIGINT that arrives after the prompt is written but before the process
    blocks in its read is looked at only when the next key comes. Rich's ``Console.input`` calls ``input()``;
    with readline it sleeps in select()/poll(), without it in the terminal driver's read (``wait_woken``).
    """
    import time

    for _ in range(3000):
        with open(f"/proc/{pid}/wchan") as wchan:
            waiting_in = wchan.read()
        if any(word in waiting_in for word in ("poll", "select", "wait_woken")):
            return
        time.sleep(0.01)
    raise AssertionError(f"learn never went back to reading the terminal (it waits in {waiting_in!r})")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pseudo-terminal and /proc")
def test_ctrl_c_at_a_terminal_prompt_exits_130_and_the_lesson_resumes(pack, tmp_path):
    import pty
    import signal  # imported here, not in the forked child

    from tests.test_shell_cli import _Terminal

    data = tmp_path / "data"
    pid, master = pty.fork()  # the child reads a real terminal (Rich's input(), readline), as a learner types
    if pid == 0:
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # as a shell starts it, whatever the test runner did
        os.chdir(REPO)
        os.execve(sys.executable, [sys.executable, "-m", "tutor", "learn", "--pack", str(pack), "notes"],
                  dict(os.environ, PYTHONPATH=str(REPO), TERM="dumb", REGISTRY_TUTOR_DATA=str(data),
                       NO_COLOR="1"))
    read_until = _Terminal(master).until
    try:
        read_until(b"(Enter to continue) ")
        os.write(master, b"\n")
        read_until(b"$ ")
        os.write(master, b"echo hello > a.txt\n")
        read_until(b"Well done.")
        read_until(b"Your answer (number or text): ")
        _wait_reading_the_terminal(pid)
        os.kill(pid, signal.SIGINT)  # what a terminal's ^C sends its foreground job
        after = read_until(f"registry-tutor learn --pack {pack} notes".encode()).decode()
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(master)
    assert "Progress saved. To continue:" in after and "Traceback" not in after
    assert os.waitstatus_to_exitcode(status) == 130

    from tests.lessons.test_plain import learn

    again = learn("learn", "--pack", str(pack), stdin="", data=data)  # the answer-less quiz is where it resumes
    assert "(Resuming where you left off: step 3 of 5.)" in again.stdout
