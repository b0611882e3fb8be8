"""The article's story, end to end through the simulated shell, in both engine profiles.

25 apps pushed to localhost:5000; versions 1.0/2.0/3.0 of myapp1; `latest` kept by hand; what a
teammate's `docker pull` gets; layers reused and mounted; one manifest in two repositories.

These need `docker build` and `docker tag` (tutor/sim/shell/docker/images.py); the module is skipped
until they are registered.
"""

from __future__ import annotations

import re

import pytest

from tutor.sim import events as ev
from tutor.sim.result import Result
from tutor.sim.shell import Shell
from tutor.sim.world import World

PROFILES = ["current", "classic"]
REG = "localhost:5000"
TEAM = "registry.team.lan:5000"
DIGEST_LINE = re.compile(r"^(?P<tag>\S+): digest: (?P<digest>sha256:[0-9a-f]{64}) size: \d+$")


def ok(shell: Shell, line: str) -> Result:
    result = shell.run(line)
    assert result.exit_code == 0, f"{line}\n{result.text}"
    return result


def build(shell: Shell, n: int, tag: str, host: str = "localhost:5000") -> Result:
    return ok(shell, f"cd ~/myapp{n} && docker build -t {host}/myapp{n}:{tag} .")


def edit(shell: Shell, n: int, text: str) -> None:
    ok(shell, f"cd ~/myapp{n} && echo 'print(\"{text}\")' >> app.py")


def pushed_digest(result: Result) -> str:
    matches = [m for line in result.stdout if (m := DIGEST_LINE.match(line))]
    assert len(matches) == 1, result.text
    return matches[0]["digest"]


def registry_tags(world: World, repo: str, host: str = REG) -> dict[str, str]:
    return dict(world.registry(host).repository(repo).tags)


def team_world(profile: str) -> World:
    """Flows with a teammate use a team registry reached by host name (over TLS): the teammate's
    `localhost` is their own laptop, so the laptop's localhost:5000 is not shared with them."""
    world = World.default(profile)
    world.add_team_registry(tls=True)
    return world


def as_teammate(world: World) -> None:
    if "teammate" not in world.machines:
        world.add_machine("teammate")
    world.current = "teammate"


@pytest.mark.parametrize("profile", PROFILES)
def test_twenty_five_apps_become_twenty_five_repositories(profile: str) -> None:
    world = World.default(profile)
    shell = Shell(world)
    for n in range(1, 26):
        build(shell, n, "1.0")
        ok(shell, f"docker push localhost:5000/myapp{n}:1.0")
    catalog = world.registry(REG).catalog()
    assert catalog == sorted(f"myapp{n}" for n in range(1, 26))
    assert len(catalog) == 25
    for n in range(1, 26):
        assert list(registry_tags(world, f"myapp{n}")) == ["1.0"]


@pytest.mark.parametrize("profile", PROFILES)
def test_versions_and_latest_kept_by_hand(profile: str) -> None:
    world = team_world(profile)
    shell = Shell(world)
    build(shell, 1, "1.0", TEAM)
    v1 = pushed_digest(ok(shell, "docker push registry.team.lan:5000/myapp1:1.0"))

    # Nobody pushed `latest`, so pulling the bare name fails.
    as_teammate(world)
    r = shell.run("docker pull registry.team.lan:5000/myapp1")
    assert r.exit_code == 1
    assert r.stdout == ["Using default tag: latest"]
    if profile == "classic":
        expected = "manifest for registry.team.lan:5000/myapp1:latest not found: manifest unknown: manifest unknown"
    else:
        expected = 'failed to resolve reference "registry.team.lan:5000/myapp1:latest": registry.team.lan:5000/myapp1:latest: not found'
    assert r.stderr == [f"Error response from daemon: {expected}"]

    # `latest` is maintained by hand: tag it, push it.
    world.current = "laptop"
    ok(shell, "docker tag registry.team.lan:5000/myapp1:1.0 registry.team.lan:5000/myapp1:latest")
    assert pushed_digest(ok(shell, "docker push registry.team.lan:5000/myapp1:latest")) == v1
    as_teammate(world)
    r = ok(shell, "docker pull registry.team.lan:5000/myapp1")
    assert f"Digest: {v1}" in r.stdout
    assert r.stdout[-1] == "registry.team.lan:5000/myapp1:latest"

    # 2.0 and 3.0: edit app.py between builds; pushing them leaves `latest` where it was.
    world.current = "laptop"
    edit(shell, 1, "version 2.0")
    build(shell, 1, "2.0", TEAM)
    v2 = pushed_digest(ok(shell, "docker push registry.team.lan:5000/myapp1:2.0"))
    edit(shell, 1, "version 3.0")
    build(shell, 1, "3.0", TEAM)
    r = ok(shell, "docker push registry.team.lan:5000/myapp1:3.0")
    v3 = pushed_digest(r)
    assert len({v1, v2, v3}) == 3
    assert not any(isinstance(e, ev.RegistryTagMoved) for e in r.events)
    assert registry_tags(world, "myapp1", TEAM) == {"1.0": v1, "latest": v1, "2.0": v2, "3.0": v3}

    as_teammate(world)
    assert f"Digest: {v1}" in ok(shell, "docker pull registry.team.lan:5000/myapp1").stdout  # still 1.0

    # Moving `latest` takes a tag and a push.
    world.current = "laptop"
    ok(shell, "docker tag registry.team.lan:5000/myapp1:3.0 registry.team.lan:5000/myapp1:latest")
    r = ok(shell, "docker push registry.team.lan:5000/myapp1:latest")
    assert ev.RegistryTagMoved(TEAM, "myapp1", "latest", v1, v3) in r.events
    assert not any(isinstance(e, ev.ManifestUntagged) for e in r.events)  # 1.0 still names it
    as_teammate(world)
    r = ok(shell, "docker pull registry.team.lan:5000/myapp1")
    assert f"Digest: {v3}" in r.stdout
    assert "Status: Downloaded newer image for registry.team.lan:5000/myapp1:latest" in r.stdout


@pytest.mark.parametrize("profile", PROFILES)
def test_moved_latest_leaves_the_old_manifest_untagged_but_pullable_by_digest(profile: str) -> None:
    world = team_world(profile)
    shell = Shell(world)
    build(shell, 1, "latest", TEAM)
    old = pushed_digest(ok(shell, "docker push registry.team.lan:5000/myapp1:latest"))
    edit(shell, 1, "a fix")
    build(shell, 1, "latest", TEAM)
    r = ok(shell, "docker push registry.team.lan:5000/myapp1")
    new = pushed_digest(r)
    assert old != new
    assert ev.RegistryTagMoved(TEAM, "myapp1", "latest", old, new) in r.events
    assert ev.ManifestUntagged(TEAM, "myapp1", old) in r.events
    assert world.registry(TEAM).repository("myapp1").untagged() == [old]

    as_teammate(world)
    r = ok(shell, f"docker pull registry.team.lan:5000/myapp1@{old}")
    assert r.stdout[0] == f"registry.team.lan:5000/myapp1@{old}: Pulling from myapp1"
    assert f"Status: Downloaded newer image for registry.team.lan:5000/myapp1@{old}" in r.stdout
    assert f"Digest: {new}" in ok(shell, "docker pull registry.team.lan:5000/myapp1").stdout


@pytest.mark.parametrize("profile", PROFILES)
def test_second_push_finds_layers_already_there(profile: str) -> None:
    world = World.default(profile)
    shell = Shell(world)
    build(shell, 1, "1.0")
    first = ok(shell, "docker push localhost:5000/myapp1:1.0")
    assert any(line.endswith(": Pushed") for line in first.stdout)
    again = ok(shell, "docker push localhost:5000/myapp1:1.0")
    layer_lines = again.stdout[1:-1]
    # moby daemon/containerd/progress.go: "Layer already exists" for layer media types, "Already exists"
    # for the attestation's in-toto statement and empty config (containerd keeps an attested build)
    assert layer_lines and all(line.endswith((": Layer already exists", ": Already exists")) for line in layer_lines)
    assert sum(line.endswith(": Already exists") for line in layer_lines) == (0 if profile == "classic" else 2)
    assert pushed_digest(first) == pushed_digest(again)


@pytest.mark.parametrize("profile", PROFILES)
def test_myapp2_mounts_the_shared_base_layers_from_myapp1(profile: str) -> None:
    world = World.default(profile)
    shell = Shell(world)
    build(shell, 1, "1.0")
    ok(shell, "docker push localhost:5000/myapp1:1.0")
    build(shell, 2, "1.0")
    r = ok(shell, "docker push localhost:5000/myapp2:1.0")
    layer_lines = r.stdout[1:-1]
    assert any(line.endswith(": Mounted from myapp1") for line in layer_lines), r.text
    assert any(line.endswith(": Pushed") for line in layer_lines), r.text  # myapp2's own files
    assert any(isinstance(e, ev.BlobMounted) and e.source == "myapp1" for e in r.events)


@pytest.mark.parametrize("profile", PROFILES)
def test_one_manifest_digest_in_two_repositories(profile: str) -> None:
    world = World.default(profile)
    shell = Shell(world)
    build(shell, 1, "1.0")
    ok(shell, "docker tag localhost:5000/myapp1:1.0 localhost:5000/team/myapp1:1.0")
    a = pushed_digest(ok(shell, "docker push localhost:5000/myapp1:1.0"))
    b = pushed_digest(ok(shell, "docker push localhost:5000/team/myapp1:1.0"))
    assert a == b
    assert world.registry(REG).catalog() == ["myapp1", "team/myapp1"]
