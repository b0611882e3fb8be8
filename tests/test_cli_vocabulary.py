"""One output vocabulary: ``--format`` and ``-o FILE`` mean the same in quiz, results export and class-report;
the older spellings (quiz --json/--markdown, class-report --markdown/--html FILE) keep working.
Also: class-report says when exports come from different packs, and no subcommand ends in a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.lessons.progress import ProgressStore, pack_identity

SAMPLE_PACK = str(Path(__file__).resolve().parents[1] / "assets" / "sample-pack")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_quiz_json_switch_and_format_json_print_the_same_items(capsys):
    """design.md contract 10: `quiz --seed N --count K --json` prints {"items": [...]}."""
    code, old, _ = _run(capsys, "quiz", "--seed", "4", "--count", "3", "--json")
    assert code == 0 and len(json.loads(old)["items"]) == 3
    assert _run(capsys, "quiz", "--seed", "4", "--count", "3", "--format", "json")[1] == old


def test_quiz_output_file_takes_its_format_from_format_or_the_suffix(capsys, tmp_path):
    sheet, data, odd = tmp_path / "sheet.md", tmp_path / "quiz.json", tmp_path / "quiz.txt"
    assert _run(capsys, "quiz", "--seed", "2", "--count", "2", "-o", str(sheet))[0] == 0
    assert sheet.read_text().startswith("# Registry quiz — seed 2")
    assert _run(capsys, "quiz", "--seed", "2", "--count", "2", "--format", "json", "-o", str(odd))[0] == 0
    assert len(json.loads(odd.read_text())["items"]) == 2
    assert _run(capsys, "quiz", "--seed", "2", "--count", "2", "-o", str(data))[0] == 0
    assert json.loads(data.read_text()) == json.loads(odd.read_text())
    odd.unlink()
    code, out, err = _run(capsys, "quiz", "--seed", "2", "--count", "2", "-o", str(odd))
    assert code == 2 and "-o FILE needs --format json or markdown" in err and not odd.exists()


def test_quiz_format_and_the_old_switches_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["quiz", "--json", "--format", "markdown"])
    assert stop.value.code == 2 and "not allowed with argument" in capsys.readouterr().err


def test_results_export_takes_csv_from_the_suffix(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))
    ProgressStore("ada").record_started("the-library")
    target = tmp_path / "ada.csv"
    assert _run(capsys, "--profile", "ada", "results", "export", "-o", str(target))[0] == 0
    assert target.read_text().startswith("format,learner,profile")


def _export(tmp_path: Path, capsys, profile: str, *pack: str) -> Path:
    ProgressStore(profile).record_started("the-library")
    target = tmp_path / f"{profile}.json"
    code, _, err = _run(capsys, "--profile", profile, "results", "export", *pack, "-o", str(target))
    assert code == 0, err
    return target


def test_class_report_format_and_output_and_the_old_spellings(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))
    ada = str(_export(tmp_path, capsys, "ada"))
    page, md, also = tmp_path / "report.html", tmp_path / "report.md", tmp_path / "also.md"
    assert _run(capsys, "class-report", ada, "-o", str(page))[0] == 0
    assert page.read_text().startswith("<!DOCTYPE html>")
    code, out, _ = _run(capsys, "class-report", ada, "--format", "markdown")
    assert code == 0 and out.startswith("# Class report")
    assert _run(capsys, "class-report", ada, "--format", "markdown", "-o", str(md), "--markdown", str(also))[0] == 0
    assert md.read_text() == also.read_text() == out
    text = tmp_path / "report.txt"
    assert _run(capsys, "class-report", ada, "-o", str(text))[0] == 0
    assert text.read_text().startswith("Class report: 1 learner(s)")


def test_class_report_warns_about_exports_from_another_pack(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))
    ada = _export(tmp_path, capsys, "ada", "--pack", SAMPLE_PACK)
    bob = _export(tmp_path, capsys, "bob", "--pack", SAMPLE_PACK)
    cy = _export(tmp_path, capsys, "cy")  # forgot --pack: the built-in lessons
    code, _, err = _run(capsys, "class-report", str(ada), str(bob), str(cy))
    assert code == 0
    (warning,) = [line for line in err.splitlines() if "warning" in line]
    assert warning.startswith(f"{cy}: warning: exported from the built-in lessons (exported without --pack)")
    assert "2 other export(s) come from pack 'Registries, tags and `latest`: a 45-minute workshop'" in warning
    assert "`registry-tutor results export --pack DIR`" in warning
    assert "warning" not in _run(capsys, "class-report", str(ada), str(bob))[2]


def test_results_export_without_pack_hints_at_pack_lessons(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))
    # recorded before progress was kept per pack: a built-in row with a lesson id of the sample pack
    ProgressStore("ada").record_started("warm-up")
    code, _, err = _run(capsys, "--profile", "ada", "results", "export", "-o", str(tmp_path / "a.json"))
    assert code == 0 and "progress in warm-up" in err and "export with `--pack DIR`" in err
    # recorded in the sample pack (tests/lessons/test_progress_packs.py): the hint names the pack
    ProgressStore("bob", pack=pack_identity(SAMPLE_PACK)).record_started("warm-up")
    code, _, err = _run(capsys, "--profile", "bob", "results", "export", "-o", str(tmp_path / "a.json"))
    assert code == 0 and "progress in the pack sample-pack; export with `--pack DIR`" in err
    code, _, err = _run(capsys, "--profile", "bob", "results", "export", "--pack", SAMPLE_PACK,
                        "-o", str(tmp_path / "b.json"))
    assert code == 0 and err == ""
    export = json.loads((tmp_path / "b.json").read_text())
    assert export["pack"].startswith("Registries, tags")
    assert export["lessons"][0]["id"] == "warm-up" and export["lessons"][0]["status"] == "in progress"


def test_ctrl_c_in_any_subcommand_ends_with_130_and_no_traceback(monkeypatch, capsys):
    def interrupted(_paths):
        raise KeyboardInterrupt

    monkeypatch.setattr("tutor.lessons.validate.validate_paths", interrupted)
    assert main(["validate", "lessons"]) == 130
    assert capsys.readouterr().err == "\n"


def test_csv_exports_carry_the_pack_and_older_ones_without_it_still_load(tmp_path, monkeypatch, capsys):
    from tutor.classroom import report

    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))
    ProgressStore("ada").record_started("warm-up")
    new = tmp_path / "ada.csv"
    assert _run(capsys, "--profile", "ada", "results", "export", "--pack", SAMPLE_PACK, "-o", str(new))[0] == 0
    loaded = report.load_export(new)
    assert loaded.pack.startswith("Registries, tags") and loaded.pack_known
    import csv
    import io

    rows = list(csv.reader(io.StringIO(new.read_text())))
    assert rows[0][-1] == "pack"
    old, buffer = tmp_path / "old.csv", io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(row[:-1] for row in rows)  # as written before `pack`
    old.write_text(buffer.getvalue())
    before = report.load_export(old)
    assert not before.pack_known and before.learner == "ada" and before.lessons == loaded.lessons
    assert report.pack_warnings([loaded, before]) == []  # unknown is not "another pack"


def test_a_closed_pipe_ends_learn_list_quietly(tmp_path):
    """`registry-tutor learn --list | head -0`: the reader is gone before anything is written."""
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    read_end, write_end = os.pipe()
    os.close(read_end)  # closed before the child starts: its first write fails, deterministically
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tutor", "learn", "--list"], stdout=write_end, stderr=subprocess.PIPE,
            text=True, cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(repo), REGISTRY_TUTOR_DATA=str(tmp_path)),
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.stderr == "" and done.returncode == 141
