"""Generated questions: every keyed answer is what the simulator does when the scenario is replayed.

The replay is independent of the generator: a fresh default world, the
scenario's lines typed into the shell one by one, then the asked command (if
any), and the answer read off the world and the output here, in the test.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tutor.quiz.generator import TYPES, generate, generate_one, type_order
from tutor.quiz.questions import MISCONCEPTIONS
from tutor.quiz.render import to_json
from tutor.sim import reference
from tutor.sim.apps import printed_lines
from tutor.sim.errors import InvalidReference
from tutor.sim.shell import Shell
from tutor.sim.world import World

REQUIRED_TAGS = {
    "latest-is-newest", "tag-creates-image", "rebuild-new-version",
    "no-host-means-localhost", "tag-overwrites-source", "push-moves-latest",
}
SEEDS = range(12)


def replay(item):
    """A fresh world with the scenario typed in; every scenario line must succeed."""
    world = World.default(item.engine)
    if item.setup == "team":  # the team registry every machine reaches by host name (trusted TLS)
        world.add_team_registry(tls=True)
    shells: dict[str, Shell] = {}
    for step in item.scenario:
        if step.machine not in world.machines:
            world.add_machine(step.machine)
        world.current = step.machine
        shell = shells.setdefault(step.machine, Shell(world))
        result = shell.run(step.command)
        assert result.exit_code == 0, f"{step.machine}$ {step.command}\n{result.text}"
    return world, shells


def run_ask(world, shells, item):
    step = item.ask
    if step.machine not in world.machines:
        world.add_machine(step.machine)
    world.current = step.machine
    return shells.setdefault(step.machine, Shell(world)).run(step.command)


def says(image) -> str:
    lines = printed_lines(image)
    return lines[0] if lines else ""


def stderr_text(result) -> str:
    return " ".join(line for line in result.stderr if line.strip())


def local_image_for(world, machine, ref_text):
    ref = reference.parse(ref_text)
    store = world.machines[machine].store
    if ref.digest:
        digest = store.digest_refs.get(f"{ref.name}@{ref.digest}") or (ref.digest if ref.digest in store.images else None)
    else:
        digest = store.tags.get(f"{ref.name}:{ref.tag or 'latest'}")
    return store.images.get(digest) if digest else None


def check_against_simulator(item) -> None:
    key = item.key
    assert item.answer in [c.text for c in item.choices]
    if item.type == "reference":
        try:
            ref = reference.parse(item.subject)
            assert key == {"valid": True, "normalized": str(ref.tag_or_latest())}
        except InvalidReference as exc:
            assert key == {"valid": False, "error": str(exc)}
            world = World.default(item.engine)
            result = Shell(world).run(item.ask.command)
            assert result.exit_code != 0 and str(exc) in result.text
        return
    world, shells = replay(item)
    if item.type in ("rebuild-id", "digest-pin"):  # checked by replay in test_distractors
        return
    if item.type in ("pull-version", "digest-pull", "localhost-machine"):
        result = run_ask(world, shells, item)
        if item.answer.startswith("it fails: "):
            assert result.exit_code != 0 and stderr_text(result) == item.answer.removeprefix("it fails: ")
        else:
            assert result.exit_code == 0, result.text
            assert item.answer == f"the app prints: {says(local_image_for(world, item.ask.machine, item.subject))}"
            if item.type == "digest-pull":  # the registry still serves that exact manifest
                ref = reference.parse(item.subject)
                image = world.registries[ref.domain].repositories[ref.path].manifests[ref.digest]
                assert item.answer == f"the app prints: {says(image)}"
    elif item.type == "push-upload":
        result = run_ask(world, shells, item)
        if item.answer.startswith("it fails: "):
            assert result.exit_code != 0 and stderr_text(result) == item.answer.removeprefix("it fails: ")
        else:
            assert result.exit_code == 0, result.text
            image = local_image_for(world, "laptop", item.subject)
            # layers only: an attested image's build-record blobs get "Pushed" lines too (moby
            # daemon/containerd/progress.go showBlobProgress), but they are not layers
            layer_ids = {layer.digest[7:19] for layer in image.layers} | {layer.diff_id[7:19] for layer in image.layers}
            pushed = [line.split(":")[0] for line in result.stdout if line.endswith(": Pushed")]
            total = len(image.layers)
            assert item.answer.startswith(f"it uploads {sum(lid in layer_ids for lid in pushed)} of its {total} layer")
    elif item.type == "label-edition":
        ref = reference.parse(item.subject)
        repo = world.registries[ref.domain].repositories.get(ref.path)
        digest = repo.tags.get(ref.tag) if repo else None
        if item.answer.startswith("none: "):
            assert digest is None
        else:
            assert item.answer.endswith(f"(it prints {says(repo.manifests[digest]).rsplit(', ', 1)[-1]})")
    elif item.type == "shelf-count":
        ref = reference.parse(item.subject)
        repo = world.registries[ref.domain].repositories.get(ref.path)
        counts = {"editions": len(repo.manifests) if repo else 0, "labels": len(repo.tags) if repo else 0}
        assert int(item.answer.split()[0]) == counts[item.key["count"]]
    elif item.type == "local-images":
        app = item.subject.partition("@")[0]
        names = {f"docker.io/library/{app}", f"localhost:5000/{app}"}
        store = world.machines["laptop"].store
        n = len({d for k, d in store.tags.items() if k.rpartition(":")[0] in names})
        assert item.answer == f"{n} image{'' if n == 1 else 's'}"
    elif item.type == "local-label":
        image = local_image_for(world, "laptop", item.subject)
        if image is None:
            assert item.answer.startswith("none: ")
        else:
            assert item.answer.endswith(f"(it prints {says(image).rsplit(', ', 1)[-1]})")
    else:  # pragma: no cover
        raise AssertionError(f"no replay check for {item.type}")


def check_shape(item) -> None:
    texts = [c.text for c in item.choices]
    assert len(texts) == len(set(texts)) >= 3, texts
    assert texts.count(item.answer) == 1
    keyed = [c for c in item.choices if c.text == item.answer]
    assert keyed[0].misconception is None
    for choice in item.choices:
        if choice.text != item.answer:  # a misconception's distractor, or an untagged plain slip
            assert choice.misconception is None or choice.misconception in MISCONCEPTIONS, choice
            assert choice.why
    assert item.question and item.why and item.id


@pytest.mark.parametrize("qtype", TYPES)
def test_every_keyed_answer_is_what_the_simulator_does(qtype):
    for seed in SEEDS:
        item = generate_one(seed, 0, qtype)
        check_shape(item)
        check_against_simulator(item)


@pytest.mark.parametrize("qtype", TYPES)
def test_keyed_answers_hold_on_the_classic_engine_too(qtype):
    for seed in range(4):
        item = generate_one(seed, 1, qtype, engine="classic")
        assert item.engine == "classic"
        check_shape(item)
        check_against_simulator(item)


def test_the_same_seed_gives_the_same_quiz_and_another_seed_another():
    first = to_json(generate(7, 10), seed=7, engine="current")
    assert to_json(generate(7, 10), seed=7, engine="current") == first
    assert to_json(generate(8, 10), seed=8, engine="current") != first
    # a shorter quiz with the same seed is the start of the longer one
    assert json.loads(to_json(generate(7, 4), seed=7, engine="current"))["items"] == json.loads(first)["items"][:4]


def test_a_quiz_mixes_every_type_before_repeating_one():
    order = type_order(3, len(TYPES))
    assert sorted(order) == sorted(TYPES)
    assert len(TYPES) >= 5


def test_distractors_cover_the_misconceptions_learners_arrive_with():
    seen = Counter()
    for seed in range(16):
        for item in generate(seed, len(TYPES)):
            seen.update(c.misconception for c in item.choices if c.misconception)
    assert REQUIRED_TAGS <= set(seen), REQUIRED_TAGS - set(seen)
