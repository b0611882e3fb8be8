"""Finding lessons: the built-in lessons (shipped in the package), workshop packs, single files.

A pack is a folder of lesson files. With a ``pack.yaml`` it has a title, an
explicit order, an engine for all its lessons and quiz settings::

    title: Registry workshop, day 1
    engine: classic            # optional: pin every lesson that does not pin its own
    lessons:                   # optional: the order (default: *.yaml by file name)
      - 01-the-library.yaml
      - 02-references.yaml
    quiz:
      shuffle_choices: true    # optional, default false
      retries: 1               # wrong answers allowed before the reason is shown (default 0)

Without ``pack.yaml`` every ``*.yaml`` file in the folder is a lesson, in
file-name order (so ``01-…``, ``02-…`` order themselves).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from tutor.lessons import listing
from tutor.lessons.cache import load_lesson_cached
from tutor.lessons.listing import PACK_FILE, inside, lesson_files
from tutor.lessons.listing import yaml_files as _yaml_files
from tutor.lessons.model import Lesson, LessonError, Pack, Problem, format_version_problem
from tutor.shipped import lessons_dir
from tutor.textsafe import one_line

__all__ = [
    "BUILTIN_DIR",
    "load_builtin",
    "load_builtin_pack",
    "load_lesson_file",
    "load_pack",
    "lesson_files",
    "scan_pack",
    "inside",
]

def load_lesson_file(path: str | Path) -> Lesson:
    """``tutor.lessons.loader.load_lesson_file``, imported on use (a cached start needs no YAML)."""
    from tutor.lessons.loader import load_lesson_file as load

    return load(path)


BUILTIN_DIR = lessons_dir()  # shipped in the package (tutor.shipped), or the checkout's lessons/
PACK_KEYS = {"format_version", "id", "title", "engine", "lessons", "quiz"}
PACK_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # pack.yaml's `id` (progress is kept under it: progress.py)
QUIZ_KEYS = {"shuffle_choices": bool, "retries": int}
MAX_LESSONS = 200
BUILTIN_PREFIX = "builtin:"  # in pack.yaml `lessons:`, e.g. `builtin:14-version-families.yaml`


def load_builtin() -> list[Lesson]:
    """The lessons shipped with the app, in order (empty when the folder is missing)."""
    if not BUILTIN_DIR.is_dir():
        return []
    return list(load_pack(BUILTIN_DIR).lessons)


def load_builtin_pack() -> Pack:
    if not BUILTIN_DIR.is_dir():
        return Pack("registry-tutor lessons", (), {}, None, str(BUILTIN_DIR))
    return load_pack(BUILTIN_DIR)


def _listed_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """Lesson files of a folder without a ``lessons:`` list; links to outside and excess are problems."""
    files = []
    for path in _yaml_files(folder):
        if inside(folder, path):
            files.append(path)
        else:
            problems.append(Problem(str(path), 1, "a link to a file outside the pack folder; packs read "
                                    "only their own files"))
    if len(files) > MAX_LESSONS:
        problems.append(Problem(str(folder), 1, f"{len(files)} lesson files; a pack holds at most "
                                f"{MAX_LESSONS} (the first {MAX_LESSONS} by name were read)"))
    return files[:MAX_LESSONS]


def load_pack(path: str | Path) -> Pack:
    """A folder of lessons; raises LessonError listing every problem in every file."""
    pack, problems = scan_pack(path)
    if problems:
        raise LessonError.from_problems(problems)
    return pack


def scan_pack(path: str | Path, cached: bool = True) -> tuple[Pack, list[Problem]]:
    """A folder of lessons and every problem found; the pack holds the lessons that loaded.

    ``cached``: lessons that loaded cleanly before come from the compiled-lesson cache
    (``tutor.lessons.cache``); ``validate`` passes False to check every file afresh.
    """
    folder = Path(path)
    problems: list[Problem] = []
    index = listing.index_path(folder) if cached else None  # the files as they are before reading them
    title, engine, quiz, files = _read_pack_file(folder, problems)
    lessons: list[Lesson] = []
    for file in files:
        try:
            lessons.append(load_lesson_cached(file) if cached else load_lesson_file(file))
        except LessonError as exc:
            problems.extend(exc.problems)
    if engine is not None:
        lessons = [_pin(lesson, engine) for lesson in lessons]
    known = _ids_of_broken(files, lessons)
    builtin = BUILTIN_DIR.resolve()
    if folder.resolve() != builtin and any(builtin in Path(f).resolve().parents for f in files):
        # a track of built-in lessons picks its own order: their `requires` may name lessons it leaves out
        known |= _ids_of_broken(lesson_files(BUILTIN_DIR), [])  # every built-in id, read plainly
    problems.extend(pack_problems(lessons, known_ids=known))
    if not problems:
        listing.write_index(index, folder, title, lessons)  # the app's next start lists them before reading them
    return Pack(title, tuple(lessons), quiz, engine, str(folder)), problems


def _ids_of_broken(files: list[Path], lessons: list[Lesson]) -> set[str]:
    """Ids of lessons that failed to load, read as plainly as possible (so `requires` is not blamed for them)."""
    loaded = {lesson.source for lesson in lessons}
    ids = set()
    for file in files:
        if str(file) in loaded:
            continue
        from tutor.lessons import safeyaml

        try:
            data = safeyaml.load(file).data
        except safeyaml.YamlProblem:
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            ids.add(data["id"])
    return ids


def _pin(lesson: Lesson, engine: str) -> Lesson:
    if lesson.start.engine_pinned:
        return lesson
    start = dataclasses.replace(lesson.start, engine=engine, engine_pinned=True)
    return dataclasses.replace(lesson, start=start)


def pack_problems(lessons: list[Lesson], known_ids: set[str] = frozenset()) -> list[Problem]:
    """Problems between lessons: duplicate ids, ``requires`` naming lessons that are not there."""
    problems: list[Problem] = []
    seen: dict[str, Lesson] = {}
    for lesson in lessons:
        if lesson.id in seen:
            problems.append(
                Problem(lesson.source, 1, f"lesson id '{lesson.id}' is also used by {seen[lesson.id].source}")
            )
        else:
            seen[lesson.id] = lesson
    for lesson in lessons:
        for required in lesson.requires:
            if required not in seen and required not in known_ids:
                problems.append(
                    Problem(
                        lesson.source,
                        lesson.requires_line or 1,
                        f"requires '{required}', which is not in this pack",
                    )
                )
    return problems


def _no_such_pack() -> str:
    """A --pack that names nothing: say which names do work (a typo is the likely cause)."""
    from tutor.shipped import SAMPLE_PACK_NAME, track_names

    return f"no such folder, and no shipped pack by that name (those are: {', '.join([SAMPLE_PACK_NAME, *track_names()])})"


def _not_a_folder(path: Path) -> str:
    """A file given as a pack: its pack.yaml (or a lesson file) names the folder that was meant."""
    if path.name == PACK_FILE:
        return f"not a folder of lessons (a pack is the folder that holds pack.yaml: {one_line(str(path.parent))})"
    return "not a folder of lessons"


def _read_pack_file(folder: Path, problems: list[Problem]) -> tuple[str, str | None, dict, list[Path]]:
    # a folder's name is the title when pack.yaml gives none; names can hold ESC, so it is shown safely
    default_title = "registry-tutor lessons" if folder.resolve() == BUILTIN_DIR else one_line(folder.name)
    if not folder.is_dir():
        problems.append(Problem(str(folder), 1, _not_a_folder(folder) if folder.exists() else _no_such_pack()))
        return default_title, None, {}, []
    pack_file = folder / PACK_FILE
    if not pack_file.exists():
        return default_title, None, {}, _listed_files(folder, problems)
    where = str(pack_file)
    if not inside(folder, pack_file):
        problems.append(Problem(where, 1, "a link to a file outside the pack folder; packs read only their own files"))
        return default_title, None, {}, []
    from tutor.lessons import safeyaml

    try:
        doc = safeyaml.load(pack_file)
    except safeyaml.YamlProblem as exc:
        problems.append(Problem(where, exc.line, exc.message))
        return default_title, None, {}, []
    data = doc.data
    if not isinstance(data, dict):
        problems.append(
            Problem(
                where,
                doc.line_of(()),
                "pack.yaml is a mapping with title, and optionally lessons, engine, quiz",
            )
        )
        return default_title, None, {}, []
    if "format_version" in data:  # a pack for a later format is refused whole, not misread
        wrong = format_version_problem(data["format_version"])
        if wrong:
            problems.append(Problem(where, doc.line_of(("format_version",)), wrong))
            return default_title, None, {}, []
    for key in data:
        if key not in PACK_KEYS:
            problems.append(
                Problem(
                    where,
                    doc.line_of((key,)),
                    f"unknown key '{key}' (allowed: {', '.join(sorted(PACK_KEYS))})",
                )
            )
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(where, doc.line_of(("title",)), "pack.yaml needs a title (text)"))
        title = default_title
    declared = data.get("id")
    if declared is not None and not (isinstance(declared, str) and PACK_ID.fullmatch(declared)):
        problems.append(Problem(where, doc.line_of(("id",)), "id is lowercase letters, digits and '-' "
                                "(at most 64, starting with a letter or digit), e.g. registry-workshop-1"))
    engine = _pack_engine(data, doc, where, problems)
    settings = _pack_quiz_settings(data, doc, where, problems)
    names = data.get("lessons")
    if names is None:
        files = _listed_files(folder, problems)
    elif not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        problems.append(Problem(where, doc.line_of(("lessons",)), "lessons is a list of lesson file names"))
        files = []
    else:
        files = _pack_lesson_files(folder, names, doc, where, problems)
    return title.strip(), engine, settings, files


def _pack_engine(data: dict, doc, where: str, problems: list[Problem]) -> str | None:
    from tutor.sim.world import PROFILES

    engine = data.get("engine")
    if engine is not None and engine not in PROFILES:
        problems.append(
            Problem(where, doc.line_of(("engine",)), f"engine must be current or classic, not {engine!r}")
        )
        engine = None
    return engine


def _pack_quiz_settings(data: dict, doc, where: str, problems: list[Problem]) -> dict:
    """pack.yaml's ``quiz:`` settings over their defaults; unknown or mistyped ones reported."""
    quiz = data.get("quiz") or {}
    if not isinstance(quiz, dict):
        problems.append(
            Problem(where, doc.line_of(("quiz",)), "quiz is a mapping (shuffle_choices, retries)")
        )
        quiz = {}
    for key, value in quiz.items():
        kind = QUIZ_KEYS.get(key)
        if kind is None:
            problems.append(
                Problem(
                    where,
                    doc.line_of(("quiz", key)),
                    f"unknown quiz setting '{key}' (allowed: {', '.join(QUIZ_KEYS)})",
                )
            )
        elif not isinstance(value, kind) or (kind is int and (isinstance(value, bool) or value < 0)):
            problems.append(
                Problem(
                    where,
                    doc.line_of(("quiz", key)),
                    f"quiz setting '{key}' must be {'true or false' if kind is bool else 'a whole number ≥ 0'}",
                )
            )
    settings = {"shuffle_choices": False, "retries": 0}
    settings.update({k: v for k, v in quiz.items() if k in QUIZ_KEYS})
    return settings


def _pack_lesson_files(folder: Path, names: list[str], doc, where: str, problems: list[Problem]) -> list[Path]:
    """The lesson files pack.yaml lists (``builtin:NAME`` a shipped one), each inside its folder, existing and
    listed once."""
    files: list[Path] = []
    seen: set[Path] = set()
    root = folder.resolve()
    if len(names) > MAX_LESSONS:
        problems.append(Problem(where, doc.line_of(("lessons",)), f"lessons lists {len(names)} files; a pack "
                                f"holds at most {MAX_LESSONS} (the first {MAX_LESSONS} were read)"))
    for i, name in enumerate(names[:MAX_LESSONS]):
        if name.startswith(BUILTIN_PREFIX):  # a built-in lesson, by file name: tracks reuse the shipped ones
            file = (BUILTIN_DIR / name[len(BUILTIN_PREFIX) :]).resolve()
            if BUILTIN_DIR.resolve() not in file.parents or not file.is_file():
                problems.append(Problem(where, doc.line_of(("lessons", i)), f"{name}: no such built-in lesson"))
            elif file in seen:
                problems.append(Problem(where, doc.line_of(("lessons", i)), f"{name} is listed twice"))
            else:
                seen.add(file)
                files.append(file)
            continue
        file = (folder / name).resolve()
        if root not in file.parents:
            problems.append(
                Problem(
                    where,
                    doc.line_of(("lessons", i)),
                    f"{name}: lesson files must be inside the pack folder",
                )
            )
        elif not file.is_file():
            problems.append(Problem(where, doc.line_of(("lessons", i)), f"{name}: no such lesson file"))
        elif file in seen:
            problems.append(Problem(where, doc.line_of(("lessons", i)), f"{name} is listed twice"))
        else:
            seen.add(file)
            files.append(folder / name)
    return files
