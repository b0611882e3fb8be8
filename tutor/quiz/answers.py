"""Reading an answer off a replay: one reader per question type, the same for the key and every distractor.

``READERS[type](item, run)`` returns the answers a replay supports (a list, usually of one):
the generator reads the key off the real replay and each distractor off a wrong model's;
the tests read them again. Editions and images are named by their history (the command
that brought them), never only by what their app prints, so one text names one thing.
"""

from __future__ import annotations

from collections.abc import Callable

from tutor.quiz.wrong_models import MODELS, Run, misread_references, replay, replay_asks
from tutor.sim import query, reference
from tutor.sim.errors import InvalidReference

NO_LABEL = "none: the shelf has no label `{tag}`"
NO_NAME = "none: no image has that name on your laptop"


def prints(image) -> str | None:
    return query.app_version(image) if image is not None else None


def short_version(line: str | None) -> str:
    """"Hello from myapp3, version 1.0" -> "version 1.0"."""
    if not line:
        return "nothing"
    return line.rsplit(", ", 1)[-1] if ", version " in line else line


def error_text(result) -> str:
    return " ".join(line for line in result.stderr if line.strip())


def outcome_text(run: Run, machine: str) -> str | None:
    """A pull's outcome: ``it fails: ERROR`` or ``the app prints: LINE``."""
    result = run.result
    if result is None:
        return None
    if result.exit_code:
        return f"it fails: {error_text(result)}"
    pulled = [e.digest for e in result.events if e.kind == "ImagePulled"]
    store = run.world.machines[machine].store
    image = store.get(pulled[-1]) if pulled else None
    if image is None and run.ask is not None:
        words = run.ask.command.split()
        digest = query.local_digest(run.world, words[-1], machine)
        image = store.get(digest) if digest else None
    line = prints(image)
    return f"the app prints: {line}" if line else None


def _lines(item) -> list:
    return [*item.scenario, *([item.ask] if item.ask else [])]


def history_name(item, index: int, what: str) -> str:
    """``the edition from the 2nd `docker push X`` — a command names one object in its story."""
    lines = _lines(item)
    command = lines[index].command
    same = [i for i, step in enumerate(lines) if step.command == command]
    nth = same.index(index) + 1
    ordinal = {1: "1st", 2: "2nd", 3: "3rd"}.get(nth, f"{nth}th")
    return f"the {what} from {'the ' + ordinal + ' ' if len(same) > 1 else ''}`{command}`"


def _truth_history(item) -> Run | None:
    """The real replay's history: an edition or image that exists for real keeps its real name in every
    replay, so a wrong model that reaches the same edition by another road does not offer it twice."""
    from tutor.quiz.wrong_models import checkpoints

    if item.ask is not None:
        return None
    return checkpoints(tuple(item.scenario), item.engine, item.setup)[0][-1]


def edition_name(item, run: Run, host: str, path: str, digest: str) -> str | None:
    truth = _truth_history(item)
    index = (truth.shelved.get((host, path, digest)) if truth else None)
    index = run.shelved.get((host, path, digest)) if index is None else index
    registry = run.world.registries.get(host)
    image = registry.repositories[path].manifests.get(digest) if registry and path in registry.repositories else None
    if index is None or image is None:
        return None
    return f"{history_name(item, index, 'edition')} (it prints {short_version(prints(image))})"


def image_name(item, run: Run, machine: str, digest: str) -> str | None:
    truth = _truth_history(item)
    index = truth.made.get((machine, digest)) if truth else None
    index = run.made.get((machine, digest)) if index is None else index
    image = run.world.machines[machine].store.get(digest)
    if index is None or image is None:
        return None
    return f"{history_name(item, index, 'image')} (it prints {short_version(prints(image))})"


# --- one reader per question type ---------------------------------------------------------


def read_pull(item, run: Run) -> list[str]:
    text = outcome_text(run, item.ask.machine)
    return [text] if text else []


def read_label_edition(item, run: Run) -> list[str]:
    ref = reference.parse(item.subject)
    registry = run.world.registries.get(ref.domain)
    repo = registry.repositories.get(ref.path) if registry else None
    digest = repo.tags.get(ref.tag) if repo else None
    if digest is None:
        return [NO_LABEL.format(tag=ref.tag)]
    name = edition_name(item, run, ref.domain, ref.path, digest)
    return [name] if name else []


def shelf_counts(run: Run, shelf: str) -> tuple[int, int]:
    ref = reference.parse(shelf)
    registry = run.world.registries.get(ref.domain)
    repo = registry.repositories.get(ref.path) if registry else None
    return (len(repo.manifests), len(repo.tags)) if repo else (0, 0)


def read_shelf_count(item, run: Run) -> list[str]:
    """One count, the one asked: editions (distinct manifests) or labels (tags)."""
    editions, labels = shelf_counts(run, item.subject)
    what = item.key.get("count", "editions")
    n = editions if what == "editions" else labels
    return [f"{n} {what[:-1] if n == 1 else what}"]


def images_text(n: int) -> str:
    return f"{n} image{'' if n == 1 else 's'}"


def app_images(run: Run, app: str, registry: str) -> tuple[int, int]:
    names = {f"docker.io/library/{app}", f"{registry}/{app}"}
    tags = {k: d for k, d in run.world.machines["laptop"].store.tags.items() if k.rpartition(":")[0] in names}
    return len(set(tags.values())), len(tags)


def read_local_images(item, run: Run) -> list[str]:
    app, _, registry = item.subject.partition("@")
    return [images_text(app_images(run, app, registry or "localhost:5000")[0])]


def push_text(pushed: int, total: int) -> str:
    return f"it uploads {pushed} of its {total} layer{'' if total == 1 else 's'}"


def read_push(item, run: Run) -> list[str]:
    result = run.result
    if result is None:
        return []
    if result.exit_code:
        return [f"it fails: {error_text(result)}"]
    store = run.world.machines[item.ask.machine].store
    digest = query.local_digest(run.world, run.ask.command.split()[-1], item.ask.machine)
    image = store.get(digest) if digest else None
    # a layer's `Pushed` line, not an attested build's record blobs (Docker 29 prints lines for those too)
    records = {e.digest.split(":", 1)[1][:12] for e in result.events if getattr(e, "record", False)}
    pushed = sum(line.endswith(": Pushed") and line.split(":", 1)[0] not in records for line in result.stdout)
    return [push_text(pushed, len(image.layers))] if image is not None else []


def read_local_label(item, run: Run) -> list[str]:
    digest = query.local_digest(run.world, item.subject, "laptop")
    if digest is None:
        return [NO_NAME]
    name = image_name(item, run, "laptop", digest)
    return [name] if name else []


REBUILD = {  # (same image ID, same layers) -> the choice; equal lengths, so length gives nothing away
    (True, True): "image ID unchanged, layers unchanged",
    (False, True): "image ID different, layers unchanged",
    (False, False): "image ID different, layers different",
    (True, False): "image ID unchanged, layers different",
}


def read_rebuild(item, run: Run) -> list[str]:
    builds = [d for _, d in run.built]
    if len(builds) < 2:
        return []
    store = run.world.machines["laptop"].store
    first, last = store.get(builds[0]), store.get(builds[-1])
    if first is None or last is None:
        return []
    same_id = first.image_id(run.world.profile) == last.image_id(run.world.profile)
    same_layers = [layer.digest for layer in first.layers] == [layer.digest for layer in last.layers]
    return [REBUILD[(same_id, same_layers)]]


def read_reference(item, run: Run | None = None) -> list[str]:
    try:
        ref = reference.parse(item.subject)
    except InvalidReference as exc:
        return [f"invalid: {exc}"]
    return [f"valid: {ref.tag_or_latest()}"]


def pin_candidates(item) -> list[str]:
    return list(item.key.get("candidates", ()))


def read_pin(item, run: Run | None = None, model=None) -> list[str]:
    """Which candidate pulls give exactly the pinned edition (a replay per candidate)."""
    from tutor.quiz.questions import Step

    digest = item.key["digest"]
    machine = item.key.get("machine", "laptop")
    candidates = pin_candidates(item)
    asks = [Step(machine, command) for command in candidates]
    runs = replay_asks(item.scenario, asks, item.engine, item.setup, model)
    good = []
    for command, got in zip(candidates, runs, strict=True):
        if got.failed or got.result is None or got.result.exit_code:
            continue
        if any(e.kind == "ImagePulled" and e.digest == digest for e in got.result.events):
            good.append(f"`{command}`")
    return good


READERS: dict[str, Callable] = {
    "pull-version": read_pull,
    "digest-pull": read_pull,
    "localhost-machine": read_pull,
    "label-edition": read_label_edition,
    "shelf-count": read_shelf_count,
    "local-images": read_local_images,
    "push-upload": read_push,
    "local-label": read_local_label,
    "rebuild-id": read_rebuild,
    "reference": read_reference,
    "digest-pin": read_pin,
}


def predict(item, model_name: str) -> list[str]:
    """What a learner holding this misconception answers: the item's reader on the model's replay."""
    if item.type == "reference":
        return misread_references(item.subject).get(model_name, [])
    model = MODELS[model_name]
    if item.type == "digest-pin":
        return read_pin(item, None, model)
    run = replay(item.scenario, item.ask, item.engine, item.setup, model)
    if run.failed:
        return []
    return READERS[item.type](item, run)


def truth(item) -> list[str]:
    if item.type == "reference":
        return read_reference(item)
    if item.type == "digest-pin":
        return read_pin(item)
    return READERS[item.type](item, replay(item.scenario, item.ask, item.engine, item.setup))


def all_predictions(item) -> list[tuple[str, str]]:
    """(answer, misconception) for every model that applies, in a fixed order."""
    out: list[tuple[str, str]] = []
    names = ["no-host-means-localhost", "reference-grammar"] if item.type == "reference" else [
        name for name, model in MODELS.items()
        if model.applies(list(item.scenario), item.ask, item.engine) and (not model.types or item.type in model.types)
    ]
    for name in names:
        out += [(text, name) for text in predict(item, name)]
    return out
