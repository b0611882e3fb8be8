"""The registry HTTP API as CNCF Distribution answers it: statuses, headers in Go's order, exact bodies."""

from __future__ import annotations

import json

import pytest

from tutor.sim import events as ev
from tutor.sim.content import Image, Layer, make_image
from tutor.sim.registry import Registry
from tutor.sim.registry_api import NotSimulated, Request, http_date, serve, serve_hub

DATE = "Thu, 01 Jan 2026 00:00:07 GMT"
OCI = "application/vnd.oci.image.manifest.v1+json"
DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json"


def image(n: int, classic: bool = False) -> Image:
    layers = (Layer.from_description({"base": 0}, 500), Layer.from_description({"app": n}, 1000 + n))
    config = {"architecture": "amd64", "os": "linux", "config": {"Cmd": ["python", "app.py"]}}
    return make_image(layers=layers, config=config, created=n, classic=classic)


def push(registry: Registry, path: str, img: Image, *tags: str) -> Image:
    """What docker push leaves behind: blobs linked into the repository, the manifest, the tags."""
    out: list[ev.Event] = []
    for layer in img.layers:
        registry.upload_blob(path, layer.digest, layer.size, out)
    registry.upload_blob(path, img.config_digest, len(img.config_bytes), out)
    for tag in tags or (None,):
        registry.put_manifest(path, img, tag, out)
    return img


def get(registry: Registry, target: str, method: str = "GET", **headers: str) -> object:
    return serve(registry, Request(method, target, tuple(headers.items())), clock=7)


def errors(response) -> list[dict]:
    assert response.body.endswith(b"\n")
    return json.loads(response.body)["errors"]


# --- always-present headers, /v2/, routing ------------------------------------------------------


def test_base_answers_empty_json_with_go_header_order() -> None:
    r = get(Registry("localhost:5000"), "/v2/")
    assert r.status_line == "HTTP/1.1 200 OK"
    assert r.headers == [
        ("Content-Length", "2"),
        ("Content-Type", "application/json"),
        ("Docker-Distribution-Api-Version", "registry/2.0"),
        ("X-Content-Type-Options", "nosniff"),
        ("Date", DATE),
    ]
    assert r.body == b"{}"


def test_base_answers_any_method_and_head_has_no_body() -> None:
    r = get(Registry("localhost:5000"), "/v2/", "HEAD")
    assert r.status == 200 and r.body == b"" and r.header("Content-Length") == "2"
    assert get(Registry("localhost:5000"), "/v2/", "DELETE").status == 200


def test_v2_without_slash_redirects_like_gorilla_strict_slash() -> None:
    r = get(Registry("localhost:5000"), "/v2")
    assert r.status_line == "HTTP/1.1 301 Moved Permanently"
    assert r.headers == [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Docker-Distribution-Api-Version", "registry/2.0"),
        ("Location", "/v2/"),
        ("Date", DATE),
        ("Content-Length", "39"),
    ]
    assert r.body == b'<a href="/v2/">Moved Permanently</a>.\n\n'


def test_trailing_slash_on_catalog_redirects_keeping_the_query() -> None:
    r = get(Registry("localhost:5000"), "/v2/_catalog/?n=1")
    assert r.status == 301 and r.header("Location") == "/v2/_catalog?n=1"


def test_root_is_the_alive_check() -> None:
    r = get(Registry("localhost:5000"), "/")
    assert (r.status_line, r.body) == ("HTTP/1.1 200 OK", b"")
    assert r.headers == [("Cache-Control", "no-cache"), ("Date", DATE), ("Content-Length", "0")]


def test_unknown_path_is_go_404_page() -> None:
    r = get(Registry("localhost:5000"), "/v2/myapp1/nothing")
    assert r.status_line == "HTTP/1.1 404 Not Found"
    assert r.headers == [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Docker-Distribution-Api-Version", "registry/2.0"),
        ("X-Content-Type-Options", "nosniff"),
        ("Date", DATE),
        ("Content-Length", "19"),
    ]
    assert r.body == b"404 page not found\n"


def test_uppercase_repository_does_not_match_any_route() -> None:
    assert get(Registry("localhost:5000"), "/v2/MyApp/tags/list").body == b"404 page not found\n"


def test_method_not_allowed_lists_the_route_methods() -> None:
    registry = Registry("localhost:5000")
    r = get(registry, "/v2/_catalog", "HEAD")  # the catalog only serves GET
    assert r.status_line == "HTTP/1.1 405 Method Not Allowed"
    assert r.header("Allow") == "GET"
    assert r.header("Content-Length") == "19" and r.body == b""
    r = get(registry, "/v2/x/tags/list", "DELETE")
    assert r.body == b"Method not allowed\n"


def test_name_longer_than_255_is_an_unknown_error_500() -> None:
    name = "a" * 256
    r = get(Registry("localhost:5000"), f"/v2/{name}/tags/list")
    assert r.status == 500
    # app.go appends distribution.ErrRepositoryNameInvalid (a plain error): errcode/errors.go
    # MarshalJSON makes it UNKNOWN and writes an error-typed detail as its Error() text
    assert errors(r) == [
        {
            "code": "UNKNOWN",
            "message": "unknown error",
            "detail": f'repository name "{name}" invalid: repository name must not be more than 255 characters',
        }
    ]


def test_uploads_are_not_simulated() -> None:
    with pytest.raises(NotSimulated, match="docker push does them for you"):
        get(Registry("localhost:5000"), "/v2/myapp1/blobs/uploads/", "POST")


def test_http_date_follows_the_world_clock() -> None:
    assert http_date(0) == "Thu, 01 Jan 2026 00:00:00 GMT"
    assert http_date(86_400 + 3661) == "Fri, 02 Jan 2026 01:01:01 GMT"


# --- catalog ------------------------------------------------------------------------------------


def test_empty_catalog() -> None:
    r = get(Registry("localhost:5000"), "/v2/_catalog")
    assert r.body == b'{"repositories":[]}\n'
    assert r.headers == [
        ("Content-Type", "application/json"),
        ("Docker-Distribution-Api-Version", "registry/2.0"),
        ("X-Content-Type-Options", "nosniff"),
        ("Date", DATE),
        ("Content-Length", "20"),
    ]


def test_catalog_pages_with_n_last_and_link() -> None:
    registry = Registry("localhost:5000")
    for path in ("myapp2", "myapp1", "team/app", "team-a"):
        push(registry, path, image(1), "1.0")
    full = get(registry, "/v2/_catalog")
    # lessPath: '/' sorts before '-', so team/app comes before team-a
    assert full.body == b'{"repositories":["myapp1","myapp2","team/app","team-a"]}\n'
    assert full.header("Link") is None
    page = get(registry, "/v2/_catalog?n=3")
    assert json.loads(page.body) == {"repositories": ["myapp1", "myapp2", "team/app"]}
    assert page.header("Link") == '</v2/_catalog?last=team%2Fapp&n=3>; rel="next"'
    rest = get(registry, "/v2/_catalog?last=team%2Fapp&n=3")
    assert json.loads(rest.body) == {"repositories": ["team-a"]} and rest.header("Link") is None
    # storage/catalog.go Repositories checks "buffer filled" only when the walk reaches the next repository,
    # so a full page that ends at the last one has no Link (seen on a real registry: tests/conformance)
    exact = get(registry, "/v2/_catalog?n=4")
    assert exact.header("Link") is None
    assert get(registry, "/v2/_catalog?n=3&last=myapp1").header("Link") is None  # the last three exactly
    assert get(registry, "/v2/_catalog?n=2&last=myapp1").header("Link") is not None  # team-a still follows
    assert get(registry, "/v2/_catalog?n=0").body == b'{"repositories":[]}\n'


def test_catalog_default_page_is_100() -> None:
    registry = Registry("localhost:5000")
    for n in range(101):
        push(registry, f"app{n:03d}", image(1), "1.0")
    r = get(registry, "/v2/_catalog")
    assert len(json.loads(r.body)["repositories"]) == 100
    assert r.header("Link") == '</v2/_catalog?last=app099&n=100>; rel="next"'


def test_catalog_rejects_n_above_1000_and_bad_n() -> None:
    registry = Registry("localhost:5000")
    r = get(registry, "/v2/_catalog?n=1001")
    assert r.status_line == "HTTP/1.1 400 Bad Request"
    assert r.body == (
        b'{"errors":[{"code":"PAGINATION_NUMBER_INVALID","message":"invalid number of results requested",'
        b'"detail":{"n":1001}}]}\n'
    )
    assert errors(get(registry, "/v2/_catalog?n=foo"))[0]["detail"] == {"n": "foo"}
    assert errors(get(registry, "/v2/_catalog?n=-1"))[0]["detail"] == {"n": "-1"}
    assert get(registry, "/v2/_catalog?n=1000").status == 200


# --- tags/list: TestTagsAPI --------------------------------------------------------------------

TAGS = ["sb71y", "2j2ar", "jyi7b", "asj9e", "kb0j5"]


@pytest.fixture
def tagged() -> Registry:
    registry = Registry("localhost:5000")
    push(registry, "test", image(1), *TAGS)
    return registry


@pytest.mark.parametrize(
    ("query", "tags", "link"),
    [
        ("", ["2j2ar", "asj9e", "jyi7b", "kb0j5", "sb71y"], None),
        ("?last=", ["2j2ar", "asj9e", "jyi7b", "kb0j5", "sb71y"], None),
        ("?n=", ["2j2ar", "asj9e", "jyi7b", "kb0j5", "sb71y"], None),
        ("?last=&n=", ["2j2ar", "asj9e", "jyi7b", "kb0j5", "sb71y"], None),
        ("?n=2", ["2j2ar", "asj9e"], '</v2/test/tags/list?last=asj9e&n=2>; rel="next"'),
        ("?last=asj9e&n=1", ["jyi7b"], '</v2/test/tags/list?last=jyi7b&n=1>; rel="next"'),
        ("?last=jyi7b&n=3", ["kb0j5", "sb71y"], None),
        ("?last=sb71y&n=1", [], None),  # [] (empty array, not null): TestTagsAPI, tags.go after c36fab07
        ("?n=100", ["2j2ar", "asj9e", "jyi7b", "kb0j5", "sb71y"], None),
        ("?last=jyi7b", ["kb0j5", "sb71y"], None),
        (
            "?last=does-not-exist&n=3",
            ["jyi7b", "kb0j5", "sb71y"],
            '</v2/test/tags/list?last=sb71y&n=3>; rel="next"',
        ),
    ],
)
def test_tags_api_table(tagged: Registry, query: str, tags: list[str] | None, link: str | None) -> None:
    r = get(tagged, "/v2/test/tags/list" + query)
    assert r.status == 200
    assert r.body == json.dumps({"name": "test", "tags": tags}, separators=(",", ":")).encode() + b"\n"
    assert r.header("Link") == link


@pytest.mark.parametrize(("query", "n"), [("?n=-1", -1), ("?n=foo", 0)])
def test_tags_bad_n_is_pagination_number_invalid(tagged: Registry, query: str, n: int) -> None:
    r = get(tagged, "/v2/test/tags/list" + query)
    assert r.status == 400
    assert errors(r) == [
        {
            "code": "PAGINATION_NUMBER_INVALID",
            "message": "invalid number of results requested",
            "detail": {"n": n},
        }
    ]


def test_tags_n_is_clamped_to_1000_not_rejected() -> None:
    registry = Registry("localhost:5000")
    push(registry, "big", image(1), *(f"t{n:04d}" for n in range(1001)))
    r = get(registry, "/v2/big/tags/list?n=5000")
    assert r.status == 200
    assert len(json.loads(r.body)["tags"]) == 1000
    assert r.header("Link") == '</v2/big/tags/list?last=t0999&n=1000>; rel="next"'


def test_tags_sort_like_go_sort_strings() -> None:
    registry = Registry("localhost:5000")
    push(registry, "myapp1", image(1), "latest", "1.0", "Beta", "2.0")
    assert json.loads(get(registry, "/v2/myapp1/tags/list").body)["tags"] == ["1.0", "2.0", "Beta", "latest"]


def test_tags_of_unknown_repository_is_name_unknown() -> None:
    r = get(Registry("localhost:5000"), "/v2/nosuch/tags/list")
    assert r.status_line == "HTTP/1.1 404 Not Found"
    assert r.body == (
        b'{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry",'
        b'"detail":{"name":"nosuch"}}]}\n'
    )
    assert r.headers[:3] == [
        ("Content-Type", "application/json"),
        ("Docker-Distribution-Api-Version", "registry/2.0"),
        ("X-Content-Type-Options", "nosniff"),
    ]


def test_tags_n_zero_is_empty_even_for_unknown_repository() -> None:
    r = get(Registry("localhost:5000"), "/v2/nosuch/tags/list?n=0")
    assert r.status == 200 and r.body == b'{"name":"nosuch","tags":[]}\n'


# --- manifests ----------------------------------------------------------------------------------


def test_docker_schema2_manifest_is_served_whatever_the_accept() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1, classic=True), "1.0")
    r = get(registry, "/v2/myapp1/manifests/1.0", Accept="*/*")
    assert r.status == 200
    assert r.body == img.manifest_bytes
    assert r.headers == [
        ("Content-Length", str(len(img.manifest_bytes))),
        ("Content-Type", DOCKER_V2),
        ("Docker-Content-Digest", img.manifest_digest),
        ("Docker-Distribution-Api-Version", "registry/2.0"),
        ("Etag", f'"{img.manifest_digest}"'),
        ("X-Content-Type-Options", "nosniff"),
        ("Date", DATE),
    ]


def test_oci_manifest_needs_an_accept_header_that_names_it() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1), "1.0")
    refused = get(registry, "/v2/myapp1/manifests/1.0", Accept="*/*")
    assert refused.status == 404
    assert refused.body == (
        b'{"errors":[{"code":"MANIFEST_UNKNOWN",'
        b'"message":"OCI manifest found, but accept header does not support OCI manifests"}]}\n'
    )
    served = get(registry, f"/v2/myapp1/manifests/{img.manifest_digest}", Accept=f"{DOCKER_V2}, {OCI}")
    assert served.status == 200 and served.header("Content-Type") == OCI
    head = get(registry, "/v2/myapp1/manifests/1.0", "HEAD", Accept=OCI)
    assert head.status == 200 and head.body == b""
    assert head.header("Docker-Content-Digest") == img.manifest_digest
    assert head.header("Content-Length") == str(img.manifest_size)


def test_unknown_tag_and_unknown_digest_details() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1), "1.0")
    # handlers/manifests.go: ErrorCodeManifestUnknown.WithDetail(ErrTagUnknown{Tag}); errcode/errors.go
    # MarshalJSON writes an error detail as its text (errors.go: "unknown tag=%s")
    r = get(registry, "/v2/myapp1/manifests/nosuch")
    assert (
        r.body
        == b'{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":"unknown tag=nosuch"}]}\n'
    )
    # an unknown tag is MANIFEST_UNKNOWN even when the whole repository is unknown
    assert errors(get(registry, "/v2/nosuch/manifests/latest"))[0]["code"] == "MANIFEST_UNKNOWN"
    r = get(registry, f"/v2/myapp2/manifests/{img.manifest_digest}")
    assert errors(r) == [
        {
            "code": "MANIFEST_UNKNOWN",
            "message": "manifest unknown",
            "detail": f"unknown manifest name=myapp2 revision={img.manifest_digest}",  # ErrManifestUnknownRevision
        }
    ]
    head = get(registry, "/v2/myapp1/manifests/nosuch", "HEAD")
    assert head.status == 404 and head.body == b"" and head.header("Content-Length") == "100"


def test_if_none_match_gives_304() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1, classic=True), "1.0")
    r = get(registry, "/v2/myapp1/manifests/1.0", **{"If-None-Match": f'"{img.manifest_digest}"'})
    assert r.status_line == "HTTP/1.1 304 Not Modified"
    assert r.header("Content-Length") is None and r.body == b""


def test_moved_tag_leaves_old_manifest_fetchable_by_digest() -> None:
    registry = Registry("localhost:5000")
    old = push(registry, "myapp1", image(1, classic=True), "latest")
    new = push(registry, "myapp1", image(2, classic=True), "latest")
    assert get(registry, "/v2/myapp1/manifests/latest").header("Docker-Content-Digest") == new.manifest_digest
    assert get(registry, f"/v2/myapp1/manifests/{old.manifest_digest}").status == 200


# --- deletes --------------------------------------------------------------------------------------


def test_delete_tag_untags_and_keeps_manifest() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1, classic=True), "1.0")
    r = get(registry, "/v2/myapp1/manifests/1.0", "DELETE")
    assert r.status_line == "HTTP/1.1 202 Accepted"
    assert r.headers == [
        ("Docker-Distribution-Api-Version", "registry/2.0"),
        ("X-Content-Type-Options", "nosniff"),
        ("Date", DATE),
        ("Content-Length", "0"),
    ]
    assert r.events == [
        ev.RegistryTagRemoved("localhost:5000", "myapp1", "1.0", img.manifest_digest),
        ev.ManifestUntagged("localhost:5000", "myapp1", img.manifest_digest),
    ]
    assert get(registry, "/v2/myapp1/manifests/1.0").status == 404
    assert get(registry, f"/v2/myapp1/manifests/{img.manifest_digest}", "HEAD").status == 200
    # the tags folder stays, empty: an empty list, not null (tags.go after c36fab07; test_registry_audit)
    assert get(registry, "/v2/myapp1/tags/list").body == b'{"name":"myapp1","tags":[]}\n'


def test_delete_by_digest_removes_every_tag_pointing_at_it() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1, classic=True), "1.0", "latest")
    r = get(registry, f"/v2/myapp1/manifests/{img.manifest_digest}", "DELETE")
    assert r.status == 202
    assert r.events == [
        ev.RegistryTagRemoved("localhost:5000", "myapp1", "1.0", img.manifest_digest),
        ev.RegistryTagRemoved("localhost:5000", "myapp1", "latest", img.manifest_digest),
        ev.ManifestDeleted("localhost:5000", "myapp1", img.manifest_digest),
    ]
    assert get(registry, f"/v2/myapp1/manifests/{img.manifest_digest}").status == 404
    assert get(registry, "/v2/_catalog").body == b'{"repositories":["myapp1"]}\n'  # the repository stays


def test_delete_unknown_tag_and_unknown_digest() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1), "1.0")
    r = get(registry, "/v2/myapp1/manifests/nosuch", "DELETE")
    assert r.status == 404
    # storage/tagstore.go Untag returns the filesystem driver's PathNotFoundError (driver/base/base.go
    # setDriverName; storagedriver.go "%s: Path not found: %s"); handlers/manifests.go DeleteManifest
    # makes it the MANIFEST_UNKNOWN detail, written as text by errcode/errors.go MarshalJSON
    assert errors(r) == [
        {
            "code": "MANIFEST_UNKNOWN",
            "message": "manifest unknown",
            "detail": "filesystem: Path not found: /docker/registry/v2/repositories/myapp1/_manifests/tags/nosuch",
        }
    ]
    r = get(registry, f"/v2/myapp2/manifests/{img.manifest_digest}", "DELETE")
    assert r.body == b'{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}\n'
    assert r.events == []


def test_delete_disabled_is_405_unsupported() -> None:
    registry = Registry("localhost:5000", delete_enabled=False)
    push(registry, "myapp1", image(1), "1.0")
    r = get(registry, "/v2/myapp1/manifests/1.0", "DELETE")
    assert r.status_line == "HTTP/1.1 405 Method Not Allowed"
    assert r.body == b'{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported."}]}\n'
    assert registry.repository("myapp1").tags == {"1.0": registry.repository("myapp1").tags["1.0"]}


# --- blobs ----------------------------------------------------------------------------------------


def test_config_blob_is_served_with_blob_headers() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1), "1.0")
    r = get(registry, f"/v2/myapp1/blobs/{img.config_digest}")
    assert r.status == 200 and r.body == img.config_bytes
    assert r.headers == [
        ("Accept-Ranges", "bytes"),
        ("Cache-Control", "max-age=31536000"),
        ("Content-Length", str(len(img.config_bytes))),
        ("Content-Type", "application/octet-stream"),
        ("Docker-Content-Digest", img.config_digest),
        ("Docker-Distribution-Api-Version", "registry/2.0"),
        ("Etag", f'"{img.config_digest}"'),
        ("X-Content-Type-Options", "nosniff"),
        ("Date", DATE),
    ]


def test_layer_blob_has_its_size_but_no_simulated_bytes() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1), "1.0")
    layer = img.layers[1]
    r = get(registry, f"/v2/myapp1/blobs/{layer.digest}")
    assert r.status == 200 and r.opaque and r.header("Content-Length") == str(layer.size)
    head = get(registry, f"/v2/myapp1/blobs/{layer.digest}", "HEAD")
    assert head.status == 200 and not head.opaque


def test_blob_not_linked_into_the_repository_is_blob_unknown() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1), "1.0")
    push(registry, "myapp2", image(2), "1.0")
    blob = img.layers[1].digest  # only myapp1 links it
    r = get(registry, f"/v2/myapp2/blobs/{blob}")
    assert r.status == 404
    assert r.body == (
        b'{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry","detail":"'
        + blob.encode()
        + b'"}]}\n'
    )


def test_blob_digest_of_wrong_length_is_digest_invalid() -> None:
    r = get(Registry("localhost:5000"), "/v2/myapp1/blobs/sha256:" + "a" * 40)
    assert r.status == 400
    assert errors(r)[0] == {
        "code": "DIGEST_INVALID",
        "message": "provided digest did not match uploaded content",
        "detail": "invalid checksum digest length",
    }


def test_delete_blob_unlinks_it_from_the_repository_only() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(1), "1.0")
    blob = img.layers[1].digest
    r = get(registry, f"/v2/myapp1/blobs/{blob}", "DELETE")
    assert r.status == 202 and r.headers[0] == ("Content-Length", "0")
    assert not registry.blob_in("myapp1", blob) and blob in registry.blobs
    again = get(registry, f"/v2/myapp1/blobs/{blob}", "DELETE")
    assert again.body == b'{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}\n'


# --- Docker Hub -----------------------------------------------------------------------------------


def test_hub_base_is_401_with_bearer_challenge() -> None:
    r = serve_hub(Request("GET", "/v2/"), clock=7)
    assert r.status_line == "HTTP/1.1 401 Unauthorized"
    assert r.headers == [
        ("content-type", "application/json"),
        ("docker-distribution-api-version", "registry/2.0"),
        ("www-authenticate", 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"'),
        ("date", DATE),
        ("content-length", "87"),
        ("strict-transport-security", "max-age=31536000"),
    ]
    assert (
        r.body == b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}\n'
    )


def test_hub_repository_calls_name_the_scope() -> None:
    r = serve_hub(Request("GET", "/v2/library/ubuntu/tags/list"), clock=7)
    assert r.header("www-authenticate") == (
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"'
    )
    assert errors(r)[0]["detail"] == [
        {"Type": "repository", "Class": "", "Name": "library/ubuntu", "Action": "pull"}
    ]
    catalog = serve_hub(Request("GET", "/v2/_catalog"), clock=7)
    assert errors(catalog)[0]["detail"] == [
        {"Type": "registry", "Class": "", "Name": "catalog", "Action": "*"}
    ]
