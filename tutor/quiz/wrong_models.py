"""Misconceptions you can run: each one a wrong model of Docker, built on the real simulator.

A wrong model replays a quiz scenario the way a learner who holds one misconception
imagines it: the same command lines go through the real simulator (``tutor.sim`` is never
changed), and the model rewrites a line before it runs or adjusts the world after it — a
`docker push` that also moves `latest`, a `docker tag` that copies the image, a rebuild that
always makes new content. A quiz reads its answer off the real replay; a distractor is what
it reads off a wrong replay, and it carries that model's misconception only then.

``replay(steps, ask, engine, setup, model)`` is the one replay used for keys and distractors
alike (``model=None`` is the truth). Each replay remembers which scenario line brought each
edition to a shelf and each image to a laptop, so choices can name them by their history.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import shlex
from dataclasses import dataclass, field

from tutor.quiz.questions import Step
from tutor.sim import query, reference
from tutor.sim.errors import InvalidReference
from tutor.sim.result import Result
from tutor.sim.shell import Shell
from tutor.sim.world import LAPTOP, World, same_state

LOCAL_REGISTRY = "localhost:5000"
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


# --- the world a scenario starts in -------------------------------------------------


def team_registry_host() -> str | None:
    """The host name of the team registry, when the simulator has one (else teammates share localhost)."""
    from tutor.sim import world as world_module

    if not hasattr(World, "add_team_registry"):
        return None
    return getattr(world_module, "TEAM_REGISTRY", None)


def fresh_world(engine: str, setup: str = "default") -> World:
    """A fresh default world; ``setup="team"`` adds the team registry (TLS, so every machine trusts it)."""
    world = World.default(engine)
    if setup == "team" and team_registry_host():
        world.add_team_registry(tls=True)
    return world


def run_step(world: World, shells: dict[str, Shell], step: Step) -> Result:
    """Run one line on its machine (created on first use)."""
    if step.machine not in world.machines:
        world.add_machine(step.machine)
    world.current = step.machine
    shell = shells.get(step.machine)
    if shell is None:
        shell = shells[step.machine] = Shell(world)
    return shell.run(step.command)


# --- a replay and what it remembers ----------------------------------------------------


@dataclass
class Run:
    """A replayed scenario: the world after it, the asked command's result, and each object's history."""

    world: World
    result: Result | None = None
    ask: Step | None = None  # the asked line as the model ran it (a model may rewrite it)
    shelved: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (host, repo, digest) -> step
    made: dict[tuple[str, str], int] = field(default_factory=dict)  # (machine, local digest) -> step
    built: list[tuple[int, str]] = field(default_factory=list)  # (step, local digest) of every build
    failed: bool = False  # a scenario line failed under the model: it predicts nothing
    ctx: dict = field(default_factory=dict)  # the model's own memory, carried into asked lines

    def copy(self) -> Run:
        return Run(self.world.clone(), shelved=dict(self.shelved), made=dict(self.made), built=list(self.built),
                   failed=self.failed)

    def note(self, index: int, result: Result, machine: str) -> None:
        for event in result.events:
            kind = event.kind
            if kind == "ManifestPushed" or kind in ("RegistryTagAdded", "RegistryTagMoved"):
                self.shelved.setdefault((event.registry, event.repository, event.digest), index)
            elif kind in ("ImageBuilt", "LocalTagAdded", "LocalTagMoved", "ImagePulled"):
                self.made.setdefault((getattr(event, "machine", machine), event.digest), index)
            if kind == "ImageBuilt":
                self.built.append((index, event.digest))

    def note_world(self, index: int) -> None:
        """Editions and images a model put there without an event belong to the line that caused them."""
        for host, registry in self.world.registries.items():
            for path, repo in registry.repositories.items():
                for digest in repo.manifests:
                    self.shelved.setdefault((host, path, digest), index)
        for name, machine in self.world.machines.items():
            for digest in machine.store.images:
                self.made.setdefault((name, digest), index)


class WrongModel:
    """The truth, unless a subclass says otherwise: override ``rewrite`` and/or ``after``."""

    name = ""
    verbs: tuple[str, ...] = ("build", "tag", "push", "pull", "rmi")  # lines where it may first act
    types: tuple[str, ...] = ()  # question types it speaks to (empty: all)
    probe = True  # find where it first differs by trying it on the true replay's states

    def acts_on(self, step: Step, asked: bool) -> bool:
        return docker_verb(step.command)[0] in self.verbs

    def first_active(self, steps: list[Step], asks: list[Step]) -> int:
        """The first line this model may change (lines before it replay as the truth does)."""
        for index, step in enumerate(steps):
            if self.acts_on(step, False):
                return index
        return len(steps)

    def start(self, engine: str) -> dict:
        return {}

    def engine(self, engine: str) -> str:
        return engine

    def applies(self, steps: list[Step], ask: Step | None, engine: str) -> bool:
        return True

    def rewrite(self, step: Step, world: World, ctx: dict, asked: bool) -> tuple[list[Step], int]:
        """The lines actually run for one typed line, and which of them is the typed one's result."""
        return [step], 0

    def after(self, world: World, step: Step, result: Result, ctx: dict, run) -> None:
        """Adjust the world after a line ran (``run(step)`` runs a hidden line)."""


def replay(
    steps, ask: Step | None = None, engine: str = "current", setup: str = "default", model: WrongModel | None = None
) -> Run:
    """Type the scenario (then the asked line) into a fresh world, the way ``model`` imagines it."""
    if ask is None:
        return _replay(tuple(steps), engine, setup, model or WrongModel())
    return replay_asks(steps, [ask], engine, setup, model)[0]


def replay_asks(steps, asks, engine="current", setup="default", model: WrongModel | None = None) -> list[Run]:
    """One replay of the scenario, then each asked line on its own copy of the world."""
    import copy

    model = model or WrongModel()
    steps = tuple(steps)
    base = _replay(steps, engine, setup, model, asks)
    if base.failed:
        return [base for _ in asks]
    runs = []
    for ask in asks:
        run = base.copy()
        _continue(run, [ask], len(steps), True, model, copy.deepcopy(base.ctx))
        runs.append(run)
    return runs


_CHECKPOINTS: dict[tuple, tuple[list[Run], list[Result]]] = {}


def checkpoints(steps: tuple[Step, ...], engine: str, setup: str) -> tuple[list[Run], list[Result]]:
    """The true replay's state before each line (and after the last), and each line's result: wrong
    replays start from the last state before the model first changes anything."""
    key = (steps, engine, setup)
    found = _CHECKPOINTS.get(key)
    if found is None:
        run = Run(fresh_world(engine, setup))
        runs, results = [run.copy()], []
        model = WrongModel()
        for index, step in enumerate(steps):
            results += _continue(run, [step], index, False, model, {})
            runs.append(run.copy())
        if len(_CHECKPOINTS) > 8:
            _CHECKPOINTS.clear()
        found = _CHECKPOINTS[key] = (runs, results)
    return found


def remember(steps: tuple[Step, ...], engine: str, setup: str, runs: list[Run], results: list[Result]) -> None:
    """Checkpoints a story already made while typing its lines (so they are not typed again)."""
    if len(_CHECKPOINTS) > 8:
        _CHECKPOINTS.clear()
    _CHECKPOINTS[(tuple(steps), engine, setup)] = (runs, results)


def _diverges(steps: tuple[Step, ...], engine: str, setup: str, model: WrongModel, asks) -> tuple[int, dict]:
    """The first line where the model's world differs from the truth's, and its memory just before it."""
    runs, results = checkpoints(steps, engine, setup)
    ctx = model.start(engine)
    if not model.probe:
        return min(model.first_active(list(steps), list(asks)), len(steps)), ctx
    import copy

    for index in range(model.first_active(list(steps), list(asks)), len(steps)):
        step = steps[index]
        trial = copy.deepcopy(ctx)
        probe = runs[index].copy()
        parts, _ = model.rewrite(step, probe.world, trial, False)
        if parts != [step] or results[index].exit_code:
            return index, ctx
        after = runs[index + 1].copy()
        shells: dict[str, Shell] = {}
        model.after(after.world, step, results[index], trial,
                    lambda line, world=after.world, shells=shells: _quietly(world, shells, line))
        if not same_state(after.world, runs[index + 1].world):
            return index, ctx
        ctx = trial
    return len(steps), ctx


def _quietly(world: World, shells: dict[str, Shell], step: Step) -> Result:
    clock = world.clock
    got = run_step(world, shells, step)
    world.clock = clock
    return got


def _replay(steps: tuple[Step, ...], engine: str, setup: str, model: WrongModel, asks=()) -> Run:
    if model.engine(engine) != engine:
        out = Run(fresh_world(model.engine(engine), setup))
        out.ctx = model.start(engine)
        _continue(out, list(steps), 0, False, model, out.ctx)
        return out
    start, ctx = _diverges(steps, engine, setup, model, asks)
    out = checkpoints(steps, engine, setup)[0][start].copy()
    out.ctx = ctx
    _continue(out, list(steps[start:]), start, False, model, out.ctx)
    return out


def _continue(out: Run, lines: list[Step], first: int, asking: bool, model: WrongModel, ctx: dict) -> list[Result]:
    world = out.world
    done: list[Result] = []
    shells: dict[str, Shell] = {}

    def quiet(step: Step) -> Result:
        """A line the learner did not type takes no simulated time: builds after it keep the true
        replay's timestamps, so the same content gets the same digests in both worlds."""
        return _quietly(world, shells, step)

    for index, step in enumerate(lines, first):
        asked = asking
        parts, main = model.rewrite(step, world, ctx, asked)
        result = None
        for n, part in enumerate(parts):
            got = run_step(world, shells, part) if n == main else quiet(part)
            out.note(index, got, part.machine)
            if got.exit_code and (n < main or not asked):
                result = got
                break
            if n == main:
                result = got
        assert result is not None
        done.append(result)
        if result.exit_code and not asked:
            out.failed = True
            return done
        model.after(world, step, result, ctx, quiet)
        out.note_world(index)
        if asked:
            out.result, out.ask = result, parts[main]
    return done


# --- helpers the models share ----------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _words(command: str) -> tuple[str, ...]:
    try:
        return tuple(shlex.split(command))
    except ValueError:
        return tuple(command.split())


def docker_verb(command: str) -> tuple[str, list[str]]:
    """``docker push X`` -> ("push", ["X"]); anything else -> ("", [])."""
    words = _words(command)
    if len(words) >= 2 and words[0] == "docker":
        return words[1], [w for w in words[2:] if not w.startswith("-")]
    return "", []


def _parse(text: str):
    try:
        return reference.parse(text)
    except InvalidReference:
        return None


def has_no_host(text: str) -> bool:
    """A reference typed without a registry host (Docker reads it as Docker Hub)."""
    ref = _parse(text)
    return ref is not None and ref.domain == "docker.io" and not text.startswith(("docker.io/", "index.docker.io/"))


def _registries(world: World):
    return [r for r in world.registries.values() if not getattr(r, "hub", False)]


def _salted(value: str, salt: str) -> str:
    return "sha256:" + hashlib.sha256((salt + value).encode()).hexdigest()


def copy_image(image, salt: str):
    """The same content under new digests: what "a tag copies the image" imagines."""
    changes = {}
    for f in dataclasses.fields(image):
        value = getattr(image, f.name)
        if isinstance(value, str) and _DIGEST.match(value):
            changes[f.name] = _salted(value, salt)
    layers = getattr(image, "layers", None)
    if layers:
        changes["layers"] = tuple(
            dataclasses.replace(layer, digest=_salted(layer.digest, salt), diff_id=_salted(layer.diff_id, salt))
            for layer in layers
        )
    return dataclasses.replace(image, **changes)


def version_of(image) -> tuple[int, ...]:
    line = query.app_version(image) if image is not None else None
    match = re.search(r"version (\d+(?:\.\d+)*)", line or "")
    return tuple(int(x) for x in match.group(1).split(".")) if match else ()


# --- the models ------------------------------------------------------------------------


class LatestIsNewest(WrongModel):
    """`latest` always names the newest version: on every shelf and every laptop."""

    name = "latest-is-newest"

    def after(self, world, step, result, ctx, run) -> None:
        for registry in _registries(world):
            for repo in registry.repositories.values():
                newest = max(repo.manifests, key=lambda d: version_of(repo.manifests[d]), default=None)
                if newest and version_of(repo.manifests[newest]):
                    repo.tags["latest"] = newest
        for machine in world.machines.values():
            store = machine.store
            names = dict.fromkeys(key.rpartition(":")[0] for key in store.tags)  # ordered: same seed, same quiz
            for name in names:
                digests = dict.fromkeys(d for key, d in store.tags.items() if key.rpartition(":")[0] == name)
                newest = max(digests, key=lambda d: version_of(store.get(d)))
                if version_of(store.get(newest)) and store.tags.get(f"{name}:latest") != newest:
                    store.set_tag(name, "latest", newest)


class PushMovesLatest(WrongModel):
    """Any push also moves the shelf's `latest` to what it pushed."""

    name = "push-moves-latest"
    verbs = ("push",)

    def applies(self, steps, ask, engine) -> bool:
        return any(docker_verb(s.command)[0] == "push" for s in [*steps, *([ask] if ask else [])])

    def after(self, world, step, result, ctx, run) -> None:
        if docker_verb(step.command)[0] != "push" or result.exit_code:
            return
        for event in result.events:
            if event.kind in ("RegistryTagAdded", "RegistryTagMoved") and event.tag != "latest":
                registry = world.registries.get(event.registry)
                if registry is not None and event.repository in registry.repositories:
                    registry.repositories[event.repository].tags["latest"] = event.digest


class TagCreatesImage(WrongModel):
    """`docker tag` makes a copy: a new image with its own ID and its own layers."""

    name = "tag-creates-image"
    verbs = ("tag",)

    def applies(self, steps, ask, engine) -> bool:
        return any(docker_verb(s.command)[0] == "tag" for s in steps)

    def after(self, world, step, result, ctx, run) -> None:
        if docker_verb(step.command)[0] != "tag" or result.exit_code:
            return
        store = world.machines[step.machine].store
        for event in result.events:
            if event.kind in ("LocalTagAdded", "LocalTagMoved"):
                original = store.get(event.digest)
                if original is None:
                    continue
                copy = copy_image(original, f"copy:{event.name}:{event.tag}:")
                store.add_image(copy, world.clock)
                store.set_tag(event.name, event.tag, copy.manifest_digest)


class RebuildNewVersion(WrongModel):
    """Every build makes new content, as if the sources had changed (new layers, new manifest)."""

    name = "rebuild-new-version"
    verbs = ("build",)

    def start(self, engine):
        return {"builds": 0}

    def applies(self, steps, ask, engine) -> bool:
        return sum(docker_verb(s.command)[0] == "build" for s in steps) >= 2

    def rewrite(self, step, world, ctx, asked):
        if docker_verb(step.command)[0] != "build":
            return [step], 0
        ctx["builds"] += 1
        note = Step(step.machine, f"echo '# build {ctx['builds']}' >> app.py")
        return [note, step], 1


class RebuildSameId(WrongModel):
    """An unchanged rebuild keeps its image ID on any engine: Docker 29 pictured as the classic store."""

    name = "rebuild-same-id"
    types = ("rebuild-id", "local-images", "shelf-count", "push-upload")

    def applies(self, steps, ask, engine) -> bool:
        return engine == "current" and sum(docker_verb(s.command)[0] == "build" for s in steps) >= 2

    def engine(self, engine: str) -> str:
        return "classic"


class NoHostMeansLocalhost(WrongModel):
    """A name without a registry host means the local registry at localhost:5000."""

    name = "no-host-means-localhost"

    def acts_on(self, step, asked) -> bool:
        verb, args = docker_verb(step.command)
        return verb in ("push", "pull") and bool(args) and has_no_host(args[0])

    def applies(self, steps, ask, engine) -> bool:
        return any(
            docker_verb(s.command)[0] in ("push", "pull") and has_no_host(docker_verb(s.command)[1][0])
            for s in [*steps, *([ask] if ask else [])]
            if docker_verb(s.command)[1]
        )

    def rewrite(self, step, world, ctx, asked):
        verb, args = docker_verb(step.command)
        if verb not in ("push", "pull") or not args or not has_no_host(args[0]):
            return [step], 0
        name, there = args[0], f"{LOCAL_REGISTRY}/{args[0]}"
        if verb == "push":
            return [Step(step.machine, f"docker tag {name} {there}"), Step(step.machine, f"docker push {there}")], 1
        return [Step(step.machine, f"docker pull {there}"), Step(step.machine, f"docker tag {there} {name}")], 0


class TagOverwritesSource(WrongModel):
    """Putting a label somewhere removes what it came from: the source name, or the edition it left."""

    name = "tag-overwrites-source"
    verbs = ("tag", "push", "build")

    def after(self, world, step, result, ctx, run) -> None:
        verb, args = docker_verb(step.command)
        if result.exit_code:
            return
        store = world.machines[step.machine].store
        if verb == "tag" and len(args) == 2:
            source, target = _parse(args[0]), _parse(args[1])
            if source is not None and target is not None and source.digest is None:
                key = f"{source.name}:{source.tag or 'latest'}"
                if key in store.tags and key != f"{target.name}:{target.tag or 'latest'}":
                    store.remove_tag(source.name, source.tag or "latest")
        for event in result.events:
            if event.kind == "ManifestUntagged":
                registry = world.registries.get(event.registry)
                if registry is not None:
                    registry.delete_manifest(event.repository, event.digest, [])
            elif event.kind == "LocalTagMoved" and store.is_dangling(event.old_digest):
                store.delete_image(event.old_digest)


class LocalTagReachesRegistry(WrongModel):
    """Naming an image for a registry on your laptop (build -t, tag) already puts it on the registry."""

    name = "local-tag-reaches-registry"
    verbs = ("tag", "build")

    def after(self, world, step, result, ctx, run) -> None:
        verb, _ = docker_verb(step.command)
        if verb not in ("tag", "build") or result.exit_code:
            return
        words = _words(step.command)
        if verb == "tag":
            names = words[-1:]
        else:  # every `-t NAME` of the build
            names = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-t", "--tag")]
        for name in names:
            ref = _parse(name)
            if ref is not None and ref.domain != "docker.io":
                run(Step(step.machine, f"docker push {name}"))


class DigestFollowsTag(WrongModel):
    """A digest follows the tag it was first pushed with, wherever that tag moves."""

    name = "digest-follows-tag"
    verbs = ("push",)

    def start(self, engine):
        return {"tag_of": {}}

    def applies(self, steps, ask, engine) -> bool:
        return ask is not None and "@sha256:" in ask.command

    def rewrite(self, step, world, ctx, asked):
        verb, args = docker_verb(step.command)
        if verb == "pull" and args and "@" in args[0]:
            ref = _parse(args[0])
            tag = ctx["tag_of"].get((ref.domain, ref.path, ref.digest)) if ref else None
            if tag:
                return [Step(step.machine, f"docker pull {args[0].split('@')[0]}:{tag}")], 0
        return [step], 0

    def after(self, world, step, result, ctx, run) -> None:
        for event in result.events:
            if event.kind in ("RegistryTagAdded", "RegistryTagMoved"):
                ctx["tag_of"].setdefault((event.registry, event.repository, event.digest), event.tag)


class LayersAlwaysUpload(WrongModel):
    """Every push uploads every layer, whatever the registry already has."""

    name = "layers-always-upload"
    verbs = ()  # only the asked push

    def applies(self, steps, ask, engine) -> bool:
        return ask is not None and docker_verb(ask.command)[0] == "push"

    def rewrite(self, step, world, ctx, asked):
        if asked and docker_verb(step.command)[0] == "push":
            for registry in _registries(world):
                for repo in registry.repositories.values():
                    repo.blobs.clear()
        return [step], 0


class TagsAreImmutable(WrongModel):
    """A label, once given, stays on its first image for good (on shelves and on laptops)."""

    name = "tags-are-immutable"

    def start(self, engine):
        return {"first": {}}

    def after(self, world, step, result, ctx, run) -> None:
        first = ctx["first"]
        for registry in _registries(world):
            for path, repo in registry.repositories.items():
                for tag, digest in list(repo.tags.items()):
                    was = first.setdefault(("r", registry.host, path, tag), digest)
                    if was != digest and was in repo.manifests:
                        repo.tags[tag] = was
        for name, machine in world.machines.items():
            store = machine.store
            for key, digest in list(store.tags.items()):
                was = first.setdefault(("l", name, key), digest)
                if was != digest and store.get(was) is not None:
                    tag_name, _, tag = key.rpartition(":")
                    store.set_tag(tag_name, tag, was)


class LocalhostIsShared(WrongModel):
    """`localhost:5000` is one registry for everybody: a teammate's `localhost` reaches your laptop."""

    name = "localhost-is-shared"

    probe = False  # it changes which registry a line reaches, not the state after it

    def acts_on(self, step, asked) -> bool:
        return step.machine != LAPTOP and "localhost:" in step.command

    def applies(self, steps, ask, engine) -> bool:
        return any(s.machine != LAPTOP and "localhost:" in s.command for s in [*steps, *([ask] if ask else [])])

    def rewrite(self, step, world, ctx, asked):
        registry = world.registries.get(LOCAL_REGISTRY)
        if registry is not None and hasattr(registry, "machine"):
            registry.machine = step.machine if "localhost:" in step.command else LAPTOP
        return [step], 0

    def after(self, world, step, result, ctx, run) -> None:
        registry = world.registries.get(LOCAL_REGISTRY)
        if registry is not None and hasattr(registry, "machine"):
            registry.machine = LAPTOP


MODELS: dict[str, WrongModel] = {
    model.name: model
    for model in (
        LatestIsNewest(), PushMovesLatest(), TagCreatesImage(), RebuildNewVersion(), RebuildSameId(),
        NoHostMeansLocalhost(), TagOverwritesSource(), LocalTagReachesRegistry(), DigestFollowsTag(),
        LayersAlwaysUpload(), TagsAreImmutable(), LocalhostIsShared(),
    )
}


# --- the reference grammar, misread ------------------------------------------------------


def _normal(text: str) -> str | None:
    ref = _parse(text)
    return str(ref.tag_or_latest()) if ref is not None else None


def _host_part(text: str) -> tuple[str, str]:
    first, slash, rest = text.partition("/")
    return (first, rest) if slash else ("", text)


def misread_references(text: str) -> dict[str, list[str]]:
    """What each misreading of the reference rules makes of ``text``: misconception -> answers.

    Each answer is ``valid: NAME`` or ``invalid: MESSAGE``, as the quiz words them."""
    out: dict[str, list[str]] = {"no-host-means-localhost": [], "reference-grammar": []}
    real = _parse(text)
    if real is not None and has_no_host(text):  # a bare name is the local registry's
        out["no-host-means-localhost"].append(f"valid: {LOCAL_REGISTRY}/{real.familiar_name()}:{real.tag or 'latest'}")
    lowered = _parse(text.lower()) if text != text.lower() else None
    if real is None and lowered is not None and has_no_host(text.lower()):
        out["no-host-means-localhost"].append(
            f"valid: {LOCAL_REGISTRY}/{lowered.familiar_name()}:{lowered.tag or 'latest'}")
    grammar = out["reference-grammar"]
    if real is not None:
        if real.domain == "docker.io" and real.path.startswith("library/"):  # no `library/` for official names
            grammar.append(f"valid: docker.io/{real.path.removeprefix('library/')}:{real.tag or 'latest'}")
        if real.tag is None and real.digest is None:  # no default tag
            grammar.append(f"valid: {real}")
        if real.tag and real.tag != real.tag.lower():  # tags folded to lowercase
            grammar.append(f"valid: {real.with_tag(real.tag.lower())}")
        first, rest = _host_part(text)
        if first and first != first.lower() and real.domain == first:  # capitals make a host too? (no: a path)
            grammar.append(f"invalid: invalid reference format: repository name ({text.split(':')[0]}) must be lowercase")
        if first and ":" not in first and "." not in first and first != "localhost" and real.domain == "docker.io":
            grammar.append(f"valid: {first}/{rest if ':' in rest or '@' in rest else rest + ':latest'}")
    else:  # forgiving parsers: what a guess would make of it
        for guess in (text.lower(), text.rstrip(":"), text.lstrip("-"), text.replace("..", "."),
                      text.split("@")[0], re.sub(r"_+", "_", text)):
            normal = _normal(guess)
            if normal:
                grammar.append(f"valid: {normal}")
    return {k: list(dict.fromkeys(v)) for k, v in out.items()}
