"""Opening lessons by file name, and inline code that wraps across lines in plain mode."""

from __future__ import annotations

from tutor.lessons.catalog import load_builtin_pack
from tutor.lessons.plain import keep_backticks


def test_a_lesson_opens_by_id_file_name_or_number() -> None:
    pack = load_builtin_pack()
    first = pack.lessons[0]
    stem = first.source.rsplit("/", 1)[-1].removesuffix(".yaml")
    assert pack.find(first.id) is first
    assert pack.find(stem) is first
    assert pack.find("1") is first
    assert pack.find("no-such-lesson") is None


def test_inline_code_wrapped_onto_the_next_line_keeps_its_backticks() -> None:
    text = keep_backticks("It says `Layer\nalready exists` twice.\n\n`a` and `b`")
    assert "`` `Layer\nalready exists` ``" in text
    assert "`` `a` `` and `` `b` ``" in text


def test_code_in_fenced_blocks_is_left_alone() -> None:
    assert keep_backticks("```\n`raw`\n```") == "```\n`raw`\n```"


def test_two_goals_on_one_missing_shelf_explain_it_once() -> None:
    from tutor.lessons.model import Task
    from tutor.lessons.session import LessonSession

    session = LessonSession(load_builtin_pack().find("first-push") or load_builtin_pack().find("4"), resume=False)
    while not isinstance(session.step, Task):
        session.advance()
    first, second = session.goal_report()[:2]
    assert "there is no shelf myapp1" in first.detail
    assert second.detail == "(see above)"
