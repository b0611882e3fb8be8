"""Saving and loading a sandbox world as JSON (the learner's explicit action in the sandbox).

The default folder is ``worlds/`` under the one data root (``tutor.storage``: ``$REGISTRY_TUTOR_DATA``
or the user's data folder); writes go through ``tutor.storage.atomic_write`` so a crash never leaves
half a world.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tutor import storage


class WorldFileError(Exception):
    """A world file that cannot be read; the message says why in plain words."""


def worlds_folder(root: Path | None = None) -> Path:
    if root is not None:
        return Path(root)
    return storage.worlds_folder()


def default_world_path(root: Path | None = None) -> str:
    return str(worlds_folder(root) / "sandbox.json")


def _expand(path: str | Path) -> Path:
    return Path(os.path.expanduser(str(path).strip()))


def save_world(world, path: str | Path) -> Path:
    """Write ``world`` as JSON to ``path`` (folders created); -> the path written. Raises OSError."""
    target = _expand(path)
    storage.atomic_write(target, json.dumps(world.to_dict(), indent=1, sort_keys=True))
    return target


def load_world(path: str | Path):
    """Read a world saved by ``save_world``; raises WorldFileError with a readable reason."""
    from tutor.sim.world import World

    source = _expand(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorldFileError(f"{source}: no such file") from None
    except OSError as exc:
        raise WorldFileError(f"{source}: {exc.strerror or exc}") from None
    try:
        return World.from_dict(json.loads(text))
    except (ValueError, TypeError) as exc:
        raise WorldFileError(f"{source} is not a saved world: {exc}") from None
