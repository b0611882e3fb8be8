"""Workshop packs, as the quiz and the results export need them.

Loading and validating a pack is the lesson engine's job
(``tutor.lessons.catalog.load_pack``); this only picks the built-in lessons
or a pack and turns a broken pack into one readable message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class PackProblem(Exception):
    """A pack (or the built-in lessons) that cannot be loaded; ``str()`` lists the problems."""


@dataclass(frozen=True)
class Workshop:
    title: str
    lessons: tuple = ()
    quiz_settings: dict = field(default_factory=dict)
    engine: str | None = None


def open_workshop(pack: str | Path | None) -> Workshop:
    """The pack at ``pack`` (a folder, or ``sample-pack``), or the built-in lessons when None."""
    from tutor.lessons import catalog
    from tutor.lessons.model import LessonError
    from tutor.shipped import resolve_pack

    try:
        loaded = catalog.load_pack(resolve_pack(pack)) if pack else catalog.load_builtin_pack()
    except LessonError as exc:
        where = pack or "the built-in lessons"
        raise PackProblem(f"{where} cannot be used:\n{exc}") from None
    except OSError as exc:  # a folder or file that is there but cannot be read (permissions, I/O)
        where = pack or "the built-in lessons"
        reason = (exc.strerror or str(exc)).lower()
        raise PackProblem(f"{where} cannot be used:\n{exc.filename or where}:1: {reason}") from None
    return Workshop(loaded.title, tuple(loaded.lessons), dict(loaded.quiz_settings or {}), loaded.engine)


def pack_problem(pack: str | Path | None, *, partial: bool = False) -> str | None:
    """Why ``--pack pack`` cannot be used, as one line (``NAME cannot be used: file:line: message``), or None.

    One wording for every subcommand that takes --pack (tutor.cli refuses such a pack before anything
    starts; ``serve`` before it listens). Further problems are counted; ``validate`` lists them all.
    ``partial``: a pack is usable when any of its lessons loads (``learn`` opens what loaded and names the
    rest), refused only when none does (no such folder, a broken pack.yaml, no lesson that loads).
    """
    if not pack:
        return None
    from tutor.lessons.listing import read_index
    from tutor.shipped import resolve_pack
    from tutor.textsafe import one_line

    if read_index(resolve_pack(pack)) is not None:
        return None  # it loaded cleanly before and its files are as they were then (a fast TUI start)
    try:
        if partial:
            problems = _partial_problems(pack)
        else:
            open_workshop(pack)
            problems = []
    except PackProblem as exc:
        problems = str(exc).splitlines()[1:]
    problems = [one_line(line) for line in problems if line.strip()]
    if not problems:
        return None
    text = f"{one_line(str(pack))} cannot be used: {problems[0]}"
    if len(problems) > 1:
        more = len(problems) - 1
        text += (f" (and {more} more problem{'s' if more != 1 else ''}: "
                 f"`registry-tutor validate {one_line(str(pack))}` lists them)")
    return text


def _partial_problems(pack: str | Path) -> list[str]:
    """The problems of a pack none of whose lessons loads; [] when some lesson does."""
    from tutor.lessons import catalog
    from tutor.shipped import resolve_pack

    folder = resolve_pack(pack)
    try:
        loaded, problems = catalog.scan_pack(folder)
    except OSError as exc:  # a folder or file that is there but cannot be read
        return [f"{exc.filename or pack}:1: {(exc.strerror or str(exc)).lower()}"]
    if loaded.lessons:
        return []
    return [str(problem) for problem in problems] or [f"{pack}:1: no lesson files in this folder"]
