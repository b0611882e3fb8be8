"""The simulator's registry against a real CNCF Distribution registry.

The simulator follows distribution v3.1; the registry the tests can run is Debian's ``docker-registry``
(Distribution 2.8.2). Each way the two versions answer differently is one row of ``DIFFERENCES``,
with the upstream source that shows it, and a rule that turns the simulator's (v3) answer into what
2.8 says. Every request is sent to both; the test asserts that the simulator's answer, with the
rows that apply, equals the real one — and that each applied row really changed something, so the
table holds no stale entry. Layers carry stand-in bytes (``Layer.stand_in``), so a layer blob's
size on the real registry is the stand-in's, not the simulated size ``docker images`` adds up.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.conformance.realregistry import HttpAnswer
from tutor.sim.content import EMPTY_JSON_DIGEST
from tutor.sim.registry_api import Request, serve
from tutor.sim.shell import Shell
from tutor.sim.world import World

OCI = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
SCHEMA2 = "application/vnd.docker.distribution.manifest.v2+json"
ALL_TYPES = ", ".join((OCI_INDEX, OCI, SCHEMA2))


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # every header but Date
    body: bytes


@dataclass(frozen=True)
class Difference:
    what: str
    v2_8: str
    v3: str
    source: str
    to_v2_8: Callable[[Answer], Answer]


def _json_charset(a: Answer) -> Answer:
    headers = dict(a.headers)
    if headers.get("Content-Type") == "application/json":
        headers["Content-Type"] = "application/json; charset=utf-8"
    return Answer(a.status, headers, a.body)


def _ignores_bad_n(full: Answer) -> Callable[[Answer], Answer]:
    return lambda a: full


def _unsorted_unpaged_tags(all_tags: Answer) -> Callable[[Answer], Answer]:
    return lambda a: all_tags


def _tag_delete_refused(a: Answer) -> Answer:
    body = b'{"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not match uploaded content"}]}\n'
    headers = {k: v for k, v in a.headers.items() if k != "Content-Length"}
    headers.update({"Content-Type": "application/json", "Content-Length": str(len(body))})
    return Answer(400, headers, body)


def _error_detail_as_empty_object(a: Answer) -> Answer:
    data = json.loads(a.body)
    for error in data["errors"]:
        if isinstance(error.get("detail"), str) and error["code"] == "DIGEST_INVALID":
            error["detail"] = {}
            error["message"] = "provided digest did not match uploaded content"
    body = (json.dumps(data, separators=(",", ":")) + "\n").encode()
    return Answer(a.status, {**a.headers, "Content-Length": str(len(body))}, body)


def _error_details_as_structs(a: Answer) -> Answer:
    """v2.8 marshals an error-typed detail as the Go struct (ErrTagUnknown, ErrManifestUnknownRevision)."""
    data = json.loads(a.body)
    for error in data["errors"]:
        detail = error.get("detail")
        if isinstance(detail, str) and detail.startswith("unknown tag="):
            error["detail"] = {"Tag": detail.removeprefix("unknown tag=")}
        elif isinstance(detail, str) and detail.startswith("unknown manifest name="):
            name, _, revision = detail.removeprefix("unknown manifest name=").partition(" revision=")
            error["detail"] = {"Name": name, "Revision": revision}
    body = (json.dumps(data, separators=(",", ":")) + "\n").encode()
    return Answer(a.status, {**a.headers, "Content-Length": str(len(body))}, body)


DIFFERENCES: dict[str, Difference] = {
    "json-charset": Difference(
        "Content-Type of JSON answers",
        "application/json; charset=utf-8",
        "application/json",
        "registry/api/errcode/handler.go and registry/handlers/{app,catalog,tags}.go at v2.8.2 vs v3.1.1",
        _json_charset,
    ),
    "catalog-bad-n": Difference(
        "GET /v2/_catalog?n= with a negative or non-numeric n",
        "ignored: the default page",
        "400 PAGINATION_NUMBER_INVALID with detail {\"n\": the text}",
        "registry/handlers/catalog.go GetCatalog at v2.8.2 vs v3.1.1",
        lambda a: a,  # replaced per request: the expected answer is the whole catalog
    ),
    "tags-unpaged": Difference(
        "GET /v2/NAME/tags/list (with or without n= and last=)",
        "n and last ignored; every tag, in the storage driver's directory order (not sorted)",
        "sorted, paged with n and last, a Link header while a page is full",
        "registry/handlers/tags.go GetTags at v2.8.2 vs v3.1.1 (tagService.List(ctx, limit, last))",
        lambda a: a,
    ),
    "schema1": Difference(
        "GET of a Docker schema2 manifest by a client that does not accept schema2",
        "rewritten on the fly to a signed schema1 manifest (application/vnd.docker.distribution.manifest.v1+prettyjws)",
        "the schema2 manifest as stored (schema1 support was removed)",
        "registry/handlers/manifests.go GetManifest (convertSchema2Manifest) at v2.8.2; removed in v3.0.0",
        lambda a: a,
    ),
    "tag-delete": Difference(
        "DELETE /v2/NAME/manifests/TAG",
        "400 DIGEST_INVALID: only digests can be deleted",
        "202: the tag is removed, the manifest stays",
        "registry/handlers/manifests.go DeleteManifest at v2.8.2 vs v3.1.1 (tags.Untag)",
        _tag_delete_refused,
    ),
    "digest-detail": Difference(
        "detail of DIGEST_INVALID for a malformed digest in a blob URL",
        "{} (the Go error marshalled as a struct) and the message of the upload error",
        "the parse error's message as a string",
        "registry/api/errcode/errors.go (Error.WithDetail, MarshalJSON) and handlers/blob.go at v2.8.2 vs v3.1.1",
        _error_detail_as_empty_object,
    ),
    "error-detail": Difference(
        "detail of MANIFEST_UNKNOWN for an unknown tag or digest",
        'the Go error marshalled as a struct: {"Tag": …} / {"Name": …, "Revision": …}',
        'the error\'s text: "unknown tag=…" / "unknown manifest name=… revision=…"',
        "registry/api/errcode/errors.go MarshalJSON (`if detail, ok := tmpErr.Detail.(error)`) at v2.8.2 vs v3.1.1",
        _error_details_as_structs,
    ),
}


def sim_answer(response) -> Answer:
    return Answer(response.status, {k: v for k, v in response.headers if k != "Date"}, response.body)


def real_answer(answer: HttpAnswer) -> Answer:
    return Answer(answer.status, {k: v for k, v in answer.headers if k != "Date"}, answer.body)


def build_fleet(profile: str) -> World:
    """Three apps, two versions each, `latest` pushed with 1.0 and left behind (stale) on purpose."""
    world = World.default(profile)
    shell = Shell(world)
    for app in (1, 2, 3):
        for line in (
            f"docker build -q -t localhost:5000/myapp{app}:1.0 ~/myapp{app}",
            f"docker push localhost:5000/myapp{app}:1.0",
            f"docker tag localhost:5000/myapp{app}:1.0 localhost:5000/myapp{app}:latest",
            f"docker push localhost:5000/myapp{app}:latest",
            f"echo 'print(\"version 2.0\")' >> ~/myapp{app}/app.py",
            f"docker build -q -t localhost:5000/myapp{app}:2.0 ~/myapp{app}",
            f"docker push localhost:5000/myapp{app}:2.0",
        ):
            result = shell.run(line)
            assert result.exit_code == 0, (line, result.text)
    return world


@pytest.fixture(params=["current", "classic"])
def fleet(request, real_registry):
    world = build_fleet(request.param)
    registry = world.registries["localhost:5000"]
    real_registry.mirror(registry)
    return world, registry, real_registry


def test_the_real_registry_takes_the_simulators_content_with_the_same_digests_and_sizes(fleet):
    world, registry, real = fleet
    for name, repo in registry.repositories.items():
        for digest, image in repo.manifests.items():
            head = real.request("HEAD", f"/v2/{name}/manifests/{digest}", {"Accept": ALL_TYPES})
            assert head.status == 200
            assert head.header("Docker-Content-Digest") == digest
            assert head.header("Content-Length") == str(len(image.manifest_bytes))
            assert head.header("Content-Type") == image.manifest_media_type
            got = real.request("GET", f"/v2/{name}/manifests/{digest}", {"Accept": ALL_TYPES})
            assert got.body == image.manifest_bytes  # registries keep manifest bytes as pushed
            config = real.request("HEAD", f"/v2/{name}/blobs/{image.config_digest}")
            assert config.header("Content-Length") == str(len(image.config_bytes))
            for layer in image.layers:
                blob = real.request("HEAD", f"/v2/{name}/blobs/{layer.digest}")
                assert blob.status == 200 and blob.header("Docker-Content-Digest") == layer.digest
        for tag, digest in repo.tags.items():
            head = real.request("HEAD", f"/v2/{name}/manifests/{tag}", {"Accept": ALL_TYPES})
            assert head.header("Docker-Content-Digest") == digest, (name, tag)


def _cases(registry) -> list[tuple[str, str, dict, list[str]]]:
    repo = registry.repositories["myapp1"]
    v1 = repo.tags["1.0"]
    config = repo.manifests[v1].config_digest
    media = repo.manifests[v1].manifest_media_type
    not_accepting = {} if media == SCHEMA2 else None
    cases = [
        ("GET", "/v2/", {}, ["json-charset"]),
        ("GET", "/v2/_catalog", {}, ["json-charset"]),
        ("GET", "/v2/_catalog?n=1", {}, ["json-charset"]),
        ("GET", "/v2/_catalog?n=1&last=myapp1", {}, ["json-charset"]),
        ("GET", "/v2/_catalog?n=2&last=myapp1", {}, ["json-charset"]),
        ("GET", "/v2/_catalog?n=0", {}, ["json-charset"]),
        ("GET", "/v2/_catalog?n=5000", {}, ["json-charset"]),
        ("GET", "/v2/_catalog?n=-1", {}, ["catalog-bad-n"]),
        ("GET", "/v2/_catalog?n=abc", {}, ["catalog-bad-n"]),
        ("GET", "/v2/myapp1/tags/list", {}, ["tags-unpaged"]),
        ("GET", "/v2/myapp1/tags/list?n=1", {}, ["tags-unpaged"]),
        ("GET", "/v2/myapp1/tags/list?n=1&last=1.0", {}, ["tags-unpaged"]),
        ("GET", "/v2/nope/tags/list", {}, ["json-charset"]),
        ("GET", "/v2/Upper/tags/list", {}, []),
        ("GET", "/v2/myapp1/manifests/1.0", {"Accept": ALL_TYPES}, []),
        ("HEAD", "/v2/myapp1/manifests/1.0", {"Accept": ALL_TYPES}, []),
        ("GET", f"/v2/myapp1/manifests/{v1}", {"Accept": media}, []),
        ("GET", "/v2/myapp1/manifests/1.0", {"Accept": media, "If-None-Match": f'"{v1}"'}, []),
        ("GET", "/v2/myapp1/manifests/nosuch", {"Accept": ALL_TYPES}, ["json-charset", "error-detail"]),
        ("GET", "/v2/myapp1/manifests/sha256:" + "0" * 64, {"Accept": ALL_TYPES}, ["json-charset", "error-detail"]),
        ("HEAD", f"/v2/myapp1/blobs/{config}", {}, []),
        ("GET", f"/v2/myapp1/blobs/{config}", {}, []),
        ("GET", f"/v2/myapp2/blobs/{config}", {}, ["json-charset"]),
        ("GET", "/v2/myapp1/blobs/sha256:" + "1" * 64, {}, ["json-charset"]),
        ("GET", "/v2/myapp1/blobs/sha256:abc", {}, ["json-charset", "digest-detail"]),
        ("POST", "/v2/myapp1/tags/list", {}, []),
        ("GET", "/v2/myapp1/tags/list/", {}, []),
        ("GET", "/v2", {}, []),
        ("GET", "/v2/nothing/here", {}, []),
        # deletes, then what is left
        ("DELETE", "/v2/myapp2/manifests/latest", {}, ["tag-delete", "json-charset"]),
        ("DELETE", f"/v2/myapp1/manifests/{v1}", {}, []),
        ("GET", f"/v2/myapp1/manifests/{v1}", {"Accept": ALL_TYPES}, ["json-charset", "error-detail"]),
        ("GET", "/v2/myapp1/manifests/latest", {"Accept": ALL_TYPES}, ["json-charset", "error-detail"]),
        ("GET", "/v2/myapp1/tags/list", {}, ["tags-unpaged"]),
        ("DELETE", f"/v2/myapp1/manifests/{v1}", {}, ["json-charset"]),
    ]
    image2 = registry.repositories["myapp2"].manifests[registry.repositories["myapp2"].tags["1.0"]]
    if image2.is_index:
        # an attested build (current): the index under each Accept, the manifests inside it by digest, the
        # attestation's blobs. v2.8.2 and v3.1.1 manifests.go answer an OCI index alike ("OCI index
        # found, but accept header does not support OCI indexes"); only Docker manifest lists differ.
        att = image2.attestation
        cases += [
            ("GET", "/v2/myapp2/manifests/2.0", {"Accept": OCI_INDEX}, []),
            ("HEAD", "/v2/myapp2/manifests/2.0", {"Accept": OCI_INDEX}, []),
            ("GET", "/v2/myapp2/manifests/2.0", {"Accept": OCI}, ["json-charset"]),
            ("GET", "/v2/myapp2/manifests/2.0", {"Accept": SCHEMA2}, ["json-charset"]),
            ("GET", f"/v2/myapp2/manifests/{image2.platform_digest}", {"Accept": OCI}, []),
            ("GET", f"/v2/myapp2/manifests/{att.attestation_manifest.digest}", {"Accept": ALL_TYPES}, []),
            ("GET", f"/v2/myapp2/manifests/{att.attestation_manifest.digest}", {"Accept": OCI_INDEX},
             ["json-charset"]),
            ("GET", f"/v2/myapp2/blobs/{att.statement_digest}", {}, []),
            ("GET", f"/v2/myapp2/blobs/{EMPTY_JSON_DIGEST}", {}, []),
        ]
    if not_accepting is not None:
        cases.append(("GET", "/v2/myapp2/manifests/1.0", {}, ["schema1"]))
    else:
        cases.append(("GET", "/v2/myapp2/manifests/1.0", {}, ["json-charset"]))  # OCI refused to */*
    return cases


def test_the_simulators_api_answers_as_the_real_registry_does_with_each_version_difference_listed(fleet):
    world, registry, real = fleet
    for method, target, headers, differences in _cases(registry):
        expected_real = real_answer(real.request(method, target, headers))
        response = serve(registry, Request(method, target, tuple(headers.items())), clock=world.clock)
        answer = sim_answer(response)
        as_v2_8 = answer
        for key in differences:
            if key == "catalog-bad-n":
                full = sim_answer(serve(registry, Request("GET", "/v2/_catalog"), clock=world.clock))
                as_v2_8 = _json_charset(full)
            elif key == "tags-unpaged":
                path = target.split("?", 1)[0]
                full = _json_charset(sim_answer(serve(registry, Request("GET", path), clock=world.clock)))
                assert expected_real.status == full.status
                assert sorted(json.loads(expected_real.body)["tags"]) == json.loads(full.body)["tags"]
                assert "Link" not in expected_real.headers
                as_v2_8 = expected_real  # same tags, storage order: compared above
            elif key == "schema1":
                assert expected_real.status == 200
                assert expected_real.headers["Content-Type"] == "application/vnd.docker.distribution.manifest.v1+prettyjws"
                assert answer.headers["Content-Type"] == SCHEMA2
                as_v2_8 = expected_real
            else:
                as_v2_8 = DIFFERENCES[key].to_v2_8(as_v2_8)
        label = f"{method} {target} {headers}"
        assert as_v2_8.status == expected_real.status, label
        assert as_v2_8.headers == expected_real.headers, label
        if not response.opaque:
            assert as_v2_8.body == expected_real.body, label
        for key in differences:  # a listed difference must really be one (tag order may agree by chance)
            if key != "tags-unpaged":
                assert answer != expected_real, f"{label}: {key} listed but the answers agree"


def test_every_difference_names_its_source_and_both_behaviours():
    for key, difference in DIFFERENCES.items():
        assert difference.source and difference.v2_8 and difference.v3, key
        assert difference.v2_8 != difference.v3, key
