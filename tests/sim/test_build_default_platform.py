"""DOCKER_DEFAULT_PLATFORM is `docker build`'s default --platform, as it is pull's, run's and create's
(tests/sim/test_fidelity_gaps2.py).

docker/buildx commands/build.go (v0.36.1, the same since v0.29), buildCmd:

    var platformsDefault []string
    if v := os.Getenv("DOCKER_DEFAULT_PLATFORM"); v != "" {
        platformsDefault = []string{v}
    }
    flags.StringArrayVar(&options.platforms, "platform", platformsDefault, "Set target platform for build")

so the variable is parsed exactly as a typed --platform (util/platformutil/parse.go Parse: comma lists,
"local", else containerd platforms.Parse, whose error buildx's main prints after "ERROR: "), and a typed
--platform replaces it (pflag's StringArray drops its default on the first Set).
"""

from __future__ import annotations

import pytest

from tutor.sim.shell import Shell
from tutor.sim.world import World

BUILD = "docker build -q -t myapp1 ~/myapp1"


def _run(line: str):
    return Shell(World.default()).run(line)


@pytest.mark.parametrize("platform", ["linux/arm64", "linux/amd64,linux/arm64", "windows/amd64"])
def test_the_variable_is_the_platform_flag_when_none_is_typed(platform: str) -> None:
    by_variable = _run(f"DOCKER_DEFAULT_PLATFORM={platform} {BUILD}")
    by_flag = _run(f"docker build -q --platform {platform} -t myapp1 ~/myapp1")
    assert by_variable.exit_code == by_flag.exit_code == 1
    assert by_variable.stderr == by_flag.stderr == [
        "registry-tutor: every simulated image is linux/amd64; other platforms are not simulated."
    ]


def test_an_exported_variable_applies_to_every_build_after_it() -> None:
    shell = Shell(World.default())
    assert shell.run("export DOCKER_DEFAULT_PLATFORM=linux/arm64").exit_code == 0
    assert shell.run(BUILD).exit_code == 1
    assert shell.run("unset DOCKER_DEFAULT_PLATFORM").exit_code == 0
    assert shell.run(BUILD).exit_code == 0


def test_an_invalid_value_is_refused_in_buildx_s_words() -> None:
    bad = _run(f"DOCKER_DEFAULT_PLATFORM=foo {BUILD}")
    assert bad.exit_code == 1
    assert bad.stderr == ['ERROR: "foo": unknown operating system or architecture: invalid argument']
    assert bad.stderr == _run("docker build -q --platform foo -t myapp1 ~/myapp1").stderr


@pytest.mark.parametrize("value", ["linux/amd64", "local", "LOCAL", ""])
def test_the_host_platform_local_or_an_empty_value_builds(value: str) -> None:
    done = _run(f"DOCKER_DEFAULT_PLATFORM={value} {BUILD}")
    assert done.exit_code == 0 and done.stderr == []
    assert done.stdout[0].startswith("sha256:")


def test_a_typed_platform_wins_over_the_variable() -> None:
    assert _run("DOCKER_DEFAULT_PLATFORM=linux/arm64 docker build -q --platform linux/amd64 -t a ~/myapp1").exit_code == 0
    wrong = _run("DOCKER_DEFAULT_PLATFORM=linux/amd64 docker build -q --platform foo -t a ~/myapp1")
    assert wrong.stderr == ['ERROR: "foo": unknown operating system or architecture: invalid argument']
