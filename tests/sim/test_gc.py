"""`registry garbage-collect`: MarkAndSweep's output line for line, and what it removes."""

from __future__ import annotations

import pytest

from tutor.sim import events as ev
from tutor.sim.content import Image, Layer, make_image
from tutor.sim.registry import Registry
from tutor.sim.registry_api import Request, serve
from tutor.sim.shell import PROGRAMS, Shell, _lazy
from tutor.sim.shell.registry_cmd import GC_USAGE, ROOT_USAGE, mark_and_sweep
from tutor.sim.world import World

CONFIG = "/etc/distribution/config.yml"
LAYER_A = Layer.from_description({"layer": "a"}, 100)
LAYER_B = Layer.from_description({"layer": "b"}, 200)
LAYER_C = Layer.from_description({"layer": "c"}, 300)


@pytest.fixture(autouse=True)
def _registry_program(monkeypatch: pytest.MonkeyPatch) -> None:
    # the lead registers `registry` in PROGRAMS; until then the tests do it themselves
    monkeypatch.setitem(PROGRAMS, "registry", _lazy("tutor.sim.shell.registry_cmd", "registry"))


def image(*layers: Layer, n: int = 0) -> Image:
    config = {"architecture": "amd64", "os": "linux", "config": {"Cmd": [f"app{n}"]}}
    return make_image(layers=layers, config=config, created=n, classic=False)


def push(registry: Registry, path: str, img: Image, tag: str) -> Image:
    out: list[ev.Event] = []
    for layer in img.layers:
        registry.upload_blob(path, layer.digest, layer.size, out)
    registry.upload_blob(path, img.config_digest, len(img.config_bytes), out)
    registry.put_manifest(path, img, tag, out)
    return img


def docs_example() -> tuple[Registry, Image, Image]:
    """garbage-collection.md: manifest A -> layers a, b; manifest B -> layers a, c."""
    registry = Registry("localhost:5000")
    a = push(registry, "hello-world", image(LAYER_A, LAYER_B, n=1), "a")
    b = push(registry, "hello-world", image(LAYER_A, LAYER_C, n=2), "b")
    return registry, a, b


def marking(repo: str, img: Image, *blobs: str) -> list[str]:
    return [f"{repo}: marking manifest {img.manifest_digest} ", *(f"{repo}: marking blob {b}" for b in blobs)]


def test_nothing_to_collect_marks_every_manifest_and_blob_once() -> None:
    registry, a, b = docs_example()
    first, second = sorted([a, b], key=lambda i: i.manifest_digest)
    res = mark_and_sweep(registry, dry_run=True)
    expected = [
        "hello-world",
        *marking("hello-world", first, first.config_digest, *(layer.digest for layer in first.layers)),
    ]
    expected += marking(
        "hello-world",
        second,
        second.config_digest,
        *(layer.digest for layer in second.layers if layer is not LAYER_A),
    )
    expected += ["", "7 blobs marked, 0 blobs and 0 manifests eligible for deletion"]
    assert res.lines == expected
    assert res.events == []


def test_deleted_manifest_is_swept_with_its_own_layer_but_not_the_shared_one() -> None:
    registry, a, b = docs_example()
    out: list[ev.Event] = []
    assert registry.delete_manifest("hello-world", b.manifest_digest, out)
    res = mark_and_sweep(registry)
    eligible = sorted([b.manifest_digest, b.config_digest, LAYER_C.digest])
    assert res.lines == [
        "hello-world",
        *marking("hello-world", a, a.config_digest, LAYER_A.digest, LAYER_B.digest),
        "",
        "4 blobs marked, 3 blobs and 0 manifests eligible for deletion",
        *(f"blob eligible for deletion: {d}" for d in eligible),
        *(
            f"hello-world: layer link eligible for deletion: {d}"
            for d in sorted([b.config_digest, LAYER_C.digest])
        ),
    ]
    assert res.events == [ev.BlobDeleted("localhost:5000", d) for d in eligible]
    assert LAYER_A.digest in registry.blobs and LAYER_C.digest not in registry.blobs
    assert registry.repository("hello-world").blobs == {a.config_digest, LAYER_A.digest, LAYER_B.digest}


def test_dry_run_prints_the_same_and_changes_nothing() -> None:
    registry, _, b = docs_example()
    registry.delete_manifest("hello-world", b.manifest_digest, [])
    before = registry.clone()
    dry = mark_and_sweep(registry, dry_run=True)
    assert registry.blobs == before.blobs and dry.events == []
    assert dry.lines == mark_and_sweep(registry).lines


def test_plain_gc_keeps_an_untagged_manifest_but_delete_untagged_removes_it() -> None:
    registry = Registry("localhost:5000")
    old = push(registry, "myapp1", image(LAYER_A, LAYER_B, n=1), "latest")
    new = push(registry, "myapp1", image(LAYER_A, LAYER_C, n=2), "latest")  # moves latest; old is untagged
    assert mark_and_sweep(registry, dry_run=True).lines[-1] == (
        "7 blobs marked, 0 blobs and 0 manifests eligible for deletion"
    )
    res = mark_and_sweep(registry, delete_untagged=True)
    assert res.lines[:2] == ["myapp1", f"myapp1: marking manifest {new.manifest_digest} "]
    assert f"manifest eligible for deletion: {{myapp1 {old.manifest_digest} [latest]}}" in res.lines
    assert "4 blobs marked, 3 blobs and 1 manifests eligible for deletion" in res.lines
    assert res.events[0] == ev.ManifestDeleted("localhost:5000", "myapp1", old.manifest_digest)
    assert old.manifest_digest not in registry.repository("myapp1").manifests
    r = serve(registry, Request("GET", f"/v2/myapp1/manifests/{old.manifest_digest}"), clock=0)
    assert r.status == 404


def test_untagged_here_but_marked_elsewhere_is_not_deleted() -> None:
    registry = Registry("localhost:5000")
    img = push(registry, "myapp1", image(LAYER_A, n=1), "1.0")
    push(registry, "myapp2", img, "1.0")
    registry.delete_tag("myapp1", "1.0", [])
    res = mark_and_sweep(registry, delete_untagged=True)
    assert not any(line.startswith("manifest eligible") for line in res.lines)
    assert "3 blobs marked, 0 blobs and 0 manifests eligible for deletion" in res.lines
    assert img.manifest_digest in registry.repository("myapp1").manifests
    # Go quirk kept: myapp1's links were checked before myapp2 marked the blobs, so they go
    assert res.lines[-2:] == [
        f"myapp1: layer link eligible for deletion: {d}" for d in sorted([img.config_digest, LAYER_A.digest])
    ]
    assert registry.repository("myapp1").blobs == set()


def test_quiet_prints_nothing_but_still_collects() -> None:
    registry, _, b = docs_example()
    registry.delete_manifest("hello-world", b.manifest_digest, [])
    res = mark_and_sweep(registry, quiet=True)
    assert res.lines == [] and len(res.events) == 3


# --- the registry program -------------------------------------------------------------------------


def test_garbage_collect_through_the_shell_after_a_curl_delete() -> None:
    world = World.default()
    registry = world.registry("localhost:5000")
    a = push(registry, "myapp1", image(LAYER_A, LAYER_B, n=1), "1.0")
    shell = Shell(world)
    assert shell.run(f"curl -X DELETE localhost:5000/v2/myapp1/manifests/{a.manifest_digest}").exit_code == 0
    r = shell.run(f"registry garbage-collect {CONFIG}")
    assert r.exit_code == 0 and r.stderr == []
    assert r.stdout[:3] == ["myapp1", "", "0 blobs marked, 4 blobs and 0 manifests eligible for deletion"]
    assert [e.kind for e in r.events] == ["BlobDeleted"] * 4
    assert registry.blobs == {}
    # the repository stays in the catalog, with no tags
    assert shell.run("curl localhost:5000/v2/_catalog").stdout == ['{"repositories":["myapp1"]}']


def test_flags_short_and_long() -> None:
    world = World.default()
    push(world.registry("localhost:5000"), "myapp1", image(LAYER_A, n=1), "1.0")
    shell = Shell(world)
    assert shell.run(f"registry garbage-collect -q {CONFIG}").output == []
    dry = shell.run(f"registry garbage-collect --dry-run --delete-untagged {CONFIG}")
    assert dry.stdout[-1] == "3 blobs marked, 0 blobs and 0 manifests eligible for deletion"
    assert shell.run(f"registry garbage-collect {CONFIG} -dm").exit_code == 0


def test_missing_config_path() -> None:
    r = Shell(World.default()).run("registry garbage-collect")
    assert r.exit_code == 1
    assert r.stderr == ["configuration error: configuration path unspecified", *GC_USAGE]


def test_config_file_that_does_not_exist() -> None:
    r = Shell(World.default()).run("registry garbage-collect /etc/docker/registry/config.yml")
    assert r.exit_code == 1
    assert (
        r.stderr[0] == "configuration error: open /etc/docker/registry/config.yml: no such file or directory"
    )


def test_unknown_flag_and_command() -> None:
    shell = Shell(World.default())
    r = shell.run(f"registry garbage-collect --force {CONFIG}")
    assert (r.exit_code, r.stderr) == (1, ["Error: unknown flag: --force", *GC_USAGE, ""])
    r = shell.run("registry gc")
    assert r.stderr == ['Error: unknown command "gc" for "registry"', "Run 'registry --help' for usage."]


def test_usage_version_and_help() -> None:
    shell = Shell(World.default())
    bare = shell.run("registry")
    assert (bare.exit_code, bare.stderr) == (0, ROOT_USAGE)
    assert shell.run("registry --version").stdout == [
        "registry github.com/distribution/distribution/v3 3.1.1"
    ]
    assert shell.run("registry garbage-collect --help").stdout == [
        "`garbage-collect` deletes layers not referenced by any manifests",
        "",
        *GC_USAGE,
    ]
    assert "not simulated" in shell.run(f"registry serve {CONFIG}").stderr[0]
