"""tutor.sim.content writes JSON with _json's C encoder and loads the json package only when it reads or
dumps JSON (registry-tutor shell's start-up, issue 12): the bytes and errors are json's own."""

from __future__ import annotations

import json

import pytest

from tutor.sim import content


def test_the_written_out_minimal_build_request_is_what_json_dumps_writes() -> None:
    assert content._MIN_REQUEST_JSON == json.dumps(content._MIN_REQUEST, separators=(",", ":"), ensure_ascii=False)


def test_canonical_json_is_json_dumps_with_sorted_keys_and_no_spaces() -> None:
    value = {"b": [1, 2.5, None, True], "a": {"z": "é\u2028\"q\"", "y": {}}, "c": "x\ny"}
    assert content.canonical(value) == json.dumps(value, sort_keys=True, separators=(",", ":"),
                                                  ensure_ascii=False).encode()


def test_canonical_json_refuses_what_json_refuses_with_its_message() -> None:
    with pytest.raises(TypeError) as theirs:
        json.dumps({"a": {1, 2}})
    with pytest.raises(TypeError) as mine:
        content.canonical({"a": {1, 2}})
    assert str(mine.value) == str(theirs.value) == "Object of type set is not JSON serializable"
