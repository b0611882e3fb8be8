"""Workshop tracks: packs that list shipped lessons with `builtin:` (assets/tracks/*)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.lessons.catalog import scan_pack
from tutor.lessons.validate import validate_paths
from tutor.shipped import resolve_pack, track_names, tracks_dir


def test_the_shipped_tracks_validate_and_hold_the_lessons_they_list():
    assert track_names() == ["90-minutes", "team-registry"]
    for name in track_names():
        report = validate_paths([str(tracks_dir() / name)])
        assert not report.problems, [str(p) for p in report.problems]
        pack, _ = scan_pack(resolve_pack(name))
        assert len(pack.lessons) >= 8
    team, _ = scan_pack(resolve_pack("team-registry"))
    assert "team-registry" in [lesson.id for lesson in team.lessons]


def test_a_folder_of_that_name_wins_over_the_shipped_track(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team-registry").mkdir()
    assert resolve_pack("team-registry") == Path("team-registry")
    assert resolve_pack("90-minutes") == tracks_dir() / "90-minutes"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("builtin:no-such-lesson.yaml", "no such built-in lesson"),
        ("builtin:../pyproject.toml", "no such built-in lesson"),
        ("builtin:../../etc/passwd", "no such built-in lesson"),
    ],
)
def test_builtin_entries_name_only_shipped_lesson_files(tmp_path, entry, message):
    (tmp_path / "pack.yaml").write_text(f"title: t\nlessons:\n  - builtin:01-the-library.yaml\n  - {entry}\n")
    pack, problems = scan_pack(tmp_path)
    assert [lesson.id for lesson in pack.lessons] == ["the-library"]
    assert [(p.line, message in p.message) for p in problems] == [(4, True)]
