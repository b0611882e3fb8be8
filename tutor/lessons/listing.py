"""The lesson list without the lessons: what the home screen shows, read before its first frame.

Listing a pack needs only each lesson's id, title, summary and task ids (for stars), not the
compiled lessons (unpickling those imports the goals and the simulator). A pack folder that
loaded cleanly through the compiled-lesson cache leaves one small JSON *index* of those entries
beside the cached lessons, named by a hash of the code fingerprint, the folder and every
lesson file's cache key (``tutor.lessons.cache.key_for``): a lesson edited, added, removed or
renamed, or new lesson code, makes a new name, so a stale index is never read. Folders with a
``pack.yaml`` are not indexed (reading one needs YAML). The full lessons are loaded when one is
opened, or in the background after the first frame.

A folder with no current index (the first start after an install or an edit) is listed from the
files themselves by ``tutor.lessons.quickscan``, which reads the plain forms lesson files are
written in and gives up (None: the app compiles the pack first) on anything else. Either way
the list is what the files hold now: never a title from before an edit.

Also home of how a folder's lesson files are found (``catalog`` re-exports these): light imports
only, so the app can check its index before the first frame.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import namedtuple
from pathlib import Path

from tutor.lessons import cache

PACK_FILE = "pack.yaml"
MAX_LESSONS = 200  # a pack holds at most this many lessons (tutor.lessons.catalog reports more as a problem)
INDEX_FORMAT = "lesson-index 1"
MAX_INDEXES = 40  # one per pack state seen (an edit makes a new one): the oldest go first


# One lesson as the lesson list shows it: id, title, summary, the ids of its tasks (stars are counted over
# them), the file it came from. (collections.namedtuple: typing.NamedTuple compiles its string annotations
# at import, a visible slice of the app's start.)
LessonEntry = namedtuple("LessonEntry", "id title summary task_ids source")


def entry_of(lesson) -> LessonEntry:
    return LessonEntry(lesson.id, lesson.title, lesson.summary, tuple(task.id for task in lesson.tasks),
                       lesson.source)


# --- a folder's lesson files ------------------------------------------------------


def lesson_files(folder: Path) -> list[Path]:
    """The folder's lesson files by name, leaving out links that lead outside it."""
    # a file that is not a link is inside its own folder: only links are followed (the app lists these first)
    return [p for p in yaml_files(folder) if not p.is_symlink() or inside(folder, p)]


def yaml_files(folder: Path) -> list[Path]:
    return sorted(
        (
            p
            for p in folder.iterdir()
            if p.suffix in (".yaml", ".yml") and p.name != PACK_FILE and p.is_file()
        ),
        key=lambda p: p.name,
    )


def inside(folder: Path, path: Path) -> bool:
    """Whether ``path``, symlinks followed, is within ``folder``: a pack never reads outside itself."""
    try:
        return folder.resolve() in path.resolve().parents
    except (OSError, RuntimeError):  # a symlink loop
        return False


# --- the index --------------------------------------------------------------------


def index_path(folder: Path) -> Path | None:
    """Where the index for the folder as it is now lives; None when it cannot have one."""
    try:
        if not folder.is_dir() or (folder / PACK_FILE).exists():
            return None
        files = lesson_files(folder)
    except OSError:
        return None
    digest = hashlib.sha256(cache.code_fingerprint())
    digest.update(INDEX_FORMAT.encode() + b"\0" + str(folder).encode("utf-8", "surrogatepass") + b"\0")
    for path in files:
        try:
            with open(path, "rb") as handle:
                data = handle.read(cache.READ_CAP + 1)
        except OSError:
            return None
        if not 0 < len(data) <= cache.READ_CAP:
            return None
        digest.update(cache.key_for(str(path), data).encode() + b"\0")
    return cache.cache_dir() / f"{digest.hexdigest()}.index.json"


def read_index(folder: str | Path) -> tuple[str, list[LessonEntry]] | None:
    """(pack title, entries) for a folder whose every lesson loaded cleanly before, as it is now; else None."""
    path = index_path(Path(folder))
    if path is None:
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        entries = [
            LessonEntry(str(i), str(title), str(summary), tuple(str(t) for t in tasks), str(source))
            for i, title, summary, tasks, source in document["lessons"]
        ]
        return str(document["title"]), entries
    except (OSError, ValueError, KeyError, TypeError):  # missing, damaged or foreign: just not indexed
        return None


def quick_listing(folder: str | Path) -> tuple[str, list[LessonEntry]] | None:
    """(pack title, entries) for the home screen's first frame without compiling a lesson; None when it needs that."""
    return read_index(folder) or scan_listing(Path(folder))


def scan_listing(folder: Path) -> tuple[str, list[LessonEntry]] | None:
    """The listing read from the lesson files' own lines (tutor.lessons.quickscan); None when any is unsure."""
    from tutor.lessons.quickscan import scan_file

    try:
        if not folder.is_dir() or (folder / PACK_FILE).exists():
            return None
        files = lesson_files(folder)
        if files != yaml_files(folder) or len(files) > MAX_LESSONS:
            return None  # links out of the folder, too many lessons: problems the full load reports
    except OSError:
        return None
    entries = []
    for path in files:
        found = scan_file(path)
        if found is None:
            return None
        entries.append(LessonEntry(*found, str(path)))
    if len({entry.id for entry in entries}) < len(entries):
        return None  # the same id twice: the full load reports it
    return default_title(folder), entries


def default_title(folder: Path) -> str:
    """A pack's title when no pack.yaml gives one (as tutor.lessons.catalog names it)."""
    from tutor.shipped import lessons_dir
    from tutor.textsafe import one_line

    return "registry-tutor lessons" if folder.resolve() == lessons_dir() else one_line(folder.name)


def write_index(path: Path | None, folder: str | Path, title: str, lessons) -> None:
    """Remember the listing of a folder whose lessons all loaded cleanly (a failure only costs speed).

    ``path`` is ``index_path(folder)`` taken before the lessons were read: written only if the
    files are still as they were then, so a lesson edited during the load never leaves a stale index.
    """
    if path is None or index_path(Path(folder)) != path:
        return
    document = {"format": INDEX_FORMAT, "title": title,
                "lessons": [list(entry_of(lesson)) for lesson in lessons]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps(document), encoding="utf-8")
        os.replace(temp, path)  # readers see no index or the whole one
        cache.prune_oldest(path.parent, "*.index.json", MAX_INDEXES)
    except OSError:
        return
