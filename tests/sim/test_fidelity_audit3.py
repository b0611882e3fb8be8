"""Third, independent audit of the simulated Docker CLI, source first: docker/cli v29.7.2 (its vendored
moby/moby/client v0.5.1), moby docker-v29.7.2 (snapshots under /work/.mirror; paths below are inside
those repositories). Each test cites the upstream function it follows.

| behaviour | upstream file | status |
|---|---|---|
| docker tag: flags end at the first positional (SetInterspersed(false)) | docker/cli cli/command/image/tag.go | fixed |
| images --filter '' is ignored (FilterOpt.Set returns nil) | docker/cli opts/opts.go FilterOpt.Set | fixed |
| images: unknown filter names are refused before any value is read | moby daemon/internal/filters parse.go Validate | fixed |
| images dangling=: exact true/false/1/0, conflicting values refused, 'dangling=[v]' | moby daemon/internal/filters parse.go GetBoolOrDefault, errors.go | fixed |
| image inspect "": the client's "Error: No such image: " | moby client image_inspect.go (vendored v0.5.1), errors.go | fixed |
| image inspect / history " ": the daemon's "invalid reference format" | moby daemon/containerd/image.go resolveImage, daemon/images/image.go GetImage | fixed |
| docker inspect "" / " ", docker exec " ": "invalid container name or ID: value is empty" | moby client container_inspect.go trimID; docker/cli system/inspect.go, container/exec.go | fixed |
| plain-HTTP retry to a loopback host without a port dials :80 (push/pull classic, login) | moby daemon/internal/distribution/push.go, daemon/pkg/registry/service.go Auth | fixed |
| containerd push to localhost without a port: https only, :443 | containerd core/remotes/docker/config/hosts.go ConfigureHosts | was right |
| docker help X / docker --help X: X's help; "unknown help topic: …" | docker/cli cli/cobra.go helpCommand, HandleGlobalFlags | fixed |
| global options (-D, -l, -H, -c, --config, --tls*): named as not simulated, not "unknown flag" | docker/cli cli/flags/options.go InstallFlags | fixed |
| -h: "Flag shorthand -h has been deprecated, use --help" (stdout; root: stderr), then help | docker/cli cli/cobra.go; pflag flag.go parseSingleShortArg; cobra ParseFlags | fixed |
| --help does not stop the parse; --help=false runs; --help=maybe names "--help" | pflag flag.go, errors.go InvalidValueError; cobra command.go execute | fixed |
| bool values: strconv.ParseBool's spellings only (tRuE refused) | pflag bool.go; Go strconv/atob.go | fixed |
| ---x, --=x: "bad flag syntax"; root --bogus=1 / -Z: pflag's wording | pflag flag.go parseLongArg, errors.go | fixed |
| rmi --platform a,b: a string slice; graphdriver "multiple platforms are not supported" | docker/cli image/remove.go; moby daemon/images/image_delete.go | fixed |
| rmi / image inspect --platform the image lacks, graphdriver wording ("its platform (…) does not match") | moby daemon/images/image.go GetImage | fixed |
| graphdriver --platform linux/amd64/v2 finds a linux/amd64 image (inspect, rmi, history, push) | moby daemon/images/image.go onlyFallbackMatcher | fixed |
| graphdriver push --platform: GetImage first, a missing tag (or :latest for -a) is "No such image" | moby daemon/images/image_push.go PushImage | fixed |
| containerd rmi -f --platform the image lacks: "failed to delete platform …", nothing removed | moby daemon/containerd/image_delete.go deleteImagePlatforms, image.go | fixed |
| containerd rmi -f --platform of the image's own platform: said to be not simulated (was: whole image deleted) | moby daemon/containerd/image_delete.go deleteImagePlatformByImageID | not simulated |
| manifest inspect --help: Docker's --insecure text (the simulator had added "needed for localhost:5000"), EXPERIMENTAL block | docker/cli cli/command/manifest/inspect.go, cmd.go; cli/cobra.go usageTemplate | fixed |
| docker manifest foo: "Usage:  docker manifest COMMAND" | docker/cli cli/command/manifest/cmd.go; cli/required.go NoArgs | fixed |
| docker container list/ps/remove answer as ls/rm; `docker container` lists each command once | docker/cli cli/command/container/list.go, rm.go (cmd.Aliases) | fixed |
| docker image rmi: an alias of docker image rm | docker/cli cli/command/image/remove.go newImageRemoveCommand | fixed |
| daemon down: argument-count errors still come first | spf13/cobra command.go execute (ValidateArgs before RunE) | fixed |
| daemon down: logout and manifest inspect still work; login warns first | docker/cli registry/logout.go, login.go; manifest/inspect.go | fixed |
| daemon down: push/pull/tag client-side checks (reference, -a, "Using default tag") come first | docker/cli image/push.go, pull.go; moby client/image_tag.go | fixed |
| root/management help: no leading blank line (v28+), Common Commands, cobra's padding, group Short, additionalHelp | docker/cli cli/cobra.go usageTemplate, helpTemplate (61a3b4bd50) | fixed |
| bare `docker manifest`: a blank line, then its usage on stderr (Long text, EXPERIMENTAL block) | docker/cli cli/command/manifest/cmd.go | fixed |
| container commands' Aliases lines (annotation order); ps --last "(default -1)" | docker/cli cli/command/container/list.go, rm.go, exec.go, run.go; pflag FlagUsages | fixed |
| run/ps/exec --help say Docker has more options than the simulator lists | docker/cli cli/command/container/run.go, list.go, exec.go | fixed |
| image inspect LastTagTime: graphdriver only from TagImage (a pulled image: zero), containerd the newest record | moby daemon/images/image_tag.go, image_inspect.go; daemon/containerd/image_inspect.go | fixed |
| images --filter label!= / label=k!=v on containerd (was "invalid filter"); graphdriver refuses label! | moby daemon/containerd/image_list.go setupLabelFilter; daemon/images/image_list.go | fixed |
| login/logout --help print their Long text | docker/cli cli/command/registry/login.go, logout.go; cli/cobra.go usageTemplate | fixed |
| flag usages are Docker's exact texts; the simulator's notes are a separate "registry-tutor:" line (login, push, pull) | docker/cli registry/login.go, image/push.go, pull.go | fixed |
"""

from __future__ import annotations

import pytest

from tests.sim.test_source_audit import shell_with
from tutor.sim.shell import Shell
from tutor.sim.world import World

PROFILES = ["current", "classic"]
DAEMON_DOWN_TEXT = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"


def usage_error(path: str, use: str, message: str) -> list[str]:
    return [message, "", f"Usage:  {use}", "", f"Run '{path} --help' for more information"]


# --- docker tag: interspersed=false ---------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("line", ["docker tag alpine foo -q", "docker tag alpine -- foo", "docker tag alpine foo --"])
def test_tag_flags_after_the_source_are_arguments(profile: str, line: str) -> None:
    """docker/cli cli/command/image/tag.go newTagCommand: flags.SetInterspersed(false), so pflag stops at
    SOURCE and everything after it (a flag, `--`) is a positional argument; cli.ExactArgs(2) then fails
    (cli/required.go ExactArgs), exit 1 — not an unknown-flag error."""
    _, shell = shell_with(profile, "docker pull -q alpine")
    result = shell.run(line)
    assert result.exit_code == 1
    assert result.stdout == []
    assert result.stderr == [
        "docker: 'docker tag' requires 2 arguments",
        "",
        "Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        "",
        "Run 'docker tag --help' for more information",
    ]
    assert "foo:latest" not in shell.run("docker images --format '{{.Repository}}:{{.Tag}}'").stdout


@pytest.mark.parametrize("profile", PROFILES)
def test_tag_help_after_the_source_is_a_target_name(profile: str) -> None:
    """tag.go SetInterspersed(false): `--help` after SOURCE is TARGET, which moby client/image_tag.go
    ImageTag parses with ParseNormalizedNamed and wraps: `error parsing reference: "--help" is not a valid
    repository/tag: invalid reference format`."""
    _, shell = shell_with(profile, "docker pull -q alpine")
    result = shell.run("docker tag alpine --help")
    assert (result.exit_code, result.stdout) == (1, [])
    assert result.stderr == [
        'error parsing reference: "--help" is not a valid repository/tag: invalid reference format'
    ]


@pytest.mark.parametrize("profile", PROFILES)
def test_tag_flags_before_the_source_still_parse(profile: str) -> None:
    """pflag parses flags up to the first positional: `docker tag --help` is help, `-x` is unknown (125)."""
    shell = Shell(World.default(profile))
    assert shell.run("docker tag --help").stdout[0] == "Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]"
    result = shell.run("docker tag -x alpine foo")
    assert result.exit_code == 125
    assert result.stderr == usage_error(
        "docker tag", "docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]", "unknown shorthand flag: 'x' in -x"
    )
    _, shell = shell_with(profile, "docker pull -q alpine")
    assert shell.run("docker tag -- alpine foo").exit_code == 0  # `--` before SOURCE ends the flags


# --- docker images --filter -----------------------------------------------------------------------


def rebuilt(profile: str) -> Shell:
    """myapp1:1.0 built, then built again after an edit: the first build is left dangling."""
    _, shell = shell_with(
        profile,
        "docker build -q -t myapp1:1.0 ~/myapp1",
        "echo changed >> ~/myapp1/app.py",
        "docker build -q -t myapp1:1.0 ~/myapp1",
    )
    return shell


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("flag", ["--filter ''", "--filter=", "-f ''"])
def test_images_empty_filter_is_ignored(profile: str, flag: str) -> None:
    """docker/cli opts/opts.go FilterOpt.Set: `if value == "" { return nil }` — no filter, no error."""
    shell = rebuilt(profile)
    plain = shell.run("docker images --format '{{.Repository}}:{{.Tag}}'")
    result = shell.run(f"docker images {flag} --format '{{{{.Repository}}}}:{{{{.Tag}}}}'")
    assert (result.exit_code, result.stderr) == (0, [])
    assert result.stdout == plain.stdout == ["myapp1:1.0"]


@pytest.mark.parametrize("profile", PROFILES)
def test_images_unknown_filter_is_refused_before_a_bad_dangling_value(profile: str) -> None:
    """moby daemon/containerd/image_list.go setupFilters and daemon/images/image_list.go Images call
    opts.Filters.Validate(acceptedImageFilterTags) first; GetBoolOrDefault("dangling") runs later."""
    result = Shell(World.default(profile)).run("docker images --filter dangling=maybe --filter bogus=1")
    assert (result.exit_code, result.stderr) == (1, ["Error response from daemon: invalid filter 'bogus'"])


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(
    ("flags", "shown"),
    [
        ("--filter dangling=maybe", "[maybe]"),
        ("--filter dangling=TRUE", "[TRUE]"),  # the truthy set is exactly "1", "true" (and "0", "false")
        ("--filter dangling=yes", "[yes]"),
        ("--filter dangling=true --filter dangling=false", "[false true]"),  # both: conflicting
        ("--filter dangling=1 --filter dangling=0", "[0 1]"),
    ],
)
def test_images_dangling_filter_value_errors(profile: str, flags: str, shown: str) -> None:
    """moby daemon/internal/filters/parse.go GetBoolOrDefault: isFalse := values["0"] || values["false"],
    isTrue := values["1"] || values["true"]; when isFalse == isTrue it returns invalidFilter{key,
    args.Get(key)}, and errors.go invalidFilter.Error formats the []string value with %s:
    `invalid filter 'dangling=[maybe]'` (Go prints a slice as [a b]; the map's order is random, the
    simulator sorts)."""
    result = Shell(World.default(profile)).run(f"docker images {flags}")
    assert (result.exit_code, result.stdout) == (1, [])
    assert result.stderr == [f"Error response from daemon: invalid filter 'dangling={shown}'"]


@pytest.mark.parametrize("profile", PROFILES)
def test_images_dangling_true_with_an_unknown_value_lists_dangling_only(profile: str) -> None:
    """GetBoolOrDefault only looks for the four known values: {true, maybe} has isTrue and not isFalse,
    so it is dangling=true (moby daemon/internal/filters/parse.go), and the CLI keeps dangling images
    since the filter has no "false" (docker/cli cli/command/image/list.go runImages)."""
    shell = rebuilt(profile)
    expected = shell.run("docker images -q --filter dangling=true").stdout
    assert len(expected) == 1
    result = shell.run("docker images -q --filter dangling=true --filter dangling=maybe")
    assert (result.exit_code, result.stdout) == (0, expected)


# --- empty and blank names ------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_image_inspect_empty_name_is_the_clients_not_found(profile: str) -> None:
    """moby client/image_inspect.go ImageInspect (docker/cli vendor, client v0.5.1): `if imageID == ""`
    returns objectNotFoundError{object: "image"}, whose Error() is "Error: No such %s: %s"
    (client/errors.go); docker/cli cli/command/inspect/inspector.go prints [] and the error, exit 1."""
    _, shell = shell_with(profile, "docker pull -q alpine")
    result = shell.run("docker image inspect ''")
    assert (result.exit_code, result.stdout, result.stderr) == (1, ["[]"], ["Error: No such image: "])
    result = shell.run("docker inspect --type image ''")
    assert (result.exit_code, result.stdout, result.stderr) == (1, ["[]"], ["Error: No such image: "])


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("command", ["docker image inspect", "docker inspect --type image", "docker history"])
def test_blank_image_name_is_an_invalid_reference_at_the_daemon(profile: str, command: str) -> None:
    """A name of spaces reaches the daemon; only DELETE checks for a blank name (image_routes.go
    postImagesDelete missingImageError). GetImage parses it with reference.ParseAnyReference and answers
    InvalidParameter (moby daemon/containerd/image.go resolveImage, daemon/images/image.go GetImage)."""
    result = Shell(World.default(profile)).run(f"{command} ' '")
    assert result.exit_code == 1
    assert result.stderr == ["Error response from daemon: invalid reference format"]


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", ["''", "' '"])
def test_docker_inspect_empty_name_stops_at_the_container_lookup(profile: str, name: str) -> None:
    """docker/cli cli/command/system/inspect.go inspectAll tries containers first; moby client
    container_inspect.go trimID returns emptyIDError ("invalid container name or ID: value is empty",
    client/utils.go), an InvalidParameter, which isErrSkippable does not skip."""
    result = Shell(World.default(profile)).run(f"docker inspect {name}")
    assert (result.exit_code, result.stdout) == (1, ["[]"])
    assert result.stderr == ["invalid container name or ID: value is empty"]


@pytest.mark.parametrize("profile", PROFILES)
def test_rmi_blank_name_is_still_the_daemons_blank_error(profile: str) -> None:
    """image_routes.go postImagesDelete: strings.TrimSpace(name) == "" -> "image name cannot be blank"."""
    result = Shell(World.default(profile)).run("docker rmi ' '")
    assert result.stderr == ["Error response from daemon: image name cannot be blank"]


@pytest.mark.parametrize("profile", PROFILES)
def test_tag_dash_target_is_a_reference_error(profile: str) -> None:
    """moby client/image_tag_test.go lists "-busybox:test" among invalid targets; typed after SOURCE it
    reaches ImageTag (tag.go SetInterspersed(false)), which wraps ParseNormalizedNamed's error."""
    _, shell = shell_with(profile, "docker pull -q alpine")
    result = shell.run("docker tag alpine -busybox:test")
    assert (result.exit_code, result.stderr) == (
        1,
        ['error parsing reference: "-busybox:test" is not a valid repository/tag: invalid reference format'],
    )


# --- a loopback registry host typed without a port -------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "line", "ping"),
    [
        ("classic", "docker push 127.0.0.1/myapp1", 'Get "http://127.0.0.1/v2/": dial tcp 127.0.0.1:80:'),
        ("classic", "docker pull localhost/myapp1:2", 'Get "http://localhost/v2/": dial tcp [::1]:80:'),
        ("classic", "docker login -u a -p b localhost", 'Get "http://localhost/v2/": dial tcp [::1]:80:'),
        ("current", "docker login -u a -p b localhost", 'Get "http://localhost/v2/": dial tcp [::1]:80:'),
    ],
)
def test_plain_http_retry_dials_port_80(profile: str, line: str, ping: str) -> None:
    """A loopback host is an insecure registry (moby daemon/pkg/registry/config.go: 127.0.0.0/8, ::1/128),
    so its endpoints are https://host then http://host. The graphdriver pusher/puller falls back to the
    next endpoint after a failed ping (daemon/internal/distribution/push.go Push, fallbackError) and login
    tries each endpoint (daemon/pkg/registry/service.go Auth); the error reported is the last one, the
    plain-HTTP ping — and Go dials http:// URLs without a port at 80, not 443."""
    _, shell = shell_with(profile, "docker build -q -t 127.0.0.1/myapp1 ~/myapp1")
    result = shell.run(line)
    assert result.exit_code == 1
    assert result.stderr[-1].removeprefix("Error response from daemon: ") == f"{ping} connect: connection refused"


def test_containerd_push_to_a_portless_localhost_dials_https_443() -> None:
    """containerd's ConfigureHosts (moby vendor/github.com/containerd/containerd/v2/core/remotes/docker/
    config/hosts.go): localhost with no port (or 443) is https only, so the error stays at :443."""
    _, shell = shell_with("current", "docker build -q -t localhost/myapp1 ~/myapp1")
    result = shell.run("docker push localhost/myapp1")
    assert result.exit_code == 1
    assert result.stderr[-1].endswith("dial tcp [::1]:443: connect: connection refused")
    assert 'Head "https://localhost/v2/myapp1/blobs/' in result.stderr[-1]


# --- docker help TOPIC, docker --help COMMAND, global options ---------------------------------------


@pytest.mark.parametrize(
    ("line", "same_as"),
    [
        ("docker help images", "docker images --help"),
        ("docker help image ls", "docker image ls --help"),
        ("docker help push", "docker push --help"),
        ("docker help image", "docker image --help"),
        ("docker --help images", "docker images --help"),
        ("docker --help image ls", "docker image ls --help"),
        ("docker --help nosuch", "docker --help"),
    ],
)
def test_help_names_a_command(line: str, same_as: str) -> None:
    """docker/cli cli/cobra.go helpCommand: `docker help X` finds X from the root and runs its HelpFunc
    (what `X --help` prints, stdout). `docker --help X`: cli/cobra.go HandleGlobalFlags parses --help as
    the root's persistent flag, then cobra runs X, whose help flag is set (cobra command.go execute:
    flag.ErrHelp); an unknown X leaves the root command, whose help it is."""
    shell = Shell(World.default())
    result, expected = shell.run(line), shell.run(same_as)
    assert (result.exit_code, result.output) == (0, expected.output)
    assert result.stdout and not result.stderr


@pytest.mark.parametrize(
    ("line", "topic"),
    [
        ("docker help nosuch", "nosuch"),
        ("docker help nosuch more", "nosuch more"),
        ("docker help image nosuch", "nosuch"),
        ("docker help images extra", "extra"),
    ],
)
def test_help_of_an_unknown_topic(line: str, topic: str) -> None:
    """cli/cobra.go helpCommand RunE: `cmd, args, e := c.Root().Find(args)`; an unknown root word is
    cobra's legacyArgs error, words left over remain in args: both return
    `unknown help topic: <args joined by spaces>` (cmd/docker/docker.go prints it on stderr, exit 1)."""
    result = Shell(World.default()).run(line)
    assert (result.exit_code, result.stdout, result.stderr) == (1, [], [f"unknown help topic: {topic}"])


@pytest.mark.parametrize("line", ["docker help network", "docker help volume ls"])
def test_help_of_a_real_command_the_simulator_lacks_says_so(line: str) -> None:
    """Docker has these commands; the simulator must not call them unknown topics."""
    result = Shell(World.default()).run(line)
    assert result.exit_code == 1
    assert "is a real Docker command, but this simulator does not cover it" in result.stderr[0]


@pytest.mark.parametrize(
    ("line", "flag"),
    [
        ("docker -D images", "-D"),
        ("docker --debug images", "--debug"),
        ("docker -l debug images", "-l"),
        ("docker --log-level=debug images", "--log-level"),
        ("docker -H tcp://host:2375 images", "-H"),
        ("docker --context default images", "--context"),
        ("docker --config /tmp/x images", "--config"),
        ("docker --tlsverify images", "--tlsverify"),
    ],
)
def test_global_options_are_real_but_not_simulated(line: str, flag: str) -> None:
    """docker/cli cli/flags/options.go InstallFlags defines --config, -c/--context, -D/--debug,
    -H/--host, -l/--log-level, --tls, --tlscacert, --tlscert, --tlskey, --tlsverify: "unknown flag" would
    tell the learner Docker has no such option, so the simulator names it as not covered."""
    result = Shell(World.default()).run(line)
    assert result.exit_code == 1
    assert result.stdout == []
    assert result.stderr[0] == (
        f"registry-tutor: `docker {flag}` is a real Docker option, but this simulator does not cover it."
    )
    assert "unknown flag" not in result.text


def test_an_unknown_global_flag_is_still_unknown() -> None:
    """cli/cobra.go FlagErrorFunc on the root command: exit 125 and the root's usage line."""
    result = Shell(World.default()).run("docker --bogus images")
    assert result.exit_code == 125
    assert result.stderr[0] == "unknown flag: --bogus"


# --- -h / --help as pflag parses them ---------------------------------------------------------------

H_DEPRECATED = "Flag shorthand -h has been deprecated, use --help"


@pytest.mark.parametrize("line", ["docker images -h", "docker push -h", "docker images -qh", "docker rmi -fh x"])
def test_dash_h_prints_the_deprecation_then_help(line: str) -> None:
    """docker/cli cli/cobra.go setupCommonRootCommand: the root's persistent --help flag has its -h
    shorthand MarkShorthandDeprecated("help", "use --help"); pflag flag.go parseSingleShortArg writes
    "Flag shorthand -h has been deprecated, use --help" to the flag set's output, which cobra
    (command.go ParseFlags) prints with c.Print on the command's out stream (stdout), before the help."""
    shell = Shell(World.default())
    command = " ".join(line.split()[:2])
    result = shell.run(line)
    assert (result.exit_code, result.stderr) == (0, [])
    assert result.stdout == [H_DEPRECATED, *shell.run(f"{command} --help").stdout]


def test_docker_dash_h_warns_on_stderr() -> None:
    """cli/cobra.go HandleGlobalFlags parses the root's flags with its own pflag.NewFlagSet, whose
    output is os.Stderr: the notice goes to stderr there, the root help to stdout."""
    result = Shell(World.default()).run("docker -h")
    assert result.exit_code == 0
    assert result.stderr == [H_DEPRECATED]
    assert result.stdout == Shell(World.default()).run("docker --help").stdout
    result = Shell(World.default()).run("docker -h images")
    assert result.stderr == [H_DEPRECATED]
    assert result.stdout == Shell(World.default()).run("docker images --help").stdout


@pytest.mark.parametrize("line", ["docker images --help --bogus", "docker images -h --bogus"])
def test_help_does_not_stop_the_flag_parse(line: str) -> None:
    """pflag sets the help flag and goes on parsing: a later unknown flag is still the error (cobra
    FlagErrorFunc, exit 125) and the buffered deprecation notice is not printed (ParseFlags prints it only
    when err == nil)."""
    result = Shell(World.default()).run(line)
    assert result.exit_code == 125
    assert result.stdout == []
    assert result.stderr[0] == "unknown flag: --bogus"


def test_help_false_runs_the_command() -> None:
    """--help is an ordinary pflag bool: --help=false leaves it unset, and the command runs."""
    shell = Shell(World.default())
    result = shell.run("docker images --help=false")
    assert result.exit_code == 0
    assert result.stdout == shell.run("docker images").stdout


def test_help_with_a_bad_bool_value() -> None:
    """pflag errors.go InvalidValueError names a flag "-h, --help" only when its shorthand is not
    deprecated: here it is "--help"."""
    result = Shell(World.default()).run("docker images --help=maybe")
    assert result.exit_code == 125
    assert result.stderr[0] == (
        'invalid argument "maybe" for "--help" flag: strconv.ParseBool: parsing "maybe": invalid syntax'
    )


@pytest.mark.parametrize(("value", "ok"), [("T", True), ("True", True), ("FALSE", True), ("tRuE", False), ("yes", False)])
def test_bool_flag_values_are_strconv_parsebool(value: str, ok: bool) -> None:
    """pflag bool.go boolValue.Set -> strconv.ParseBool: exactly 1 t T true TRUE True / 0 f F false FALSE
    False; any other spelling is an InvalidValueError (exit 125)."""
    result = Shell(World.default()).run(f"docker images --all={value}")
    assert result.exit_code == (0 if ok else 125)
    if not ok:
        assert result.stderr[0] == (
            f'invalid argument "{value}" for "-a, --all" flag: strconv.ParseBool: parsing "{value}": invalid syntax'
        )


@pytest.mark.parametrize("arg", ["---all", "--=x", "---"])
def test_bad_long_flag_syntax(arg: str) -> None:
    """pflag flag.go parseLongArg: a name that is empty or starts with '-' or '=' is an
    InvalidSyntaxError, "bad flag syntax: <arg>" (errors.go), through cobra's FlagErrorFunc (exit 125)."""
    result = Shell(World.default()).run(f"docker images {arg}")
    assert result.exit_code == 125
    assert result.stderr == usage_error(
        "docker images", "docker images [OPTIONS] [REPOSITORY[:TAG]]", f"bad flag syntax: {arg}"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("docker --bogus=1 images", "unknown flag: --bogus"),
        ("docker -Z images", "unknown shorthand flag: 'Z' in -Z"),
        ("docker -Zq images", "unknown shorthand flag: 'Z' in -Zq"),
        ("docker ---x images", "bad flag syntax: ---x"),
    ],
)
def test_root_flag_errors_have_pflags_wording(line: str, message: str) -> None:
    """cli/cobra.go HandleGlobalFlags parses the root's flags with pflag and hands the error to
    FlagErrorFunc: NotExistError names a long flag without its =value ("unknown flag: --%s") and a short
    one by letter ("unknown shorthand flag: %q in -%s"), exit 125."""
    result = Shell(World.default()).run(line)
    assert result.exit_code == 125
    assert result.stderr == usage_error("docker", "docker [OPTIONS] COMMAND [ARG...]", message)


# --- --platform on rmi and image inspect ----------------------------------------------------------


@pytest.mark.parametrize("flags", ["--platform linux/amd64,linux/arm64", "--platform linux/amd64 --platform linux/arm64"])
def test_rmi_platforms_is_a_string_slice(flags: str) -> None:
    """docker/cli cli/command/image/remove.go: --platform is a StringSliceVar (pflag splits each value as
    CSV), every element parsed by platforms.Parse; the graphdriver ImageDelete refuses two of them
    (moby daemon/images/image_delete.go: "multiple platforms are not supported", InvalidParameter)."""
    _, shell = shell_with("classic", "docker pull -q alpine")
    result = shell.run(f"docker rmi -f {flags} alpine")
    assert (result.exit_code, result.stdout) == (1, [])
    assert result.stderr == ["Error response from daemon: multiple platforms are not supported"]


@pytest.mark.parametrize("text", ["alpine", "docker.io/library/alpine:latest"])
def test_classic_platform_mismatch_wording(text: str) -> None:
    """moby daemon/images/image.go GetImage (graphdriver), used by ImageDelete and ImageInspect: a platform
    the image lacks is NotFound "image with reference %s was found but its platform (%s) does not match the
    specified platform (%s)", the name made familiar only when reference.ParseNamed accepts it (a
    canonical name). rmi -f prints a NotFound and exits 0 (docker/cli image/remove.go)."""
    _, shell = shell_with("classic", "docker pull -q alpine")
    shown = "alpine:latest" if text.startswith("docker.io/") else text
    message = (
        f"Error response from daemon: image with reference {shown} was found but its platform (linux/amd64) "
        "does not match the specified platform (linux/arm64)"
    )
    result = shell.run(f"docker rmi -f --platform linux/arm64 {text}")
    assert (result.exit_code, result.stdout, result.stderr) == (0, [], [message])
    result = shell.run(f"docker image inspect --platform linux/arm64 {text}")
    assert (result.exit_code, result.stderr) == (1, [message])
    assert shell.run("docker images -q alpine").stdout != []  # nothing was removed


def test_current_rmi_platform_the_image_lacks() -> None:
    """moby daemon/containerd/image_delete.go: with --platform (and --force) ImageDelete ends in
    deleteImagePlatforms; getBestPresentImageManifest with a plain OnlyStrict matcher finds nothing, whose
    errPlatformNotFound (daemon/containerd/image.go) says "any platform", wrapped as "failed to delete
    platform %s for image %s: %w" — a NotFound, so -f exits 0. Nothing is untagged or deleted."""
    world, shell = shell_with("current", "docker pull -q alpine")
    digest = world.machine.store.tag_digest("docker.io/library/alpine", "latest")
    result = shell.run("docker rmi -f --platform linux/arm64 alpine")
    assert (result.exit_code, result.stdout) == (0, [])
    assert result.stderr == [
        f"Error response from daemon: failed to delete platform linux/arm64 for image {digest}: image with "
        "reference alpine:latest was found but does not provide any platform"
    ]
    assert shell.run("docker images -q alpine").stdout != []


def test_current_rmi_of_the_images_own_platform_is_not_simulated() -> None:
    """Removing one platform's content while the image's names stay (deleteImagePlatformByImageID) is not
    modelled: the simulator says so instead of untagging and deleting the whole image."""
    _, shell = shell_with("current", "docker pull -q alpine")
    result = shell.run("docker rmi -f --platform linux/amd64 alpine")
    assert result.exit_code == 1
    assert result.stdout == []
    assert "not simulated" in result.stderr[0]
    assert shell.run("docker images -q alpine").stdout != []


# --- docker manifest: an experimental command -------------------------------------------------------


def test_manifest_inspect_help_is_docker_s_text() -> None:
    """docker/cli cli/command/manifest/inspect.go: --insecure "Allow communication with an insecure
    registry" (nothing about localhost); manifest/cmd.go annotates the group experimentalCLI, so the usage
    template (cli/cobra.go usageTemplate, isExperimental looks at the parents) prints the EXPERIMENTAL
    block after the short description."""
    result = Shell(World.default()).run("docker manifest inspect --help")
    assert result.exit_code == 0
    assert result.stdout == [
        "Usage:  docker manifest inspect [OPTIONS] [MANIFEST_LIST] MANIFEST",
        "",
        "Display an image manifest, or manifest list",
        "",
        "EXPERIMENTAL:",
        "  docker manifest inspect is an experimental feature.",
        "  Experimental features provide early access to product functionality. These",
        "  features may change between releases without warning, or can be removed from a",
        "  future release. Learn more about experimental features in our documentation:",
        "  https://docs.docker.com/go/experimental/",
        "",
        "Options:",
        "      --insecure   Allow communication with an insecure registry",
        "  -v, --verbose    Output additional info including layers and platform",
    ]


def test_manifest_unknown_subcommand_usage_line() -> None:
    """cli/required.go NoArgs prints cmd.UseLine(): manifest/cmd.go's Use is "manifest COMMAND"."""
    result = Shell(World.default()).run("docker manifest foo")
    assert (result.exit_code, result.stderr) == (
        1,
        [
            "docker: unknown command: docker manifest foo",
            "",
            "Usage:  docker manifest COMMAND",
            "",
            "Run 'docker manifest --help' for more information",
        ],
    )


# --- cobra aliases answer as their command -------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "path", "use"),
    [
        ("docker container list x", "docker container ls", "docker container ls [OPTIONS]"),
        ("docker container ps x", "docker container ls", "docker container ls [OPTIONS]"),
        ("docker ps x", "docker ps", "docker ps [OPTIONS]"),
    ],
)
def test_container_list_aliases_name_ls(line: str, path: str, use: str) -> None:
    """docker/cli cli/command/container/list.go newListCommand: Use "ls [OPTIONS]", Aliases ps, list — an
    alias runs the `ls` command, so cli/required.go NoArgs names its CommandPath; `docker ps` is its own
    top-level command (newPsCommand)."""
    result = Shell(World.default()).run(line)
    assert result.exit_code == 1
    assert result.stderr == [
        f"docker: '{path}' accepts no arguments", "", f"Usage:  {use}", "", f"Run '{path} --help' for more information"
    ]


def test_container_help_lists_each_command_once() -> None:
    """cli/cobra.go usageTemplate lists subcommands by Name() (the first word of Use); aliases are not
    commands of their own: `docker container` shows ls and rm, not list, ps or remove."""
    text = Shell(World.default()).run("docker container --help").stdout
    names = [line.split()[0] for line in text if line.startswith("  ")]
    assert names == ["exec", "ls", "rm", "run"]
    result = Shell(World.default()).run("docker container remove")
    assert result.stderr[0] == "docker: 'docker container rm' requires at least 1 argument"


def test_docker_image_rmi_is_an_alias_of_image_rm() -> None:
    """docker/cli cli/command/image/remove.go newImageRemoveCommand: cmd.Aliases = {"rmi", "remove"}, so
    `docker image rmi` runs `docker image rm` (and names it in its errors)."""
    _, shell = shell_with("current", "docker pull -q alpine")
    assert shell.run("docker image rmi alpine").stdout[0] == "Untagged: alpine:latest"
    result = shell.run("docker image rmi")
    assert result.stderr[0] == "docker: 'docker image rm' requires at least 1 argument"


def test_argument_errors_come_before_the_daemon_is_called() -> None:
    """cobra command.go execute: ValidateArgs runs before PersistentPreRunE and RunE; only RunE's API call
    meets the stopped daemon (moby client/request.go connectionFailed)."""
    _, shell = shell_with("current", "echo '{bad' > /etc/docker/daemon.json")
    assert shell.run("sudo systemctl restart docker").exit_code == 1
    result = shell.run("docker push")
    assert result.stderr[0] == "docker: 'docker push' requires 1 argument"
    result = shell.run("docker push localhost:5000/myapp1")
    assert result.stderr == [
        "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"
    ]


# --- --help: Docker's own texts, the simulator's notes apart ------------------------------------


def test_login_help_prints_long_and_docker_s_flag_texts() -> None:
    """docker/cli cli/command/registry/login.go: Long "Authenticate to a registry.\\nDefaults to Docker Hub
    if no server is specified." (cli/cobra.go usageTemplate prints Long when set); the flag usages are
    "Username", "Password or Personal Access Token (PAT), or "-" to read from stdin" and "Take the Password
    or Personal Access Token (PAT) from stdin". What the simulator simplifies follows as its own line."""
    text = Shell(World.default()).run("docker login --help").stdout
    assert text[:11] == [
        "Usage:  docker login [OPTIONS] [SERVER]",
        "",
        "Authenticate to a registry.",
        "Defaults to Docker Hub if no server is specified.",
        "",
        "Options:",
        '  -p, --password string   Password or Personal Access Token (PAT), or "-"',
        "                          to read from stdin",
        "      --password-stdin    Take the Password or Personal Access Token",
        "                          (PAT) from stdin",
        "  -u, --username string   Username",
    ]
    assert text[11] == "" and text[12].startswith("registry-tutor: ")


def test_logout_help_prints_long() -> None:
    """docker/cli cli/command/registry/logout.go: Long "Log out from a registry.\\nIf no server is specified,
    the default is defined by the daemon."."""
    assert Shell(World.default()).run("docker logout --help").stdout == [
        "Usage:  docker logout [SERVER]",
        "",
        "Log out from a registry.",
        "If no server is specified, the default is defined by the daemon.",
    ]


@pytest.mark.parametrize(
    ("command", "flag_lines"),
    [
        ("docker pull", ["      --platform string   Set platform if server is multi-platform capable"]),
        (
            "docker push",
            [
                "      --platform string   Push a platform-specific manifest as a",
                "                          single-platform image to the registry.",
                "                          Image index won't be pushed, meaning that other",
                "                          manifests, including attestations won't be",
                "                          preserved.",
                "                          'os[/arch[/variant]]': Explicit platform (eg.",
                "                          linux/amd64)",
            ],
        ),
    ],
)
def test_platform_flag_usage_is_docker_s(command: str, flag_lines: list[str]) -> None:
    """docker/cli cli/command/image/pull.go, push.go: the --platform usage texts, with nothing added; the
    one-platform simplification is a separate registry-tutor line at the end."""
    text = Shell(World.default()).run(f"{command} --help").stdout
    start = next(i for i, line in enumerate(text) if "--platform" in line)
    assert text[start:start + len(flag_lines)] == flag_lines
    assert text[-1] == "registry-tutor: every simulated image has one platform, linux/amd64."


def test_client_side_commands_work_with_the_daemon_down() -> None:
    """docker/cli cli/command/registry/logout.go only edits the CLI's config file, and
    cli/command/manifest/inspect.go asks the registry itself (internal/registryclient): neither calls the
    daemon. login.go prints its --password warning before RegistryLogin meets the stopped daemon."""
    _, shell = shell_with(
        "current",
        "docker login -u learner -p secret localhost:5000",
        "echo '{bad' > /etc/docker/daemon.json",
    )
    assert shell.run("sudo systemctl restart docker").exit_code == 1
    result = shell.run("docker logout localhost:5000")
    assert (result.exit_code, result.stdout) == (0, ["Removing login credentials for localhost:5000"])
    result = shell.run("docker manifest inspect localhost:5000/myapp1:1.0")
    assert result.stderr == ["no such manifest: localhost:5000/myapp1:1.0"]
    result = shell.run("docker login -u learner -p secret localhost:5000")
    assert result.exit_code == 1
    assert result.stderr == [
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.",
        "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
    ]


@pytest.mark.parametrize(
    ("line", "stdout", "stderr"),
    [
        ("docker push MyApp", [], ["invalid reference format: repository name (library/MyApp) must be lowercase"]),
        ("docker push -a localhost:5000/myapp1:1.0", [], ["tag can't be used with --all-tags/-a"]),
        ("docker pull alpine:", [], ["invalid reference format"]),
        ("docker tag Alpine x", [], [
            'error parsing reference: "Alpine" is not a valid repository/tag: invalid reference format: '
            "repository name (library/Alpine) must be lowercase"
        ]),
        ("docker push localhost:5000/myapp1", ["Using default tag: latest"], [DAEMON_DOWN_TEXT]),
        ("docker pull alpine", ["Using default tag: latest"], [DAEMON_DOWN_TEXT]),
        ("docker tag alpine x", [], [DAEMON_DOWN_TEXT]),
    ],
)
def test_client_side_checks_come_before_the_daemon_call(line: str, stdout: list[str], stderr: list[str]) -> None:
    """docker/cli cli/command/image/push.go runPush, pull.go runPull and moby client/image_tag.go ImageTag
    parse the reference (and check -a, print "Using default tag") before the API request, which is where a
    stopped daemon shows (moby client/request.go connectionFailed)."""
    _, shell = shell_with("current", "echo '{bad' > /etc/docker/daemon.json")
    assert shell.run("sudo systemctl restart docker").exit_code == 1
    result = shell.run(line)
    assert (result.exit_code, result.stdout, result.stderr) == (1, stdout, stderr)


# --- root and management help: docker/cli's usage template ----------------------------------------


def test_root_help_has_docker_s_sections() -> None:
    """docker/cli cli/cobra.go: helpTemplate "{{- if ...}}" has no leading blank line since v28.0.0
    (61a3b4bd50, "Remove preceding white space from cobra help template"); usageTemplate puts the
    category-top commands (run.go 1, exec.go 2, list.go 3, build.go 4, pull.go 5, push.go 6, list.go 7,
    login.go 8, logout.go 9) under Common Commands as rpad(name+" ", NamePadding+1), management commands
    next, the rest under Commands as rpad(name, NamePadding)+" " (cobra minNamePadding 11), then the run
    line and the root's additionalHelp. `build` is docker/cli's command, Short "Build an image from a
    Dockerfile" (image/build.go)."""
    text = Shell(World.default()).run("docker --help").stdout
    assert text[:15] == [
        "Usage:  docker [OPTIONS] COMMAND",
        "",
        "A self-sufficient runtime for containers",
        "",
        "Common Commands:",
        "  run         Create and run a new container from an image",
        "  exec        Execute a command in a running container",
        "  ps          List containers",
        "  build       Build an image from a Dockerfile",
        "  pull        Download an image from a registry",
        "  push        Upload an image to a registry",
        "  images      List images",
        "  login       Authenticate to a registry",
        "  logout      Log out from a registry",
        "",
    ]
    assert "Management Commands:" in text and "Commands:" in text
    assert "  image       Manage images" in text
    assert "  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE" in text
    assert text[-5:-2] == [
        "Run 'docker COMMAND --help' for more information on a command.",
        "",
        "For more help on how to use Docker, head to https://docs.docker.com/go/guides/",
    ]


def test_management_help_names_its_purpose_and_pads_like_cobra() -> None:
    """usageTemplate for `docker image --help`: "Usage:  docker image COMMAND", the command's Short
    ("Manage images", image/cmd.go), then each subcommand as rpad(Name, 11) + " " + Short."""
    text = Shell(World.default()).run("docker image --help").stdout
    assert text[:6] == [
        "Usage:  docker image COMMAND",
        "",
        "Manage images",
        "",
        "Commands:",
        "  build       Build an image from a Dockerfile",
    ]
    assert "  ls          List images" in text
    assert "Run 'docker image COMMAND --help' for more information on a command." in text


def test_bare_docker_manifest_prints_a_blank_line_then_its_usage_on_stderr() -> None:
    """docker/cli cli/command/manifest/cmd.go Run: Fprint(dockerCLI.Err(), "\\n"+cmd.UsageString()) — the
    Long description and the EXPERIMENTAL block included."""
    result = Shell(World.default()).run("docker manifest")
    assert (result.exit_code, result.stdout) == (0, [])
    assert result.stderr[:3] == [
        "",
        "Usage:  docker manifest COMMAND",
        "",
    ]
    assert "EXPERIMENTAL:" in result.stderr
    assert Shell(World.default()).run("docker manifest --help").stdout == result.stderr[1:]


# --- images --filter label: the two stores differ ---------------------------------------------------


def labelled(profile: str) -> Shell:
    """myapp1 built with LABEL stage=prod, myapp2 with LABEL stage=dev, myapp3 without a label."""
    _, shell = shell_with(
        profile,
        "echo 'LABEL stage=prod' >> ~/myapp1/Dockerfile",
        "echo 'LABEL stage=dev' >> ~/myapp2/Dockerfile",
        "docker build -q -t app1 ~/myapp1",
        "docker build -q -t app2 ~/myapp2",
        "docker build -q -t app3 ~/myapp3",
    )
    return shell


def names(shell: Shell, flags: str) -> list[str]:
    result = shell.run(f"docker images {flags} --format '{{{{.Repository}}}}'")
    assert result.exit_code == 0, result.text
    return sorted(result.stdout)


def test_containerd_label_filters() -> None:
    """moby daemon/containerd/image_list.go: acceptedImageFilterTags has "label!"; setupLabelFilter
    negates a `label!` check, and a key written `key!` inside `label=` flips it too; a key alone asks for
    the label's presence (absence when negated)."""
    shell = labelled("current")
    assert names(shell, "--filter label=stage") == ["app1", "app2"]
    assert names(shell, "--filter label=stage=prod") == ["app1"]
    assert names(shell, "--filter label!=stage") == ["app3"]
    assert names(shell, "--filter label!=stage=prod") == ["app2", "app3"]
    assert names(shell, "--filter label=stage!=prod") == ["app2", "app3"]


def test_graphdriver_refuses_label_bang() -> None:
    """moby daemon/images/image_list.go: acceptedImageFilterTags has no "label!" (Validate: invalid filter)."""
    shell = labelled("classic")
    assert names(shell, "--filter label=stage=prod") == ["app1"]
    result = shell.run("docker images --filter label!=stage")
    assert (result.exit_code, result.stderr) == (1, ["Error response from daemon: invalid filter 'label!'"])


@pytest.mark.parametrize(
    ("command", "aliases"),
    [
        ("docker ps", "docker container ls, docker container list, docker container ps, docker ps"),
        ("docker container list", "docker container ls, docker container list, docker container ps, docker ps"),
        ("docker rm", "docker container rm, docker container remove, docker rm"),
        ("docker exec", "docker container exec, docker exec"),
        ("docker run", "docker container run, docker run"),
    ],
)
def test_container_commands_alias_lines(command: str, aliases: str) -> None:
    """docker/cli cli/command/container/list.go, rm.go, exec.go, run.go: the "aliases" annotation, which
    cli/cobra.go commandAliases prints as it is."""
    text = Shell(World.default()).run(f"{command} --help").stdout
    assert text[text.index("Aliases:") + 1] == f"  {aliases}"


def test_ps_last_shows_its_default() -> None:
    """pflag FlagUsages appends " (default -1)" to an int flag whose default is not the zero value
    (docker/cli container/list.go: IntVarP(&options.last, "last", "n", -1, ...))."""
    text = " ".join(Shell(World.default()).run("docker ps --help").text.split())
    assert "-n, --last int Show n last created containers (includes all states) (default -1)" in text


@pytest.mark.parametrize("command", ["docker ps", "docker run", "docker container ls"])
def test_help_says_when_it_lists_only_some_options(command: str) -> None:
    """docker/cli container/list.go also has -s/--size, --format and -f/--filter, which the simulator does
    not model: its help must not pass for Docker's whole list."""
    text = Shell(World.default()).run(f"{command} --help").stdout
    assert text[-1] == f"registry-tutor: Docker's `{command}` has more options than these; they are not simulated."


# --- image inspect Metadata.LastTagTime -----------------------------------------------------------

LAST_TAG = "docker image inspect -f '{{.Metadata.LastTagTime}}' alpine"


def test_graphdriver_last_tag_time_comes_from_tagimage_only() -> None:
    """moby daemon/images/image_inspect.go reads imageStore.GetLastUpdated (zero time when never set);
    only TagImage (daemon/images/image_tag.go: SetLastUpdated) sets it — `docker tag`, a build's -t
    (mobyexporter) — while a pull adds its tag straight to the reference store (daemon/internal/
    distribution/pull_v2.go AddTag)."""
    world, shell = shell_with("classic", "docker pull -q alpine")
    assert shell.run(LAST_TAG).stdout == ["0001-01-01 00:00:00 +0000 UTC"]
    assert shell.run("docker tag alpine mine:1").ok
    assert shell.run(LAST_TAG).stdout != ["0001-01-01 00:00:00 +0000 UTC"]
    stamp = shell.run(LAST_TAG).stdout
    assert shell.run("docker rmi alpine mine:1").ok  # the untagged image is deleted with its metadata
    assert shell.run("docker pull -q alpine").ok
    assert shell.run(LAST_TAG).stdout == ["0001-01-01 00:00:00 +0000 UTC"] != stamp


def test_containerd_last_tag_time_is_the_newest_record() -> None:
    """moby daemon/containerd/image_inspect.go: LastTagTime is the newest UpdatedAt among the records that
    point at the target — a later `docker tag` (a new record) moves it forward."""
    world, shell = shell_with("current", "docker pull -q alpine")
    pulled = shell.run(LAST_TAG).stdout
    assert pulled != ["0001-01-01 00:00:00 +0000 UTC"]
    assert shell.run("docker tag alpine mine:1").ok
    assert shell.run(LAST_TAG).stdout > pulled


def test_exec_with_an_empty_container_name() -> None:
    """docker/cli cli/command/container/exec.go RunExec calls ContainerInspect first; the vendored moby
    client's trimID refuses an empty or blank ID before any request (client/utils.go emptyIDError)."""
    result = Shell(World.default()).run("docker exec ' ' ls")
    assert (result.exit_code, result.stderr) == (1, ["invalid container name or ID: value is empty"])


def test_graphdriver_platform_match_falls_back_to_os_and_architecture() -> None:
    """moby daemon/images/image.go onlyFallbackMatcher.Match: an image config without a variant matches on
    OS and architecture alone, so --platform linux/amd64/v2 finds a linux/amd64 image."""
    _, shell = shell_with("classic", "docker pull -q alpine")
    result = shell.run("docker image inspect --platform linux/amd64/v2 -f '{{.Architecture}}' alpine")
    assert (result.exit_code, result.stdout) == (0, ["amd64"])


def test_graphdriver_history_platform_uses_the_same_fallback() -> None:
    """daemon/images/image_history.go ImageHistory calls GetImage with the platform (onlyFallbackMatcher)."""
    _, shell = shell_with("classic", "docker pull -q alpine")
    assert shell.run("docker history -q --platform linux/amd64/v2 alpine").exit_code == 0
    result = shell.run("docker history -q --platform linux/arm64 alpine")
    assert result.stderr == [
        "Error response from daemon: image with reference alpine was found but its platform (linux/amd64) does "
        "not match the specified platform (linux/arm64)"
    ]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("docker push --platform linux/arm64 localhost:5000/myapp1:2.0", "No such image: localhost:5000/myapp1:2.0"),
        ("docker push --platform linux/arm64 -a localhost:5000/myapp1", "No such image: localhost:5000/myapp1:latest"),
    ],
)
def test_graphdriver_push_platform_looks_the_image_up_first(line: str, error: str) -> None:
    """moby daemon/images/image_push.go PushImage: with a platform, GetImage(ref.String()) runs before the
    push stream — a missing tag (or, for -a, a missing :latest) is its NotFound, with the daemon prefix
    and without "The push refers to repository"."""
    _, shell = shell_with("classic", "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1")
    result = shell.run(line)
    assert result.exit_code == 1
    assert result.stderr == [f"Error response from daemon: {error}"]
    assert not any("The push refers to" in line for line in result.stdout)
    assert shell.run("docker push -q --platform linux/amd64/v2 localhost:5000/myapp1:1.0").exit_code == 0


def test_help_for_the_simulated_buildx_command() -> None:
    """docker/cli cmd/docker/docker.go setupHelpCommand runs a plugin's own help for `docker help buildx
    ...`; the one buildx command simulated here answers with its help, as `--help` does."""
    shell = Shell(World.default())
    result = shell.run("docker help buildx imagetools inspect")
    assert (result.exit_code, result.stdout) == (0, shell.run("docker buildx imagetools inspect --help").stdout)
