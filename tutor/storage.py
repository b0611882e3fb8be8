"""Everything registry-tutor saves lives under one data root, written one safe way.

The root is ``$REGISTRY_TUTOR_DATA`` when set (tests, classrooms on a shared drive),
else platformdirs' user data folder for ``registry-tutor``. Under it:

* ``<profile>/progress.sqlite3`` — a learner's progress (``tutor.lessons.progress``);
* ``worlds/`` — sandbox worlds saved by the learner (``tutor.ui.worlds``).

``atomic_write`` is the one way a whole file is replaced: a temp file in the same
folder, fsynced, renamed over the old one, then the folder fsynced, so a crash at
any moment leaves the old file or the new one, never half of either. A path that
is not a regular file (``/dev/null``, a FIFO, a terminal) is written in place: renaming
over it would replace the device with a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["APP_NAME", "ENV_VAR", "atomic_write", "data_root", "worlds_folder"]

APP_NAME = "registry-tutor"
ENV_VAR = "REGISTRY_TUTOR_DATA"


def data_root() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def worlds_folder() -> Path:
    """Where sandbox worlds are saved by default."""
    return data_root() / "worlds"


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers only ever see the old or the new file."""
    path = Path(path)
    if _is_special(path):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(path.parent)


def _is_special(path: Path) -> bool:
    """True for something that exists and is not a regular file (a device, FIFO or socket)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open folders, and needs no such step)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
