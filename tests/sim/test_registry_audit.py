"""An audit of the simulated registry API and curl against distribution v3.1.1 and curl 8.5.0, source first.

Each test names the upstream file and function it follows (distribution/distribution at tag v3.1.1,
curl/curl at tag curl-8_5_0). What the audit found already equal is listed in the report, not here.
"""

from __future__ import annotations

import pytest

from tests.sim.test_registry_api import errors, get, push
from tests.sim.test_registry_api import image as classic_or_not_image
from tutor.sim import events as ev
from tutor.sim.content import Image, Layer, make_image
from tutor.sim.registry import Registry
from tutor.sim.registry_api import NotSimulated, Request, serve
from tutor.sim.shell import PROGRAMS, Shell, _lazy
from tutor.sim.world import World

DIGEST = "sha256:" + "a" * 64


def image(n: int) -> Image:
    return classic_or_not_image(n, classic=True)


# --- tags/list: an empty page is [] (the spec's TestTagsAPI row; v3.1.1 wrote null) ---------------


@pytest.fixture
def tagged() -> Registry:
    registry = Registry("localhost:5000")
    push(registry, "test", image(1), "2j2ar", "asj9e", "sb71y")
    return registry


def test_page_after_the_last_tag_is_an_empty_array(tagged: Registry) -> None:
    """registry/handlers/tags.go GetTags keeps ``filled := make([]string, 0)`` unless List returned tags
    (commit c36fab07, "return empty array after final pagination marker"; api_test.go TestTagsAPI's
    ``last=sb71y&n=1`` row: [], not null). v3.1.1, before that fix, wrote List's nil slice as null."""
    r = get(tagged, "/v2/test/tags/list?last=sb71y&n=1")
    assert r.status == 200
    assert r.body == b'{"name":"test","tags":[]}\n'
    assert r.header("Link") is None
    assert get(tagged, "/v2/test/tags/list?last=zzz").body == b'{"name":"test","tags":[]}\n'


def test_n_zero_stays_an_empty_array(tagged: Registry) -> None:
    """tags.go GetTags: with limit 0 the walk never runs and ``filled := make([]string, 0)`` is sent."""
    assert get(tagged, "/v2/test/tags/list?n=0").body == b'{"name":"test","tags":[]}\n'


def test_repository_whose_tags_were_all_deleted_lists_an_empty_array(tagged: Registry) -> None:
    """tagstore.go Untag deletes only ``_manifests/tags/<tag>`` (filesystem driver Delete: os.RemoveAll of
    that path), so the tags folder stays, empty: the walk finds nothing, the repository is known, tags []."""
    for tag in ("2j2ar", "asj9e", "sb71y"):
        assert get(tagged, f"/v2/test/manifests/{tag}", "DELETE").status == 202
    r = get(tagged, "/v2/test/tags/list")
    assert (r.status, r.body) == (200, b'{"name":"test","tags":[]}\n')


def test_last_on_an_unknown_repository_is_200_empty_not_name_unknown() -> None:
    """registry/storage/driver/walk.go WalkFallback: with a start-after hint (``last``) inside the walked
    folder, a PathNotFoundError of that folder is swallowed ("dir doesn't exist, so nothing to walk"), so
    tagstore.go List never reports ErrRepositoryUnknown: 200 and no tags ([]). Without ``last``: NAME_UNKNOWN."""
    registry = Registry("localhost:5000")
    r = get(registry, "/v2/nosuch/tags/list?last=1.0")
    assert (r.status, r.body) == (200, b'{"name":"nosuch","tags":[]}\n')
    assert get(registry, "/v2/nosuch/tags/list?n=2&last=a").body == b'{"name":"nosuch","tags":[]}\n'
    assert errors(get(registry, "/v2/nosuch/tags/list?n=2"))[0]["code"] == "NAME_UNKNOWN"


# --- n that does not fit an int: strconv.Atoi's range error --------------------------------------


def test_tags_n_beyond_int64_is_pagination_number_invalid_with_atois_clamped_value(tagged: Registry) -> None:
    """tags.go GetTags: ``strconv.Atoi`` fails with ErrRange (returning the int64 bound) for n past int64, and
    the detail is ``map[string]int{"n": parsedMax}``: 400, not a clamped 200."""
    r = get(tagged, "/v2/test/tags/list?n=99999999999999999999")
    assert r.status == 400
    assert errors(r)[0]["detail"] == {"n": 9223372036854775807}
    r = get(tagged, "/v2/test/tags/list?n=-99999999999999999999")
    assert errors(r)[0]["detail"] == {"n": -9223372036854775808}


def test_catalog_n_beyond_int64_is_rejected_with_the_text_as_detail(tagged: Registry) -> None:
    """catalog.go GetCatalog: an Atoi error gives ``map[string]string{"n": n}`` (the text as typed)."""
    r = get(tagged, "/v2/_catalog?n=99999999999999999999")
    assert r.status == 400
    assert errors(r) == [
        {
            "code": "PAGINATION_NUMBER_INVALID",
            "message": "invalid number of results requested",
            "detail": {"n": "99999999999999999999"},
        }
    ]


# --- blob route: a bad digest fails for every method ----------------------------------------------


def test_bad_blob_digest_is_digest_invalid_whatever_the_method() -> None:
    """registry/handlers/blob.go blobDispatcher: when getDigest fails it returns a plain HandlerFunc (no
    MethodHandler), so POST/PUT get DIGEST_INVALID too, never 405."""
    registry = Registry("localhost:5000")
    for method in ("POST", "PUT", "PATCH"):
        r = get(registry, "/v2/myapp1/blobs/sha256:abc", method)
        assert r.status == 400, method
        assert errors(r) == [
            {
                "code": "DIGEST_INVALID",
                "message": "provided digest did not match uploaded content",
                "detail": "invalid checksum digest length",
            }
        ]


# --- the upload routes: every method reaches blobUploadDispatcher --------------------------------

UPLOAD_UNKNOWN = {"code": "BLOB_UPLOAD_UNKNOWN", "message": "blob upload unknown to registry"}


def test_get_on_uploads_is_blob_upload_unknown_not_405() -> None:
    """registry/handlers/blobupload.go blobUploadDispatcher serves GET/HEAD (GetUploadStatus) on both upload
    routes; with no upload, linkedblobstore.go Resume answers ErrBlobUploadUnknown ("blob upload unknown")."""
    registry = Registry("localhost:5000")
    for target in ("/v2/myapp1/blobs/uploads/", "/v2/myapp1/blobs/uploads/0b1c-uuid"):
        r = get(registry, target)
        assert r.status_line == "HTTP/1.1 404 Not Found"
        assert errors(r) == [{**UPLOAD_UNKNOWN, "detail": "blob upload unknown"}]
        head = get(registry, target, "HEAD")
        assert (head.status, head.body) == (404, b"")


def test_patch_put_delete_without_an_upload_id() -> None:
    """blobupload.go PatchBlobData / PutBlobUploadComplete / CancelBlobUpload: ``buh.Upload == nil`` gives
    BLOB_UPLOAD_UNKNOWN with no detail."""
    registry = Registry("localhost:5000")
    for method in ("PATCH", "PUT", "DELETE"):
        r = get(registry, "/v2/myapp1/blobs/uploads/", method)
        assert r.status == 404, method
        assert errors(r) == [UPLOAD_UNKNOWN]


def test_patch_put_delete_with_an_id_but_no_state_token() -> None:
    """blobupload.go ResumeBlobUpload: hmac.go unpackUploadState("") fails with errInvalidSecret ("invalid
    secret"), answered as BLOB_UPLOAD_INVALID (HTTP 404, errcode/register.go) with that detail."""
    registry = Registry("localhost:5000")
    for method in ("PATCH", "PUT", "DELETE", "POST"):  # POST with an id resumes too (blobUploadDispatcher)
        r = get(registry, "/v2/myapp1/blobs/uploads/0b1c-uuid", method)
        assert r.status == 404, method
        assert errors(r) == [
            {"code": "BLOB_UPLOAD_INVALID", "message": "blob upload invalid", "detail": "invalid secret"}
        ]


@pytest.mark.parametrize(
    ("state", "detail"),
    [
        ("abc", "illegal base64 data at input byte 0"),  # an unfinished quantum: where it started
        ("abcd*", "illegal base64 data at input byte 4"),  # a byte outside the URL alphabet
        ("ab=c", "illegal base64 data at input byte 2"),  # one "=" where "==" was due
        ("abc=x", "illegal base64 data at input byte 4"),  # trailing garbage after the padding
        ("YWJj", "invalid secret"),  # decodes, but is shorter than an HMAC-SHA256
    ],
)
def test_a_typed_state_token_fails_as_go_decodes_it(state: str, detail: str) -> None:
    """hmac.go unpackUploadState: encoding/base64 URLEncoding.DecodeString's CorruptInputError
    ("illegal base64 data at input byte N"), else errInvalidSecret: no typed token carries this
    registry's HMAC."""
    r = get(Registry("localhost:5000"), f"/v2/myapp1/blobs/uploads/0b1c?_state={state}", "PATCH")
    assert errors(r) == [{"code": "BLOB_UPLOAD_INVALID", "message": "blob upload invalid", "detail": detail}]


def test_put_manifest_without_a_body_is_manifest_invalid() -> None:
    """registry/handlers/manifests.go PutManifest -> manifests.go UnmarshalManifest: no Content-Type and
    no "" schema registered gives "unsupported manifest media type and no default available: "; a known
    type unmarshals zero bytes ("unexpected end of JSON input"). 400 MANIFEST_INVALID, nothing stored."""
    registry = Registry("localhost:5000")
    r = get(registry, "/v2/myapp1/manifests/1.0", "PUT")
    assert r.status_line == "HTTP/1.1 400 Bad Request"
    assert errors(r) == [
        {
            "code": "MANIFEST_INVALID",
            "message": "manifest invalid",
            "detail": "unsupported manifest media type and no default available: ",
        }
    ]
    oci = (("Content-Type", "application/vnd.oci.image.manifest.v1+json"),)
    r = serve(registry, Request("PUT", "/v2/myapp1/manifests/1.0", oci), clock=7)
    assert errors(r)[0]["detail"] == "unexpected end of JSON input"
    assert registry.repository("myapp1") is None


def test_curl_put_manifest_through_the_shell() -> None:
    r = Shell(World.default()).run("curl -s -X PUT http://localhost:5000/v2/myapp1/manifests/1.0")
    assert r.exit_code == 0
    assert r.stdout == [
        '{"errors":[{"code":"MANIFEST_INVALID","message":"manifest invalid",'
        '"detail":"unsupported manifest media type and no default available: "}]}'
    ]


def test_upload_routes_allow_every_method_they_serve() -> None:
    """blobUploadDispatcher's MethodHandler: DELETE, GET, HEAD, PATCH, POST, PUT (the Allow header, sorted)."""
    r = get(Registry("localhost:5000"), "/v2/myapp1/blobs/uploads/", "OPTIONS")
    assert (r.status, r.header("Allow")) == (200, "DELETE, GET, HEAD, PATCH, POST, PUT")


def test_starting_an_upload_is_still_not_simulated() -> None:
    with pytest.raises(NotSimulated):
        get(Registry("localhost:5000"), "/v2/myapp1/blobs/uploads/", "POST")


# --- curl --fail: headers come before the check ---------------------------------------------------


def test_fail_with_include_still_prints_the_headers() -> None:
    """curl lib/http.c Curl_http_readwrite_headers (curl-8_5_0): every header line is written to the client
    as it arrives; http_should_fail is checked only after the blank line, so -i shows them, not the body."""
    world = World.default()
    world.clock = 0
    r = Shell(world).run("curl -fi http://localhost:5000/v2/nosuch/tags/list")
    assert r.exit_code == 22
    assert r.stdout == [
        "HTTP/1.1 404 Not Found",
        "Content-Type: application/json",
        "Docker-Distribution-Api-Version: registry/2.0",
        "X-Content-Type-Options: nosniff",
        "Date: Thu, 01 Jan 2026 00:00:01 GMT",
        "Content-Length: 114",
        "",
    ]
    assert r.stderr == ["curl: (22) The requested URL returned error: 404"]


def test_fail_with_head_prints_the_headers_then_fails() -> None:
    r = Shell(World.default()).run("curl -sSfI http://localhost:5000/v2/nosuch/manifests/latest")
    assert r.exit_code == 22
    assert r.stdout[0] == "HTTP/1.1 404 Not Found" and r.stdout[-1] == ""
    assert r.stderr == ["curl: (22) The requested URL returned error: 404"]


def test_verbose_fail_closes_the_connection() -> None:
    """lib/http.c: failf() also shows as a ``* `` line in verbose mode; the transfer ended in error, so
    lib/url.c Curl_disconnect says "Closing connection" instead of multi.c's "left intact"."""
    r = Shell(World.default()).run("curl -v -f http://localhost:5000/v2/nosuch/tags/list")
    assert r.exit_code == 22
    assert r.stderr[-4:] == [
        "< ",
        "* The requested URL returned error: 404",
        "* Closing connection",
        "curl: (22) The requested URL returned error: 404",
    ]
    assert not any("left intact" in line for line in r.stderr)


def test_fail_with_output_file_creates_no_file() -> None:
    """src/tool_operate.c post_per_transfer: the empty output file is only forced ``if(!result && ...)``;
    the body is never written on a --fail error, so -o FILE leaves no file behind."""
    shell = Shell(World.default())
    r = shell.run("curl -sf -o tags.json http://localhost:5000/v2/nosuch/tags/list")
    assert r.exit_code == 22
    assert shell.run("cat tags.json").stderr == ["cat: tags.json: No such file or directory"]


# --- the registry program ---------------------------------------------------------------------------


def test_registry_version_is_the_release_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """version/get.go FprintVersion prints ``os.Args[0] Package() Version()``; the release Dockerfile links
    ``-X .../version.version=${VERSION#v}`` (the leading v cut): ``registry -v`` in registry:3 says 3.1.1
    (distribution-library-image PR #200 shows ``registry github.com/distribution/distribution/v3 3.1.1``)."""
    monkeypatch.setitem(PROGRAMS, "registry", _lazy("tutor.sim.shell.registry_cmd", "registry"))
    shell = Shell(World.default())
    expected = ["registry github.com/distribution/distribution/v3 3.1.1"]
    assert shell.run("registry --version").stdout == expected
    assert shell.run("registry -v").stdout == expected


# --- curl -w: the variables of tool_writeout.c ------------------------------------------------------


def test_write_out_reports_the_transfer_as_curl_does() -> None:
    """curl src/tool_writeout.c (curl-8_5_0): %{method} is CURLINFO_EFFECTIVE_METHOD, %{scheme} the
    handler's name ("HTTP", lib/http.c Curl_handler_http), %{http_version} "1.1", %{num_headers} the header
    lines with a ':' (tool_cb_hdr.c), %{redirect_url} the Location not followed, %{url} as typed; names
    match case-insensitively (curl_strnequal)."""
    world = World.default()
    r = Shell(world).run(
        "curl -s -o /dev/null -w '%{METHOD} %{scheme} %{http_version} %{num_headers} %{redirect_url} %{url}' "
        "localhost:5000/v2"
    )
    assert (r.exit_code, r.stdout) == (0, ["GET HTTP 1.1 5 http://localhost:5000/v2/ localhost:5000/v2"])
    r = Shell(world).run(
        "curl -sL -o /dev/null -w '%{http_code} %{num_redirects} %{url_effective}' localhost:5000/v2"
    )
    assert r.stdout == ["200 1 http://localhost:5000/v2/"]


def test_write_out_size_header_counts_every_crlf_line_of_every_hop() -> None:
    """CURLINFO_HEADER_SIZE: the bytes of all header lines received, CRLF included, summed over redirects."""
    world = World.default()
    world.clock = 0
    r = Shell(world).run("curl -s -o /dev/null -w '%{size_header}' localhost:5000/v2/")
    lines = [
        "HTTP/1.1 200 OK",
        "Content-Length: 2",
        "Content-Type: application/json",
        "Docker-Distribution-Api-Version: registry/2.0",
        "X-Content-Type-Options: nosniff",
        "Date: Thu, 01 Jan 2026 00:00:01 GMT",
        "",
    ]
    assert r.stdout == [str(sum(len(line) + 2 for line in lines))]


def test_write_out_after_fail_has_curls_error_and_no_body_size() -> None:
    """tool_writeout.c: %{errormsg} is the error buffer of a failed transfer; --fail stopped before the
    body, so %{size_download} is 0; %{onerror} stops the output of a transfer that succeeded."""
    shell = Shell(World.default())
    r = shell.run(
        "curl -sf -o /dev/null -w '%{http_code}|%{errormsg}|%{size_download}|%{exitcode}' "
        "localhost:5000/v2/x/tags/list"
    )
    assert (r.exit_code, r.stdout) == (22, ["404|The requested URL returned error: 404|0|22"])
    assert shell.run("curl -s -o /dev/null -w 'ok%{onerror} failed' localhost:5000/v2/").stdout == ["ok"]


def test_write_out_timings_are_said_not_simulated_not_unknown() -> None:
    """%{time_total} is a real variable (tool_writeout.c variables[]): not "unknown --write-out variable"."""
    r = Shell(World.default()).run("curl -s -o /dev/null -w '%{time_total}' localhost:5000/v2/")
    assert r.stderr == [
        "registry-tutor: curl -w %{time_total} is not simulated (timings, addresses and JSON output); "
        "it printed nothing there."
    ]
    r = Shell(World.default()).run("curl -s -o /dev/null -w '%{nosuch}' localhost:5000/v2/")
    assert r.stderr == ["curl: unknown --write-out variable: 'nosuch'"]


def test_write_out_unknown_escape_keeps_its_backslash() -> None:
    """tool_writeout.c: only \\r \\n \\t are escapes; any other backslash pair is written as it is."""
    r = Shell(World.default()).run("curl -s -o /dev/null -w 'a\\\\b\\\\x' localhost:5000/v2/")
    assert r.stdout == ["a\\\\b\\\\x"]


# --- blobs: Go's http.ServeContent preconditions ---------------------------------------------------


def test_blob_if_none_match_is_304_without_content_headers() -> None:
    """storage/blobserver.go ServeBlob sets ETag, Cache-Control, Docker-Content-Digest, Content-Type and
    Content-Length, then http.ServeContent: checkIfNoneMatch matches the quoted digest (or "*") and
    writeNotModified deletes Content-Type and Content-Length; Accept-Ranges comes only after that check."""
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1), "1.0")
    target = f"/v2/myapp1/blobs/{img.config_digest}"
    for value in (f'"{img.config_digest}"', f'W/"x", W/"{img.config_digest}"', "*"):
        r = serve(registry, Request("GET", target, (("If-None-Match", value),)), clock=7)
        assert r.status_line == "HTTP/1.1 304 Not Modified", value
        assert r.headers == [
            ("Cache-Control", "max-age=31536000"),
            ("Docker-Content-Digest", img.config_digest),
            ("Docker-Distribution-Api-Version", "registry/2.0"),
            ("Etag", f'"{img.config_digest}"'),
            ("X-Content-Type-Options", "nosniff"),
            ("Date", "Thu, 01 Jan 2026 00:00:07 GMT"),
        ]
        assert r.body == b""
    unquoted = serve(registry, Request("GET", target, (("If-None-Match", img.config_digest),)), clock=7)
    assert unquoted.status == 200  # scanETag needs the quotes (the manifest handler's etagMatch does not)


def test_blob_range_request_is_said_not_simulated() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1), "1.0")
    with pytest.raises(NotSimulated, match="Range"):
        serve(
            registry,
            Request("GET", f"/v2/myapp1/blobs/{img.config_digest}", (("Range", "bytes=0-9"),)),
            clock=7,
        )


# --- curl -v: following a redirect on the same connection ------------------------------------------


def test_verbose_follow_reuses_the_connection() -> None:
    """curl-8_5_0 lib/multi.c multi_runsingle: multi_done() ("Connection #0 to host localhost left intact")
    runs before Curl_follow() ("Issue another request", lib/transfer.c); the next request finds the bundle
    (lib/url.c ConnectionExists), which the HTTP/1.1 answer marked BUNDLE_NO_MULTIUSE (lib/http.c), and
    re-uses connection #0 instead of resolving and connecting again."""
    r = Shell(World.default()).run("curl -vsL -o /dev/null localhost:5000/v2")
    stderr = r.stderr
    at = stderr.index("* Issue another request to this URL: 'http://localhost:5000/v2/'")
    assert stderr[at - 2 : at] == ["< ", "* Connection #0 to host localhost left intact"]
    assert stderr[at + 1 : at + 5] == [
        "* Found bundle for host: 0x55d5a1e3c2b0 [serially]",
        "* Can not multiplex, even if we wanted to",
        "* Re-using existing connection with host localhost",
        "> GET /v2/ HTTP/1.1",
    ]
    assert sum(line.startswith("* Connected to") for line in stderr) == 1
    r = Shell(World.default()).run("curl -vsL --http1.1 -o /dev/null localhost:5000/v2")
    assert (
        "* Can not multiplex, even if we wanted to" not in r.stderr
    )  # HTTP/2 not wanted (IsMultiplexingPossible)


def test_verbose_https_to_the_plain_registry_connects_first() -> None:
    """The TCP connection succeeds (lib/cf-socket.c "Connected to"); OpenSSL then fails on the plain HTTP
    answer. The handshake's own lines are said not simulated rather than made up."""
    r = Shell(World.default()).run("curl -v https://localhost:5000/v2/")
    assert r.exit_code == 35
    assert r.stderr[4] == "* Connected to localhost (::1) port 5000"
    assert r.stderr[-3:] == [
        "* OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number",
        "* Closing connection",
        "curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number",
    ]


def test_garbage_collect_on_a_registry_never_pushed_to_fails_like_v3(monkeypatch: pytest.MonkeyPatch) -> None:
    """registry/storage/garbagecollect.go MarkAndSweep -> catalog.go Enumerate walks
    /docker/registry/v2/repositories, which the filesystem driver does not have until the first push:
    driver/walk.go WalkFallback returns List's PathNotFoundError (base.go names the driver), and
    registry/root.go GCCmd prints "failed to garbage collect: %v" and exits 1."""
    monkeypatch.setitem(PROGRAMS, "registry", _lazy("tutor.sim.shell.registry_cmd", "registry"))
    r = Shell(World.default()).run("registry garbage-collect /etc/distribution/config.yml")
    assert (r.exit_code, r.stdout) == (1, [])
    assert r.stderr == [
        "failed to garbage collect: failed to mark: filesystem: Path not found: /docker/registry/v2/repositories"
    ]


# --- curl's URL parser -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "line"),
    [
        # lib/urlapi.c junkscan: a space (no CURLU_ALLOW_SPACE) is malformed input
        (
            "'localhost:5000/v2/_catalog?last=a b'",
            "curl: (3) URL rejected: Malformed input to a URL function",
        ),
        # parse_port: more than 0xffff, or not decimal
        (
            "http://localhost:99999/v2/",
            "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535",
        ),
        (
            "http://localhost:50x0/v2/",
            "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535",
        ),
        # parse_authority: an empty host name
        ("http://:5000/v2/", "curl: (3) URL rejected: No host part in the URL"),
        # lib/url.c findprotocol (curl-8_5_0)
        ("foo://localhost/", 'curl: (1) Protocol "foo" not supported or disabled in libcurl'),
    ],
)
def test_url_rejections_word_as_curl_8_5_0(url: str, line: str) -> None:
    """lib/url.c parseurlandfillconn: failf(data, "URL rejected: %s", curl_url_strerror(uc)) -> exit 3."""
    r = Shell(World.default()).run(f"curl {url}")
    assert r.stderr == [line]
    assert r.exit_code == int(line[7])


def test_other_protocols_curl_has_are_said_not_simulated() -> None:
    """Ubuntu's curl 8.5.0 speaks ftp (curl -V "Protocols:"): "not supported" would be false."""
    r = Shell(World.default()).run("curl ftp://localhost/x")
    assert r.stderr == ["registry-tutor: curl ftp:// is not simulated; this curl reads the registry API."]


def test_fail_with_body_completes_the_transfer_then_fails() -> None:
    """curl-8_5_0 src/tool_operate.c post_per_transfer: --fail-with-body lets libcurl finish (the body is
    written, -o creates the file, the connection is "left intact"), then prints "curl: (22) ..." itself;
    -w %{errormsg} falls back to curl_easy_strerror(22), "HTTP response code said error"."""
    shell = Shell(World.default())
    r = shell.run("curl -v --fail-with-body -o tags.json localhost:5000/v2/x/tags/list")
    assert r.exit_code == 22
    assert r.stderr[-2:] == [
        "* Connection #0 to host localhost left intact",
        "curl: (22) The requested URL returned error: 404",
    ]
    assert shell.run("cat tags.json").stdout[0].startswith('{"errors":[{"code":"NAME_UNKNOWN"')
    r = shell.run(
        "curl -s --fail-with-body -o /dev/null -w '%{errormsg}|%{size_download}' localhost:5000/v2/x/tags/list"
    )
    assert r.stdout == ["HTTP response code said error|109"]


def test_fail_and_fail_with_body_exclude_each_other() -> None:
    """src/tool_getparam.c: "You must select either --fail or --fail-with-body, not both." (PARAM_BAD_USE)."""
    r = Shell(World.default()).run("curl --fail-with-body -sf localhost:5000/v2/")
    assert r.exit_code == 2
    assert r.stderr == [
        "curl: You must select either --fail or --fail-with-body, not both.",
        "curl: option -sf: is badly used here",
        "curl: try 'curl --help' or 'curl --manual' for more information",
    ]


def test_no_option_turns_a_boolean_option_back_off() -> None:
    """src/tool_getparam.c: a boolean long option takes a "no-" prefix that sets it to false (toggle)."""
    r = Shell(World.default()).run("curl -f --no-fail localhost:5000/v2/x/tags/list")
    assert r.exit_code == 0
    assert r.stdout[0].startswith('{"errors":[{"code":"NAME_UNKNOWN"')
    r = Shell(World.default()).run("curl -i --no-include localhost:5000/v2/")
    assert r.stdout == ["{}"]


# --- cross-repository mount: POST /v2/<name>/blobs/uploads/?mount=&from= -------------------------------


def test_mount_links_the_blob_and_answers_201_created() -> None:
    """registry/handlers/blobupload.go StartBlobUpload -> storage/linkedblobstore.go Create/mount (Stat in
    the source repository, linkBlob here) -> ErrBlobMounted -> writeBlobCreatedHeaders: Location (an
    absolute URL, v2.NewURLBuilderFromRequest), Content-Length 0, Docker-Content-Digest, 201."""
    registry = Registry("localhost:5000")
    first = push(registry, "myapp1", image(1), "1.0")
    push(registry, "myapp2", image(2), "1.0")
    layer = first.layers[1].digest  # myapp1's own layer
    assert get(registry, f"/v2/myapp2/blobs/{layer}", "HEAD").status == 404
    request = Request(
        "POST", f"/v2/myapp2/blobs/uploads/?mount={layer}&from=myapp1", (("Host", "localhost:5000"),)
    )
    r = serve(registry, request, clock=7)
    assert r.status_line == "HTTP/1.1 201 Created"
    assert r.headers == [
        ("Content-Length", "0"),
        ("Docker-Content-Digest", layer),
        ("Docker-Distribution-Api-Version", "registry/2.0"),
        ("Location", f"http://localhost:5000/v2/myapp2/blobs/{layer}"),
        ("X-Content-Type-Options", "nosniff"),
        ("Date", "Thu, 01 Jan 2026 00:00:07 GMT"),
    ]
    assert r.body == b""
    assert r.events == [ev.BlobMounted("localhost:5000", "myapp2", layer, "myapp1", False, False)]
    assert get(registry, f"/v2/myapp2/blobs/{layer}", "HEAD").status == 200


def test_mount_that_cannot_happen_starts_an_upload_which_is_not_simulated() -> None:
    """linkedblobstore.go Create: when mount fails (unknown blob in ``from``, a bad digest or name makes
    createBlobMountOption return no option) an upload session starts: 202 with a random id, not simulated."""
    registry = Registry("localhost:5000")
    first = push(registry, "myapp1", image(1), "1.0")
    push(registry, "myapp2", image(2), "1.0")
    for query in (
        f"mount={DIGEST}&from=myapp1",
        "mount=sha256:abc&from=myapp1",
        f"mount={first.layers[1].digest}",
    ):
        with pytest.raises(NotSimulated):
            get(registry, f"/v2/myapp2/blobs/uploads/?{query}", "POST")


def test_mount_through_curl_shows_in_the_events() -> None:
    shell = Shell(World.default())
    for app in ("myapp1", "myapp2"):
        assert shell.run(f"cd ~/{app} && docker build -q -t localhost:5000/{app}:1.0 .").exit_code == 0
        assert shell.run(f"docker push -q localhost:5000/{app}:1.0").exit_code == 0
    registry = shell.world.registry("localhost:5000")
    only_in_1 = sorted(registry.repositories["myapp1"].blobs - registry.repositories["myapp2"].blobs)[0]
    r = shell.run(
        f"curl -s -X POST 'localhost:5000/v2/myapp2/blobs/uploads/?mount={only_in_1}&from=myapp1' -w '%{{http_code}}'"
    )
    assert r.stdout == ["201"]
    assert [e.kind for e in r.events] == ["BlobMounted"]
    assert only_in_1 in registry.repositories["myapp2"].blobs


# --- Accept negotiation: what mime.ParseMediaType accepts ----------------------------------------------


def test_accept_items_that_go_cannot_parse_do_not_count() -> None:
    """registry/handlers/manifests.go GetManifest: each comma-separated Accept item goes through Go's
    mime.ParseMediaType and is skipped on error (a parameter without a value, a duplicate parameter, a
    slash without a subtype); case, spaces, q= and a trailing ";" are fine."""
    registry = Registry("localhost:5000")
    img = make_image(
        layers=(Layer.from_description({"base": 0}, 500),),
        config={"architecture": "amd64", "os": "linux"},
        created=1,
        classic=False,
    )
    push(registry, "myapp1", img, "1.0")
    oci = "application/vnd.oci.image.manifest.v1+json"  # what a build without attestations pushes
    target = "/v2/myapp1/manifests/1.0"

    def status(accept: str) -> int:
        return serve(registry, Request("GET", target, (("Accept", accept),)), clock=7).status

    for good in (oci, f" {oci.upper()} ; q=0.5", f"{oci};", f'text/plain, {oci}; x="a;b"'):
        assert status(good) == 200, good
    for bad in (f"{oci}; q", f"{oci};q=1;Q=2", f"{oci} x", "application/"):
        assert status(bad) == 404, bad
