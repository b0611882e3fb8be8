"""The compiled-lesson cache: same lessons and errors as loading afresh, no schema pass on a hit."""

from __future__ import annotations

import os
import pickle

import pytest

from tests.lessons.conftest import MINIMAL
from tutor.lessons import cache as lesson_cache
from tutor.lessons import schema as lesson_schema
from tutor.lessons.catalog import BUILTIN_DIR, lesson_files, load_builtin
from tutor.lessons.loader import load_lesson_file
from tutor.lessons.model import LessonError
from tutor.lessons.validate import validate_paths


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv(lesson_cache.ENV_VAR, str(root))
    return root / "lessons"


def no_schema(monkeypatch):
    def refuse(data):
        raise AssertionError("the schema pass ran on a cached lesson")

    monkeypatch.setattr(lesson_schema, "errors", refuse)


def test_a_second_start_reads_every_built_in_lesson_from_the_cache(cache_root, monkeypatch):
    first = load_builtin()
    assert len(list(cache_root.glob("*.pickle"))) == len(lesson_files(BUILTIN_DIR))
    no_schema(monkeypatch)
    again = load_builtin()
    assert again == first


def test_cached_lessons_equal_freshly_loaded_ones(cache_root):
    for path in lesson_files(BUILTIN_DIR):
        fresh = load_lesson_file(path)
        assert lesson_cache.load_lesson_cached(path) == fresh  # compiled now
        assert lesson_cache.load_lesson_cached(path) == fresh  # read back


def test_an_edited_lesson_is_compiled_again(cache_root, tmp_path, monkeypatch):
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    assert lesson_cache.load_lesson_cached(path).title == "Tiny"
    path.write_text(MINIMAL.replace("title: Tiny", "title: Smaller"))
    assert lesson_cache.load_lesson_cached(path).title == "Smaller"
    path.write_text(MINIMAL)
    no_schema(monkeypatch)
    assert lesson_cache.load_lesson_cached(path).title == "Tiny"  # the first version's entry again


def test_a_broken_lesson_is_never_cached_and_reports_the_same_lines(cache_root, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(MINIMAL.replace("      hints: [Use echo.]", "      hint: [Use echo.]"))
    with pytest.raises(LessonError) as fresh:
        load_lesson_file(path)
    with pytest.raises(LessonError) as cached:
        lesson_cache.load_lesson_cached(path)
    assert [str(p) for p in cached.value.problems] == [str(p) for p in fresh.value.problems]
    assert not list(cache_root.glob("*.pickle"))


class Boom:
    def __reduce__(self):
        return (os.system, ("echo planted",))


def test_a_planted_cache_file_is_refused_not_run(cache_root, tmp_path, monkeypatch):
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    key = lesson_cache.key_for(str(path), path.read_bytes())
    cache_root.mkdir(parents=True)
    (cache_root / f"{key}.pickle").write_bytes(pickle.dumps(Boom()))
    ran = []
    monkeypatch.setattr(os, "system", lambda cmd: ran.append(cmd))
    assert lesson_cache.load_lesson_cached(path).title == "Tiny"
    assert ran == []


def test_an_unwritable_cache_only_costs_speed(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(lesson_cache.ENV_VAR, str(blocker))
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL)
    assert lesson_cache.load_lesson_cached(path).title == "Tiny"


def test_validate_checks_every_file_afresh(cache_root, monkeypatch):
    def refuse(path):
        raise AssertionError("validate used the cache")

    monkeypatch.setattr("tutor.lessons.catalog.load_lesson_cached", refuse)
    report = validate_paths([BUILTIN_DIR / "01-the-library.yaml"])
    assert report.lessons == 1
