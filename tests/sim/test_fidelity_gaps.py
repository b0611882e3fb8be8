"""The fidelity audit's known gaps, closed against docker/cli v29.7.2, moby docker-v29.7.2, buildx
v0.29.1, containerd/platforms v1.0.0-rc.4 (vendored there), Go's text/template and bash's echo.

Each test names the upstream file it follows (paths inside those repositories).
"""

from __future__ import annotations

import pytest

from tests.sim.test_source_audit import shell_with
from tutor.sim import platforms
from tutor.sim.errors import SimError
from tutor.sim.shell import Shell
from tutor.sim.world import World

OS_RE = r'"^([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.%-]*)((?:\\+[A-Za-z0-9_.%-]+)*)\\))?$"'

# --- 1. --platform: containerd platforms.Parse -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("foo", '"foo": unknown operating system or architecture: invalid argument'),
        ("a/b/c/d", '"a/b/c/d": cannot parse platform specifier: invalid argument'),
        ("linux/*", '"linux/*": wildcards not yet supported: invalid argument'),
        (
            "linux/",
            '"" is an invalid component of "linux/": platform specifier component must match '
            '"^[A-Za-z0-9_.-]+$": invalid argument',
        ),
        (
            "/amd64",
            f'"" is an invalid OS component of "/amd64": OSAndVersion specifier component must match {OS_RE}: '
            "invalid argument",
        ),
    ],
)
def test_platform_parse_errors(text: str, error: str) -> None:
    """vendor/github.com/containerd/platforms/platforms.go Parse (fmt.Errorf ... %w errInvalidArgument,
    errors.go: "invalid argument"); %q of the specifier and of the regexp's String()."""
    with pytest.raises(SimError) as exc:
        platforms.parse(text)
    assert exc.value.message == error


@pytest.mark.parametrize(
    ("text", "formatted"),
    [
        ("linux", "linux/amd64"),
        ("arm64", "linux/arm64"),
        ("Linux/AMD64", "linux/amd64"),
        ("linux/x86_64/v1", "linux/amd64"),
        ("linux/arm64/v8", "linux/arm64/v8"),
        ("linux/aarch64", "linux/arm64"),
        ("linux/armhf", "linux/arm"),
        ("armel", "linux/arm/v6"),
        ("macos/arm64", "darwin/arm64"),
        ("windows(10.0.17763)/amd64", "windows(10.0.17763)/amd64"),
    ],
)
def test_platform_parse_normalises(text: str, formatted: str) -> None:
    """platforms.go Parse + database.go normalizeOS/normalizeArch; FormatAll (host linux/amd64)."""
    assert platforms.parse(text).format_all() == formatted


@pytest.mark.parametrize("profile", ["current", "classic"])
def test_pull_bad_platform_is_the_cli_parse_error(profile: str) -> None:
    """docker/cli cli/command/image/pull.go runPull: "Using default tag" is printed, then
    platforms.Parse's error is returned unwrapped (cmd/docker/docker.go prints it, exit 1)."""
    result = Shell(World.default(profile)).run("docker pull --platform foo alpine")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        ["Using default tag: latest"],
        ['"foo": unknown operating system or architecture: invalid argument'],
    )


def test_pull_well_formed_other_platform_is_named_as_not_simulated() -> None:
    """A real pull of linux/arm64 fetches that variant of the index (moby daemon/containerd/image_pull.go);
    the simulator has one platform per image, so it says so with the normalised platform (FormatAll)."""
    result = Shell(World.default()).run("docker pull --platform linux/aarch64 alpine")
    assert result.exit_code == 1
    assert result.stderr[-1].startswith("registry-tutor: pulling --platform linux/arm64 is not simulated")


@pytest.mark.parametrize("spelling", ["linux/amd64", "Linux/AMD64", "x86_64", "linux", "linux/amd64/v1"])
def test_pull_host_platform_spellings_pull(spelling: str) -> None:
    """platforms.Parse normalises all of these to linux/amd64, the simulated host's platform."""
    assert Shell(World.default()).run(f"docker pull -q --platform {spelling} alpine").exit_code == 0


def test_build_bad_platform_is_buildx_error() -> None:
    """buildx util/platformutil/parse.go Parse splits on "," and calls platforms.Parse; buildx's main
    (cmd/buildx/main.go) prints "ERROR: " and the error."""
    result = Shell(World.default()).run("docker build --platform linux/amd64,bad -t x ~/myapp1")
    assert (result.exit_code, result.stderr) == (
        1,
        ['ERROR: "bad": unknown operating system or architecture: invalid argument'],
    )


def test_run_bad_platform_is_status_error_125() -> None:
    """docker/cli cli/command/container/create.go createContainer parses --platform first; run.go
    toStatusError -> withHelp: "docker: %w\\n\\nRun 'docker run --help' ...", exit 125."""
    result = Shell(World.default()).run("docker run --platform foo alpine")
    assert (result.exit_code, result.stderr) == (
        125,
        [
            'docker: "foo": unknown operating system or architecture: invalid argument',
            "",
            "Run 'docker run --help' for more information",
        ],
    )


def test_image_inspect_bad_platform() -> None:
    """docker/cli cli/command/image/inspect.go: platforms.Parse's error returned as it is."""
    _, shell = shell_with("current", "docker pull -q alpine")
    result = shell.run("docker image inspect --platform a/b/c/d alpine")
    assert result.stderr == ['"a/b/c/d": cannot parse platform specifier: invalid argument']
