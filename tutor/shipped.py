"""What ships with registry-tutor: the built-in lessons and the sample workshop pack.

The repository keeps them at its top level (``lessons/``, ``assets/sample-pack/``);
the build maps them into the package as ``tutor/data/lessons`` and
``tutor/data/sample-pack`` (see ``setup.py``), so a wheel, an sdist or a pipx
install carries them. They are found beside this module (an installed package lives
on disk; ``importlib.resources`` would only add its import to the app's start); a source
checkout or an editable install (where ``tutor/data`` does not exist) reads the
top-level folders instead.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SAMPLE_PACK_NAME", "lessons_dir", "resolve_pack", "sample_pack_dir", "track_names", "tracks_dir"]

SAMPLE_PACK_NAME = "sample-pack"
_PACKAGE = Path(__file__).resolve().parent  # tutor/, installed or not
_CHECKOUT = _PACKAGE.parent  # the repository root when running from source


def _shipped(name: str, checkout_path: Path) -> Path:
    packaged = _PACKAGE / "data" / name
    return packaged if packaged.is_dir() else checkout_path


def lessons_dir() -> Path:
    """The folder of built-in lessons."""
    return _shipped("lessons", _CHECKOUT / "lessons")


def sample_pack_dir() -> Path:
    """The sample workshop pack (``registry-tutor --pack sample-pack`` opens it)."""
    return _shipped(SAMPLE_PACK_NAME, _CHECKOUT / "assets" / SAMPLE_PACK_NAME)


def tracks_dir() -> Path:
    """Workshop tracks built from the shipped lessons (``assets/tracks/NAME/pack.yaml``)."""
    return _shipped("tracks", _CHECKOUT / "assets" / "tracks")


def track_names() -> list[str]:
    folder = tracks_dir()
    return sorted(p.name for p in folder.iterdir() if (p / "pack.yaml").is_file()) if folder.is_dir() else []


def resolve_pack(pack: str | Path) -> Path:
    """A ``--pack`` value as a folder: a path as given, ``sample-pack`` for the shipped pack, or a track's name.

    A folder that exists always wins, so a local ``sample-pack/`` is opened as itself.
    """
    path = Path(pack).expanduser()
    if path.exists():
        return path
    if str(pack) == SAMPLE_PACK_NAME:
        return sample_pack_dir()
    if str(pack) in track_names():
        return tracks_dir() / str(pack)
    return path
