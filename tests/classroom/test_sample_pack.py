"""The sample workshop pack in assets/: it validates, and the lesson engine opens it as described."""

from __future__ import annotations

from pathlib import Path

from tutor.cli import main
from tutor.lessons.catalog import load_pack

SAMPLE_PACK = Path(__file__).resolve().parents[2] / "assets" / "sample-pack"


def test_validate_passes_on_the_sample_pack(capsys):
    assert main(["validate", str(SAMPLE_PACK)]) == 0
    out, err = capsys.readouterr()
    assert "2 lessons OK" in out and err == ""


def test_the_pack_has_a_title_an_order_an_engine_and_quiz_settings():
    pack = load_pack(SAMPLE_PACK)
    assert pack.title.startswith("Registries, tags and `latest`")
    assert [lesson.id for lesson in pack.lessons] == ["warm-up", "the-library"]
    assert pack.engine == "current"
    assert pack.quiz_settings == {"shuffle_choices": True, "retries": 1}
    assert all(lesson.start.engine == "current" for lesson in pack.lessons)


def test_warm_up_questions_use_the_quiz_misconception_tags():
    from tutor.quiz.questions import MISCONCEPTIONS

    warm_up = load_pack(SAMPLE_PACK).lessons[0]
    tags = {quiz.question.misconception for quiz in warm_up.quizzes}
    assert tags and tags <= set(MISCONCEPTIONS)


def test_a_broken_pack_is_reported_by_validate(tmp_path, capsys):
    (tmp_path / "pack.yaml").write_text("title: Broken\nlessons: [missing.yaml]\nquiz: {count: 3}\n")
    assert main(["validate", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    text = out + err
    assert "missing.yaml: no such lesson file" in text
    assert "unknown quiz setting 'count'" in text


def test_the_instructor_path_in_the_pack_readme_runs_as_written(tmp_path, monkeypatch, capsys):
    """Every command of assets/sample-pack/README.md but the TUI and serve, in order; exports name the pack."""
    import glob
    import json
    import shlex

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path / "data"))
    readme = (SAMPLE_PACK / "README.md").read_text()
    commands = [line.split("#")[0].strip() for line in readme.splitlines() if line.startswith("registry-tutor ")]
    ran = []
    for command in commands:
        argv = shlex.split(command.replace("assets/sample-pack", str(SAMPLE_PACK)))[1:]
        if "serve" in argv or argv[-1] == "sample-pack" and argv[:1] == ["--pack"]:
            continue  # a TUI or a server: not for a test run
        argv = [expanded for arg in argv for expanded in (sorted(glob.glob(arg)) if "*" in arg else [arg])]
        assert main(argv) == 0, command
        ran.append(argv[argv.index("-o") + 1] if "-o" in argv else argv[0])
    err = capsys.readouterr().err
    assert ran[-4:] == ["worksheet.md", "ada.json", "report.md", "report.html"]
    assert json.loads((tmp_path / "ada.json").read_text())["pack"].startswith("Registries, tags")
    assert "warning" not in err
    assert (tmp_path / "report.html").read_text().startswith("<!DOCTYPE html>")
