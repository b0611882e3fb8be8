"""docker history / docker image history, in both engine profiles.

Upstream (tags v29.7.2 / docker-v29.7.2):
- docker/cli cli/command/image/history.go (flags, ExactArgs(1), "invalid platform: ...") and
  cli/command/image/formatter_history.go (IMAGE CREATED CREATED BY SIZE COMMENT, CREATED BY cut to 45 with
  formatter.Ellipsis "…", -H=false: CREATED AT in RFC 3339 and sizes in bytes, -q: DefaultQuietFormat);
  goldens cli/command/image/testdata/history-command-success.*.golden;
- moby daemon/containerd/image_history.go and daemon/images/image_history.go: one row per config history
  entry, newest first; the newest row has the image ID (containerd: the target digest; graphdriver: the
  config digest), the older ones "<missing>"; a layer step's size is its layer's, an empty layer's 0.
"""

from __future__ import annotations

import json

import pytest

from tutor.sim.hub import OFFICIAL, official_image
from tutor.sim.shell import Shell
from tutor.sim.workspace import Workspace
from tutor.sim.world import HOME, World

PROFILES = ["current", "classic"]
HEADER = "IMAGE          CREATED         CREATED BY                SIZE      COMMENT"


def built(profile: str) -> tuple[World, Shell, str]:
    world = World.default(profile)
    sh = Shell(world)
    sh.run(f"cd {HOME}/myapp1")
    image_id = sh.run("docker build -q -t myapp1 .").stdout[-1]
    return world, sh, image_id


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("command", ["docker history", "docker image history"])
def test_the_table_lists_the_build_steps_newest_first(profile: str, command: str) -> None:
    world, sh, image_id = built(profile)
    r = sh.run(f"{command} myapp1")
    assert r.exit_code == 0
    lines = r.stdout
    assert lines[0].split() == ["IMAGE", "CREATED", "CREATED", "BY", "SIZE", "COMMENT"]
    rows = [line.split("   ") for line in lines[1:]]
    assert lines[1].startswith(image_id.removeprefix("sha256:")[:12] + "   ")  # TruncateID: 12 hex
    assert all(line.startswith("<missing>") for line in lines[2:])
    created_by = [[cell.strip() for cell in row if cell.strip()][2] for row in rows]
    assert created_by[:3] == ['CMD ["python" "app.py"]', "COPY . /app # buildkit", "WORKDIR /app"]
    assert len(created_by) == len(world.machine.store.images[world.machine.store.tags[
        "docker.io/library/myapp1:latest"]].config["history"])
    assert lines[1].split()[-2:] == ["0B", "buildkit.dockerfile.v0"]  # CMD makes no layer
    assert "seconds ago" in lines[1]


@pytest.mark.parametrize("profile", PROFILES)
def test_quiet_and_no_trunc(profile: str) -> None:
    """-q: {{.ID}} per row (history-command-success.quiet*.golden); --no-trunc keeps the full ID."""
    world, sh, image_id = built(profile)
    quiet = sh.run("docker history -q myapp1").stdout
    assert quiet[0] == image_id.removeprefix("sha256:")[:12] and set(quiet[1:]) == {"<missing>"}
    full = sh.run("docker history -q --no-trunc myapp1").stdout
    assert full[0] == image_id and len(full) == len(quiet)


@pytest.mark.parametrize("profile", PROFILES)
def test_non_human_shows_rfc3339_dates_and_bytes(profile: str) -> None:
    """-H=false: nonHumanHistoryTableFormat (CREATED AT), strconv.FormatInt sizes."""
    world, sh, _ = built(profile)
    lines = sh.run("docker history --human=false myapp1").stdout
    assert lines[0].split()[:3] == ["IMAGE", "CREATED", "AT"]
    assert lines[1].split()[1] == "2026-01-01T00:00:07Z"
    assert lines[1].split()[-2:] == ["0", "buildkit.dockerfile.v0"]


@pytest.mark.parametrize("profile", PROFILES)
def test_format_template_and_json(profile: str) -> None:
    """--format: a Go template per row; json: formatter.MarshalJSON of historyContext's methods (sorted)."""
    world, sh, image_id = built(profile)
    assert sh.run("docker history --format '{{.CreatedBy}}|{{.Size}}' myapp1").stdout[0] == 'CMD ["python" "app.py"]|0B'
    rows = [json.loads(line) for line in sh.run("docker history --format json myapp1").stdout]
    assert list(rows[0]) == ["Comment", "CreatedAt", "CreatedBy", "CreatedSince", "ID", "Size"]
    assert rows[0]["ID"] == image_id.removeprefix("sha256:")[:12] and rows[1]["ID"] == "<missing>"
    table = sh.run("docker history --format 'table {{.ID}}\t{{.Comment}}' myapp1").stdout
    assert table[0].split() == ["IMAGE", "COMMENT"]


def test_created_by_is_cut_to_45_characters_with_an_ellipsis() -> None:
    """formatter.Ellipsis(createdBy, 45): 44 characters then "…"; tabs become spaces first."""
    world = World.default()
    sh = Shell(world)
    sh.run(f"cd {HOME}/myapp1")
    long_cmd = "RUN echo " + "x" * 60
    world.machine.fs.write(f"{HOME}/myapp1/Dockerfile", f"FROM python:3.12-slim\n{long_cmd}\n")
    assert sh.run("docker build -q -t long .").ok
    row = sh.run("docker history long").stdout[1]
    assert ("RUN /bin/sh -c echo " + "x" * 60)[:44] + "…" in row
    full = sh.run("docker history --no-trunc --format '{{.CreatedBy}}' long").stdout[0]
    assert full.endswith("x" * 60 + " # buildkit")


@pytest.mark.parametrize("profile", PROFILES)
def test_missing_image_and_argument_count(profile: str) -> None:
    sh = Shell(World.default(profile))
    r = sh.run("docker history nope")
    assert r.stderr == ["Error response from daemon: No such image: nope:latest"]
    assert r.exit_code == 1
    r = sh.run("docker history")
    assert r.stderr[0] == "docker: 'docker history' requires 1 argument"
    assert r.stderr[2] == "Usage:  docker history [OPTIONS] IMAGE"
    assert r.exit_code == 1
    r = sh.run("docker image history a b")
    assert r.stderr[0] == "docker: 'docker image history' requires 1 argument"


@pytest.mark.parametrize("profile", PROFILES)
def test_platform(profile: str) -> None:
    """--platform: platforms.Parse first ("invalid platform: ..."); an absent platform is the daemon's
    NotFound, worded per store (containerd errPlatformNotFound; graphdriver GetImage)."""
    world, sh, _ = built(profile)
    assert sh.run("docker history --platform linux/amd64 -q myapp1").ok
    r = sh.run("docker history --platform linux/arm64 myapp1")
    assert r.exit_code == 1
    if profile == "classic":
        assert r.stderr == [
            "Error response from daemon: image with reference myapp1 was found but its platform (linux/amd64) "
            "does not match the specified platform (linux/arm64)"
        ]
    else:
        assert r.stderr == [
            "Error response from daemon: image with reference myapp1:latest was found but does not provide "
            "the specified platform (linux/arm64)"
        ]
    if profile == "classic":  # a canonical name is shown familiar (reference.ParseNamed + FamiliarString)
        r = sh.run("docker history --platform linux/arm64 docker.io/library/myapp1:latest")
        assert "image with reference myapp1:latest was found" in r.stderr[0]
    r = sh.run("docker history --platform 'a b' myapp1")
    assert r.exit_code == 1 and r.stderr[0].startswith("invalid platform: ")


def _created_by(sh: Shell, name: str) -> list[str]:
    """The CREATED BY column (cut to 45 as the table cuts it) and COMMENT of each row, newest first."""
    return sh.run(f"docker history --format '{{{{.CreatedBy}}}}|{{{{.Comment}}}}' {name}").stdout


def pulled(name: str, profile: str = "current") -> Shell:
    sh = Shell(World.default(profile))
    assert sh.run(f"docker pull -q {name}").ok
    return sh


def test_alpine_reads_as_its_buildkit_build() -> None:
    """alpine's Dockerfile (alpinelinux/docker-alpine: FROM scratch, ADD alpine-minirootfs-<v>-x86_64.tar.gz /,
    CMD ["/bin/sh"]) built by BuildKit (dockerfile2llb convert.go: COPY/ADD "... # buildkit", config steps by
    their String(), comment buildkit.dockerfile.v0); docker-library/repo-info repos/alpine/remote/latest.md
    lists the same two entries."""
    world = World.default()
    sh = Shell(world)
    sh.run("docker pull -q alpine")
    image_id = next(iter(world.machine.store.images))
    r = sh.run("docker history alpine")
    assert r.stderr == []
    assert r.stdout == [
        "IMAGE          CREATED        CREATED BY                                      SIZE      COMMENT",
        f"{image_id[7:19]}   2 months ago   CMD [\"/bin/sh\"]                                 0B        "
        "buildkit.dockerfile.v0",
        "<missing>      2 months ago   ADD alpine-minirootfs-3.20.8-x86_64.tar.gz /…   9.06MB    "
        "buildkit.dockerfile.v0",
    ]
    full = sh.run("docker history --no-trunc --format '{{.CreatedBy}}' alpine").stdout
    assert full == ['CMD ["/bin/sh"]', "ADD alpine-minirootfs-3.20.8-x86_64.tar.gz / # buildkit"]


def test_python_slim_reads_as_its_dockerfile_on_debuerreotypes_debian() -> None:
    """docker-library/python 3.12/slim-trixie/Dockerfile (ENV PATH, ENV LANG, RUN the runtime packages,
    ENV GPG_KEY/PYTHON_VERSION/PYTHON_SHA256, RUN the build, RUN the symlinks, CMD) on debian:trixie-slim,
    whose one entry is debuerreotype's; repo-info repos/python/remote/3.12-slim.md. RUN is worded
    "RUN /bin/sh -c <script> # buildkit" (convert.go dispatchRun), ENV "ENV K=V" with $PATH expanded."""
    b = "|buildkit.dockerfile.v0"
    assert _created_by(pulled("python:3.12-slim"), "python:3.12-slim") == [
        'CMD ["python3"]' + b,
        "RUN /bin/sh -c set -eux;  for src in idle3 p…" + b,
        'RUN /bin/sh -c set -eux;   savedAptMark="$(a…' + b,
        "ENV PYTHON_SHA256=c08bc65a81971c1dd578318282…" + b,
        "ENV PYTHON_VERSION=3.12.13" + b,
        "ENV GPG_KEY=7169605F62C751356D054A26A821E680…" + b,
        "RUN /bin/sh -c set -eux;  apt-get update;  a…" + b,
        "ENV LANG=C.UTF-8" + b,
        "ENV PATH=/usr/local/bin:/usr/local/sbin:/usr…" + b,
        "# debian.sh --arch 'amd64' out/ 'trixie' '@1…|debuerreotype 0.16",
    ]


def test_python_slims_config_holds_what_its_env_steps_set() -> None:
    """The ENV steps the history lists are the config's Env, in order (PATH=/usr/local/bin:$PATH expanded
    against Debian's default PATH)."""
    sh = pulled("python:3.12-slim")
    env = json.loads(sh.run("docker image inspect --format '{{json .Config.Env}}' python:3.12-slim").stdout[0])
    assert env == [
        "PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG=C.UTF-8",
        "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305",
        "PYTHON_VERSION=3.12.13",
        "PYTHON_SHA256=c08bc65a81971c1dd5783182826503369466c7e67374d1646519adf05207b684",
    ]


def test_nginx_reads_as_its_dockerfile() -> None:
    """nginxinc/docker-nginx mainline/debian/Dockerfile (1.27.4 on debian:bookworm-slim): LABEL, five ENV,
    RUN, five COPY, ENTRYPOINT, EXPOSE 80 (Go's %v of ExposedPorts: map[80/tcp:{}]), STOPSIGNAL, CMD
    (Go's %q of the list); repo-info repos/nginx/remote/latest.md has the same shape."""
    b = "|buildkit.dockerfile.v0"
    rows = _created_by(pulled("nginx"), "nginx")
    assert rows == [
        'CMD ["nginx" "-g" "daemon off;"]' + b,
        "STOPSIGNAL SIGQUIT" + b,
        "EXPOSE map[80/tcp:{}]" + b,
        'ENTRYPOINT ["/docker-entrypoint.sh"]' + b,
        "COPY 30-tune-worker-processes.sh /docker-ent…" + b,
        "COPY 20-envsubst-on-templates.sh /docker-ent…" + b,
        "COPY 15-local-resolvers.envsh /docker-entryp…" + b,
        "COPY 10-listen-on-ipv6-by-default.sh /docker…" + b,
        "COPY docker-entrypoint.sh / # buildkit" + b,
        "RUN /bin/sh -c set -x     && groupadd --syst…" + b,
        "ENV DYNPKG_RELEASE=1~bookworm" + b,
        "ENV PKG_RELEASE=1~bookworm" + b,
        "ENV NJS_RELEASE=1~bookworm" + b,
        "ENV NJS_VERSION=0.8.9" + b,
        "ENV NGINX_VERSION=1.27.4" + b,
        "LABEL maintainer=NGINX Docker Maintainers <d…" + b,
        "# debian.sh --arch 'amd64' out/ 'bookworm' '…|debuerreotype 0.16",
    ]


@pytest.mark.parametrize("profile", PROFILES)
def test_ubuntu_reads_as_the_classic_builder_words_it(profile: str) -> None:
    """Canonical still builds ubuntu with the classic builder: "/bin/sh -c #(nop)  <step>" for config steps,
    "/bin/sh -c #(nop) ADD file:<hex> in / " for the rootfs, no comment (repo-info
    repos/ubuntu/remote/24.04.md: Docker Version 26.1.3; ARG RELEASE, ARG LAUNCHPAD_BUILD_ARCH, the LABELs)."""
    sh = pulled("ubuntu", profile)
    full = sh.run("docker history --no-trunc --format '{{.CreatedBy}}|{{.Comment}}|{{.Size}}' ubuntu").stdout
    assert full == [
        '/bin/sh -c #(nop)  CMD ["/bin/bash"]||0B',
        "/bin/sh -c #(nop) ADD file:ddf1aa62235de6657123492b19d27d937c25668011b5ebf923a3f019200f8540 in / ||74.4MB",
        "/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=24.04||0B",
        "/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu||0B",
        "/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH||0B",
        "/bin/sh -c #(nop)  ARG RELEASE||0B",
    ]


def test_busybox_has_one_entry_and_no_builder_comment() -> None:
    """busybox is assembled from its rootfs tarball, not a Dockerfile: one entry naming the build
    (repo-info repos/busybox/remote/1.37.md), CMD ["sh"] in the config only."""
    sh = pulled("busybox")
    assert _created_by(sh, "busybox") == ["BusyBox 1.37.0 (glibc), Debian 13|"]
    assert sh.run("docker image inspect --format '{{json .Config.Cmd}}' busybox").stdout == ['["sh"]']


def test_every_hub_image_has_one_layer_step_per_layer() -> None:
    """A history with more (or fewer) layer steps than layers is refused by both stores; each official image
    lines its non-empty entries up with its layers."""
    for key in OFFICIAL:
        image = official_image(key)
        steps = [h for h in image.config["history"] if not h.get("empty_layer")]
        assert len(steps) == len(image.layers), key


def test_a_build_keeps_its_base_images_steps_below_its_own() -> None:
    """BuildKit copies the base config's history; each layer step gets its own layer's size."""
    world, sh, _ = built("current")
    rows = sh.run("docker history --format '{{.CreatedBy}}|{{.Size}}' myapp1").stdout
    assert rows[:3] == ['CMD ["python" "app.py"]|0B', "COPY . /app # buildkit|" + rows[1].split("|")[1],
                        "WORKDIR /app|" + rows[2].split("|")[1]]
    assert rows[-1] == "# debian.sh --arch 'amd64' out/ 'trixie' '@1…|70.6MB"  # python:3.12-slim's base
    assert rows[1].split("|")[1] != "70.6MB"  # the COPY layer's own size, not the base's bottom layer


# --- what frees a layer: the build cache, not the history's wording ----------------------------------------
# moby docker-v29.7.2 daemon/images/image_delete.go imageDeleteHelper: "Deleted: <ChainID>" for each layer
# imageStore.Delete released; daemon/internal/builder-next/adapters/snapshot/snapshot.go getLayer keeps a
# LayerStore.Get reference per layer a build used (its base's and its own) until the cache record goes.


def _layer_lines(lines: list[str], image_id: str) -> list[str]:
    return [line for line in lines if line.startswith("Deleted: ") and line != f"Deleted: {image_id}"]


def test_classic_rmi_of_a_pulled_buildkit_image_frees_its_layers() -> None:
    """nginx's history says buildkit.dockerfile.v0 on every step, yet it was built elsewhere: nothing on this
    machine holds its layers, so each goes with the image, top first."""
    world = World.default("classic")
    sh = Shell(world)
    sh.run("docker pull -q nginx")
    image = next(iter(world.machine.store.images.values()))
    r = sh.run("docker rmi nginx")
    assert r.stdout[:3] == ["Untagged: nginx:latest", f"Untagged: nginx@{image.manifest_digest}",
                            f"Deleted: {image.config_digest}"]
    assert len(_layer_lines(r.stdout, image.config_digest)) == 7 == len(image.layers)


def test_classic_rmi_after_a_build_keeps_the_layers_the_build_cache_holds() -> None:
    """A built image's layers, and its base image's, stay with the build cache: rmi lists only the image."""
    world = World.default("classic")
    sh = Shell(world)
    sh.run("docker pull -q python:3.12-slim")
    base_id = next(iter(world.machine.store.images.values())).config_digest
    sh.run(f"cd {HOME}/myapp1")
    built_id = sh.run("docker build -q -t myapp1 .").stdout[-1]
    assert sh.run("docker rmi myapp1").stdout == ["Untagged: myapp1:latest", f"Deleted: {built_id}"]
    r = sh.run("docker rmi python:3.12-slim")
    assert r.stdout[-1] == f"Deleted: {base_id}" and _layer_lines(r.stdout, base_id) == []


def test_the_build_cache_record_is_undone_with_the_build_and_saved_with_the_world() -> None:
    """The record is machine state: undoing the build forgets it (the base's layers are freed again), and a
    saved world keeps it."""
    ws = Workspace(World.default("classic"))
    ws.run("docker pull -q python:3.12-slim")
    ws.run(f"cd {HOME}/myapp1")
    ws.run("docker build -q -t myapp1 .")
    saved = World.from_dict(json.loads(json.dumps(ws.world.to_dict())))
    r = Shell(saved).run("docker rmi python:3.12-slim")
    assert len([line for line in r.stdout if line.startswith("Deleted: ")]) == 1  # the image alone
    ws.undo()
    r = ws.run("docker rmi python:3.12-slim")
    assert len([line for line in r.stdout if line.startswith("Deleted: ")]) == 1 + 4  # and its four layers


def test_prune_all_classic_frees_only_layers_no_build_used() -> None:
    """image_prune.go (graphdriver): reclaimed space is the DiffSize of the layers ImageDelete removed."""
    world = World.default("classic")
    sh = Shell(world)
    sh.run("docker pull -q python:3.12-slim")
    sh.run("docker pull -q alpine")
    sh.run(f"cd {HOME}/myapp1")
    sh.run("docker build -q -t myapp1 .")
    r = sh.run("docker image prune -a -f")
    deleted = [line for line in r.stdout if line.startswith("deleted: ")]
    assert len(deleted) == 3 + 1  # three images, and alpine's one layer
    assert r.stdout[-1] == "Total reclaimed space: 9.06MB"  # alpine's layer, unpacked; python's stay held


def test_prune_all_containerd_keeps_the_blobs_and_snapshots_the_build_cache_leases() -> None:
    """containerd store: the pulled base's layers are leased by the build that used them, so pruning the
    base after a build reclaims its manifest and config only; without a build its layers go too."""
    reclaimed = {}
    for build in (True, False):
        sh = Shell(World.default("current"))
        sh.run("docker pull -q python:3.12-slim")
        if build:
            sh.run(f"cd {HOME}/myapp1")
            sh.run("docker build -q -t myapp1 .")
            sh.run("docker rmi myapp1")
        r = sh.run("docker image prune -a -f")
        assert r.stdout[1] == "untagged: python:3.12-slim"
        reclaimed[build] = r.stdout[-1]
    assert reclaimed[True] == "Total reclaimed space: 4.127kB"  # manifest + config
    assert reclaimed[False].endswith("MB")
