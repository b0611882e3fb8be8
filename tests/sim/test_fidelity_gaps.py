"""The fidelity audit's known gaps, closed against docker/cli v29.7.2, moby docker-v29.7.2, buildx
v0.29.1, containerd/platforms v1.0.0-rc.4 (vendored there), Go's text/template and bash's echo.

Each test names the upstream file it follows (paths inside those repositories).

| gap | upstream file | status |
|---|---|---|
| --platform parse errors (pull, build, run, rmi, push, image inspect) | containerd/platforms platforms.go Parse | fixed |
| --platform normalisation (Linux/AMD64, x86_64, aarch64, armhf, macos) | platforms.go, database.go | fixed |
| push --platform: "Invalid platform X" + error, no newline | docker/cli cli/command/image/push.go | fixed |
| push --platform the image lacks (containerd / graphdriver) | moby daemon/containerd/image_push.go, daemon/images/image_push.go | fixed |
| template arg counts, literal and value types, error context | Go text/template exec.go, parse/parse.go | fixed |
| join(any) "expected slice", json without HTML escaping | docker/cli templates/templates.go | fixed |
| table header with HeaderFunctions | docker/cli templates.go, cli/command/formatter/formatter.go | fixed |
| inspect -f parsed as typed; images replaces \\t/\\n, trims spaces | cli/command/inspect/inspector.go, formatter.go | fixed |
| raw-JSON fallback types ([]interface {}, json.Number) | cli/command/inspect/inspector.go tryRawInspectFallback | fixed |
| variables, range over maps in key order, printf verbs | text/template parse.go, exec.go; fmt | fixed |
| registry-1.docker.io pulls from Hub under its own name | distribution/reference normalize.go | fixed |
| echo -e \\uHHHH / \\UHHHHHHHH | bash lib/sh/strtrans.c ansicstr | fixed |
| htpasswd-protected registries | distribution registry/auth/htpasswd | not simulated (help simplifications says so) |
"""

from __future__ import annotations

import json

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


# --- 2. --format / inspect -f: text/template type checks ----------------------------------------------


def _images_format(fmt: str):
    _, shell = shell_with("current", "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1")
    return shell.run(f"docker images --format '{fmt}'")


def _inspect_format(fmt: str):
    _, shell = shell_with("current", "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1")
    return shell.run(f"docker inspect -f '{fmt}' localhost:5000/myapp1:1.0")


EXEC = 'template parsing error: template: :1:{col}: executing "" at <{at}>: {message}'


@pytest.mark.parametrize(
    ("fmt", "col", "at", "message"),
    [
        # docker/cli templates/templates.go joinElements (v29.7: elems any): not a slice is its error
        ('{{join .Tag ","}}', 2, 'join .Tag ","', "error calling join: expected slice, got string"),
        # the piped value is join's last argument (exec.go evalCall final); the error is at the command
        ('{{.Tag | join ","}}', 9, 'join ","', "error calling join: expected slice, got string"),
        # funcs.go length; 3 is an ideal constant, an int
        ("{{len 3}}", 2, "len 3", "error calling len: len of type int"),
        # exec.go evalCall: wrong number of args, at the function's identifier
        ("{{join .Tag}}", 2, "join", "wrong number of args for join: want 2 got 1"),
        ("{{upper}}", 2, "upper", "wrong number of args for upper: want 1 got 0"),
        ("{{and}}", 2, "and", "wrong number of args for and: want at least 1 got 0"),
        # exec.go evalArg -> evalString / evalInteger / "cannot assign nil"
        ("{{upper 3}}", 8, "3", "expected string; found 3"),
        ('{{truncate .Repository "3"}}', 23, '"3"', 'expected integer; found "3"'),
        ("{{upper nil}}", 8, "nil", "cannot assign nil to string"),
        # exec.go evalField: a string has no fields
        ("{{.Tag.Foo}}", 2, ".Tag.Foo", "can't evaluate field Foo in type string"),
        # templates.go padWithSpace: strings.Repeat panics, safeCall recovers it
        ("{{pad .Tag -1 0}}", 2, "pad .Tag -1 0", "error calling pad: strings: negative Repeat count"),
        # funcs.go eq: basicKind differs
        ("{{eq .Tag 1}}", 2, "eq .Tag 1", "error calling eq: incompatible types for comparison"),
        # exec.go notAFunction
        ('{{"x" .Tag}}', 2, '"x"', 'can\'t give argument to non-function "x"'),
    ],
)
def test_images_format_execution_errors(fmt: str, col: int, at: str, message: str) -> None:
    """Go text/template exec.go (errorf + parse.go ErrorContext: byte column of the node s.at points to)
    and funcs.go; docker/cli cli/command/formatter/formatter.go wraps them as "template parsing error"."""
    result = _images_format(fmt)
    assert (result.exit_code, result.stderr) == (1, [EXEC.format(col=col, at=at, message=message)])


def test_error_context_is_cut_at_20_characters_and_counts_lines() -> None:
    """text/template/parse/parse.go ErrorContext: "%.20s..." for a longer node, line:byte-in-line."""
    result = _images_format("{{.Tag}}\\n{{join .Repository .Tag}}")
    assert result.stderr == [
        'template parsing error: template: :2:2: executing "" at <join .Repository .Ta...>: '
        "error calling join: expected slice, got string"
    ]


def test_unknown_function_is_a_parse_error() -> None:
    """text/template/parse/parse.go: `function %q not defined` at parse time (line only)."""
    assert _images_format("{{foo .Tag}}").stderr == ['template parsing error: template: :1: function "foo" not defined']


@pytest.mark.parametrize(
    ("fmt", "output"),
    [
        ("{{title .Repository}}", "Localhost:5000/Myapp1"),  # strings.Title: digits are not separators
        ('{{title "sha256:e2a8b x_y"}}', "Sha256:E2a8b X_y"),
        ('{{split .Repository "/"}}', "[localhost:5000 myapp1]"),
        ('{{join (split .Repository "/") "+"}}', "localhost:5000+myapp1"),
        ("{{truncate .Repository 4}}", "loca"),
        ("{{truncate .Repository 400}}", "localhost:5000/myapp1"),
        ('{{pad .Tag 1 2}}|', " 1.0  |"),
        ('{{print 1 2 "a" 3}}', "1 2a3"),  # fmt.Sprint spaces only between non-strings
        ("{{len .Tag}}", "3"),
        ("{{.Tag | upper}}", "1.0"),
        ('{{json "<a&b>"}}', '"<a&b>"'),  # templates.go formatJSON: SetEscapeHTML(false)
        ('{{html "<a>"}}', "&lt;a&gt;"),
        ('{{urlquery "a b/c"}}', "a+b%2Fc"),
        ("{{slice .Tag 1}}", ".0"),
        ("{{if lt 1 2}}yes{{end}}", "yes"),
    ],
)
def test_images_format_functions(fmt: str, output: str) -> None:
    """docker/cli templates/templates.go basicFunctions and Go text/template funcs.go builtins."""
    result = _images_format(fmt)
    assert (result.exit_code, result.stdout[0]) == (0, output), result.text


def test_table_header_runs_with_header_functions() -> None:
    """docker/cli templates.go HeaderFunctions: lower/upper/title leave the column name as it is in the
    header row (formatter.go postFormat executes the header with them)."""
    result = _images_format("table {{lower .Repository}}\\t{{title .Tag}}")
    assert result.stdout[0].split() == ["REPOSITORY", "TAG"]
    assert result.stdout[1].split() == ["localhost:5000/myapp1", "1.0"]


@pytest.mark.parametrize(
    ("fmt", "error"),
    [
        # typed struct fails, then the raw JSON (dec.UseNumber: numbers are json.Number, arrays []interface {})
        ("{{upper .RepoTags}}", ":1:8: executing \"\" at <.RepoTags>: wrong type for value; expected string; "
         "got []interface {}"),
        ("{{truncate .Id .Size}}", ':1:15: executing "" at <.Size>: wrong type for value; expected int; '
         "got json.Number"),
        ('{{join .Id ","}}', ':1:2: executing "" at <join .Id ",">: error calling join: expected slice, got string'),
    ],
)
def test_inspect_format_type_errors_come_from_the_raw_fallback(fmt: str, error: str) -> None:
    """docker/cli cli/command/inspect/inspector.go: Execute on the typed value fails, tryRawInspectFallback
    decodes the JSON with UseNumber and runs the template with missingkey=error; its error is printed."""
    result = _inspect_format(fmt)
    assert result.exit_code == 1
    assert result.stderr == [f"template parsing error: template: {error}"]


def test_inspect_join_of_a_list_and_len_of_a_number() -> None:
    """templates.go joinElements on []string; len of json.Number (a string kind) in the raw fallback."""
    assert _inspect_format('{{join .RepoTags ","}}').stdout == ["localhost:5000/myapp1:1.0"]
    size = _inspect_format("{{.Size}}").stdout[0]
    assert _inspect_format("{{len .Size}}").stdout == [str(len(size))]


# --- 3. registry-1.docker.io -------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["current", "classic"])
def test_pull_from_registry_1_keeps_that_name(profile: str) -> None:
    """distribution/reference normalize.go splitDockerDomain rewrites only index.docker.io (legacyDefaultDomain)
    to docker.io; registry-1.docker.io is another name, though Docker Hub's registry API answers there.
    The pull works and the image is named registry-1.docker.io/library/alpine (docker/cli pull.go prints
    distributionRef.String())."""
    world, shell = shell_with(profile)
    result = shell.run("docker pull registry-1.docker.io/library/alpine")
    assert result.exit_code == 0, result.text
    assert result.stdout[-1] == "registry-1.docker.io/library/alpine:latest"
    assert result.stdout[-2].endswith(" for registry-1.docker.io/library/alpine:latest")
    listed = shell.run("docker images --format '{{.Repository}}:{{.Tag}}'").stdout
    assert listed == ["registry-1.docker.io/library/alpine:latest"]


def test_index_docker_io_is_docker_hub() -> None:
    """normalize.go: index.docker.io/library/alpine is docker.io/library/alpine, familiar "alpine"."""
    result = Shell(World.default()).run("docker pull index.docker.io/library/alpine")
    assert result.stdout[-1] == "docker.io/library/alpine:latest"


def test_curl_registry_1_is_hubs_api() -> None:
    """Docker Hub's /v2/ without a token: 401 with a Bearer challenge naming auth.docker.io (the
    distribution token auth protocol, registry/auth/token/accesscontroller.go)."""
    result = Shell(World.default()).run("curl -si https://registry-1.docker.io/v2/")
    assert result.stdout[0] == "HTTP/1.1 401 Unauthorized"
    assert 'www-authenticate: Bearer realm="https://auth.docker.io/token",service="registry.docker.io"' in result.stdout
    assert result.stdout[-1] == '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}'


# --- 5. echo -e \u / \U ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "output"),
    [
        ("echo -e 'a\\u00e9b'", "aéb"),
        ("echo -e '\\U0001F600!'", "😀!"),
        ("echo -e 'x\\u41y'", "xAy"),  # 1 to 4 hex digits
        ("echo -e 'x\\u004142'", "xA42"),  # at most 4
        ("echo -e 'x\\uy'", "x\\uy"),  # no digit: kept as typed
        ("echo 'a\\u00e9b'", "a\\u00e9b"),  # without -e nothing is interpreted
    ],
)
def test_echo_e_unicode_escapes(line: str, output: str) -> None:
    """bash builtins/echo.def -> lib/sh/strtrans.c ansicstr: \\uHHHH and \\UHHHHHHHH (1-4 / 1-8 hex
    digits) become the character (UTF-8 locale); without a digit the backslash and letter stay."""
    assert Shell(World.default()).run(line).stdout == [output]


# --- --platform on push and rmi --------------------------------------------------------------------


def test_push_bad_platform_prints_invalid_platform_without_newline() -> None:
    """docker/cli cli/command/image/push.go runPush: Fprintf(Err, "Invalid platform %s") has no newline,
    then the parse error is returned (cmd/docker prints it): both on one stderr line, no note, exit 1."""
    _, shell, _ = _pushed("current")
    result = shell.run("docker push --platform foo localhost:5000/myapp1:1.0")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        [],
        ['Invalid platform foo"foo": unknown operating system or architecture: invalid argument'],
    )


@pytest.mark.parametrize("profile", ["current", "classic"])
def test_push_platform_the_image_lacks(profile: str) -> None:
    """containerd store: daemon/containerd/image_push.go pushRef -> getPushDescriptor -> errPlatformNotFound
    (image.go), in the stream after "The push refers to repository". Graphdriver: daemon/images/image_push.go
    checks GetImage(platform) first (daemon/images/image.go), an HTTP error before any stream line."""
    _, shell, _ = _pushed(profile)
    result = shell.run("docker push --platform linux/aarch64 localhost:5000/myapp1:1.0")
    assert result.exit_code == 1
    assert result.stdout[1] == " Info -> Using --platform pushes only the specified platform manifest of a multi-platform image index."
    if profile == "classic":
        assert "The push refers to repository [localhost:5000/myapp1]" not in result.stdout
        assert result.stderr == [
            "Error response from daemon: image with reference localhost:5000/myapp1:1.0 was found but its "
            "platform (linux/amd64) does not match the specified platform (linux/arm64)"
        ]
    else:
        assert result.stdout[-1] == "The push refers to repository [localhost:5000/myapp1]"
        assert result.stderr == [
            "image with reference localhost:5000/myapp1:1.0 was found but does not provide the specified "
            "platform (linux/arm64)"
        ]


def test_rmi_bad_platform_is_parsed_before_the_daemon() -> None:
    """docker/cli cli/command/image/remove.go runRemove: platforms.Parse for each --platform first."""
    _, shell, _ = _pushed("current")
    result = shell.run("docker rmi --platform a/b/c/d localhost:5000/myapp1:1.0")
    assert (result.exit_code, result.stderr) == (1, ['"a/b/c/d": cannot parse platform specifier: invalid argument'])


def _pushed(profile: str):
    world, shell = shell_with(
        profile,
        "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1",
        "docker push -q localhost:5000/myapp1:1.0",
    )
    return world, shell, world.registry("localhost:5000").repository("myapp1").tags["1.0"]


# --- templates: escapes, variables, printf ------------------------------------------------------------


def test_inspect_format_keeps_backslash_n_as_typed() -> None:
    """docker/cli cli/command/inspect/inspector.go NewTemplateInspectorFromString parses the template as
    typed (only formatter.go Format.templateString replaces \\t and \\n); a Go string literal "\\n" is a newline
    (parse.go strconv.Unquote), and the inspector adds one per object."""
    assert _inspect_format("{{.Os}}\\n").stdout == ["linux\\n"]
    assert _inspect_format('{{range .RepoTags}}{{.}}{{"\\n"}}{{end}}').stdout == ["localhost:5000/myapp1:1.0", ""]


def test_images_format_replaces_escapes_before_parsing() -> None:
    """formatter.go templateString replaces \\n first, so a "\\n" literal holds a real newline: text/template's
    lexer (lex.go lexQuote) stops at it."""
    result = _images_format('{{.Tag}}{{"\\n"}}')
    assert result.stderr == ["template parsing error: template: :1: unterminated quoted string"]


def test_images_format_trims_spaces_only() -> None:
    """formatter.go templateString: strings.Trim(out, " ") after cutting "table"."""
    assert _images_format(" {{.Tag}} ").stdout == ["1.0"]


@pytest.mark.parametrize(
    ("fmt", "output"),
    [
        ('{{"\\x41\\u00e9\\101"}}', "Aé" + "A"),  # strconv.Unquote escapes
        ("{{$x := .Tag}}{{$x}}", "1.0"),
        ("{{range $i, $e := split .Repository \"/\"}}{{$i}}:{{$e}} {{end}}", "0:localhost:5000 1:myapp1 "),
        ("{{with $r := .Repository}}{{$r}}{{end}}", "localhost:5000/myapp1"),
        ("{{$.Tag}}", "1.0"),
        ('{{printf "%-6s|%3d|%03d|%q" .Tag 4 5 .Tag}}', '1.0   |  4|005|"1.0"'),
        ('{{.Repository | printf "%.9s"}}', "localhost"),
        ('{{printf "%d" .Tag}}', "%!d(string=1.0)"),
        ('{{printf "%s" .Tag 3}}', "1.0%!(EXTRA int=3)"),
        ('{{printf "%s %s" .Tag}}', "1.0 %!s(MISSING)"),
    ],
)
def test_template_literals_variables_and_printf(fmt: str, output: str) -> None:
    """Go text/template parse.go (pipeline declarations, strconv.Unquote), exec.go (variables, walkRange),
    fmt's Sprintf (width, precision, flags, %!verb(type=value), %!(EXTRA ...), %!s(MISSING))."""
    result = _images_format(fmt)
    assert (result.exit_code, result.stdout[0]) == (0, output), result.text


@pytest.mark.parametrize(
    ("fmt", "error"),
    [
        ("{{$y}}", 'template: :1: undefined variable "$y"'),
        ('{{"\\q"}}', "template: :1: invalid syntax"),
    ],
)
def test_template_parse_errors(fmt: str, error: str) -> None:
    """text/template/parse/parse.go: undefined variable; strconv.Unquote's ErrSyntax ("invalid syntax")."""
    assert _images_format(fmt).stderr == [f"template parsing error: {error}"]


def test_range_over_a_map_is_in_key_order() -> None:
    """exec.go walkRange: a map's keys are sorted (internal/fmtsort); $k, $v := take key and value."""
    from tutor.sim.shell.docker.gofmt import render_template

    text = render_template("{{range $k, $v := .}}{{$k}}={{$v}} {{end}}", {"b": "2", "a": "1", "c": "3"})
    assert text == "a=1 b=2 c=3 "


@pytest.mark.parametrize("server", ["index.docker.io", "registry-1.docker.io"])
def test_login_to_a_hub_alias_is_stored_under_that_name(server: str) -> None:
    """docker/cli cli/command/registry/login.go runLogin: only "docker.io" (registry.DefaultNamespace) selects
    registry.IndexServer; another name goes through command.GetDefaultAuthConfig (ConvertToHostname) and
    credentials/file_store.go Store keys it by that hostname. Hub pulls and pushes look up
    "https://index.docker.io/v1/" (configfile getAuthConfigKey), so that login does not let you push as
    docker.io/NAME; a push naming the alias host uses it."""
    world, shell = shell_with("current", "docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1")
    assert shell.run(f"docker login -u dave -p x {server}").stdout == ["Login Succeeded"]
    config = json.loads(shell.run("cat ~/.docker/config.json").text)
    assert list(config["auths"]) == [server]
    shell.run("docker tag localhost:5000/myapp1:1.0 dave/app:1")
    assert shell.run("docker push -q dave/app:1").exit_code == 1  # Hub's own key holds nothing
    if server == "registry-1.docker.io":
        shell.run("docker tag localhost:5000/myapp1:1.0 registry-1.docker.io/dave/app:1")
        assert shell.run("docker push -q registry-1.docker.io/dave/app:1").exit_code == 0
    assert shell.run(f"docker logout {server}").stdout == [f"Removing login credentials for {server}"]
    assert world.machine.auth == {}
