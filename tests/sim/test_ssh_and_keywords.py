"""Two machines sharing a registry (`ssh` to a teammate's laptop), and bash syntax the shell refuses."""

from __future__ import annotations

from tutor.sim.shell import Shell
from tutor.sim.world import World


def make_shell() -> Shell:
    world = World.default()
    world.add_machine("teammate")
    return Shell(world)


def test_ssh_moves_the_shell_to_the_other_machine_and_exit_comes_back() -> None:
    shell = make_shell()
    assert shell.run("docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1").ok
    assert shell.run("docker push -q localhost:5000/myapp1:1.0").ok
    assert shell.run("ssh teammate").ok
    assert shell.prompt == "teammate:~ $ "
    # the teammate's laptop has no images of its own, and its `localhost` is itself: the laptop's
    # registry at localhost:5000 is not reachable from there (see test_localhost_per_machine.py)
    assert "myapp1" not in shell.run("docker images").text
    pulled = shell.run("docker pull localhost:5000/myapp1:1.0")
    assert pulled.exit_code == 1 and "connect: connection refused" in pulled.stderr[0]
    left = shell.run("exit")
    assert left.stdout == ["logout"] and left.stderr == ["Connection to teammate closed."]
    assert shell.prompt == "~ $ " and shell.exit_requested is None


def test_ssh_to_an_unknown_host_fails_as_openssh_does() -> None:
    shell = make_shell()
    result = shell.run("ssh bob@buildserver")
    assert result.exit_code == 255
    assert result.stderr == ["ssh: Could not resolve hostname buildserver: Name or service not known"]
    assert "teammate" in shell.run("ssh").text


def test_a_loop_is_refused_once_for_the_whole_line() -> None:
    result = make_shell().run("for i in 1 2; do echo $i; done")
    assert result.exit_code == 2
    assert len(result.stderr) == 1 and "`for` is bash syntax this simulator does not run" in result.stderr[0]
    assert result.stdout == []
