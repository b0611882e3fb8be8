"""Results export and the class report: counts, formats, and files that are left out."""

from __future__ import annotations

import json

import pytest

from tutor.classroom import report, results
from tutor.cli import main
from tutor.lessons.progress import ProgressStore
from tutor.quiz.questions import Choice, QuizItem, score
from tutor.quiz.record import record_answer

ITEM = QuizItem(
    id="s3-1-pull-version",
    type="pull-version",
    question="What does the pull give?",
    answer="the app prints: version 1.0",
    why="latest was last pushed on 1.0",
    choices=(Choice("the app prints: version 1.0"), Choice("the app prints: version 2.0", "latest-is-newest")),
)


def _export(learner: str, lessons: dict[str, str], answers: list[tuple[str, str, bool, str | None, str]],
            exported: str = "2026-03-01T10:00:00Z") -> dict:
    return {
        "format": "registry-tutor-results",
        "version": 1,
        "learner": learner,
        "profile": learner,
        "exported": exported,
        "app": "registry-tutor test",
        "pack": None,
        "lessons": [{"id": i, "title": i.title(), "status": s} for i, s in lessons.items()],
        "quiz": [
            {"quiz": quiz, "question": q, "type": "pull-version", "correct": ok, "answer": a, "misconception": m,
             "attempts": 1}
            for quiz, q, ok, m, a in answers
        ],
    }


@pytest.fixture
def class_files(tmp_path):
    exports = {
        "ada.json": _export("ada", {"library": "done", "latest": "done"}, [
            ("seed-1-current", "q1", True, None, "v1"),
            ("seed-1-current", "q2", False, "latest-is-newest", "version 2.0"),
        ]),
        "bob.json": _export("bob", {"library": "done", "latest": "in progress"}, [
            ("seed-1-current", "q1", False, "latest-is-newest", "version 2.0"),
            ("seed-1-current", "q2", False, "push-moves-latest", "version 3.0"),
        ]),
        "cy.json": _export("cy", {"library": "in progress", "latest": "new"}, [
            ("seed-1-current", "q1", True, None, "v1"),
            ("seed-1-current", "q2", False, "latest-is-newest", "version 2.0"),
        ]),
    }
    paths = []
    for name, data in exports.items():
        path = tmp_path / name
        path.write_text(json.dumps(data))
        paths.append(str(path))
    return paths


def test_the_class_report_adds_up_completion_scores_and_misconceptions(class_files):
    exports, problems = report.load_exports(class_files)
    assert problems == []
    summary = report.aggregate(exports)
    assert summary.learners == ["ada", "bob", "cy"]
    lessons = {row.id: (row.done, row.in_progress) for row in summary.lessons}
    assert lessons == {"library": (2, 1), "latest": (1, 1)}
    questions = {row.question: (row.correct, row.answered) for row in summary.questions}
    assert questions == {"q1": (2, 3), "q2": (0, 3)}
    assert [(t.type, t.correct, t.answered) for t in summary.types] == [("pull-version", 2, 6)]
    wrong = [(m.tag, m.wrong, len(m.learners), m.example) for m in summary.misconceptions]
    assert wrong == [("latest-is-newest", 3, 3, "version 2.0"), ("push-moves-latest", 1, 1, "version 3.0")]
    markdown = report.to_markdown(summary)
    assert "| library | Library | 2 | 1 | 67% |" in markdown
    assert "| latest-is-newest | 3 | 3 | version 2.0 |" in markdown
    page = report.to_html(summary)
    assert "<td>latest-is-newest</td><td>3</td><td>3</td>" in page


def test_malformed_and_duplicate_exports_are_reported_one_line_each(class_files, tmp_path):
    (tmp_path / "notjson.json").write_text("{ this is not json")
    (tmp_path / "other.json").write_text(json.dumps({"hello": "world"}))
    (tmp_path / "copy.json").write_text((tmp_path / "ada.json").read_text())
    newer_bob = _export("bob", {"library": "done", "latest": "done"}, [], exported="2026-03-02T10:00:00Z")
    (tmp_path / "bob-again.json").write_text(json.dumps(newer_bob))
    (tmp_path / "garbage.csv").write_text("a,b\n1,2\n")
    paths = class_files + [str(tmp_path / n) for n in ("notjson.json", "other.json", "copy.json",
                                                        "bob-again.json", "garbage.csv", "missing.json")]
    exports, problems = report.load_exports(paths)
    assert len(problems) == 6
    by_file = {p.split(":", 1)[0].rsplit("/", 1)[-1]: p for p in problems}
    assert "not valid JSON" in by_file["notjson.json"]
    assert "not a registry-tutor results export" in by_file["other.json"]
    assert "duplicate of" in by_file["copy.json"] and "ada.json" in by_file["copy.json"]
    assert "using the newer export" in by_file["bob-again.json"]
    assert "not a registry-tutor results export" in by_file["garbage.csv"]
    assert "no such file" in by_file["missing.json"]
    assert all("\n" not in p for p in problems)
    summary = report.aggregate(exports, problems)
    assert summary.learners == ["ada", "bob", "cy"]  # bob once, from the newer export
    assert {row.id: (row.done, row.in_progress) for row in summary.lessons} == {"library": (2, 1), "latest": (2, 0)}


def test_class_report_cli_prints_tables_and_writes_markdown_and_html(class_files, tmp_path, capsys):
    (tmp_path / "broken.json").write_text("[]")
    md, page = tmp_path / "report.md", tmp_path / "report.html"
    code = main(["class-report", *class_files, str(tmp_path / "broken.json"), "--markdown", str(md), "--html", str(page)])
    out, err = capsys.readouterr()
    assert code == 0
    assert err.strip().splitlines() == [f"{tmp_path / 'broken.json'}: skipped: not a registry-tutor results export "
                                        "(neither its JSON nor its CSV)"]
    assert "Most common wrong answers" in out and "latest-is-newest" in out
    assert md.read_text().startswith("# Class report")
    assert page.read_text().startswith("<!DOCTYPE html>")


def test_class_report_with_nothing_usable_fails(tmp_path, capsys):
    (tmp_path / "x.json").write_text("nope")
    assert main(["class-report", str(tmp_path / "x.json")]) == 1


def _store_with_progress(root) -> ProgressStore:
    store = ProgressStore("ada", root=root)
    store.record_started("the-library")
    store.record_task_done("the-library", "push", commands=3, par=3, stars=3)
    store.record_lesson_done("the-library", 4)
    store.record_quiz("the-library", "q-latest", "2.0", False, "latest-moves-itself")
    record_answer(store, "seed-3-current", ITEM, score(ITEM, 1))
    record_answer(store, "seed-3-current", ITEM, score(ITEM, 0))  # a second attempt does not score
    return store


def test_export_holds_lessons_and_both_kinds_of_quiz_answers_in_json_and_csv(tmp_path):
    store = _store_with_progress(tmp_path)
    reloaded = ProgressStore("ada", root=tmp_path)  # what was recorded survived a save
    export = results.build_export(reloaded, learner="Ada")
    assert [(r["id"], r["status"], r["tasks_done"]) for r in export["lessons"]] == [("the-library", "done", 1)]
    rows = {(r["quiz"], r["question"]): r for r in export["quiz"]}
    assert rows[("lesson:the-library", "q-latest")]["misconception"] == "latest-moves-itself"
    generated = rows[("seed-3-current", ITEM.id)]
    assert generated["correct"] is False and generated["misconception"] == "latest-is-newest"
    assert generated["attempts"] == 2 and generated["type"] == "pull-version"
    assert store.lesson_state("seed-3-current") == {}  # quiz answers do not pose as a lesson
    json_file, csv_file = tmp_path / "ada.json", tmp_path / "ada.csv"
    json_file.write_text(results.to_json(export))
    csv_file.write_text(results.to_csv(export))
    from_json, from_csv = report.load_export(json_file), report.load_export(csv_file)
    assert from_json.learner == from_csv.learner == "Ada"
    assert [(r["question"], r["correct"], r["misconception"]) for r in from_json.quiz] == [
        (r["question"], r["correct"], r["misconception"]) for r in from_csv.quiz
    ]
    assert from_json.fingerprint != ""


def test_results_export_cli_uses_the_profile(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path))
    _store_with_progress(tmp_path)
    out_file = tmp_path / "out.csv"
    assert main(["--profile", "ada", "results", "export", "--format", "csv", "-o", str(out_file)]) == 0
    text = out_file.read_text()
    assert text.startswith("format,learner,profile")
    assert ",ada,ada," in text and "latest-is-newest" in text
    assert main(["results", "export", "--profile", "ada"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["learner"] == "ada" and data["profile"] == "ada"
    assert len(data["quiz"]) == 2
