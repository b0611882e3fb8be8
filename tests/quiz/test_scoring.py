"""One scorer: a lesson's quiz step, the same question in a generated quiz and plain mode mark alike."""

from __future__ import annotations

import pytest

from tutor.lessons.loader import load_lesson_text
from tutor.lessons.session import check_answer
from tutor.quiz.bank import build_quiz, lesson_items
from tutor.quiz.questions import score
from tutor.quiz.scoring import choice_index, normalise

LESSON = """\
id: scoring
title: Scoring
summary: one question, marked the same everywhere
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
      id: which-tag
      question: Which tag does `docker pull localhost:5000/myapp1` fetch?
      choices:
        - "1.0"
        - latest
        - the newest one
      answer: latest
      why: No tag means `latest`.
      misconception: latest-is-newest
  - quiz:
      id: short
      question: What tag does Docker add when none is given?
      answer: latest
      accept: [":latest"]
      why: No tag means `latest`.
"""


@pytest.fixture
def lesson():
    return load_lesson_text(LESSON, "scoring.yaml")


@pytest.mark.parametrize("given", ["latest", "'latest'", "`latest`", " LATEST ", "b", "B)", "2", "2.", "a", "1",
                                   "1.0", "c", "the newest one", '"the newest one"', "4", "z", ""])
def test_a_lesson_step_and_the_quiz_mark_every_answer_alike(lesson, given):
    question = lesson.quizzes[0].question
    item = lesson_items([lesson])[0]
    assert check_answer(question, given) == score(item, given).correct


@pytest.mark.parametrize("given", ["latest", "'latest'", "`:latest`", ":latest", "LATEST", "newest"])
def test_short_answers_are_marked_alike_too(lesson, given):
    question = lesson.quizzes[1].question
    item = lesson_items([lesson])[1]
    assert check_answer(question, given) == score(item, given).correct


def test_a_choice_that_is_a_number_is_taken_as_its_text_first():
    assert choice_index(["2", "1", "3"], "1") == 1  # the choice "1", not the first choice
    assert choice_index(["2", "1", "3"], "c") == 2
    assert normalise("  `Latest`  ") == "latest"


def test_shuffled_lesson_choices_are_still_marked_by_their_text(lesson):
    for seed in range(6):
        (item,) = build_quiz(seed, 1, source="lessons", lessons=[lesson], shuffle_choices=True)[:1] or (None,)
        if item is None or not item.choices:
            continue
        for index, choice in enumerate(item.choices):
            assert score(item, index).correct == (choice.text == "latest")
            assert score(item, choice.text).correct == (choice.text == "latest")
