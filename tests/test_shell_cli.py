"""`registry-tutor shell` as a real subprocess with piped stdin (design.md contract 2)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shell(stdin: str, *args: str, merge: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "tutor", "shell", *args],
        input=stdin,
        capture_output=not merge,
        stdout=subprocess.PIPE if merge else None,
        stderr=subprocess.STDOUT if merge else None,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def test_stdout_and_stderr_keep_their_order_on_one_pipe() -> None:
    proc = shell("echo one\nnope\necho two\ncat missing.txt\necho three\n", merge=True)
    assert proc.stdout.splitlines() == [
        "one",
        "bash: nope: command not found",
        "(registry-tutor simulates docker, curl and a few shell commands; type `help` for the list)",
        "two",
        "cat: missing.txt: No such file or directory",
        "three",
    ]


def test_errors_go_to_stderr_and_no_prompt_without_a_tty() -> None:
    proc = shell("cd myapp1\npwd\nls nope\n")
    assert proc.stdout == "/home/learner/myapp1\n"
    assert proc.stderr == "ls: cannot access 'nope': No such file or directory\n"
    assert "$ " not in proc.stdout


def test_exit_status_is_the_last_commands() -> None:
    assert shell("nope\necho fine\n").returncode == 0
    assert shell("echo fine\nnope\n").returncode == 127
    assert shell("echo fine\ncat missing\n\n# a comment\n").returncode == 1


def test_command_not_found_is_127() -> None:
    proc = shell("frobnicate --now\n")
    assert proc.returncode == 127
    assert proc.stderr.splitlines()[0] == "bash: frobnicate: command not found"


def test_exit_ends_the_session() -> None:
    proc = shell("echo a\nexit 3\necho never\n")
    assert proc.stdout == "a\n"
    assert proc.returncode == 3


def test_state_carries_from_line_to_line() -> None:
    proc = shell("cd ~/myapp2\necho 'print(\"v2\")' >> app.py\ncat app.py\n")
    assert proc.stdout.splitlines() == ['print("Hello from myapp2, version 1.0")', 'print("v2")']
    assert proc.returncode == 0


def test_nothing_typed_touches_the_real_disk(tmp_path: Path) -> None:
    target = tmp_path / "should-not-exist.txt"
    proc = shell(f"echo hi > {target}\nmkdir -p {tmp_path}/sub\n")
    assert not target.exists()
    assert not (tmp_path / "sub").exists()
    assert proc.stderr.startswith(f"bash: {target}: No such file or directory")


def test_missing_world_file_is_one_clear_line(tmp_path: Path) -> None:
    proc = shell("echo hi\n", "--world", str(tmp_path / "none.json"))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1
    assert "none.json" in proc.stderr and "No such file" in proc.stderr


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"format": 999}', '{"format": 1}'])
def test_corrupt_world_file_is_one_clear_line(tmp_path: Path, content: str) -> None:
    path = tmp_path / "world.json"
    path.write_text(content, encoding="utf-8")
    proc = shell("echo hi\n", "--world", str(path))
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stderr
    assert "world.json" in proc.stderr


def test_a_saved_world_loads(tmp_path: Path) -> None:
    from tutor.sim.world import World

    world = World.default()
    world.machine.fs.write("/home/learner/saved.txt", "from a saved world\n")
    world.machine.cwd = "/home/learner/myapp5"
    path = tmp_path / "world.json"
    path.write_text(json.dumps(world.to_dict()), encoding="utf-8")
    proc = shell("pwd\ncat ~/saved.txt\n", "--world", str(path))
    assert proc.stdout.splitlines() == ["/home/learner/myapp5", "from a saved world"]
    assert proc.returncode == 0


def test_syntax_error_exit_status_and_carrying_on() -> None:
    proc = shell("&& ls\n")
    assert proc.returncode == 2
    assert proc.stderr == "bash: syntax error near unexpected token `&&'\n"
    proc = shell("echo 'open\necho after\n")
    assert "unexpected EOF while looking for matching `''" in proc.stderr
    assert proc.stdout == "after\n"


def test_shell_does_not_import_textual_or_rich() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tutor", "shell"],
        input="echo hi\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert proc.stdout == "hi\n"
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert "textual" not in imported
    assert "rich" not in imported


def test_unicode_and_odd_bytes_do_not_crash() -> None:
    proc = shell("echo héllo ✓ 😀\necho $'\\x00'\n")
    assert proc.stdout.splitlines()[0] == "héllo ✓ 😀"
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_exits_130_without_a_traceback() -> None:
    import signal

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor", "shell"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("echo ready\n")
        proc.stdin.flush()
        assert proc.stdout.readline() == "ready\n"  # the shell is up and waiting for the next line
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "Traceback" not in err


class _Terminal:
    """The master side of a pseudo-terminal: ``until(marker)`` reads up to the marker, returns what came before."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.seen = b""

    def until(self, marker: bytes) -> bytes:
        import select

        while marker not in self.seen:
            ready, _, _ = select.select([self.master], [], [], 30)
            assert ready, f"timed out waiting for {marker!r}; saw {self.seen!r}"
            try:
                chunk = os.read(self.master, 1024)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk
        before, _, self.seen = self.seen.partition(marker)
        return before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pseudo-terminal")
def test_prompt_only_on_a_terminal() -> None:
    import pty

    env = dict(os.environ, PYTHONPATH=str(ROOT), TERM="dumb")
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor", "shell"], stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env
    )
    os.close(slave)
    read_until = _Terminal(master).until

    try:
        read_until(b"~ $ ")
        os.write(master, b"cd myapp1\n")
        read_until(b"~/myapp1 $ ")
        os.write(master, b"exit 4\n")
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert proc.returncode == 4


def shell_on_a_terminal() -> tuple[int, int]:
    """(pid, terminal fd) of `registry-tutor shell` reading a pseudo-terminal (readline, as a learner types)."""
    import pty

    pid, master = pty.fork()
    if pid == 0:
        # as a login shell would start it, whatever the test runner did to its own signals before forking
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "tutor", "shell"],
                  dict(os.environ, PYTHONPATH=str(ROOT), TERM="dumb"))
    return pid, master


def _wait_reading_the_terminal(pid: int) -> None:
    """Until the shell sleeps in readline's select() on the terminal, as it is when a learner presses ^C.

    The echo of the last key is written before readline goes back to select(); CPython looks at a SIGINT
    that arrives in between only when the next key comes (Modules/readline.c checks signals on EINTR), so
    a ^C sent right after the echo, on a loaded machine, waits for a key this test never types.
    """
    import time

    for _ in range(3000):
        with open(f"/proc/{pid}/wchan") as wchan:
            waiting_in = wchan.read()
        if "poll" in waiting_in or "select" in waiting_in:
            return
        time.sleep(0.01)
    raise AssertionError("the shell never went back to reading the terminal")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pseudo-terminal")
def test_ctrl_c_drops_the_line_being_typed_and_keeps_the_world_then_ctrl_d_ends() -> None:
    """As bash does at its prompt: ^C discards the typed line ($? becomes 130), ^D on an empty line exits."""
    pid, master = shell_on_a_terminal()
    read_until = _Terminal(master).until

    try:
        read_until(b"~ $ ")
        os.write(master, b"docker build -q -t myapp1 ~/myapp1\n")
        read_until(b"~ $ ")
        os.write(master, b"docker rmi myapp1")  # typed, not entered ...
        read_until(b"docker rmi myapp1")
        _wait_reading_the_terminal(pid)
        os.kill(pid, signal.SIGINT)  # ... and cancelled: the SIGINT a terminal's ^C sends its foreground job
        read_until(b"~ $ ")
        os.write(master, b"echo $?; docker images --format '{{.Repository}}:{{.Tag}}'\n")
        answer = read_until(b"~ $ ").decode()
        os.write(master, b"\x04")
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(master)
    assert "130" in answer and "myapp1:latest" in answer  # the image was not removed: the world is kept
    assert "Traceback" not in answer
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.parametrize("collecting", [True, False])
def test_the_shell_leaves_the_cycle_collector_as_it_found_it(monkeypatch, capsys, tmp_path: Path,
                                                             collecting: bool) -> None:
    """run_shell pauses the collector while the simulator loads (start-up), then turns it back on only if
    it was on: after a session, after a bad world file, in the caller's process."""
    import gc
    import io

    from tutor.cli.shell import run_shell

    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        monkeypatch.setattr(sys, "stdin", io.StringIO("docker images\necho hi\n"))
        assert run_shell() == 0
        assert capsys.readouterr().out.splitlines()[-1] == "hi"
        assert gc.isenabled() is collecting
        assert run_shell(world_file=str(tmp_path / "missing.json")) == 2
        assert gc.isenabled() is collecting
    finally:
        gc.unfreeze()  # run_shell froze what existed (this test process's objects)
        (gc.enable if was else gc.disable)()
