"""Plain mode driven through stdin, as a learner (or a screen reader user) would go through a lesson."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.lessons import test_session
from tests.lessons.conftest import REPO
from tutor.lessons.progress import ProgressStore, pack_identity


@pytest.fixture
def pack(tmp_path):
    folder = tmp_path / "notes-pack"
    folder.mkdir()
    (folder / "notes.yaml").write_text(test_session.NOTES, encoding="utf-8")
    return folder


def learn(*args: str, stdin: str, data=None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if data is not None:
        env["REGISTRY_TUTOR_DATA"] = str(data)
    env.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )


def test_whole_lesson_the_right_way(pack, tmp_path):
    done = learn(
        "learn",
        "--pack",
        str(pack),
        "notes",
        stdin="echo hello > a.txt\n2\necho world >> a.txt\n2\n",
        data=tmp_path / "d",
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Lesson: Notes" in out
    assert "~/work $ echo hello > a.txt" in out
    assert "✓ Goal reached! 1 command, par 1: ★★★" in out
    assert "Well done." in out
    assert "Your answer (number or text): 2\n✓ Right." in out
    assert "You finished “Notes”." in out
    assert "  write-hello: ★★★\n  append-world: ★★★" in out
    assert not any(line != line.rstrip() for line in out.splitlines())  # no padding in transcripts
    store = ProgressStore("default", root=tmp_path / "d", pack=pack_identity(pack))
    assert store.status("notes") == "done"


def test_wrong_commands_get_a_useful_goal_report(pack, tmp_path):
    done = learn(
        "learn", "--pack", str(pack), "notes", stdin="echo hi > a.txt\ncat nope\n", data=tmp_path / "d"
    )
    assert done.returncode == 0
    out = done.stdout
    assert "  ✗ `~/work/a.txt` contains “hello”\n      it does not; its first line is “hi”" in out
    assert "cat: nope: No such file or directory" in out
    assert "Goal reached" not in out
    assert f"Progress saved. To continue: registry-tutor learn --pack {pack} notes" in out


def test_tutor_commands(pack, tmp_path):
    script = "help\nhint\nhint\nhint\nsolution\nexplain\necho x > a.txt\nundo\nredo\nreset\ngoal\nquit\n"
    out = learn("learn", "--pack", str(pack), "notes", stdin=script, data=tmp_path / "d").stdout
    assert "Tutor commands:" in out and "  hint         the next hint for this task" in out
    assert "Hint 1 of 2:\nUse echo." in out and "Hint 2 of 2:" in out
    assert "No more hints. Type `solution` to see one way to do it." in out
    assert (
        "One way to do it (type it yourself; any way that reaches the goal counts):\n  echo hello > a.txt"
        in out
    )
    assert "Undone: echo x > a.txt" in out and "Redone: echo x > a.txt" in out
    assert "The world is back as it was when this step began (`undo` takes the reset back)." in out
    assert out.rstrip().endswith(f"Progress saved. To continue: registry-tutor learn --pack {pack} notes")


def test_quit_then_resume(pack, tmp_path):
    data = tmp_path / "d"
    learn("learn", "--pack", str(pack), "notes", stdin="echo hello > a.txt\n", data=data)
    again = learn("learn", "--pack", str(pack), stdin="1\n", data=data)  # no LESSON: the one in progress
    assert "(Resuming where you left off: step 3 of 5.)" in again.stdout
    assert "Which command writes a file?" in again.stdout
    assert "✗ Not quite. The answer: echo" in again.stdout
    quiz = ProgressStore("default", root=data, pack=pack_identity(pack)).lesson_state("notes")["quiz"]["which"]
    assert quiz["correct"] is False and quiz["misconception"] == "local-tag-reaches-registry"
    restarted = learn("learn", "--pack", str(pack), "notes", "--restart", stdin="", data=data)
    assert "Resuming" not in restarted.stdout and "Intro." in restarted.stdout


def test_profiles_are_separate(pack, tmp_path):
    data = tmp_path / "d"
    learn(
        "--profile", "alice", "learn", "--pack", str(pack), "notes", stdin="echo hello > a.txt\n", data=data
    )
    bob = learn("learn", "--profile", "bob", "--pack", str(pack), stdin="", data=data)
    assert "Resuming" not in bob.stdout
    assert ProgressStore("alice", root=data, pack=pack_identity(pack)).status("notes") == "in progress"


def test_a_lesson_file_can_be_opened_directly(pack, tmp_path):
    file = pack / "notes.yaml"
    out = learn("learn", str(file), stdin="", data=tmp_path / "d").stdout
    assert "Lesson: Notes" in out and f"To continue: registry-tutor learn {file}" in out


def test_a_misspelt_lesson_id_names_the_lesson_meant(tmp_path):
    done = learn("learn", "the-libary", stdin="", data=tmp_path / "d")
    assert done.returncode == 2
    assert "no lesson 'the-libary' in registry-tutor lessons (did you mean the-library?). The lessons are:" in done.stderr


def test_unknown_lesson_and_list(pack, tmp_path):
    done = learn("learn", "--pack", str(pack), "nope", stdin="", data=tmp_path / "d")
    assert done.returncode == 2
    assert "no lesson 'nope'" in done.stderr and "notes" in done.stderr
    listed = learn("learn", "--pack", str(pack), "--list", stdin="", data=tmp_path / "d")
    assert listed.returncode == 0 and "   1. notes" in listed.stdout and "[new]" in listed.stdout


def test_corrupt_progress_is_reported_not_hidden(pack, tmp_path):
    data = tmp_path / "d"
    (data / "default").mkdir(parents=True)
    (data / "default" / "progress.json").write_text("{oops")
    out = learn("learn", "--pack", str(pack), "notes", stdin="", data=data).stdout
    assert "Your progress file was damaged" in out and "progress.json.corrupt-1" in out
    assert (data / "default" / "progress.json.corrupt-1").read_text() == "{oops"


def test_broken_pack_is_refused_with_file_lines(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "x.yaml").write_text("id: [\n")
    done = learn("learn", "--pack", str(folder), stdin="", data=tmp_path / "d")
    assert done.returncode == 2 and f"{folder}/x.yaml:" in done.stderr  # tests/test_cli_pack_refusal.py


# --- the shipped example lesson -----------------------------------------------------------

RIGHT = """\
docker images
docker tag localhost:5000/myapp1:1.0 localhost:5000/myapp1:latest
docker push localhost:5000/myapp1:latest
2
"""


def test_example_lesson_the_right_way(tmp_path):
    done = learn("learn", "the-library", stdin=RIGHT, data=tmp_path / "d")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Lesson: The library" in out and "Welcome to the library" in out
    assert "~/myapp1 $ docker push localhost:5000/myapp1:latest" in out
    assert "✓ Goal reached! 2 commands, par 2: ★★★" in out  # `docker images` only looked: free
    assert "Your answer (number or text): 2\n✓ Right." in out
    assert "You finished “The library”." in out


def test_example_lesson_wrong_sequence_reports_the_goal(tmp_path):
    # tagging alone does not reach the library; pushing a different edition as latest is wrong too
    wrong = """\
docker tag localhost:5000/myapp1:1.0 localhost:5000/myapp1:latest
cd ~/myapp2
docker tag localhost:5000/myapp2:1.0 localhost:5000/myapp1:latest
docker push localhost:5000/myapp1:latest
"""
    out = learn("learn", "the-library", stdin=wrong, data=tmp_path / "d").stdout
    assert "  ✗ label `latest` on shelf myapp1 is on the same edition as `1.0`" in out
    assert (
        "  ✓ on your laptop, `localhost:5000/myapp1:latest` and `localhost:5000/myapp1:1.0` are the same image"
        in out
    )
    assert "shelf myapp1 has no label `latest` (its labels: `1.0`)" in out
    assert "`latest` on shelf myapp1 points at the edition that says “Hello from myapp2, version 1.0”" in out
    assert "the goal wants the `1.0` edition" in out
    assert "Goal reached" not in out


PREDICT = """\
id: predict
title: Predict
summary: Quiz forms.
steps:
  - task:
      id: t
      prompt: Write x.
      goal: [{file_contains: {path: ~/x, text: x}}]
      hints: [echo]
      solution: [echo x > ~/x]
      explanation: ok
  - quiz:
      id: what-pull
      question: What does the pull get?
      commands:
        - docker push localhost:5000/myapp1:2.0
        - docker pull localhost:5000/myapp1
      choices: [the 2.0 edition, the 1.0 edition, an error]
      answer: the 1.0 edition
      why: "`latest` did not move."
"""


def run_in_process(tmp_path, text, stdin, settings=None):
    import io

    from tutor.lessons.loader import load_lesson_text
    from tutor.lessons.model import Pack
    from tutor.lessons.plain import run_learn

    lesson = load_lesson_text(text, "predict.yaml")
    pack = Pack("P", (lesson,), settings or {"shuffle_choices": False, "retries": 0})
    out = io.StringIO()
    code = run_learn(
        pack, None, progress=ProgressStore("p", root=tmp_path), stdin=io.StringIO(stdin), stdout=out
    )
    return code, out.getvalue()


def test_predict_question_shows_the_commands_and_allows_retries(tmp_path):
    code, out = run_in_process(
        tmp_path,
        PREDICT,
        "echo x > ~/x\n7\nan error\nthe 1.0 edition\n",
        {"shuffle_choices": False, "retries": 1},
    )
    assert code == 0
    assert (
        "The commands:\n  $ docker push localhost:5000/myapp1:2.0\n  $ docker pull localhost:5000/myapp1"
        in out
    )
    assert "Please answer with a number from 1 to 3, or the text of a choice." in out
    assert "Not quite — try again." in out
    assert "✓ Right.\n`latest` did not move." in out  # inline code keeps its backticks in plain output
    quiz = ProgressStore("p", root=tmp_path).lesson_state("predict")["quiz"]["what-pull"]
    assert quiz["correct"] is False and quiz["attempts"] == 2 and quiz["last_correct"] is True


def test_shuffled_choices_are_numbered_as_shown(tmp_path):
    import random

    order = ["the 2.0 edition", "the 1.0 edition", "an error"]
    random.Random("what-pull").shuffle(order)
    number = order.index("the 1.0 edition") + 1
    _, out = run_in_process(
        tmp_path, PREDICT, f"echo x > ~/x\n{number}\n", {"shuffle_choices": True, "retries": 0}
    )
    assert f"  {number}. the 1.0 edition" in out and "✓ Right." in out


def test_keep_backticks_leaves_fences_alone():
    from tutor.lessons.plain import keep_backticks

    text = "Use `docker tag`.\n```\necho `x`\n```\n"
    assert keep_backticks(text) == "Use `` `docker tag` ``.\n```\necho `x`\n```\n"
