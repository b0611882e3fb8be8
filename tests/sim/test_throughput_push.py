"""The push shortcuts the 5,000-command benchmark needed (benchmarks/bench_shell.py, sixth pass) answer as the long way.

``transfer.push_image`` no longer goes blob by blob through ``_push_blob``/``Registry.blob_in``, re-making
each attestation event with ``record=True`` and noting every blob's source in a second loop; it keeps the
"Layer already exists" events per repository and blob, makes its per-blob results only when read, and
``Registry.put_manifest`` searches the tags newest first. ``docker push`` keeps its parsed target per text.
Each test here holds a fast path against the general code it replaced (written out below as it was), or
runs the same commands with the caches cold and warm. Nothing is cached on the world.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tutor.sim.shell.docker as docker_cli
from tests.sim.test_push_pull import BASE, add_local, app_image
from tutor.sim import events as ev
from tutor.sim import reference, transfer
from tutor.sim.content import Image, Layer, attest, make_image
from tutor.sim.errors import SimError
from tutor.sim.journal import Journal, undo_entries
from tutor.sim.registry import Registry, Repository
from tutor.sim.shell import Shell
from tutor.sim.workspace import Workspace
from tutor.sim.world import World

REG = "localhost:5000"
TEAM = "registry.team.lan:5000"


@pytest.fixture(autouse=True)
def _all_docker_commands() -> None:
    docker_cli.command_table()


def clear_caches() -> None:
    """Every cache the push fast paths keep, emptied."""
    from tutor.sim.shell.docker import context, push_pull

    transfer._EXISTING.clear()
    transfer._SKIPPED.clear()
    transfer._skipped_count = 0
    push_pull._TARGETS.clear()
    context._parse.cache_clear()


# --- the general way, as transfer.push_image and Registry.put_manifest were written before ---------


def _as_record(e: ev.Event) -> ev.Event:
    if isinstance(e, (ev.BlobPushed, ev.BlobSkipped, ev.BlobMounted)):
        record = object.__new__(type(e))
        record.__dict__.update(e.__dict__, record=True)
        return record
    return e


def _put_manifest_the_long_way(registry: Registry, path: str, image: Image, tag: str, out: list) -> None:
    repo = registry.repositories.get(path)
    if repo is None:
        repo = registry.repositories[path] = Repository()
        out.append(ev.RepositoryCreated(registry.host, path))
    for child in image.children():
        repo.children.setdefault(child.digest, image)
        registry.blobs[child.digest] = child.size
    digest = image.manifest_digest
    new = digest not in repo.manifests
    if new:
        repo.manifests[digest] = image
    registry.blobs[digest] = image.manifest_size
    out.append(ev.ManifestPushed(registry.host, path, digest, new, image.platform_digest if image.is_index else ""))
    old = repo.tags.get(tag)
    if old == digest:
        return
    repo.tags[tag] = digest
    if old is None:
        out.append(ev.RegistryTagAdded(registry.host, path, tag, digest))
        return
    out.append(ev.RegistryTagMoved(registry.host, path, tag, old, digest))
    if old not in repo.tags.values():
        out.append(ev.ManifestUntagged(registry.host, path, old))


def push_the_long_way(store, registry: Registry, path: str, image: Image, tag: str, *, digest_ref_as=None):
    """Blob by blob: skipped, mounted from a repository the machine knows has it, or uploaded; then the
    attestation's events re-made with record=True, the manifest and tag, and every blob's source noted."""
    out: list[ev.Event] = []

    def push_blob(blob: str, size: int, config: bool = False) -> transfer.BlobResult:
        if registry.blob_in(path, blob):
            out.append(ev.BlobSkipped(registry.host, path, blob, config))
            return transfer.BlobResult(blob, transfer.EXISTS)
        for source in transfer._mount_candidates(store, registry, path, blob):
            if registry.mount_blob(path, blob, source, out, config):
                return transfer.BlobResult(blob, transfer.MOUNTED, source)
        registry.upload_blob(path, blob, size, out, config)
        return transfer.BlobResult(blob, transfer.PUSHED)

    config = push_blob(image.config_digest, len(image.config_bytes), config=True)
    layers = [(layer, push_blob(layer.digest, layer.size)) for layer in image.layers]
    start = len(out)
    extras = [push_blob(blob, size) for blob, size in image.extra_blobs()]
    out[start:] = [_as_record(e) for e in out[start:]]
    _put_manifest_the_long_way(registry, path, image, tag, out)
    for blob in image.blob_digests():
        store.note_blob_source(blob, registry.host, path)
    if digest_ref_as is not None:
        store.add_digest_ref(digest_ref_as, image.manifest_digest)
    return config, layers, out, extras


# --- worlds to push from -------------------------------------------------------------------------


def images_for(world: World) -> list[Image]:
    """Apps sharing python's layers, two versions of one app, an image listing one layer twice, python
    itself; on the current profile the apps are attested as `docker build` makes them (an index whose
    attestation's blobs are pushed too: the "{}" config every build shares, and a statement of its own)."""
    classic = world.profile == "classic"
    twice = Layer.from_description({"twice": True}, 77)
    odd = make_image(layers=(*BASE.layers, twice, twice), config={"architecture": "amd64", "os": "linux"},
                     created=world.clock, classic=classic)
    apps = [app_image(world, 1), app_image(world, 1, "2.0"), app_image(world, 2)]
    if not classic:
        apps = [attest(image, b'{"app": %d}' % i) for i, image in enumerate(apps)]
    return [*apps, odd, BASE]


PUSH = st.tuples(
    st.integers(0, 4),  # which image
    st.sampled_from([REG, TEAM]),  # which registry
    st.sampled_from(["myapp1", "myapp2", "team/app"]),  # which repository
    st.sampled_from(["1.0", "2.0", "latest"]),  # which tag
)
STEP = st.one_of(PUSH, st.tuples(st.just("lose"), st.sampled_from([REG, TEAM]), st.sampled_from(["myapp1", "myapp2"])))


def run_steps(world: World, steps: list[tuple], push) -> list[tuple]:
    """Apply the steps (pushes, and a repository losing its blobs as garbage collection would) with ``push``;
    what each push answered, its per-blob results read after the push."""
    images = images_for(world)
    store = world.machine.store
    answers = []
    for step in steps:
        if step[0] == "lose":
            repo = world.registries[step[1]].repositories.get(step[2])
            if repo is not None:
                repo.blobs.clear()
            continue
        n, host, path, tag = step
        digest_ref_as = f"{host}/{path}" if world.profile == "classic" else None
        outcome = push(store, world.registries[host], path, images[n], tag, digest_ref_as=digest_ref_as)
        if isinstance(outcome, transfer.PushOutcome):
            outcome = (outcome.config, outcome.layers, outcome.events, outcome.extras)
        config, layers, events, extras = outcome
        answers.append((config, layers, [repr(e) for e in events], events, extras))
    return answers


def fresh_world(profile: str) -> World:
    world = World.default(profile)
    world.add_team_registry(tls=True)
    return world


def saved(world: World) -> str:
    return json.dumps(world.to_dict(), sort_keys=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["current", "classic"]), st.lists(STEP, min_size=1, max_size=12), st.booleans())
def test_push_image_answers_and_changes_the_world_as_the_blob_by_blob_way(profile, steps, cold) -> None:
    """Events (equal and with the same repr), each blob's result (pushed, mounted from where, already
    there), and the world afterwards (saved, blob sources included), for any run of pushes: new and
    repeated ones, mounts, a source that lost its blobs, a layer listed twice, attested or not."""
    if cold:
        clear_caches()
    long_world, fast_world = fresh_world(profile), fresh_world(profile)
    expected = run_steps(long_world, steps, push_the_long_way)
    assert run_steps(fast_world, steps, transfer.push_image) == expected
    assert saved(fast_world) == saved(long_world)
    assert fast_world.machine.store.blob_sources == long_world.machine.store.blob_sources


@pytest.mark.parametrize("profile", ["current", "classic"])
def test_a_journaled_push_is_undone_to_the_world_before_it(profile: str) -> None:
    """The blob sources noted inside the push loop, the kept skip events and the shared (registry,
    repository) pair are journaled like any change: undo gives back the world before the pushes."""
    world = fresh_world(profile)
    steps = [(0, REG, "myapp1", "1.0"), (2, REG, "myapp2", "1.0"), (1, REG, "myapp1", "latest")]
    run_steps(world, steps[:1], transfer.push_image)
    before = saved(world)
    journal = Journal()
    journal.attach(world)
    run_steps(world, steps[1:] + steps, transfer.push_image)
    assert not journal.opaque
    undo_entries(journal.take())
    assert saved(world) == before


def test_a_kept_skip_event_is_the_event_a_fresh_push_makes() -> None:
    """The same BlobSkipped (config, layer, attestation blob) whether kept from an earlier push or made
    now, and the kept ones never carry one repository's name into another's events."""
    shell = Shell(fresh_world("current"))
    lines = ["docker build -q -t localhost:5000/myapp1 ~/myapp1", "docker push -q localhost:5000/myapp1",
             "docker tag localhost:5000/myapp1 localhost:5000/myapp2", "docker push -q localhost:5000/myapp2"]
    for line in lines:
        shell.run(line)
    warm = [shell.run(line).events for line in lines[1::2]]
    clear_caches()
    cold = [shell.run(line).events for line in lines[1::2]]
    assert [[repr(e) for e in r] for r in warm] == [[repr(e) for e in r] for r in cold]
    assert {e.repository for e in warm[1]} == {"myapp2"}
    assert any(e.config for e in warm[0]) and any(e.record for e in warm[0])


def test_the_kept_skip_events_are_bounded() -> None:
    clear_caches()
    world = fresh_world("current")
    image = images_for(world)[0]
    store, registry = world.machine.store, world.registries[REG]
    transfer.push_image(store, registry, "myapp1", image, "1.0")
    for i in range(transfer._SKIPPED_MAX + 10):
        transfer._kept(REG, f"repo{i}")
    assert transfer._skipped_count <= transfer._SKIPPED_MAX
    again = transfer.push_image(store, registry, "myapp1", image, "1.0")
    assert [e.kind for e in again.events].count("BlobSkipped") == len(image.blob_digests())


# --- Registry.put_manifest: the tag search ----------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "latest"]), st.integers(0, 3)), min_size=1, max_size=20))
def test_moving_a_tag_untags_the_old_manifest_exactly_when_no_other_tag_names_it(moves) -> None:
    """ManifestUntagged after a move looks at the tags newest first; the answer is the whole search's."""
    world = World.default()
    images = [app_image(world, 1, f"{v}.0") for v in range(4)]
    fast, slow = Registry(REG), Registry(REG)
    for tag, n in moves:
        out_fast: list = []
        out_slow: list = []
        fast.put_manifest("app", images[n], tag, out_fast)
        _put_manifest_the_long_way(slow, "app", images[n], tag, out_slow)
        assert out_fast == out_slow
    assert fast.repositories["app"].tags == slow.repositories["app"].tags


# --- docker push: the target kept per text -------------------------------------------------------

TEXTS = ["localhost:5000/myapp1", "localhost:5000/myapp1:1.0", "localhost:5000/myapp1@sha256:" + "a" * 64,
         "localhost:5000/myapp1:1.0@sha256:" + "a" * 64, "Bad/Name", "myapp1", "localhost:5000/MyApp:1",
         "a" * 64, "", "localhost:5000/myapp1:bad:tag"]


@pytest.mark.parametrize("all_tags", [False, True])
@pytest.mark.parametrize("text", TEXTS)
def test_the_kept_push_target_is_what_parsing_the_text_gives_every_time(text: str, all_tags: bool) -> None:
    from tutor.sim.shell.docker import push_pull

    def target():
        try:
            return push_pull._push_target(text, all_tags)
        except SimError as exc:
            return type(exc), str(exc)

    clear_caches()
    first = target()
    assert target() == first  # kept (or, an error, raised again)
    try:
        expected = push_pull._parse_target(text, all_tags)
    except SimError as exc:
        expected = type(exc), str(exc)
    assert first == expected
    if not isinstance(first[0], type):
        ref = reference.parse(text)
        assert first[2:] == (first[0].name, str(first[0]))
        assert first[1] == (not all_tags and ref.is_name_only())


@pytest.mark.parametrize("profile", ["current", "classic"])
def test_push_lines_answer_the_same_with_the_caches_cold_or_warm(profile: str) -> None:
    lines = [
        "docker build -q -t localhost:5000/myapp1:latest ~/myapp1",
        "docker push localhost:5000/myapp1",
        "docker push -q localhost:5000/myapp1",
        "docker push -a localhost:5000/myapp1",
        "docker push -a localhost:5000/myapp1:latest",
        "docker push localhost:5000/myapp1@sha256:" + "a" * 64,
        "docker push localhost:5000/MyApp1",
        "docker push --platform linux/arm64 localhost:5000/myapp1",
        "docker tag localhost:5000/myapp1 localhost:5000/myapp2:1.0",
        "docker push -q localhost:5000/myapp2:1.0",
        "docker push localhost:5000/myapp2:1.0",
        "docker push localhost:5000/nosuch:1.0",
        "docker push localhost:5001/myapp1",
    ]

    def transcript() -> list:
        shell = Shell(World.default(profile))
        shell.run("docker build -q -t localhost:5000/myapp1:latest ~/myapp1")
        return [(r.output, r.exit_code, [repr(e) for e in r.events]) for line in lines for r in [shell.run(line)]]

    clear_caches()
    cold = transcript()
    assert transcript() == cold


def without_bookkeeping(text: str) -> dict:
    """A saved world without the clock and the typed history (they move on every command)."""
    data = json.loads(text)
    data.pop("clock")
    for machine in data["machines"].values():
        machine.pop("history")
    return data


def test_undo_and_redo_of_pushes_leave_the_world_a_fresh_replay_makes() -> None:
    lines = ["docker build -q -t localhost:5000/myapp1 ~/myapp1", "docker push -q localhost:5000/myapp1",
             "docker tag localhost:5000/myapp1 localhost:5000/myapp1:1.0", "docker push -q localhost:5000/myapp1:1.0",
             "echo 'print(2)' > ~/myapp1/app.py", "docker build -q -t localhost:5000/myapp1 ~/myapp1",
             "docker push -q localhost:5000/myapp1"]
    ws = Workspace(World.default())
    for line in lines:
        ws.run(line)
    after = saved(ws.world)
    for _ in range(4):
        ws.undo()
    replay = Shell(World.default())
    for line in lines[:3]:
        replay.run(line)
    assert saved(ws.world) == saved(replay.world)
    for _ in range(4):
        ws.redo()
    assert saved(ws.world) == after
    again = ws.run("docker push -q localhost:5000/myapp1:1.0")  # everything there: the kept events again
    assert "BlobSkipped" in {e.kind for e in again.events}
    assert without_bookkeeping(saved(ws.world)) == without_bookkeeping(after)


def test_context_parse_keeps_answers_but_not_errors() -> None:
    from tutor.sim.shell.docker import context

    clear_caches()
    ctx_parse = context.DockerContext.parse
    assert ctx_parse(None, "alpine") == reference.parse("alpine")
    assert ctx_parse(None, "alpine") is ctx_parse(None, "alpine")
    for _ in range(2):
        with pytest.raises(SimError):
            ctx_parse(None, "Bad/Name")


def test_images_for_lists_one_layer_twice() -> None:
    images = images_for(World.default())
    assert images[3].layers[-1] == images[3].layers[-2]
    assert all(image.is_index for image in images[:3])
    assert add_local  # the helpers this file shares with test_push_pull.py
