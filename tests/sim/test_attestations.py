"""Attested builds (Docker 29.7's default on the containerd store) and everything downstream of them.

Upstream sources each test follows (the Docker 29.7 era, as vendored in moby docker-v29.7.x):
buildx v0.36 build/opt.go, build/utils.go, commands/build.go, util/buildflags/attests.go;
buildkit v0.32 exporter/containerimage/writer.go, export.go, solver/llbsolver/compat/compat.go;
moby daemon/containerd/image_list.go, image_inspect.go, image_push.go, progress.go;
docker/cli cli/command/image/tree.go, cli/command/manifest/inspect.go, internal/registryclient/fetcher.go;
distribution v3.1 registry/handlers/manifests.go, registry/storage/garbagecollect.go, manifest/ocischema.
"""

from __future__ import annotations

import base64
import json

import pytest

from tutor.sim import events as ev
from tutor.sim.content import EMPTY_JSON_DIGEST, OCI_INDEX, OCI_MANIFEST, sha256, short
from tutor.sim.registry_api import Request, serve
from tutor.sim.shell import Shell
from tutor.sim.world import HOME, TEAM_REGISTRY, World

APP1 = f"{HOME}/myapp1"
REF = "localhost:5000/myapp1:1.0"
KEY = "localhost:5000/myapp1:1.0"


def shell(profile: str = "current") -> tuple[World, Shell]:
    world = World.default(profile)
    sh = Shell(world)
    assert sh.run(f"cd {APP1}").ok
    return world, sh


def image_of(world: World, key: str = KEY):
    store = world.machine.store
    return store.images[store.tags[key]]


def build(sh: Shell, flags: str = "", tag: str = REF, prefix: str = ""):
    r = sh.run(f"{prefix}docker build {flags} -t {tag} .".replace("  ", " "))
    assert r.exit_code == 0, r.text
    return r


def get(world: World, path: str, *accept: str, method: str = "GET"):
    headers = tuple(("Accept", a) for a in accept)
    return serve(world.registry("localhost:5000"), Request(method, path, headers), clock=world.clock)


# --------------------------------------------------------------------------- the index a build exports


def test_a_build_exports_an_oci_index_with_the_image_and_an_attestation_manifest() -> None:
    """buildkit exporter/containerimage/writer.go Commit: with attestations the export is an index
    (json.MarshalIndent, two spaces) listing the platform manifest, then the attestation manifest with
    platform unknown/unknown and the vnd.docker.reference.* annotations."""
    world, sh = shell()
    build(sh)
    image = image_of(world)
    assert image.manifest_media_type == OCI_INDEX
    index = json.loads(image.manifest_bytes)
    assert image.manifest_digest == sha256(image.manifest_bytes)
    assert list(index) == ["schemaVersion", "mediaType", "manifests"]  # ocispecs.Index field order
    assert image.manifest_bytes == json.dumps(index, indent=2).encode()  # MarshalIndent, two spaces
    platform, attestation = index["manifests"]
    assert platform == {
        "mediaType": OCI_MANIFEST,
        "digest": image.platform_digest,
        "size": len(image.platform_manifest_bytes),
        "platform": {"architecture": "amd64", "os": "linux"},
    }
    assert attestation["mediaType"] == OCI_MANIFEST
    assert attestation["annotations"] == {
        "vnd.docker.reference.digest": image.platform_digest,
        "vnd.docker.reference.type": "attestation-manifest",
    }
    assert attestation["platform"] == {"architecture": "unknown", "os": "unknown"}
    assert list(attestation) == ["mediaType", "digest", "size", "annotations", "platform"]


def test_the_attestation_manifest_is_an_oci_artifact_holding_an_in_toto_provenance_statement() -> None:
    """writer.go commitAttestationsManifest with compatibility version 031 (compat.go: the default, so
    export.go DefaultOCIArtifact is true): artifactType, the empty-JSON config, one in-toto layer with its
    predicate-type annotation (containerd.io/uncompressed removed), and the image manifest as subject."""
    world, sh = shell()
    build(sh)
    image = image_of(world)
    att_blob = image.attestation.attestation_manifest
    manifest = json.loads(att_blob.data)
    assert att_blob.data == json.dumps(manifest, indent=2).encode()
    assert list(manifest) == ["schemaVersion", "mediaType", "artifactType", "config", "layers", "subject"]
    assert manifest["artifactType"] == "application/vnd.docker.attestation.manifest.v1+json"
    assert manifest["config"] == {
        "mediaType": "application/vnd.oci.empty.v1+json",
        "digest": EMPTY_JSON_DIGEST,
        "size": 2,
        "data": "e30=",
    }
    assert EMPTY_JSON_DIGEST == sha256(b"{}")
    [layer] = manifest["layers"]
    statement = image.attestation.statement
    assert layer == {
        "mediaType": "application/vnd.in-toto+json",
        "digest": sha256(statement),
        "size": len(statement),
        "annotations": {"in-toto.io/predicate-type": "https://slsa.dev/provenance/v1"},
    }
    assert manifest["subject"] == {
        "mediaType": OCI_MANIFEST,
        "digest": image.platform_digest,
        "size": len(image.platform_manifest_bytes),
    }
    doc = json.loads(statement)
    assert list(doc) == ["_type", "predicateType", "subject", "predicate"]  # intoto.Statement field order
    assert doc["_type"] == "https://in-toto.io/Statement/v1"
    assert doc["subject"] == [
        {
            "name": "pkg:docker/localhost:5000/myapp1@1.0?platform=linux%2Famd64",  # util/purl RefToPURL
            "digest": {"sha256": image.platform_digest[7:]},
        }
    ]
    metadata = doc["predicate"]["runDetails"]["metadata"]
    assert metadata["startedOn"] < metadata["finishedOn"]


def test_the_image_manifest_inside_is_buildkits_two_space_json() -> None:
    """writer.go commitDistributionManifest: json.MarshalIndent(mfst, "", "  ") with OCI media types."""
    world, sh = shell()
    build(sh)
    data = image_of(world).platform_manifest_bytes
    assert data == json.dumps(json.loads(data), indent=2).encode()
    assert json.loads(data)["mediaType"] == OCI_MANIFEST


def test_progress_lines_for_an_attested_export_in_buildkits_order() -> None:
    """writer.go: "exporting manifest", "exporting config", "exporting attestation manifest",
    "exporting manifest list"; export.go: "naming to", then "unpacking to"."""
    world, sh = shell()
    r = build(sh)
    image = image_of(world)
    export = r.stderr[r.stderr.index("#8 exporting to image") :]
    assert export == [
        "#8 exporting to image",
        "#8 exporting layers 0.1s done",
        f"#8 exporting manifest {image.platform_digest} done",
        f"#8 exporting config {image.config_digest} done",
        f"#8 exporting attestation manifest {image.attestation.attestation_manifest.digest} done",
        f"#8 exporting manifest list {image.manifest_digest} done",
        f"#8 naming to {REF} done",
        f"#8 unpacking to {REF} done",
        "#8 DONE 0.1s",
    ]


def test_image_id_is_the_index_digest_and_changes_on_every_cached_rebuild() -> None:
    """moby daemon/containerd: the image ID is the target (index) digest. The provenance's build times
    (solver/llbsolver/provenance.go) make every index new; the image manifest inside stays the same."""
    world, sh = shell()
    first = sh.run(f"docker build -q -t {REF} .").stdout
    one = image_of(world)
    assert first == [one.manifest_digest]
    again = build(sh)
    two = image_of(world)
    assert "#7 [3/3] COPY . /app\n#7 CACHED" in again.text
    assert two.manifest_digest != one.manifest_digest
    assert two.platform_digest == one.platform_digest
    assert two.config_digest == one.config_digest
    assert built(again) == ev.ImageBuilt(
        "laptop", two.manifest_digest, cached=False, edition=one.platform_digest, same_edition=True
    )


def built(result) -> ev.ImageBuilt:
    [event] = [e for e in result.events if isinstance(e, ev.ImageBuilt)]
    return event


def test_the_same_inputs_and_clock_give_the_same_index() -> None:
    w1, sh1 = shell()
    w2, sh2 = shell()
    build(sh1)
    build(sh2)
    assert image_of(w1).manifest_bytes == image_of(w2).manifest_bytes


# --------------------------------------------------------------------------- turning it off


@pytest.mark.parametrize(
    ("flags", "prefix"),
    [
        ("--provenance=false", ""),
        ("--provenance=0", ""),
        ("--provenance false", ""),
        ("--attest type=provenance,disabled=true", ""),
        ("", "BUILDX_NO_DEFAULT_ATTESTATIONS=1 "),
        ("", "BUILDX_NO_DEFAULT_ATTESTATIONS=true "),
    ],
)
def test_provenance_off_exports_a_single_oci_manifest(flags: str, prefix: str) -> None:
    """buildx commands/build.go + buildflags/attests.go CanonicalizeAttest ("type=provenance,disabled=true"),
    build/opt.go (BUILDX_NO_DEFAULT_ATTESTATIONS parsed with strconv.ParseBool). With compatibility
    version 031 (buildkit export.go DefaultOCITypes) the single manifest keeps OCI media types (29.6+)."""
    world, sh = shell()
    r = build(sh, flags, prefix=prefix)
    image = image_of(world)
    assert image.attestation is None
    assert image.manifest_media_type == OCI_MANIFEST
    assert json.loads(image.config_bytes)["os"] == "linux"
    assert "exporting attestation manifest" not in r.text and "exporting manifest list" not in r.text
    assert f"#8 exporting manifest {image.manifest_digest} done" in r.text
    again = build(sh, flags, prefix=prefix)
    assert image_of(world).manifest_digest == image.manifest_digest  # a cached rebuild is the same image
    assert built(again).cached is True


def test_an_exported_variable_turns_default_attestations_off_and_a_shell_variable_does_not() -> None:
    """bash: only exported variables reach a program's environment; buildx reads os.LookupEnv."""
    world, sh = shell()
    assert sh.run("BUILDX_NO_DEFAULT_ATTESTATIONS=1").ok
    build(sh)
    assert image_of(world).attestation is not None
    assert sh.run("export BUILDX_NO_DEFAULT_ATTESTATIONS").ok
    build(sh)
    assert image_of(world).attestation is None
    assert sh.run("unset BUILDX_NO_DEFAULT_ATTESTATIONS").ok
    build(sh)
    assert image_of(world).attestation is not None


def test_explicit_provenance_wins_over_the_environment() -> None:
    """build/opt.go: the env variable is read only when no provenance attestation was asked for."""
    world, sh = shell()
    build(sh, "--provenance=true", prefix="BUILDX_NO_DEFAULT_ATTESTATIONS=1 ")
    assert image_of(world).attestation is not None
    build(sh, "--provenance=mode=min")
    assert image_of(world).attestation is not None


def test_bad_attestation_values_get_buildx_errors() -> None:
    """buildflags/attests.go UnmarshalText ("invalid value %s"), build/opt.go (invalid env value)."""
    _, sh = shell()
    r = sh.run("docker build --provenance=maybe .")
    assert (r.exit_code, r.stderr) == (1, ["ERROR: invalid value maybe"])
    r = sh.run("docker build --attest disabled=true .")
    assert r.stderr == ["ERROR: attestation type not specified"]
    r = sh.run("BUILDX_NO_DEFAULT_ATTESTATIONS=yes docker build .")
    assert r.stderr == [
        'ERROR: failed to build: invalid BUILDX_NO_DEFAULT_ATTESTATIONS: strconv.ParseBool: parsing "yes": '
        "invalid syntax"
    ]


# --------------------------------------------------------------------------- the classic store


def test_classic_never_attests_and_an_unchanged_rebuild_keeps_its_id() -> None:
    world, sh = shell("classic")
    first = sh.run(f"docker build -q -t {REF} .").stdout
    again = sh.run(f"docker build -q -t {REF} .").stdout
    image = image_of(world)
    assert image.attestation is None
    assert first == again == [image.config_digest]  # graphdriver: image ID = config digest
    assert BUILDX_NOT_SUPPORTED not in sh.run("docker build --provenance=false .").text


BUILDX_NOT_SUPPORTED = "Attestation is not supported for the docker driver."


@pytest.mark.parametrize("flag", ["--provenance=true", "--provenance=mode=max", "--attest type=provenance"])
def test_classic_refuses_an_explicit_attestation(flag: str) -> None:
    """buildx build/opt.go toSolveOpt: the docker driver without the containerd store lacks the
    MultiPlatform feature, so build/utils.go notSupported; commands/build.go wraps it in "failed to build"."""
    _, sh = shell("classic")
    r = sh.run(f"docker build {flag} .")
    assert r.exit_code == 1
    assert r.stderr == [
        "ERROR: failed to build: Attestation is not supported for the docker driver.",
        "Switch to a different driver, or turn on the containerd image store, and try again.",
        "Learn more at https://docs.docker.com/go/attestations/",
    ]


# --------------------------------------------------------------------------- the local store


def test_tree_hides_the_attestation_and_shows_the_platform_manifest() -> None:
    """docker/cli tree.go: attestation manifests are skipped; a child row is the platform image manifest
    (moby image_list.go multiPlatformSummary: ID = that manifest's digest)."""
    world, sh = shell()
    build(sh)
    image = image_of(world)
    rows = sh.run("docker image ls --tree").stdout
    assert rows[1].split()[:2] == [REF, short(image.manifest_digest)]
    assert rows[2].split()[:3] == ["└─", "linux/amd64", short(image.platform_digest)]
    assert len(rows) == 4 and rows[3] == ""
    assert "unknown" not in "\n".join(rows)


def test_image_inspect_shows_the_index_and_with_platform_the_image_manifest() -> None:
    """moby daemon/containerd/image_inspect.go: Id and Descriptor are the target (the index); with
    --platform they are the matching platform manifest; RepoDigests name the index digest."""
    world, sh = shell()
    build(sh)
    image = image_of(world)
    data = json.loads("\n".join(sh.run(f"docker image inspect {REF}").stdout))[0]
    assert data["Id"] == image.manifest_digest
    assert data["Descriptor"] == {
        "mediaType": OCI_INDEX,
        "digest": image.manifest_digest,
        "size": len(image.manifest_bytes),
    }
    assert data["RepoDigests"] == [f"localhost:5000/myapp1@{image.manifest_digest}"]
    fmt = "'{{.Id}} {{.Descriptor.mediaType}}'"
    assert sh.run(f"docker image inspect --platform linux/amd64 -f {fmt} {REF}").stdout == [
        f"{image.platform_digest} {OCI_MANIFEST}"
    ]
    r = sh.run(f"docker image inspect --platform linux/arm64 {REF}")
    assert r.exit_code == 1
    assert r.stderr[-1] == (
        f"Error response from daemon: image with reference {REF} was found but does not provide the "
        "specified platform (linux/arm64)"
    )


# --------------------------------------------------------------------------- push, pull, registry


def test_push_uploads_layers_and_attestation_blobs_and_prints_the_index_digest() -> None:
    """moby daemon/containerd/image_push.go: "<tag>: digest: <target digest> size: <target size>";
    progress.go showBlobProgress: the in-toto statement and the "{}" config are not manifests or image
    configs, so they get lines like layers."""
    world, sh = shell()
    build(sh)
    image = image_of(world)
    out = sh.run(f"docker push {REF}").stdout
    statement = image.attestation.statement_digest
    assert out[-1] == f"1.0: digest: {image.manifest_digest} size: {len(image.manifest_bytes)}"
    assert f"{short(statement)}: Pushed" in out
    assert f"{short(EMPTY_JSON_DIGEST)}: Pushed" in out
    repo = world.registry("localhost:5000").repository("myapp1")
    assert repo.tags == {"1.0": image.manifest_digest}
    assert set(repo.children) == {image.platform_digest, image.attestation.attestation_manifest.digest}


def test_a_repush_after_an_unchanged_rebuild_uploads_only_the_new_provenance() -> None:
    world, sh = shell()
    build(sh)
    sh.run(f"docker push {REF}")
    build(sh)
    image = image_of(world)
    out = sh.run(f"docker push {REF}").stdout
    pushed = [line for line in out if line.endswith(": Pushed")]
    assert pushed == [f"{short(image.attestation.statement_digest)}: Pushed"]
    # moby daemon/containerd/progress.go pushProgress: layers "Layer already exists"; the unchanged empty
    # config (application/vnd.oci.empty.v1+json, not a layer type) "Already exists"
    assert f"{short(EMPTY_JSON_DIGEST)}: Already exists" in out
    assert all(line.endswith("Layer already exists") for line in out[1:-1] if line not in pushed
               and not line.startswith(short(EMPTY_JSON_DIGEST)))
    assert out[-1].startswith(f"1.0: digest: {image.manifest_digest} ")


def test_a_repush_says_already_exists_for_the_build_records_blobs_not_layer_already_exists() -> None:
    """moby daemon/containerd/progress.go pushProgress.UpdateProgress: a blob the registry has says
    "Layer already exists" only if c8dimages.IsLayerType(j.MediaType), else "Already exists"; the
    attestation manifest's "{}" config (application/vnd.oci.empty.v1+json) and its in-toto statement
    (application/vnd.in-toto+json) are not layer types, yet showBlobProgress shows them (default case)."""
    world, sh = shell()
    build(sh)
    sh.run(f"docker push {REF}")
    image = image_of(world)
    out = sh.run(f"docker push {REF}").stdout
    record = {short(EMPTY_JSON_DIGEST), short(image.attestation.statement_digest)}
    assert sorted(line for line in out if line.split(":")[0] in record) == sorted(
        f"{lid}: Already exists" for lid in record
    )
    layer_lines = [line for line in out[1:-1] if line.split(":")[0] not in record]
    assert layer_lines and all(line.endswith(": Layer already exists") for line in layer_lines)


def test_pull_digest_is_the_index_digest_and_a_pull_by_the_inner_digest_gets_the_image() -> None:
    world, sh = shell()
    build(sh)
    image = image_of(world)
    sh.run(f"docker push {REF}")
    sh.run(f"docker rmi {REF}")
    out = sh.run(f"docker pull {REF}").stdout
    assert f"Digest: {image.manifest_digest}" in out
    assert image_of(world).manifest_digest == image.manifest_digest
    out = sh.run(f"docker pull localhost:5000/myapp1@{image.platform_digest}").stdout
    assert f"Digest: {image.platform_digest}" in out
    assert world.machine.store.images[image.platform_digest].attestation is None


def test_registry_serves_an_index_only_to_clients_that_accept_it() -> None:
    """distribution v3.1 registry/handlers/manifests.go GetManifest: an OCI index to a client without
    the index media type in Accept is MANIFEST_UNKNOWN "OCI index found, but accept header does not
    support OCI indexes" (release/2.8 served it to such clients instead)."""
    world, sh = shell()
    build(sh)
    sh.run(f"docker push {REF}")
    image = image_of(world)
    path = "/v2/myapp1/manifests/1.0"
    for accept in ((), ("*/*",), (OCI_MANIFEST,), ("application/vnd.docker.distribution.manifest.v2+json",)):
        r = get(world, path, *accept)
        assert r.status == 404
        assert json.loads(r.body) == {
            "errors": [
                {"code": "MANIFEST_UNKNOWN", "message": "OCI index found, but accept header does not support OCI indexes"}
            ]
        }
    r = get(world, path, f"{OCI_MANIFEST}, {OCI_INDEX}")
    assert r.status == 200
    assert r.body == image.manifest_bytes
    assert r.header("Content-Type") == OCI_INDEX
    assert r.header("Docker-Content-Digest") == image.manifest_digest
    head = get(world, path, OCI_INDEX, method="HEAD")
    assert (head.status, head.body, head.header("Content-Length")) == (200, b"", str(len(image.manifest_bytes)))


def test_registry_serves_the_manifests_inside_and_the_attestation_blobs_by_digest() -> None:
    world, sh = shell()
    build(sh)
    sh.run(f"docker push {REF}")
    image = image_of(world)
    att = image.attestation
    r = get(world, f"/v2/myapp1/manifests/{image.platform_digest}", OCI_MANIFEST)
    assert (r.status, r.body) == (200, image.platform_manifest_bytes)
    r = get(world, f"/v2/myapp1/manifests/{att.attestation_manifest.digest}", OCI_MANIFEST)
    assert (r.status, r.body) == (200, att.attestation_manifest.data)
    r = get(world, f"/v2/myapp1/manifests/{att.attestation_manifest.digest}")
    assert r.status == 404  # still an OCI manifest: the Accept rule applies
    assert get(world, f"/v2/myapp1/blobs/{att.statement_digest}").body == att.statement
    assert get(world, f"/v2/myapp1/blobs/{EMPTY_JSON_DIGEST}").body == b"{}"


def test_curl_sees_the_same_index_answers() -> None:
    world, sh = shell()
    build(sh)
    sh.run(f"docker push {REF}")
    image = image_of(world)
    r = sh.run(f"curl -s -H 'Accept: {OCI_INDEX}' http://localhost:5000/v2/myapp1/manifests/1.0")
    assert "\n".join(r.stdout) == image.manifest_bytes.decode()


def test_deleting_the_index_leaves_its_children_until_gc_and_gc_marks_through_a_tagged_index() -> None:
    """distribution v3.1 registry/storage/garbagecollect.go: every manifest revision is enumerated in
    digest order; markManifestReferences marks an index's manifests ("marking blob", they are blobs too)
    and walks into them; with --delete-untagged an untagged child is kept when a tagged index marked it."""
    world, sh = shell()
    build(sh)
    sh.run(f"docker push {REF}")
    old = image_of(world)
    build(sh)
    sh.run(f"docker push {REF}")
    new = image_of(world)
    r = sh.run("registry garbage-collect --delete-untagged /etc/distribution/config.yml")
    lines = r.stdout
    marked = lines.index(f"myapp1: marking manifest {new.manifest_digest} ")
    assert lines[marked + 1] == f"myapp1: marking blob {new.platform_digest}"
    assert lines[marked + 2] == f"myapp1: marking blob {new.config_digest}"
    eligible = [line for line in lines if line.startswith("manifest eligible for deletion")]
    assert eligible == sorted(
        f"manifest eligible for deletion: {{myapp1 {d} [1.0]}}"
        for d in (old.manifest_digest, old.attestation.attestation_manifest.digest)
    )
    assert f"blob eligible for deletion: {old.attestation.statement_digest}" in lines
    repo = world.registry("localhost:5000").repository("myapp1")
    assert list(repo.manifests) == [new.manifest_digest]
    assert new.platform_digest in repo.children  # shared by both indexes, marked through the tagged one
    # a delete by digest removes that revision only (v3 DeleteManifest): the children stay
    assert sh.run(f"curl -s -X DELETE http://localhost:5000/v2/myapp1/manifests/{new.manifest_digest}").ok
    assert repo.manifests == {} and new.platform_digest in repo.children
    r = get(world, f"/v2/myapp1/manifests/{new.platform_digest}", OCI_MANIFEST)
    assert r.status == 200


def test_manifest_inspect_prints_an_index_as_docker_cli_rebuilds_it() -> None:
    """docker/cli cli/command/manifest/inspect.go printManifestList via the distribution v2.8 client
    (manifestlist.FromDescriptors: three-space indent, mediaType/size/digest/platform, no annotations);
    fetcher.go pullManifestList fetches every listed manifest, the attestation included."""
    world, sh = shell()
    build(sh)
    sh.run(f"docker push {REF}")
    image = image_of(world)
    att = image.attestation.attestation_manifest
    out = sh.run(f"docker manifest inspect --insecure {REF}").stdout
    assert json.loads("\n".join(out)) == {
        "schemaVersion": 2,
        "mediaType": OCI_INDEX,
        "manifests": [
            {
                "mediaType": OCI_MANIFEST,
                "size": len(image.platform_manifest_bytes),
                "digest": image.platform_digest,
                "platform": {"architecture": "amd64", "os": "linux"},
            },
            {
                "mediaType": OCI_MANIFEST,
                "size": att.size,
                "digest": att.digest,
                "platform": {"architecture": "unknown", "os": "unknown"},
            },
        ],
    }
    assert out[1] == '   "schemaVersion": 2,'
    verbose = json.loads("\n".join(sh.run(f"docker manifest inspect -v --insecure {REF}").stdout))
    assert [m["Ref"] for m in verbose] == [f"{REF}@{image.platform_digest}", f"{REF}@{att.digest}"]
    assert base64.b64decode(verbose[1]["Raw"]) == att.data
    assert verbose[1]["OCIManifest"]["artifactType"] == "application/vnd.docker.attestation.manifest.v1+json"


# --------------------------------------------------------------------------- saving, explaining


def test_world_json_round_trips_indexes_in_stores_and_registries() -> None:
    world, sh = shell()
    build(sh)
    sh.run(f"docker push {REF}")
    build(sh)
    data = json.loads(json.dumps(world.to_dict()))
    again = World.from_dict(data)
    assert again.to_dict() == data
    image = image_of(again)
    assert image == image_of(world)
    repo = again.registry("localhost:5000").repository("myapp1")
    assert set(repo.children) == set(world.registry("localhost:5000").repository("myapp1").children)


def test_explain_names_the_boxed_set_and_its_build_record() -> None:
    world, sh = shell()
    build(sh)
    build(sh)
    text = "\n".join(sh.run("explain").stdout)
    image = image_of(world)
    assert f"new boxed set {short(image.manifest_digest, 8)}" in text
    assert f"edition inside ({short(image.platform_digest, 8)})" in text
    sh.run(f"docker push {REF}")
    text = "\n".join(sh.run("explain").stdout)
    assert "A page of the build record" in text
    assert f"Boxed set {short(image.manifest_digest, 8)} (edition {short(image.platform_digest, 8)}" in text


def test_help_says_which_docker_it_follows_and_what_is_simplified() -> None:
    _, sh = shell()
    text = "\n".join(sh.run("help docker").stdout)
    assert "Docker 29.7" in text and "Distribution v3.1" in text
    assert "single-platform" in text and "abbreviated" in text


def test_classic_tree_has_no_platform_rows() -> None:
    """moby daemon/images/image_list.go (graphdriver) fills no Manifests, so docker/cli tree.go has no
    children to print under an image (and no spacing lines)."""
    world, sh = shell("classic")
    build(sh)
    sh.run("docker tag localhost:5000/myapp1:1.0 other:1")
    rows = sh.run("docker images --tree").stdout
    assert [row.split()[0] for row in rows[1:]] == ["localhost:5000/myapp1:1.0", "other:1"]


def test_buildx_imagetools_inspect_lists_the_index_with_its_platforms_and_annotations() -> None:
    """buildx util/imagetools/printers.go Print and printManifestList (text/tabwriter, padding 1; the
    writer is flushed before a manifest's annotations, which get their own alignment)."""
    world, sh = shell()
    build(sh)
    sh.run(f"docker push {REF}")
    image = image_of(world)
    att = image.attestation.attestation_manifest.digest
    out = sh.run(f"docker buildx imagetools inspect {REF}").stdout
    assert out == [
        f"Name:      {REF}",
        f"MediaType: {OCI_INDEX}",
        f"Digest:    {image.manifest_digest}",
        "           ",
        "Manifests: ",
        f"  Name:        {REF}@{image.platform_digest}",
        f"  MediaType:   {OCI_MANIFEST}",
        "  Platform:    linux/amd64",
        "               ",
        f"  Name:        {REF}@{att}",
        f"  MediaType:   {OCI_MANIFEST}",
        "  Platform:    unknown/unknown",
        "  Annotations: ",
        f"    vnd.docker.reference.digest: {image.platform_digest}",
        "    vnd.docker.reference.type:   attestation-manifest",
    ]
    assert sh.run(f"docker buildx imagetools inspect --raw {REF}").stdout == image.manifest_bytes.decode().split("\n")
    r = sh.run("docker buildx imagetools inspect localhost:5000/myapp1:9.9")
    assert (r.exit_code, r.stderr) == (1, ["ERROR: localhost:5000/myapp1:9.9: not found"])


def test_buildx_imagetools_inspect_of_a_plain_manifest_prints_the_header_only() -> None:
    world, sh = shell()
    build(sh, "--provenance=false")
    sh.run(f"docker push {REF}")
    image = image_of(world)
    assert sh.run(f"docker buildx imagetools inspect {REF}").stdout == [
        f"Name:      {REF}",
        f"MediaType: {OCI_MANIFEST}",
        f"Digest:    {image.manifest_digest}",
    ]


def test_a_pull_brings_the_attestation_along_with_lines_for_its_blobs() -> None:
    """moby daemon/containerd/image_pull.go referrersForPull fetches the attestation manifest of the
    pulled platform; progress.go gives its blobs lines ("Download complete": they are not unpacked)."""
    world, sh = shell()
    world.add_team_registry(tls=True)
    team = f"{TEAM_REGISTRY}/myapp1:1.0"
    build(sh, tag=team)
    assert sh.run(f"docker push {team}").ok
    image = image_of(world, team)
    world.add_machine("server")
    world.current = "server"
    out = sh.run(f"docker pull {team}").stdout
    statement = image.attestation.statement_digest
    at = out.index(f"Digest: {image.manifest_digest}")
    assert out[1:at] == [f"{short(layer.digest)}: Pull complete" for layer in image.layers] + [
        f"{short(EMPTY_JSON_DIGEST)}: Download complete",
        f"{short(statement)}: Download complete",
    ]


def test_an_untagged_build_is_named_moby_dangling_at_its_index_digest() -> None:
    """moby daemon/internal/builder-next/exporter/wrapper.go sets dangling-name-prefix "moby-dangling";
    buildkit exporter/containerimage/export.go then names the result prefix@digest."""
    world, sh = shell()
    r = sh.run("docker build .")
    [image] = world.machine.store.images.values()
    assert f"#8 naming to moby-dangling@{image.manifest_digest} done" in r.stderr
    assert f"#8 unpacking to moby-dangling@{image.manifest_digest} done" in r.stderr
    _, classic = shell("classic")
    assert not [line for line in classic.run("docker build .").stderr if "naming to" in line]


def test_min_provenance_leaves_out_build_arguments() -> None:
    """buildkit solver/llbsolver/provenance.go scrubMinRequest drops build-arg: and label: entries."""
    world, sh = shell()
    build(sh, "--build-arg SECRET_TOKEN=abc --label team=blue")
    statement = image_of(world).attestation.statement.decode()
    assert "SECRET_TOKEN" not in statement and "build-arg:" not in statement and "label:" not in statement
