"""Distractors are what runnable misconceptions predict; keys are not given away by the choices' shape.

Every tagged distractor is replayed through its misconception's wrong model (tutor/quiz/wrong_models.py
on top of the unchanged simulator) and must come out as that choice; the real replay must give the key.
Over a fixed sample of ≥ 1,000 generated items (deterministic seeds, so nothing can flake), the key's
position, length rank, numeric rank and version rank stay near chance, per question type.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import cache

import pytest

from tutor.misconceptions import MISCONCEPTIONS
from tutor.quiz import answers
from tutor.quiz.choices import MIN_CHOICES, numbers, version
from tutor.quiz.generator import TYPES, generate_one
from tutor.quiz.wrong_models import MODELS, replay
from tutor.sim.world import World

SAMPLE_PER_TYPE = -(-1000 // len(TYPES))  # ≥ 1,000 items in all


@cache
def sample(qtype: str) -> tuple:
    return tuple(generate_one(seed, 0, qtype) for seed in range(SAMPLE_PER_TYPE))


def test_every_misconception_has_a_runnable_model_or_a_parser_misreading():
    assert set(MISCONCEPTIONS) == set(MODELS) | {"reference-grammar"}


@pytest.mark.parametrize("qtype", TYPES)
def test_each_tagged_distractor_is_what_its_wrong_model_predicts(qtype):
    for item in sample(qtype)[:12]:
        assert answers.truth(item) == [item.answer], item.id
        for choice in item.choices:
            if choice.text == item.answer:
                assert choice.misconception is None
            elif choice.misconception is not None:
                assert choice.misconception in MISCONCEPTIONS
                predicted = answers.predict(item, choice.misconception)
                assert choice.text in predicted, (item.id, choice)


def test_wrong_models_leave_the_simulator_alone():
    """A wrong replay does not change what the real one gives (the models post-process their own worlds)."""
    item = sample("label-edition")[0]
    before = answers.truth(item)
    for name in MODELS:
        answers.predict(item, name)
    assert answers.truth(item) == before
    world = replay(item.scenario, None, item.engine, item.setup).world
    assert set(world.registries) >= {"localhost:5000"}
    assert isinstance(World.default(), World)


def test_push_moves_latest_model_moves_latest_on_any_push():
    from tutor.quiz.questions import Step

    steps = [Step("laptop", c) for c in (
        "cd ~/myapp1", "docker build -t localhost:5000/myapp1:1.0 .", "docker push localhost:5000/myapp1:1.0",
    )]
    real = replay(steps).world.registries["localhost:5000"].repositories["myapp1"]
    wrong = replay(steps, model=MODELS["push-moves-latest"]).world.registries["localhost:5000"].repositories["myapp1"]
    assert "latest" not in real.tags
    assert wrong.tags["latest"] == wrong.tags["1.0"]


def test_tag_creates_image_model_copies_the_image():
    from tutor.quiz.questions import Step

    steps = [Step("laptop", c) for c in ("cd ~/myapp1", "docker build -t myapp1:1.0 .", "docker tag myapp1:1.0 myapp1:prod")]
    real = replay(steps).world.machines["laptop"].store
    wrong = replay(steps, model=MODELS["tag-creates-image"]).world.machines["laptop"].store
    assert real.tags["docker.io/library/myapp1:1.0"] == real.tags["docker.io/library/myapp1:prod"]
    assert wrong.tags["docker.io/library/myapp1:1.0"] != wrong.tags["docker.io/library/myapp1:prod"]


@pytest.mark.parametrize("qtype", TYPES)
def test_every_item_has_at_least_three_distinct_choices_and_one_key(qtype):
    for item in sample(qtype):
        texts = [c.text for c in item.choices]
        assert len(texts) == len(set(texts)) >= MIN_CHOICES, item.id
        assert texts.count(item.answer) == 1
        assert all(c.why for c in item.choices)


# --- giveaways ------------------------------------------------------------------------------


def _measures(texts: list[str]) -> dict[str, list]:
    """Ways a test-wise learner guesses without knowing: pick the longest, the biggest number, ..."""
    out: dict[str, list] = {"longest": [len(t) for t in texts], "shortest": [-len(t) for t in texts]}
    nums = [numbers(t) for t in texts]
    if all(nums) and len(set(nums)) > 1:
        out["biggest number"] = nums
        out["smallest number"] = [tuple(-n for n in x) for x in nums]
    versions = [version(t) for t in texts]
    if sum(v is not None for v in versions) >= 2:
        out["newest version"] = [v or () for v in versions]
        out["oldest version"] = [tuple(-n for n in v) if v else (-99,) for v in versions]
    tokens = [set(re.findall(r"\d+(?:\.\d+)*", t)) for t in texts]
    out["shares most numbers"] = [sum(len(a & b) for b in tokens if b is not a) for a in tokens]
    return out


@pytest.mark.parametrize("qtype", TYPES)
def test_the_key_is_not_given_away_by_position_length_numbers_or_versions(qtype):
    hits: dict[str, float] = defaultdict(float)
    chance: dict[str, float] = defaultdict(float)
    variance: dict[str, float] = defaultdict(float)
    for item in sample(qtype):
        texts = [c.text for c in item.choices]
        key, n = texts.index(item.answer), len(texts)
        for position in range(n):  # each position: key there as often as chance says
            name = f"position {position + 1}"
            hits[name] += key == position
            chance[name] += 1 / n
            variance[name] += (1 / n) * (1 - 1 / n)
        for name, values in _measures(texts).items():
            best = max(values)
            top = [i for i, v in enumerate(values) if v == best]
            hits[name] += 1 / len(top) if key in top else 0
            chance[name] += 1 / n
            variance[name] += (1 / n) * (1 - 1 / n)
    for name in hits:
        bound = 4 * math.sqrt(variance[name]) + 2  # four standard deviations: deterministic, and far from chance
        assert abs(hits[name] - chance[name]) <= bound, (
            f"{qtype}: '{name}' finds the key {hits[name]:.0f} times; chance is {chance[name]:.0f} ± {bound:.0f}"
        )


# --- explanations checked against the replayed world ----------------------------------------


def test_digest_pull_says_untagged_only_when_the_edition_lost_its_tags():
    from tutor.sim import reference

    seen = set()
    for item in sample("digest-pull"):
        ref = reference.parse(item.subject)
        world = replay(item.scenario, None, item.engine, item.setup).world
        repo = world.registries[ref.domain].repositories[ref.path]
        untagged = not repo.tags_of(ref.digest)
        assert ("untagged but still there" in item.why) == untagged, item.id
        seen.add(untagged)
    assert seen == {True, False}


def test_shelf_count_explanation_states_the_counts_of_the_replayed_shelf():
    for item in sample("shelf-count")[:40]:
        run = replay(item.scenario, None, item.engine, item.setup)
        editions, labels = answers.shelf_counts(run, item.subject)
        assert f"{editions} edition" in item.why and f"{labels} label" in item.why
        asked = editions if item.key["count"] == "editions" else labels
        assert item.answer.split() == [str(asked), item.key["count"][:-1] if asked == 1 else item.key["count"]]


def test_shelf_count_states_the_build_assumption_it_depends_on():
    for item in sample("shelf-count")[:10]:
        assert "build" in item.question and ("new image ID" in item.question or "same image" in item.question)


def test_wrong_answer_feedback_names_the_misconception_of_that_choice():
    from tutor.quiz.questions import score

    checked = 0
    for item in sample("label-edition") + sample("pull-version"):
        tags = {c.misconception for c in item.choices if c.misconception}
        if len(tags) < 2:
            continue
        for index, choice in enumerate(item.choices):
            if choice.misconception:
                assert score(item, index).misconception == choice.misconception
                checked += 1
    assert checked >= 4


def test_rebuild_questions_follow_each_profile():
    items = sample("rebuild-id")
    engines = {item.engine for item in items}
    assert engines == {"current", "classic"}
    for item in items:
        assert ("Docker Engine 29" in item.question) == (item.engine == "current")
        assert item.answer in answers.REBUILD.values()


def test_digest_pin_key_is_the_digest_on_the_registry_that_holds_it():
    for item in sample("digest-pin")[:10]:
        assert item.answer == f"`docker pull {item.subject}@{item.key['digest']}`"


def test_rebuild_explanations_match_what_the_simulator_answered():
    for item in sample("rebuild-id"):
        changed = item.answer.endswith("layers different")
        assert ("sources changed" in item.why) == changed, item.id
        assert ("attestation that records this build" in item.why) == (item.answer == answers.REBUILD[(False, True)])


def _last_setter(item, repository: str, tag: str):
    from tutor.quiz.wrong_models import checkpoints

    _, results = checkpoints(tuple(item.scenario), item.engine, item.setup)
    found = None
    for step, result in zip(item.scenario, results, strict=True):
        if any(e.kind in ("RegistryTagAdded", "RegistryTagMoved") and e.repository == repository and e.tag == tag
               for e in result.events):
            found = step
    return found


def test_label_explanations_name_the_push_that_really_put_the_label_there():
    from tutor.sim import reference

    checked = 0
    for item in sample("label-edition")[:30]:
        ref = reference.parse(item.subject)
        setter = _last_setter(item, ref.path, ref.tag)
        if setter is None:
            assert item.answer.startswith("none: ") and "never pushed" in item.why
        else:
            assert f"`{setter.command}`" in item.why, item.id
            checked += 1
    assert checked >= 10
