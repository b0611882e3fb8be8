"""The lesson engine: lesson files to ``Lesson`` objects, goals checked against the world, progress.

``catalog`` finds lessons (built-in, packs, single files), ``loader``/``safeyaml``/``schema`` read and
check lesson YAML (``validate`` also replays every solution), ``cache`` keeps them compiled, ``model``
is what a lesson is, ``goals`` the checks, ``session`` one learner in one lesson, ``progress`` what was
done; ``plain`` is the plain-terminal front end (``registry-tutor learn``). No UI imports here.
"""

__all__ = [
    "catalog", "loader", "safeyaml", "schema", "validate", "cache", "model", "goals", "session",
    "progress", "plain",
]
