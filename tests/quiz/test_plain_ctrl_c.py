"""Ctrl-C in `registry-tutor quiz --plain`: the answers given are kept and scored, no traceback, and the
command exits 130 (128 + SIGINT, what a shell and Python's own default report) — before, it exited 0,
so a script could not tell a quiz stopped half-way from one finished. `learn` does the same
(tests/lessons/test_plain_ctrl_c.py)."""

from __future__ import annotations

import io
import json

import pytest

from tests.stdin import TypedThenCtrlC
from tutor.cli import main
from tutor.lessons.progress import ProgressStore


@pytest.fixture
def first_answer(tmp_path, monkeypatch, capsys):
    """The right answer to question 1 of the quiz with seed 3, and that question's id."""
    monkeypatch.setenv("REGISTRY_TUTOR_DATA", str(tmp_path))
    assert main(["quiz", "--seed", "3", "--count", "3", "--json"]) == 0
    item = json.loads(capsys.readouterr().out)["items"][0]
    return "abcdefgh"[item["answer_index"]], item["id"]


def test_ctrl_c_after_one_answer_keeps_it_and_exits_130(first_answer, tmp_path, monkeypatch, capsys):
    letter, question = first_answer
    monkeypatch.setattr("sys.stdin", TypedThenCtrlC(f"{letter}\n"))
    assert main(["--profile", "ada", "quiz", "--seed", "3", "--count", "3"]) == 130
    out, err = capsys.readouterr()
    assert "Question 2 of 3" in out and "(stopped)" in out and "Score: 1/1" in out
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err
    answers = ProgressStore("ada", root=tmp_path).data["quizzes"]["seed-3-current"]["answers"]
    assert list(answers) == [question] and answers[question]["correct"] is True


def test_ctrl_c_between_questions_exits_130_too(first_answer, monkeypatch, capsys):
    """Ctrl-C while the next question is being worked out (not at the prompt) stops the same way."""
    from tutor.quiz import plain

    letter, _ = first_answer
    asked = plain.print_question

    def ask(item, number, total, out):
        if number == 2:
            raise KeyboardInterrupt
        asked(item, number, total, out)

    monkeypatch.setattr(plain, "print_question", ask)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{letter}\n{letter}\n"))
    assert main(["quiz", "--seed", "3", "--count", "3"]) == 130
    assert "Score: 1/1" in capsys.readouterr().out


def test_q_and_end_of_input_still_exit_0(first_answer, monkeypatch, capsys):
    for typed in ("q\n", ""):
        monkeypatch.setattr("sys.stdin", io.StringIO(typed))
        assert main(["quiz", "--seed", "3", "--count", "3"]) == 0
        assert "Score: 0/0" in capsys.readouterr().out
