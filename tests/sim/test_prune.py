"""docker image prune, in both engine profiles.

Upstream (tags v29.7.2 / docker-v29.7.2):
- docker/cli cli/command/image/prune.go: warnings, runPrune, the report lines, "Total reclaimed space"
  with units.HumanSize; goldens cli/command/image/testdata/prune-command-success.*.golden;
- docker/cli internal/prompt/prompt.go Confirm: no line to read (EOF) is a "no"; cmd/docker/docker.go main
  prints nothing for a cancelled error (errdefs.IsCanceled) and exits 1;
- moby daemon/containerd/image_prune.go (profile "current"): dangling = moby-dangling@ records,
  "untagged: <name>" then "deleted: <manifest/index digest>" per removed record, blob + snapshot sizes;
- moby daemon/images/image_prune.go (profile "classic"): ImageDelete per reference (or ID), conflicts
  skipped, reclaimed space = the deleted layers' DiffSize.
"""

from __future__ import annotations

import pytest

from tutor.sim.shell import Shell
from tutor.sim.workspace import Workspace
from tutor.sim.world import HOME, World

PROFILES = ["current", "classic"]


def two_builds(profile: str) -> tuple[World, Shell, str, str]:
    """myapp1 built, edited and rebuilt with the same tag: the first image is left dangling."""
    world = World.default(profile)
    sh = Shell(world)
    sh.run(f"cd {HOME}/myapp1")
    old = sh.run("docker build -q -t myapp1 .").stdout[-1]
    world.machine.fs.write(f"{HOME}/myapp1/app.py", 'print("v2")\n')
    new = sh.run("docker build -q -t myapp1 .").stdout[-1]
    assert old != new
    return world, sh, old, new


@pytest.mark.parametrize("profile", PROFILES)
def test_without_force_the_question_gets_no_answer_and_nothing_is_removed(profile: str) -> None:
    """prune.go danglingWarning + prompt.Confirm's " [y/N] "; EOF answers no: cancelledErr, exit 1, no
    error text from docker (main skips errdefs.IsCanceled errors)."""
    world, sh, old, _ = two_builds(profile)
    r = sh.run("docker image prune")
    assert r.exit_code == 1
    assert r.stdout == ["WARNING! This will remove all dangling images.", "Are you sure you want to continue? [y/N] "]
    assert all(line.startswith("registry-tutor:") for line in r.stderr)  # the simulator's own note only
    assert "image prune has been cancelled" not in r.text
    assert old.removeprefix("sha256:")[:12] in sh.run("docker images -a -q").text


@pytest.mark.parametrize("profile", PROFILES)
def test_all_without_force_warns_about_every_unused_image(profile: str) -> None:
    """prune.go allImageWarning."""
    _, sh, _, _ = two_builds(profile)
    r = sh.run("docker image prune -a")
    assert r.exit_code == 1
    assert r.stdout == [
        "WARNING! This will remove all images without at least one container associated to them.",
        "Are you sure you want to continue? [y/N] ",
    ]


def test_force_prunes_the_dangling_index_on_the_containerd_store() -> None:
    """containerd: the dangling record is reported by its digest (imageFamiliarName), then the index and
    the attestation manifest that went with it; the image manifest changed with the sources, so it goes too.
    Space = blobs + snapshots no other image holds (units.HumanSize, 4 significant digits); a built image's
    layers stay leased by BuildKit's cache, so only its manifests, config and attestation blobs count."""
    world, sh, old, new = two_builds("current")
    image = world.machine.store.images[old]
    r = sh.run("docker image prune -f")
    assert r.exit_code == 0
    assert r.stdout[:5] == [
        "Deleted Images:",
        f"untagged: {old}",
        f"deleted: {old}",
        f"deleted: {image.attestation.image_manifest.digest}",
        f"deleted: {image.attestation.attestation_manifest.digest}",
    ]
    assert r.stdout[5] == ""
    assert r.stdout[6].startswith("Total reclaimed space: ") and r.stdout[6].endswith("kB")
    assert len(r.stdout) == 7
    assert old not in world.machine.store.images and new in world.machine.store.images


def test_force_prunes_the_dangling_image_on_the_classic_store() -> None:
    """graphdriver: ImageDelete(<hex ID>) reports "deleted: <image ID>"; a BuildKit-built image's layers
    stay with BuildKit's cache (as docker rmi shows), so no layer is freed: 0B."""
    world, sh, old, new = two_builds("classic")
    r = sh.run("docker image prune -f")
    assert r.stdout == ["Deleted Images:", f"deleted: {old}", "", "Total reclaimed space: 0B"]
    assert r.exit_code == 0


@pytest.mark.parametrize("profile", PROFILES)
def test_nothing_to_prune_prints_only_the_total(profile: str) -> None:
    """prune-command-success.label-filter.golden: no "Deleted Images:" block when nothing went."""
    world = World.default(profile)
    r = Shell(world).run("docker image prune --force")
    assert r.stdout == ["Total reclaimed space: 0B"]
    assert r.exit_code == 0


def test_all_removes_a_pulled_image_and_frees_its_layer_classic() -> None:
    """classic -a: ImageDelete of each reference; the untag of the tag takes the repository's digest
    reference with it, then the image and its layer go; the layer's DiffSize is reclaimed."""
    world = World.default("classic")
    sh = Shell(world)
    sh.run("docker pull -q alpine")
    image = next(iter(world.machine.store.images.values()))
    r = sh.run("docker image prune -a -f")
    assert r.stdout[:4] == [
        "Deleted Images:",
        "untagged: alpine:latest",
        f"untagged: alpine@{image.manifest_digest}",
        f"deleted: {image.config_digest}",
    ]
    assert r.stdout[4].startswith("deleted: sha256:")  # the layer's chain ID
    assert r.stdout[-1] == "Total reclaimed space: 9.06MB"  # 3,623,807 B gzip x 2.5 unpacked
    assert world.machine.store.images == {}


def test_all_removes_a_pulled_image_containerd() -> None:
    """containerd -a: the record goes ("untagged: alpine:latest"), then its manifest ("deleted:")."""
    world = World.default("current")
    sh = Shell(world)
    sh.run("docker pull -q alpine")
    digest = next(iter(world.machine.store.images))
    r = sh.run("docker image prune -af")
    assert r.stdout[:3] == ["Deleted Images:", "untagged: alpine:latest", f"deleted: {digest}"]
    # the layer blob (3,623,807 B) + its unpacked snapshot (x2.5) + manifest and config
    assert r.stdout[-1] == "Total reclaimed space: 12.68MB"
    assert world.machine.store.images == {}


@pytest.mark.parametrize("profile", PROFILES)
def test_all_keeps_images_a_container_uses(profile: str) -> None:
    """containerd filterImagesUsedByContainers drops the name the container was made from; graphdriver's
    ImageDelete answers a conflict, which prune skips (imageDeleteFailed)."""
    world = World.default(profile)
    sh = Shell(world)
    sh.run("docker pull -q alpine && docker pull -q busybox")
    assert sh.run("docker run --name keep alpine").ok
    r = sh.run("docker image prune -a -f")
    assert r.exit_code == 0
    assert "untagged: busybox:latest" in r.stdout
    assert "untagged: alpine:latest" not in r.stdout
    assert list(world.machine.store.tags) == ["docker.io/library/alpine:latest"]


def test_all_keeps_one_name_of_an_image_a_container_was_made_from_by_id() -> None:
    """containerd: a container made from an image ID marks the target used; names are walked sorted and
    only the last one left for that target stays (image_prune.go pruneUnused, digestRefCount)."""
    world = World.default("current")
    sh = Shell(world)
    sh.run("docker pull -q alpine && docker tag alpine zeta:1")
    image_id = next(iter(world.machine.store.images))
    assert sh.run(f"docker run --name byid {image_id[7:19]}").ok
    r = sh.run("docker image prune -af")
    assert r.stdout[:2] == ["Deleted Images:", "untagged: alpine:latest"]
    assert list(world.machine.store.tags) == ["docker.io/library/zeta:1"]
    assert r.stdout[-1] == "Total reclaimed space: 0B"  # the content stays with the kept name


@pytest.mark.parametrize("profile", PROFILES)
def test_label_filter_keeps_images_without_the_label(profile: str) -> None:
    """--filter label=... (both stores: MatchKVList / setupLabelFilter): unlabelled images stay."""
    world, sh, old, _ = two_builds(profile)
    r = sh.run("docker image prune -f --filter label=team=web")
    assert r.stdout == ["Total reclaimed space: 0B"]
    r = sh.run("docker image prune -f --filter label!=team=web")
    assert r.stdout[0] == "Deleted Images:"


@pytest.mark.parametrize("profile", PROFILES)
def test_until_filter_keeps_newer_images(profile: str) -> None:
    """until=<duration> counts back from now (timestamp.Parse); a dangling image made seconds ago stays."""
    world, sh, old, _ = two_builds(profile)
    assert sh.run("docker image prune -f --filter until=1h").stdout == ["Total reclaimed space: 0B"]
    assert sh.run("docker image prune -f --filter until=1s").stdout[0] == "Deleted Images:"


@pytest.mark.parametrize("profile", PROFILES)
def test_filter_errors(profile: str) -> None:
    """opts.FilterOpt (usage error, exit 125); daemon filters Validate ("invalid filter 'x'");
    GetBoolOrDefault with both true and false; the graphdriver refuses two until filters."""
    world, sh, _, _ = two_builds(profile)
    r = sh.run("docker image prune -f --filter nonsense")
    assert r.exit_code == 125
    assert r.stderr[0] == 'invalid argument "nonsense" for "--filter" flag: bad format of filter (expected name=value)'
    r = sh.run("docker image prune -f --filter reference=myapp1")
    assert r.stderr == ["Error response from daemon: invalid filter 'reference'"]
    assert r.exit_code == 1
    r = sh.run("docker image prune -f --filter dangling=false")
    assert r.stderr == ["Error response from daemon: invalid filter 'dangling=[false true]'"]
    r = sh.run("docker image prune -f --filter until=1h --filter until=2h")
    if profile == "classic":
        assert r.stderr == ["Error response from daemon: more than one until filter specified"]
    else:
        assert r.ok


def test_arguments_are_refused() -> None:
    """cli.NoArgs."""
    r = Shell(World.default()).run("docker image prune myapp1")
    assert r.exit_code == 1
    assert r.stderr[0] == "docker: 'docker image prune' accepts no arguments"
    assert r.stderr[2] == "Usage:  docker image prune [OPTIONS]"


def test_other_prunes_stay_not_covered() -> None:
    """docker system/container/builder prune also remove containers, networks and build cache, which the
    simulator does not model: it says so instead of pretending."""
    sh = Shell(World.default())
    for line in ("docker system prune -f", "docker container prune -f", "docker builder prune -f"):
        r = sh.run(line)
        assert r.exit_code == 1
        assert "is a real Docker command, but this simulator does not cover it" in r.text


@pytest.mark.parametrize("profile", PROFILES)
def test_prune_removes_what_docker_images_then_no_longer_lists_and_undo_restores_it(profile: str) -> None:
    ws = Workspace(World.default(profile))
    ws.run(f"cd {HOME}/myapp1")
    old = ws.run("docker build -q -t myapp1 .").stdout[-1]
    ws.run("echo 'print(2)' > app.py")
    ws.run("docker build -q -t myapp1 .")
    before = ws.run("docker images -a -q").stdout
    assert len(before) == 2
    r = ws.run("docker image prune -f")
    assert r.ok and r.events  # the store's own events: the picture and `explain` see the change
    after = ws.run("docker images -a -q").stdout
    assert after == [line for line in before if not old.removeprefix("sha256:").startswith(line)]
    assert ws.undo_label == "docker image prune -f"  # a listing changes nothing: the prune is the last step
    assert ws.undo()
    assert ws.run("docker images -a -q").stdout == before


def test_classic_all_untags_every_name_but_the_last_of_an_image_in_use() -> None:
    """graphdriver: prune calls ImageDelete per reference; while other names remain a name is simply
    untagged, and the last one answers a conflict (a container uses the image), which prune skips."""
    world = World.default("classic")
    sh = Shell(world)
    sh.run("docker pull -q alpine && docker tag alpine zeta:1")
    assert sh.run("docker run --name keep alpine").ok
    digest = next(iter(world.machine.store.images))
    r = sh.run("docker image prune -af")
    # untagging the repository's last tag takes its digest reference (from the pull) with it
    assert r.stdout == [
        "Deleted Images:", "untagged: alpine:latest", f"untagged: alpine@{digest}", "", "Total reclaimed space: 0B"
    ]
    assert list(world.machine.store.tags) == ["docker.io/library/zeta:1"]


@pytest.mark.parametrize("profile", PROFILES)
def test_an_image_pulled_by_digest_alone_is_dangling_only_on_the_classic_store(profile: str) -> None:
    """graphdriver: an image with references but no tag (reference.NamedTagged) counts as dangling and each
    reference is deleted; containerd: its name@digest record is an image name, not moby-dangling@, so only
    -a removes it."""
    world = World.default(profile)
    sh = Shell(world)
    sh.run("docker pull -q alpine")
    digest = next(iter(world.machine.store.images))
    sh.run("docker rmi -f alpine")
    assert sh.run(f"docker pull -q alpine@{digest}").ok
    r = sh.run("docker image prune -f")
    if profile == "classic":
        assert r.stdout[:2] == ["Deleted Images:", f"untagged: alpine@{digest}"]
        assert world.machine.store.images == {}
    else:
        assert r.stdout == ["Total reclaimed space: 0B"]
        r = sh.run("docker image prune -af")
        assert r.stdout[:3] == ["Deleted Images:", f"untagged: alpine@{digest}", f"deleted: {digest}"]


@pytest.mark.parametrize("profile", PROFILES)
def test_with_the_daemon_down_the_question_comes_first(profile: str) -> None:
    """prune.go runPrune asks (prompt.Confirm) before its first API call, ImagesPrune: with the daemon down,
    the unanswered question still cancels quietly, and only -f reaches the daemon and fails to connect.
    Cobra's argument check (NoArgs) comes before RunE either way."""
    world, sh, old, _ = two_builds(profile)
    world.machine.daemon_running = False  # as after a failed `systemctl restart docker`
    asked = sh.run("docker image prune")
    assert asked.exit_code == 1
    assert asked.stdout == ["WARNING! This will remove all dangling images.",
                            "Are you sure you want to continue? [y/N] "]
    forced = sh.run("docker image prune -f")
    assert forced.exit_code == 1
    assert forced.stdout == []
    assert forced.stderr == [
        "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"
    ]
    assert sh.run("docker image prune extra").stderr[0] == "docker: 'docker image prune' accepts no arguments"  # required.go
    world.machine.daemon_running = True
    assert old.removeprefix("sha256:")[:12] in sh.run("docker images -a -q").stdout  # nothing was removed
