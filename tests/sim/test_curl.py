"""curl against the simulated registries, typed into the shell: exact output, exit codes, events."""

from __future__ import annotations

import pytest

from tutor.sim import events as ev
from tutor.sim import reference
from tutor.sim.content import Image, Layer, make_image
from tutor.sim.hub import official_image
from tutor.sim.shell import Shell
from tutor.sim.shell.curl import parse_args, progress_lines
from tutor.sim.world import World

PROFILES = ["current", "classic"]
BASE = official_image("library/python")
OCI = "application/vnd.oci.image.manifest.v1+json"



def app_image(world: World, n: int) -> Image:
    layers = BASE.layers + (Layer.from_description({"app": n}, 1_000 + n),)
    config = {"architecture": "amd64", "os": "linux", "config": {"Cmd": ["python", "app.py"]}}
    return make_image(layers=layers, config=config, created=world.clock, classic=world.profile == "classic")


def pushed(profile: str, *refs: tuple[int, str]) -> tuple[Shell, World, dict[int, Image]]:
    """A world where `docker push localhost:5000/myappN:TAG` ran for each (N, TAG)."""
    world = World.default(profile)
    shell = Shell(world)
    images: dict[int, Image] = {}
    for n, tag in refs:
        img = images.setdefault(n, app_image(world, n))
        store = world.machine.store
        store.add_image(img, world.clock)
        store.set_tag(reference.parse(f"localhost:5000/myapp{n}").name, tag, img.manifest_digest)
        assert shell.run(f"docker push localhost:5000/myapp{n}:{tag}").exit_code == 0
    return shell, world, images


def run(shell: Shell, line: str):
    return shell.run(line)


# --- the registry at localhost:5000 ------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_v2_answers_empty_json_without_newline(profile: str) -> None:
    shell = Shell(World.default(profile))
    r = shell.run("curl http://localhost:5000/v2/")
    assert r.exit_code == 0
    assert r.stdout == ["{}"] and r.stderr == []


@pytest.mark.parametrize("profile", PROFILES)
def test_catalog_and_tags_after_pushes(profile: str) -> None:
    shell, _, _ = pushed(profile, (1, "1.0"), (1, "latest"), (2, "1.0"))
    assert run(shell, "curl http://localhost:5000/v2/_catalog").stdout == [
        '{"repositories":["myapp1","myapp2"]}'
    ]
    assert run(shell, "curl -s localhost:5000/v2/myapp1/tags/list").stdout == [
        '{"name":"myapp1","tags":["1.0","latest"]}'
    ]


def test_include_shows_status_line_headers_and_body() -> None:
    shell, world, _ = pushed("current", (1, "1.0"))
    world.clock = 60
    r = run(shell, "curl -i http://localhost:5000/v2/_catalog")
    assert r.stdout == [
        "HTTP/1.1 200 OK",
        "Content-Type: application/json",
        "Docker-Distribution-Api-Version: registry/2.0",
        "X-Content-Type-Options: nosniff",
        "Date: Thu, 01 Jan 2026 00:01:01 GMT",
        "Content-Length: 28",
        "",
        '{"repositories":["myapp1"]}',
    ]


def test_unknown_repository_tags() -> None:
    shell = Shell(World.default())
    r = run(shell, "curl localhost:5000/v2/nosuch/tags/list")
    assert r.exit_code == 0
    assert r.stdout == [
        '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"nosuch"}}]}'
    ]


def test_oci_manifest_without_accept_is_404_on_the_current_profile() -> None:
    shell, _, images = pushed("current", (1, "1.0"))
    r = run(shell, "curl http://localhost:5000/v2/myapp1/manifests/1.0")
    assert r.stdout == [
        '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"OCI manifest found, but accept header does not support OCI manifests"}]}'
    ]
    r = run(shell, f"curl -sI -H 'Accept: {OCI}' http://localhost:5000/v2/myapp1/manifests/1.0")
    digest = images[1].manifest_digest
    assert r.stdout[0] == "HTTP/1.1 200 OK"
    assert f"Docker-Content-Digest: {digest}" in r.stdout
    assert f"Content-Type: {OCI}" in r.stdout
    assert r.stdout[-1] == ""  # -I ends with the blank line that closes the headers


def test_docker_manifest_is_served_to_plain_curl_on_the_classic_profile() -> None:
    shell, _, images = pushed("classic", (1, "1.0"))
    r = run(shell, "curl http://localhost:5000/v2/myapp1/manifests/1.0")
    assert "\n".join(r.stdout) == images[1].manifest_bytes.decode()
    assert r.exit_code == 0


@pytest.mark.parametrize("profile", PROFILES)
def test_delete_tag_then_manifest_by_digest(profile: str) -> None:
    shell, world, images = pushed(profile, (1, "1.0"), (1, "latest"))
    digest = images[1].manifest_digest
    r = run(shell, "curl -X DELETE http://localhost:5000/v2/myapp1/manifests/latest")
    assert (r.exit_code, r.output) == (0, [])
    assert r.events == [
        ev.RegistryTagRemoved("localhost:5000", "myapp1", "latest", digest),
    ]
    r = run(shell, "curl -i -X DELETE http://localhost:5000/v2/myapp1/manifests/" + digest)
    assert r.stdout[0] == "HTTP/1.1 202 Accepted" and r.stdout[-1] == ""
    assert [e.kind for e in r.events] == ["RegistryTagRemoved", "ManifestDeleted"]
    assert world.registry("localhost:5000").repository("myapp1").manifests == {}
    # every tag gone: an empty list (tags.go after c36fab07; tests/sim/test_registry_audit.py)
    assert run(shell, "curl localhost:5000/v2/myapp1/tags/list").stdout == ['{"name":"myapp1","tags":[]}']


def test_fail_flag_reports_the_status() -> None:
    shell = Shell(World.default())
    r = run(shell, "curl -f http://localhost:5000/v2/nosuch/tags/list")
    assert r.exit_code == 22
    assert r.output == [(2, "curl: (22) The requested URL returned error: 404")]
    assert run(shell, "curl -sf http://localhost:5000/v2/nosuch/tags/list").output == []
    assert run(shell, "curl -sSf http://localhost:5000/v2/nosuch/tags/list").stderr == [
        "curl: (22) The requested URL returned error: 404"
    ]


def test_write_out_http_code_with_output_to_dev_null() -> None:
    shell = Shell(World.default())
    r = run(shell, "curl -s -o /dev/null -w '%{http_code}\\n' http://localhost:5000/v2/nosuch/tags/list")
    assert (r.exit_code, r.output) == (0, [(1, "404")])


def test_output_file_shows_the_progress_meter_and_writes_the_body() -> None:
    shell = Shell(World.default())
    r = run(shell, "curl -o catalog.json http://localhost:5000/v2/_catalog")
    assert r.stderr == progress_lines(20)
    assert r.stderr[2] == "100    20  100    20    0     0  20000      0 --:--:-- --:--:-- --:--:-- 20000"
    assert run(shell, "cat catalog.json").stdout == ['{"repositories":[]}']
    assert any(isinstance(e, ev.FileWritten) for e in r.events)


def test_output_into_a_missing_folder() -> None:
    r = run(Shell(World.default()), "curl -s -o nodir/x.json http://localhost:5000/v2/")
    assert r.exit_code == 23
    assert r.stderr == [
        "Warning: Failed to open the file nodir/x.json: No such file or directory",
        "curl: (23) Failure writing output to destination",
    ]


def test_location_follows_the_strict_slash_redirect() -> None:
    shell = Shell(World.default())
    assert run(shell, "curl http://localhost:5000/v2").stdout == ['<a href="/v2/">Moved Permanently</a>.', ""]
    assert run(shell, "curl -L http://localhost:5000/v2").stdout == ["{}"]


def test_verbose_shows_request_and_response_headers() -> None:
    world = World.default()
    world.clock = 0
    r = run(Shell(world), "curl -v http://localhost:5000/v2/")
    assert r.stderr == [
        "* Host localhost:5000 was resolved.",
        "* IPv6: ::1",
        "* IPv4: 127.0.0.1",
        "*   Trying [::1]:5000...",
        "* Connected to localhost (::1) port 5000",
        "> GET /v2/ HTTP/1.1",
        "> Host: localhost:5000",
        "> User-Agent: curl/8.5.0",
        "> Accept: */*",
        "> ",
        "< HTTP/1.1 200 OK",
        "< Content-Length: 2",
        "< Content-Type: application/json",
        "< Docker-Distribution-Api-Version: registry/2.0",
        "< X-Content-Type-Options: nosniff",
        "< Date: Thu, 01 Jan 2026 00:00:01 GMT",
        "< ",
        "* Connection #0 to host localhost left intact",
    ]
    assert r.stdout == ["{}"]


def test_layer_blob_to_a_terminal_gets_curls_binary_warning() -> None:
    shell, _, images = pushed("current", (1, "1.0"))
    layer = images[1].layers[-1].digest
    r = run(shell, f"curl http://localhost:5000/v2/myapp1/blobs/{layer}")
    assert r.exit_code == 23
    assert r.stderr == [
        'Warning: Binary output can mess up your terminal. Use "--output -" to tell ',
        'Warning: curl to output it to your terminal anyway, or consider "--output ',
        'Warning: <FILE>" to save to a file.',
    ]
    head = run(shell, f"curl -sI http://localhost:5000/v2/myapp1/blobs/{layer}")
    assert f"Content-Length: {images[1].layers[-1].size}" in head.stdout


def test_x_head_warns_like_curl_and_says_it_would_hang() -> None:
    r = run(Shell(World.default()), "curl -X HEAD http://localhost:5000/v2/")
    assert r.stderr[:2] == [
        "Warning: Setting custom HTTP method to HEAD with -X/--request may not work the ",
        "Warning: way you want. Consider using -I/--head instead.",
    ]
    assert r.exit_code == 130 and "Use -I instead" in r.stderr[2]


# --- connection errors and the command line -----------------------------------------------------


def test_closed_port_refuses() -> None:
    r = run(Shell(World.default()), "curl http://localhost:5001/v2/")
    assert (r.exit_code, r.output) == (
        7,
        [(2, "curl: (7) Failed to connect to localhost port 5001 after 0 ms: Couldn't connect to server")],
    )
    assert run(Shell(World.default()), "curl -s http://localhost:5001/v2/").output == []


def test_refused_with_output_file_shares_the_meter_line() -> None:
    r = run(Shell(World.default()), "curl -o x.json http://localhost:5001/v2/")
    assert r.stderr[-1] == (
        "  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0"
        "curl: (7) Failed to connect to localhost port 5001 after 0 ms: Couldn't connect to server"
    )


def test_https_to_the_plain_http_registry() -> None:
    r = run(Shell(World.default()), "curl https://localhost:5000/v2/")
    assert (r.exit_code, r.stderr) == (
        35,
        ["curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number"],
    )


def test_unknown_host_does_not_resolve() -> None:
    r = run(Shell(World.default()), "curl http://myregistry.example.com/v2/")
    assert (r.exit_code, r.stderr) == (6, ["curl: (6) Could not resolve host: myregistry.example.com"])


def test_unknown_option_and_missing_url() -> None:
    shell = Shell(World.default())
    r = run(shell, "curl --foo http://localhost:5000/v2/")
    assert (r.exit_code, r.stderr) == (
        2,
        ["curl: option --foo: is unknown", "curl: try 'curl --help' or 'curl --manual' for more information"],
    )
    r = run(shell, "curl -s")
    assert (r.exit_code, r.stderr) == (
        2,
        ["curl: no URL specified!", "curl: try 'curl --help' or 'curl --manual' for more information"],
    )
    r = run(shell, "curl http://localhost:5000/v2/ -X")
    assert r.stderr[0] == "curl: option -X: requires parameter"


def test_unsupported_protocol_and_not_simulated_options() -> None:
    shell = Shell(World.default())
    # lib/url.c findprotocol, curl-8_5_0 wording; ftp is built in (tests/sim/test_registry_audit.py)
    assert run(shell, "curl foo://localhost/x").stderr == [
        'curl: (1) Protocol "foo" not supported or disabled in libcurl'
    ]
    r = run(shell, "curl -d x=1 http://localhost:5000/v2/")
    assert r.exit_code == 2 and "not simulated" in r.stderr[0]


def test_parse_bundled_short_options_and_attached_values() -> None:
    opts = parse_args(["-sSLXDELETE", "-HAccept: x", "http://localhost:5000/v2/"])
    assert (opts.silent, opts.show_error, opts.location, opts.request) == (True, True, True, "DELETE")
    assert opts.headers == ["Accept: x"] and opts.urls == ["http://localhost:5000/v2/"]


# --- Docker Hub --------------------------------------------------------------------------------


def test_hub_api_wants_a_token() -> None:
    shell = Shell(World.default())
    r = run(shell, "curl https://registry-1.docker.io/v2/library/ubuntu/tags/list")
    assert r.exit_code == 0
    assert r.stdout == [
        '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required",'
        '"detail":[{"Type":"repository","Class":"","Name":"library/ubuntu","Action":"pull"}]}]}'
    ]
    head = run(shell, "curl -sI https://registry-1.docker.io/v2/")
    assert head.stdout[:4] == [
        "HTTP/1.1 401 Unauthorized",
        "content-type: application/json",
        "docker-distribution-api-version: registry/2.0",
        'www-authenticate: Bearer realm="https://auth.docker.io/token",service="registry.docker.io"',
    ]


def test_docker_io_itself_is_said_not_to_be_simulated() -> None:
    r = run(Shell(World.default()), "curl https://docker.io/v2/")
    assert r.exit_code == 1 and "registry-1.docker.io" in r.stderr[0]
