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

from tutor.sim.shell import Shell
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


def test_a_pulled_image_lists_its_own_history() -> None:
    """The simulated Hub's images record their build steps (tutor/sim/hub.py HISTORY), as real ones do;
    the bottom layer's step carries that layer's unpacked size."""
    world = World.default()
    sh = Shell(world)
    sh.run("docker pull -q alpine")
    image_id = next(iter(world.machine.store.images))
    r = sh.run("docker history alpine")
    assert r.stderr == []
    assert r.stdout[0] == "IMAGE          CREATED        CREATED BY                                      SIZE      COMMENT"
    assert r.stdout[1] == (
        f"{image_id[7:19]}   2 months ago   /bin/sh -c #(nop)  CMD [\"/bin/sh\"]              0B        "
    )
    assert r.stdout[2].startswith("<missing>      2 months ago   /bin/sh -c #(nop) ADD file:5b1fd2b4d5d7c5a4e…   9.06MB")


def test_a_build_keeps_its_base_images_steps_below_its_own() -> None:
    """BuildKit copies the base config's history; each layer step gets its own layer's size."""
    world, sh, _ = built("current")
    rows = sh.run("docker history --format '{{.CreatedBy}}|{{.Size}}' myapp1").stdout
    assert rows[:3] == ['CMD ["python" "app.py"]|0B', "COPY . /app # buildkit|" + rows[1].split("|")[1],
                        "WORKDIR /app|" + rows[2].split("|")[1]]
    assert rows[-1].startswith("# debian.sh --arch 'amd64' out/ 'bookworm' '…|70.6MB")
    assert rows[1].split("|")[1] != "70.6MB"  # the COPY layer's own size, not the base's bottom layer
