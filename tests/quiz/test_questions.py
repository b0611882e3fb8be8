"""Scoring: letters, numbers, text; what a wrong answer reveals; JSON round trip; plain mode."""

from __future__ import annotations

import io
from pathlib import Path

from tutor.lessons.progress import ProgressStore
from tutor.quiz.bank import lesson_items
from tutor.quiz.plain import run_plain
from tutor.quiz.questions import MISCONCEPTIONS, Choice, QuizItem, QuizScore, Step, score
from tutor.quiz.render import items_from_json, to_json, to_markdown

ITEM = QuizItem(
    id="x-1",
    type="label-edition",
    question="Which edition does `latest` point at?",
    answer="the edition whose app prints: Hello from myapp1, version 1.0",
    why="latest was last pushed with 1.0",
    choices=(
        Choice("the edition whose app prints: Hello from myapp1, version 2.0", "latest-is-newest", "newest"),
        Choice("the edition whose app prints: Hello from myapp1, version 1.0"),
        Choice("none: the shelf has no label `latest`", "push-moves-latest", "moves"),
    ),
    scenario=(Step("laptop", "cd ~/myapp1"), Step("laptop", "docker push x"), Step("teammate", "docker pull x")),
    key={"prints": "Hello from myapp1, version 1.0"},
)

WARM_UP = Path(__file__).resolve().parents[2] / "assets" / "sample-pack" / "00-warm-up.yaml"

SHORT = QuizItem(id="s", type="lesson-short", question="Host?", answer="docker.io", why="Hub",
                 accept=("Docker Hub",), key={"misconception": "no-host-means-localhost"})


def test_an_answer_can_be_a_letter_a_number_or_the_text():
    for given in ("b", "B", "2", "b)", " the edition whose app prints: Hello from myapp1, version 1.0 ", 1):
        assert score(ITEM, given).correct, given


def test_a_wrong_answer_says_which_misconception_it_reveals():
    outcome = score(ITEM, "a")
    assert not outcome.correct
    assert outcome.misconception == "latest-is-newest"
    assert outcome.expected == ITEM.answer
    assert outcome.misconception_text == MISCONCEPTIONS["latest-is-newest"]
    assert score(ITEM, "z").correct is False and score(ITEM, "z").misconception is None


def test_short_answers_accept_alternatives_and_carry_the_questions_misconception():
    assert score(SHORT, "`Docker Hub`").correct
    wrong = score(SHORT, "localhost:5000")
    assert not wrong.correct and wrong.misconception == "no-host-means-localhost"


def test_score_summary_lists_misconceptions_to_revisit():
    total = QuizScore()
    for given in ("a", "b", "a", "c"):
        total.add(score(ITEM, given))
    assert total.correct == 1 and total.total == 4
    assert total.summary() == "Score: 1/4 — to revisit: latest-is-newest ×2, push-moves-latest"


def test_json_round_trips_and_markdown_has_a_key():
    text = to_json([ITEM, SHORT], seed=5, engine="current")
    assert items_from_json(text) == [ITEM, SHORT]
    md = to_markdown([ITEM], seed=5, engine="current")
    assert "On your laptop:" in md and "On your teammate's laptop:" in md
    assert "# Answer key" in md and "Answer: **b)**" in md
    assert "`latest-is-newest`" in md


def test_plain_quiz_reads_answers_scores_and_records(tmp_path):
    store = ProgressStore("p", root=tmp_path)
    out = io.StringIO()
    result = run_plain([ITEM, ITEM], stdin=io.StringIO("what\nb\na\n"), out=out, store=store, quiz="q")
    text = out.getvalue()
    assert "On your teammate's laptop:" in text and "  $ docker pull x" in text
    assert "Please answer with a letter from a-c." in text
    assert "✓ Right" in text and "✗ Not quite. The answer is: the edition whose app prints" in text
    assert "Score: 1/2" in text
    assert result.correct == 1
    assert store.data["quizzes"]["q"]["answers"]["x-1"]["attempts"] == 2  # same id twice: second attempt


def test_plain_quiz_stops_at_end_of_input():
    out = io.StringIO()
    result = run_plain([ITEM, ITEM], stdin=io.StringIO("b\n"), out=out)
    assert result.total == 1 and "(stopped)" in out.getvalue()


def test_lesson_questions_join_the_bank():
    from tutor.lessons.loader import load_lesson_file

    lesson = load_lesson_file(WARM_UP)
    items = lesson_items([lesson])
    assert [i.id for i in items] == ["warm-up/latest-after-push", "warm-up/tag-is-a-copy", "warm-up/where-does-it-go"]
    first = items[0]
    assert first.source == "lesson:warm-up" and first.answer == "Version 1.0"
    assert score(first, "b").misconception == "push-moves-latest"
    assert score(items[2], "Docker Hub").correct
