"""registry-tutor: learn how container registries, repositories, tags and `latest` really work.

Layers, bottom to top (pyproject's import-linter contracts keep them so):

- ``sim``: the pure, deterministic simulator (Docker CLI 29.7 talking to a Distribution 3.1 registry)
- ``lessons``, ``quiz``, ``classroom``, ``inspect``: the engines built on it (no UI)
- ``ui``: the Textual app
- ``cli``: the ``registry-tutor`` command, on top of everything

Beside them: ``storage`` (the one data root, atomic writes), ``stdout_guard`` (broken pipe, Ctrl-C),
``textsafe`` (untrusted text made visible), ``shipped`` (the lessons and packs in the wheel),
``misconceptions`` (their names).
"""

__version__ = "0.1.0"

__all__ = [
    "__version__", "sim", "lessons", "quiz", "classroom", "inspect", "ui", "cli", "storage",
    "stdout_guard", "textsafe", "shipped", "misconceptions",
]
