"""Loading lesson files: good files become Lessons, bad ones fail fast with file:line: message."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc

import pytest

from tests.lessons.conftest import EXAMPLE, MINIMAL, REPO
from tutor.lessons import safeyaml
from tutor.lessons.catalog import load_lesson_file, load_pack
from tutor.lessons.model import LessonError, Prose, Quiz, Task


def error_of(path) -> LessonError:
    with pytest.raises(LessonError) as info:
        load_lesson_file(path)
    return info.value


def error_with_cost(path) -> tuple[LessonError, int, int]:
    """The load's error, the Python calls it made and its peak memory in bytes: a bound on the work a
    hostile file can cause that, unlike wall time, does not move with the machine's load."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1

    tracemalloc.start()
    sys.setprofile(count)
    try:
        err = error_of(path)
    finally:
        sys.setprofile(None)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return err, calls, peak


def only_line(err: LessonError) -> str:
    assert len(err.problems) == 1, str(err)
    return str(err.problems[0])


# --- good files -------------------------------------------------------------------


def test_example_lesson_loads_with_its_parts():
    lesson = load_lesson_file(EXAMPLE)
    assert lesson.id == "the-library"
    assert [type(s) for s in lesson.steps] == [Prose, Prose, Task, Quiz, Prose]
    task = lesson.tasks[0]
    assert task.par == 2 and len(task.hints) == 3
    assert task.goal[1].describe() == "label `latest` on shelf myapp1 is on the same edition as `1.0`"
    assert lesson.quizzes[0].question.type == "choice"
    assert lesson.start.cwd == "~/myapp1" and not lesson.start.engine_pinned


def test_minimal_lesson_defaults(write):
    lesson = load_lesson_file(write("tiny.yaml", MINIMAL))
    assert lesson.requires == () and lesson.start.engine == "current" and lesson.start.cwd == "~"
    assert lesson.tasks[0].par == 1  # defaults to the number of solution lines
    assert lesson.tasks[0].goal[0].line == 10


def test_plain_words_stay_words_and_numbers_keep_their_spelling(write):
    path = write(
        "q.yaml",
        MINIMAL
        + """\
  - quiz:
      id: tag-name
      question: Which tag?
      answer: 1.10
      accept: [yes]
      why: Tags are text.
  - quiz:
      id: yes-no
      question: Is latest automatic?
      choices: [yes, no]
      answer: no
      why: It is a label like any other.
""",
    )
    lesson = load_lesson_file(path)
    first, second = (q.question for q in lesson.quizzes)
    assert first.type == "short" and first.answer == "1.10" and first.accept == ("yes",)
    assert second.choices == ("yes", "no") and second.answer == "no"


def test_bare_string_step_is_prose(write):
    lesson = load_lesson_file(
        write("p.yaml", MINIMAL.replace("  - prose: Hello.", "  - Just some *Markdown*."))
    )
    assert lesson.steps[0] == Prose("Just some *Markdown*.", 5)


# --- errors with file:line ----------------------------------------------------------


def test_yaml_syntax_error_names_the_line(write):
    path = write("bad.yaml", MINIMAL.replace("title: Tiny", "title: [Tiny"))
    message = only_line(error_of(path))
    assert message.startswith(f"{path}:")
    assert "YAML syntax error" in message
    assert int(message.split(":")[1]) in (2, 3)


def test_wrong_type_names_the_line_and_what_was_found(write):
    path = write("bad.yaml", MINIMAL.replace("      hints: [Use echo.]", "      hints: Use echo."))
    assert (
        only_line(error_of(path))
        == f"{path}:11: steps[1].task.hints should be a list (lines starting with -), not text"
    )


def test_number_where_text_is_expected_says_to_quote(write):
    path = write("bad.yaml", MINIMAL.replace("title: Tiny", "title: 1.0"))
    assert (
        only_line(error_of(path))
        == f"{path}:2: title should be text, not a number (1.0) — put it in quotes to make it text"
    )


def test_unknown_key_points_at_the_key_and_suggests(write):
    path = write("bad.yaml", MINIMAL.replace("      hints: [Use echo.]", "      hint: [Use echo.]"))
    err = error_of(path)
    text = str(err)
    assert f"{path}:11: steps[1].task: unknown key 'hint' — did you mean 'hints'?" in text
    assert f"{path}:6: steps[1].task is missing 'hints'" in text
    assert [p.line for p in err.problems] == sorted(p.line for p in err.problems)


def test_unknown_goal_kind(write):
    path = write("bad.yaml", MINIMAL.replace("file_contains:", "file_contain:"))
    message = only_line(error_of(path))
    assert message.startswith(f"{path}:10: unknown goal 'file_contain' — did you mean 'file_contains'?")


def test_invalid_reference_in_a_goal(write):
    path = write(
        "bad.yaml",
        MINIMAL.replace(
            "file_contains: {path: ~/notes.txt, text: hello}", "registry_tag: localhost:5000/MyApp:1.0"
        ),
    )
    message = only_line(error_of(path))
    assert message.startswith(
        f"{path}:10: goal registry_tag: `localhost:5000/MyApp:1.0` is not a valid reference"
    )
    assert "must be lowercase" in message


def test_registry_goal_without_a_host_is_explained(write):
    path = write(
        "bad.yaml",
        MINIMAL.replace("file_contains: {path: ~/notes.txt, text: hello}", "registry_tag: myapp1:1.0"),
    )
    assert "names no registry host, so it means Docker Hub" in only_line(error_of(path))


def test_quiz_answer_must_be_a_choice(write):
    path = write(
        "bad.yaml",
        MINIMAL
        + """\
  - quiz:
      id: pick
      question: Pick one.
      choices: [a, b]
      answer: c
      why: Because.
""",
    )
    assert only_line(error_of(path)) == f"{path}:19: the answer 'c' is not one of the choices"


def test_duplicate_ids_and_keys(write):
    dup_id = write("dup.yaml", MINIMAL + "  - quiz: {id: make-folder, question: Q, answer: x, why: W}\n")
    assert only_line(error_of(dup_id)) == f"{dup_id}:15: id 'make-folder' is already used on line 7"
    dup_key = write("dupkey.yaml", MINIMAL.replace("title: Tiny\n", "title: Tiny\ntitle: Again\n"))
    assert only_line(error_of(dup_key)) == f"{dup_key}:3: duplicate key 'title' (first written on line 2)"


def test_lesson_without_a_task_is_refused(write):
    path = write("notask.yaml", "id: x\ntitle: X\nsummary: S\nsteps:\n  - prose: Hi\n")
    assert "needs at least one task" in only_line(error_of(path))


def test_par_below_solution_length(write):
    zero = write(
        "par0.yaml", MINIMAL.replace("      explanation: Done.", "      par: 0\n      explanation: Done.")
    )
    assert only_line(error_of(zero)) == f"{zero}:14: steps[1].task.par must be at least 1, not 0"
    short = write(
        "par1.yaml",
        MINIMAL.replace("      explanation: Done.", "      par: 1\n      explanation: Done.").replace(
            "        - echo hello > ~/notes.txt", "        - cd ~\n        - echo hello > notes.txt"
        ),
    )
    assert only_line(error_of(short)) == (
        f"{short}:15: par 1 is less than the 2 commands of the solution (par defaults to their number)"
    )


def test_empty_file_and_non_mapping(write):
    assert "this one is empty" in only_line(error_of(write("empty.yaml", "")))
    assert "this one is a list" in only_line(error_of(write("list.yaml", "- a\n- b\n")))


# --- hostile files ----------------------------------------------------------------


def test_python_tag_is_refused_and_never_run(write, tmp_path):
    marker = tmp_path / "pwned"
    path = write("evil.yaml", f'id: !!python/object/apply:os.system ["touch {marker}"]\ntitle: x\n')
    message = only_line(error_of(path))
    assert message == f"{path}:1: the tag !!python/object/apply:os.system is not allowed in lesson files"
    assert not marker.exists()


def test_other_tags_are_refused(write):
    assert "tag !!binary is not allowed" in only_line(error_of(write("bin.yaml", "id: !!binary aGVsbG8=\n")))
    assert "tag !custom is not allowed" in only_line(error_of(write("local.yaml", "id: !custom x\n")))


def test_alias_bomb_fails_fast(write):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    path = write("bomb.yaml", "\n".join(lines) + "\n")
    err, calls, peak = error_with_cost(path)
    message = only_line(err)
    assert calls < 200_000 and peak < 20_000_000  # a billion "lol"s were never built
    assert message.startswith(f"{path}:")
    assert "too many aliases" in message or "alias bomb" in message


def test_small_alias_expansion_is_capped_too(write):
    # few aliases, but each doubles the size: caught by the expanded-value count
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 40):
        lines.append(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]")
    path = write("doubling.yaml", "\n".join(lines) + "\n")
    err, calls, peak = error_with_cost(path)
    assert "alias bomb" in only_line(err)
    assert calls < 200_000 and peak < 20_000_000  # 20 x 2**39 values were never built


def test_recursive_alias(write):
    message = only_line(error_of(write("rec.yaml", "a: &a [1, *a]\n")))
    assert "recursive alias" in message or "nested more than" in message


def test_thirty_megabyte_file_fails_fast_without_reading_it(write):
    path = write("huge.yaml", b"id: x\n" + b"#" * (30 * 1024 * 1024))
    err, _, peak = error_with_cost(path)
    message = only_line(err)
    assert peak < 2_000_000  # the 30 MB were never read into memory
    assert message == f"{path}:1: file is 30.0 MB; lesson files may be at most 256 KB"


def test_deep_nesting_fails_fast(write):
    path = write("deep.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n")
    message = only_line(error_of(path))
    assert "nested more than 40 levels" in message


def test_many_nodes_fail_fast(write):
    path = write("wide.yaml", "a: [" + ",".join(["1"] * 60_000) + "]\n")
    err, calls, _ = error_with_cost(path)
    message = only_line(err)
    assert "too many YAML nodes" in message
    assert calls < 2_000_000  # stopped at the node limit, not after composing all 60,000


def test_not_utf8(write):
    path = write("latin1.yaml", b"id: x\ntitle: caf\xe9\n")
    assert only_line(error_of(path)) == f"{path}:2: the file is not UTF-8 text"


def test_merge_keys_are_refused(write):
    message = only_line(error_of(write("merge.yaml", "base: &b {x: 1}\nother:\n  <<: *b\n")))
    assert message.endswith("3: merge keys (<<) are not supported in lesson files; write the keys out")


def test_reading_never_goes_past_the_cap(tmp_path, monkeypatch):
    # a file whose size stat reports as small but that keeps going (like /dev/zero)
    monkeypatch.setattr(safeyaml, "MAX_BYTES", 1000)
    path = tmp_path / "grows.yaml"
    path.write_text("x" * 5000)
    real_stat = type(path).stat

    def small_stat(self, *args, **kwargs):
        result = real_stat(self, *args, **kwargs)

        class Fake:
            st_size = 10
            st_mtime = result.st_mtime

        return Fake()

    monkeypatch.setattr(type(path), "stat", small_stat)
    with pytest.raises(safeyaml.YamlProblem) as info:
        safeyaml.load(path)
    assert "larger than" in info.value.message


def test_validate_cli_on_hostile_files_exits_1_quickly(write):
    bomb = write(
        "bomb.yaml",
        "a: &a ["
        + ",".join(["x"] * 10)
        + "]\n"
        + "\n".join(
            f"b{i}: &b{i} [" + ",".join([f"*{'a' if i == 0 else f'b{i - 1}'}"] * 10) + "]" for i in range(12)
        )
        + "\n",
    )
    huge = write("huge.yaml", b"a: " + b"x" * (30 * 1024 * 1024) + b"\n")
    evil = write("evil.yaml", 'id: !!python/object/apply:os.system ["echo hi"]\n')
    broken = write("broken.yaml", "id: [\n")
    done = subprocess.run(
        [sys.executable, "-m", "tutor", "validate", str(bomb), str(huge), str(evil), str(broken)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,  # a hang guard only: each file's refusal is bounded by the tests above, not by time
    )
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 4
    for path, line in zip(sorted([bomb, broken, evil, huge], key=str), lines, strict=True):
        assert line.startswith(f"{path}:")


# --- packs ------------------------------------------------------------------------


def test_pack_folder_with_pack_yaml(write):
    write("b.yaml", MINIMAL.replace("id: tiny", "id: second").replace("steps:", "requires: [tiny]\nsteps:"))
    write("a.yaml", MINIMAL)
    folder = write(
        "pack.yaml",
        "title: Workshop\nengine: classic\nlessons: [a.yaml, b.yaml]\nquiz: {shuffle_choices: true}\n",
    ).parent
    pack = load_pack(folder)
    assert pack.title == "Workshop"
    assert [lesson.id for lesson in pack.lessons] == ["tiny", "second"]
    assert all(lesson.start.engine == "classic" and lesson.start.engine_pinned for lesson in pack.lessons)
    assert pack.quiz_settings == {"shuffle_choices": True, "retries": 0}
    assert pack.find("2").id == "second" and pack.find("tiny").id == "tiny" and pack.find("9") is None


def test_pack_problems_are_all_reported(write):
    write("a.yaml", MINIMAL.replace("steps:", "requires: [nowhere]\nsteps:"))
    write("b.yaml", MINIMAL)  # same id as a.yaml
    write("c.yaml", "id: [\n")
    folder = write(
        "pack.yaml", "title: W\nlessons: [a.yaml, b.yaml, c.yaml, ../outside.yaml]\ncolour: red\n"
    ).parent
    with pytest.raises(LessonError) as info:
        load_pack(folder)
    text = str(info.value)
    assert f"{folder}/pack.yaml:2: ../outside.yaml: lesson files must be inside the pack folder" in text
    assert f"{folder}/pack.yaml:3: unknown key 'colour'" in text
    assert f"{folder}/c.yaml:2: YAML syntax error" in text or f"{folder}/c.yaml:1: YAML syntax error" in text
    assert f"{folder}/b.yaml:1: lesson id 'tiny' is also used by {folder}/a.yaml" in text
    assert f"{folder}/a.yaml:4: requires 'nowhere', which is not in this pack" in text
