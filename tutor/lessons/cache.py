"""Compiled lessons kept in the user cache folder, keyed by a hash of what they were built from.

Loading a lesson means YAML, the JSON Schema (jsonschema) and the builder; the app loads every
lesson of its pack (after its first frame, which lists them from ``tutor.lessons.listing``'s index). A lesson that loaded cleanly is pickled under
``sha256(loader code, file path, file bytes)``, so the next start reads it back in well under
a millisecond; any change to the file, its path or the lesson code makes a new key. Lessons with
problems are never cached (the author sees the full report every time), and ``registry-tutor
validate`` does not use the cache at all.

The folder is ``$REGISTRY_TUTOR_CACHE`` when set (tests), else platformdirs' user cache dir.
Reading a cache file only rebuilds classes of the lesson model: the unpickler refuses every
other global, so a planted file cannot run code. A cache that cannot be read or written is
skipped silently: it only costs speed.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutor.lessons.model import Lesson

# YAML, the schema and the builder are imported on a miss only: a warm start never loads them; the
# model only when a lesson is read (tutor.lessons.listing hashes files with this module before the first frame).

ENV_VAR = "REGISTRY_TUTOR_CACHE"
FORMAT = b"lesson-cache 1"
READ_CAP = 1024 * 1024  # past safeyaml's own cap: such a file never loaded, so it is never a hit
MAX_ENTRIES = 400  # stale entries (edited lessons) beyond this are pruned, oldest first
# What a compiled lesson is made of: a change to any of these makes every key new.
CODE_FILES = tuple(f"lessons/{name}" for name in (
    "loader.py", "model.py", "goals.py", "schema.py", "schema.json", "safeyaml.py", "cache.py"
)) + ("sim/reference.py",)
SAFE_MODULES = ("tutor.lessons.", "tutor.sim.")
SAFE_BUILTINS = frozenset({"frozenset", "set", "tuple", "list", "dict", "str", "int", "float", "bool", "bytes"})


def cache_dir() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser() / "lessons"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("registry-tutor", appauthor=False)) / "lessons"


@cache
def code_fingerprint() -> bytes:
    digest = hashlib.sha256(FORMAT)
    here = Path(__file__).resolve().parents[1]  # tutor/
    for name in CODE_FILES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.digest()


def key_for(path: str, data: bytes) -> str:
    digest = hashlib.sha256(code_fingerprint())
    digest.update(path.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(data)
    return digest.hexdigest()


def load_lesson_cached(path: str | Path) -> Lesson:
    """Like ``loader.load_lesson_file`` (same lesson, same errors), from the cache when it can."""
    from tutor.lessons.model import LessonError

    file = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(READ_CAP + 1)
    except OSError:
        data = b""
    entry = cache_dir() / f"{key_for(file, data)}.pickle" if 0 < len(data) <= READ_CAP else None
    lesson = _read(entry) if entry is not None else None
    if lesson is not None:
        return lesson
    from tutor.lessons import safeyaml
    from tutor.lessons.loader import lesson_from_document

    try:
        data = safeyaml.read_capped(Path(path))  # its own checks and messages (size, unreadable)
        entry = cache_dir() / f"{key_for(file, data)}.pickle"
        doc = safeyaml.parse(safeyaml.decode(data))
    except safeyaml.YamlProblem as exc:
        raise LessonError(file, exc.line, exc.message) from None
    lesson = lesson_from_document(doc, file)
    _write(entry, lesson)  # only a lesson that loaded cleanly gets here
    return lesson


class _LessonUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module == "builtins" and name in SAFE_BUILTINS:
            return super().find_class(module, name)
        if module.startswith(SAFE_MODULES):
            found = super().find_class(module, name)
            if isinstance(found, type):  # classes only: no function is ever called by name
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a lesson")


def _read(entry: Path) -> Lesson | None:
    from tutor.lessons.model import Lesson

    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    try:
        lesson = _LessonUnpickler(io.BytesIO(blob)).load()
    except Exception:  # noqa: BLE001 - a damaged or foreign cache file is just a miss
        return None
    return lesson if isinstance(lesson, Lesson) else None


def _write(entry: Path, lesson: Lesson) -> None:
    try:
        blob = pickle.dumps(lesson, protocol=pickle.HIGHEST_PROTOCOL)
        entry.parent.mkdir(parents=True, exist_ok=True)
        temp = entry.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(blob)
        os.replace(temp, entry)  # readers see the old file or the whole new one
        prune_oldest(entry.parent, "*.pickle", MAX_ENTRIES)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def prune_oldest(folder: Path, pattern: str, keep: int) -> None:
    """Keep the ``keep`` newest files matching ``pattern`` in ``folder`` (a cache left behind by edits)."""
    files = list(folder.glob(pattern))
    if len(files) <= keep:
        return
    files.sort(key=lambda p: p.stat().st_mtime)
    for stale in files[: len(files) - keep]:
        stale.unlink(missing_ok=True)
