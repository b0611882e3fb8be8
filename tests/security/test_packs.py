"""Issue 16, packs: a pack never reads outside its folder; too many lessons and empty folders are errors."""

from __future__ import annotations

import textwrap

from tests.security.cli_run import tutor
from tutor.lessons.catalog import MAX_LESSONS, lesson_files, scan_pack

LESSON = textwrap.dedent("""\
    id: {id}
    title: {title}
    summary: A tiny lesson.
    steps:
      - task:
          id: make-file
          prompt: Make a file.
          goal:
            - file_contains: {{path: ~/notes.txt, text: hello}}
          hints: [Use echo.]
          solution:
            - echo hello > ~/notes.txt
          explanation: Done.
    """)


def _pack(tmp_path, name="pack"):
    pack = tmp_path / name
    pack.mkdir()
    (pack / "01-inside.yaml").write_text(LESSON.format(id="inside", title="Inside"), encoding="utf-8")
    return pack


def test_a_symlink_out_of_a_pack_without_pack_yaml_is_not_read(tmp_path):
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(LESSON.format(id="secret", title="Read from outside"), encoding="utf-8")
    pack = _pack(tmp_path)
    (pack / "02-link.yaml").symlink_to(secret)
    loaded, problems = scan_pack(pack)
    assert [lesson.id for lesson in loaded.lessons] == ["inside"]
    assert [str(p) for p in problems] == [
        f"{pack / '02-link.yaml'}:1: a link to a file outside the pack folder; packs read only their own files"
    ]
    assert lesson_files(pack) == [pack / "01-inside.yaml"]
    proc = tutor("validate", str(pack), data=tmp_path / "data")
    assert proc.returncode == 1 and "02-link.yaml:1: a link to a file outside the pack folder" in proc.stdout


def test_a_symlink_inside_the_pack_is_fine(tmp_path):
    pack = _pack(tmp_path)
    (pack / "lessons").mkdir()
    (pack / "lessons" / "two.yaml").write_text(LESSON.format(id="two", title="Two"), encoding="utf-8")
    (pack / "02-two.yaml").symlink_to(pack / "lessons" / "two.yaml")
    loaded, problems = scan_pack(pack)
    assert problems == [] and [lesson.id for lesson in loaded.lessons] == ["inside", "two"]


def test_a_pack_yaml_that_links_outside_is_refused(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: Not yours\nlessons: [../elsewhere.yaml]\n", encoding="utf-8")
    pack = _pack(tmp_path)
    (pack / "pack.yaml").symlink_to(outside)
    loaded, problems = scan_pack(pack)
    assert loaded.lessons == () and loaded.title == "pack"
    assert "pack.yaml:1: a link to a file outside the pack folder" in str(problems[0])


def test_a_lessons_list_naming_files_outside_is_refused(tmp_path):
    (tmp_path / "secret.yaml").write_text(LESSON.format(id="secret", title="Secret"), encoding="utf-8")
    pack = _pack(tmp_path)
    (pack / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    (pack / "pack.yaml").write_text("title: W\nlessons: [01-inside.yaml, ../secret.yaml, link.yaml]\n",
                                    encoding="utf-8")
    loaded, problems = scan_pack(pack)
    assert [lesson.id for lesson in loaded.lessons] == ["inside"]
    assert [p.message for p in problems] == [
        "../secret.yaml: lesson files must be inside the pack folder",
        "link.yaml: lesson files must be inside the pack folder",
    ]


def test_more_lessons_than_allowed_in_pack_yaml_is_an_error_not_a_silent_cut(tmp_path):
    pack = _pack(tmp_path)
    names = ", ".join(["01-inside.yaml"] + [f"x{i}.yaml" for i in range(MAX_LESSONS)])
    (pack / "pack.yaml").write_text(f"title: Big\nlessons: [{names}]\n", encoding="utf-8")
    _, problems = scan_pack(pack)
    assert (
        f"{pack / 'pack.yaml'}:2: lessons lists {MAX_LESSONS + 1} files; a pack holds at most {MAX_LESSONS} "
        f"(the first {MAX_LESSONS} were read)"
    ) in [str(p) for p in problems]


def test_more_lesson_files_than_allowed_in_a_folder_is_an_error(tmp_path):
    pack = tmp_path / "big"
    pack.mkdir()
    for i in range(MAX_LESSONS + 1):
        (pack / f"{i:03}.yaml").write_text("id: x\n", encoding="utf-8")
    _, problems = scan_pack(pack)
    assert f"{pack}:1: {MAX_LESSONS + 1} lesson files; a pack holds at most {MAX_LESSONS}" in "\n".join(
        str(p) for p in problems)


def test_an_empty_folder_does_not_validate_ok(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = tutor("validate", str(empty), data=tmp_path / "data")
    assert proc.returncode == 1
    assert proc.stdout == f"{empty}:0: no lesson files (*.yaml) in this folder\n"
    assert "OK" not in proc.stdout + proc.stderr
