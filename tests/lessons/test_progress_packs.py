"""Progress is kept per pack: (pack, lesson id), not the lesson id alone.

Before, two workshop packs that each have a lesson `intro` shared one record, so finishing pack A's `intro`
showed pack B's as done (and the sample pack's own copy of `the-library` shared the built-in lesson's).
The built-in lessons are one pack (`builtin`), the shipped tracks made of them too; a database written
before (DB_VERSION 1, tests/lessons/fixtures/progress-v1.sql) keeps its rows as the built-in lessons'.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from tests.lessons import test_session
from tutor.cli import main
from tutor.lessons.progress import BUILTIN, DB_VERSION, ProgressStore, pack_identity
from tutor.shipped import sample_pack_dir

FIXTURES = Path(__file__).parent / "fixtures"
WHOLE_LESSON = "echo hello > a.txt\n2\necho world >> a.txt\n2\n"  # tests/lessons/test_plain.py


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("COLUMNS", raising=False)
    return tmp_path / "data"


def _pack(folder: Path) -> Path:
    folder.mkdir()
    (folder / "01-intro.yaml").write_text(test_session.NOTES.replace("id: notes", "id: intro"), encoding="utf-8")
    return folder


def _learn(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    return code, capsys.readouterr().out


def _listed_status(monkeypatch, capsys, *argv: str) -> str:
    code, out = _learn(monkeypatch, capsys, "learn", *argv, "--list")
    assert code == 0
    (line,) = [line for line in out.splitlines() if " intro " in line or " the-library " in line][:1]
    return line.rsplit("[", 1)[1].rstrip("]")


def test_finishing_one_packs_intro_leaves_another_packs_intro_new(tmp_path, data, monkeypatch, capsys):
    first, second = _pack(tmp_path / "workshop-a"), _pack(tmp_path / "workshop-b")
    code, out = _learn(monkeypatch, capsys, "learn", "--pack", str(first), "intro", stdin=WHOLE_LESSON)
    assert code == 0 and "You finished" in out
    assert _listed_status(monkeypatch, capsys, "--pack", str(first)) == "done"
    assert _listed_status(monkeypatch, capsys, "--pack", str(second)) == "new"
    code, out = _learn(monkeypatch, capsys, "learn", "--pack", str(second))  # no LESSON: not "resuming" A's
    assert "Resuming" not in out


def test_a_pack_lesson_with_a_built_in_id_is_not_the_built_in_lesson(data, monkeypatch, capsys):
    """The sample pack has its own `the-library`: finishing it leaves the built-in one new, and back."""
    pack_store = ProgressStore("default", pack=pack_identity("sample-pack"))
    pack_store.record_started("the-library")
    pack_store.record_lesson_done("the-library", 4)
    assert _listed_status(monkeypatch, capsys, "--pack", "sample-pack") == "done"
    assert _listed_status(monkeypatch, capsys) == "new"


def test_the_shipped_tracks_are_made_of_built_in_lessons_and_share_their_progress(data, monkeypatch, capsys):
    ProgressStore("default").record_lesson_done("the-library", 4)
    assert pack_identity("90-minutes") == pack_identity("team-registry") == BUILTIN
    assert _listed_status(monkeypatch, capsys, "--pack", "90-minutes") == "done"


def test_a_pack_is_the_same_pack_however_it_is_named(tmp_path, monkeypatch):
    """A relative path, a path through a link, a lesson file in it; the sample pack by name or by the full
    path `serve` gives each browser tab (tutor.classroom.serve.app_argv)."""
    folder = _pack(tmp_path / "workshop")
    (tmp_path / "link").symlink_to(folder)
    monkeypatch.chdir(tmp_path)
    names = ["workshop", str(folder), "link", str(folder / "01-intro.yaml")]
    assert {pack_identity(name) for name in names} == {"title:workshop"}  # no pack.yaml: the folder's name
    assert pack_identity("sample-pack") == pack_identity(str(sample_pack_dir().resolve())) == "sample-pack"
    assert pack_identity(None) == BUILTIN != pack_identity(str(folder))


def _v1_database(root: Path) -> Path:
    path = root / "ada" / "progress.sqlite3"
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:
        db.executescript((FIXTURES / "progress-v1.sql").read_text())
    db.close()
    return path


def test_a_database_from_before_packs_keeps_its_progress_as_the_built_in_lessons(data, monkeypatch, capsys):
    path = _v1_database(data)
    store = ProgressStore("ada")
    assert store.warning is None and not store.read_only
    assert store.status("the-library") == "done"
    assert store.lesson_state("the-library")["tasks"]["open-the-door"]["stars"] == 3
    assert store.status("build-and-tag") == "in progress" and store.resume_step("build-and-tag") == 2
    assert store.last_lesson() == "build-and-tag"
    assert store.data["quizzes"]["seed-7-current"]["answers"]["q1"]["correct"] is True
    with sqlite3.connect(path) as db:  # upgraded in place, every old row the built-in lessons'
        assert db.execute("SELECT value FROM meta WHERE key = 'db_version'").fetchone() == (str(DB_VERSION),)
        assert db.execute("SELECT DISTINCT pack FROM events").fetchall() == [(BUILTIN,)]
    db.close()
    # what the learner sees: the same lessons done, resumed where they were
    code, out = _learn(monkeypatch, capsys, "--profile", "ada", "learn", "--list")
    assert code == 0 and "the-library" in out.split("[done]")[0]
    # a workshop pack starts afresh, and quizzes taken outside lessons are the learner's everywhere
    in_pack = ProgressStore("ada", pack="/some/workshop")
    assert in_pack.status("the-library") == "new" and in_pack.last_lesson() is None
    assert "seed-7-current" in in_pack.data["quizzes"]


def test_two_sessions_upgrading_one_old_database_at_once_both_keep_recording(data):
    _v1_database(data)
    first, second = ProgressStore("ada"), ProgressStore("ada", pack="/some/workshop")
    first.record_started("versions")
    second.record_started("intro")
    assert ProgressStore("ada").status("versions") == "in progress"
    assert ProgressStore("ada", pack="/some/workshop").status("intro") == "in progress"
    assert ProgressStore("ada").status("intro") == "new"


def test_an_older_session_still_running_records_into_the_built_in_lessons(data):
    """A session of the previous version opened the database before it was upgraded; its INSERT names no
    pack (tutor/lessons/progress.py at DB_VERSION 1), so its rows are the built-in lessons', as they were."""
    path = _v1_database(data)
    store = ProgressStore("ada")
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO events (at, kind, lesson, body) VALUES ('2026-01-02T00:00:00Z', 'lesson_done', "
                   "'build-and-tag', '{\"steps\": 6}')")
    db.close()
    assert store.status("build-and-tag") == "done"


def test_sessions_in_two_packs_on_one_profile_keep_each_others_progress(tmp_path, data):
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    in_a, in_b, builtin = ProgressStore("ada", pack=a), ProgressStore("ada", pack=b), ProgressStore("ada")
    in_a.record_started("intro")
    in_b.record_started("intro")
    in_a.record_lesson_done("intro", 3)
    builtin.record_started("the-library")
    assert (in_a.status("intro"), in_b.status("intro"), builtin.status("intro")) == ("done", "in progress", "new")
    assert in_a.last_lesson() == in_b.last_lesson() == "intro" and builtin.last_lesson() == "the-library"
    assert builtin.other_packs() == {a: ["intro"], b: ["intro"]}
    reopened = ProgressStore("ada", pack=b)
    assert reopened.data == in_b.data and reopened.status("intro") == "in progress"


# --- a pack is keyed by what it declares, not where its folder lies ------------------------------------


def _declared_pack(folder: Path, head: str) -> Path:
    _pack(folder)
    (folder / "pack.yaml").write_text(head + "lessons:\n  - 01-intro.yaml\n", encoding="utf-8")
    return folder


def test_a_moved_pack_folder_keeps_its_progress(tmp_path, data, monkeypatch, capsys):
    """The known gap: progress was keyed by the folder's full path, so moving the folder lost it."""
    folder = _declared_pack(tmp_path / "day1", "title: Registry workshop\n")
    code, out = _learn(monkeypatch, capsys, "learn", "--pack", str(folder), "intro", stdin=WHOLE_LESSON)
    assert code == 0 and "You finished" in out
    moved = tmp_path / "elsewhere" / "day1-renamed"
    moved.parent.mkdir()
    folder.rename(moved)
    assert _listed_status(monkeypatch, capsys, "--pack", str(moved)) == "done"


def test_a_declared_id_outlives_a_new_title_and_two_titles_are_two_packs(tmp_path, data, monkeypatch, capsys):
    folder = _declared_pack(tmp_path / "a", "id: registry-day-1\ntitle: Day one\n")
    ProgressStore("default", pack=pack_identity(folder)).record_lesson_done("intro", 2)
    assert pack_identity(folder) == "id:registry-day-1"
    (folder / "pack.yaml").write_text("id: registry-day-1\ntitle: Day 1 (fixed)\n", encoding="utf-8")
    assert _listed_status(monkeypatch, capsys, "--pack", str(folder)) == "done"
    other = _declared_pack(tmp_path / "b", "title: Day two\n")
    assert _listed_status(monkeypatch, capsys, "--pack", str(other)) == "new"


def _rows_keyed_by_path(data: Path, key: str, lessons: list[str]) -> None:
    """What registry-tutor wrote before packs were keyed by their declared identity (the folder's path)."""
    store = ProgressStore("default", root=data, pack=key)
    for lesson in lessons:
        store.record_started(lesson)
        store.record_lesson_done(lesson, 2)
    store.close()


def test_progress_kept_under_the_folder_path_moves_to_the_packs_identity(tmp_path, data, monkeypatch, capsys):
    folder = _declared_pack(tmp_path / "day1", "title: Registry workshop\n")
    _rows_keyed_by_path(data, str(folder.resolve()), ["intro"])
    assert _listed_status(monkeypatch, capsys, "--pack", str(folder)) == "done"
    with sqlite3.connect(data / "default" / "progress.sqlite3") as db:
        keys = {row[0] for row in db.execute("SELECT DISTINCT pack FROM events")}
    db.close()
    assert keys == {"title:Registry workshop"}  # migrated in the database, not only shown


def test_progress_of_a_folder_moved_before_this_version_is_found_again(tmp_path, data, monkeypatch, capsys):
    """The old path is gone and every lesson recorded under it is one of this pack's: the same pack, moved."""
    _rows_keyed_by_path(data, str(tmp_path / "gone" / "day1"), ["intro"])
    folder = _declared_pack(tmp_path / "day1-now", "title: Registry workshop\n")
    assert _listed_status(monkeypatch, capsys, "--pack", str(folder)) == "done"


def test_another_packs_old_progress_is_not_taken(tmp_path, data, monkeypatch, capsys):
    """A path still there is another pack; a gone path with lessons this pack lacks is another pack too."""
    still_there = _pack(tmp_path / "other")
    _rows_keyed_by_path(data, str(still_there.resolve()), ["intro"])
    _rows_keyed_by_path(data, str(tmp_path / "gone"), ["intro", "not-in-this-pack"])
    folder = _declared_pack(tmp_path / "day1", "title: Registry workshop\n")
    assert _listed_status(monkeypatch, capsys, "--pack", str(folder)) == "new"
    assert _listed_status(monkeypatch, capsys, "--pack", str(still_there)) == "done"  # its own, adopted


def test_validate_names_a_badly_spelled_pack_id(tmp_path, monkeypatch, capsys):
    folder = _declared_pack(tmp_path / "p", "id: Day One\ntitle: Day one\n")
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'pack.yaml'}:1: id is lowercase letters" in out


@pytest.mark.parametrize("head, identity", [
    ('title: "Registries, tags and `latest`: a workshop"  # shown on the list\n',
     "title:Registries, tags and `latest`: a workshop"),
    ("id: day-1\ntitle: Day one # comment\n", "id:day-1"),
    ("title: 'It''s day one'\n", "title:It's day one"),  # not a plain line: read with YAML, same answer
    ("title: >\n  Day\n  one\n", "title:Day one"),
    ("id: Not An Id\ntitle: Day one\n", "title:Day one"),  # a misspelt id (validate names it) is not used
])
def test_the_identity_is_what_yaml_reads_in_pack_yaml(tmp_path, head, identity):
    assert pack_identity(_declared_pack(tmp_path / "p", head)) == identity


def test_naming_a_pack_by_its_plain_pack_yaml_loads_no_yaml(tmp_path):
    """The TUI keys progress before its first frame; a warm start lists a pack without loading YAML."""
    from tests.test_startup_imports import modules_after

    folder = _declared_pack(tmp_path / "p", "id: day-1\ntitle: Day one\n")
    loaded = modules_after(f"from tutor.lessons.progress import pack_identity\n"
                           f"assert pack_identity({str(folder)!r}) == 'id:day-1'")
    assert "yaml" not in loaded and "tutor.lessons.progress" in loaded
