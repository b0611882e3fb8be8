"""The validator replays solutions against the simulator, and the CLI reports file:line: message."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.lessons.conftest import LESSONS, MINIMAL, REPO
from tutor.lessons.validate import validate_paths


def messages(report):
    return [str(p) for p in report.problems]


def test_good_lesson_replays_on_both_engines(write):
    report = validate_paths([write("tiny.yaml", MINIMAL)])
    assert report.ok, messages(report)
    assert report.lessons == 1 and report.replayed == 2  # one task, two engines


def test_pinned_engine_replays_once(write):
    path = write("tiny.yaml", MINIMAL.replace("steps:", "start:\n  engine: classic\nsteps:"))
    assert validate_paths([path]).replayed == 1


def test_solution_that_misses_the_goal(write):
    path = write("miss.yaml", MINIMAL.replace("echo hello > ~/notes.txt", "echo goodbye > ~/notes.txt"))
    assert messages(validate_paths([path])) == [
        f"{path}:10: task 'make-folder': after the solution this goal does not hold: "
        "`~/notes.txt` contains “hello” — it does not; its first line is “goodbye”"
    ]


def test_goal_already_true_at_the_start(write):
    path = write(
        "done.yaml", MINIMAL.replace("steps:", "start:\n  setup: [echo hello > ~/notes.txt]\nsteps:")
    )
    assert messages(validate_paths([path])) == [
        f"{path}:8: task 'make-folder': the goal already holds where the task starts, so there is nothing to do "
        "(`~/notes.txt` contains “hello”)"
    ]


def test_failing_solution_command(write):
    path = write(
        "fail.yaml",
        MINIMAL.replace(
            "        - echo hello > ~/notes.txt",
            "        - cat ~/missing\n        - echo hello > ~/notes.txt",
        ).replace("explanation: Done.", "par: 2\n      explanation: Done."),
    )
    assert messages(validate_paths([path])) == [
        f"{path}:13: task 'make-folder': solution command `cat ~/missing` failed (exit 1): "
        "cat: /home/learner/missing: No such file or directory"
    ]


def test_failing_setup_command_points_at_its_line(write):
    path = write(
        "setup.yaml",
        MINIMAL.replace("steps:", "start:\n  setup:\n    - echo ok\n    - nosuchprogram\nsteps:"),
    )
    [message] = messages(validate_paths([path]))
    assert message.startswith(
        f"{path}:7: setup command `nosuchprogram` failed (exit 127): bash: nosuchprogram: command not found"
    )


def test_goal_on_a_registry_that_does_not_exist(write):
    path = write(
        "host.yaml",
        MINIMAL.replace(
            "        - file_contains: {path: ~/notes.txt, text: hello}",
            "        - file_contains: {path: ~/notes.txt, text: hello}\n        - registry_tag_absent: registry.example.com/app:1.0",
        ),
    )
    assert messages(validate_paths([path])) == [
        f"{path}:11: task 'make-folder': goal registry_tag_absent: there is no registry at registry.example.com in the lesson's world"
    ]


def test_later_tasks_start_where_the_previous_solution_left_off(write):
    two_tasks = (
        MINIMAL
        + """\
  - task:
      id: second
      prompt: Add more.
      goal:
        - file_contains: {path: ~/notes.txt, text: "hello\\nmore"}
      hints: [Append.]
      solution: [echo more >> ~/notes.txt]
      explanation: Done.
"""
    )
    assert validate_paths([write("two.yaml", two_tasks)]).ok


def test_requires_of_a_single_file_are_checked_against_its_folder(write):
    write("a.yaml", MINIMAL)
    ok = write(
        "b.yaml", MINIMAL.replace("id: tiny", "id: second").replace("steps:", "requires: [tiny]\nsteps:")
    )
    assert validate_paths([ok]).ok
    bad = write(
        "c.yaml",
        MINIMAL.replace("id: tiny", "id: third").replace("steps:", "requires: [tiny, ghost]\nsteps:"),
    )
    assert messages(validate_paths([bad])) == [f"{bad}:4: requires 'ghost', which is not in this pack"]


def test_missing_path(tmp_path):
    assert messages(validate_paths([tmp_path / "nope.yaml"])) == [
        f"{tmp_path / 'nope.yaml'}:0: no such file or folder"
    ]


def run_cli(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        **kwargs,
    )


def test_cli_exit_codes_and_output(write):
    good = write("tiny.yaml", MINIMAL)
    done = run_cli("validate", str(good))
    assert done.returncode == 0 and done.stdout == "1 lesson OK (2 task solutions replayed).\n"
    bad = write("bad.yaml", MINIMAL.replace("title: Tiny", "title:"))
    done = run_cli("validate", str(good), str(bad))
    assert done.returncode == 1
    assert (
        done.stdout == f"{bad}:2: title should be text, not nothing (an empty value) — the value is missing\n"
    )
    assert done.stderr == "1 problem found.\n"


def test_cli_schema_prints_the_schema():
    done = run_cli("schema")
    assert done.returncode == 0
    assert json.loads(done.stdout) == json.loads((LESSONS / "schema.json").read_text())


def test_shipped_lessons_validate():
    done = run_cli("validate", "lessons")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK" in done.stdout


# --- wrong sequences (issue 9, point 8) -------------------------------------------------------

WRONG = MINIMAL.replace(
    "      explanation: Done.\n",
    "      explanation: Done.\n"
    "      wrong_sequences:\n"
    "        - commands: [echo goodbye > ~/notes.txt]\n"
    "          because: the wrong word\n"
    "        - commands: [echo hello > ~/notes.txt]\n"
    "          because: a mistake the goal wrongly accepts\n",
)


def test_a_wrong_sequence_that_satisfies_the_goal_is_reported_at_its_line(write):
    path = write("wrong.yaml", WRONG)
    report = validate_paths([path])
    # reported once (same on both engines), at the `- commands:` line of the second sequence
    assert messages(report) == [
        f"{path}:18: task 'make-folder': the wrong sequence `echo hello > ~/notes.txt` satisfies the goal "
        "(it should not: a mistake the goal wrongly accepts)"
    ]


def test_wrong_sequences_start_where_the_task_starts_and_leave_the_solution_alone(write):
    ok = WRONG.replace("commands: [echo hello > ~/notes.txt]", "commands: [echo hell > ~/notes.txt, cat nope]")
    report = validate_paths([write("fine.yaml", ok)])
    assert report.ok, messages(report)  # a failing command in a mistake is fine; the solution still replays


def test_wrong_sequences_are_checked_by_the_schema(write):
    bad = WRONG.replace("          because: the wrong word\n", "")
    report = validate_paths([write("bad.yaml", bad)])
    assert any("because" in m for m in messages(report)), messages(report)


def test_every_shipped_task_lists_a_wrong_sequence():
    from tutor.lessons.catalog import load_builtin

    for lesson in load_builtin():
        for task in lesson.tasks:
            assert task.wrong_sequences, f"{lesson.source}: task {task.id} has no wrong_sequences"


def test_lesson_6_rejects_myapp1s_code_on_the_missing_shelves():
    """The goal of 'fill-the-shelves' must not pass when myapp8/19/24 hold myapp1's code (issue 9.8)."""
    from tutor.lessons.catalog import load_builtin
    from tutor.lessons.session import LessonSession

    lesson = next(x for x in load_builtin() if x.id == "twenty-five-shelves")
    session = LessonSession(lesson)
    while session.task is None or session.task.id != "fill-the-shelves":
        session.advance()
    for n in (8, 19, 24):
        session.run(f"docker tag localhost:5000/myapp1:1.0 localhost:5000/myapp{n}:1.0")
        session.run(f"docker push localhost:5000/myapp{n}:1.0")
    assert not session.task_done()
    assert any("Hello from myapp8," in s.text and not s.ok for s in session.goal_report())


def test_a_file_named_with_its_folder_is_checked_and_reported_once(write):
    """Found trying the CLI: `validate pack/*.yaml pack` printed every problem twice (and counted twice)."""
    good = write("tiny.yaml", MINIMAL)
    bad = write("miss.yaml", MINIMAL.replace("id: tiny", "id: miss").replace(
        "echo hello > ~/notes.txt", "echo goodbye > ~/notes.txt"))
    alone = validate_paths([bad])
    together = validate_paths([good, bad, good.parent, str(bad)])
    assert alone.problems and messages(together) == messages(alone)
    assert together.lessons == 2
