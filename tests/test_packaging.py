"""A real install: build the sdist and the wheel, install the wheel (not editable) in a fresh venv, use it.

The wheel is built from the sdist (``python -m build``'s default), so both carry the lessons and the
sample pack; the installed ``registry-tutor`` then runs from another folder, with no view of this
checkout. Needs PyPI (or pip's cache) for setuptools and the dependencies. Marked ``packaging``: on a
machine where nothing can be built, deselect it with ``-m "not packaging"`` (CI always runs it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.packaging


def _run(args: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="session")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", out, REPO], cwd=out)
    return out


@pytest.fixture(scope="session")
def installed(dist, tmp_path_factory) -> dict:
    """A fresh venv with the wheel installed; -> the environment and folders to run it in."""
    home = tmp_path_factory.mktemp("install")
    venv.EnvBuilder(with_pip=True).create(home / "venv")
    bin_dir = home / "venv" / ("Scripts" if os.name == "nt" else "bin")
    (wheel,) = dist.glob("*.whl")
    _run([bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
          wheel], cwd=home)
    elsewhere = home / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(REGISTRY_TUTOR_DATA=str(home / "data"), PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
    return {"env": env, "cwd": elsewhere, "bin": bin_dir}


def _tutor(installed: dict, *args) -> subprocess.CompletedProcess:
    return _run([installed["bin"] / "registry-tutor", *args], cwd=installed["cwd"], env=installed["env"])


def test_the_sdist_and_the_wheel_carry_the_lessons_the_sample_pack_and_the_license(dist):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"lessons/01-the-library.yaml", "assets/sample-pack/pack.yaml", "LICENSE", "setup.py"} <= names
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    shipped = {p.name for p in (REPO / "lessons").glob("*.yaml")}
    assert {f"tutor/data/lessons/{name}" for name in shipped} <= names
    assert {"tutor/data/sample-pack/pack.yaml", "tutor/data/sample-pack/00-warm-up.yaml"} <= names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_the_installed_package_lists_its_lessons_from_another_folder(installed):
    where = _run([installed["bin"] / "python", "-c", "import tutor.shipped as s; print(s.lessons_dir())"],
                 cwd=installed["cwd"], env=installed["env"]).stdout.strip()
    assert "site-packages" in where and not where.startswith(str(REPO))  # not this checkout
    listing = _tutor(installed, "learn", "--list").stdout
    assert listing.splitlines()[0] == "registry-tutor lessons"
    assert "1. the-library" in listing and "release-day" in listing and "team-registry" in listing


def test_the_installed_lessons_and_sample_pack_validate(installed):
    python = installed["bin"] / "python"
    folders = _run([python, "-c", "import tutor.shipped as s; print(s.lessons_dir()); print(s.sample_pack_dir())"],
                   cwd=installed["cwd"], env=installed["env"]).stdout.split("\n")[:2]
    shipped = len(list((REPO / "lessons").glob("*.yaml"))) + len(list((REPO / "assets/sample-pack").glob("0*.yaml")))
    assert _tutor(installed, "validate", *folders).stdout.startswith(f"{shipped} lessons OK")


def test_the_installed_quiz_prints_json(installed):
    quiz = json.loads(_tutor(installed, "quiz", "--seed", "1", "--count", "2", "--json").stdout)
    assert len(quiz["items"]) == 2


def test_the_installed_sample_pack_opens_by_name_and_by_path(installed):
    by_name = _tutor(installed, "--pack", "sample-pack", "learn", "--list").stdout
    assert by_name.startswith("Registries, tags and `latest`") and "warm-up" in by_name
    python = installed["bin"] / "python"
    path = _run([python, "-c", "import tutor.shipped as s; print(s.sample_pack_dir())"],
                cwd=installed["cwd"], env=installed["env"]).stdout.strip()
    assert _tutor(installed, "learn", "--pack", path, "--list").stdout == by_name


def test_the_installed_tracks_open_by_name_with_the_shipped_lessons(installed):
    team = _tutor(installed, "--pack", "team-registry", "learn", "--list").stdout
    assert team.startswith("A registry for the team") and "team-registry" in team and "cleanup-policy" in team
    ninety = _tutor(installed, "--pack", "90-minutes", "learn", "--list").stdout
    assert ninety.startswith("Registries, tags and `latest` in 90 minutes") and "version-families" in ninety
