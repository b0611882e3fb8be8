"""Shared helpers for the lesson engine tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tutor.sim.content import Layer, make_image
from tutor.sim.world import World

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"
EXAMPLE = LESSONS / "01-the-library.yaml"

MINIMAL = """\
id: tiny
title: Tiny
summary: A tiny lesson.
steps:
  - prose: Hello.
  - task:
      id: make-folder
      prompt: Make a folder.
      goal:
        - file_contains: {path: ~/notes.txt, text: hello}
      hints: [Use echo.]
      solution:
        - echo hello > ~/notes.txt
      explanation: Done.
"""


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """No test may touch the real progress folder."""
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))


@pytest.fixture
def write(tmp_path):
    """write(name, text) -> path of a file in a fresh folder (text is dedented)."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / "pack" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


def app_image(app: str, version: str, *, classic: bool = False, created: int = 0):
    """An image like `docker build` makes for ~/<app> saying <version> (built directly, without the CLI)."""
    source = f'print("Hello from {app}, version {version}")\n'
    layers = (
        Layer.from_description({"base": "python:3.12-slim"}, 29_000_000),
        Layer.from_description({"copy": source}, 1_000),
    )
    return make_image(
        layers=layers,
        config={"architecture": "amd64", "os": "linux"},
        created=created,
        classic=classic,
        cmd=("python", "app.py"),
        workdir="/app",
        files=(("/app/app.py", source), ("/app/Dockerfile", "FROM python:3.12-slim\n")),
    )


def push(world: World, host: str, path: str, tag: str, image) -> None:
    """Put an image on a registry shelf under a tag (what a push leaves behind)."""
    world.registry(host).put_manifest(path, image, tag, [])


def tag_local(world: World, name: str, tag: str, image, machine: str = "laptop") -> None:
    store = world.machines[machine].store
    store.add_image(image, world.clock)
    store.set_tag(name, tag, image.manifest_digest)


@pytest.fixture
def library():
    """laptop: myapp1 1.0 (also latest) and 3.0; registry: shelf myapp1 with 1.0+latest on the 1.0 edition, 3.0."""
    world = World.default()
    v1, v3 = app_image("myapp1", "1.0"), app_image("myapp1", "3.0")
    tag_local(world, "localhost:5000/myapp1", "1.0", v1)
    tag_local(world, "localhost:5000/myapp1", "latest", v1)
    tag_local(world, "localhost:5000/myapp1", "3.0", v3)
    push(world, "localhost:5000", "myapp1", "1.0", v1)
    push(world, "localhost:5000", "myapp1", "latest", v1)
    push(world, "localhost:5000", "myapp1", "3.0", v3)
    world.v1, world.v3 = v1, v3  # type: ignore[attr-defined]  # handy in assertions
    return world
