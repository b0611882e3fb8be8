"""docker push / pull / login / logout / manifest inspect, in both engine profiles, with exact output.

Local images are set up through the model (``make_image`` + ``ImageStore``), so these tests do not
depend on ``docker build``; the end-to-end article flows live in test_article_flows.py.
"""

from __future__ import annotations

import base64
import json

import pytest

import tutor.sim.shell.docker as docker_cli
from tutor.sim import events as ev
from tutor.sim import reference
from tutor.sim.content import Image, Layer, make_image, short
from tutor.sim.hub import official_image
from tutor.sim.result import Result
from tutor.sim.shell import Shell
from tutor.sim.world import World

PROFILES = ["current", "classic"]
REG = "localhost:5000"
TEAM = "registry.team.lan:5000"  # World.add_team_registry: every machine reaches it
BASE = official_image("library/python")  # python:3.12-slim, as every app's Dockerfile starts FROM it

HUB_DENIED_CONTAINERD = (
    "push access denied, repository does not exist or may require authorization: "
    "server message: insufficient_scope: authorization failed"
)
HUB_DENIED_CLASSIC = "denied: requested access to the resource is denied"


@pytest.fixture(autouse=True)
def _all_docker_commands() -> None:
    # Load every command module through the dispatcher before anything imports one module directly.
    docker_cli.command_table()


def transfer():
    from tutor.sim.shell.docker import push_pull as module

    return module


# --- helpers ------------------------------------------------------------------------


def app_image(world: World, n: int, version: str = "1.0") -> Image:
    """myappN as `docker build` would roughly make it: python:3.12-slim's layers plus one app layer."""
    layers = BASE.layers + (Layer.from_description({"app": n, "version": version}, 1_000 + n),)
    config = {"architecture": "amd64", "os": "linux", "config": {"Cmd": ["python", "app.py"]}}
    return make_image(layers=layers, config=config, created=world.clock, classic=world.profile == "classic")


def add_local(world: World, name: str, tag: str, image: Image) -> Image:
    store = world.machine.store
    store.add_image(image, world.clock)
    store.set_tag(reference.parse(name).name, tag, image.manifest_digest)
    return image


def make(profile: str, *apps: int, host: str = "localhost:5000") -> tuple[Shell, World, dict[int, Image]]:
    world = World.default(profile)
    world.add_team_registry(tls=True)
    images = {n: add_local(world, f"{host}/myapp{n}", "1.0", app_image(world, n)) for n in apps}
    return Shell(world), world, images


def push_ids(image: Image, classic: bool) -> list[str]:
    return [short(layer.diff_id if classic else layer.digest) for layer in reversed(image.layers)]


def pushed_lines(image: Image, classic: bool, status: list[str] | str) -> list[str]:
    ids = push_ids(image, classic)
    statuses = status if isinstance(status, list) else [status] * len(ids)
    return [f"{i}: {s}" for i, s in zip(ids, statuses, strict=True)]


def digest_line(tag: str, image: Image) -> str:
    return f"{tag}: digest: {image.manifest_digest} size: {image.manifest_size}"


def kinds(result: Result) -> list[str]:
    return [e.kind for e in result.events]


# --- docker push ---------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_first_push_creates_repository_and_pushes_every_layer(profile: str) -> None:
    shell, world, images = make(profile, 1)
    classic = profile == "classic"
    r = shell.run("docker push localhost:5000/myapp1:1.0")
    assert r.exit_code == 0
    assert r.stderr == []
    assert r.stdout == [
        "The push refers to repository [localhost:5000/myapp1]",
        *pushed_lines(images[1], classic, "Pushed"),
        digest_line("1.0", images[1]),
    ]
    assert ev.RepositoryCreated(REG, "myapp1") in r.events
    assert ev.RegistryTagAdded(REG, "myapp1", "1.0", images[1].manifest_digest) in r.events
    registry = world.registry(REG)
    assert registry.catalog() == ["myapp1"]
    assert registry.repository("myapp1").tags == {"1.0": images[1].manifest_digest}
    assert all(registry.blob_in("myapp1", blob) for blob in images[1].blob_digests())
    # graphdriver records a RepoDigest after a push; the containerd store derives them instead
    has_digest_ref = f"{REG}/myapp1@{images[1].manifest_digest}" in world.machine.store.digest_refs
    assert has_digest_ref == classic


@pytest.mark.parametrize("profile", PROFILES)
def test_second_push_finds_every_layer_already_there(profile: str) -> None:
    shell, world, images = make(profile, 1)
    shell.run("docker push localhost:5000/myapp1:1.0")
    r = shell.run("docker push localhost:5000/myapp1:1.0")
    assert r.stdout == [
        "The push refers to repository [localhost:5000/myapp1]",
        *pushed_lines(images[1], profile == "classic", "Layer already exists"),
        digest_line("1.0", images[1]),
    ]
    assert "RepositoryCreated" not in kinds(r)
    assert "RegistryTagMoved" not in kinds(r)
    assert kinds(r).count("BlobSkipped") == len(images[1].blob_digests())


@pytest.mark.parametrize("profile", PROFILES)
def test_shared_base_layers_are_mounted_from_the_other_repository(profile: str) -> None:
    shell, world, images = make(profile, 1, 2)
    shell.run("docker push localhost:5000/myapp1:1.0")
    r = shell.run("docker push localhost:5000/myapp2:1.0")
    base = ["Mounted from myapp1"] * len(BASE.layers)
    assert r.stdout == [
        "The push refers to repository [localhost:5000/myapp2]",
        *pushed_lines(images[2], profile == "classic", ["Pushed", *base]),
        digest_line("1.0", images[2]),
    ]
    mounted = [e for e in r.events if isinstance(e, ev.BlobMounted)]
    assert {e.digest for e in mounted} == {layer.digest for layer in BASE.layers}
    assert all(e.source == "myapp1" for e in mounted)


@pytest.mark.parametrize("profile", PROFILES)
def test_mount_needs_the_source_to_still_hold_the_blob(profile: str) -> None:
    shell, world, images = make(profile, 1, 2)
    shell.run("docker push localhost:5000/myapp1:1.0")
    for repo in world.registry(REG).repositories.values():
        repo.blobs.clear()  # as if garbage collection had swept them
    r = shell.run("docker push localhost:5000/myapp2:1.0")
    assert r.stdout[1:-1] == pushed_lines(images[2], profile == "classic", "Pushed")


@pytest.mark.parametrize("profile", PROFILES)
def test_no_mount_across_registries(profile: str) -> None:
    shell, world, images = make(profile, 1)
    world.machine.store.note_blob_source(BASE.layers[0].digest, "docker.io", "library/python")
    r = shell.run("docker push localhost:5000/myapp1:1.0")
    assert "Mounted from" not in r.text


@pytest.mark.parametrize("profile", PROFILES)
def test_same_image_pushed_to_two_repositories_has_one_manifest_digest(profile: str) -> None:
    shell, world, images = make(profile, 1)
    add_local(world, f"{REG}/shared", "1.0", images[1])
    a = shell.run("docker push localhost:5000/myapp1:1.0")
    b = shell.run("docker push localhost:5000/shared:1.0")
    assert a.stdout[-1] == b.stdout[-1] == digest_line("1.0", images[1])


@pytest.mark.parametrize("profile", PROFILES)
def test_repushing_a_tag_moves_it_and_untags_the_old_manifest(profile: str) -> None:
    shell, world, images = make(profile, 1)
    shell.run("docker push localhost:5000/myapp1:1.0")
    v2 = add_local(world, f"{REG}/myapp1", "1.0", app_image(world, 1, "2.0"))
    r = shell.run("docker push localhost:5000/myapp1:1.0")
    old, new = images[1].manifest_digest, v2.manifest_digest
    assert ev.RegistryTagMoved(REG, "myapp1", "1.0", old, new) in r.events
    assert ev.ManifestUntagged(REG, "myapp1", old) in r.events
    repo = world.registry(REG).repository("myapp1")
    assert repo.tags == {"1.0": new}
    assert repo.untagged() == [old]
    assert r.stdout[-1] == digest_line("1.0", v2)
    assert r.stdout[1] == f"{push_ids(v2, profile == 'classic')[0]}: Pushed"  # only the new app layer


@pytest.mark.parametrize("profile", PROFILES)
def test_moving_a_tag_that_another_tag_shares_untags_nothing(profile: str) -> None:
    shell, world, images = make(profile, 1)
    add_local(world, f"{REG}/myapp1", "latest", images[1])
    shell.run("docker push localhost:5000/myapp1:1.0")
    shell.run("docker push localhost:5000/myapp1:latest")
    add_local(world, f"{REG}/myapp1", "latest", app_image(world, 1, "2.0"))
    r = shell.run("docker push localhost:5000/myapp1")
    assert r.stdout[0] == "Using default tag: latest"
    assert "RegistryTagMoved" in kinds(r)
    assert "ManifestUntagged" not in kinds(r)  # 1.0 still names the old manifest


@pytest.mark.parametrize("profile", PROFILES)
def test_push_without_tag_uses_latest_only(profile: str) -> None:
    shell, world, images = make(profile, 1)
    add_local(world, f"{REG}/myapp1", "latest", images[1])
    r = shell.run("docker push localhost:5000/myapp1")
    assert r.stdout[:2] == [
        "Using default tag: latest",
        "The push refers to repository [localhost:5000/myapp1]",
    ]
    assert r.stdout[-1] == digest_line("latest", images[1])
    assert world.registry(REG).repository("myapp1").tags == {"latest": images[1].manifest_digest}


@pytest.mark.parametrize("profile", PROFILES)
def test_push_missing_tag_when_the_repository_has_other_tags(profile: str) -> None:
    shell, world, _ = make(profile, 1)
    r = shell.run("docker push localhost:5000/myapp1")
    assert r.exit_code == 1
    assert r.stdout == ["Using default tag: latest", "The push refers to repository [localhost:5000/myapp1]"]
    assert r.stderr == ["tag does not exist: localhost:5000/myapp1:latest"]  # no daemon prefix: mid-stream
    assert r.events == []
    assert world.registry(REG).catalog() == []


def test_push_missing_repository_containerd() -> None:
    shell, world, _ = make("current")
    r = shell.run("docker push localhost:5000/myapp1:2.0")
    assert r.stdout == ["The push refers to repository [localhost:5000/myapp1]"]
    assert r.stderr == ["tag does not exist: localhost:5000/myapp1:2.0"]
    assert r.exit_code == 1


def test_push_missing_repository_classic() -> None:
    shell, world, _ = make("classic")
    r = shell.run("docker push localhost:5000/myapp1:2.0")
    assert r.stdout == ["The push refers to repository [localhost:5000/myapp1]"]
    assert r.stderr == ["An image does not exist locally with the tag: localhost:5000/myapp1"]
    assert r.exit_code == 1


@pytest.mark.parametrize("profile", PROFILES)
def test_push_all_tags_in_sorted_order(profile: str) -> None:
    shell, world, images = make(profile, 1)
    v2 = add_local(world, f"{REG}/myapp1", "2.0", app_image(world, 1, "2.0"))
    add_local(world, f"{REG}/myapp1", "latest", v2)
    r = shell.run("docker push -a localhost:5000/myapp1")
    assert r.exit_code == 0
    assert r.stdout[0] == "The push refers to repository [localhost:5000/myapp1]"
    assert [line for line in r.stdout if ": digest: " in line] == [
        digest_line("1.0", images[1]),
        digest_line("2.0", v2),
        digest_line("latest", v2),
    ]
    assert sorted(world.registry(REG).repository("myapp1").tags) == ["1.0", "2.0", "latest"]


@pytest.mark.parametrize("profile", PROFILES)
def test_push_all_tags_of_an_unknown_repository(profile: str) -> None:
    shell, _, _ = make(profile)
    r = shell.run("docker image push --all-tags localhost:5000/myapp9")
    assert r.stdout == ["The push refers to repository [localhost:5000/myapp9]"]
    assert r.stderr == ["An image does not exist locally with the tag: localhost:5000/myapp9"]


def test_push_all_tags_with_only_a_digest_reference_classic() -> None:
    shell, world, images = make("classic")
    world.machine.store.add_image(app_image(world, 1), world.clock)
    world.machine.store.add_digest_ref(f"{REG}/myapp1", app_image(world, 1).manifest_digest)
    r = shell.run("docker push -a localhost:5000/myapp1")
    assert r.stderr == ["no tags to push for localhost:5000/myapp1"]


@pytest.mark.parametrize("profile", PROFILES)
def test_push_argument_errors(profile: str) -> None:
    shell, _, images = make(profile, 1)
    r = shell.run("docker push -a localhost:5000/myapp1:1.0")
    assert (r.stdout, r.stderr, r.exit_code) == ([], ["tag can't be used with --all-tags/-a"], 1)
    digest = images[1].manifest_digest
    r = shell.run(f"docker push localhost:5000/myapp1@{digest}")
    assert (r.stdout, r.stderr, r.exit_code) == ([], ["cannot push a digest reference"], 1)
    r = shell.run("docker push localhost:5000/MyApp:1.0")
    assert r.stderr == ["invalid reference format: repository name (MyApp) must be lowercase"]
    r = shell.run("docker push")
    assert r.stderr == [
        "docker: 'docker push' requires 1 argument",
        "",
        "Usage:  docker push [OPTIONS] NAME[:TAG]",
        "",
        "Run 'docker push --help' for more information",
    ]
    assert r.exit_code == 1
    r = shell.run("docker image push a b")
    assert r.stderr[0] == "docker: 'docker image push' requires 1 argument"
    assert r.stderr[2] == "Usage:  docker image push [OPTIONS] NAME[:TAG]"


@pytest.mark.parametrize("profile", PROFILES)
def test_push_quiet_prints_only_the_reference(profile: str) -> None:
    shell, world, _ = make(profile, 1)
    add_local(world, f"{REG}/myapp1", "latest", app_image(world, 1))
    assert shell.run("docker push -q localhost:5000/myapp1:1.0").stdout == ["localhost:5000/myapp1:1.0"]
    assert shell.run("docker push --quiet localhost:5000/myapp1").stdout == ["localhost:5000/myapp1:latest"]
    r = shell.run("docker push -q localhost:5000/myapp1:9.9")
    assert (r.stdout, r.stderr) == ([], ["tag does not exist: localhost:5000/myapp1:9.9"])


def test_push_platform_prints_the_cli_note() -> None:
    shell, _, _ = make("current", 1)
    r = shell.run("docker push --platform linux/amd64 localhost:5000/myapp1:1.0")
    assert r.exit_code == 0
    # docker/cli push.go: tui.NewOutput(dockerCli.Out()).PrintNote, uncoloured header " Info -> " (note.go)
    assert r.stdout[:2] == [
        "",
        " Info -> Using --platform pushes only the specified platform manifest of a multi-platform image index.",
    ]
    assert r.stdout[5] == "The push refers to repository [localhost:5000/myapp1]"


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_another_platform_is_refused_not_faked(profile: str) -> None:
    # Hub's real images are multi-platform: Docker would pull the arm64 variant (another digest),
    # so answering with the simulated linux/amd64 image would print what Docker would not.
    shell, world, _ = make(profile)
    r = shell.run("docker pull --platform linux/arm64 alpine")
    # docker/cli pull.go prints "Using default tag" before it looks at --platform
    assert r.exit_code == 1 and r.stdout == ["Using default tag: latest"]
    assert r.stderr[0].startswith("registry-tutor: pulling --platform linux/arm64 is not simulated")
    assert "docker.io/library/alpine:latest" not in world.machine.store.tags
    assert shell.run("docker pull --platform linux/amd64 alpine").ok


def test_push_help_shows_both_aliases() -> None:
    shell, _, _ = make("current")
    for path in ("docker push", "docker image push"):
        r = shell.run(f"{path} --help")
        assert r.stdout[0] == f"Usage:  {path} [OPTIONS] NAME[:TAG]"
        assert "  docker image push, docker push" in r.stdout
        assert any(line.strip().startswith("-a, --all-tags") for line in r.stdout)


# --- Docker Hub and unreachable registries ----------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_push_to_docker_hub_without_login_is_denied(profile: str) -> None:
    shell, world, images = make(profile)
    add_local(world, "myapp1", "latest", app_image(world, 1))
    r = shell.run("docker push myapp1")
    classic = profile == "classic"
    image = app_image(world, 1)
    assert r.stdout == [
        "Using default tag: latest",
        "The push refers to repository [docker.io/library/myapp1]",
        *pushed_lines(image, classic, "Preparing" if classic else "Waiting"),
    ]
    assert r.stderr == [HUB_DENIED_CLASSIC if classic else HUB_DENIED_CONTAINERD]
    assert r.exit_code == 1
    assert r.events == []
    assert world.registry("docker.io").repository("library/myapp1") is None


@pytest.mark.parametrize("profile", PROFILES)
def test_push_to_docker_hub_own_namespace_after_login(profile: str) -> None:
    shell, world, _ = make(profile)
    image = add_local(world, "alice/myapp1", "1.0", app_image(world, 1))
    add_local(world, "myapp1", "1.0", image)
    add_local(world, "bob/myapp1", "1.0", image)
    assert shell.run("docker login -u alice -p secret").exit_code == 0
    r = shell.run("docker push alice/myapp1:1.0")
    assert r.exit_code == 0, r.text
    assert r.stdout[0] == "The push refers to repository [docker.io/alice/myapp1]"
    assert r.stdout[-1] == digest_line("1.0", image)
    assert ev.RepositoryCreated("docker.io", "alice/myapp1") in r.events
    denied = HUB_DENIED_CLASSIC if profile == "classic" else HUB_DENIED_CONTAINERD
    for name in ("myapp1:1.0", "bob/myapp1:1.0"):
        r = shell.run(f"docker push {name}")
        assert r.stderr == [denied]
        assert r.exit_code == 1
    shell.run("docker logout")
    assert shell.run("docker push alice/myapp1:1.0").stderr == [denied]


def test_push_to_an_unreachable_registry_containerd() -> None:
    shell, world, _ = make("current")
    image = add_local(world, "localhost:5001/myapp1", "1.0", app_image(world, 1))
    r = shell.run("docker push localhost:5001/myapp1:1.0")
    assert r.stdout == [
        "The push refers to repository [localhost:5001/myapp1]",
        *pushed_lines(image, False, "Waiting"),
    ]
    assert r.stderr == [
        f'failed to do request: Head "https://localhost:5001/v2/myapp1/blobs/{image.config_digest}": '
        "dial tcp [::1]:5001: connect: connection refused"
    ]
    image = add_local(world, "registry.example.com/team/app", "1.0", app_image(world, 2))
    r = shell.run("docker push registry.example.com/team/app:1.0")
    assert r.stderr == [
        f'failed to do request: Head "https://registry.example.com/v2/team/app/blobs/{image.config_digest}": '
        "dial tcp: lookup registry.example.com: no such host"
    ]


def test_push_to_an_unreachable_registry_classic() -> None:
    shell, world, _ = make("classic")
    add_local(world, "localhost:5001/myapp1", "1.0", app_image(world, 1))
    r = shell.run("docker push localhost:5001/myapp1:1.0")
    assert r.stdout == ["The push refers to repository [localhost:5001/myapp1]"]
    assert r.stderr == ['Get "http://localhost:5001/v2/": dial tcp [::1]:5001: connect: connection refused']
    add_local(world, "registry.example.com/app", "1.0", app_image(world, 2))
    r = shell.run("docker push registry.example.com/app:1.0")
    assert r.stderr == [
        'Get "https://registry.example.com/v2/": dial tcp: lookup registry.example.com: no such host'
    ]


# --- docker pull ---------------------------------------------------------------------


def pushed_world(profile: str, *apps: int) -> tuple[World, dict[int, Image]]:
    """A world whose team registry has myappN:1.0, and a second machine (current) with nothing local.

    The registry is the team's (reached by host name): a teammate's `localhost:5000` is their own machine,
    so these flows no longer pull the laptop's localhost:5000 from another machine."""
    shell, world, images = make(profile, *apps, host=TEAM)
    for n in apps:
        assert shell.run(f"docker push registry.team.lan:5000/myapp{n}:1.0").exit_code == 0
    world.add_machine("teammate")
    world.current = "teammate"
    return world, images


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_into_an_empty_machine(profile: str) -> None:
    world, images = pushed_world(profile, 1)
    shell = Shell(world)
    r = shell.run("docker pull registry.team.lan:5000/myapp1:1.0")
    image = images[1]
    assert r.exit_code == 0
    assert r.stderr == []
    assert r.stdout == [
        "1.0: Pulling from myapp1",
        *[f"{short(layer.digest)}: Pull complete" for layer in image.layers],
        f"Digest: {image.manifest_digest}",
        "Status: Downloaded newer image for registry.team.lan:5000/myapp1:1.0",
        "registry.team.lan:5000/myapp1:1.0",
    ]
    store = world.machine.store
    assert store.tag_digest(f"{TEAM}/myapp1", "1.0") == image.manifest_digest
    assert ev.LocalTagAdded("teammate", f"{TEAM}/myapp1", "1.0", image.manifest_digest) in r.events
    assert ev.ImagePulled("teammate", TEAM, "myapp1", image.manifest_digest, True) in r.events
    has_digest_ref = f"{TEAM}/myapp1@{image.manifest_digest}" in store.digest_refs
    assert has_digest_ref == (profile == "classic")  # graphdriver records a RepoDigest
    assert (TEAM, "myapp1") in store.blob_sources[image.layers[0].digest]


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_again_is_up_to_date_and_shows_no_layers(profile: str) -> None:
    world, images = pushed_world(profile, 1)
    shell = Shell(world)
    shell.run("docker pull registry.team.lan:5000/myapp1:1.0")
    r = shell.run("docker image pull registry.team.lan:5000/myapp1:1.0")
    assert r.stdout == [
        "1.0: Pulling from myapp1",
        f"Digest: {images[1].manifest_digest}",
        "Status: Image is up to date for registry.team.lan:5000/myapp1:1.0",
        "registry.team.lan:5000/myapp1:1.0",
    ]
    assert ev.ImagePulled("teammate", TEAM, "myapp1", images[1].manifest_digest, False) in r.events


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_reuses_layers_already_present(profile: str) -> None:
    world, images = pushed_world(profile, 1, 2)
    shell = Shell(world)
    shell.run("docker pull registry.team.lan:5000/myapp1:1.0")
    r = shell.run("docker pull registry.team.lan:5000/myapp2:1.0")
    base = [f"{short(layer.digest)}: Already exists" for layer in BASE.layers]
    app = f"{short(images[2].layers[-1].digest)}: Pull complete"
    assert r.stdout[1:-3] == [*base, app]


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_a_second_tag_of_an_image_already_here(profile: str) -> None:
    world, images = pushed_world(profile, 1)
    world.current = "laptop"
    add_local(world, f"{TEAM}/myapp1", "stable", images[1])
    Shell(world).run("docker push registry.team.lan:5000/myapp1:stable")
    world.current = "teammate"
    shell = Shell(world)
    shell.run("docker pull registry.team.lan:5000/myapp1:1.0")
    r = shell.run("docker pull registry.team.lan:5000/myapp1:stable")
    # a new name for content that is all here: no layer lines in either store, but "newer" for the name
    assert r.stdout == [
        "stable: Pulling from myapp1",
        f"Digest: {images[1].manifest_digest}",
        "Status: Downloaded newer image for registry.team.lan:5000/myapp1:stable",
        "registry.team.lan:5000/myapp1:stable",
    ]


def test_pull_missing_tag_containerd() -> None:
    world, _ = pushed_world("current", 1)
    r = Shell(world).run("docker pull registry.team.lan:5000/myapp1:nosuch")
    assert r.stdout == []
    assert r.stderr == [
        'Error response from daemon: failed to resolve reference "registry.team.lan:5000/myapp1:nosuch": '
        "registry.team.lan:5000/myapp1:nosuch: not found"
    ]
    assert r.exit_code == 1


def test_pull_missing_tag_classic() -> None:
    world, _ = pushed_world("classic", 1)
    r = Shell(world).run("docker pull registry.team.lan:5000/myapp1:nosuch")
    assert r.stderr == [
        "Error response from daemon: manifest for registry.team.lan:5000/myapp1:nosuch not found: "
        "manifest unknown: manifest unknown"
    ]
    assert r.exit_code == 1


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_latest_that_was_never_pushed(profile: str) -> None:
    world, _ = pushed_world(profile, 1)
    r = Shell(world).run("docker pull registry.team.lan:5000/myapp1")
    assert r.stdout == ["Using default tag: latest"]
    if profile == "classic":
        assert r.stderr == [
            "Error response from daemon: manifest for registry.team.lan:5000/myapp1:latest not found: "
            "manifest unknown: manifest unknown"
        ]
    else:
        assert r.stderr == [
            'Error response from daemon: failed to resolve reference "registry.team.lan:5000/myapp1:latest": '
            "registry.team.lan:5000/myapp1:latest: not found"
        ]


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_unknown_repository_on_the_private_registry(profile: str) -> None:
    shell, _, _ = make(profile, host=TEAM)
    r = shell.run("docker pull registry.team.lan:5000/nosuch:1.0")
    # Distribution answers MANIFEST_UNKNOWN for a manifest even when the repository does not exist
    expected = (
        "manifest for registry.team.lan:5000/nosuch:1.0 not found: manifest unknown: manifest unknown"
        if profile == "classic"
        else 'failed to resolve reference "registry.team.lan:5000/nosuch:1.0": registry.team.lan:5000/nosuch:1.0: not found'
    )
    assert r.stderr == [f"Error response from daemon: {expected}"]


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_unknown_docker_hub_repository(profile: str) -> None:
    shell, _, _ = make(profile, host=TEAM)
    r = shell.run("docker pull asdfasdf")
    message = "pull access denied for asdfasdf, repository does not exist or may require 'docker login'"
    if profile == "classic":
        message += ": denied: requested access to the resource is denied"
    assert r.stdout == ["Using default tag: latest"]
    assert r.stderr == [f"Error response from daemon: {message}"]
    assert r.exit_code == 1


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_missing_tag_of_an_official_image(profile: str) -> None:
    shell, _, _ = make(profile, host=TEAM)
    r = shell.run("docker pull ubuntu:nosuch")
    expected = (
        "manifest for ubuntu:nosuch not found: manifest unknown: manifest unknown"
        if profile == "classic"
        else 'failed to resolve reference "docker.io/library/ubuntu:nosuch": docker.io/library/ubuntu:nosuch: not found'
    )
    assert r.stderr == [f"Error response from daemon: {expected}"]


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_official_image(profile: str) -> None:
    shell, world, _ = make(profile, host=TEAM)
    r = shell.run("docker pull ubuntu")
    image = world.registry("docker.io").resolve("library/ubuntu", "latest")
    assert r.stdout == [
        "Using default tag: latest",
        "latest: Pulling from library/ubuntu",
        *[f"{short(layer.digest)}: Pull complete" for layer in image.layers],
        f"Digest: {image.manifest_digest}",
        "Status: Downloaded newer image for ubuntu:latest",
        "docker.io/library/ubuntu:latest",
    ]
    assert world.machine.store.tag_digest("docker.io/library/ubuntu", "latest") == image.manifest_digest


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_scratch_is_reserved(profile: str) -> None:
    shell, _, _ = make(profile, host=TEAM)
    r = shell.run("docker pull scratch")
    assert r.stdout == ["Using default tag: latest"]
    assert r.stderr == ["Error response from daemon: 'scratch' is a reserved name"]


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_by_digest_finds_an_untagged_manifest(profile: str) -> None:
    shell, world, images = make(profile, 1, host=TEAM)
    shell.run("docker push registry.team.lan:5000/myapp1:1.0")
    add_local(world, f"{TEAM}/myapp1", "1.0", app_image(world, 1, "2.0"))
    shell.run("docker push registry.team.lan:5000/myapp1:1.0")  # 1.0 moves; the first manifest has no tag now
    old = images[1].manifest_digest
    assert world.registry(TEAM).repository("myapp1").untagged() == [old]
    world.add_machine("teammate")
    world.current = "teammate"
    r = Shell(world).run(f"docker pull registry.team.lan:5000/myapp1@{old}")
    assert r.exit_code == 0, r.text
    assert r.stdout == [
        f"registry.team.lan:5000/myapp1@{old}: Pulling from myapp1",
        *[f"{short(layer.digest)}: Pull complete" for layer in images[1].layers],
        f"Digest: {old}",
        f"Status: Downloaded newer image for registry.team.lan:5000/myapp1@{old}",
        f"registry.team.lan:5000/myapp1@{old}",
    ]
    store = world.machine.store
    assert store.get(old) is not None
    assert f"{TEAM}/myapp1@{old}" in store.digest_refs
    assert store.tags == {}


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_unknown_digest(profile: str) -> None:
    shell, _, _ = make(profile, 1, host=TEAM)
    shell.run("docker push registry.team.lan:5000/myapp1:1.0")
    digest = "sha256:" + "0" * 64
    r = shell.run(f"docker pull registry.team.lan:5000/myapp1@{digest}")
    ref = f"registry.team.lan:5000/myapp1@{digest}"
    expected = (
        f"manifest for {ref} not found: manifest unknown: manifest unknown"
        if profile == "classic"
        else f'failed to resolve reference "{ref}": {ref}: not found'
    )
    assert r.stderr == [f"Error response from daemon: {expected}"]


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_moves_a_local_tag(profile: str) -> None:
    world, images = pushed_world(profile, 1)
    other = add_local(world, f"{TEAM}/myapp1", "1.0", app_image(world, 7))
    r = Shell(world).run("docker pull registry.team.lan:5000/myapp1:1.0")
    new = images[1].manifest_digest
    assert ev.LocalTagMoved("teammate", f"{TEAM}/myapp1", "1.0", other.manifest_digest, new) in r.events
    assert ev.ImageDangling("teammate", other.manifest_digest) in r.events
    assert "Status: Downloaded newer image for registry.team.lan:5000/myapp1:1.0" in r.stdout


def test_pull_all_tags_containerd() -> None:
    shell, world, images = make("current", 1, host=TEAM)
    v2 = add_local(world, f"{TEAM}/myapp1", "2.0", app_image(world, 1, "2.0"))
    shell.run("docker push -a registry.team.lan:5000/myapp1")
    world.add_machine("teammate")
    world.current = "teammate"
    r = Shell(world).run("docker pull -a registry.team.lan:5000/myapp1")
    assert r.exit_code == 0
    assert r.stdout == [
        "1.0: Pulling from myapp1",
        *[f"{short(layer.digest)}: Pull complete" for layer in images[1].layers],
        f"Digest: {images[1].manifest_digest}",
        "Status: Downloaded newer image for registry.team.lan:5000/myapp1:1.0",
        "2.0: Pulling from myapp1",
        *[f"{short(layer.digest)}: Already exists" for layer in BASE.layers],
        f"{short(v2.layers[-1].digest)}: Pull complete",
        f"Digest: {v2.manifest_digest}",
        "Status: Downloaded newer image for registry.team.lan:5000/myapp1:2.0",
        "registry.team.lan:5000/myapp1",
    ]
    assert sorted(world.machine.store.tags_in_repository(f"{TEAM}/myapp1")) == ["1.0", "2.0"]


def test_pull_all_tags_classic() -> None:
    shell, world, images = make("classic", 1, host=TEAM)
    v2 = add_local(world, f"{TEAM}/myapp1", "2.0", app_image(world, 1, "2.0"))
    shell.run("docker push -a registry.team.lan:5000/myapp1")
    world.add_machine("teammate")
    world.current = "teammate"
    r = Shell(world).run("docker pull --all-tags registry.team.lan:5000/myapp1")
    assert r.stdout == [
        "1.0: Pulling from myapp1",
        *[f"{short(layer.digest)}: Pull complete" for layer in images[1].layers],
        f"Digest: {images[1].manifest_digest}",
        "2.0: Pulling from myapp1",
        *[f"{short(layer.digest)}: Already exists" for layer in BASE.layers],
        f"{short(v2.layers[-1].digest)}: Pull complete",
        f"Digest: {v2.manifest_digest}",
        "Status: Downloaded newer image for registry.team.lan:5000/myapp1",
        "registry.team.lan:5000/myapp1",
    ]


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_all_tags_errors(profile: str) -> None:
    shell, _, _ = make(profile, host=TEAM)
    r = shell.run("docker pull -a registry.team.lan:5000/myapp1:1.0")
    assert r.stderr == ["tag can't be used with --all-tags/-a"]
    r = shell.run("docker pull -a registry.team.lan:5000/nosuch")
    assert r.stderr == [
        "Error response from daemon: repository registry.team.lan:5000/nosuch not found: "
        "name unknown: repository name not known to registry"
    ]


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_quiet(profile: str) -> None:
    world, _ = pushed_world(profile, 1)
    shell = Shell(world)
    assert shell.run("docker pull -q registry.team.lan:5000/myapp1:1.0").stdout == ["registry.team.lan:5000/myapp1:1.0"]
    r = shell.run("docker pull -q registry.team.lan:5000/myapp1")
    assert r.stdout == []
    assert r.stderr[0].startswith("Error response from daemon: ")


def test_pull_from_an_unreachable_registry_containerd() -> None:
    shell, _, _ = make("current", host=TEAM)
    r = shell.run("docker pull localhost:5001/myapp1:1.0")
    assert r.stderr == [
        'Error response from daemon: failed to resolve reference "localhost:5001/myapp1:1.0": failed to do request: '
        'Head "https://localhost:5001/v2/myapp1/manifests/1.0": dial tcp [::1]:5001: connect: connection refused'
    ]
    r = shell.run("docker pull registry.example.com/app")
    assert r.stderr == [
        'Error response from daemon: failed to resolve reference "registry.example.com/app:latest": '
        'failed to do request: Head "https://registry.example.com/v2/app/manifests/latest": '
        "dial tcp: lookup registry.example.com: no such host"
    ]


def test_pull_from_an_unreachable_registry_classic() -> None:
    shell, _, _ = make("classic", host=TEAM)
    r = shell.run("docker pull localhost:5001/myapp1:1.0")
    assert r.stderr == [
        'Error response from daemon: Get "http://localhost:5001/v2/": dial tcp [::1]:5001: connect: connection refused'
    ]
    r = shell.run("docker pull registry.example.com/app")
    assert r.stderr == [
        'Error response from daemon: Get "https://registry.example.com/v2/": '
        "dial tcp: lookup registry.example.com: no such host"
    ]


def test_pull_usage_error() -> None:
    shell, _, _ = make("current", host=TEAM)
    r = shell.run("docker pull")
    assert r.stderr == [
        "docker: 'docker pull' requires 1 argument",
        "",
        "Usage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]",
        "",
        "Run 'docker pull --help' for more information",
    ]


# --- pull_image (for docker run) ----------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_missing_for_run_writes_everything_to_stderr(profile: str) -> None:
    from tutor.sim.shell.docker.cli import Command
    from tutor.sim.shell.docker.context import DockerContext

    world = World.default(profile)
    result = Result()
    ctx = DockerContext(world, Command("docker run", "run", "", lambda *a: None), result)
    image = transfer().pull_missing_for_run(ctx, reference.parse("hello-world"))
    hello = world.registry("docker.io").resolve("library/hello-world", "latest")
    assert image == hello
    assert result.stdout == []
    assert result.stderr == [
        "Unable to find image 'hello-world:latest' locally",
        "latest: Pulling from library/hello-world",
        f"{short(hello.layers[0].digest)}: Pull complete",
        f"Digest: {hello.manifest_digest}",
        "Status: Downloaded newer image for hello-world:latest",
    ]
    assert world.machine.store.tag_digest("docker.io/library/hello-world", "latest") == hello.manifest_digest

    quiet = Result()
    ctx = DockerContext(World.default(profile), Command("docker run", "run", "", lambda *a: None), quiet)
    transfer().pull_image(ctx, reference.parse("alpine:3.20"), quiet=True)
    assert quiet.output == []
    with pytest.raises(Exception) as info:
        transfer().pull_image(ctx, reference.parse("asdfasdf"))
    assert str(info.value).startswith("Error response from daemon: pull access denied for asdfasdf")


# --- docker login / logout ------------------------------------------------------------


UNENCRYPTED = [
    "",
    "WARNING! Your credentials are stored unencrypted in '/home/learner/.docker/config.json'.",
    "Configure a credential helper to remove this warning. See",
    "https://docs.docker.com/go/credential-store/",
    "",
]


@pytest.mark.parametrize("profile", PROFILES)
def test_login_with_username_and_password(profile: str) -> None:
    shell, world, _ = make(profile)
    r = shell.run("docker login -u alice -p s3cret")
    assert r.exit_code == 0
    assert r.stderr == [
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.",
        *UNENCRYPTED,
    ]
    assert r.stdout == ["Login Succeeded"]
    assert world.machine.auth == {"docker.io": "alice"}
    assert r.events == [ev.LoggedIn("laptop", "docker.io", "alice")]
    r = shell.run("docker login --username=bob --password=x localhost:5000")
    assert r.stdout == ["Login Succeeded"]
    assert world.machine.auth == {"docker.io": "alice", "localhost:5000": "bob"}


def test_login_again_uses_stored_credentials() -> None:
    shell, world, _ = make("current")
    shell.run("docker login -u alice -p s3cret")
    r = shell.run("docker login")
    assert r.stdout == ["Login Succeeded"]
    assert r.stderr[0] == "Authenticating with existing credentials... [Username: alice]"


def test_login_cannot_prompt() -> None:
    shell, world, _ = make("current")
    for line in ("docker login", "docker login -u alice", "docker login -p x localhost:5000"):
        r = shell.run(line)
        assert r.exit_code == 1
        assert r.stdout == []
        assert "cannot ask for a username or password" in r.stderr[-1]
        assert "no real account is checked" in r.stderr[-1]
    assert world.machine.auth == {}
    r = shell.run("docker login -u alice --password-stdin")
    assert r.exit_code == 1
    assert "--password-stdin reads the password from standard input" in r.stderr[0]


def test_login_help_says_no_account_is_checked() -> None:
    shell, _, _ = make("current")
    r = shell.run("docker login --help")
    assert r.stdout[0] == "Usage:  docker login [OPTIONS] [SERVER]"
    assert "no real account is checked" in " ".join(r.text.split())  # pflag wraps usages at 79 columns


def test_login_flag_errors() -> None:
    shell, _, _ = make("current")
    cases = {
        "docker login -u a -p b --password-stdin": "conflicting options: cannot specify both --password and --password-stdin",
        "docker login --password-stdin": "the --password-stdin option requires --username to be set",
        "docker login -u '' -p x": "username is empty",
        "docker login -u a -p ''": "password is empty",
    }
    for line, message in cases.items():
        r = shell.run(line)
        assert (r.stderr, r.exit_code) == ([message], 1), line
    r = shell.run("docker login a b")
    assert r.stderr[0] == "docker: 'docker login' requires at most 1 argument"


@pytest.mark.parametrize("profile", PROFILES)
def test_login_to_an_unreachable_registry(profile: str) -> None:
    shell, world, _ = make(profile)
    r = shell.run("docker login -u a -p b localhost:5001")
    assert r.stderr == [
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.",
        'Error response from daemon: Get "http://localhost:5001/v2/": dial tcp [::1]:5001: connect: connection refused',
    ]
    r = shell.run("docker login -u a -p b registry.example.com")
    assert r.stderr[-1] == (
        'Error response from daemon: Get "https://registry.example.com/v2/": '
        "dial tcp: lookup registry.example.com: no such host"
    )
    assert world.machine.auth == {}


def test_logout() -> None:
    shell, world, _ = make("current")
    shell.run("docker login -u alice -p x")
    shell.run("docker login -u bob -p x localhost:5000")
    r = shell.run("docker logout localhost:5000")
    assert r.stdout == ["Removing login credentials for localhost:5000"]
    assert r.events == [ev.LoggedOut("laptop", "localhost:5000")]
    # docker/cli erases the key it was given: "docker.io" is not where Docker Hub credentials live
    r = shell.run("docker logout docker.io")
    assert r.stdout == ["Removing login credentials for docker.io"]
    assert world.machine.auth == {"docker.io": "alice"}
    r = shell.run("docker logout")
    assert r.stdout == ["Removing login credentials for https://index.docker.io/v1/"]
    assert r.events == [ev.LoggedOut("laptop", "docker.io")]
    assert world.machine.auth == {}
    # docker/cli login.go: only "docker.io" means Hub's key; index.docker.io is stored under its own name
    shell.run("docker login -u carol -p x index.docker.io")
    assert world.machine.auth == {"index.docker.io": "carol"}
    r = shell.run("docker logout index.docker.io")
    assert r.stdout == ["Removing login credentials for index.docker.io"]
    assert world.machine.auth == {}
    r = shell.run("docker logout")  # nothing stored: the same line, and no error
    assert (r.stdout, r.exit_code, r.events) == (
        ["Removing login credentials for https://index.docker.io/v1/"],
        0,
        [],
    )


# --- docker manifest inspect ----------------------------------------------------------


def tabbed(raw: bytes) -> list[str]:
    return json.dumps(json.loads(raw), indent="\t").split("\n")


@pytest.mark.parametrize("profile", PROFILES)
def test_manifest_inspect_needs_insecure_for_the_plain_http_registry(profile: str) -> None:
    shell, world, images = make(profile, 1)
    shell.run("docker push localhost:5000/myapp1:1.0")
    r = shell.run("docker manifest inspect localhost:5000/myapp1:1.0")
    assert (r.stdout, r.stderr, r.exit_code) == ([], ["no such manifest: localhost:5000/myapp1:1.0"], 1)
    r = shell.run("docker manifest inspect --insecure localhost:5000/myapp1:1.0")
    assert r.exit_code == 0
    assert r.stdout == tabbed(images[1].manifest_bytes)
    assert r.stdout[0] == "{"
    assert r.stdout[1] == '\t"schemaVersion": 2,'


@pytest.mark.parametrize("profile", PROFILES)
def test_manifest_inspect_missing_and_default_tag(profile: str) -> None:
    shell, _, _ = make(profile, 1)
    shell.run("docker push localhost:5000/myapp1:1.0")
    r = shell.run("docker manifest inspect --insecure localhost:5000/myapp1:nosuch")
    assert r.stderr == ["no such manifest: localhost:5000/myapp1:nosuch"]
    r = shell.run("docker manifest inspect --insecure localhost:5000/myapp1")
    assert r.stderr == ["no such manifest: localhost:5000/myapp1:latest"]
    r = shell.run("docker manifest inspect alpine:nosuch")
    assert r.stderr == ["no such manifest: docker.io/library/alpine:nosuch"]
    # A repository Docker Hub does not have: its 401 DENIED is printed as errcode.Errors
    r = shell.run("docker manifest inspect nosuchimage")
    assert (r.exit_code, r.stderr) == (
        1,
        [
            "errors:",
            "denied: requested access to the resource is denied",
            "unauthorized: authentication required",
            "",
        ],
    )


def test_manifest_inspect_docker_hub_and_digest() -> None:
    shell, world, images = make("current", 1)
    r = shell.run("docker manifest inspect alpine:3.20")
    alpine = world.registry("docker.io").resolve("library/alpine", "3.20")
    assert r.stdout == tabbed(alpine.manifest_bytes)
    shell.run("docker push localhost:5000/myapp1:1.0")
    digest = images[1].manifest_digest
    r = shell.run(f"docker manifest inspect --insecure localhost:5000/myapp1@{digest}")
    assert r.stdout == tabbed(images[1].manifest_bytes)


def test_manifest_inspect_verbose() -> None:
    shell, world, images = make("current", 1)
    shell.run("docker push localhost:5000/myapp1:1.0")
    r = shell.run("docker manifest inspect -v --insecure localhost:5000/myapp1:1.0")
    doc = json.loads("\n".join(r.stdout))
    image = images[1]
    assert list(doc) == ["Ref", "Descriptor", "Raw", "OCIManifest"]
    assert doc["Ref"] == "localhost:5000/myapp1:1.0"
    assert doc["Descriptor"] == {
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": image.manifest_digest,
        "size": image.manifest_size,
        "platform": {"architecture": "amd64", "os": "linux"},
    }
    assert base64.b64decode(doc["Raw"]) == image.manifest_bytes
    assert doc["OCIManifest"] == json.loads(image.manifest_bytes)
    assert r.stdout[1] == '\t"Ref": "localhost:5000/myapp1:1.0",'
    r = shell.run("docker manifest inspect --verbose ubuntu:22.04")
    assert "SchemaV2Manifest" in json.loads("\n".join(r.stdout))


def test_manifest_inspect_errors() -> None:
    shell, _, _ = make("current", 1)
    r = shell.run("docker manifest inspect localhost:5000/list:1 localhost:5000/myapp1:1.0")
    assert r.stderr == ["No such manifest: localhost:5000/myapp1:1.0"]
    r = shell.run("docker manifest inspect --insecure localhost:5001/x")
    assert r.stderr == [
        "failed to configure transport: error pinging v2 registry: "
        'Get "https://localhost:5001/v2/": dial tcp [::1]:5001: connect: connection refused'
    ]
    r = shell.run("docker manifest inspect")
    assert r.stderr[0] == "docker: 'docker manifest inspect' requires at least 1 and at most 2 arguments"
    r = shell.run("docker manifest inspect Bad/Name:x y z")
    assert r.stderr[0] == "docker: 'docker manifest inspect' requires at least 1 and at most 2 arguments"
