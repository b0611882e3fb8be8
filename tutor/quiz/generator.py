"""Generated questions: random but realistic scenarios, answered by the simulator.

``generate(seed, count)`` is reproducible: one ``random.Random`` per item,
seeded from the quiz seed, the item's number and its type (never the global
generator). Each question type builds a ``Story`` (see scenario.py), reads the
keyed answer off the world it left (or off one more command run on a copy),
and draws distractors from misconceptions, dropping any that happen to equal
the truth.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from tutor.quiz.questions import MISCONCEPTIONS, Choice, QuizItem, Step
from tutor.quiz.scenario import (
    LAPTOP,
    MACHINE_WORDS,
    REGISTRY,
    TEAMMATE,
    ScenarioFailed,
    Story,
    ask,
    error_text,
    local_image,
    prints,
    pulled_outcome,
    pushed_count,
    registry_image,
    shelf_editions,
    version_key,
)
from tutor.sim import reference
from tutor.sim.errors import InvalidReference

MAX_CHOICES = 4
ATTEMPTS = 40  # stories tried per item before settling for fewer choices


class _Choices:
    """The keyed answer plus distractors in priority order (first ones win when there are too many)."""

    def __init__(self, answer: str, why: str) -> None:
        self.answer = answer
        self.items = [Choice(answer, None, why)]

    def add(self, text: str | None, misconception: str, why: str = "") -> None:
        if not text or any(c.text == text for c in self.items):
            return
        assert misconception in MISCONCEPTIONS, misconception
        self.items.append(Choice(text, misconception, why or MISCONCEPTIONS[misconception]))

    def __len__(self) -> int:
        return len(self.items)

    def shuffled(self, rng: random.Random) -> tuple[Choice, ...]:
        chosen = self.items[:MAX_CHOICES]
        rng.shuffle(chosen)
        return tuple(chosen)


def _outcome_text(outcome: dict) -> str:
    if "error" in outcome:
        return f"it fails: {outcome['error']}"
    return f"the app prints: {outcome['prints']}"


def _edition_text(line: str | None) -> str | None:
    return f"the edition whose app prints: {line}" if line else None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cmd(step: Step | None) -> str:
    return f"`{step.command}`" if step else "a command above"


def _newest(lines: list[str | None]) -> str | None:
    known = [line for line in lines if line]
    return max(known, key=version_key) if known else None


def _last_pushed_line(story: Story, app: str) -> str | None:
    """What the edition pushed last to the app's shelf prints (from the push events)."""
    for result in reversed(story.results):
        for event in reversed(result.events):
            if event.kind == "ManifestPushed" and event.registry == REGISTRY and event.repository == app:
                return prints(story.world.registry(REGISTRY).repositories[app].manifests.get(event.digest))
    return None


def _first_line_of_tag(story: Story, app: str, tag: str) -> str | None:
    """What the edition a registry tag was first put on prints (for "tags never change")."""
    for result in story.results:
        for event in result.events:
            if event.kind == "RegistryTagAdded" and event.repository == app and event.tag == tag:
                image = story.world.registry(REGISTRY).repositories[app].manifests.get(event.digest)
                return prints(image)
    return None


def _not_found_error(story: Story, machine: str, ref: str) -> str | None:
    """The simulator's own words for a pull of `ref` if its tag were not on the registry."""
    parsed = reference.parse(ref)
    world = story.world.clone()
    registry = world.registry(parsed.domain)
    repo = registry.repository(parsed.path) if registry else None
    if repo is not None:
        repo.tags.pop(parsed.tag or "latest", None)
    _, result = ask(world, Step(machine, f"docker pull {ref}"))
    return error_text(result) if result.exit_code else None


# --- question types -----------------------------------------------------------


def _shelf_story(rng: random.Random, engine: str, noise: int = 2) -> tuple[Story, str, list[str], str | None]:
    """Several releases of one app (pushed or forgotten, `latest` moved or not), sometimes a teammate's
    release, a backported fix pushed last, or a version tag overwritten by a fixed build.
    -> (story, app, versions, the overwritten tag or None)."""
    story = Story(rng, engine)
    app, *others = story.pick_apps(1 + noise)
    story.background(others[: rng.randint(0, noise)])
    versions = story.release_series(app)
    if rng.random() < 0.3:
        teammate_version = story.next_version(max(versions, key=version_key))
        story.release(app, teammate_version, TEAMMATE, latest=rng.random() < 0.5)
        versions.append(teammate_version)
    overwritten = None
    twist = rng.random()
    repo = story.world.registry(REGISTRY).repository(app)
    pushed = sorted(tag for tag in (repo.tags if repo else {}) if tag != "latest" and tag in versions)
    if twist < 0.3:  # a fix for the first version, released (and pushed) after the newer ones
        story.release(app, f"{versions[0]}.1", push=True)
        versions.append(f"{versions[0]}.1")
    elif twist < 0.55 and pushed:  # a fixed build pushed under an existing version tag
        overwritten = rng.choice(pushed)
        story.set_version(app, f"{overwritten}.1")
        story.build(app, f"{REGISTRY}/{app}:{overwritten}")
        story.push(f"{REGISTRY}/{app}:{overwritten}")
    return story, app, versions, overwritten



def _pull_version(rng: random.Random, engine: str) -> QuizItem | None:
    story, app, versions, overwritten = _shelf_story(rng, engine)
    machine = TEAMMATE if rng.random() < 0.7 else LAPTOP
    kind = rng.choices(["latest", "tag", "nohost", "localhost"], weights=[6, 3, 2, 2])[0]
    if kind == "localhost" and machine != TEAMMATE:
        kind = "latest"
    # a version tag is interesting when it was overwritten, or built but never pushed
    repo = story.world.registry(REGISTRY).repository(app)
    forgotten = [v for v in versions if not (repo and v in repo.tags)]
    candidates = [overwritten] if overwritten else forgotten
    if kind == "tag" and not candidates:
        kind = "latest"
    tag = rng.choice(candidates) if kind == "tag" else "latest"
    ref = {"latest": f"{REGISTRY}/{app}", "tag": f"{REGISTRY}/{app}:{tag}", "nohost": app,
           "localhost": f"localhost:5000/{app}"}[kind]
    step = Step(machine, f"docker pull {ref}")
    world, result = ask(story.world, step)
    key = pulled_outcome(world, result, ref, machine)

    shelf = f"{REGISTRY}/{app}"
    lines = [line for _, _, line in shelf_editions(story.world, shelf)]
    if kind == "localhost":
        why = (
            "`localhost` is always the machine you are on: on your teammate's laptop it is their laptop, "
            f"where no registry runs, so the daemon's connection is refused. The team's images are at {REGISTRY}."
        )
    elif kind == "nohost":
        why = (
            f"`{ref}` has no registry host, so Docker reads it as `docker.io/library/{app}:latest`: it asks "
            f"Docker Hub, not the registry at {REGISTRY}, and Hub has no such repository."
            if "error" in key
            else f"`{ref}` has no registry host, so it means `docker.io/library/{app}:latest`, on Docker Hub."
        )
    elif "error" in key:
        why = (
            f"Nobody ever pushed the tag `{tag}` to {shelf}. "
            + ("`docker pull NAME` means `NAME:latest`, and `latest` is a tag like any other: " if kind == "latest" else "")
            + "a tag only reaches the registry when it is pushed (building or tagging locally is not enough)."
        )
    else:
        setter = story.last_step_setting(("RegistryTagAdded", "RegistryTagMoved"), repository=app, tag=tag)
        why = (
            f"The registry's `{tag}` label points at the edition it was last pushed with: {_cmd(setter)} "
            f"(on {MACHINE_WORDS.get(setter.machine if setter else LAPTOP)}). "
            + ("Pushing other versions does not move `latest`; only pushing `latest` itself does." if tag == "latest" else "")
        ).strip()
    choices = _Choices(_outcome_text(key), why)
    if kind == "nohost":  # first: the misconception this question is about
        local_world, local_result = ask(story.world, Step(machine, f"docker pull {REGISTRY}/{app}"))
        choices.add(
            _outcome_text(pulled_outcome(local_world, local_result, f"{REGISTRY}/{app}", machine)),
            "no-host-means-localhost",
        )
    if kind == "localhost":  # first: the misconception this question is about
        shared_world, shared_result = ask(story.world, Step(machine, f"docker pull {REGISTRY}/{app}"))
        choices.add(
            _outcome_text(pulled_outcome(shared_world, shared_result, f"{REGISTRY}/{app}", machine)),
            "localhost-is-shared",
        )
    if tag == "latest":
        choices.add(_outcome_text({"prints": _newest(lines)}) if _newest(lines) else None, "latest-is-newest")
        last = _last_pushed_line(story, app)
        choices.add(_outcome_text({"prints": last}) if last else None, "push-moves-latest")
    mine = prints(local_image(story.world, f"{REGISTRY}/{app}:{tag}", LAPTOP))
    if mine and kind not in ("nohost", "localhost"):
        choices.add(_outcome_text({"prints": mine}), "local-tag-reaches-registry")
    if kind == "tag":
        first = _first_line_of_tag(story, app, tag)
        choices.add(_outcome_text({"prints": first}) if first else None, "tags-are-immutable")
    if len(choices) < 3:
        return None
    who, then = ("your teammate runs", "runs") if machine == TEAMMATE else ("you run", "run")
    where = "on their laptop" if machine == TEAMMATE else "on your laptop"
    return QuizItem(
        id="",
        type="pull-version",
        question=(
            f"After the commands above, {who} `{step.command}` {where}, then {then} the image. "
            "What does the app print — or what error does the pull give?"
        ),
        answer=choices.answer,
        why=why,
        choices=choices.shuffled(rng),
        scenario=tuple(story.steps),
        ask=step,
        key=key,
        subject=ref,
        engine=engine,
    )


def _label_edition(rng: random.Random, engine: str) -> QuizItem | None:
    story, app, _, overwritten = _shelf_story(rng, engine, noise=1)
    tag = overwritten if overwritten and rng.random() < 0.5 else "latest"
    shelf = f"{REGISTRY}/{app}"
    line = prints(registry_image(story.world, f"{shelf}:{tag}"))
    if line is not None:
        key: dict = {"prints": line}
        answer = _edition_text(line)
        setter = story.last_step_setting(("RegistryTagAdded", "RegistryTagMoved"), repository=app, tag=tag)
        why = (
            f"A label on a shelf points where its last push put it: {_cmd(setter)}. "
            "Nothing else moves it — not pushing other versions, not tagging on a laptop without pushing."
        )
    else:
        key = {"missing": True}
        answer = f"none: the shelf has no label `{tag}`"
        why = f"`{tag}` was never pushed to {shelf}: a label exists on the registry only once a push names it."
    choices = _Choices(answer, why)
    lines = [edition_line for _, _, edition_line in shelf_editions(story.world, shelf)]
    if tag == "latest":
        choices.add(_edition_text(_newest(lines)), "latest-is-newest")
        choices.add(_edition_text(_last_pushed_line(story, app)), "push-moves-latest")
    choices.add(_edition_text(prints(local_image(story.world, f"{shelf}:{tag}", LAPTOP))), "local-tag-reaches-registry")
    if tag != "latest":
        choices.add(_edition_text(_first_line_of_tag(story, app, tag)), "tags-are-immutable")
    if len(choices) < 3:
        return None
    return QuizItem(
        id="",
        type="label-edition",
        question=(
            f"After the commands above, which edition does the label `{tag}` on the shelf `{shelf}` "
            f"(the repository in the registry at {REGISTRY}) point at?"
        ),
        answer=answer,
        why=why,
        choices=choices.shuffled(rng),
        scenario=tuple(story.steps),
        key=key,
        subject=f"{shelf}:{tag}",
        engine=engine,
    )


def _count_text(editions: int, labels: int) -> str:
    return f"{_plural(editions, 'edition')}, {_plural(labels, 'label')}"


def _shelf_count(rng: random.Random, engine: str) -> QuizItem | None:
    story = Story(rng, engine)
    (app,) = story.pick_apps(1)
    shelf = f"{REGISTRY}/{app}"
    versions = story.release_series(app, count=rng.choice([1, 2, 2, 3]))
    ref = f"{shelf}:{versions[-1]}"
    extras = rng.sample(["same", "hotfix", "latest", "teammate"], k=rng.choice([1, 2, 2, 3]))
    for extra in extras:
        if extra == "same":  # rebuild unchanged sources and push again
            story.build(app, ref)
            story.push(ref)
        elif extra == "hotfix":  # change the sources, rebuild under the same tag, push
            story.tweak(app)
            story.build(app, ref)
            story.push(ref)
        elif extra == "latest":
            story.tag(ref, f"{shelf}:latest")
            story.push(f"{shelf}:latest")
        else:
            story.release(app, story.next_version(max(versions, key=version_key)), TEAMMATE,
                          latest=rng.random() < 0.5)
    editions = shelf_editions(story.world, shelf)
    n_editions = len(editions)
    n_labels = sum(len(labels) for _, labels, _ in editions)
    untagged = sum(1 for _, labels, _ in editions if not labels)
    unchanged = (
        "re-pushing an unchanged build adds nothing"
        if engine == "classic"
        else "an unchanged rebuild pushed again is a new edition on Docker 29's default store (a new index: "
        "the same image manifest with a new build record) and moves the label"
    )
    why = (
        f"The registry holds {_plural(n_editions, 'edition')} (distinct manifests) and "
        f"{_plural(n_labels, 'label')}. Several labels can share one edition; {unchanged}; a changed build "
        "pushed under an existing label adds an edition and moves the label"
        + (f", leaving {_plural(untagged, 'edition')} with no label (still there, pullable by digest)." if untagged else ".")
    )
    choices = _Choices(_count_text(n_editions, n_labels), why)
    choices.add(_count_text(n_labels, n_labels), "tag-creates-image")
    choices.add(_count_text(n_editions - untagged, n_labels), "tag-overwrites-source")
    naive = len(story.naive_pushed.get(f"docker.io/library/{app}", set()) | story.naive_pushed.get(shelf, set()))
    if naive:
        choices.add(_count_text(naive, n_labels), "rebuild-new-version")
    if engine != "classic":  # counting image manifests, as if unchanged rebuilds kept their digest
        inner = len({registry_image(story.world, f"{shelf}@{d}").platform_digest for d, _, _ in editions})
        choices.add(_count_text(inner, n_labels), "rebuild-same-id")
    local_labels = sum(
        1 for key in story.world.machines[LAPTOP].store.tags if key.rpartition(":")[0] == shelf
    )
    choices.add(_count_text(n_editions, local_labels), "local-tag-reaches-registry")
    if len(choices) < 3:
        return None
    return QuizItem(
        id="",
        type="shelf-count",
        question=(
            f"After the commands above, how many editions (distinct manifests) and how many labels (tags) "
            f"are on the shelf `{shelf}` in the registry?"
        ),
        answer=choices.answer,
        why=why,
        choices=choices.shuffled(rng),
        scenario=tuple(story.steps),
        key={"editions": n_editions, "labels": n_labels},
        subject=shelf,
        engine=engine,
    )


def _app_image_digests(story: Story, app: str) -> tuple[set[str], int]:
    """Distinct images carrying an `app` name on the laptop, and how many such names there are."""
    names = {f"docker.io/library/{app}", f"{REGISTRY}/{app}"}
    tags = {key: d for key, d in story.world.machines[LAPTOP].store.tags.items() if key.rpartition(":")[0] in names}
    return set(tags.values()), len(tags)


def _local_images(rng: random.Random, engine: str) -> QuizItem | None:
    story = Story(rng, engine)
    (app,) = story.pick_apps(1)
    local, remote = f"{app}:1.0", f"{REGISTRY}/{app}:1.0"
    story.build(app, local)
    story.tag(local, remote)
    if rng.random() < 0.6:
        story.tag(remote, f"{REGISTRY}/{app}:latest")
    if rng.random() < 0.6:
        story.build(app, rng.choice([local, f"{app}:1.0-rebuild", remote]))  # unchanged sources
    if rng.random() < 0.7:
        new = story.next_version("1.0")
        story.set_version(app, new)
        story.build(app, f"{REGISTRY}/{app}:{new}")
        if rng.random() < 0.5:
            story.tag(f"{REGISTRY}/{app}:{new}", f"{REGISTRY}/{app}:latest")
    if rng.random() < 0.4:
        story.rmi(local)
    digests, n_tags = _app_image_digests(story, app)
    n = len(digests)
    if engine == "classic":
        why = (
            f"{_plural(n_tags, 'name')} but {_plural(n, 'image')}: `docker tag` only adds a name to an existing "
            "image (same IMAGE ID), and on the classic store a build of unchanged sources gives back the very "
            "same image. Only a change to the sources made a new one."
        )
    else:
        why = (
            f"{_plural(n_tags, 'name')} but {_plural(n, 'image')}: `docker tag` only adds a name to an existing "
            "image (same IMAGE ID), but on Docker 29's default store every build is a new image ID, even of "
            "unchanged sources: the build record (provenance attestation) boxed with it is new. The image "
            "manifest inside changes only when the sources do (`docker images --tree` shows it)."
        )
    choices = _Choices(_plural(n, "image"), why)
    choices.add(_plural(n_tags, "image"), "tag-creates-image")
    if engine != "classic":
        store = story.world.machines[LAPTOP].store
        choices.add(_plural(len({store.images[d].platform_digest for d in digests}), "image"), "rebuild-same-id")
    names = {f"docker.io/library/{app}", f"{REGISTRY}/{app}"}
    naive = {b for (machine, key), b in story.naive.items() if machine == LAPTOP and key.rpartition(":")[0] in names}
    choices.add(_plural(len(naive), "image"), "rebuild-new-version")
    if len(choices) < 3:
        return None
    return QuizItem(
        id="",
        type="local-images",
        question=(
            f"After the commands above, how many different images (different IMAGE IDs) on your laptop carry "
            f"a `{app}` name (`{app}:…` or `{REGISTRY}/{app}:…`)?"
        ),
        answer=choices.answer,
        why=why,
        choices=choices.shuffled(rng),
        scenario=tuple(story.steps),
        key={"images": n},
        subject=app,
        engine=engine,
    )


# Reference shapes: some valid with surprises, some invalid in the ways people get wrong.
_REFERENCE_SHAPES = [
    "{app}", "{app}:{v}", "localhost:5000/{app}:{v}", "localhost/{app}", "team/{app}:{v}",
    "ghcr.io/team/{app}:v{v}", "localhost:5000", "{app}:Latest", "my__app{n}", "MyOrg/{app}",
    "localhost:5000/team/{app}", "docker.io/{app}", "index.docker.io/library/{app}:{v}",
    "MyApp{n}", "localhost:5000/MyApp{n}:{v}", "{app}:-{v}", "my..app{n}", "{app}:", "-{app}",
    "{app}:{v}:{v}", "Team/MyApp{n}", "{app}@sha256:abc123", "LocalHost:5000/{app}",
]


def _normal_text(ref: reference.Reference) -> str:
    return f"valid: {ref.tag_or_latest()}"


def _reference(rng: random.Random, engine: str) -> QuizItem | None:
    n = rng.randint(1, 25)
    text = rng.choice(_REFERENCE_SHAPES).format(app=f"myapp{n}", n=n, v=rng.choice(["1.0", "2.0", "1.1", "3.2"]))
    try:
        ref = reference.parse(text)
        key: dict = {"valid": True, "normalized": str(ref.tag_or_latest())}
        answer = _normal_text(ref)
        why = _reference_why(text, ref)
    except InvalidReference as exc:
        ref = None
        key = {"valid": False, "error": str(exc)}
        answer = f"invalid: {exc}"
        why = f"Docker's reference parser (distribution/reference) refuses `{text}` with exactly this message."
    choices = _Choices(answer, why)
    if ref is not None:
        official = ref.domain == "docker.io" and ref.path.startswith("library/")
        if ref.domain == "docker.io" and not text.startswith(("docker.io/", "index.docker.io/", "localhost")):
            choices.add(f"valid: localhost:5000/{ref.familiar_name()}:{ref.tag or 'latest'}", "no-host-means-localhost")
        if official:
            choices.add(f"valid: docker.io/{ref.path.removeprefix('library/')}:{ref.tag or 'latest'}", "reference-grammar",
                        "Official Docker Hub names live under `library/`: `ubuntu` is `docker.io/library/ubuntu`.")
        if ref.tag is None and ref.digest is None:
            choices.add(f"valid: {ref}", "reference-grammar", "With no tag, Docker adds `:latest`.")
        choices.add("invalid: invalid reference format", "reference-grammar")
        first = text.split("/", 1)[0] if "/" in text else ""
        if first and first != first.lower() and ref.domain == first:
            choices.add(
                f"invalid: invalid reference format: repository name ({text.split(':')[0]}) must be lowercase",
                "reference-grammar",
                "A first part with capitals (and no `.` or `:`) is taken as a registry host, and only the "
                "repository path must be lowercase.",
            )
        if ref.tag and ref.tag != ref.tag.lower():
            choices.add(_normal_text(ref.with_tag(ref.tag.lower())), "reference-grammar",
                        "Tags are case-sensitive: Docker keeps `" + ref.tag + "` exactly as typed.")
    else:
        for guess in (text.lower(), text.rstrip(":"), text.lstrip("-"), text.replace("..", "."), text.split("@")[0]):
            try:
                guessed = reference.parse(guess)
            except InvalidReference:
                continue
            choices.add(_normal_text(guessed), "reference-grammar")
        try:
            lowered = reference.parse(text.lower())
        except InvalidReference:
            lowered = None
        if lowered is not None and lowered.domain == "docker.io" and not text.lower().startswith("docker.io/"):
            choices.add(f"valid: localhost:5000/{lowered.familiar_name()}:{lowered.tag or 'latest'}",
                        "no-host-means-localhost")
        if key["error"] != "invalid reference format":
            choices.add("invalid: invalid reference format", "reference-grammar")
    if len(choices) < 3:
        return None
    return QuizItem(
        id="",
        type="reference",
        question=(
            f"Is `{text}` a valid image reference? If it is, what full reference does Docker normalise it to "
            "(the one `docker pull` would fetch)?"
        ),
        answer=answer,
        why=why,
        choices=choices.shuffled(rng),
        ask=Step(LAPTOP, f"docker pull {text}"),
        key=key,
        subject=text,
        engine=engine,
    )


def _reference_why(text: str, ref: reference.Reference) -> str:
    parts = []
    first = text.split("/", 1)[0] if "/" in text else ""
    if not first:
        parts.append("With no `/`, the name is an official Docker Hub name: `docker.io/library/` goes in front.")
    elif first == "localhost" or "." in first or ":" in first:
        parts.append(f"`{first}` has a `.` or `:` (or is `localhost`), so it is the registry host.")
    elif first != first.lower():
        parts.append(f"`{first}` has capitals, so Docker takes it as a registry host.")
    else:
        parts.append(f"`{first}` has no `.` or `:`, so it is a Docker Hub namespace, not a host.")
    if text in ("localhost:5000",):
        parts.append("Without a `/`, `localhost:5000` is the name `localhost` with the tag `5000`.")
    if ref.tag is None and ref.digest is None:
        parts.append("No tag was given, so Docker uses `:latest`.")
    return " ".join(parts)


def _push_text(n: int, total: int) -> str:
    if n == total and n:
        return f"it uploads all {_plural(total, 'layer')}"
    return f"it uploads {n} of its {_plural(total, 'layer')}"


def _push_upload(rng: random.Random, engine: str) -> QuizItem | None:
    story = Story(rng, engine)
    app, other = story.pick_apps(2)
    shelf = f"{REGISTRY}/{app}"
    # new-version and other-repo have only one misconception to offer (two choices): drawn less often
    shape = rng.choices(["new-version", "retag", "same-rebuild", "hotfix", "other-repo", "no-host"],
                        weights=[1, 2, 2, 2, 1, 2])[0]
    if shape == "other-repo":
        story.background([other])
        story.build(app, f"{shelf}:1.0")
        target = f"{shelf}:1.0"
    elif shape == "no-host":
        story.build(app, f"{app}:1.0")
        target = f"{app}:1.0"
    else:
        story.release(app, "1.0", latest=rng.random() < 0.3)
        if shape == "new-version":
            version = story.next_version("1.0")
            story.set_version(app, version)
            target = f"{shelf}:{version}"
            story.build(app, target)
        elif shape == "retag":
            target = f"{shelf}:{rng.choice(['stable', 'prod', 'latest'])}"
            story.tag(f"{shelf}:1.0", target)
        elif shape == "same-rebuild":
            target = f"{shelf}:{rng.choice(['1.0', '1.0.1'])}"
            story.build(app, target)
        else:
            story.tweak(app)
            target = f"{shelf}:1.0"
            story.build(app, target)
    step = Step(LAPTOP, f"docker push {target}")
    _, result = ask(story.world, step)
    image = local_image(story.world, target, LAPTOP)
    total = len(image.layers) if image else 0
    if result.exit_code:
        key: dict = {"error": error_text(result)}
        answer = f"it fails: {key['error']}"
    else:
        key = {"pushed": pushed_count(result), "layers": total}
        answer = _push_text(key["pushed"], total)
    why = {
        "new-version": "Only the layer holding the changed app differs from 1.0; the registry already has the "
        "others, so the push reports `Layer already exists` for them.",
        "retag": "The new tag names the same image: every layer is already on the shelf, so nothing is "
        "uploaded — the push only adds a label.",
        "same-rebuild": "Rebuilding unchanged sources gave back the same layers (on Docker 29's default store "
        "in a new index with a new build record, whose small blob is the only new upload), so all its "
        "layers are already on the shelf.",
        "hotfix": "The sources changed, so the app layer is new and must be uploaded; the base layers are "
        "already there.",
        "other-repo": f"The base layers are already in the registry (in `{other}`), so Docker mounts them "
        "(`Mounted from`) instead of uploading; only the app's own layer is pushed.",
        "no-host": f"`{target}` has no registry host, so the push goes to Docker Hub, which refuses it "
        "without `docker login` (and the name would have to be in your own namespace).",
    }[shape]
    choices = _Choices(answer, why)
    if total and "pushed" in key:
        if shape == "retag":
            choices.add(_push_text(total, total), "tag-creates-image")
        if shape == "same-rebuild":
            choices.add(_push_text(min(key["pushed"] + 1, total), total), "rebuild-new-version")
        if shape == "hotfix":
            choices.add(_push_text(0, total), "tags-are-immutable",
                        "The shelf already has a `1.0`, but the new build is a different image: its new layer "
                        "is uploaded and the label moves to it.")
        choices.add(_push_text(total, total), "layers-always-upload")
    if shape == "no-host":
        tagged, _ = ask(story.world, Step(LAPTOP, f"docker tag {target} {shelf}:1.0"))
        _, pushed = ask(tagged, Step(LAPTOP, f"docker push {shelf}:1.0"))
        if pushed.exit_code == 0 and total:
            choices.add(_push_text(pushed_count(pushed), total), "no-host-means-localhost")
        if total:
            choices.add(_push_text(total, total), "layers-always-upload")
    if len(choices) < 3 and shape not in ("other-repo", "new-version"):
        return None
    if len(choices) < 2:
        return None
    return QuizItem(
        id="",
        type="push-upload",
        question=(
            f"After the commands above, you run `{step.command}`. How many layers does it upload "
            "(lines ending in `Pushed`) — or what error does it give?"
        ),
        answer=answer,
        why=why,
        choices=choices.shuffled(rng),
        scenario=tuple(story.steps),
        ask=step,
        key=key,
        subject=target,
        engine=engine,
    )


_DIGEST_LINE = re.compile(r"^(?P<tag>\S+): digest: (?P<digest>sha256:[0-9a-f]{64}) size: \d+$")


def _digest_pull(rng: random.Random, engine: str) -> QuizItem | None:
    story = Story(rng, engine)
    (app,) = story.pick_apps(1)
    shelf = f"{REGISTRY}/{app}"
    first = story.version_now(app)
    story.release(app, first, latest=True, local_name=rng.random() < 0.3)
    pushed = (match for r in story.results for line in r.stdout if (match := _DIGEST_LINE.match(line)))
    first_push = next(pushed, None)
    pushed_digest = first_push.group("digest") if first_push else None
    if pushed_digest is None:
        return None
    version = first
    for _ in range(rng.choice([1, 1, 2])):
        version = story.next_version(version)
        story.release(app, version, latest=True, push_latest=True)
    if rng.random() < 0.35:  # a fix for the first version, pushed under its old tag
        story.set_version(app, f"{first}.1")
        story.build(app, f"{shelf}:{first}")
        story.push(f"{shelf}:{first}")
    machine = TEAMMATE if rng.random() < 0.7 else LAPTOP
    ref = f"{shelf}@{pushed_digest}"
    step = Step(machine, f"docker pull {ref}")
    world, result = ask(story.world, step)
    key = pulled_outcome(world, result, ref, machine)
    why = (
        "A digest names one exact manifest. Moving `latest` (or re-pushing a tag) leaves the old manifest on "
        "the shelf, untagged but still there, so pulling by digest gives the very edition that was pushed "
        "first — until someone deletes it or garbage-collects untagged manifests."
    )
    choices = _Choices(_outcome_text(key), why)
    for tag in (first, "latest"):  # the first push printed this digest for both tags
        now = prints(registry_image(story.world, f"{shelf}:{tag}"))
        choices.add(_outcome_text({"prints": now}) if now else None, "digest-follows-tag")
    gone = story.world.clone()
    gone.registry(REGISTRY).delete_manifest(app, pushed_digest, [])
    _, missing = ask(gone, step)
    if missing.exit_code:
        choices.add(_outcome_text({"error": error_text(missing)}), "tag-overwrites-source",
                    "Moving a tag does not delete the manifest it was on; only a delete by digest "
                    "(or garbage collection of untagged manifests) does.")
    lines = [line for _, _, line in shelf_editions(story.world, shelf)]
    choices.add(_outcome_text({"prints": _newest(lines)}) if _newest(lines) else None, "latest-is-newest")
    if len(choices) < 3:
        return None
    who, then = ("your teammate runs", "runs") if machine == TEAMMATE else ("you run", "run")
    return QuizItem(
        id="",
        type="digest-pull",
        question=(
            f"Your first push above printed the digest `{pushed_digest}`. After all the commands above, "
            f"{who} `{step.command}` and {then} the image. What does the app print — or what error does the "
            "pull give?"
        ),
        answer=choices.answer,
        why=why,
        choices=choices.shuffled(rng),
        scenario=tuple(story.steps),
        ask=step,
        key=key,
        subject=ref,
        engine=engine,
    )


def _local_label(rng: random.Random, engine: str) -> QuizItem | None:
    story = Story(rng, engine)
    (app,) = story.pick_apps(1)
    shelf = f"{REGISTRY}/{app}"
    first = story.version_now(app)
    story.release(app, first, latest=True, local_name=rng.random() < 0.5, push=rng.random() < 0.6,
                  push_latest=rng.random() < 0.5)
    if rng.random() < 0.6:  # newer versions; `latest` moved on the laptop, or not
        version = first
        for _ in range(rng.choice([1, 2, 2])):
            version = story.next_version(version)
            story.release(app, version, latest=rng.random() < 0.5, push=rng.random() < 0.7, push_latest=False)
        if rng.random() < 0.4:  # a fix for the first version, pushed last
            story.release(app, f"{first}.1", push=True)
        subject = f"{shelf}:latest"
    else:  # the first version rebuilt with a fix under the same tag
        story.set_version(app, f"{first}.1")
        story.build(app, f"{shelf}:{first}")
        subject = rng.choice([f"{shelf}:{first}", f"{shelf}:latest"])
    line = prints(local_image(story.world, subject, LAPTOP))
    if line is not None:
        key: dict = {"prints": line}
        answer = f"the image whose app prints: {line}"
        why = (
            f"On your laptop, `{subject}` is where the last build or `docker tag` naming it put it. "
            "Tagging never removes the source name, and `latest` moves only when a command names it."
        )
    else:
        key = {"missing": True}
        answer = "none: no image has that name on your laptop"
        why = f"No build, `docker tag` or pull ever gave an image the name `{subject}` on your laptop (or it was removed)."
    choices = _Choices(answer, why)
    local_lines = [
        prints(story.world.machines[LAPTOP].store.get(d)) for d in set(story.world.machines[LAPTOP].store.tags.values())
    ]
    if subject.endswith(":latest"):
        choices.add(f"the image whose app prints: {_newest(local_lines)}" if _newest(local_lines) else None,
                    "latest-is-newest")
    if key.get("prints") and any(s.command.startswith(f"docker tag {subject} ") for s in story.steps):
        choices.add("none: no image has that name on your laptop", "tag-overwrites-source")
    if subject.endswith(":latest"):
        pushed = _last_pushed_line(story, app)
        choices.add(f"the image whose app prints: {pushed}" if pushed else None, "push-moves-latest")
    first_line = None
    for result in story.results:
        for event in result.events:
            if event.kind == "LocalTagAdded" and f"{event.name}:{event.tag}" == str(reference.parse(subject)):
                first_line = first_line or prints(story.world.machines[LAPTOP].store.get(event.digest))
    choices.add(f"the image whose app prints: {first_line}" if first_line else None, "tags-are-immutable")
    if len(choices) < 3:
        return None
    return QuizItem(
        id="",
        type="local-label",
        question=f"After the commands above, which image does the name `{subject}` point at on your laptop?",
        answer=answer,
        why=why,
        choices=choices.shuffled(rng),
        scenario=tuple(story.steps),
        key=key,
        subject=subject,
        engine=engine,
    )


GENERATORS: dict[str, Callable[[random.Random, str], QuizItem | None]] = {
    "pull-version": _pull_version,
    "label-edition": _label_edition,
    "shelf-count": _shelf_count,
    "local-images": _local_images,
    "reference": _reference,
    "push-upload": _push_upload,
    "digest-pull": _digest_pull,
    "local-label": _local_label,
}
TYPES = tuple(GENERATORS)


def generate_one(seed: int, index: int, qtype: str, engine: str = "current") -> QuizItem:
    """Item ``index`` of a quiz: its own Random, so it does not depend on the items before it."""
    rng = random.Random(f"registry-tutor:{seed}:{index}:{qtype}:{engine}")
    item = None
    for _ in range(ATTEMPTS):
        item = GENERATORS[qtype](rng, engine)
        if item is not None:
            break
    if item is None:  # pragma: no cover - every type finds a story well within ATTEMPTS
        raise ScenarioFailed(f"no {qtype} question found for seed {seed}, item {index}")
    from dataclasses import replace

    return replace(item, id=f"s{seed}-{index + 1}-{qtype}")


def type_order(seed: int, count: int, types: tuple[str, ...] = TYPES) -> list[str]:
    """Question types for a quiz: every type once per round, each round shuffled by the seed."""
    rng = random.Random(f"registry-tutor:{seed}:order")
    order: list[str] = []
    while len(order) < count:
        round_ = list(types)
        rng.shuffle(round_)
        order.extend(round_)
    return order[:count]


def generate(seed: int, count: int, engine: str = "current", types: tuple[str, ...] | None = None) -> list[QuizItem]:
    """``count`` generated questions; the same seed (and engine) always gives the same quiz."""
    chosen = tuple(types) if types else TYPES
    unknown = [t for t in chosen if t not in GENERATORS]
    if unknown:
        raise ValueError(f"unknown question type(s): {', '.join(unknown)} (choose from {', '.join(TYPES)})")
    return [generate_one(seed, i, qtype, engine) for i, qtype in enumerate(type_order(seed, count, chosen))]
