"""The simulator: a pure, deterministic model of Docker CLI 29.7, its image stores and Distribution 3.1.

No Textual, Rich, YAML or I/O (pyproject's import-linter contracts); the same inputs give the same
digests. ``world`` holds machines and registries (``PROFILES``: the engine profiles), ``image_store`` a
machine's images and tags, ``registry`` and ``registry_api`` a registry and its HTTP API, ``transfer``
push and pull, ``builder`` BuildKit, ``content`` and ``reference`` digests and names, ``shell`` the typed
commands, ``workspace`` run/undo/redo over ``journal``, ``worldfile`` saved worlds, ``query`` read-only
questions, ``events`` what every command reports, ``changes`` what the picture marks for them and
``narrator`` the words for them (``explain`` and the picture's notes), ``platforms`` containerd's
``--platform`` parser.
"""

__all__ = [
    "world", "image_store", "registry", "registry_api", "transfer", "builder", "content", "reference",
    "shell", "workspace", "journal", "worldfile", "query", "events", "errors", "result", "fs", "hub",
    "apps", "globmatch", "changes", "narrator", "platforms",
]
