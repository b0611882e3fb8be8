"""Tab completion: programs, docker subcommands and flags, local images, registry repos, paths."""

from __future__ import annotations

import pytest

from tutor.sim.shell import Shell
from tutor.sim.world import World
from tutor.ui.completion import complete


@pytest.fixture
def world():
    world = World.default()
    shell = Shell(world)
    for line in (
        "docker build -t myapp1:1.0 ~/myapp1",
        "docker tag myapp1:1.0 localhost:5000/myapp1:1.0",
        "docker push localhost:5000/myapp1:1.0",
    ):
        assert shell.run(line).exit_code == 0
    return world


def test_first_word_completes_programs(world):
    assert complete("doc", world).candidates == ("docker",)
    assert {"cd", "cat", "clear", "curl"} <= set(complete("c", world).candidates)


def test_docker_subcommands_and_management_commands(world):
    assert complete("docker pu", world).candidates == ("pull", "push")
    assert complete("docker pu", world).common == "pu"
    assert "ls" in complete("docker image ", world).candidates
    assert complete("docker ima", world).candidates == ("image", "images")


def test_flags_of_the_command_being_typed(world):
    flags = complete("docker build --", world).candidates
    assert "--tag" in flags and "--file" in flags and "--help" in flags
    assert "-t" in complete("docker build -", world).candidates


def test_local_images_for_push_tag_rmi(world):
    assert complete("docker push loc", world).candidates == ("localhost:5000/myapp1:1.0",)
    assert complete("docker rmi my", world).candidates == ("myapp1:1.0",)
    # the tag target: a registry host prefix, or names already known
    assert "localhost:5000/" in complete("docker tag myapp1:1.0 ", world).candidates


def test_registry_repositories_and_hub_images_for_pull(world):
    candidates = complete("docker pull ", world).candidates
    assert "localhost:5000/myapp1" in candidates and "localhost:5000/myapp1:1.0" in candidates
    assert "ubuntu" in candidates and "python:3.12-slim" in candidates


def test_paths_for_build_and_cd(world):
    assert complete("docker build ~/myapp1", world).candidates[:2] == ("~/myapp1/", "~/myapp10/")
    assert complete("cd ~/myapp2", world).common == "~/myapp2"
    assert complete("cat ~/myapp1/D", world).candidates == ("~/myapp1/Dockerfile",)


def test_urls_for_curl(world):
    assert "http://localhost:5000/v2/myapp1/tags/list" in complete("curl http://localhost:5000/v2/m", world).candidates


def test_after_and_and_semicolon_a_new_command_starts(world):
    assert complete("cd ~ && doc", world).candidates == ("docker",)
    assert complete("ls; doc", world).candidates == ("docker",)


def test_nothing_to_offer_is_an_empty_tuple(world):
    assert complete("docker push zzz", world).candidates == ()
    assert complete("echo hel", world).candidates == ()
