"""Saving and loading a sandbox world as JSON files (the TUI's ctrl+s / ctrl+o, and ``shell --world``).

Every load goes through ``tutor.sim.worldfile.parse_world`` (size, nesting, types and
references checked; one clear error). The default folder is ``worlds/`` under the one data
root (``tutor.storage``); writes go through ``tutor.storage.atomic_write``, so a crash never
leaves half a world.

Two ways to name a file:

* the local TUI: any path the learner types (their own machine, their own files);
  the dialog asks before replacing a file that exists;
* served to browsers (``registry-tutor serve``): a bare *name* in the learner's own
  folder, ``<data>/served/<profile>/worlds/`` — ``session_file`` refuses anything that
  could reach outside it (separators, ``..``, hidden names, symlinks). Downloads go
  through the browser instead (``App.deliver_text``).

Does not import Textual (``shell --world`` starts fast).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tutor import storage
from tutor.sim.worldfile import MAX_BYTES, WorldFileError, dump_world, parse_world

__all__ = ["WorldFileError", "load_world", "save_world", "session_file", "session_folder", "saved_worlds"]

SERVED_ENV = "REGISTRY_TUTOR_SERVED"  # set by `registry-tutor serve` for every tab process
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,59}")


def is_served() -> bool:
    """Is this process a browser tab of ``registry-tutor serve``? (Then no server path may be named.)"""
    return os.environ.get(SERVED_ENV) == "1"


def worlds_folder(root: Path | None = None) -> Path:
    return Path(root) if root is not None else storage.worlds_folder()


def default_world_path(root: Path | None = None) -> str:
    return str(worlds_folder(root) / "sandbox.json")


def expand_path(path: str | Path) -> Path:
    return Path(os.path.expanduser(str(path).strip()))


def save_world(world, path: str | Path) -> Path:
    """Write ``world`` as JSON to ``path`` (folders created), atomically; -> the path written. Raises OSError."""
    target = expand_path(path)
    storage.atomic_write(target, dump_world(world))
    return target


def read_world_bytes(path: str | Path) -> bytes:
    """The file's bytes, at most one more than a world may have (a huge file is never read whole)."""
    source = expand_path(path)
    try:
        with open(source, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise WorldFileError(f"{source}: No such file or directory") from None
    except IsADirectoryError:
        raise WorldFileError(f"{source}: Is a directory") from None
    except OSError as exc:
        raise WorldFileError(f"{source}: {exc.strerror or exc}") from None


def load_world(path: str | Path):
    """Read a saved world; raises WorldFileError with the file's name and a readable reason."""
    data = read_world_bytes(path)
    try:
        return parse_world(data)
    except WorldFileError as exc:
        raise WorldFileError(f"{expand_path(path)} is not a saved world: {exc}") from None


# --- served sessions: a bare name in the learner's own folder ---------------------------------


def session_folder(profile: str, root: Path | None = None) -> Path:
    """``<data>/served/<profile>/worlds``; ``profile`` is a checked profile name (no separators)."""
    if not SAFE_NAME.fullmatch(profile or ""):
        raise ValueError(f"not a usable profile name: {profile!r}")
    base = Path(root) if root is not None else storage.data_root() / "served"
    return base / profile / "worlds"


def session_file(folder: Path, name: str) -> Path:
    """``folder/<name>.json`` for a bare name (letters, digits, ``.``, ``_``, ``-``); ValueError otherwise.

    The name comes from a browser: it may not hold a path separator, start with a dot, or
    resolve outside ``folder`` (a symlink planted in it is refused too).
    """
    name = name.strip()
    if name.endswith(".json"):
        name = name[: -len(".json")]
    if not SAFE_NAME.fullmatch(name) or ".." in name:
        raise ValueError(
            "use a plain name: letters, digits, '.', '_' or '-' (at most 60), no folders; "
            "it is saved in your own folder on the server"
        )
    target = folder / f"{name}.json"
    if target.is_symlink() or folder.resolve() != target.resolve().parent:
        raise ValueError(f"{name}.json cannot be used here")
    return target


def saved_worlds(folder: Path) -> list[str]:
    """The names of the worlds saved in ``folder`` (plain files only), sorted."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    return sorted(
        p.name for p in entries
        if p.suffix == ".json" and SAFE_NAME.fullmatch(p.stem) and p.is_file() and not p.is_symlink()
    )


def save_session_world(world, folder: Path, name: str) -> Path:
    """Save in a served learner's folder (created, owner-only); ValueError for a bad name, OSError on failure."""
    target = session_file(folder, name)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.is_symlink():
        raise ValueError("the session folder is a link; refusing to write through it")
    storage.atomic_write(target, dump_world(world))
    return target
