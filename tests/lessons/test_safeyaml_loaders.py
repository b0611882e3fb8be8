"""libyaml (when PyYAML has it) and the pure-Python front end read lessons the same way.

Same values, same lines for values and keys, same scalar text, and the same limits with the
same lines and messages: the loader class is a speed choice, never a behaviour change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.lessons import safeyaml

ROOT = Path(__file__).resolve().parents[2]
LESSON_FILES = sorted([*ROOT.glob("lessons/*.yaml"), *ROOT.glob("assets/sample-pack/*.yaml")])

needs_libyaml = pytest.mark.skipif(safeyaml._CParser is None, reason="PyYAML built without libyaml")
LOADERS = ["pure", pytest.param("libyaml", marks=needs_libyaml)]


@pytest.fixture(params=LOADERS)
def loader(request, monkeypatch):
    cls = safeyaml._Loader if request.param == "pure" else safeyaml._CLoader
    monkeypatch.setattr(safeyaml, "LOADER", cls)
    return request.param


@needs_libyaml
def test_libyaml_is_the_default_when_pyyaml_has_it():
    assert safeyaml.LOADER is safeyaml._CLoader


@needs_libyaml
@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.name)
def test_every_shipped_lesson_reads_the_same_with_both(path, monkeypatch):
    text = path.read_text()
    monkeypatch.setattr(safeyaml, "LOADER", safeyaml._Loader)
    pure = safeyaml.parse(text)
    monkeypatch.setattr(safeyaml, "LOADER", safeyaml._CLoader)
    fast = safeyaml.parse(text)
    assert fast.data == pure.data
    assert fast.lines == pure.lines
    assert fast.key_lines == pure.key_lines
    assert fast.raw == pure.raw


HOSTILE = {
    "alias bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
        + "".join(f"z{n}: *i\n" for n in range(120)),
        None,
    ),
    "deep": ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than 40 levels deep; refusing the file"),
    "deep block": ("".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "x\n",
                   "nested more than 40 levels deep; refusing the file"),
    "wide": ("a: [" + ",".join(["1"] * 60_000) + "]\n", "too many YAML nodes (more than 20000); refusing the file"),
    "duplicate": ("id: x\ntitle: a\ntitle: b\n", "duplicate key 'title' (first written on line 2)"),
    "python tag": ('id: x\nrun: !!python/object/apply:os.system ["echo hi"]\n', None),
    "merge": ("base: &b {x: 1}\nother:\n  <<: *b\n", None),
    "recursive": ("a: &a [1, *a]\n", None),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_limits_hold_with_the_same_line_and_message(name, loader, monkeypatch):
    text, message = HOSTILE[name]
    with pytest.raises(safeyaml.YamlProblem) as caught:
        safeyaml.parse(text)
    if message is not None:
        assert caught.value.message == message
    # the other front end stops on the same line with the same words
    if safeyaml._CParser is None:
        return
    other = safeyaml._CLoader if loader == "pure" else safeyaml._Loader
    monkeypatch.setattr(safeyaml, "LOADER", other)
    with pytest.raises(safeyaml.YamlProblem) as again:
        safeyaml.parse(text)
    assert (again.value.line, again.value.message) == (caught.value.line, caught.value.message)


@needs_libyaml
@pytest.mark.parametrize("text", ["id: x\ntitle: [Tiny\nsummary: s\n", "id: x\n  title: y\n", "a: 'open\n"])
def test_a_syntax_error_names_the_same_line(text, monkeypatch):
    found = []
    for cls in (safeyaml._Loader, safeyaml._CLoader):
        monkeypatch.setattr(safeyaml, "LOADER", cls)
        with pytest.raises(safeyaml.YamlProblem) as caught:
            safeyaml.parse(text)
        assert caught.value.message.startswith("YAML syntax error:")
        found.append(caught.value.line)
    assert found[0] == found[1]
