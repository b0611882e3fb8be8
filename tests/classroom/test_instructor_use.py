"""What an instructor running a workshop met, trying the README's classroom commands wrong things first.

Each test says how the instructor (or a learner exporting for them) meets the problem and asserts what
they see: the command's exit status, its one-line messages and the files it writes.
"""

from __future__ import annotations

import json

import pytest

from tutor.cli import main
from tutor.lessons.progress import ProgressStore


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A learner profile ``ada`` with work in the sample pack's first lesson and in a lesson of another track."""
    root = tmp_path / "data"
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(root))
    monkeypatch.setenv("REGISTRY_TUTOR_CACHE", str(tmp_path / "cache"))
    in_pack = ProgressStore("ada", root=root, pack="sample-pack")  # as `--pack sample-pack` records
    in_pack.record_started("the-library")
    in_pack.record_lesson_done("the-library", 4)
    store = ProgressStore("ada", root=root)  # the built-in lessons (the team-registry track is made of them)
    store.record_started("cleanup-policy")  # a lesson of the team-registry track, not of the sample pack
    store.record_quiz("cleanup-policy", "q-keep", "b", False, "latest-is-newest")
    return tmp_path


def test_an_export_for_a_pack_holds_only_that_packs_lessons_and_says_what_it_left_out(data, capsys):
    """`results export --pack sample-pack` carried progress in lessons outside the pack, so the class report
    of a 45-minute workshop listed a lesson of the team-registry track nobody was asked to do."""
    out = data / "ada.json"
    assert main(["results", "export", "--profile", "ada", "--pack", "sample-pack", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "left out progress in 1 lesson(s) outside this pack (cleanup-policy in the built-in lessons)" in err
    export = json.loads(out.read_text())
    assert [(row["id"], row["status"]) for row in export["lessons"]] == [("warm-up", "new"), ("the-library", "done")]
    assert not any(row["quiz"] == "lesson:cleanup-policy" for row in export["quiz"])
    assert main(["class-report", str(out)]) == 0
    report = capsys.readouterr().out
    assert "the-library" in report and "cleanup-policy" not in report


def test_an_export_without_a_pack_keeps_every_lesson(data, capsys):
    """Without --pack nothing is left out: the built-in lessons, then any other recorded lesson."""
    assert main(["results", "export", "--profile", "ada"]) == 0
    out, err = capsys.readouterr()
    export = json.loads(out)
    assert {"the-library", "cleanup-policy"} <= {row["id"] for row in export["lessons"]}
    # the sample pack's own the-library is not the built-in one: its progress is that pack's, and named
    assert {row["id"]: row["status"] for row in export["lessons"]}["the-library"] == "new"
    assert "also has progress in the pack sample-pack; export with `--pack DIR`" in err


def test_exporting_for_a_pack_that_does_not_exist_fails_and_names_the_shipped_packs(data, capsys):
    """`--pack sampel-pack` (a typo) printed "lesson titles unavailable: sampel-pack cannot be used:" — the
    reason cut off — and exported anyway with no pack, which the class report then counted apart."""
    out = data / "ada.json"
    assert main(["results", "export", "--profile", "ada", "--pack", "sampel-pack", "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["registry-tutor results export: --pack sampel-pack cannot be used: sampel-pack:1: no such "
                   "folder, and no shipped pack by that name (those are: sample-pack, 90-minutes, team-registry)"]
    assert not out.exists()


def test_exporting_for_a_broken_pack_fails_with_the_file_and_line(data, capsys):
    broken = data / "pack"
    broken.mkdir()
    (broken / "pack.yaml").write_text("title: [unclosed\n")
    out = data / "ada.json"
    assert main(["results", "export", "--profile", "ada", "--pack", str(broken), "-o", str(out)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"registry-tutor results export: --pack {broken} cannot be used: {broken}/pack.yaml:2: ")
    assert "YAML syntax error" in line
    assert not out.exists()


def _export(data, learner: str, fmt: str) -> str:
    path = data / f"{learner}.{fmt}"
    assert main(["results", "export", "--profile", "ada", "--learner", learner, "-o", str(path)]) == 0
    return path.read_text()


def test_two_json_exports_pasted_into_one_file_are_named_as_such(data, capsys):
    """`cat ada.json bob.json > class.json` was skipped as "not valid JSON (JSONDecodeError at line 253)"."""
    merged = data / "class.json"
    merged.write_text(_export(data, "Ada", "json") + _export(data, "Bob", "json"))
    capsys.readouterr()
    assert main(["class-report", str(merged), str(data / "Ada.json")]) == 0
    err = capsys.readouterr().err
    assert f"{merged}: skipped: holds more than one export (another starts at line " in err
    assert "give each learner's export as its own file" in err


def test_two_csv_exports_pasted_into_one_file_are_named_as_such(data, capsys):
    merged = data / "class.csv"
    merged.write_text(_export(data, "Ada", "csv") + _export(data, "Bob", "csv"))
    capsys.readouterr()
    assert main(["class-report", str(merged), str(data / "Ada.csv")]) == 0
    err = capsys.readouterr().err
    assert f"{merged}: skipped: holds more than one export (2 learner(s): 'Ada', 'Bob')" in err


def test_a_class_report_with_no_usable_export_says_so_instead_of_empty_tables(data, capsys):
    """Every file mistyped: the report printed `Class report: 0 learner(s)` and four empty tables."""
    assert main(["class-report", str(data / "nosuch.json"), str(data / "other.json")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip().splitlines()[-1] == ("registry-tutor class-report: no usable export among the 2 file(s) "
                                            "given; nothing to report")


def test_an_odd_learner_name_reaches_the_report_shown_not_sent(data, capsys):
    """A name holding ESC and markup is printed as text: no colour change, no Rich markup error."""
    path = data / "odd.json"
    assert main(["results", "export", "--profile", "ada", "--learner", "[/bold]\x1b[31mEve", "-o", str(path)]) == 0
    assert main(["class-report", str(path), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out


@pytest.mark.parametrize("name", ["", "   "])
def test_a_blank_learner_name_is_refused_at_export_not_skipped_at_the_report(data, capsys, name):
    """`--learner "  "` wrote an export that class-report then skipped ("the export names no learner"):
    the learner's work went missing from the class report, found out only afterwards."""
    out = data / "blank.json"
    assert main(["results", "export", "--profile", "ada", "--learner", name, "-o", str(out)]) == 2
    assert capsys.readouterr().err == ("registry-tutor results export: --learner needs a name (leave it out "
                                       "for the profile's)\n")
    assert not out.exists()


def test_what_an_export_left_out_is_named_with_its_pack(data, capsys):
    """The sample pack has its own `the-library`; progress in the built-in one was listed as a lesson
    "outside this pack (the-library)", which reads as a lesson of the pack."""
    ProgressStore("ada", root=data / "data").record_started("the-library")  # the built-in lesson
    assert main(["results", "export", "--profile", "ada", "--pack", "sample-pack", "-o", str(data / "a.json")]) == 0
    err = capsys.readouterr().err
    assert "left out progress in 2 lesson(s) outside this pack (cleanup-policy, the-library in the built-in lessons)" in err
