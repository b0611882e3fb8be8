"""Second round of fidelity gaps, closed against docker/cli v29.7.2, moby docker-v29.7.2 (snapshots under
/work/.mirror), Go 1.26's fmt and text/template (docker/cli's Dockerfile: ARG GO_VERSION=1.26.5) and
CNCF Distribution v3.1. Each test names the upstream file it follows.

| gap | upstream file | status |
|---|---|---|
| inspect -f {{.Config}}: fmt prints &{{...} {...}}, not map[...] | docker/cli vendor moby/moby/client/image_inspect.go ImageInspectResult; moby/docker-image-spec specs-go/v1/image.go; Go fmt print.go | fixed |
| {{.RootFS}} {..}, {{.Metadata}} time.Time String, {{.Descriptor}} &{..}, {{.}} nested pointers | moby api/types/image/image_inspect.go, image.go; image-spec descriptor.go | fixed |
| printf "%+v": field names, embedded structs named by their type | Go fmt print.go (plusV) | fixed |
| {{json .Config.Env}} of an omitted field: null (nil slice) | encoding/json (nil slice) | fixed |
| range over a string/struct: "range can't iterate over X" | Go 1.26 text/template exec.go walkRange | fixed |
| range over a nil pointer (typed GraphDriver): an error, then the raw retry's | exec.go walkRange (indirect); inspector.go | fixed |
| range over an integer (Go 1.22+), two variables: error | Go 1.26 text/template exec.go walkRange | fixed |
| docker run --platform (valid): accepted; linux/amd64 spellings run, others named as not simulated | docker/cli cli/command/container/create.go createContainer | fixed |
| DOCKER_DEFAULT_PLATFORM is --platform's default for pull and run | docker/cli cli/command/image/pull.go, container/run.go | fixed |
| docker create --platform bad: platforms.Parse error as it is, exit 1 | docker/cli cli/command/container/create.go runCreate | fixed |
| "requested image's platform ... does not match" WARNING: never due (all simulated images are linux/amd64) | moby daemon/create.go | checked |
| docker inspect nosuch: "error: no such object: nosuch" | docker/cli cli/command/system/inspect.go inspectAll | was right |
| docker inspect Alpine (invalid reference, no --type): skipped, "no such object" | docker/cli cli/command/system/inspect.go isErrSkippable | fixed |
| images <pattern>: Go path.Match; malformed (ESC[2J, a[): containerd lists nothing, graphdriver "syntax error in pattern" | Go src/path/match.go; moby daemon/containerd/image_list.go, daemon/images/image_list.go | fixed |
| re-push: "Layer already exists" per layer; "Already exists" for in-toto statement / empty config | moby daemon/containerd/progress.go pushProgress, showBlobProgress | fixed |
| command line over 16384 characters: the simulator's own limit, not bash's E2BIG | (help simplifications; tests/security/test_bounds.py) | fixed |
| registry-1.docker.io/alpine: repository "alpine" (no library/), a missing Hub repository everywhere | distribution/reference normalize.go splitDockerDomain; moby daemon/containerd/image_pull.go; distribution registry/auth/token | was right |
| container inspect State: every field; {{.State}} prints &{...} | moby api/types/container/state.go; docker/cli system/inspect.go inspectContainers | fixed |
| HEALTHCHECK CMD x: Test [CMD-SHELL x] (was [CMD-SHELL CMD x]) | buildkit frontend/dockerfile/instructions/parse.go parseHealthcheck | fixed |
"""

from __future__ import annotations

import json

import pytest

from tests.sim.test_source_audit import shell_with
from tutor.sim.shell import Shell
from tutor.sim.world import World

# --- 1. fmt's %v of the typed inspect struct -------------------------------------------------------


def _inspect(fmt: str, *setup: str, profile: str = "current"):
    _, shell = shell_with(profile, "docker pull -q alpine", *setup)
    return shell.run(f"docker image inspect -f '{fmt}' alpine")


def test_config_prints_as_a_pointer_to_struct_with_embedded_structs() -> None:
    """docker/cli cli/command/image/inspect.go hands inspect.Inspect a client.ImageInspectResult
    (vendor/github.com/moby/moby/client/image_inspect.go, embedding image.InspectResponse); its Config is
    *dockerspec.DockerOCIImageConfig (moby/docker-image-spec specs-go/v1/image.go), which embeds
    ocispec.ImageConfig {User ExposedPorts Env Entrypoint Cmd Volumes WorkingDir Labels StopSignal
    ArgsEscaped} and DockerOCIImageConfigExt {Healthcheck OnBuild Shell}. Go's fmt (print.go printValue)
    prints a top-level pointer to a struct as &{...}, an embedded struct in braces, nil slices as [] and
    nil maps as map[]. alpine's config is BuildKit's emptyImage (dockerfile2llb image.go: Env PATH, WorkingDir
    /) plus its CMD."""
    result = _inspect("{{.Config}}")
    assert result.exit_code == 0
    assert result.stdout == [
        "&{{ map[] [PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] [] [/bin/sh] map[] / map[]  "
        "false} {<nil> [] []}}"
    ]


def test_config_of_a_built_image_and_exposed_ports() -> None:
    """ExposedPorts is map[string]struct{}: fmt prints each value as {}; Healthcheck is a
    *HealthcheckConfig (image.go): its address inside Config, &{Test Interval ...} on its own, the
    time.Duration fields through their String() ("0s")."""
    _, shell = shell_with("current")
    dockerfile = 'FROM alpine\\nEXPOSE 80\\nWORKDIR /srv\\nHEALTHCHECK CMD true\\nCMD sleep 1\\n'
    assert shell.run(f"echo -e '{dockerfile}' > ~/myapp2/Dockerfile").exit_code == 0
    assert shell.run("docker build -q -t ports ~/myapp2").exit_code == 0
    result = shell.run("docker image inspect -f '{{.Config}}|{{.Config.Healthcheck}}' ports")
    config, check = result.stdout[0].split("|")
    assert config.startswith("&{{ map[80/tcp:{}] ")
    assert config.endswith(" [/bin/sh -c sleep 1] map[] /srv map[]  false} {0xc000148000 [] []}}")
    assert check == "&{[CMD-SHELL true] 0s 0s 0s 0s 0}"


def test_struct_fields_and_nested_pointers() -> None:
    """image.RootFS and image.Metadata are structs ({...}); Metadata.LastTagTime is a time.Time, printed
    with its String() method; Descriptor is *ocispec.Descriptor {MediaType Digest Size URLs Annotations
    Data Platform ArtifactType}; in {{.}} the pointers are nested, and fmt prints their address."""
    rootfs, metadata, descriptor, whole = _inspect("{{.RootFS}}|{{.Metadata}}|{{.Descriptor}}|{{.}}").stdout[0].split("|")
    assert rootfs.startswith("{layers [sha256:") and rootfs.endswith("]}")
    assert metadata.startswith("{") and metadata.endswith(" +0000 UTC}")
    assert descriptor.startswith("&{application/vnd.") and descriptor.endswith(" [] map[] [] <nil> }")
    assert whole.startswith("{{sha256:") and whole.endswith("}}")
    assert " 0xc" in whole and "&{" not in whole and "map[Cmd" not in whole


def test_graphdriver_is_a_pointer_to_driver_data() -> None:
    """*storage.DriverData {Data map[string]string; Name string} (moby api/types/storage/driver_data.go)."""
    line = _inspect("{{.GraphDriver}}", profile="classic").stdout[0]
    assert line.startswith("&{map[MergedDir:/var/lib/docker/overlay2/") and line.endswith(" overlay2}")


def test_json_of_an_omitted_slice_is_null() -> None:
    """The API left Entrypoint out (omitempty); the typed field is a nil []string, which encoding/json writes as
    null, while fmt prints []."""
    assert _inspect("{{json .Config.Entrypoint}} {{.Config.Entrypoint}}").stdout == ["null []"]


def test_printf_plus_v_names_the_fields() -> None:
    """Go fmt print.go printValue with plusV: Name:value for each field; an embedded struct's field name
    is its type's name (ImageConfig, DockerOCIImageConfigExt: moby/docker-image-spec specs-go/v1/image.go)."""
    rootfs, config = _inspect('{{printf "%+v" .RootFS}}|{{printf "%+v" .Config}}').stdout[0].split("|")
    assert rootfs.startswith("{Type:layers Layers:[sha256:")
    assert config == (
        "&{ImageConfig:{User: ExposedPorts:map[] Env:[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin] "
        "Entrypoint:[] Cmd:[/bin/sh] Volumes:map[] WorkingDir:/ "
        "Labels:map[] StopSignal: ArgsEscaped:false} DockerOCIImageConfigExt:{Healthcheck:<nil> OnBuild:[] Shell:[]}}"
    )


# --- 1b. text/template range --------------------------------------------------------------------------


def test_range_over_a_string_is_an_error_not_the_else_branch() -> None:
    """Go 1.26 text/template exec.go walkRange: a string is not rangeable ("range can't iterate over %v");
    .Id exists only in the raw JSON, so the error printed is the raw fallback's
    (docker/cli cli/command/inspect/inspector.go tryRawInspectFallback)."""
    result = _inspect("{{range .Id}}x{{else}}none{{end}}")
    assert result.exit_code == 1
    assert len(result.stderr) == 1
    assert result.stderr[0].startswith(
        'template parsing error: template: :1:8: executing "" at <.Id>: range can\'t iterate over sha256:'
    )


def test_images_format_range_over_a_string() -> None:
    """docker/cli formatter: the same walkRange error, at the field's position."""
    _, shell = shell_with("current", "docker pull -q alpine")
    result = shell.run("docker images --format '{{range .Repository}}{{.}}{{end}}'")
    assert (result.exit_code, result.stderr) == (
        1,
        ['template parsing error: template: :1:8: executing "" at <.Repository>: range can\'t iterate over alpine'],
    )


def test_range_over_a_struct_retries_on_the_raw_json() -> None:
    """walkRange cannot range over the typed *DockerOCIImageConfig; the raw fallback's Config is a map,
    which it can (three keys: alpine's Cmd, Env and WorkingDir)."""
    assert _inspect("{{range .Config}}x{{end}}").stdout == ["xxx"]


def test_range_over_a_nil_pointer_is_an_error() -> None:
    """exec.go walkRange: indirect() of a nil *storage.DriverData stays a pointer, so "range can't iterate
    over <nil>" (not the else branch); the raw JSON retry has no GraphDriver key (omitempty, containerd)
    and missingkey=error reports that. A nil slice (Config.Env) is empty: the else branch runs."""
    result = _inspect("{{range .GraphDriver}}x{{else}}none{{end}}")
    assert result.stderr == [
        'template parsing error: template: :1:8: executing "" at <.GraphDriver>: map has no entry for key '
        '"GraphDriver"'
    ]
    assert _inspect("{{range .Config.Entrypoint}}x{{else}}none{{end}}").stdout == ["none"]


@pytest.mark.parametrize(
    ("fmt", "output"),
    [
        ("{{range 3}}{{.}}{{end}}", "012"),
        ("{{range $e := 2}}<{{$e}}>{{end}}", "<0><1>"),
        ("{{range 0}}x{{else}}empty{{end}}", "empty"),
    ],
)
def test_range_over_an_integer(fmt: str, output: str) -> None:
    """Go 1.22+ exec.go walkRange: an integer n ranges over 0..n-1 (the element, no index)."""
    _, shell = shell_with("current", "docker pull -q alpine")
    assert shell.run(f"docker images --format '{fmt}'").stdout == [output]


def test_range_over_an_integer_with_two_variables() -> None:
    """exec.go walkRange: "can't use %v to iterate over more than one variable"."""
    _, shell = shell_with("current", "docker pull -q alpine")
    result = shell.run("docker images --format '{{range $i, $e := 3}}{{.}}{{end}}'")
    assert result.stderr == [
        'template parsing error: template: :1:18: executing "" at <3>: can\'t use 3 to iterate over more '
        "than one variable"
    ]


def test_range_over_a_large_integer_is_the_simulators_own_limit() -> None:
    """The typed Size is an int64, so Go would run the block once per byte; the simulator refuses in its
    own name instead of printing millions of lines (and does not retry on the raw JSON)."""
    result = _inspect("{{range .Size}}x{{end}}")
    assert result.exit_code == 1
    assert result.stderr[0].startswith("registry-tutor: ranging over ")


# --- 2. --platform on run and create ------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["linux/amd64", "Linux/x86_64", "amd64", "linux/amd64/v1"])
def test_run_with_the_host_platform_runs(spelling: str) -> None:
    """docker/cli create.go createContainer: the platform is parsed (containerd platforms.Parse normalises
    these to linux/amd64) and sent with the create request; the simulated host is linux/amd64, so the
    container runs as without --platform (pulling first when the image is missing)."""
    result = Shell(World.default()).run(f"docker run --platform {spelling} alpine echo hi")
    assert (result.exit_code, result.stdout) == (0, ["hi"])
    assert result.stderr[0] == "Unable to find image 'alpine:latest' locally"


def test_run_with_another_platform_is_named_as_not_simulated() -> None:
    """With --platform linux/arm64 the daemon looks for (moby daemon/create.go, GetImage with the platform)
    or pulls that variant of the image; the simulator has one platform per image and says so in its own
    name, with the normalised platform (platforms.FormatAll)."""
    result = Shell(World.default()).run("docker run --platform linux/aarch64 alpine")
    assert result.exit_code == 1
    assert result.stdout == []
    assert result.stderr[0].startswith("registry-tutor: running --platform linux/arm64 is not simulated")


def test_run_checks_the_pull_option_before_the_platform() -> None:
    """docker/cli run.go runRun: validatePullOpt comes first; createContainer parses --platform later."""
    result = Shell(World.default()).run("docker run --pull bad --platform foo alpine")
    assert result.stderr[0] == "docker: invalid pull option: 'bad': must be one of \"always\", \"missing\" or \"never\""


def test_run_help_lists_platform() -> None:
    """docker/cli create.go addFlags: --platform "Set platform if server is multi-platform capable"."""
    help_text = Shell(World.default()).run("docker run --help").stdout
    assert any(line.split() == ["--platform", "string", "Set", "platform", "if", "server", "is", "multi-platform",
                                "capable"] for line in help_text)


def test_docker_default_platform_is_the_flags_default() -> None:
    """docker/cli cli/command/image/pull.go and container/run.go: flags.StringVar(&opts.platform, "platform",
    os.Getenv("DOCKER_DEFAULT_PLATFORM"), ...); a typed --platform wins."""
    shell = Shell(World.default())
    assert shell.run("export DOCKER_DEFAULT_PLATFORM=linux/arm64").exit_code == 0
    pulled = shell.run("docker pull alpine")
    assert pulled.exit_code == 1
    assert pulled.stderr[0].startswith("registry-tutor: pulling --platform linux/arm64 is not simulated")
    assert shell.run("docker run alpine echo hi").stderr[0].startswith(
        "registry-tutor: running --platform linux/arm64 is not simulated"
    )
    assert shell.run("docker pull -q --platform linux/amd64 alpine").exit_code == 0
    bad = Shell(World.default()).run("DOCKER_DEFAULT_PLATFORM=foo docker pull alpine")
    assert bad.stderr == ['"foo": unknown operating system or architecture: invalid argument']


@pytest.mark.parametrize(
    "line",
    ["docker create --platform foo alpine", "docker container create --name web --platform=foo alpine"],
)
def test_create_bad_platform_is_the_parse_error_without_help(line: str) -> None:
    """docker/cli create.go: createContainer returns platforms.Parse's error as it is and runCreate returns
    it unwrapped (only run.go adds "docker: " and the help hint); cmd/docker/docker.go prints it, exit 1."""
    result = Shell(World.default()).run(line)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        [],
        ['"foo": unknown operating system or architecture: invalid argument'],
    )


def test_create_with_a_valid_platform_is_still_not_covered() -> None:
    """docker create itself is not simulated; a well-formed --platform gets the usual refusal."""
    result = Shell(World.default()).run("docker create --platform linux/arm64 alpine")
    assert result.stderr[0].startswith("registry-tutor: 'docker create' is a real Docker command")


# --- 3. wording checked against the sources ----------------------------------------------------------


def test_inspect_of_nothing_is_no_such_object() -> None:
    """docker/cli cli/command/system/inspect.go inspectAll: fmt.Errorf("error: no such object: %s", ref);
    inspect.Inspect flushes "[]" first (cli/command/inspect/inspector.go), exit 1."""
    result = Shell(World.default()).run("docker inspect nosuch")
    assert (result.exit_code, result.stdout, result.stderr) == (1, ["[]"], ["error: no such object: nosuch"])


def test_inspect_of_an_invalid_reference_is_skipped_without_type() -> None:
    """inspect.go isErrSkippable: "invalid reference format" errors move on to the next object kind when no
    --type is given; with --type image the daemon's error is printed."""
    shell = Shell(World.default())
    assert shell.run("docker inspect Alpine").stderr == ["error: no such object: Alpine"]
    assert shell.run("docker inspect --type image Alpine").stderr == [
        "Error response from daemon: invalid reference format: repository name (library/Alpine) must be lowercase"
    ]


@pytest.mark.parametrize("word", ["$'\\e[2J'", "'a['", "'[a'", "'x\\'"])
def test_images_malformed_pattern(word: str) -> None:
    """docker/cli cli/command/image/list.go: the argument becomes a reference filter. Go path.Match
    (src/path/match.go) finds these malformed (an unclosed class, a trailing backslash): ErrBadPattern.
    containerd (daemon/containerd/image_list.go setupFilters) answers false for the image, so only the
    header is printed; graphdriver (daemon/images/image_list.go Images) returns the error."""
    _, shell = shell_with("current", "docker pull -q alpine")
    result = shell.run(f"docker images --format '{{{{.Repository}}}}' {word}")
    assert (result.exit_code, result.stdout, result.stderr) == (0, [], [])
    _, classic = shell_with("classic", "docker pull -q alpine")
    result = classic.run(f"docker images {word}")
    assert (result.exit_code, result.stderr) == (1, ["Error response from daemon: syntax error in pattern"])


@pytest.mark.parametrize(
    ("pattern", "name", "matched"),
    [
        ("alp*", "alpine", True),
        ("*/alpine", "docker.io/library/alpine", False),  # * never crosses a /
        ("a[^b]c", "abc", False),
        ("a[b-d]c", "acc", True),
        ("a\\*", "a*", True),
        ("a?c", "a/c", False),
    ],
)
def test_go_path_match(pattern: str, name: str, matched: bool) -> None:
    """Go src/path/match.go Match (the cases of path/match_test.go's matchTests)."""
    from tutor.sim import gopath

    assert gopath.match(pattern, name) is matched


def test_repush_wording_per_media_type() -> None:
    """moby daemon/containerd/progress.go pushProgress.UpdateProgress: a blob the registry has is
    "Layer already exists" when containerd images.IsLayerType, else "Already exists" (the attestation's
    in-toto statement and its application/vnd.oci.empty.v1+json config; showBlobProgress shows them,
    not the manifests, index or image config)."""
    _, shell = shell_with("current", "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1",
                          "docker push -q localhost:5000/myapp1:1.0")
    lines = shell.run("docker push localhost:5000/myapp1:1.0").stdout[1:-1]
    statuses = [line.split(": ", 1)[1] for line in lines]
    assert statuses[-2:] == ["Already exists", "Already exists"]
    assert set(statuses[:-2]) == {"Layer already exists"}


# --- 4. registry-1.docker.io/alpine ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "suffix"),
    [("current", ""), ("classic", ": denied: requested access to the resource is denied")],
)
def test_registry_1_without_library_is_a_missing_hub_repository(profile: str, suffix: str) -> None:
    """distribution/reference normalize.go splitDockerDomain adds library/ only for docker.io (and
    index.docker.io): registry-1.docker.io/alpine names the repository "alpine", which Hub's registry
    does not have. Assumption (Hub is not open source): it answers as for any missing Hub repository,
    401 with an insufficient_scope token (what third-party Hub mirrors report for scope
    repository:alpine:pull), so the pull fails as `docker pull nosuchrepo` does (moby
    daemon/containerd/image_pull.go; graphdriver adds the registry's DENIED errcode)."""
    shell = Shell(World.default(profile))
    for name in ("registry-1.docker.io/alpine", "nosuchrepo"):
        result = shell.run(f"docker pull {name}")
        assert (result.exit_code, result.stderr) == (
            1,
            [f"Error response from daemon: pull access denied for {name}, repository does not exist or may "
             f"require 'docker login'{suffix}"],
        )


def test_registry_1_without_library_over_the_api() -> None:
    """GET /v2/alpine/manifests/latest on Hub without a token: 401 UNAUTHORIZED whose detail names the
    repository as asked, "alpine" (distribution registry/api/errcode, token auth challenge)."""
    result = Shell(World.default()).run("curl -s https://registry-1.docker.io/v2/alpine/manifests/latest")
    assert json.loads(result.stdout[0])["errors"][0]["detail"] == [
        {"Type": "repository", "Class": "", "Name": "alpine", "Action": "pull"}
    ]
    same = Shell(World.default()).run("docker manifest inspect registry-1.docker.io/alpine")
    assert same.stderr == Shell(World.default()).run("docker manifest inspect nosuchrepo").stderr


# --- container inspect State ---------------------------------------------------------------------------


def test_container_state_has_every_field_and_prints_as_a_struct() -> None:
    """moby api/types/container/state.go State {Status Running Paused Restarting OOMKilled Dead Pid
    ExitCode Error StartedAt FinishedAt Health(omitempty)}; docker/cli cli/command/system/inspect.go
    inspectContainers hands the template container.InspectResponse, whose State is a *State (fmt: &{...})."""
    _, shell = shell_with("current", "docker pull -q alpine", "docker run --name c1 alpine echo hi")
    state = json.loads(shell.run("docker inspect -f '{{json .State}}' c1").stdout[0])
    assert list(state) == ["Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead", "Pid", "ExitCode",
                           "Error", "StartedAt", "FinishedAt"]
    line = shell.run("docker inspect -f '{{.State}}' c1").stdout[0]
    assert line == (f"&{{exited false false false false false 0 0  {state['StartedAt']} {state['FinishedAt']} "
                    "<nil>}")
