"""LessonSession: steps, goal checks, undo/redo/reset, hints, solutions, quizzes, skipping, scoring."""

from __future__ import annotations

import pytest

from tutor.lessons.loader import load_lesson_text
from tutor.lessons.model import Prose, Quiz, StartState, Task
from tutor.lessons.progress import ProgressStore
from tutor.lessons.session import (
    LessonSession,
    StartStateError,
    build_start_world,
    check_answer,
    same_state,
    stars,
)

NOTES = """\
id: notes
title: Notes
summary: Files only, so the session can be tested without docker.
start:
  cwd: ~/work
  files:
    ~/work/todo.txt: |
      buy milk
  setup:
    - echo "setup ran" > ~/work/setup.txt
steps:
  - prose: Intro.
  - task:
      id: write-hello
      prompt: Write hello into ~/work/a.txt.
      goal:
        - file_contains: {path: ~/work/a.txt, text: hello}
      hints:
        - Use echo.
        - "`echo hello > a.txt`"
      solution:
        - echo hello > a.txt
      explanation: Well done.
  - quiz:
      id: which
      question: Which command writes a file?
      choices: [ls, echo, pwd]
      answer: echo
      why: Only echo with > writes.
      misconception: local-tag-reaches-registry
  - task:
      id: append-world
      prompt: Add world to the same file.
      goal:
        - file_contains: {path: ~/work/a.txt, text: hello}
        - file_contains: {path: ~/work/a.txt, text: world}
      hints: [">> appends."]
      solution:
        - echo world >> a.txt
      explanation: Appended.
  - quiz:
      id: count
      question: How many lines does a.txt have now?
      answer: 2
      accept: [two]
      why: hello and world.
"""


@pytest.fixture
def lesson():
    return load_lesson_text(NOTES, "notes.yaml")


@pytest.fixture
def store(tmp_path):
    return ProgressStore("tester", root=tmp_path / "progress")


def text_of(session, path="/home/learner/work/a.txt"):
    fs = session.world.machine.fs
    return fs.read(path) if fs.is_file(path) else None


def test_start_state_files_then_setup_then_cwd(lesson):
    world = build_start_world(lesson.start)
    fs = world.machine.fs
    assert fs.read("/home/learner/work/todo.txt") == "buy milk\n"
    assert fs.read("/home/learner/work/setup.txt") == "setup ran\n"
    assert world.machine.cwd == "/home/learner/work"
    assert world.machine.history == []  # setup is not the learner's history


def test_failing_setup_is_a_start_state_error():
    with pytest.raises(StartStateError) as info:
        build_start_world(StartState(setup=("echo ok", "cat nothing.txt")))
    assert info.value.index == 1
    assert (
        "setup command `cat nothing.txt` failed (exit 1): cat: nothing.txt: No such file or directory"
        in str(info.value)
    )
    with pytest.raises(StartStateError, match="start folder ~/nowhere does not exist"):
        build_start_world(StartState(cwd="~/nowhere"))


def test_walk_through_steps(lesson):
    s = LessonSession(lesson)
    assert isinstance(s.step, Prose) and s.goal_report() == []
    assert isinstance(s.advance(), Task)
    assert not s.task_done()
    [status] = s.goal_report()
    assert (
        status.text == "`~/work/a.txt` contains “hello”" and status.detail == "there is no file ~/work/a.txt"
    )
    s.run("ls")  # looking around is free
    assert not s.completed_now
    s.run("cat nothing-here.txt")  # a failed attempt counts
    s.run("echo hello > a.txt")
    assert s.completed_now and s.task_done() and s.done
    assert s.score() == "2 commands, par 1: ★★☆"
    assert s.commands_typed == 3
    assert isinstance(s.advance(), Quiz)
    assert s.answer("2").correct  # choice number 2 is "echo"
    assert isinstance(s.advance(), Task)
    assert [st.ok for st in s.goal_report()] == [True, False]
    s.run("echo world >> a.txt")
    assert s.completed_now and s.stars() == 3
    s.advance()
    assert s.answer(" `Two` ").correct
    assert s.advance() is None and s.finished and s.step is None


def test_any_correct_sequence_passes(lesson):
    s = LessonSession(lesson)
    s.advance()
    s.run("cd /tmp")
    s.run("echo 'say hello there' > /home/learner/work/a.txt")
    assert s.done


def test_undo_redo_reset(lesson):
    s = LessonSession(lesson)
    s.advance()
    assert not s.undo()
    s.run("echo one > a.txt")
    s.run("ls")  # changes nothing: not an undo point
    s.run("echo two > a.txt")
    assert text_of(s) == "two\n"
    assert s.undo_label() == "echo two > a.txt"
    assert s.undo() and text_of(s) == "one\n"
    assert s.undo() and text_of(s) is None
    assert not s.undo()
    assert s.redo() and text_of(s) == "one\n"
    s.run("echo three > b.txt")  # a new change clears redo
    assert not s.redo()
    s.reset()
    assert text_of(s) is None and text_of(s, "/home/learner/work/b.txt") is None
    assert s.undo() and text_of(s, "/home/learner/work/b.txt") == "three\n"  # reset itself can be undone
    assert s.shell.world is s.world


def test_undo_does_not_cross_into_the_previous_step(lesson):
    s = LessonSession(lesson)
    s.advance()
    s.run("echo hello > a.txt")
    s.advance()
    s.advance()
    assert not s.undo()
    assert text_of(s) == "hello\n"


def test_hints_are_progressive_and_solution_caps_the_score(lesson, store):
    s = LessonSession(lesson, store)
    s.advance()
    assert s.hint() == "Use echo."
    assert s.hint() == "`echo hello > a.txt`"
    assert s.hint() is None
    assert s.solution() == ["echo hello > a.txt"]
    s.run("echo hello > a.txt")
    assert s.stars() == 2  # at par, but the solution was shown
    task = store.lesson_state("notes")["tasks"]["write-hello"]
    assert task["hints"] == 2 and task["solution_shown"] and task["done"] and task["stars"] == 2


def test_quiz_answers(lesson, store):
    s = LessonSession(lesson, store)
    s.advance()
    s.run("echo hello > a.txt")
    s.advance()
    wrong = s.answer("ls")
    assert not wrong.correct and wrong.expected == "echo" and wrong.why == "Only echo with > writes."
    assert wrong.misconception == "local-tag-reaches-registry"
    assert s.answer("b").correct  # letters work too; the first answer is the one scored
    assert s.quiz_outcome == wrong
    entry = store.lesson_state("notes")["quiz"]["which"]
    assert entry["correct"] is False and entry["misconception"] == "local-tag-reaches-registry" and entry["attempts"] == 2


def test_check_answer_forms(lesson):
    choice = lesson.quizzes[0].question
    assert check_answer(choice, "echo") and check_answer(choice, "ECHO") and check_answer(choice, "2")
    assert check_answer(choice, "b)") and not check_answer(choice, "4") and not check_answer(choice, "a")
    short = lesson.quizzes[1].question
    assert check_answer(short, "2") and check_answer(short, "'two'") and not check_answer(short, "3")


def test_skipping_a_task_runs_its_solution(lesson, store):
    s = LessonSession(lesson, store)
    s.advance()
    s.run("echo nonsense > a.txt")
    s.advance()  # skip: the world becomes what the solution gives from the lesson's start
    assert text_of(s) == "hello\n"
    assert store.lesson_state("notes")["tasks"]["write-hello"]["skipped"]


def test_task_already_done_counts_on_entry(lesson):
    s = LessonSession(lesson)
    s.run("echo 'hello world' > a.txt")  # on the prose step, ahead of time
    s.advance()
    assert s.done and s.completed_now


def test_resume_where_left_off(lesson, store):
    s = LessonSession(lesson, store)
    s.advance()
    s.run("echo hello > a.txt")
    s.advance()
    s.answer("echo")
    s.advance()
    assert s.step_index == 3
    again = LessonSession(lesson, ProgressStore("tester", root=store.root))
    assert again.step_index == 3 and again.resumed_at == 3
    assert isinstance(again.step, Task) and again.step.id == "append-world"
    assert text_of(again) == "hello\n"  # the earlier task's solution is in place
    fresh = LessonSession(lesson, ProgressStore("tester", root=store.root), resume=False)
    assert fresh.step_index == 0


def test_finishing_records_the_lesson_done(lesson, store):
    s = LessonSession(lesson, store)
    while not s.finished:
        s.advance()
    assert store.status("notes") == "done"
    assert LessonSession(lesson, store).step_index == 0  # a finished lesson opens at its start


def test_commands_are_recorded(lesson, store):
    s = LessonSession(lesson, store)
    s.advance()
    s.run("cat missing")
    state = store.lesson_state("notes")
    assert state["commands_typed"] == 1
    assert state["commands"][-1]["line"] == "cat missing" and state["commands"][-1]["exit"] == 1
    assert state["tasks"]["write-hello"]["commands"] == 1


def test_explain_narrates_the_last_command(lesson):
    s = LessonSession(lesson)
    s.advance()
    s.run("echo hello > a.txt")
    assert "a.txt" in s.explain()


def test_stars_rule():
    assert stars(2, 2, False) == 3
    assert stars(4, 2, False) == 2
    assert stars(5, 2, False) == 1
    assert stars(2, 2, True) == 2


def test_same_state_ignores_clock_and_history(lesson):
    world = build_start_world(lesson.start)
    other = world.clone()
    other.tick(100)
    other.machine.history.append("ls")
    assert same_state(world, other)
    other.machine.fs.write("/tmp/x", "y")
    assert not same_state(world, other)
