"""The pack index (tutor.lessons.listing): written by a clean load, read only while every file is as it was."""

from __future__ import annotations

import shutil

import pytest

from tests.lessons.conftest import MINIMAL
from tutor.lessons import cache as lesson_cache
from tutor.lessons import listing
from tutor.lessons.catalog import BUILTIN_DIR, load_pack, scan_pack


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv(lesson_cache.ENV_VAR, str(root))
    return root / "lessons"


@pytest.fixture
def pack(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "01-one.yaml").write_text(MINIMAL)
    (folder / "02-two.yaml").write_text(MINIMAL.replace("id: tiny", "id: tiny-two").replace("title: Tiny", "title: Two"))
    return folder


def test_the_index_lists_what_a_clean_load_found(cache_root):
    built_in = load_pack(BUILTIN_DIR)
    title, entries = listing.read_index(BUILTIN_DIR)
    assert title == built_in.title
    assert entries == [listing.entry_of(lesson) for lesson in built_in.lessons]
    # the task ids the stars are counted over: every Task step, in order
    for entry, lesson in zip(entries, built_in.lessons, strict=True):
        assert entry.task_ids == tuple(s.id for s in lesson.steps if type(s).__name__ == "Task")
    assert sum(len(entry.task_ids) for entry in entries) > len(entries)


@pytest.mark.parametrize("change", ["edit", "add", "remove", "rename"])
def test_any_change_to_the_lesson_files_makes_the_index_miss(cache_root, pack, change):
    load_pack(pack)
    assert listing.read_index(pack) is not None
    first = pack / "01-one.yaml"
    if change == "edit":
        first.write_text(first.read_text().replace("title: Tiny", "title: Tiny, edited"))
    elif change == "add":
        (pack / "03-three.yaml").write_text(MINIMAL.replace("id: tiny", "id: tiny-three"))
    elif change == "remove":
        first.unlink()
    else:
        first.rename(pack / "00-one.yaml")
    assert listing.read_index(pack) is None


def test_new_lesson_code_makes_the_index_miss(cache_root, pack, monkeypatch):
    load_pack(pack)
    monkeypatch.setattr(lesson_cache, "code_fingerprint", lambda: b"another version of the lesson code")
    assert listing.read_index(pack) is None


def test_a_pack_with_problems_leaves_no_index(cache_root, pack):
    (pack / "02-two.yaml").write_text(MINIMAL)  # the same id twice
    _pack, problems = scan_pack(pack)
    assert problems
    assert listing.read_index(pack) is None


def test_validate_reads_afresh_and_leaves_no_index(cache_root, pack):
    scan_pack(pack, cached=False)
    assert listing.read_index(pack) is None


def test_a_folder_with_pack_yaml_is_not_indexed(cache_root, pack):
    (pack / "pack.yaml").write_text("title: Workshop\n")
    load_pack(pack)
    assert listing.index_path(pack) is None and listing.read_index(pack) is None


def test_a_damaged_index_is_ignored(cache_root, pack):
    load_pack(pack)
    listing.index_path(pack).write_text('{"title": "x", "lessons": [["only-an-id"]]}')
    assert listing.read_index(pack) is None


def test_an_index_is_not_written_when_a_file_changed_during_the_load(cache_root, pack):
    before = listing.index_path(pack)
    lessons = load_pack(pack).lessons
    shutil.rmtree(cache_root)  # forget the index that load wrote
    first = pack / "01-one.yaml"
    first.write_text(first.read_text().replace("title: Tiny", "title: Tiny, edited"))
    listing.write_index(before, pack, "pack", lessons)  # the lessons as read before the edit
    assert listing.read_index(pack) is None
    assert not list(cache_root.glob("*.index.json"))
