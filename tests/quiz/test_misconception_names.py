"""Misconception names: one list (tutor/misconceptions.py), in the schema, the lesson docs and `validate`."""

from __future__ import annotations

import json
from pathlib import Path

from tutor.cli import main
from tutor.misconceptions import MISCONCEPTIONS

ROOT = Path(__file__).resolve().parents[2]

LESSON = """\
id: names
title: Names
summary: a quiz with a misconception nobody defined
steps:
  - task:
      id: write
      prompt: Write hello into ~/a.txt.
      goal:
        - file_contains: {path: ~/a.txt, text: hello}
      hints: [Use echo.]
      solution:
        - echo hello > ~/a.txt
      explanation: Done.
  - quiz:
      id: q
      question: Which?
      choices: [a thing, another]
      answer: a thing
      why: Because.
      misconception: latest-moves-itself
"""


def test_schema_output_lists_every_misconception_name(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "misconception" in node.get("properties", {}):
                found.append(node["properties"]["misconception"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert found and all(sorted(entry["enum"]) == sorted(MISCONCEPTIONS) for entry in found)


def test_validate_rejects_an_unknown_misconception_with_file_and_line(tmp_path, capsys):
    path = tmp_path / "names.yaml"
    path.write_text(LESSON)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    line = next(text for text in (out + err).splitlines() if "latest-moves-itself" in text)
    assert line.startswith(f"{path}:20: ")
    assert "push-moves-latest" in line  # it says which names are allowed


def test_the_shipped_lessons_use_only_known_names():
    from tutor.lessons.loader import load_lesson_file

    used = set()
    for path in sorted((ROOT / "lessons").glob("*.yaml")):
        lesson = load_lesson_file(path)  # the schema's enum would refuse an unknown name here
        used |= {quiz.question.misconception for quiz in lesson.quizzes if quiz.question.misconception}
    assert used and used <= set(MISCONCEPTIONS)


def test_the_lesson_format_doc_lists_every_name():
    text = (ROOT / "lessons" / "README.md").read_text()
    for name in MISCONCEPTIONS:
        assert f"`{name}`" in text, name
