"""Docker-fidelity audit of the simulator against docker/cli v29.7.2, moby docker-v29.7.2 and
distribution v3.1.1 (snapshots under /work/.mirror, paths below are inside those repositories).

Every behaviour of /work/shared/docker-reference/{cli_behaviour,registry_semantics}.md and the seed
article's flow was run in the simulator and compared with the source; this file holds the cases no
other test pinned down yet (and the ones fixed). Status: "fixed" = the simulator was wrong and was
changed; "was right" = it matched, the test keeps it so.

| behaviour | upstream file | status |
|---|---|---|
| pull NAME:TAG@DIGEST: the daemon sees only the digest | moby client/image_pull.go getAPITagFromNamedRef | fixed |
| pull NAME:TAG@unknown digest: error names NAME@DIGEST | moby daemon/containerd/image_pull.go, distribution/errors.go | fixed |
| help says where push/pull/build progress is simplified | moby client/pkg/jsonmessage/jsonmessage.go (non-terminal) | fixed |
| help says unknown registry hosts are a world limit | (design.md: say where the simulator simplifies) | fixed |
| `docker`/`docker image` help says it lists only simulated ones | docker/cli cli/cobra.go usage template (grouped commands) | fixed |
| `docker` / `docker image` alone print help on stderr | docker/cli cli/command/cli.go ShowHelp | fixed |
| `docker image foo`: NoArgs message with "Usage:  docker image" | docker/cli cli/required.go NoArgs | fixed |
| --disable-content-trust hidden from --help, warns when used | docker/cli cli/command/image/pull.go, push.go; pflag Set | fixed |
| --help wraps flag usages at 79 columns | docker/cli cli/cobra.go wrappedFlagUsages; pflag wrap | fixed |
| push --platform usage text of 29.7 | docker/cli cli/command/image/push.go | fixed |
| --format usages (FormatHelp/InspectFormatHelp), rmi `strings` | docker/cli cli/flags/options.go, image/remove.go, inspect.go | fixed |
| unknown shorthand flag: exit 125, usage, "Run ... --help" | docker/cli cli/cobra.go FlagErrorFunc | was right |
| docker tag: client/image_tag_test.go's invalid targets | moby client/image_tag.go, client/image_tag_test.go | was right |
| docker tag: TestTagValidPrefixedRepo targets, MyOrg/app | moby integration/image/tag_test.go; reference normalize.go | was right |
| uppercase name messages name the normalised path | distribution/reference normalize.go ParseNormalizedNamed | was right |
| 247/248-char names (path counts library/) | distribution/reference reference.go (v0.6.0) | was right |
| `localhost:5000` alone is repo localhost, tag 5000 | distribution/reference normalize.go splitDockerDomain | was right |
| docker tag by ID / by sha256: / by name@digest | moby client/image_tag.go ParseAnyReference | was right |
| tag source missing: "No such image: sha256:…" for a 64-hex ID | moby daemon/images/image.go ErrImageDoesNotExist | was right |
| rmi " " -> image name cannot be blank | moby daemon/server/router/image/image_routes.go | was right |
| rmi: stdout Untagged lines first, joined errors at the end | docker/cli cli/command/image/remove.go runRemove | was right |
| rmi by ID, three tags: must be forced; -f untags all | moby daemon/containerd/image_delete.go | was right |
| images --format {{json .}}: Digest <none> unless asked | docker/cli cli/command/formatter/image.go needDigest | was right |
| images --format unknown field: "template parsing error: …" | docker/cli cli/command/formatter/formatter.go contextFormat | fixed |
| images --filter until=… (was accepted, ignored) | moby daemon/containerd/image_list.go; internal/timestamp | fixed |
| `docker images ls` hint without a leading blank line (29.5+) | docker/cli cli/command/image/list.go printAmbiguousHint | fixed |
| tree view never cuts names off a terminal (was "…sha2...") | docker/cli cli/command/image/tree.go (v29.0.1, v29.0.4) | fixed |
| docker rm -f missing container: silent, exit 0 | docker/cli cli/command/container/rm.go (ee4c249cc2, v29.7.0) | fixed |
| push --platform note: stdout, blank line, " Info -> " header | docker/cli cli/command/image/push.go; internal/tui/note.go | fixed |
| login -p - means --password-stdin (v29.6) | docker/cli cli/command/registry/login.go (450df790a0) | fixed |
| notes without colour use the " Info -> " header | docker/cli internal/tui/note.go InfoHeader.Plain | fixed |
| images --format raw (was printed literally) | docker/cli cli/command/formatter/image.go NewImageFormat | fixed |
| images --filter dangling=maybe -> invalid filter 'dangling=[maybe]' | moby daemon/internal/filters parse.go GetBoolOrDefault | fixed (audit3) |
| images -a shows <untagged>/<none> after a rebuild moves a tag | docker/cli cli/command/image/tree.go, formatter/image.go | was right |
| docker inspect: `error: no such object: X` (29.0 wording) | docker/cli cli/command/system/inspect.go inspectAll | fixed |
| docker inspect --type foo / "": unknown type / type is empty | docker/cli cli/command/system/inspect.go | fixed |
| docker inspect -s on an image: WARNING: --size ignored | docker/cli cli/command/system/inspect.go inspectAll | fixed |
| inspect -f: typed struct (.ID) then raw JSON, missingkey=error | docker/cli cli/command/inspect/inspector.go | fixed |
| docker.io/library/ and index.docker.io/ normalisation | distribution/reference normalize.go | was right |
| GET manifest sha256:baddigeststring is looked up as a tag | distribution registry/handlers/manifests.go dispatcher | was right |
| DELETE unknown digest: MANIFEST_UNKNOWN without detail | distribution registry/handlers/manifests.go DeleteManifest | was right |
| tags/list after its last tag is deleted: "tags":[] | distribution registry/handlers/tags.go (c36fab07), storage/tagstore.go | was right |
| tags/list n=foo detail {"n":0}; catalog n=-1 detail {"n":"-1"} | distribution registry/handlers/tags.go, catalog.go | was right |
| repository name over 255: 500 UNKNOWN, ErrRepositoryNameInvalid | distribution registry/handlers/app.go, errcode/handler.go | was right |

Checked and already covered elsewhere (not repeated here): push/pull transcripts, Using default tag,
tag does not exist / An image does not exist locally, pull access denied, manifest unknown wording,
cannot push a digest reference, -a with a tag, RequiresMinArgs "See", tree and classic tables, --digests,
reference filters, rmi conflicts and containers, manifest inspect --insecure, login/logout,
the registry's TestTagsAPI table, catalog paging, Accept negotiation, DELETE by tag, GC.
Three fixes are tested where their old expectations lived:
tests/sim/test_images_cmds.py::test_tree_never_truncates_names_off_a_terminal and
tests/sim/test_containers.py::test_rm_missing_container; the push note in
tests/sim/test_push_pull.py::test_push_platform_prints_the_cli_note.
"""

from __future__ import annotations

import json

import pytest

from tests.sim.test_source_audit import shell_with
from tutor.sim.shell import Shell
from tutor.sim.world import World

PROFILES = ["current", "classic"]
ZERO = "sha256:" + "0" * 64


def pushed(profile: str) -> tuple[World, Shell, str]:
    """localhost:5000/myapp1:1.0 built and pushed; returns the digest the tag names in the registry."""
    world, shell = shell_with(
        profile,
        "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1",
        "docker push -q localhost:5000/myapp1:1.0",
    )
    return world, shell, world.registry("localhost:5000").repository("myapp1").tags["1.0"]


def body(result) -> dict:
    """The JSON body of a `curl -s` answer."""
    return json.loads(result.stdout[-1])


# --- fixed -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_with_tag_and_digest_sends_only_the_digest(profile: str) -> None:
    """moby client/image_pull.go: ImagePull sends fromImage=ref.Name() and tag=getAPITagFromNamedRef(ref),
    which is the digest when there is one, so the daemon (image_routes.go postImagesCreate) pulls
    NAME@DIGEST: the progress ID and the Status line have no tag (containerd image_pull.go tagOrDigest,
    graphdriver pull_v2.go), no tag is created, and only docker/cli pull.go's last line prints
    distributionRef.String() with both."""
    world, shell, digest = pushed(profile)
    shell.run("docker rmi localhost:5000/myapp1:1.0")
    result = shell.run(f"docker pull localhost:5000/myapp1:2.0@{digest}")
    digested = f"localhost:5000/myapp1@{digest}"
    assert result.exit_code == 0, result.text
    assert result.stdout[0] == f"{digested}: Pulling from myapp1"
    assert result.stdout[-3:] == [
        f"Digest: {digest}",
        f"Status: Downloaded newer image for {digested}",
        f"localhost:5000/myapp1:2.0@{digest}",
    ]
    assert (
        "localhost:5000/myapp1:2.0" not in shell.run("docker images --format '{{.Repository}}:{{.Tag}}'").text
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_pull_with_tag_and_unknown_digest_names_the_digest_only(profile: str) -> None:
    """The daemon's reference is NAME@DIGEST (client/image_pull.go), so the not-found error names it:
    containerd resolver `failed to resolve reference "…": …: not found` (containerd/v2 client/pull.go),
    graphdriver `manifest for %s not found` with reference.FamiliarString (daemon/internal/distribution/errors.go)."""
    _, shell, _ = pushed(profile)
    result = shell.run(f"docker pull localhost:5000/myapp1:1.0@{ZERO}")
    ref = f"localhost:5000/myapp1@{ZERO}"
    expected = (
        f"Error response from daemon: manifest for {ref} not found: manifest unknown: manifest unknown"
        if profile == "classic"
        else f'Error response from daemon: failed to resolve reference "{ref}": {ref}: not found'
    )
    assert (result.exit_code, result.stdout, result.stderr) == (1, [], [expected])


def test_help_flags_the_progress_output_simplification() -> None:
    """moby client/pkg/jsonmessage/jsonmessage.go (used by docker/cli) prints every status line when stdout is not a
    terminal (Preparing, Waiting, ...); the simulator shows a terminal's final frame, so it says so."""
    text = Shell(World.default()).run("help simplifications").text
    assert "push and pull show each layer's last status" in text
    assert "Preparing/Waiting/Downloading/Extracting" in text
    assert "--progress=plain" in text


def test_help_flags_that_other_registry_hosts_are_not_simulated() -> None:
    """A real laptop resolves ghcr.io; the simulated one answers `no such host`, and help says why."""
    shell = Shell(World.default())
    result = shell.run("docker pull ghcr.io/foo/bar:1")
    assert result.stderr[-1].endswith("dial tcp: lookup ghcr.io: no such host")
    assert "any\n    other host (ghcr.io, quay.io, ...)" in shell.run("help simplifications").text


@pytest.mark.parametrize("line", ["docker", "docker --help", "docker image"])
def test_command_lists_say_they_are_partial(line: str) -> None:
    """docker/cli's root and management help list every command (Common Commands, Management Commands,
    Swarm Commands, Commands); the simulator lists only its own, so it says so."""
    result = Shell(World.default()).run(line)
    assert result.output[-1][1] == (
        "registry-tutor: only the commands this simulator covers are listed; real Docker lists more."
    )


@pytest.mark.parametrize(
    ("line", "stream"),
    [
        ("docker", 2),
        ("docker --help", 1),
        ("docker help", 1),
        ("docker image", 2),
        ("docker image --help", 1),
    ],
)
def test_help_without_arguments_goes_to_stderr(line: str, stream: int) -> None:
    """cmd/docker/docker.go and cli/command/image/cmd.go: with no arguments the RunE is
    command.ShowHelp(dockerCli.Err()) (cli/command/cli.go: SetOut(err), exit 0); --help and `help` print
    through cobra's help command on stdout."""
    result = Shell(World.default()).run(line)
    assert result.exit_code == 0
    assert {s for s, _ in result.output} == {stream}


@pytest.mark.parametrize(
    ("line", "lines"),
    [
        (
            "docker foo",
            ["docker: unknown command: docker foo", "", "Run 'docker --help' for more information"],
        ),
        (
            "docker image foo",
            [
                "docker: unknown command: docker image foo",
                "",
                "Usage:  docker image",
                "",
                "Run 'docker image --help' for more information",
            ],
        ),
    ],
)
def test_unknown_command_wording(line: str, lines: list[str]) -> None:
    """cmd/docker/docker.go root RunE for `docker foo`; a management command has Args: cli.NoArgs, whose
    message for a command with subcommands includes its UseLine (cli/required.go NoArgs)."""
    result = Shell(World.default()).run(line)
    assert (result.exit_code, result.stderr) == (1, lines)


# --- CLI argument handling ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "usage", "flag"),
    [
        (
            "docker tag -busybox:test myapp1",
            "docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
            "'b' in -busybox:test",
        ),
        ("docker rmi -x foo", "docker rmi [OPTIONS] IMAGE [IMAGE...]", "'x' in -x"),
    ],
)
def test_unknown_shorthand_flag_is_a_125_usage_error(line: str, usage: str, flag: str) -> None:
    """docker/cli cli/cobra.go FlagErrorFunc: "%s\\n\\nUsage:  %s\\n\\nRun '%s --help' for more information"
    with StatusCode 125 (pflag: `unknown shorthand flag: 'b' in -busybox:test`). docker tag parses flags
    only before SOURCE (tag.go SetInterspersed(false)): after it, "-busybox:test" is a target name
    (test_fidelity_audit3.py)."""
    result = Shell(World.default()).run(line)
    command = usage.split(" [")[0].split(" SOURCE")[0]
    assert result.exit_code == 125
    assert result.stderr == [
        f"unknown shorthand flag: {flag}",
        "",
        f"Usage:  {usage}",
        "",
        f"Run '{command} --help' for more information",
    ]


@pytest.mark.parametrize("command", ["docker pull", "docker push", "docker image pull", "docker image push"])
def test_disable_content_trust_is_hidden_and_warns(command: str) -> None:
    """docker/cli 29.7 cli/command/image/pull.go and push.go keep `--disable-content-trust` only with
    flags.MarkDeprecated("…", "support for docker content trust was removed"): pflag hides it from the
    usage and, when it is set, writes `Flag --%s has been deprecated, %s` (spf13/pflag flag.go Set) to the
    flag set's output, which cobra's ParseFlags prints with c.Print, i.e. the CLI's stdout."""
    shell = Shell(World.default())
    assert "content-trust" not in shell.run(f"{command} --help").text
    result = shell.run(f"{command} --disable-content-trust")  # the warning comes before the arity check
    assert result.output[0] == (
        1,
        "Flag --disable-content-trust has been deprecated, support for docker content trust was removed",
    )
    assert result.stderr[0] == f"docker: '{command}' requires 1 argument"


def test_help_wraps_flag_usages_at_79_columns() -> None:
    """docker/cli cli/cobra.go wrappedFlagUsages: FlagUsagesWrapped(width - 1) with defaultTermWidth 80
    off a terminal; spf13/pflag flag.go wrap indents continuation lines to the usage column."""
    lines = Shell(World.default()).run("docker rmi --help").stdout
    assert lines[-6:] == [
        "Options:",
        "  -f, --force              Force removal of the image",
        "      --no-prune           Do not delete untagged parents",
        "      --platform strings   Remove only the given platform variant.",
        '                           Formatted as "os[/arch[/variant]]" (e.g.,',
        '                           "linux/amd64")',
    ]
    assert all(len(line) <= 79 for line in Shell(World.default()).run("docker build --help").stdout[8:])


def test_format_flag_usages_are_the_docker_cli_texts() -> None:
    """docker/cli cli/flags/options.go FormatHelp (list commands) and InspectFormatHelp (inspect commands),
    multi-line usages that pflag indents to the usage column; rmi's --platform is a StringSliceVar, whose
    pflag type name is `strings` (cli/command/image/remove.go)."""
    shell = Shell(World.default())
    images = shell.run("docker images --help").stdout
    start = images.index("      --format string   Format output using a custom template:")
    assert images[start + 1 : start + 3] == [
        "                        'table':            Print output in table format",
        "                        with column headers (default)",
    ]
    inspect = " ".join(shell.run("docker image inspect --help").text.split())
    assert (
        "-f, --format string Format output using a custom template: 'json': Print in JSON format "
        "'TEMPLATE': Print output using the given Go template. Refer to https://docs.docker.com/go/formatting/ "
        "for more information about formatting output with templates"
    ) in inspect
    assert "If the image or the server is not multi-platform capable" in inspect


def test_push_platform_usage_is_the_29_7_text() -> None:
    """docker/cli cli/command/image/push.go: the --platform usage has three lines (pflag keeps the newlines,
    indenting each to the usage column); the simulator's own note is a separate line after the options
    (test_fidelity_audit3.py)."""
    text = " ".join(Shell(World.default()).run("docker push --help").text.split())
    assert (
        "--platform string Push a platform-specific manifest as a single-platform image to the registry. "
        "Image index won't be pushed, meaning that other manifests, including attestations won't be preserved. "
        "'os[/arch[/variant]]': Explicit platform (eg. linux/amd64) -q, --quiet"
    ) in text


def test_login_password_dash_reads_stdin() -> None:
    """docker/cli cli/command/registry/login.go (450df790a0, v29.6.0): `-p -` is --password-stdin, so it
    needs --username, prints no "Using --password" warning, and here finds no stdin to read."""
    shell = Shell(World.default())
    result = shell.run("docker login -p - localhost:5000")
    assert (result.exit_code, result.stderr) == (
        1,
        ["the --password-stdin option requires --username to be set"],
    )
    result = shell.run("docker login -u learner -p - localhost:5000")
    assert result.exit_code == 1 and result.stderr[0].startswith("registry-tutor: --password-stdin reads")
    assert "localhost:5000" not in shell.world.machine.auth


# --- docker tag and reference parsing ---------------------------------------------------------------------

# moby client/image_tag_test.go TestImageTagInvalidReference: every target fails with
# `error parsing reference: "<target>" is not a valid repository/tag: <ParseNormalizedNamed error>`
INVALID_TARGETS = {
    "fo$z$": "invalid reference format",
    "Foo@3cc": "invalid reference format: repository name (library/Foo@3cc) must be lowercase",
    "Foo$3": "invalid reference format: repository name (library/Foo$3) must be lowercase",
    "Foo*3": "invalid reference format: repository name (library/Foo*3) must be lowercase",
    "Fo^3": "invalid reference format: repository name (library/Fo^3) must be lowercase",
    "Foo!3": "invalid reference format: repository name (library/Foo!3) must be lowercase",
    "F)xcz(": "invalid reference format: repository name (library/F)xcz() must be lowercase",
    "fo%asd": "invalid reference format",
    "aa/asdf$$^/aa": "invalid reference format",
    "repo:fo$z$": "invalid reference format",
    "repo:Foo@3cc": "invalid reference format",
    "repo:Foo$3": "invalid reference format",
    "repo:%goodbye": "invalid reference format",
    "repo:#hashtagit": "invalid reference format",
    "repo:-foo": "invalid reference format",
    "repo:..": "invalid reference format",
    "myapp1:" + "a" * 129: "invalid reference format",
    "my___app": "invalid reference format",
    "": "invalid reference format",
}


@pytest.mark.parametrize(("target", "error"), INVALID_TARGETS.items())
def test_tag_invalid_targets(target: str, error: str) -> None:
    """moby client/image_tag.go wraps the ParseNormalizedNamed error (distribution/reference normalize.go:
    the lowercase check runs on everything before the first `:` with `library/` added, before the grammar
    check, so `Foo$3` and even `Foo@3cc` are reported as uppercase names)."""
    _, shell = shell_with("current", "docker build -q -t myapp1 ~/myapp1")
    quoted = "'" + target.replace("'", "'\\''") + "'"
    result = shell.run(f"docker tag myapp1 {quoted}")
    assert (result.exit_code, result.stderr) == (
        1,
        [f'error parsing reference: "{target}" is not a valid repository/tag: {error}'],
    )


@pytest.mark.parametrize(
    ("target", "listed"),
    [
        ("fooo/bar", "fooo/bar:latest"),
        ("fooaa/test", "fooaa/test:latest"),
        ("foooo:t", "foooo:t"),
        ("HOSTNAME.DOMAIN.COM:443/foo/bar", "HOSTNAME.DOMAIN.COM:443/foo/bar:latest"),
        ("MyOrg/app", "MyOrg/app:latest"),  # an uppercase first component is a registry host
        ("Docker/docker", "Docker/docker:latest"),
        ("myapp1:Latest", "myapp1:Latest"),  # tags are case-sensitive
        ("my__app", "my__app:latest"),
        ("localhost:5000", "localhost:5000"),  # name localhost, tag 5000
        ("localhost", "localhost:latest"),
        ("a" * 247, "a" * 247 + ":latest"),  # library/ + 247 = 255
        ("example.com/" + "a" * 255, "example.com/" + "a" * 255 + ":latest"),  # the domain is not counted
    ],
)
def test_tag_valid_targets(target: str, listed: str) -> None:
    """moby integration/image/tag_test.go TestTagValidPrefixedRepo; distribution/reference normalize_test.go
    (`Docker/docker` valid, `Foo/bar` has Domain Foo); reference v0.6.0 counts the path only (aaca75e)."""
    _, shell = shell_with("current", "docker build -q -t myapp1 ~/myapp1")
    result = shell.run(f"docker tag myapp1 {target}")
    assert (result.exit_code, result.output) == (0, [])
    names = shell.run("docker images --format '{{.Repository}}:{{.Tag}}'").stdout
    assert listed in names


def test_tag_name_one_character_too_long() -> None:
    """distribution/reference reference.go: len(path) > 255, and the path of a Hub name includes library/."""
    _, shell = shell_with("current", "docker build -q -t myapp1 ~/myapp1")
    name = "a" * 248
    result = shell.run(f"docker tag myapp1 {name}")
    assert result.stderr == [
        f'error parsing reference: "{name}" is not a valid repository/tag: '
        "repository name must not be more than 255 characters"
    ]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (
            "docker pull localhost:5000/MyApp:1.0",
            "invalid reference format: repository name (MyApp) must be lowercase",
        ),
        ("docker push myorg/App", "invalid reference format: repository name (myorg/App) must be lowercase"),
        ("docker pull MyApp", "invalid reference format: repository name (library/MyApp) must be lowercase"),
    ],
)
def test_uppercase_repository_errors_name_the_normalised_path(line: str, error: str) -> None:
    """distribution/reference normalize.go: `repository name (%s) must be lowercase` with the remainder after
    splitDockerDomain (library/ added for Hub names only); push/pull return it unwrapped (push.go, pull.go)."""
    result = Shell(World.default()).run(line)
    assert (result.exit_code, result.output) == (1, [(2, error)])


@pytest.mark.parametrize("profile", PROFILES)
def test_tag_source_by_id_by_full_id_and_by_digested_name(profile: str) -> None:
    """moby client/image_tag.go parses the source with ParseAnyReference: a short ID, `sha256:<hex>` and
    `name@digest` all name the image; the daemon resolves them (daemon/images/image.go GetImage)."""
    world, shell, digest = pushed(profile)
    image_id = shell.run("docker inspect --format '{{.Id}}' localhost:5000/myapp1:1.0").stdout[0]
    for n, source in enumerate([image_id[7:19], image_id, f"localhost:5000/myapp1@{digest}"]):
        result = shell.run(f"docker tag {source} localhost:5000/myapp1:v{n}")
        assert (result.exit_code, result.output) == (0, []), source
    ids = shell.run("docker images -q localhost:5000/myapp1").stdout
    assert set(ids) == {image_id[7:19]}
    assert world.machine.store.tag_digest("localhost:5000/myapp1", "v2") is not None


@pytest.mark.parametrize("source", ["0" * 64, ZERO])
def test_tag_missing_source_given_as_an_id(source: str) -> None:
    """A 64-hex source parses as a digest reference (ParseAnyReference), and ErrImageDoesNotExist prints
    reference.FamiliarString of it: `No such image: sha256:<hex>` (daemon/images/image.go)."""
    result = Shell(World.default()).run(f"docker tag {source} x")
    assert result.stderr == [f"Error response from daemon: No such image: {ZERO}"]


def test_docker_io_and_index_docker_io_are_normalised_away() -> None:
    """distribution/reference normalize.go: index.docker.io is the legacy Hub domain, docker.io is the
    default, library/ is added to one-component Hub paths; FamiliarString drops all of it."""
    _, shell = shell_with(
        "current",
        "docker build -q -t myapp1 ~/myapp1",
        "docker tag myapp1 index.docker.io/foo",
        "docker tag myapp1 docker.io/bar:1",
        "docker tag myapp1 docker.io/library/baz:2",
        "docker tag myapp1 docker.io/someone/qux",
    )
    names = shell.run("docker images --format '{{.Repository}}:{{.Tag}}'").stdout
    assert sorted(names) == ["bar:1", "baz:2", "foo:latest", "myapp1:latest", "someone/qux:latest"]
    result = shell.run("docker rmi docker.io/library/foo:latest index.docker.io/library/bar:1")
    assert result.stdout == ["Untagged: foo:latest", "Untagged: bar:1"]


# --- docker rmi --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_rmi_blank_name(profile: str) -> None:
    """moby daemon/server/router/image/image_routes.go: `image name cannot be blank` (InvalidParameter);
    asserted by integration-cli/docker_cli_rmi_test.go TestRmiBlank."""
    result = Shell(World.default(profile)).run('docker rmi " "')
    assert (result.exit_code, result.stderr) == (
        1,
        ["Error response from daemon: image name cannot be blank"],
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_rmi_several_names_prints_removals_then_the_joined_errors(profile: str) -> None:
    """docker/cli cli/command/image/remove.go runRemove: Untagged/Deleted lines are printed as each name is
    removed; the errors are joined (errors.Join) and returned at the end; with -f, NotFound-only errors go
    to stderr and the exit status is 0."""
    _, shell = shell_with(profile, "docker build -q -t myapp1 ~/myapp1", "docker tag myapp1 myapp1:2")
    result = shell.run("docker rmi nosuch myapp1 nosuch2")
    assert result.exit_code == 1
    assert result.output == [
        (1, "Untagged: myapp1:latest"),
        (2, "Error response from daemon: No such image: nosuch:latest"),
        (2, "Error response from daemon: No such image: nosuch2:latest"),
    ]
    forced = shell.run("docker rmi -f nosuch myapp1:2")
    assert forced.exit_code == 0
    assert forced.stdout[0] == "Untagged: myapp1:2" and forced.stdout[1].startswith("Deleted: sha256:")
    assert forced.stderr == ["Error response from daemon: No such image: nosuch:latest"]


def test_rmi_by_id_with_three_names_must_be_forced_containerd() -> None:
    """moby daemon/containerd/image_delete.go: deleting by ID when more than one name points at the target
    is a soft conflict `conflict: unable to delete <12hex> (must be forced) - image is referenced in multiple
    repositories`; -f untags every name, then deletes the image."""
    world, shell = shell_with(
        "current",
        "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1",
        "docker tag localhost:5000/myapp1:1.0 localhost:5000/myapp1:latest",
        "docker tag localhost:5000/myapp1:1.0 localhost:5000/other:1.0",
    )
    short = shell.run("docker images -q").stdout[0]
    refused = shell.run(f"docker rmi {short}")
    assert refused.stderr == [
        f"Error response from daemon: conflict: unable to delete {short} (must be forced) - "
        "image is referenced in multiple repositories"
    ]
    forced = shell.run(f"docker rmi -f {short}")
    assert forced.stdout[:3] == [
        "Untagged: localhost:5000/myapp1:1.0",
        "Untagged: localhost:5000/myapp1:latest",
        "Untagged: localhost:5000/other:1.0",
    ]
    assert forced.stdout[3].startswith(f"Deleted: sha256:{short}") and world.machine.store.images == {}


# --- docker images ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_images_json_format_shows_digest_only_when_the_template_asks(profile: str) -> None:
    """docker/cli cli/command/formatter/image.go needDigest: digests are looked up only with --digests or a
    format containing `{{.Digest}}`; `{{json .}}` (and --format json) therefore say "<none>" (escaped by
    encoding/json as \\u003cnone\\u003e), while `{{.Digest}}` shows the repository digest."""
    _, shell, digest = pushed(profile)
    row = json.loads(shell.run("docker images --format '{{json .}}'").stdout[0])
    assert row["Digest"] == "<none>" and row["Repository"] == "localhost:5000/myapp1" and row["Tag"] == "1.0"
    assert "\\u003cnone\\u003e" in shell.run("docker images --format json").stdout[0]
    assert shell.run("docker images --format '{{.Tag}} {{.Digest}}'").stdout == [f"1.0 {digest}"]


def test_images_format_unknown_field_is_a_template_error() -> None:
    """text/template exec error on *formatter.imageContext (cli/command/formatter/image.go), which
    formatter.go contextFormat wraps as `template parsing error: %w` like a parse error."""
    _, shell = shell_with("current", "docker build -q -t myapp1 ~/myapp1")
    result = shell.run("docker images --format '{{.Nope}}'")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        [],
        [
            'template parsing error: template: :1:2: executing "" at <.Nope>: '
            "can't evaluate field Nope in type *formatter.imageContext"
        ],
    )


def test_images_raw_format() -> None:
    """docker/cli cli/command/formatter/image.go NewImageFormat: `--format raw` is a keyword (RawFormatKey)
    with its own templates, ending in a newline so records are separated by a blank line
    (formatter.go contextFormat adds one more); with -q it is `image_id: {{.ID}}`."""
    _, shell = shell_with("current", "docker build -q -t myapp1 ~/myapp1")
    short_id = shell.run("docker images -q").stdout[0]
    created = shell.run("docker images --format '{{.CreatedAt}}'").stdout[0]
    assert shell.run("docker images --format raw").stdout == [
        "repository: myapp1",
        "tag: latest",
        f"image_id: {short_id}",
        f"created_at: {created}",
        "virtual_size: 155MB",
        "",
    ]
    assert shell.run("docker images --format raw -q").stdout == [f"image_id: {short_id}"]
    assert shell.run("docker images --format raw --digests").stdout[2].startswith("digest: sha256:")


@pytest.mark.parametrize("profile", PROFILES)
def test_images_dangling_filter_needs_a_boolean(profile: str) -> None:
    """moby api/types/filters/parse.go GetBoolOrDefault: a value other than true/false/1/0 is an
    invalidFilter, whose Error() prints the values as a Go slice: `invalid filter 'dangling=[maybe]'`
    (moby daemon/internal/filters/errors.go; more cases in test_fidelity_audit3.py)."""
    result = Shell(World.default(profile)).run("docker images --filter dangling=maybe")
    assert (result.exit_code, result.stderr) == (
        1,
        ["Error response from daemon: invalid filter 'dangling=[maybe]'"],
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_images_ambiguous_hint_has_no_blank_line(profile: str) -> None:
    """docker/cli cli/command/image/list.go printAmbiguousHint lost its leading "\n" in 02dee5c2d2 (v29.5.0;
    testdata/list-command-ambiguous.golden is the one line); `docker image ls ls` gives no hint (CalledAs)."""
    shell = Shell(World.default(profile))
    assert shell.run("docker images -q ls").output == [
        (2, 'No images found matching "ls": did you mean "docker image ls"?')
    ]
    assert shell.run("docker image ls -q ls").output == []
    assert shell.run("docker images -q ubuntu").output == []  # not a `docker image` subcommand


@pytest.mark.parametrize("profile", PROFILES)
def test_images_until_filter(profile: str) -> None:
    """moby daemon/internal/timestamp/timestamp.go Parse: a Go duration counts back from now, else an RFC 3339
    time, else Unix seconds; the image stays when it is older. containerd (daemon/containerd/image_list.go)
    compares the local record's CreatedAt (a pulled Hub image arrived just now), graphdriver
    (daemon/images/image_list.go) the image's Created (alpine's config is months old)."""
    _, shell = shell_with(profile, "docker pull -q alpine", "docker build -q -t myapp1 ~/myapp1")
    listed = lambda f: shell.run(f"docker images -q --filter {f}").stdout  # noqa: E731
    assert len(listed("until=1s")) == 2
    assert len(listed("until=1h")) == (1 if profile == "classic" else 0)
    assert listed("until=0") == []  # "0" is Unix time 0, not a zero duration
    assert len(listed("until=2030-01-01T00:00:00Z")) == 2
    result = shell.run("docker images --filter until=foo")
    assert (result.exit_code, result.stderr) == (
        1,
        [
            "Error response from daemon: invalid value for 'until' filter: failed to parse value as time or "
            'duration: invalid seconds "foo": invalid syntax'
        ],
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_rebuilding_a_tag_leaves_the_old_image_dangling(profile: str) -> None:
    """Moving a tag by building again leaves the old image without names: hidden by default (docker/cli
    list.go drops dangling images unless -a or a dangling filter), `<untagged>` in the tree view (tree.go
    untaggedName) and `<none> <none>` in the classic table (formatter/image.go)."""
    _, shell = shell_with(
        profile,
        "docker build -q -t myapp1 ~/myapp1",
        "echo x >> ~/myapp1/app.py",
        "docker build -q -t myapp1 ~/myapp1",
    )
    assert len(shell.run("docker images -q").stdout) == 1
    assert len(shell.run("docker images -q -a").stdout) == 2
    assert len(shell.run("docker images -q --filter dangling=true").stdout) == 1
    rows = shell.run("docker images -a --format '{{.Repository}}:{{.Tag}}'").stdout
    assert rows == ["myapp1:latest", "<none>:<none>"]
    listing = shell.run("docker images -a").stdout
    if profile == "current":
        assert listing[-1].startswith("<untagged>   ")
    else:
        assert listing[-1].startswith("<none>       <none>    ")


@pytest.mark.parametrize("profile", PROFILES)
def test_inspect_template_sees_the_go_struct_then_the_raw_json(profile: str) -> None:
    """docker/cli cli/command/inspect/inspector.go TemplateInspector.Inspect: the template runs on the typed
    client.ImageInspectResult (moby api/types/image InspectResponse: Go field `ID`, JSON "Id"); when that
    fails, tryRawInspectFallback runs it on the decoded JSON with missingkey=error, so `{{.Id}}` and `{{.ID}}`
    both work while an unknown key is `template parsing error: … map has no entry for key` (exit 1, and
    Flush writes a lone newline when nothing was printed; TestTemplateInspectorRawFallbackError)."""
    _, shell = shell_with(profile, "docker build -q -t myapp1 ~/myapp1")
    image_id = shell.run("docker image inspect -f '{{.ID}}' myapp1").stdout
    assert image_id == shell.run("docker image inspect -f '{{.Id}}' myapp1").stdout
    assert image_id[0].startswith("sha256:")
    result = shell.run("docker inspect --format '{{.Nope}}' myapp1")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        [""],
        ['template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"'],
    )
    # typed maps (Config.Labels is a map[string]string) keep Go's defaults: index gives "", a field <no value>
    labels = shell.run("docker image inspect -f '{{index .Config.Labels \"x\"}}|{{.Config.Labels.x}}' myapp1")
    assert labels.stdout == ["|<no value>"]
    # Metadata.LastTagTime is a time.Time in the struct: the template prints its String() form
    last_tag = shell.run("docker image inspect -f '{{.Metadata.LastTagTime}}' myapp1").stdout[0]
    assert last_tag == "2026-01-01 00:00:07 +0000 UTC"


# --- the registry's HTTP API (CNCF Distribution v3.1) ---------------------------------------------------------


def test_manifest_get_of_a_malformed_digest_is_a_tag_lookup() -> None:
    """distribution registry/handlers/manifests.go manifestDispatcher: digest.Parse fails for
    `sha256:baddigeststring`, so the reference is taken as a tag and GET answers MANIFEST_UNKNOWN with
    detail `unknown tag=<it>` (the OCI conformance suite accepts 404 here)."""
    _, shell, _ = pushed("current")
    result = shell.run(
        "curl -s -w '\\n%{http_code}' http://localhost:5000/v2/myapp1/manifests/sha256:baddigeststring"
    )
    assert json.loads(result.stdout[0]) == {
        "errors": [
            {
                "code": "MANIFEST_UNKNOWN",
                "message": "manifest unknown",
                "detail": "unknown tag=sha256:baddigeststring",
            }
        ]
    }
    assert result.stdout[-1] == "404"  # after the body's own newline (json.Encoder) and -w's


def test_delete_of_an_unknown_digest_has_no_detail() -> None:
    """distribution registry/handlers/manifests.go DeleteManifest: manifests.Delete returns ErrBlobUnknown,
    answered with the bare errcode.ErrorCodeManifestUnknown (no WithDetail)."""
    _, shell, _ = pushed("current")
    result = shell.run(f"curl -s -X DELETE http://localhost:5000/v2/myapp1/manifests/{ZERO}")
    assert body(result) == {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown"}]}


def test_tags_list_is_empty_once_the_last_tag_is_deleted() -> None:
    """distribution registry/handlers/tags.go: tagstore.go List walks the existing but empty _manifests/tags
    directory and finds nothing; GetTags keeps its `make([]string, 0)` (commit c36fab07; v3.1.1 wrote null):
    200 with `"tags":[]` (not NAME_UNKNOWN); the repository stays in the catalog."""
    _, shell, _ = pushed("current")
    assert shell.run("curl -s -X DELETE http://localhost:5000/v2/myapp1/manifests/1.0").ok
    assert shell.run("curl -s http://localhost:5000/v2/myapp1/tags/list").stdout == [
        '{"name":"myapp1","tags":[]}'
    ]
    assert body(shell.run("curl -s http://localhost:5000/v2/_catalog")) == {"repositories": ["myapp1"]}


def test_pagination_error_details_differ_between_tags_and_catalog() -> None:
    """distribution registry/handlers/tags.go puts the parsed int in the detail (0 when Atoi fails);
    catalog.go puts the raw string for a bad or negative n and the int when n exceeds maxentries."""
    _, shell, _ = pushed("current")
    detail = lambda url: body(shell.run(f"curl -s '{url}'"))["errors"][0]["detail"]  # noqa: E731
    assert detail("http://localhost:5000/v2/myapp1/tags/list?n=foo") == {"n": 0}
    assert detail("http://localhost:5000/v2/myapp1/tags/list?n=-1") == {"n": -1}
    assert detail("http://localhost:5000/v2/_catalog?n=-1") == {"n": "-1"}
    assert detail("http://localhost:5000/v2/_catalog?n=1001") == {"n": 1001}


def test_repository_name_over_255_characters_is_an_unknown_error() -> None:
    """distribution registry/handlers/app.go dispatcher appends distribution.ErrRepositoryNameInvalid (not an
    errcode), so errcode.ServeJSON answers 500 and Errors.MarshalJSON wraps it as UNKNOWN with its text
    `repository name "<name>" invalid: <reason>` (errors.go) as detail."""
    name = "a" * 256
    result = Shell(World.default()).run(
        f"curl -s -w '\\n%{{http_code}}' http://localhost:5000/v2/{name}/tags/list"
    )
    assert json.loads(result.stdout[0]) == {
        "errors": [
            {
                "code": "UNKNOWN",
                "message": "unknown error",
                "detail": f'repository name "{name}" invalid: repository name must not be more than 255 characters',
            }
        ]
    }
    assert result.stdout[-1] == "500"
