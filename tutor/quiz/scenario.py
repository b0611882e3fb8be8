"""Scenarios for generated questions: stories typed into the simulator.

A ``Story`` types realistic command lines (build, tag, push, pull, edit a
file, untag) on the learner's laptop or a teammate's, through the simulated
shell, and keeps every line and its result. Questions are then answered by
asking the resulting world (or by running one more command on a copy of it):
the simulator is the oracle, nothing here predicts what Docker does.

Distractors come from the wrong models in ``wrong_models.py``, which replay the
same lines; nothing here predicts what Docker does.
"""

from __future__ import annotations

import random
import re

from tutor.quiz.questions import Step
from tutor.quiz.wrong_models import Run, fresh_world, run_step, team_registry_host
from tutor.sim import query
from tutor.sim.content import Image
from tutor.sim.result import Result
from tutor.sim.shell import Shell
from tutor.sim.world import LAPTOP, LAPTOP_WORDS, World

TEAMMATE = "teammate"
REGISTRY = "localhost:5000"
MACHINE_WORDS = {LAPTOP: LAPTOP_WORDS, TEAMMATE: "your teammate's laptop"}

_PUSHED_LINE = re.compile(r"^[0-9a-f]{12}: Pushed$")
_BLOB_LINE = re.compile(r"^[0-9a-f]{12}: ")
_VERSION = re.compile(r"version (\d+(?:\.\d+)*)")


class ScenarioFailed(RuntimeError):
    """A scenario command that should have worked did not (a generator or simulator bug)."""


def replay(steps: tuple[Step, ...] | list[Step], engine: str = "current", setup: str = "default"
           ) -> tuple[World, list[Result]]:
    """Type the steps into a fresh world; the world afterwards and each step's result."""
    world = fresh_world(engine, setup)
    shells: dict[str, Shell] = {}
    results = [run_step(world, shells, step) for step in steps]
    return world, results


def ask(world: World, step: Step) -> tuple[World, Result]:
    """Run one more command on a copy of the world (the original is left as it was)."""
    copy = world.clone()
    result = run_step(copy, {}, step)
    return copy, result


# --- reading results --------------------------------------------------------


def prints(image: Image | None) -> str | None:
    """What the app in an image prints (its first line), as `docker run` would show it."""
    return query.app_version(image) if image is not None else None


def version_key(line: str | None) -> tuple[int, ...]:
    match = _VERSION.search(line or "")
    return tuple(int(x) for x in match.group(1).split(".")) if match else ()


def error_text(result: Result) -> str:
    return " ".join(line for line in result.stderr if line.strip())


def pushed_count(result: Result) -> int:
    """Layers a push uploaded: its `Pushed` lines, not counting an attested image's build-record blobs
    (the in-toto statement and the attestation's "{}" config get lines of their own on Docker 29)."""
    records = {
        e.digest.split(":", 1)[1][:12]
        for e in result.events
        if getattr(e, "record", False)
    }
    return sum(
        bool(_PUSHED_LINE.match(line)) and line.split(":", 1)[0] not in records for line in result.stdout
    )


def blob_line_count(result: Result) -> int:
    return sum(bool(_BLOB_LINE.match(line)) for line in result.stdout)


def registry_image(world: World, ref_text: str) -> Image | None:
    ref = query.reference.parse(ref_text)
    registry = world.registry(ref.domain)
    if registry is None:
        return None
    return registry.resolve(ref.path, ref.digest or ref.tag or "latest")


def local_image(world: World, ref_text: str, machine: str) -> Image | None:
    if machine not in world.machines:
        return None
    digest = query.local_digest(world, ref_text, machine)
    return world.machines[machine].store.get(digest) if digest else None


def pulled_outcome(world: World, result: Result, ref_text: str, machine: str) -> dict:
    """The keyed outcome of a pull: ``{"prints": line}`` or ``{"error": text}``."""
    if result.exit_code != 0:
        return {"error": error_text(result)}
    return {"prints": prints(local_image(world, ref_text, machine)) or ""}


def shelf_editions(world: World, repo_text: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    """(digest, labels, printed line) for each edition on a registry shelf, in push order."""
    ref = query.reference.parse(repo_text)
    registry = world.registry(ref.domain)
    repo = registry.repository(ref.path) if registry else None
    if repo is None:
        return []
    return [(digest, tuple(repo.tags_of(digest)), prints(image)) for digest, image in repo.manifests.items()]


# --- the story --------------------------------------------------------------


class Story:
    """Types a scenario into a fresh world, step by step.

    ``team=True``: the story may bring in a teammate, so it uses a team registry both laptops reach by
    host name (when the simulator has one; else the registry at localhost:5000, as before)."""

    def __init__(self, rng: random.Random, engine: str = "current", *, team: bool = False) -> None:
        self.rng = rng
        self.engine = engine
        self.setup = "team" if team and team_registry_host() else "default"
        self.registry = team_registry_host() if self.setup == "team" else REGISTRY
        self.world = fresh_world(engine, self.setup)
        self.run_state = Run(self.world)
        self.checkpoints: list[Run] = [self.run_state.copy()]
        self.shells: dict[str, Shell] = {}
        self.steps: list[Step] = []
        self.results: list[Result] = []
        self._cwd: dict[str, str] = {}
        self.source: dict[tuple[str, str], str] = {}  # (machine, app) -> version app.py prints

    # --- typing ---------------------------------------------------------

    def run(self, command: str, machine: str = LAPTOP, *, ok: bool = True) -> Result:
        step = Step(machine, command)
        result = run_step(self.world, self.shells, step)
        self.run_state.note(len(self.steps), result, machine)
        self.run_state.note_world(len(self.steps))
        self.steps.append(step)
        self.results.append(result)
        self.checkpoints.append(self.run_state.copy())
        if ok and result.exit_code != 0:
            raise ScenarioFailed(f"{machine}$ {command}\n{result.text}")
        return result

    def goto(self, app: str, machine: str = LAPTOP) -> None:
        if self._cwd.get(machine) != app:
            self.run(f"cd ~/{app}", machine)
            self._cwd[machine] = app

    def version_now(self, app: str, machine: str = LAPTOP) -> str:
        return self.source.get((machine, app), "1.0")  # the default app.py prints version 1.0

    def set_version(self, app: str, version: str, machine: str = LAPTOP) -> None:
        self.goto(app, machine)
        self.run(f"""echo 'print("Hello from {app}, version {version}")' > app.py""", machine)
        self.source[(machine, app)] = version

    def tweak(self, app: str, machine: str = LAPTOP) -> None:
        """Change the sources without changing what the app prints."""
        self.goto(app, machine)
        note = self.rng.choice(["# tidy up", "# faster start", "# fix typo in a comment"])
        self.run(f"echo '{note}' >> app.py", machine)

    def build(self, app: str, ref: str, machine: str = LAPTOP) -> Result:
        self.goto(app, machine)
        return self.run(f"docker build -t {ref} .", machine)

    def tag(self, source: str, target: str, machine: str = LAPTOP) -> Result:
        return self.run(f"docker tag {source} {target}", machine)

    def push(self, ref: str, machine: str = LAPTOP, *, ok: bool = True) -> Result:
        return self.run(f"docker push {ref}", machine, ok=ok)

    def pull(self, ref: str, machine: str = LAPTOP, *, ok: bool = True) -> Result:
        return self.run(f"docker pull {ref}", machine, ok=ok)

    def rmi(self, ref: str, machine: str = LAPTOP) -> Result:
        return self.run(f"docker rmi {ref}", machine)

    def remember(self) -> None:
        """Hand the states after each line to the replays of this scenario (keys and wrong models)."""
        from tutor.quiz.wrong_models import remember

        if all(r.exit_code == 0 for r in self.results):
            remember(tuple(self.steps), self.engine, self.setup, self.checkpoints, self.results)

    # --- plots ----------------------------------------------------------

    def pick_apps(self, k: int) -> list[str]:
        return [f"myapp{n}" for n in self.rng.sample(range(1, 26), k)]

    def next_version(self, version: str) -> str:
        major, minor = (int(x) for x in version.split(".")[:2])
        if self.rng.random() < 0.35:
            return f"{major + 1}.0"
        return f"{major}.{minor + 1}"

    def release(
        self,
        app: str,
        version: str,
        machine: str = LAPTOP,
        *,
        push: bool = True,
        latest: bool = False,
        push_latest: bool = True,
        local_name: bool = False,
    ) -> str:
        """Edit app.py to print the version, build it as ``localhost:5000/APP:VERSION``, maybe push it
        and move ``latest`` (locally, and on the registry if ``push_latest``). -> the registry ref."""
        if self.version_now(app, machine) != version:
            self.set_version(app, version, machine)
        ref = f"{self.registry}/{app}:{version}"
        if local_name:
            self.build(app, f"{app}:{version}", machine)
            self.tag(f"{app}:{version}", ref, machine)
        else:
            self.build(app, ref, machine)
        if push:
            self.push(ref, machine)
        if latest:
            self.tag(ref, f"{self.registry}/{app}:latest", machine)
            if push_latest:
                self.push(f"{self.registry}/{app}:latest", machine)
        return ref

    def release_series(self, app: str, machine: str = LAPTOP, *, count: int | None = None) -> list[str]:
        """A few versions of one app, each pushed or forgotten, `latest` moved or not. -> versions."""
        rng = self.rng
        count = count or rng.choice([2, 2, 3, 3, 4])
        version = self.version_now(app, machine)
        versions = []
        for i in range(count):
            if i:
                version = self.next_version(version)
            versions.append(version)
            last = i == count - 1
            self.release(
                app,
                version,
                machine,
                push=rng.random() < (0.75 if last else 0.9),
                latest=rng.random() < (0.75 if i == 0 else 0.45),
                push_latest=rng.random() < 0.8,
                local_name=rng.random() < 0.25,
            )
        return versions

    def background(self, apps: list[str]) -> None:
        """Other apps' releases (noise that fills the registry, and shares base layers)."""
        for app in apps:
            self.release(app, "1.0", latest=self.rng.random() < 0.5, local_name=self.rng.random() < 0.3)

    # --- narrative from events -----------------------------------------

    def last_step_setting(self, kind_names: tuple[str, ...], **match: str) -> Step | None:
        """The last step that emitted one of these events with these fields (for explanations)."""
        for step, result in zip(reversed(self.steps), reversed(self.results), strict=True):
            for event in result.events:
                if event.kind in kind_names and all(getattr(event, k, None) == v for k, v in match.items()):
                    return step
        return None
