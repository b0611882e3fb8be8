"""Generated questions: random but realistic scenarios, answered by the simulator.

``generate(seed, count)`` is reproducible: one ``random.Random`` per item,
seeded from the quiz seed, the item's number and its type (never the global
generator). Each question type builds a ``Story`` (see scenario.py) and names a
reader (answers.py). The keyed answer is the reader on the real replay; each
distractor is the reader on a wrong model's replay (wrong_models.py), tagged
with that misconception; plain slips (untagged) only fill up to three or four
choices, picked so the key's rank is left to chance (choices.py).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from dataclasses import replace

from tutor.quiz import answers
from tutor.quiz.choices import numbers, pick, version
from tutor.quiz.questions import QuizItem, Step
from tutor.quiz.scenario import (
    LAPTOP,
    MACHINE_WORDS,
    REGISTRY,
    TEAMMATE,
    ScenarioFailed,
    Story,
    ask,
    version_key,
)
from tutor.quiz.wrong_models import team_registry_host
from tutor.sim import reference

ATTEMPTS = 40  # stories tried per item


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cmd(step: Step | None) -> str:
    return f"`{step.command}`" if step else "a command above"


@functools.cache
def rebuild_changes_id(engine: str) -> bool:
    """Does an unchanged rebuild get a new image ID on this profile? Asked of the simulator itself."""
    from tutor.quiz.wrong_models import replay

    steps = [Step(LAPTOP, "cd ~/myapp1"), Step(LAPTOP, "docker build -t myapp1 ."), Step(LAPTOP, "docker build -t myapp1 .")]
    run = replay(steps, engine=engine)
    store = run.world.machines[LAPTOP].store
    first, last = (store.get(d) for _, d in (run.built[0], run.built[-1]))
    return first.image_id(engine) != last.image_id(engine)


def engine_note(engine: str) -> str:
    """The assumption builds depend on, stated in the question (true for the profile, asked of the simulator)."""
    where = ("On Docker Engine 29 as installed (containerd image store)" if engine == "current"
             else "On the classic image store")
    if rebuild_changes_id(engine):
        return (f"{where}, every build — even of unchanged sources — records its own build provenance, so each "
                "build (yours or a teammate's) is a new image ID.")
    return (f"{where}, a build of unchanged sources gives back the very same image, and a teammate's build of "
            "the same sources is that same image too.")


def _slip_versions(line: str | None, app: str) -> list[str]:
    """Lines an app could print, near the key's version (plain slips, both sides of it)."""
    found = version(line or "")
    major, minor = (found + (0, 0))[:2] if found else (1, 0)
    near = [f"{major}.{minor + 1}", f"{major + 1}.0", f"{major}.{max(minor - 1, 0)}", f"{max(major - 1, 0)}.9",
            f"{major}.{minor}.1", f"{major}.{minor + 1}.0", f"{major}.{minor}"]
    return [f"the app prints: Hello from {app}, version {v}" for v in near]


def _version_order(text: str):
    return version(text)


def _count_order(text: str):
    found = numbers(text)
    return found or None


def _length_order(text: str):
    return len(text)


def _assemble(rng: random.Random, item: QuizItem, why: str, slips: list[str], order) -> QuizItem | None:
    """Key from the real replay, distractors from the wrong models, slips to fill, ranks left to chance."""
    keyed = answers.truth(item)
    if len(keyed) != 1:
        return None
    answer = keyed[0]
    predicted = [(text, tag, "") for text, tag in answers.all_predictions(item) if text != answer]
    choices = pick(rng, answer, why, predicted, slips, order)
    if choices is None:
        return None
    return replace(item, answer=answer, why=why, choices=choices)


def _draft(qtype: str, question: str, story: Story | None, ask_step: Step | None, subject: str, engine: str,
           key: dict | None = None, setup: str = "default") -> QuizItem:
    if story is not None:
        story.remember()
    return QuizItem(
        id="", type=qtype, question=question, answer="", why="",
        scenario=tuple(story.steps) if story else (), ask=ask_step, key=key or {}, subject=subject,
        engine=engine, setup=story.setup if story else setup,
    )


def _who(machine: str) -> tuple[str, str, str]:
    if machine == TEAMMATE:
        return "your teammate runs", "runs", "on their laptop"
    return "you run", "run", "on your laptop"


# --- question types -----------------------------------------------------------


def _shelf_story(rng: random.Random, engine: str, noise: int = 2) -> tuple[Story, str, list[str], str | None]:
    """Several releases of one app (pushed or forgotten, `latest` moved or not), sometimes a teammate's
    release, a backported fix pushed last, or a version tag overwritten by a fixed build.
    -> (story, app, versions, the overwritten tag or None)."""
    teammate = rng.random() < 0.3
    story = Story(rng, engine, team=teammate or rng.random() < 0.3)
    app, *others = story.pick_apps(1 + noise)
    story.background(others[: rng.randint(0, noise)])
    versions = story.release_series(app)
    if teammate:
        teammate_version = story.next_version(max(versions, key=version_key))
        story.release(app, teammate_version, TEAMMATE, latest=rng.random() < 0.5)
        versions.append(teammate_version)
    overwritten = None
    twist = rng.random()
    repo = story.world.registry(story.registry).repository(app)
    pushed = sorted(tag for tag in (repo.tags if repo else {}) if tag != "latest" and tag in versions)
    if twist < 0.3:  # a fix for the first version, released (and pushed) after the newer ones
        story.release(app, f"{versions[0]}.1", push=True)
        versions.append(f"{versions[0]}.1")
    elif twist < 0.55 and pushed:  # a fixed build pushed under an existing version tag
        overwritten = rng.choice(pushed)
        story.set_version(app, f"{overwritten}.1")
        story.build(app, f"{story.registry}/{app}:{overwritten}")
        story.push(f"{story.registry}/{app}:{overwritten}")
    return story, app, versions, overwritten


def _pull_slips(story: Story, machine: str, ref: str, app: str, key_line: str | None) -> list[str]:
    slips = _slip_versions(key_line, app)
    error = _not_found_error(story, machine, ref)
    if error:
        slips.append(f"it fails: {error}")
    return slips


def _not_found_error(story: Story, machine: str, ref: str) -> str | None:
    """The simulator's own words for a pull of `ref` if its tag were not on the registry."""
    parsed = reference.parse(ref)
    world = story.world.clone()
    registry = world.registries.get(parsed.domain)
    if registry is not None:
        registry.delete_tag(parsed.path, parsed.tag or "latest", [])
        if parsed.digest:
            registry.delete_manifest(parsed.path, parsed.digest, [])
    _, result = ask(world, Step(machine, f"docker pull {ref}"))
    return answers.error_text(result) if result.exit_code else None


def _pull_version(rng: random.Random, engine: str) -> QuizItem | None:
    story, app, versions, overwritten = _shelf_story(rng, engine)
    machine = TEAMMATE if story.setup == "team" and rng.random() < 0.7 else LAPTOP
    kind = rng.choices(["latest", "tag", "nohost"], weights=[6, 3, 2])[0]
    repo = story.world.registry(story.registry).repository(app)
    forgotten = [v for v in versions if not (repo and v in repo.tags)]
    candidates = [overwritten] if overwritten else forgotten
    if kind == "tag" and not candidates:
        kind = "latest"
    tag = rng.choice(candidates) if kind == "tag" else "latest"
    shelf = f"{story.registry}/{app}"
    ref = {"latest": shelf, "tag": f"{shelf}:{tag}", "nohost": app}[kind]
    step = Step(machine, f"docker pull {ref}")
    world, result = ask(story.world, step)
    failed = result.exit_code != 0
    if kind == "nohost":
        why = (f"`{ref}` has no registry host, so Docker reads it as `docker.io/library/{app}:latest`: it asks "
               f"Docker Hub, not the registry at {story.registry}" + (", and Hub has no such repository." if failed
                                                                    else "."))
    elif failed:
        why = (f"Nobody ever pushed the tag `{tag}` to {shelf}. "
               + ("`docker pull NAME` means `NAME:latest`, and `latest` is a tag like any other: " if kind == "latest"
                  else "")
               + "a tag only reaches the registry when it is pushed (building or tagging locally is not enough).")
    else:
        setter = story.last_step_setting(("RegistryTagAdded", "RegistryTagMoved"), repository=app, tag=tag)
        why = (f"The registry's `{tag}` label points at the edition it was last pushed with: {_cmd(setter)} "
               f"(on {MACHINE_WORDS.get(setter.machine if setter else LAPTOP)}). "
               + ("Pushing other versions does not move `latest`; only pushing `latest` itself does."
                  if tag == "latest" else "")).strip()
    who, then, where = _who(machine)
    item = _draft("pull-version", f"After the commands above, {who} `{step.command}` {where}, then {then} the image. "
                  "What does the app print — or what error does the pull give?", story, step, ref, engine)
    line = answers.prints(world.machines[machine].store.get(
        next((e.digest for e in result.events if e.kind == "ImagePulled"), ""))) if not failed else None
    return _assemble(rng, item, why, _pull_slips(story, machine, ref, app, line), _length_order)


def _label_edition(rng: random.Random, engine: str) -> QuizItem | None:
    story, app, _, overwritten = _shelf_story(rng, engine, noise=1)
    tag = overwritten if overwritten and rng.random() < 0.5 else "latest"
    shelf = f"{story.registry}/{app}"
    repo = story.world.registry(story.registry).repository(app)
    if repo is not None and tag in repo.tags:
        setter = story.last_step_setting(("RegistryTagAdded", "RegistryTagMoved"), repository=app, tag=tag)
        why = (f"A label on a shelf points where its last push put it: {_cmd(setter)}. Nothing else moves it — "
               "not pushing other versions, not tagging on a laptop without pushing.")
    else:
        why = f"`{tag}` was never pushed to {shelf}: a label exists on the registry only once a push names it."
    item = _draft("label-edition", f"After the commands above, which edition does the label `{tag}` on the shelf "
                  f"`{shelf}` (the repository in the registry at {story.registry}) point at?", story, None,
                  f"{shelf}:{tag}", engine)
    run = story.run_state
    slips = [answers.NO_LABEL.format(tag=tag)]
    if repo is not None:
        slips += [answers.edition_name(item, run, story.registry, app, d) for d in repo.manifests]
    return _assemble(rng, item, why, [s for s in slips if s], _length_order)


def _shelf_count(rng: random.Random, engine: str) -> QuizItem | None:
    extras = rng.sample(["same", "hotfix", "latest", "teammate"], k=rng.choice([1, 2, 2, 3]))
    story = Story(rng, engine, team="teammate" in extras)
    (app,) = story.pick_apps(1)
    shelf = f"{story.registry}/{app}"
    versions = story.release_series(app, count=rng.choice([1, 2, 2, 3]))
    ref = f"{shelf}:{versions[-1]}"
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
    editions, labels = answers.shelf_counts(story.run_state, shelf)
    repo = story.world.registry(story.registry).repository(app)
    untagged = len(repo.untagged()) if repo else 0
    why = (
        f"The registry holds {_plural(editions, 'edition')} (distinct manifests) and {_plural(labels, 'label')}. "
        "Several labels can share one edition; a push that names a label moves it, and an edition it leaves "
        + (f"stays on the shelf: here {_plural(untagged, 'edition')} with no label, still pullable by digest."
           if untagged else "stays on the shelf (here every edition still has a label).")
    )
    what = rng.choice(["editions", "labels"])  # one question, one count
    words = "editions (distinct manifests)" if what == "editions" else "labels (tags)"
    item = _draft("shelf-count", f"{engine_note(engine)} After the commands above, how many {words} are on the "
                  f"shelf `{shelf}` in the registry?", story, None, shelf, engine, key={"count": what})
    n = editions if what == "editions" else labels
    slips = [f"{k} {what[:-1] if k == 1 else what}" for k in range(max(n - 2, 0), n + 3)]
    return _assemble(rng, item, why, slips, _count_order)


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
    n, n_tags = answers.app_images(story.run_state, app, REGISTRY)
    rebuilds = rebuild_changes_id(engine)
    why = (
        f"{_plural(n_tags, 'name')} but {_plural(n, 'image')}: `docker tag` only adds a name to an existing "
        "image (same image ID). "
        + ("On this engine every build records its own provenance, so each build is a new image ID, even of "
           "unchanged sources; a build that moves a name leaves the old image under its other names (or untagged)."
           if rebuilds else
           "A build of unchanged sources gives back the very same image; only a change to the sources made a "
           "new one.")
    )
    item = _draft("local-images", f"{engine_note(engine)} After the commands above, how many different images "
                  f"(different image IDs) on your laptop carry a `{app}` name (`{app}:…` or `{REGISTRY}/{app}:…`)?",
                  story, None, f"{app}@{REGISTRY}", engine)
    slips = [answers.images_text(k) for k in range(max(n - 2, 0), n + 3)]
    return _assemble(rng, item, why, slips, _count_order)


# Reference shapes: some valid with surprises, some invalid in the ways people get wrong.
_REFERENCE_SHAPES = [
    "{app}", "{app}:{v}", "localhost:5000/{app}:{v}", "localhost/{app}", "team/{app}:{v}",
    "ghcr.io/team/{app}:v{v}", "localhost:5000", "{app}:Latest", "my__app{n}", "MyOrg/{app}",
    "localhost:5000/team/{app}", "docker.io/{app}", "index.docker.io/library/{app}:{v}",
    "MyApp{n}", "localhost:5000/MyApp{n}:{v}", "{app}:-{v}", "my..app{n}", "{app}:", "-{app}",
    "{app}:{v}:{v}", "Team/MyApp{n}", "{app}@sha256:abc123", "LocalHost:5000/{app}",
]


def _reference(rng: random.Random, engine: str) -> QuizItem | None:
    n = rng.randint(1, 25)
    text = rng.choice(_REFERENCE_SHAPES).format(app=f"myapp{n}", n=n, v=rng.choice(["1.0", "2.0", "1.1", "3.2"]))
    try:
        ref = reference.parse(text)
        why = _reference_why(text, ref)
    except Exception as exc:  # InvalidReference: Docker's own message is the answer
        ref = None
        why = f"Docker's reference parser (distribution/reference) refuses `{text}` with exactly this message: {exc}"
    item = _draft("reference", f"Is `{text}` a valid image reference? If it is, what full reference does Docker "
                  "normalise it to (name and tag, as `docker pull` would fetch it)?", None,
                  Step(LAPTOP, f"docker pull {text}"), text, engine)
    item = replace(item, key=({"valid": True, "normalized": str(ref.tag_or_latest())} if ref else
                              {"valid": False, "error": answers.read_reference(item)[0].removeprefix("invalid: ")}))
    slips = ["invalid: invalid reference format", f"valid: {text.lower()}", f"valid: {text}"]
    if "/" not in text:  # a bare name read as an official image, its tag dropped
        slips.append(f"valid: docker.io/library/{text.lower().split(':')[0].split('@')[0]}:latest")
    if ":" in text.rsplit("/", 1)[-1]:  # distribution/reference's own messages (ErrTagInvalidFormat, ...)
        slips.append("invalid: invalid tag format")
    if "@" in text:
        slips.append("invalid: invalid digest format")
    guess = ref
    if guess is None:
        try:
            guess = reference.parse(text.lower())
        except Exception:  # InvalidReference: no guess to build on
            guess = None
    if guess is not None:
        slips.append(f"valid: docker.io/{guess.path}:{guess.tag or 'latest'}")
        slips.append(f"valid: {guess.domain}/{guess.path}")
        if guess.domain == "docker.io":  # Hub's other host names, met in logs and old docs
            slips.append(f"valid: registry-1.docker.io/{guess.path}:{guess.tag or 'latest'}")
            slips.append(f"valid: index.docker.io/{guess.path}:{guess.tag or 'latest'}")
        else:  # `library/` put where it does not belong
            slips.append(f"valid: {guess.domain}/library/{guess.path}:{guess.tag or 'latest'}")
        if text != text.lower():  # the real message for capitals, with the path Docker would show
            slips.append(f"invalid: invalid reference format: repository name ({guess.path}) must be lowercase")
    return _assemble(rng, item, why, slips, _length_order)


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


def _push_upload(rng: random.Random, engine: str) -> QuizItem | None:
    story = Story(rng, engine)
    app, other = story.pick_apps(2)
    shelf = f"{REGISTRY}/{app}"
    shape = rng.choice(["new-version", "retag", "same-rebuild", "hotfix", "other-repo", "no-host", "tagged-later"])
    if shape == "other-repo":
        story.background([other])
        story.build(app, f"{shelf}:1.0")
        target = f"{shelf}:1.0"
    elif shape == "no-host":
        story.build(app, f"{app}:1.0")
        target = f"{app}:1.0"
    elif shape == "tagged-later":  # built under a local name, tagged for the registry, pushed for the first time
        story.build(app, f"{app}:1.0")
        story.tag(f"{app}:1.0", f"{shelf}:1.0")
        target = f"{shelf}:1.0"
    else:
        story.release(app, "1.0", latest=rng.random() < 0.3)
        if shape == "new-version":
            version_ = story.next_version("1.0")
            story.set_version(app, version_)
            target = f"{shelf}:{version_}"
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
    why = {
        "new-version": "Only the layer holding the changed app differs from 1.0; the registry already has the "
        "others, so the push reports `Layer already exists` for them.",
        "retag": "The new tag names the same image: every layer is already on the shelf, so nothing is "
        "uploaded — the push only adds a label.",
        "same-rebuild": "Rebuilding unchanged sources gives the same layers, so they are all already on the shelf"
        + (" (only the new build record, the provenance attestation, is new on this engine)."
           if rebuild_changes_id(engine) else "."),
        "hotfix": "The sources changed, so the app layer is new and must be uploaded; the base layers are "
        "already there.",
        "other-repo": f"The base layers are already in the registry (in `{other}`), so Docker mounts them "
        "(`Mounted from`) instead of uploading; only the app's own layer is pushed.",
        "no-host": f"`{target}` has no registry host, so the push goes to Docker Hub, which refuses it "
        "without `docker login` (and the name would have to be in your own namespace).",
        "tagged-later": "Nothing of this image is in the registry yet, so every layer is uploaded (the name "
        "given on your laptop reached nothing until this push).",
    }[shape]
    item = _draft("push-upload", f"After the commands above, you run `{step.command}`. How many of the image's "
                  "layers does it upload (a layer's line ending in `Pushed`) — or what error does it give?", story, step,
                  target, engine)
    _, result = ask(story.world, step)
    image = story.world.machines[LAPTOP].store.get(
        __import__("tutor.sim.query", fromlist=["local_digest"]).local_digest(story.world, target, LAPTOP) or "")
    total = len(image.layers) if image else 0
    slips = [answers.push_text(k, total) for k in range(total + 1)]
    if not result.exit_code:
        slips.append(f"it fails: {_denied_text(story, target)}")
    return _assemble(rng, item, why, slips, _count_order)


def _denied_text(story: Story, target: str) -> str:
    """Docker Hub's refusal, in the simulator's words (a slip for pushes that do work)."""
    world = story.world.clone()
    _, result = ask(world, Step(LAPTOP, f"docker tag {target} someone/{target.rsplit('/', 1)[-1]}"))
    _, pushed = ask(world, Step(LAPTOP, f"docker push someone/{target.rsplit('/', 1)[-1]}"))
    return answers.error_text(pushed) or "denied: requested access to the resource is denied"


def _digest_pull(rng: random.Random, engine: str) -> QuizItem | None:
    story = Story(rng, engine, team=rng.random() < 0.7)
    (app,) = story.pick_apps(1)
    shelf = f"{story.registry}/{app}"
    first = rng.choice(["1.0", "1.0.3", "2.1.0", "1.2.5"])  # versions of both lengths: length gives nothing away
    story.release(app, first, latest=True, local_name=rng.random() < 0.3)
    pushed_digest = _first_push_digest(story)
    if pushed_digest is None:
        return None
    version_ = first
    for _ in range(rng.choice([0, 1, 1, 2])):
        version_ = story.next_version(version_)
        story.release(app, version_, latest=rng.random() < 0.8, push_latest=True)
    if rng.random() < 0.4:  # a fix for the first version, pushed under its old tag
        story.set_version(app, _fix_version(first))
        story.build(app, f"{shelf}:{first}")
        story.push(f"{shelf}:{first}")
    machine = TEAMMATE if story.setup == "team" and rng.random() < 0.7 else LAPTOP
    ref = f"{shelf}@{pushed_digest}"
    step = Step(machine, f"docker pull {ref}")
    repo = story.world.registry(story.registry).repository(app)
    still = repo.tags_of(pushed_digest) if repo else []
    why = (
        "A digest names one exact manifest, whatever happens to the tags. "
        + (f"Here that edition still carries {', '.join(f'`{t}`' for t in still)}; pulling by digest gives it "
           "either way." if still else
           "Moving its tags left that manifest on the shelf, untagged but still there, so pulling by digest gives "
           "the very edition that was pushed first — until someone deletes it or garbage-collects untagged "
           "manifests.")
    )
    who, then, _ = _who(machine)
    item = _draft("digest-pull", f"Your first push above printed the digest `{pushed_digest}`. After all the "
                  f"commands above, {who} `{step.command}` and {then} the image. What does the app print — or "
                  "what error does the pull give?", story, step, ref, engine)
    # no error slips here: a digest pull that works is the usual key, and long errors beside it would give it away
    return _assemble(rng, item, why, _slip_versions(f"version {first}", app), _length_order)


def _fix_version(version_: str) -> str:
    """The next patch release: 1.0 -> 1.0.1, 2.1.0 -> 2.1.1."""
    parts = version_.split(".")
    return f"{version_}.1" if len(parts) < 3 else ".".join([*parts[:-1], str(int(parts[-1]) + 1)])


def _first_push_digest(story: Story) -> str | None:
    for result in story.results:
        for event in result.events:
            if event.kind == "ManifestPushed":
                return event.digest
    return None


def _local_label(rng: random.Random, engine: str) -> QuizItem | None:
    story = Story(rng, engine)
    (app,) = story.pick_apps(1)
    shelf = f"{REGISTRY}/{app}"
    first = story.version_now(app)
    story.release(app, first, latest=True, local_name=rng.random() < 0.5, push=rng.random() < 0.6,
                  push_latest=rng.random() < 0.5)
    if rng.random() < 0.6:  # newer versions; `latest` moved on the laptop, or not
        version_ = first
        for _ in range(rng.choice([1, 2, 2])):
            version_ = story.next_version(version_)
            story.release(app, version_, latest=rng.random() < 0.5, push=rng.random() < 0.7, push_latest=False)
        if rng.random() < 0.4:  # a fix for the first version, pushed last
            story.release(app, f"{first}.1", push=True)
        subject = f"{shelf}:latest"
    else:  # the first version rebuilt with a fix under the same tag
        story.set_version(app, f"{first}.1")
        story.build(app, f"{shelf}:{first}")
        subject = rng.choice([f"{shelf}:{first}", f"{shelf}:latest"])
    why = (f"On your laptop, `{subject}` is where the last build or `docker tag` naming it put it. "
           "Tagging never removes the source name, and `latest` moves only when a command names it.")
    item = _draft("local-label", f"After the commands above, which image does the name `{subject}` point at on "
                  "your laptop?", story, None, subject, engine)
    run = story.run_state
    store = story.world.machines[LAPTOP].store
    slips = [answers.NO_NAME] + [answers.image_name(item, run, LAPTOP, d) for d in dict.fromkeys(store.tags.values())]
    return _assemble(rng, item, why, [s for s in slips if s], _length_order)


def _rebuild_id(rng: random.Random, engine: str) -> QuizItem | None:
    """Rebuilds on each profile: the same image (classic), a new attested index around the same image
    (Docker 29's default), or new content (changed sources)."""
    if engine == "current":  # the type is about the difference: a default quiz asks about both profiles
        engine = rng.choice(["current", "classic"])
    story = Story(rng, engine)
    (app,) = story.pick_apps(1)
    ref = f"{REGISTRY}/{app}:1.0"
    story.build(app, ref)
    if rng.random() < 0.5:
        story.tag(ref, f"{REGISTRY}/{app}:latest")
    if rng.random() < 0.4:
        story.push(ref)
    change = rng.choice(["none", "none", "tweak", "touch-other"])
    if change == "tweak":
        story.tweak(app)
    elif change == "touch-other":  # a change in another app's folder changes nothing here
        other = story.pick_apps(2)[-1]
        if other != app:
            story.tweak(other)
            story.goto(app)
    story.build(app, rng.choice([ref, f"{REGISTRY}/{app}:1.0-rebuild", f"{app}:dev"]))
    profile = ("Docker Engine 29 as a fresh install runs it (containerd image store, BuildKit's default "
               "provenance attestation)" if engine == "current" else
               "the classic image store (no attestations)")
    item = _draft("rebuild-id", f"On {profile}: compare the image the last `docker build` above made with the one "
                  "the first made. Which is true?", story, None, app, engine)
    keyed = answers.truth(item)
    why = {  # by what the simulator answered, so the explanation is the replayed world's
        answers.REBUILD[(True, True)]: "Unchanged sources give the same layers and the same config, so the very "
        "same image and image ID" + (" (the classic store adds no attestation)." if engine == "classic" else "."),
        answers.REBUILD[(False, True)]: "The layers are the same (unchanged sources), but each build on Docker 29's "
        "default store is an image index holding the image manifest and a provenance attestation that records "
        "this build: the index digest — the image ID — is new every time.",
        answers.REBUILD[(False, False)]: "The sources changed between the builds, so the app layer is new, and "
        "with it the image and its image ID.",
    }
    text = why.get(keyed[0] if keyed else "", "")
    return _assemble(rng, item, text, list(answers.REBUILD.values()), None)


def _localhost_machine(rng: random.Random, engine: str) -> QuizItem | None:
    """`localhost` is each machine's own: a teammate reaches a team registry by its host name."""
    team = team_registry_host()
    if team is None:
        return None
    story = Story(rng, engine, team=True)
    (app,) = story.pick_apps(1)
    version_ = rng.choice(["1.0", "1.1", "2.0"])
    if version_ != "1.0":
        story.set_version(app, version_)
    pushed_to = rng.choice([REGISTRY, team])
    story.build(app, f"{pushed_to}/{app}:{version_}")
    story.push(f"{pushed_to}/{app}:{version_}")
    pulled_from = rng.choice([team, team, REGISTRY]) if pushed_to == team else rng.choice([REGISTRY, REGISTRY, team])
    ref = f"{pulled_from}/{app}:{version_}"
    step = Step(TEAMMATE, f"docker pull {ref}")
    _, result = ask(story.world, step)
    if pulled_from == REGISTRY:
        why = ("`localhost` always means the machine you are on: on your teammate's laptop, `localhost:5000` is "
               "their own laptop, where no registry runs. Share images through a registry both reach by host "
               f"name, such as `{team}`.")
    elif pushed_to == team:
        why = f"Both laptops reach the team registry `{team}` by its host name, so the teammate gets what you pushed."
    else:
        why = (f"You pushed to `localhost:5000`, the registry on your own laptop; `{team}` is another registry, "
               "and nothing was pushed there.")
    item = _draft("localhost-machine", f"After the commands above (on your laptop), your teammate runs "
                  f"`{step.command}` on their laptop, then runs the image. What does the app print — or what "
                  "error does the pull give?", story, step, ref, engine)
    slips = _pull_slips(story, TEAMMATE, ref, app, f"version {version_}") + _teammate_errors(story, team, app, version_)
    return _assemble(rng, item, why, slips, _length_order)


def _teammate_errors(story: Story, team: str, app: str, version_: str) -> list[str]:
    """What else a teammate's pull can say, in the simulator's words: their own localhost refusing the
    connection, and a team registry without TLS that their Docker was not told to trust."""
    errors = []
    _, refused = ask(story.world, Step(TEAMMATE, f"docker pull {REGISTRY}/{app}:{version_}"))
    if refused.exit_code:
        errors.append(f"it fails: {answers.error_text(refused)}")
    plain = story.world.clone()
    registry = plain.registries.get(team)
    if registry is not None and hasattr(registry, "tls"):
        registry.tls = False
        _, http = ask(plain, Step(TEAMMATE, f"docker pull {team}/{app}:{version_}"))
        if http.exit_code:
            errors.append(f"it fails: {answers.error_text(http)}")
    return errors


def _digest_pin(rng: random.Random, engine: str) -> QuizItem | None:
    """Pinning by digest: the one reference that keeps naming an edition after its tags move."""
    story = Story(rng, engine, team=rng.random() < 0.5)
    (app,) = story.pick_apps(1)
    shelf = f"{story.registry}/{app}"
    story.release(app, "1.0", latest=True)
    digest = _first_push_digest(story)
    if digest is None:
        return None
    story.set_version(app, "1.0.1")  # a fix re-pushed as 1.0, and `latest` moved to it
    story.build(app, f"{shelf}:1.0")
    story.push(f"{shelf}:1.0")
    if rng.random() < 0.5:
        story.release(app, "1.1", latest=True)
    else:
        story.tag(f"{shelf}:1.0", f"{shelf}:latest")
        story.push(f"{shelf}:latest")
    repo = story.world.registry(story.registry).repository(app)
    other = rng.choice([d for d in repo.manifests if d != digest])
    machine = TEAMMATE if story.setup == "team" and rng.random() < 0.6 else LAPTOP
    candidates = [f"docker pull {shelf}:1.0", f"docker pull {shelf}:latest", f"docker pull {shelf}@{digest}",
                  f"docker pull {app}@{digest}", f"docker pull {shelf}@{other}",
                  # a tag next to a digest is ignored: Docker pulls the digest (these name the other edition)
                  f"docker pull {shelf}:1.0@{other}", f"docker pull {shelf}:latest@{other}"]
    who = MACHINE_WORDS[machine]
    item = _draft("digest-pin", f"Your first push above printed the digest `{digest}` — the edition you tested. "
                  f"Which command, run now on {who}, pulls exactly that edition?", story, None, shelf, engine,
                  key={"digest": digest, "candidates": candidates, "machine": machine})
    why = ("Tags move: `1.0` was re-pushed with a fix and `latest` was moved, so both now name another edition. "
           f"A digest names one manifest for good, and `{shelf}@…` asks the registry that holds it "
           f"(`{app}@…`, with no host, would ask Docker Hub).")
    return _assemble(rng, item, why, [f"`{c}`" for c in candidates], _length_order)


GENERATORS: dict[str, Callable[[random.Random, str], QuizItem | None]] = {
    "pull-version": _pull_version,
    "label-edition": _label_edition,
    "shelf-count": _shelf_count,
    "local-images": _local_images,
    "reference": _reference,
    "push-upload": _push_upload,
    "digest-pull": _digest_pull,
    "local-label": _local_label,
    "rebuild-id": _rebuild_id,
    "digest-pin": _digest_pin,
    **({"localhost-machine": _localhost_machine} if team_registry_host() else {}),
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
