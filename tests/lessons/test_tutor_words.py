"""Tutor words (issue 9, point 3): one implementation in the session layer, shared by every front end."""

from __future__ import annotations

import io

import pytest

from tests.lessons.test_session import NOTES
from tutor.lessons import tutor_words
from tutor.lessons.loader import load_lesson_text
from tutor.lessons.model import Pack
from tutor.lessons.plain import run_learn
from tutor.lessons.progress import ProgressStore
from tutor.lessons.session import LessonSession


@pytest.fixture
def lesson():
    return load_lesson_text(NOTES, "notes.yaml")


@pytest.fixture
def store(tmp_path):
    return ProgressStore("tester", root=tmp_path / "progress")


def on_task(lesson, store=None) -> LessonSession:
    s = LessonSession(lesson, store)
    s.advance()  # past the prose, onto write-hello
    return s


def test_only_the_tutor_words_are_taken(lesson):
    s = on_task(lesson)
    assert tutor_words.handle(s, "ls") is None
    assert tutor_words.handle(s, "docker images") is None
    for word in ("hint", "undo", "redo", "solution", "goal", "next", "reset", "explain"):
        assert tutor_words.handle(s, f"  {word} ") is not None, word


def test_tutor_words_never_count_against_par(lesson):
    s = on_task(lesson)
    for word in ("hint", "goal", "undo", "redo", "reset", "explain", "next"):
        tutor_words.handle(s, word)
    assert s.commands_typed == 0 and s.commands_scored == 0


def test_an_undone_command_does_not_count_against_par(lesson):
    s = on_task(lesson)
    s.run("echo wrong > a.txt")
    assert s.commands_scored == 1
    reply = tutor_words.handle(s, "undo")
    assert reply.lines == ["Undone: echo wrong > a.txt"] and reply.world_changed
    assert s.commands_scored == 0
    tutor_words.handle(s, "redo")
    assert s.commands_scored == 1  # redone: it counts again
    tutor_words.handle(s, "undo")
    s.run("echo hello > a.txt")
    assert s.done and s.commands_scored == 1 and s.stars() == 3


def test_undoing_a_reset_takes_back_no_command(lesson):
    s = on_task(lesson)
    s.run("echo one > a.txt")
    assert tutor_words.handle(s, "reset").world_changed
    assert s.commands_scored == 1
    tutor_words.handle(s, "undo")  # the reset is undone, not the command
    assert s.commands_scored == 1
    assert tutor_words.handle(s, "reset").world_changed
    assert not tutor_words.handle(s, "reset").world_changed  # already at the step's start


def test_next_goes_on_only_when_the_step_is_done(lesson):
    s = on_task(lesson)
    reply = tutor_words.handle(s, "next")
    assert not reply.advance and reply.show_goal and "not reached" in reply.lines[0]
    s.run("echo hello > a.txt")
    assert tutor_words.handle(s, "next").advance


def test_hint_then_solution(lesson, store):
    s = on_task(lesson, store)
    reply = tutor_words.handle(s, "hint")
    assert reply.lines == ["Hint 1 of 2:"] and reply.hint_markdown == "Use echo."
    reply = tutor_words.handle(s, "solution")
    assert reply.solution == ["echo hello > a.txt"] and s.solution_shown


def test_quiz_retries_and_shuffle_live_in_the_session(lesson):
    s = LessonSession(lesson, quiz_settings={"retries": 1, "shuffle_choices": True})
    s.advance()
    s.run("echo hello > a.txt")
    s.advance()
    order = s.choices()
    assert sorted(order) == ["echo", "ls", "pwd"]
    assert s.choices() == order  # one order, seeded by the question's id
    first = s.answer("ls")
    assert first.retry and s.quiz_outcome is None and not s.can_continue()
    second = s.answer("pwd")
    assert not second.retry and not second.correct and s.quiz_outcome == second and s.can_continue()


# --- plain mode (issue 9, point 9) ----------------------------------------------------------------

SSH_LESSON = """\
id: hop
title: Hop
summary: A teammate's machine.
start:
  machines: [teammate]
steps:
  - task:
      id: write-there
      prompt: Write hello into ~/a.txt on your laptop.
      goal:
        - file_contains: {path: ~/a.txt, text: hello}
      hints: [Use echo.]
      solution:
        - echo hello > ~/a.txt
      explanation: Well done.
"""


def learn(lesson, script: str, settings: dict | None = None) -> str:
    out = io.StringIO()
    pack = Pack("test", (lesson,), quiz_settings=settings or {})
    run_learn(pack, lesson.id, progress=None, stdin=io.StringIO(script), stdout=out, stderr=out)
    return out.getvalue()


def test_plain_exit_leaves_the_ssh_session_first():
    lesson = load_lesson_text(SSH_LESSON, "hop.yaml")
    out = learn(lesson, "ssh teammate\nexit\necho hello > ~/a.txt\n")
    assert "teammate:~ $ exit" in out and "logout" in out and "Connection to teammate closed." in out
    assert "✓ Goal reached!" in out  # the lesson went on, back on the laptop


def test_plain_checklist_is_reprinted_only_when_it_changes(lesson):
    out = learn(lesson, "\ncd .\nls\npwd\necho hi > a.txt\necho hello > a.txt\n")
    task_part = out.split("Task: write-hello", 1)[1].split("Goal reached", 1)[0]
    # once when the task opens, once after `echo hi` changed the detail; not after cd, ls, pwd
    assert task_part.count("Goal:") == 2


def test_plain_prints_the_pictures_change_notes():
    lesson = load_lesson_text(SSH_LESSON.replace("echo hello > ~/a.txt", "docker pull alpine && echo hello > ~/a.txt"),
                              "hop.yaml")
    out = learn(lesson, "docker pull alpine\n")
    assert "» copied edition" in out and "from docker.io/library/alpine to your laptop" in out


def test_plain_honours_the_packs_retries(lesson):
    script = "\necho hello > a.txt\n\nls\npwd\n"
    out = learn(lesson, script, {"retries": 1})
    assert "Not quite — try again." in out
    assert "✗ Not quite. The answer: echo" in out


def test_target_marks_a_label_to_move_and_one_to_add():
    """The target picture's marks (issue 9.6): lesson 9 'move-latest' moves `latest` to the 3.0 edition."""
    from tutor.lessons.catalog import load_builtin
    from tutor.sim.changes import target_changes

    lesson = next(x for x in load_builtin() if x.id == "maintaining-latest")
    s = LessonSession(lesson)
    while s.task is None or s.task.id != "move-latest":
        s.advance()
    marks = target_changes(s.target_world(), s.world)
    assert marks.labels == {("localhost:5000", "myapp1", "latest"): "moved"}
    assert any("label [latest] on shelf myapp1 must move to the edition with [3.0]" in n for n in marks.notes)
    for line in s.task.solution:
        s.run(line)
    assert target_changes(s.target_world(), s.world).notes == ["the library already looks like the target"]
