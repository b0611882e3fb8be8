"""The class report counts misconceptions exactly as the generated quiz tagged the chosen answers.

Three learners take the same generated quiz in plain mode (answers piped in), export their results,
and the class report groups the wrong answers: each tagged wrong answer counts once under the
misconception whose wrong model predicts it (replayed here), and plain slips count as not tagged.
"""

from __future__ import annotations

import io
import json
from collections import Counter

from tutor.classroom import report, results
from tutor.lessons.progress import ProgressStore
from tutor.quiz import answers
from tutor.quiz.generator import generate
from tutor.quiz.plain import run_plain
from tutor.quiz.questions import LETTERS

SEED, COUNT = 5, 10


def _take(items, tmp_path, name: str, choose) -> str:
    store = ProgressStore(name, root=tmp_path)
    picks = [choose(item) for item in items]
    run_plain(items, stdin=io.StringIO("".join(f"{LETTERS[i]}\n" for i in picks)), out=io.StringIO(),
              store=store, quiz=f"seed-{SEED}-current")
    path = tmp_path / f"{name}.json"
    path.write_text(results.to_json(results.build_export(ProgressStore(name, root=tmp_path), learner=name)))
    return str(path)


def _tagged(item) -> int:
    found = [i for i, c in enumerate(item.choices) if c.misconception]
    return found[0] if found else item.answer_index


def _slip(item) -> int:
    found = [i for i, c in enumerate(item.choices) if c.text != item.answer and not c.misconception]
    return found[0] if found else item.answer_index


def test_class_report_misconception_counts_follow_from_the_chosen_choices_tags(tmp_path):
    items = generate(SEED, COUNT)
    files = [
        _take(items, tmp_path, "ada", lambda item: item.answer_index),
        _take(items, tmp_path, "bob", _tagged),
        _take(items, tmp_path, "cy", _slip),
    ]
    expected: Counter[str] = Counter()
    for item in items:
        tagged = item.choices[_tagged(item)]
        if tagged.misconception:
            expected[tagged.misconception] += 1
            assert tagged.text in answers.predict(item, tagged.misconception)  # the tag is earned
        if _slip(item) != item.answer_index:
            expected["(not tagged)"] += 1
    exports, problems = report.load_exports(files)
    assert problems == []
    summary = report.aggregate(exports)
    counted = {row.tag: row.wrong for row in summary.misconceptions}
    assert counted == dict(expected)
    assert sum(expected.values()) > 3  # the quiz did offer tagged distractors and slips
    bob = json.loads((tmp_path / "bob.json").read_text())
    assert {row["misconception"] for row in bob["quiz"] if not row["correct"]} <= set(expected)
