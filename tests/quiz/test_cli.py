"""`registry-tutor quiz`: JSON and Markdown output, plain mode, answers recorded in the profile."""

from __future__ import annotations

import io
import json
from pathlib import Path

from tutor.cli import main
from tutor.lessons.progress import ProgressStore

SAMPLE_PACK = str(Path(__file__).resolve().parents[2] / "assets" / "sample-pack")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_quiz_has_items_with_answers_and_is_reproducible(capsys):
    code, out, _ = _run(capsys, "quiz", "--seed", "11", "--count", "6", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["seed"] == 11 and data["count"] == 6 and len(data["items"]) == 6
    assert len({item["type"] for item in data["items"]}) == 6
    for item in data["items"]:
        for field in ("type", "question", "answer", "choices", "scenario", "why", "misconceptions"):
            assert field in item
        assert item["answer"] in item["choices"]
        assert len(item["misconceptions"]) == len(item["choices"])
        assert item["misconceptions"][item["answer_index"]] is None
    assert _run(capsys, "quiz", "--seed", "11", "--count", "6", "--json")[1] == out


def test_markdown_worksheet_and_key(capsys, tmp_path):
    target = tmp_path / "sheet.md"
    code, out, _ = _run(capsys, "quiz", "--seed", "2", "--count", "3", "--markdown", "-o", str(target))
    assert code == 0 and out == ""
    text = target.read_text()
    assert text.startswith("# Registry quiz — seed 2")
    assert text.count("## Question ") == 3 and "# Answer key" in text


def test_plain_quiz_records_wrong_answers_with_their_misconception(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path))
    for seed in range(5, 40):  # a quiz whose first question offers a misconception's distractor
        _, out, _ = _run(capsys, "quiz", "--seed", str(seed), "--count", "2", "--json")
        items = json.loads(out)["items"]
        if any(items[0]["misconceptions"]):
            break
    wrong = next(i for i, m in enumerate(items[0]["misconceptions"]) if m)
    answers = f"{'abcd'[wrong]}\n{'abcd'[items[1]['answer_index']]}\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    code, out, _ = _run(capsys, "--profile", "ada", "quiz", "--seed", str(seed), "--count", "2")  # not a TTY: plain
    assert code == 0
    assert "Question 1 of 2" in out and "Score: 1/2" in out
    assert f"--seed {seed}" in out
    from tutor.misconceptions import MISCONCEPTIONS

    assert f"That choice comes from thinking {MISCONCEPTIONS[items[0]['misconceptions'][wrong]]}" in out
    record = ProgressStore("ada", root=tmp_path).data["quizzes"][f"seed-{seed}-current"]["answers"]
    first, second = record[items[0]["id"]], record[items[1]["id"]]
    assert first["correct"] is False and first["misconception"] == items[0]["misconceptions"][wrong]
    assert second["correct"] is True and second["misconception"] is None


def test_bad_types_are_refused(capsys):
    code, _, err = _run(capsys, "quiz", "--types", "nope", "--json")
    assert code == 2 and "unknown question type" in err


def test_the_sample_pack_feeds_its_lesson_questions_into_the_quiz(capsys):
    code, out, _ = _run(capsys, "quiz", "--pack", SAMPLE_PACK, "--source", "lessons", "--seed", "1",
                        "--count", "3", "--json")
    assert code == 0
    items = json.loads(out)["items"]
    assert len(items) == 3
    assert {i["source"] for i in items} <= {"lesson:warm-up", "lesson:the-library"}
    code, out, _ = _run(capsys, "quiz", "--pack", SAMPLE_PACK, "--source", "mixed", "--seed", "1",
                        "--count", "4", "--json")
    sources = [i["source"] for i in json.loads(out)["items"]]
    assert sources.count("generated") == 2 and len(sources) == 4


def test_the_same_seed_gives_byte_identical_json_across_processes(tmp_path):
    import os
    import subprocess
    import sys

    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "REGISTRY_TUTOR_DATA": str(tmp_path)}
        done = subprocess.run([sys.executable, "-m", "tutor", "quiz", "--seed", "21", "--count", "8", "--json"],
                              capture_output=True, env=env, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_the_repeat_hint_names_every_option_that_chose_the_questions(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("a\na\n"))
    code, out, _ = _run(capsys, "quiz", "--seed", "3", "--count", "2", "--source", "lessons", "--engine", "classic")
    assert code == 0
    hint = out.rsplit("`", 2)[-2]
    assert hint == "registry-tutor quiz --seed 3 --count 2 --source lessons --engine classic"
    # the hint really asks the same quiz again
    _, first, _ = _run(capsys, "quiz", "--seed", "3", "--count", "2", "--source", "lessons", "--engine", "classic",
                       "--json")
    again = main([*hint.split()[1:], "--json"])
    assert again == 0 and json.loads(capsys.readouterr().out)["items"] == json.loads(first)["items"]


def test_plain_mode_says_where_each_scenario_starts(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("a\n"))
    code, out, _ = _run(capsys, "quiz", "--seed", "3", "--count", "1")
    assert code == 0 and "A fresh world (" in out


def test_the_worksheet_header_and_each_question_say_where_scenarios_start(capsys):
    code, out, _ = _run(capsys, "quiz", "--seed", "4", "--count", "4", "--source", "mixed", "--markdown")
    assert code == 0
    assert "Every scenario starts from a fresh default world" not in out  # lesson questions do not
    questions = out.split("# Answer key")[0].split("## Question ")[1:]
    assert len(questions) == 4
    for text in questions:
        intro = text.splitlines()[2]
        assert intro.startswith(("*A fresh world (", "*From the lesson “")), intro
    assert any("From the lesson" in text for text in questions)


def test_ctrl_c_in_the_plain_quiz_stops_it_with_the_score_and_no_traceback(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(repo), REGISTRY_TUTOR_DATA=str(tmp_path))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor", "quiz", "--plain", "--seed", "1", "--count", "2"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env,
        # as a terminal would: a test run started in the background has SIGINT ignored, and children inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        seen = ""
        while "Answer (" not in seen:  # the first question is asked and the quiz waits for an answer
            seen += proc.stdout.read(1)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "(stopped)" in out and "Score: 0/0" in out
    assert proc.returncode == 130  # 128 + SIGINT, as a shell reports (tests/quiz/test_plain_ctrl_c.py)


def test_a_seed_or_count_that_is_not_a_number_is_named_as_such(capsys):
    """Found trying the CLI: `quiz --seed x` said "invalid _seed value: 'x'" (an internal function's name)."""
    import pytest

    for flag in ("--seed", "--count"):
        with pytest.raises(SystemExit) as exit_:
            main(["quiz", flag, "x", "--json"])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert f"registry-tutor quiz: error: argument {flag}: must be a whole number, not 'x'" in err
        assert "_seed" not in err and "_count" not in err


def test_leaving_the_full_screen_quiz_leaves_the_score_and_the_seed_on_the_terminal(capsys, monkeypatch, tmp_path):
    """The full-screen quiz clears its screen when left (Finish, Escape, ctrl+q): the score so far and how to
    ask the same quiz again are printed after it, as the plain quiz prints them."""
    from tutor.quiz.questions import Outcome, QuizScore

    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    seen = {}

    def one_answer_then_left(items, **kwargs):
        seen.update(kwargs, count=len(items))
        score = QuizScore()
        score.add(Outcome("q1", "pull-version", False, "2.0", "1.0", "why", misconception="latest-is-newest"))
        return score

    monkeypatch.setattr("tutor.ui.screens.quiz.run_quiz_app", one_answer_then_left)
    code, out, _ = _run(capsys, "quiz", "--seed", "7", "--count", "3")
    assert code == 0 and seen["count"] == 3 and seen["seed"] == 7
    assert "Score: 0/1 — to revisit: latest-is-newest" in out
    assert "(quiz seed 7: `registry-tutor quiz --seed 7 --count 3" in out
