"""docker tag / images / rmi / image inspect / inspect, in both engine profiles, with exact output.

Expected strings come from /work/shared/docker-reference/cli_behaviour.md sections 3, 6, 7 and 8
and the docker/cli goldens quoted there.
"""

from __future__ import annotations

import json
import re

import pytest

import tutor.sim.shell.docker as docker_cli
from tutor.sim import events as ev
from tutor.sim.content import human_size, short
from tutor.sim.result import STDOUT
from tutor.sim.shell import Shell
from tutor.sim.shell.docker.images import (
    content_size,
    disk_usage,
    find_local_image,
    render_template,
    repo_digests,
    repo_tags,
)
from tutor.sim.world import HOME, Container, World

PROFILES = ["current", "classic"]
TREE_HEADER = "IMAGE   ID             DISK USAGE   CONTENT SIZE   EXTRA"
TABLE_HEADER = "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE"


@pytest.fixture(autouse=True)
def _all_docker_commands() -> None:
    docker_cli.command_table()


def setup(profile: str = "current", *builds: str) -> tuple[World, Shell]:
    """A world where `docker build -t <first tag> .` ran in ~/myapp1 and `docker tag` gave the image
    the other names: one image, many tags. (Rebuilding for each tag made one image only on the classic
    store; on the current one each build is a new attested index, buildkit exporter/containerimage.)"""
    world = World.default(profile)
    sh = Shell(world)
    sh.run(f"cd {HOME}/myapp1")
    for i, tag in enumerate(builds):
        assert sh.run(f"docker build -q -t {tag} ." if i == 0 else f"docker tag {builds[0]} {tag}").ok
    return world, sh


def digest_of(world: World, key: str) -> str:
    return world.machine.store.tags[key]


def image_id(world: World, key: str) -> str:
    return world.machine.store.images[digest_of(world, key)].image_id(world.profile)


def edit_and_rebuild(world: World, sh: Shell, tag: str = "myapp1", text: str = "v2") -> None:
    world.machine.fs.write(f"{HOME}/myapp1/app.py", f'print("{text}")\n')
    assert sh.run(f"docker build -q -t {tag} .").ok


# =========================================================================== docker tag


@pytest.mark.parametrize("profile", PROFILES)
def test_tag_prints_nothing_and_makes_no_new_image(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0")
    r = sh.run("docker tag myapp1:1.0 localhost:5000/myapp1:1.0")
    assert (r.exit_code, r.output) == (0, [])
    d = digest_of(world, "docker.io/library/myapp1:1.0")
    assert r.events == [ev.LocalTagAdded("laptop", "localhost:5000/myapp1", "1.0", d)]
    assert digest_of(world, "localhost:5000/myapp1:1.0") == d
    assert len(world.machine.store.images) == 1
    ids = sh.run("docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}'").stdout
    assert sorted(ids) == sorted(
        [
            f"myapp1:1.0 {short(image_id(world, 'docker.io/library/myapp1:1.0'))}",
            f"localhost:5000/myapp1:1.0 {short(image_id(world, 'docker.io/library/myapp1:1.0'))}",
        ]
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_tag_without_tag_means_latest_and_retag_is_silent(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0")
    assert sh.run("docker image tag myapp1:1.0 localhost:5000/myapp1").ok
    assert "localhost:5000/myapp1:latest" in world.machine.store.tags
    again = sh.run("docker tag myapp1:1.0 localhost:5000/myapp1:latest")
    assert again.ok and again.events == []


@pytest.mark.parametrize("profile", PROFILES)
def test_moving_a_tag_leaves_a_dangling_image_shown_by_all(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0")
    old = digest_of(world, "docker.io/library/myapp1:1.0")
    old_id = short(image_id(world, "docker.io/library/myapp1:1.0"))
    edit_and_rebuild(world, sh, "myapp1:2.0")
    new = digest_of(world, "docker.io/library/myapp1:2.0")
    r = sh.run("docker tag myapp1:2.0 myapp1:1.0")
    assert r.events == [
        ev.LocalTagMoved("laptop", "docker.io/library/myapp1", "1.0", old, new),
        ev.ImageDangling("laptop", old),
    ]
    assert old_id not in sh.run("docker images").text
    listing = sh.run("docker images -a").stdout
    if profile == "current":
        assert any(re.fullmatch(rf"<untagged>\s+{old_id}\s+\S+\s+\S+\s*", line) for line in listing)
    else:
        assert any(re.fullmatch(rf"<none>\s+<none>\s+{old_id}\s+.*", line) for line in listing)


@pytest.mark.parametrize("profile", PROFILES)
def test_tag_source_by_id_prefix_and_by_digest(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0")
    full = image_id(world, "docker.io/library/myapp1:1.0")
    assert sh.run(f"docker tag {short(full)} byid:1").ok
    assert sh.run(f"docker tag {full} byfull:1").ok
    manifest = digest_of(world, "docker.io/library/myapp1:1.0")
    by_digest = sh.run(f"docker tag myapp1@{manifest} bydigest:1")
    if profile == "current":  # containerd finds the target digest within the repository
        assert by_digest.ok
    else:  # graphdriver only knows digests after a push or pull
        assert by_digest.stderr == [f"Error response from daemon: No such image: myapp1@{manifest}"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "docker tag myapp1:1.0 MyApp:1.0",
            'error parsing reference: "MyApp:1.0" is not a valid repository/tag: '
            "invalid reference format: repository name (library/MyApp) must be lowercase",
        ),
        (
            "docker tag 'my app' x",
            'error parsing reference: "my app" is not a valid repository/tag: invalid reference format',
        ),
        ("docker tag myapp1:1.0 x@sha256:" + "a" * 64, "refusing to create a tag with a digest reference"),
        (
            "docker tag myapp1:1.0 sha256:sometag",
            "Error response from daemon: refusing to create an ambiguous tag using digest algorithm as name",
        ),
        ("docker tag nosuch foo", "Error response from daemon: No such image: nosuch:latest"),
    ],
)
@pytest.mark.parametrize("profile", PROFILES)
def test_tag_errors(profile: str, line: str, message: str) -> None:
    _, sh = setup(profile, "myapp1:1.0")
    r = sh.run(line)
    assert (r.exit_code, r.stderr, r.stdout) == (1, [message], [])


def test_tag_needs_exactly_two_arguments() -> None:
    _, sh = setup()
    r = sh.run("docker tag myapp1")
    assert r.stderr == [
        "docker: 'docker tag' requires 2 arguments",
        "",
        "Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        "",
        "Run 'docker tag --help' for more information",
    ]


# =========================================================================== docker images


def test_empty_tree_is_the_golden_header() -> None:
    _, sh = setup()
    assert sh.run("docker images").stdout == [TREE_HEADER]  # list-command-success.simple.golden


def test_empty_classic_table() -> None:
    _, sh = setup("classic")
    assert sh.run("docker images").stdout == [TABLE_HEADER]


def test_tree_rows_exact() -> None:
    world, sh = setup("current", "myapp1:1.0", "localhost:5000/myapp1:1.0")
    image = world.machine.store.images[digest_of(world, "docker.io/library/myapp1:1.0")]
    details = (
        f"   {short(image.manifest_digest)}   {human_size(disk_usage(image, 'current')):>10}"
        f"   {human_size(content_size(image)):>12}        "
    )
    assert sh.run("docker images").stdout == [
        "IMAGE                       ID             DISK USAGE   CONTENT SIZE   EXTRA",
        "localhost:5000/myapp1:1.0" + details,
        "myapp1:1.0               " + details,
    ]


def test_tree_sorts_by_name_with_untagged_last_and_marks_images_in_use() -> None:
    world, sh = setup("current", "zeta", "alpha")
    edit_and_rebuild(world, sh, "alpha")
    d = digest_of(world, "docker.io/library/zeta:latest")
    world.machine.containers["c" * 64] = Container("c" * 64, "c", "zeta", d, "python app.py", 0, "running")
    names = [line.split()[0] for line in sh.run("docker images -a").stdout[1:]]
    assert names == [
        "alpha:latest",
        "zeta:latest",
    ]  # alpha's first image is zeta's: built from the same files
    edit_and_rebuild(world, sh, "alpha", "v3")
    rows = sh.run("docker images -a").stdout[1:]
    assert [r.split()[0] for r in rows] == ["alpha:latest", "zeta:latest", "<untagged>"]
    assert rows[1].endswith("   U    ")


def test_tree_never_truncates_names_off_a_terminal() -> None:
    """docker/cli tree.go: width 0 off a terminal means no limit (v29.0.1, aa5d00a3a4) and the name column
    has NoEllipsis (v29.0.4, 4759615835): the column is as wide as the longest name."""
    _, sh = setup("current", "localhost:5000/myapp1:release-candidate-2")
    out = sh.run("docker images").stdout
    assert out[0].startswith("IMAGE".ljust(len("localhost:5000/myapp1:release-candidate-2")) + "   ID ")
    assert out[1].startswith("localhost:5000/myapp1:release-candidate-2   ")


def test_tree_flag_shows_the_platform_row() -> None:
    world, sh = setup("current", "myapp1:1.0")
    out = sh.run("docker images --tree").stdout
    assert out[1].startswith("myapp1:1.0       ")
    assert out[2].startswith("└─ linux/amd64   ")
    assert out[3] == ""
    r = sh.run("docker images --tree -q")
    assert (r.exit_code, r.stderr) == (1, ["--quiet is not yet supported with --tree"])


@pytest.mark.parametrize("flag", ["-q", "--no-trunc", "--digests", "--format table"])
def test_current_profile_uses_the_classic_table_for_these_flags(flag: str) -> None:
    _, sh = setup("current", "myapp1:1.0")
    out = sh.run(f"docker images {flag}").stdout
    assert "DISK USAGE" not in "\n".join(out)


@pytest.mark.parametrize("profile", PROFILES)
def test_classic_table_row_format(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0")
    sh.run("docker tag myapp1:1.0 myapp1:latest")
    out = sh.run("docker images --format table" if profile == "current" else "docker images").stdout
    iid = short(image_id(world, "docker.io/library/myapp1:1.0"))
    size = human_size(
        disk_usage(world.machine.store.images[digest_of(world, "docker.io/library/myapp1:1.0")], profile)
    )
    # Go tabwriter: minwidth 10, padding 3, the last column unpadded
    assert out == [
        "REPOSITORY   TAG       IMAGE ID       CREATED          SIZE",
        f"myapp1       1.0       {iid}   14 seconds ago   {size}",
        f"myapp1       latest    {iid}   14 seconds ago   {size}",
    ]


@pytest.mark.parametrize("profile", PROFILES)
def test_quiet_prints_one_id_per_row(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0")
    sh.run("docker tag myapp1:1.0 myapp1:latest")
    iid = short(image_id(world, "docker.io/library/myapp1:1.0"))
    # formatter.DefaultQuietFormat is rendered once per repository:tag row
    assert sh.run("docker images -q").stdout == [iid, iid]
    full = image_id(world, "docker.io/library/myapp1:1.0")
    assert sh.run("docker images -q --no-trunc").stdout == [full, full]


@pytest.mark.parametrize("profile", PROFILES)
def test_digests_column(profile: str) -> None:
    world, sh = setup(profile, "localhost:5000/myapp1:1.0")
    manifest = digest_of(world, "localhost:5000/myapp1:1.0")
    out = sh.run("docker images --digests").stdout
    assert out[0].split() == ["REPOSITORY", "TAG", "DIGEST", "IMAGE", "ID", "CREATED", "SIZE"]
    if profile == "current":  # containerd: a digest even for a never-pushed image
        assert out[1].split()[2] == manifest
    else:  # graphdriver: only after a push or pull
        assert out[1].split()[2] == "<none>"
        assert sh.run("docker push localhost:5000/myapp1:1.0").ok
        assert sh.run("docker images --digests").stdout[1].split()[2] == manifest


@pytest.mark.parametrize("profile", PROFILES)
def test_filters_and_repository_argument(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0", "localhost:5000/myapp1:1.0")
    edit_and_rebuild(world, sh, "myapp1:2.0")
    edit_and_rebuild(world, sh, "myapp1:2.0", "v3")  # leaves the first 2.0 image dangling
    fmt = "--format '{{.Repository}}:{{.Tag}}'"
    assert sorted(sh.run(f"docker images {fmt} myapp1").stdout) == ["myapp1:1.0", "myapp1:2.0"]
    assert sh.run(f"docker images {fmt} myapp1:2.0").stdout == ["myapp1:2.0"]
    assert sh.run(f"docker images {fmt} --filter reference='localhost:5000/*'").stdout == [
        "localhost:5000/myapp1:1.0"
    ]
    assert sh.run(f"docker images {fmt} -f dangling=true").stdout == ["<none>:<none>"]
    assert "<none>:<none>" not in sh.run(f"docker images {fmt} -a -f dangling=false").stdout
    r = sh.run("docker images -f foo=bar")
    assert (r.exit_code, r.stderr) == (1, ["Error response from daemon: invalid filter 'foo'"])
    r = sh.run("docker images -f dangling")
    assert r.exit_code == 125
    assert (
        r.stderr[0]
        == 'invalid argument "dangling" for "-f, --filter" flag: bad format of filter (expected name=value)'
    )


def test_images_ls_hint_only_for_docker_images() -> None:
    _, sh = setup("current", "myapp1:1.0")
    r = sh.run("docker images ls")
    # docker/cli list.go: the hint comes after the (empty) listing and starts with a newline
    assert r.stderr == ['No images found matching "ls": did you mean "docker image ls"?']
    assert r.stdout == [TREE_HEADER]
    assert r.output[0] == (STDOUT, TREE_HEADER)
    assert sh.run("docker image ls ls").stderr == []
    assert sh.run("docker image list").ok


def test_created_column_ages_with_the_clock() -> None:
    world, sh = setup("classic", "myapp1:1.0")
    world.tick(3600 * 5)
    row = sh.run("docker images").stdout[1]
    assert "5 hours ago" in row


def test_format_json_and_templates() -> None:
    world, sh = setup("current", "myapp1:1.0")
    [line] = sh.run("docker images --format json").stdout
    data = json.loads(line)
    assert sorted(data) == [
        "Containers",
        "CreatedAt",
        "CreatedSince",
        "Digest",
        "ID",
        "Repository",
        "SharedSize",
        "Size",
        "Tag",
        "UniqueSize",
    ]  # docker/cli formatter/image.go: no VirtualSize method since v29
    assert list(data) == sorted(data)  # formatter.MarshalJSON marshals a map: Go sorts its keys
    # moby image_routes.go: API >= 1.51 counts containers (noContainers only below), so "0", not "N/A"
    assert (data["Repository"], data["Tag"], data["Containers"]) == ("myapp1", "1.0", "0")
    assert "\\u003cnone\\u003e" in line  # Go's encoding/json escapes < and >
    r = sh.run("docker images --format '{{.Nope'")
    assert r.stderr == ["template parsing error: template: :1: unclosed action"]


# =========================================================================== docker rmi


@pytest.mark.parametrize("profile", PROFILES)
def test_rmi_by_name_untags_while_other_tags_remain(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0", "myapp1:latest")
    d = digest_of(world, "docker.io/library/myapp1:1.0")
    r = sh.run("docker rmi myapp1:1.0")
    assert (r.exit_code, r.stdout) == (0, ["Untagged: myapp1:1.0"])
    assert r.events == [ev.LocalTagRemoved("laptop", "docker.io/library/myapp1", "1.0", d)]
    assert d in world.machine.store.images


@pytest.mark.parametrize("profile", PROFILES)
def test_rmi_last_tag_deletes_the_image(profile: str) -> None:
    world, sh = setup(profile, "myapp1")
    d = digest_of(world, "docker.io/library/myapp1:latest")
    iid = image_id(world, "docker.io/library/myapp1:latest")
    r = sh.run("docker image rm myapp1")
    assert r.stdout == ["Untagged: myapp1:latest", f"Deleted: {iid}"]
    assert r.events == [
        ev.LocalTagRemoved("laptop", "docker.io/library/myapp1", "latest", d),
        ev.ImageDeleted("laptop", d),
    ]
    assert not world.machine.store.images


def test_classic_rmi_of_a_pulled_image_lists_digests_and_layers() -> None:
    world, sh = setup("classic")
    assert sh.run("docker pull hello-world").ok
    d = digest_of(world, "docker.io/library/hello-world:latest")
    image = world.machine.store.images[d]
    r = sh.run("docker rmi hello-world")
    assert r.stdout == [
        "Untagged: hello-world:latest",
        f"Untagged: hello-world@{d}",
        f"Deleted: {image.config_digest}",
        f"Deleted: {image.layers[0].diff_id}",  # one layer: its ChainID is its DiffID
    ]


def test_classic_forced_rmi_by_id_untags_in_reference_store_order() -> None:
    # moby refstore References() sorts every reference by its full string (lexicalRefs): a digest
    # reference follows the tags of its own repository, before other repositories' tags.
    world, sh = setup("classic")
    assert sh.run("docker pull hello-world").ok
    d = digest_of(world, "docker.io/library/hello-world:latest")
    iid = world.machine.store.images[d].config_digest
    for line in ("docker tag hello-world zz:1", "docker tag hello-world localhost:5000/aa:1"):
        assert sh.run(line).ok
    assert sh.run("docker push localhost:5000/aa:1").ok
    untagged = [line for line in sh.run(f"docker rmi -f {short(iid)}").stdout if line.startswith("Untagged")]
    assert untagged == [
        "Untagged: hello-world:latest",
        f"Untagged: hello-world@{d}",
        "Untagged: zz:1",
        "Untagged: localhost:5000/aa:1",
        f"Untagged: localhost:5000/aa@{d}",
    ]


def test_current_rmi_of_a_pulled_image_deletes_by_target_digest() -> None:
    world, sh = setup("current")
    assert sh.run("docker pull hello-world").ok
    d = digest_of(world, "docker.io/library/hello-world:latest")
    assert sh.run("docker rmi hello-world").stdout == ["Untagged: hello-world:latest", f"Deleted: {d}"]


@pytest.mark.parametrize("profile", PROFILES)
def test_rmi_by_id_with_several_tags_must_be_forced(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0", "localhost:5000/myapp1:1.0")
    iid = image_id(world, "docker.io/library/myapp1:1.0")
    r = sh.run(f"docker rmi {short(iid)}")
    assert (r.exit_code, r.stderr) == (
        1,
        [
            f"Error response from daemon: conflict: unable to delete {short(iid)} (must be forced) - "
            "image is referenced in multiple repositories"
        ],
    )
    forced = sh.run(f"docker rmi -f {short(iid)}")
    assert forced.stdout == ["Untagged: myapp1:1.0", "Untagged: localhost:5000/myapp1:1.0", f"Deleted: {iid}"]


def test_rmi_by_id_two_tags_one_repository() -> None:
    # graphdriver: "referenced in multiple repositories" even within one repository (isSingleReference);
    # containerd: getSameReferences keeps only the first name and tag, so the conflict is raised too.
    for profile in PROFILES:
        world, sh = setup(profile, "myapp1:1.0", "myapp1:latest")
        iid = short(image_id(world, "docker.io/library/myapp1:1.0"))
        assert "image is referenced in multiple repositories" in sh.run(f"docker rmi {iid}").text


@pytest.mark.parametrize("profile", PROFILES)
def test_rmi_dangling_image_by_id(profile: str) -> None:
    world, sh = setup(profile, "myapp1")
    old_id = image_id(world, "docker.io/library/myapp1:latest")
    edit_and_rebuild(world, sh)
    r = sh.run(f"docker rmi {short(old_id)}")
    assert r.stdout == [f"Deleted: {old_id}"]


@pytest.mark.parametrize("profile", PROFILES)
def test_rmi_missing_images(profile: str) -> None:
    world, sh = setup(profile, "myapp1")
    iid = image_id(world, "docker.io/library/myapp1:latest")
    r = sh.run("docker rmi nosuch x:1 myapp1")
    assert r.exit_code == 1
    assert r.stdout == ["Untagged: myapp1:latest", f"Deleted: {iid}"]
    assert r.stderr == [
        "Error response from daemon: No such image: nosuch:latest",
        "Error response from daemon: No such image: x:1",
    ]
    forced = sh.run("docker rmi -f nosuch")
    assert (forced.exit_code, forced.stderr) == (
        0,
        ["Error response from daemon: No such image: nosuch:latest"],
    )


def _with_container(world: World, key: str, status: str) -> str:
    cid = "ab" * 32
    world.machine.containers[cid] = Container(
        cid, "eager_turing", "myapp1", digest_of(world, key), "python app.py", 0, status
    )
    return cid


@pytest.mark.parametrize("status", ["exited", "running"])
def test_rmi_name_used_by_a_container_classic(status: str) -> None:
    world, sh = setup("classic", "myapp1")
    cid = _with_container(world, "docker.io/library/myapp1:latest", status)
    iid = image_id(world, "docker.io/library/myapp1:latest")
    r = sh.run("docker rmi myapp1")
    assert r.stderr == [
        'Error response from daemon: conflict: unable to remove repository reference "myapp1" (must force) - '
        f"container {short(cid)} is using its referenced image {short(iid)}"
    ]
    d = digest_of(world, "docker.io/library/myapp1:latest")
    forced = sh.run("docker rmi -f myapp1")
    if status == "running":  # untagged; the image stays for its running container (a quiet conflict)
        assert forced.stdout == ["Untagged: myapp1:latest"]
        assert ev.ImageDangling("laptop", d) in forced.events
    else:
        assert forced.stdout == ["Untagged: myapp1:latest", f"Deleted: {iid}"]


@pytest.mark.parametrize("status", ["exited", "running"])
def test_rmi_name_used_by_a_container_current(status: str) -> None:
    world, sh = setup("current", "myapp1")
    cid = _with_container(world, "docker.io/library/myapp1:latest", status)
    d = digest_of(world, "docker.io/library/myapp1:latest")
    r = sh.run("docker rmi myapp1")
    assert r.stderr == [
        "Error response from daemon: conflict: unable to delete myapp1:latest (must be forced) - "
        f"container {short(cid)} is using its referenced image {short(d)}"
    ]
    forced = sh.run("docker rmi -f myapp1")
    assert forced.stdout == ["Untagged: myapp1:latest"]
    assert d in world.machine.store.images
    assert ev.ImageDangling("laptop", d) in forced.events


@pytest.mark.parametrize("profile", PROFILES)
def test_rmi_id_used_by_containers(profile: str) -> None:
    world, sh = setup(profile, "myapp1")
    cid = _with_container(world, "docker.io/library/myapp1:latest", "exited")
    iid = short(image_id(world, "docker.io/library/myapp1:latest"))
    stopped = f"conflict: unable to delete {iid} (must be forced) - image is being used by stopped container {short(cid)}"
    assert sh.run(f"docker rmi {iid}").stderr == [f"Error response from daemon: {stopped}"]
    world.machine.containers[cid].status = "running"
    running = f"conflict: unable to delete {iid} (cannot be forced) - image is being used by running container {short(cid)}"
    assert sh.run(f"docker rmi {iid}").stderr == [f"Error response from daemon: {running}"]
    r = sh.run(f"docker rmi -f {iid}")
    assert (r.exit_code, r.stderr) == (1, [f"Error response from daemon: {running}"])


def test_rmi_conflict_with_force_is_still_a_failure() -> None:
    world, sh = setup("current", "myapp1")
    _with_container(world, "docker.io/library/myapp1:latest", "running")
    iid = short(image_id(world, "docker.io/library/myapp1:latest"))
    r = sh.run(f"docker rmi -f {iid} nosuch")
    assert r.exit_code == 1
    assert len(r.stderr) == 2


# =========================================================================== inspect


@pytest.mark.parametrize("profile", PROFILES)
def test_image_inspect_json(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0")
    r = sh.run("docker image inspect myapp1:1.0")
    assert r.exit_code == 0
    assert r.stdout[:3] == [
        "[",
        "    {",
        f'        "Id": "{image_id(world, "docker.io/library/myapp1:1.0")}",',
    ]
    [data] = json.loads("\n".join(r.stdout))
    d = digest_of(world, "docker.io/library/myapp1:1.0")
    assert data["RepoTags"] == ["myapp1:1.0"]
    assert data["RepoDigests"] == ([f"myapp1@{d}"] if profile == "current" else [])
    assert data["Config"] == {
        "Env": [
            "PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG=C.UTF-8",  # python:3.12-slim's ENV steps (docker-library/python 3.12/slim-trixie/Dockerfile)
            "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305",
            "PYTHON_VERSION=3.12.13",
            "PYTHON_SHA256=c08bc65a81971c1dd5783182826503369466c7e67374d1646519adf05207b684",
        ],
        "Cmd": ["python", "app.py"],
        "WorkingDir": "/app",
    }
    image = world.machine.store.images[d]
    assert data["RootFS"] == {"Type": "layers", "Layers": [layer.diff_id for layer in image.layers]}
    assert data["Created"] == "2026-01-01T00:00:07Z"
    assert (data["Architecture"], data["Os"], data["Comment"]) == ("amd64", "linux", "buildkit.dockerfile.v0")
    assert ("Descriptor" in data) == (profile == "current")
    assert ("GraphDriver" in data) == (profile == "classic")


@pytest.mark.parametrize("profile", PROFILES)
def test_inspect_not_found(profile: str) -> None:
    _, sh = setup(profile)
    r = sh.run("docker image inspect nosuch")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        ["[]"],
        ["Error response from daemon: No such image: nosuch:latest"],
    )
    r = sh.run("docker inspect nosuch")
    assert (r.exit_code, r.stdout, r.stderr) == (1, ["[]"], ["error: no such object: nosuch"])


def test_inspect_some_found_some_not() -> None:
    _, sh = setup("current", "myapp1")
    r = sh.run("docker image inspect -f '{{.RepoTags}}' myapp1 nosuch")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        ["[myapp1:latest]"],
        ["Error response from daemon: No such image: nosuch:latest"],
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_inspect_format_templates(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0", "localhost:5000/myapp1:1.0")
    iid = image_id(world, "docker.io/library/myapp1:1.0")
    assert sh.run("docker image inspect -f '{{.Id}}' myapp1:1.0").stdout == [iid]
    assert sh.run("docker inspect --format '{{.RepoTags}}' myapp1:1.0").stdout == [
        "[myapp1:1.0 localhost:5000/myapp1:1.0]"
    ]
    assert sh.run("docker image inspect -f '{{.Config.Cmd}}' myapp1:1.0").stdout == ["[python app.py]"]
    digests = sh.run("docker image inspect -f '{{json .RepoDigests}}' myapp1:1.0").stdout
    d = digest_of(world, "docker.io/library/myapp1:1.0")
    expected = f'["myapp1@{d}","localhost:5000/myapp1@{d}"]' if profile == "current" else "[]"
    assert digests == [expected]
    # docker/cli inspector.go: the raw-JSON fallback runs with missingkey=error (TestTemplateInspectorRawFallbackError)
    nope = sh.run("docker image inspect -f '{{.Nope}}' myapp1:1.0")
    assert (nope.exit_code, nope.stdout) == (1, [""])
    r = sh.run("docker image inspect -f '{{foo .Id}}' myapp1:1.0")
    assert (r.exit_code, r.stderr) == (
        64,
        ['template parsing error: template: :1: function "foo" not defined'],
    )


def test_template_engine_subset() -> None:
    data = {"A": ["x", "y"], "M": {"b": 2, "a": 1}, "S": "str", "E": [], "N": 0}
    assert render_template("{{.A}} {{.M}} {{len .A}} {{index .A 1}}", data) == "[x y] map[a:1 b:2] 2 y"
    assert render_template('{{join .A ","}} {{upper .S}} {{json .M}}', data) == 'x,y STR {"b":2,"a":1}'
    assert render_template("{{range .A}}<{{.}}>{{end}}", data) == "<x><y>"
    assert render_template("{{if .E}}yes{{else if .N}}n{{else}}no{{end}}", data) == "no"
    assert render_template("{{with .S}}{{.}}!{{end}}", data) == "str!"
    assert render_template("{{.A | len}}", data) == "2"


# =========================================================================== helpers others import


@pytest.mark.parametrize("profile", PROFILES)
def test_find_local_image_and_names(profile: str) -> None:
    world, sh = setup(profile, "myapp1:1.0")
    store = world.machine.store
    d = digest_of(world, "docker.io/library/myapp1:1.0")
    image = store.images[d]
    assert find_local_image(store, profile, "myapp1:1.0") is image
    assert find_local_image(store, profile, short(image.image_id(profile))[:6]) is image
    assert find_local_image(store, profile, image.image_id(profile)) is image
    assert repo_tags(store, d) == ["myapp1:1.0"]
    assert repo_digests(store, image, profile) == ([f"myapp1@{d}"] if profile == "current" else [])
    with pytest.raises(Exception, match=r"^Error response from daemon: No such image: myapp1:latest$"):
        find_local_image(store, profile, "myapp1")
