"""`explain` after a failed command (issue 9, point 5): why Docker refused, in library words, and what works.

The error lines themselves are the simulator's (worded as in /work/shared/docker-reference, from
docker/cli cli/command/image/push.go, containerd's resolver and distribution/reference); these tests
check that `explain` retells them instead of saying "nothing to retell".
"""

from __future__ import annotations

from tutor.sim.shell import Shell
from tutor.sim.world import World


def explained(*lines: str) -> str:
    shell = Shell(World.default())
    shell.run("cd ~/myapp1")
    for line in lines:
        shell.run(line)
    return "\n".join(shell.run("explain").stdout)


def test_a_push_to_docker_hub_is_explained_with_the_fix():
    text = explained("docker build -q -t myapp1 .", "docker push myapp1")
    assert "`docker push myapp1` failed (exit status 1) and changed nothing." in text
    assert "It said: push access denied" in text
    assert "means Docker Hub: docker.io/library/myapp1" in text
    assert "`docker tag myapp1 localhost:5000/myapp1`" in text
    assert "nothing to retell" not in text


def test_a_pull_without_a_tag_explains_latest():
    text = explained(
        "docker build -q -t localhost:5000/myapp1:1.0 .",
        "docker push -q localhost:5000/myapp1:1.0",
        "docker pull localhost:5000/myapp1",
    )
    assert "no edition labelled `latest`" in text and "means `:latest`" in text
    assert "curl http://localhost:5000/v2/myapp1/tags/list" in text


def test_an_invalid_name_and_a_missing_image():
    assert "must be all lowercase" in explained("docker build -q -t myapp1 .", "docker tag myapp1 MyApp1")
    assert "Your laptop has no image under that name" in explained("docker tag nothing:1.0 x:1.0")
    assert "there is no `localhost:5000/x:1` here" in explained("docker push localhost:5000/x:1")


def test_an_unknown_program_and_an_unknown_error_still_get_an_answer():
    assert "`dockr` is not a program" in explained("dockr ps")
    text = explained("false")
    assert "`false` failed (exit status 1)" in text and "Read the error above" in text


def test_explain_after_success_still_narrates_events():
    text = explained("docker build -q -t myapp1 .")
    assert "was made on your laptop" in text and "failed" not in text


def test_explain_is_pure_and_repeatable():
    shell = Shell(World.default())
    shell.run("docker push myapp1")
    assert shell.run("explain").stdout == shell.run("explain").stdout  # explain does not explain itself


def test_a_capitalised_program_name_is_called_out():
    text = explained("Docker pull alpine")
    assert "Commands are case-sensitive: `Docker` is not `docker`." in text
    assert "`docker pull alpine`" in text
