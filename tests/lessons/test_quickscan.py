"""The lesson list read from the files' own lines (tutor.lessons.quickscan): what the compiled lesson says, or nothing.

The first start after an install or an edit lists the pack from these lines before its first frame. Whatever a
file holds, the scan either gives exactly the id, title, summary and task ids the full load gives, or gives up
(None), and the app compiles the pack first, as it always did.
"""

from __future__ import annotations

import shutil

import pytest

from tests.lessons.conftest import LESSONS, MINIMAL
from tutor.lessons import catalog, listing, quickscan, safeyaml
from tutor.lessons.loader import load_lesson_text
from tutor.lessons.model import LessonError

TASK = """\
  - task:
      id: {id}
      prompt: Make a folder.
      goal:
        - file_contains: {{path: ~/notes.txt, text: hello}}
      hints: [Use echo.]
      solution:
        - echo hello > ~/notes.txt
      explanation: Done.
"""


def compiled(text: str):
    """(id, title, summary, task ids) of the full load, or None when the file does not load."""
    try:
        lesson = load_lesson_text(text)
    except LessonError:
        return None
    return lesson.id, lesson.title, lesson.summary, tuple(task.id for task in lesson.tasks)


def with_lines(title: str = "title: Tiny", summary: str = "summary: A tiny lesson.", steps: str = "") -> str:
    text = MINIMAL.replace("title: Tiny", title).replace("summary: A tiny lesson.", summary)
    return text + steps


def test_every_shipped_lesson_scans_to_what_it_compiles_to():
    pack = catalog.load_pack(LESSONS)
    title, entries = listing.scan_listing(LESSONS)
    assert title == pack.title
    assert entries == [listing.entry_of(lesson) for lesson in pack.lessons]
    assert sum(len(entry.task_ids) for entry in entries) > len(entries)  # several tasks per lesson, all found


# Forms the scan reads: each must give exactly what the full load gives.
READ = {
    "single-quoted title": with_lines(title="title: 'It''s a tag: latest'"),
    "double-quoted title": with_lines(title='title: "Tags: labels # not a comment"'),
    "plain title with a comment": with_lines(title="title: Labels and shelves   # the short name"),
    "plain title with a hash inside": with_lines(title="title: C# and F#"),
    "literal summary": with_lines(summary="summary: |\n  Line one.\n\n  Line two.\n"),
    "folded summary": with_lines(summary="summary: >-\n  One\n  sentence.\n\n\n  Another.\n"),
    "folded summary, kept": with_lines(summary="summary: >+\n  Kept\n  newlines.\n\n"),
    "a second task": with_lines(steps=TASK.format(id="second-task")),
    "a quiz between tasks": with_lines(steps="  - quiz:\n      id: q1\n      question: Why?\n      answer: because\n"
                                       "      why: It is so.\n" + TASK.format(id="after-quiz")),
    "comments at item depth": MINIMAL.replace("  - task:", "  # the task\n  - task:  # first\n"),
    "a byte order mark": "\ufeff" + MINIMAL,
}


@pytest.mark.parametrize("name", READ)
def test_the_forms_lessons_are_written_in_scan_to_what_they_compile_to(name, tmp_path):
    text = READ[name]
    expected = compiled(text)
    assert expected is not None, "the example itself must load"
    path = tmp_path / "lesson.yaml"
    path.write_text(text, encoding="utf-8")
    assert quickscan.scan_file(path) == expected


# Forms it leaves to YAML: the scan gives up, whether the full load accepts the file or reports it.
UNSURE = {
    "a title YAML reads as a number": with_lines(title="title: 1.10"),
    "a title YAML reads as a boolean": with_lines(title="title: true"),
    "a title over two lines": with_lines(title="title: A title\n  that goes on"),
    "an escape in a quoted title": with_lines(title='title: "Tab\\there"'),
    "a title with a colon and a space": with_lines(title="title: Tags: labels"),
    "an ESC in the title": with_lines(title="title: Tiny\x1b[2J"),
    "a bidi control in the summary": with_lines(summary="summary: abc\u202edef"),
    "an anchored title": with_lines(title="title: &t Tiny"),
    "a flow task": MINIMAL.replace("  - task:\n      id: make-folder", "  - task: {id: make-folder}\n      x: y"),
    "a task in a flow step": with_lines(steps="  - {task: {id: flow-task}}\n"),
    "a string step": with_lines(steps="  - just some words\n"),
    "a task id on another depth": MINIMAL.replace("      id: make-folder", "    id: make-folder"),
    "two ids in a task": MINIMAL.replace("      id: make-folder", "      id: make-folder\n      id: again"),
    "a duplicate top-level key": MINIMAL + "title: Again\n",
    "a document marker": "---\n" + MINIMAL,
    "CRLF line ends": MINIMAL.replace("\n", "\r\n"),
    "a line separator inside a line": MINIMAL.replace("  - prose: Hello.", "  - prose: Hello.\u2028  - task:"),
    "a tab in the indentation": MINIMAL.replace("      id: make-folder", "\t    id: make-folder"),
    "a more-indented line in a folded summary": with_lines(summary="summary: >\n  One\n    two\n"),
    "steps at column 0": MINIMAL.replace("\n  - ", "\n- ").replace("\n      ", "\n    "),
    "no steps": "id: tiny\ntitle: Tiny\nsummary: A tiny lesson.\n",
    "an id that is not an id": MINIMAL.replace("id: tiny", "id: Tiny Lesson"),
    "a comment at column 0 inside the steps": MINIMAL.replace("  - task:", "# a comment\n  - task:"),
    "a mapping of something else": "- id: tiny\n",
}


@pytest.mark.parametrize("name", UNSURE)
def test_forms_it_does_not_take_are_left_to_yaml(name, tmp_path):
    path = tmp_path / "lesson.yaml"
    path.write_text(UNSURE[name], encoding="utf-8", newline="")
    assert quickscan.scan_file(path) is None


@pytest.mark.parametrize("text", [*READ.values(), *UNSURE.values()])
def test_the_scan_never_disagrees_with_a_file_that_loads(text):
    """Whatever the scan gives for a file that loads is what the loaded lesson says (a stale or wrong title
    is never listed); for a file that does not load, the scan may list it, and the load reports it."""
    expected = compiled(text)
    try:
        found = quickscan.scan_text(text.removeprefix("\ufeff"))
    except quickscan.Unsure:
        return
    if expected is not None:
        assert found == expected


def test_a_file_too_big_to_load_or_not_utf8_is_left_to_yaml(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(MINIMAL + "# " + "x" * quickscan.MAX_BYTES + "\n")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(MINIMAL.replace("Tiny", "Caf\xe9").encode("latin-1"))
    assert quickscan.scan_file(big) is None and quickscan.scan_file(latin) is None
    assert quickscan.scan_file(tmp_path / "missing.yaml") is None


def test_the_limits_it_copies_are_the_loaders():
    assert quickscan.MAX_BYTES == safeyaml.MAX_BYTES
    assert listing.MAX_LESSONS == catalog.MAX_LESSONS


def test_a_pack_is_scanned_whole_or_not_at_all(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "01-one.yaml").write_text(MINIMAL)
    (folder / "02-two.yaml").write_text(MINIMAL.replace("id: tiny", "id: tiny-two").replace("title: Tiny", "title: Two"))
    title, entries = listing.scan_listing(folder)
    assert title == "pack" and [e.title for e in entries] == ["Tiny", "Two"]
    assert [e.source for e in entries] == [str(folder / "01-one.yaml"), str(folder / "02-two.yaml")]
    (folder / "03-odd.yaml").write_text(with_lines(title="title: 1.10").replace("id: tiny", "id: tiny-odd"))
    assert listing.scan_listing(folder) is None  # one file it cannot read: the pack is compiled first
    (folder / "03-odd.yaml").write_text(MINIMAL)  # the same id twice: the full load reports it
    assert listing.scan_listing(folder) is None
    (folder / "03-odd.yaml").unlink()
    (folder / "pack.yaml").write_text("title: Workshop\n")  # a pack.yaml needs YAML
    assert listing.scan_listing(folder) is None


def test_a_link_out_of_the_pack_is_left_to_the_full_load(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(MINIMAL.replace("id: tiny", "id: elsewhere"))
    folder = tmp_path / "pack"
    shutil.copytree(LESSONS, folder, ignore=shutil.ignore_patterns("1*", "0[2-9]*", "*.md", "*.json"))
    (folder / "99-link.yaml").symlink_to(outside)
    assert listing.scan_listing(folder) is None
