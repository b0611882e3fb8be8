"""The eight defects of issue 8's source audit (docker/cli and moby v29.7, distribution v3.1), both profiles."""

from __future__ import annotations

import base64
import json

import pytest

from tutor.sim.shell import Shell
from tutor.sim.world import World

PROFILES = ["current", "classic"]


def shell_with(profile: str, *lines: str) -> tuple[World, Shell]:
    world = World.default(profile)
    shell = Shell(world)
    for line in lines:
        result = shell.run(line)
        assert result.exit_code == 0, f"{line}\n{result.text}"
    return world, shell


def digest_pulled(profile: str) -> tuple[World, Shell, str]:
    """myapp1:1.0 pushed, every local name removed, then pulled back by its digest."""
    world, shell = shell_with(
        profile, "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1", "docker push -q localhost:5000/myapp1:1.0"
    )
    digest = world.registry("localhost:5000").repository("myapp1").tags["1.0"]
    shell.run("docker rmi localhost:5000/myapp1:1.0")
    shell.run(f"docker rmi localhost:5000/myapp1@{digest}")  # graphdriver kept a RepoDigest from the push
    assert world.machine.store.images == {}
    assert shell.run(f"docker pull -q localhost:5000/myapp1@{digest}").ok
    return world, shell, digest


# 1 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(
    "command",
    [
        "docker images -q docker.io/library/myapp1",
        "docker images -q --filter reference=docker.io/library/myapp1",
        "docker images -q --filter reference=docker.io/library/myapp1:latest",
        "docker images -q 'docker.io/library/*'",
        "docker images -q myapp1",
        "docker images -q 'myapp*'",
    ],
)
def test_reference_filter_matches_familiar_and_canonical_forms(profile: str, command: str) -> None:
    """Docker 29.5+: moby daemon/containerd/image_list.go setupFilters and daemon/images/image_list.go match
    the pattern (path.Match) against FamiliarString, FamiliarName, TagNameOnly(ref).String() and ref.Name()
    (integration/image/list_test.go)."""
    _, shell = shell_with(profile, "docker build -q -t myapp1 ~/myapp1", "docker build -q -t localhost:5000/other ~/myapp2")
    out = shell.run(command).stdout
    assert len(out) == 1 and len(out[0]) == 12
    assert shell.run("docker images -q docker.io/library/other").stdout == []
    assert len(shell.run("docker images -q localhost:5000/other:latest").stdout) == 1


# 2 and 3 --------------------------------------------------------------------------------------------


def test_current_pull_by_digest_names_the_image_repo_at_digest() -> None:
    """containerd store: the pull stores an image named name@digest (daemon/containerd/image_pull.go);
    image_list.go puts every name's FamiliarString in RepoTags, so `docker images` lists it without -a;
    image_inspect.go collectRepoTagsAndDigests gives RepoTags and RepoDigests both ``repo@sha256:…``."""
    _, shell, digest = digest_pulled("current")
    name = f"localhost:5000/myapp1@{digest}"
    rows = shell.run("docker images").stdout
    # docker/cli tree.go: off a terminal the name column is as wide as the widest name (v29.0.1, v29.0.4)
    assert len(rows) == 2 and rows[1].startswith(f"{name}   ")
    inspect = shell.run(f"docker image inspect --format '{{{{json .RepoTags}}}} {{{{json .RepoDigests}}}}' {name}")
    assert inspect.stdout == [f'["{name}"] ["{name}"]']
    table = shell.run("docker images --format '{{.Repository}} {{.Tag}}'").stdout
    assert table == ["localhost:5000/myapp1 <none>"]  # formatter/image.go: digest-only references row


def test_classic_digest_only_image_is_dangling_for_the_cli() -> None:
    """graphdriver: RepoTags stay empty after a pull by digest (only NamedTagged refs go there,
    daemon/images/image_list.go); docker/cli 29 list.go isDangling is len(RepoTags) == 0, so the
    image is hidden without -a, and -a shows the repository with tag <none> (formatter/image.go)."""
    _, shell, digest = digest_pulled("classic")
    assert shell.run("docker images").stdout == ["REPOSITORY   TAG       IMAGE ID   CREATED   SIZE"]
    shown = shell.run("docker images -a --format '{{.Repository}} {{.Tag}}'").stdout
    assert shown == ["localhost:5000/myapp1 <none>"]
    assert shell.run("docker images -q --filter dangling=true").stdout != []  # dangling=true keeps it
    inspect = shell.run(f"docker image inspect --format '{{{{json .RepoTags}}}}' localhost:5000/myapp1@{digest}")
    assert inspect.stdout == ["[]"]


# 4 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_login_writes_the_config_file_and_a_repeat_is_silent(profile: str) -> None:
    """docker/cli cli/config/configfile/file.go SaveToWriter (MarshalIndent with a tab, ``auths`` with the
    base64 ``auth`` only) and cli/config/credentials/file_store.go Store (identical credentials: no save,
    no warning)."""
    world, shell = shell_with(profile)
    first = shell.run("docker login -u alice -p s3cret localhost:5000")
    assert first.ok and any("stored unencrypted in '/home/learner/.docker/config.json'" in line for line in first.stderr)
    text = world.machine.fs.read("/home/learner/.docker/config.json")
    auth = base64.b64encode(b"alice:s3cret").decode()
    assert text == '{\n\t"auths": {\n\t\t"localhost:5000": {\n\t\t\t"auth": "' + auth + '"\n\t\t}\n\t}\n}'
    again = shell.run("docker login -u alice -p s3cret localhost:5000")
    assert again.stderr == ["WARNING! Using --password via the CLI is insecure. Use --password-stdin."]
    assert again.stdout == ["Login Succeeded"]
    shell.run("docker logout localhost:5000")
    assert json.loads(world.machine.fs.read("/home/learner/.docker/config.json")) == {"auths": {}}


# 5 ------------------------------------------------------------------------------------------------


def test_current_digests_column_has_one_digest_per_target() -> None:
    """containerd image_list.go: uniqueImages keeps one image per target and singlePlatformImage builds
    the only RepoDigest from its name, so the other names of that target show <none> (formatter/image.go)."""
    _, shell = shell_with("current", "docker build -q -t a:1 ~/myapp1", "docker tag a:1 b:1")
    rows = shell.run("docker images --digests --format '{{.Repository}}:{{.Tag}} {{.Digest}}'").stdout
    assert rows[0] == "a:1 <none>"
    assert rows[1].startswith("b:1 sha256:")


def test_classic_digests_come_from_push_and_pull_only() -> None:
    _, shell = shell_with("classic", "docker build -q -t a:1 ~/myapp1", "docker tag a:1 b:1")
    rows = shell.run("docker images --digests --format '{{.Repository}}:{{.Tag}} {{.Digest}}'").stdout
    assert rows == ["a:1 <none>", "b:1 <none>"]


# 6 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_registry_error_details_are_the_error_text(profile: str) -> None:
    """distribution registry/api/errcode/errors.go MarshalJSON: ``if detail, ok := tmpErr.Detail.(error)``
    the detail is ``detail.Error()``: ErrTagUnknown "unknown tag=%s", ErrManifestUnknownRevision
    "unknown manifest name=%s revision=%s" (errors.go)."""
    _, shell = shell_with(profile)
    body = shell.run("curl -s http://localhost:5000/v2/myapp1/manifests/nosuch").stdout
    assert body == ['{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":"unknown tag=nosuch"}]}']
    digest = "sha256:" + "a" * 64
    body = shell.run(f"curl -s http://localhost:5000/v2/myapp1/manifests/{digest}").stdout
    assert json.loads(body[0])["errors"][0]["detail"] == f"unknown manifest name=myapp1 revision={digest}"


# 7 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_images_format_json_keys(profile: str) -> None:
    """docker/cli formatter/image.go (no VirtualSize in v29; MarshalJSON of a map sorts keys); Containers
    is counted on API >= 1.51 (moby daemon/server/router/image/image_routes.go noContainers)."""
    _, shell = shell_with(profile, "docker build -q -t myapp1:1.0 ~/myapp1")
    [line] = shell.run("docker images --format json").stdout
    data = json.loads(line)
    assert list(data) == [
        "Containers", "CreatedAt", "CreatedSince", "Digest", "ID", "Repository", "SharedSize", "Size", "Tag",
        "UniqueSize",
    ]
    assert data["Containers"] == "0"
    bad = shell.run("docker images --format '{{.VirtualSize}}'")
    assert bad.exit_code != 0
    assert bad.stderr == [  # formatter.go contextFormat: fmt.Errorf("template parsing error: %w", err)
        'template parsing error: template: :1:2: executing "" at <.VirtualSize>: can\'t evaluate field '
        "VirtualSize in type *formatter.imageContext"
    ]


# 8 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_rmi_without_argument_says_see(profile: str) -> None:
    """docker/cli cli/required.go RequiresMinArgs: "See '%[2]s --help' for more information"."""
    _, shell = shell_with(profile)
    r = shell.run("docker rmi")
    assert r.exit_code == 1
    assert r.stderr == [
        "docker: 'docker rmi' requires at least 1 argument",
        "",
        "Usage:  docker rmi [OPTIONS] IMAGE [IMAGE...]",
        "",
        "See 'docker rmi --help' for more information",
    ]
    assert shell.run("docker tag x").stderr[-1] == "Run 'docker tag --help' for more information"  # ExactArgs


@pytest.mark.parametrize("profile", PROFILES)
def test_login_note_follows_a_blank_line(profile: str) -> None:
    """docker/cli internal/tui/note.go printNoteWithOptions writes "\\n" before the header; login.go
    loginWithStoredCredentials then writes "\\n\\n"."""
    _, shell = shell_with(profile, "docker login -u alice -p pw localhost:5000")
    r = shell.run("docker login localhost:5000")
    assert r.stderr == [
        "Authenticating with existing credentials... [Username: alice]",
        "",
        " Info -> To login with a different account, run 'docker logout' followed by 'docker login'",
        "",
        "",
    ]
