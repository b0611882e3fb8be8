"""Read a YAML file into plain data, safely, remembering the line of every node.

Lesson files come from strangers (workshop packs), so this reader:

* refuses files over ``MAX_BYTES`` before reading them (and never reads more
  than that, even from a pipe or a device);
* scans and parses with libyaml when PyYAML has it (else PyYAML's pure
  scanner/parser), composes the node tree itself and counts nodes, aliases and
  nesting depth *while composing*, aborting an alias bomb or a deeply nested
  file before any Python structure is built;
* builds the values itself from the node tree: only the YAML core tags (str,
  int, float, bool, null, seq, map) are accepted, so ``!!python/...`` or any
  other tag is an error — nothing is ever constructed or executed;
* resolves plain scalars by YAML 1.2 core rules (what yaml-language-server
  uses): ``yes``/``no``/``on``/``off`` stay words and ``1:30`` stays text;
* rejects duplicate keys (PyYAML would silently keep the last one);
* refuses control characters, raw in the file or written as escapes (``"\\e[2J"``):
  lesson text reaches terminals, where an ESC can blank the screen or fill the
  clipboard; the same for bidi embedding/override/isolate controls, which reorder
  what a reader sees (Trojan Source, CVE-2021-42574); and numbers longer than
  ``MAX_NUMBER_TEXT`` or over 64 bits.

``load(path)`` returns a ``Document``: the data plus, for every path into it
(a tuple of keys and indexes), the line of its value, the line of its key and
the source text of scalars (so ``1.10`` can be read back as the tag it was).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from tutor.textsafe import BIDI_CONTROL, BIDI_CONTROLS, describe, escape_form

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML without libyaml: the pure front end does it all
    _CParser = None

MAX_BYTES = 256 * 1024  # a long lesson is ~20 KB; this leaves plenty of room
MAX_NODES = 20_000  # composed nodes (an alias counts once)
MAX_ALIASES = 100  # alias uses (*name); lessons rarely need any
MAX_DEPTH = 40  # nesting of sequences and mappings
MAX_VALUES = 50_000  # values after aliases are expanded
MAX_NUMBER_TEXT = 40  # characters of a number as written (decimal, 0x, 0o, float): bounded parse work
MAX_INT = 2**63 - 1  # whole numbers fit in 64 bits, as in the Go tools lesson authors know

# Raw characters a lesson file may not hold: C0 controls but tab/LF/CR, DEL, C1, and the two
# non-characters PyYAML's reader refuses. Checked on the text before any YAML reader sees it, so
# the answer is the same `file:line` error with PyYAML's pure reader or libyaml's.
# Lone surrogates too: text decoded from a file never holds them, but lesson text given as a str can,
# and libyaml cannot even encode them.
# Bidi embedding/override/isolate controls (tutor.textsafe.BIDI_CONTROLS) as well: a lesson never needs them.
_RAW_CONTROL = re.compile(
    f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufffe\\uffff{BIDI_CONTROLS}]|\\r(?!\\n)"
)

Path_ = tuple  # a path into the data: keys (str) and indexes (int)

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_CORE = [
    (NULL, re.compile(r"^(?:~|null|Null|NULL|)$")),
    (BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    (INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")),
    (
        FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
    ),
]


# Control characters in a scalar's value (escapes are processed by then): C0 but tab and LF, DEL, C1,
# and the bidi controls ("\\u202e" in a quoted string).
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")


class YamlProblem(Exception):
    """Something wrong with the file as YAML; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Document:
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)  # path -> line of the value
    key_lines: dict[Path_, int] = field(default_factory=dict)  # path -> line of its key (mappings)
    raw: dict[Path_, str] = field(default_factory=dict)  # path -> scalar text as written

    def line_of(self, path: Path_, prefer_key: bool = True) -> int:
        """The line of ``path``, else of its nearest ancestor that has one (1 for the whole file)."""
        path = tuple(path)
        while path:
            if prefer_key and path in self.key_lines:
                return self.key_lines[path]
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _Limits:
    """Counting and resolving shared by both front ends: limits apply while composing."""

    def _start_limits(self) -> None:
        self.nodes = 0
        self.aliases = 0
        self.depth = 0

    def resolve(self, kind, value, implicit):  # noqa: D401 - PyYAML's hook
        if kind is ScalarNode:
            if implicit[0]:
                for tag, pattern in _CORE:
                    if pattern.match(value):
                        return tag
            return STR
        return SEQ if kind is SequenceNode else MAP

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlProblem(
                    mark.line + 1, f"too many aliases (more than {MAX_ALIASES}); refusing the file"
                )
            return Composer.compose_node(self, parent, index)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            mark = self.peek_event().start_mark
            raise YamlProblem(
                mark.line + 1, f"too many YAML nodes (more than {MAX_NODES}); refusing the file"
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlProblem(
                    mark.line + 1, f"nested more than {MAX_DEPTH} levels deep; refusing the file"
                )
            return Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1


class _Loader(_Limits, Reader, Scanner, Parser, Composer, BaseResolver):
    """PyYAML's pure-Python front end with limits; no constructor at all."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self._start_limits()


if _CParser is not None:

    class _CLoader(_Limits, Composer, _CParser, BaseResolver):  # type: ignore[valid-type,misc]
        """libyaml scans and parses (about ten times faster); composing, limits and values stay ours.

        Only the events come from C, so the node counting, alias and depth limits run exactly
        as with the pure loader, on the same marks (libyaml's lines are the same).
        """

        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)
            Composer.__init__(self)
            BaseResolver.__init__(self)
            self._start_limits()

        def compose_scalar_node(self, anchor):
            node = Composer.compose_scalar_node(self, anchor)
            if node.style == "":
                node.style = None  # libyaml says "" for a plain scalar, the pure parser None
            return node

    LOADER: type = _CLoader
else:  # PyYAML built without libyaml
    LOADER = _Loader


def read_capped(path: Path) -> bytes:
    """The file's bytes, refusing anything over MAX_BYTES without reading it all."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem(1, f"cannot read the file: {exc.strerror or exc}") from exc
    if size > MAX_BYTES:
        raise YamlProblem(1, f"file is {_human(size)}; lesson files may be at most {_human(MAX_BYTES)}")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # stat can lie (pipes, /dev/zero): never read past the cap
    except OSError as exc:
        raise YamlProblem(1, f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        raise YamlProblem(1, f"file is larger than {_human(MAX_BYTES)}; lesson files may be at most that")
    return data


def _human(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.0f} KB"


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, "the file is not UTF-8 text") from exc
    return text


def check_characters(text: str) -> None:
    """Raise YamlProblem at the first raw control character (tab, newline and CRLF are fine)."""
    found = _RAW_CONTROL.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    char = found.group()[0]
    if char == "\x00":
        raise YamlProblem(line, "the file contains a NUL character")
    if "\ud800" <= char <= "\udfff":
        raise YamlProblem(line, f"the file contains a character YAML does not allow: U+{ord(char):04X} (a lone surrogate)")
    if BIDI_CONTROL.match(char):
        raise YamlProblem(line, f"the file contains {_bidi(char)}; {_BIDI_WHY}")
    what = (
        "a carriage return without a newline" if char == "\r"
        else f"{'control ' if ord(char) < 0x100 else ''}character {_describe(char)}"
    )
    raise YamlProblem(line, f"the file contains {what}; lesson files hold text, newlines and tabs only")


_BIDI_WHY = "it makes text show in a different order than it is read (Trojan Source); lesson files may not hold it"


def _describe(char: str) -> str:
    return describe(char) if ord(char) < 0x100 else f"U+{ord(char):04X}"


def _bidi(char: str) -> str:
    """``bidi control character U+202E (\\u202e, RIGHT-TO-LEFT OVERRIDE)``."""
    return f"bidi control character U+{ord(char):04X} ({escape_form(char)}, {unicodedata.name(char)})"


def load(path: str | Path) -> Document:
    """Read and parse one YAML document; raises YamlProblem."""
    return parse(decode(read_capped(Path(path))))


def parse(text: str) -> Document:
    if len(text) > MAX_BYTES:
        raise YamlProblem(1, f"text is longer than {_human(MAX_BYTES)}")
    check_characters(text)
    loader = None
    try:
        loader = LOADER(text)  # built inside the handler: a reader error becomes a file:line problem
        node = loader.get_single_node()
    except YamlProblem:
        raise
    except ReaderError as exc:
        line = text.count("\n", 0, max(0, exc.position)) + 1
        raise YamlProblem(line, f"the file contains a character YAML does not allow: {exc.reason}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own cap (1,000), reached first
            raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep; refusing the file") from None
        message = exc.problem or "invalid YAML"
        if exc.context:
            message = f"{exc.context}, {message}"
        raise YamlProblem(line, f"YAML syntax error: {message}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlProblem(1, "the YAML is nested too deeply; refusing the file") from None
    finally:
        if loader is not None:
            loader.dispose()
    doc = Document(None)
    if node is None:
        doc.lines[()] = 1
        return doc
    builder = _Builder(doc)
    doc.data = builder.value(node, ())
    return doc


class _Builder:
    """Node tree -> plain values, counting every value so aliases cannot multiply the work."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.active: set[int] = set()  # ids of collections being built: catches recursive aliases

    def value(self, node, path: Path_):
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > MAX_VALUES:
            raise YamlProblem(line, f"the document expands to more than {MAX_VALUES} values (alias bomb?)")
        if len(path) > MAX_DEPTH:
            raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep; refusing the file")
        self.doc.lines[path] = line
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.active:
            raise YamlProblem(line, "an alias refers to the collection it is inside of (recursive alias)")
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                if node.tag != SEQ:
                    raise YamlProblem(line, f"the tag {_show_tag(node.tag)} is not allowed in lesson files")
                return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
            if node.tag != MAP:
                raise YamlProblem(line, f"the tag {_show_tag(node.tag)} is not allowed in lesson files")
            return self.mapping(node, path)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: MappingNode, path: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(key_line, "mapping keys must be plain words, not lists or mappings")
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                key_node.value == "<<" and key_node.style is None
            ):
                raise YamlProblem(
                    key_line, "merge keys (<<) are not supported in lesson files; write the keys out"
                )
            key = self.scalar(key_node, (*path, "<key>"))
            if not isinstance(key, str):
                key = key_node.value  # `1.0: x` -> key "1.0", as it was written
            if key in result:
                first = self.doc.key_lines.get((*path, key), key_line)
                raise YamlProblem(key_line, f"duplicate key '{key}' (first written on line {first})")
            self.doc.key_lines[(*path, key)] = key_line
            result[key] = self.value(value_node, (*path, key))
        self.doc.lines.pop((*path, "<key>"), None)
        self.doc.raw.pop((*path, "<key>"), None)
        return result

    def scalar(self, node: ScalarNode, path: Path_):
        text = node.value
        self.doc.raw[path] = text
        tag = node.tag
        if (bad := _CONTROL.search(text)) is not None and BIDI_CONTROL.match(bad.group()):
            raise YamlProblem(node.start_mark.line + 1, f"{_bidi(bad.group())} in the text (written as an escape); "
                              f"{_BIDI_WHY}")
        if bad is not None:  # a "\e" or "\x1b" escape in quotes
            raise YamlProblem(
                node.start_mark.line + 1,
                f"control character {_describe(bad.group())} in the text (written as an escape); "
                "lesson text holds newlines and tabs, but no other control characters",
            )
        if tag == STR:
            return text
        if tag == NULL:
            return None
        if tag == BOOL:
            return text.lower() == "true"
        if tag in (INT, FLOAT) and len(text) > MAX_NUMBER_TEXT:
            raise YamlProblem(
                node.start_mark.line + 1,
                f"number too long ({len(text)} characters; at most {MAX_NUMBER_TEXT}): quote it if it is text",
            )
        if tag == INT:
            base = {"0o": 8, "0x": 16}.get(text[:2], 10)
            try:
                value = int(text[2:] if base != 10 else text, base)
            except ValueError:  # a resolver with YAML 1.1 forms (0b1010, 1_000, 1:30): not a core number
                raise YamlProblem(node.start_mark.line + 1, f"{text!r} is not a number YAML 1.2 reads; "
                                  "quote it if it is text") from None
            if abs(value) > MAX_INT:
                raise YamlProblem(node.start_mark.line + 1, "number too large (whole numbers fit in 64 bits)")
            return value
        if tag == FLOAT:
            lowered = text.lower()
            if lowered.endswith("inf"):
                return float("-inf") if text.startswith("-") else float("inf")
            if lowered == ".nan":
                return float("nan")
            return float(text)
        raise YamlProblem(
            node.start_mark.line + 1, f"the tag {_show_tag(tag)} is not allowed in lesson files"
        )


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
