"""A paste holding an ESC stays one paste: tutor.ui.paste.PasteSafeParser (found trying the TUI).

Textual 8.2.8's parser (textual/_xterm_parser.py, ``XTermParser.parse``) reads an ESC inside a bracketed
paste as an escape sequence and, failing to match one, re-sends the characters after it as keystrokes
(``reissue_sequence_as_keys``): a pasted line break became Enter and ran a half-pasted command.
"""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from tutor.ui.paste import PasteSafeParser, guard_driver

PASTED = "docker images\x1b[31mred\x07\tx\rdocker pull alpine\r\x01\x02echo hi\r\ndocker ps"
WIRE = "\x1b[200~" + PASTED + "\x1b[201~"


def _feed(parser, *chunks: str) -> list:
    found = []
    for chunk in chunks:
        found.extend(parser.feed(chunk))
    return found


def test_textual_alone_turns_part_of_such_a_paste_into_keystrokes():
    """What the guard is for: if this starts failing, Textual fixed it and the guard can go."""
    found = _feed(XTermParser(), WIRE)
    assert any(isinstance(e, events.Key) and e.key == "enter" for e in found)


def test_a_paste_holding_an_esc_arrives_whole_and_as_one_paste_with_no_keystrokes():
    found = _feed(PasteSafeParser(), WIRE)
    assert [type(e) for e in found] == [events.Paste]
    assert found[0].text == PASTED


def test_the_paste_markers_and_an_esc_split_across_reads_change_nothing():
    for cut in range(1, len(WIRE)):
        found = _feed(PasteSafeParser(), WIRE[:cut], WIRE[cut:])
        assert [type(e) for e in found] == [events.Paste], cut
        assert found[0].text == PASTED, cut


def test_keys_outside_a_paste_are_parsed_as_before():
    typed = "ab\x1b[A\r"  # a, b, up, Enter
    keys = [e.key for e in _feed(PasteSafeParser(), typed) if isinstance(e, events.Key)]
    assert keys == [e.key for e in _feed(XTermParser(), typed) if isinstance(e, events.Key)] == [
        "a", "b", "up", "enter"]
    then = _feed(PasteSafeParser(), "x", WIRE, "y")
    assert [getattr(e, "key", None) or e.text for e in then] == ["x", PASTED, "y"]


def test_the_app_runs_its_terminal_driver_with_the_safe_parser(monkeypatch):
    import types

    from tutor.ui.app import TutorApp

    assert "guard_driver" in TutorApp.get_driver_class.__code__.co_names  # TutorApp asks for it

    module = types.ModuleType("fake_driver_module")
    module.XTermParser = XTermParser
    driver = type("FakeDriver", (), {"__module__": "fake_driver_module"})
    monkeypatch.setitem(__import__("sys").modules, "fake_driver_module", module)
    guard_driver(driver)
    assert module.XTermParser is PasteSafeParser
