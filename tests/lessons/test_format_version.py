"""``format_version`` in lesson files and pack.yaml: optional (1 when absent); a version this
registry-tutor does not know is refused as ``file:line: message`` instead of being misread."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.lessons.conftest import LESSONS, MINIMAL, REPO
from tutor.lessons.catalog import load_pack
from tutor.lessons.loader import load_lesson_file
from tutor.lessons.model import LessonError
from tutor.lessons.validate import validate_paths


def test_a_lesson_without_format_version_or_with_1_loads(write):
    assert load_lesson_file(write("plain.yaml", MINIMAL)).id == "tiny"
    assert load_lesson_file(write("one.yaml", "format_version: 1\n" + MINIMAL)).id == "tiny"


def test_a_lesson_for_a_later_format_is_refused_at_its_line(write):
    path = write("later.yaml", MINIMAL.replace("title: Tiny\n", "title: Tiny\nformat_version: 2\n"))
    report = validate_paths([path])
    assert [str(p) for p in report.problems] == [
        f"{path}:3: format_version 2 is newer than this registry-tutor reads (1); "
        "update registry-tutor to open this file"
    ]


@pytest.mark.parametrize("value", ["one", "true", "0", "1.5"])
def test_a_format_version_that_is_no_version_is_refused(write, value):
    path = write("odd.yaml", f"format_version: {value}\n" + MINIMAL)
    with pytest.raises(LessonError) as info:
        load_lesson_file(path)
    assert str(info.value).startswith(f"{path}:1: format_version must be one of 1, not ")


def test_pack_yaml_format_version(write):
    write("a.yaml", MINIMAL)
    folder = write("pack.yaml", "format_version: 1\ntitle: Workshop\nlessons: [a.yaml]\n").parent
    assert [lesson.id for lesson in load_pack(folder).lessons] == ["tiny"]
    write("pack.yaml", "title: Workshop\nlessons: [a.yaml]\nformat_version: 3\n")
    report = validate_paths([folder])
    assert f"{folder}/pack.yaml:3: format_version 3 is newer than this registry-tutor reads (1); " \
        "update registry-tutor to open this file" in [str(p) for p in report.problems]


def test_both_schema_copies_are_identical_and_describe_format_version():
    shipped = (REPO / "tutor" / "lessons" / "schema.json").read_text(encoding="utf-8")
    assert (LESSONS / "schema.json").read_text(encoding="utf-8") == shipped
    schema = json.loads(shipped)
    lesson = {"id": "tiny", "title": "T", "summary": "S", "steps": [{"prose": "hello"}]}
    validator = jsonschema.Draft202012Validator(schema)
    assert "format_version" not in {e.path[0] for e in validator.iter_errors(lesson) if e.path}
    assert not [e for e in validator.iter_errors({**lesson, "format_version": 1}) if list(e.path) == ["format_version"]]
    assert [e for e in validator.iter_errors({**lesson, "format_version": 2}) if list(e.path) == ["format_version"]]
