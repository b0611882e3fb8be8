"""A lesson file's listing read without YAML: id, title, summary and task ids, or None when unsure.

The first start after an install or an edit has no index (``tutor.lessons.listing``) to list the
pack from, and importing PyYAML alone costs a visible slice of the first frame. Lesson files are
written in a few plain forms (``lessons/README.md``), so this reads only those: top-level
``key: value`` lines, a title or summary as a plain one-line scalar, a quoted one without
escapes, or a ``|`` / ``>`` block scalar; ``steps:`` items ``- prose:`` / ``- task:`` / ``- quiz:``
and each task's ``id:``. Anything else (flow collections, anchors, tags, escapes, tabs,
continuation lines, control characters, CRLF, a value YAML would read as a number...) makes it
answer None, and the app lists that pack as before, after compiling it. It never validates: a
file listed from here is compiled after the first frame (or when opened), and one that does not
load is reported then, ``file:line: message``, and the list says so.
"""

from __future__ import annotations

import re

from tutor.textsafe import BIDI_CONTROLS, INVISIBLE

MAX_BYTES = 256 * 1024  # tutor.lessons.safeyaml.MAX_BYTES (a test keeps them equal): a bigger file never loads
ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")  # schema.json $defs.id
KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?\Z")  # `key:` or `key: value`
STEP = re.compile(r"- (prose|task|quiz):(.*)\Z")
COMMENT = re.compile(r"[ \t]+#.*\Z")
SINGLE = re.compile(r"'((?:[^']|'')*)'\Z")
DOUBLE = re.compile(r'"([^"\\]*)"\Z')
BLOCK_HEADERS = ("|", "|-", "|+", ">", ">-", ">+")
PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`")
# Plain scalars YAML 1.2's core schema reads as null, a boolean or a number, not text (safeyaml._CORE).
NOT_TEXT = re.compile(
    r"(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
# Line breaks to YAML's readers that ``str.split("\n")`` does not see (and CR: CRLF files are left to YAML).
BREAKS = ("\r", "\x85", "\u2028", "\u2029")
# What safeyaml refuses or a terminal must not get, plus the invisibles: a title or summary holding one is left to
# YAML (checked on what is shown, not the whole file: a control character elsewhere fails the compile, reported).
UNSAFE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufffe\\uffff{BIDI_CONTROLS}{INVISIBLE}]")
LIMITS = {"title": 80, "summary": 400}  # schema.json maxLength


class Unsure(Exception):
    """A form this reader does not take: the file is left to YAML."""


def scan_file(path) -> tuple[str, str, str, tuple[str, ...]] | None:
    """(id, title, summary, task ids) of a lesson file as the compiled lesson would have them; None when unsure."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if not data or len(data) > MAX_BYTES or any(brk in text for brk in BREAKS):
        return None
    try:
        return scan_text(text)
    except Unsure:
        return None


def scan_text(text: str) -> tuple[str, str, str, tuple[str, ...]]:
    sections = top_level(text.split("\n"))
    if not {"id", "title", "summary", "steps"} <= sections.keys():
        raise Unsure
    ident = one_line_value(*sections["id"])
    if not ID.match(ident):
        raise Unsure
    title, summary = (scalar(name, *sections[name]) for name in ("title", "summary"))
    head, body = sections["steps"]
    if head:
        raise Unsure
    return ident, title, summary, task_ids(body)


def top_level(lines: list[str]) -> dict[str, tuple[str, list[str]]]:
    """Top-level key -> (the rest of its line, the lines under it); Unsure on any other top-level line."""
    sections: dict[str, tuple[str, list[str]]] = {}
    current: list[str] | None = None
    for line in lines:
        if not line.strip():
            if current is not None:
                current.append(line)
            continue
        if line[0] in " \t":
            if current is None or line.lstrip(" ")[:1] == "\t":
                raise Unsure  # tabs in indentation, or indented text before the first key
            current.append(line)
            continue
        if line.startswith("#"):
            current = None  # it ends the section above: an indented line after it is not ours to read
            continue
        found = KEY.match(line)
        if found is None or found.group(1) in sections:
            raise Unsure  # `---`, a flow mapping, a quoted key, a duplicate key (an error YAML reports)
        current = []
        sections[found.group(1)] = (found.group(2) or "", current)
    return sections


def one_line_value(head: str, body: list[str]) -> str:
    """A value written on its key's line, alone in its section: plain (text), single- or double-quoted."""
    if any(line.strip() for line in body):
        raise Unsure  # a continuation line, or a nested collection
    value = head.rstrip(" ")
    quoted = SINGLE.match(value) or DOUBLE.match(value)
    if quoted:
        return quoted.group(1).replace("''", "'") if value[0] == "'" else quoted.group(1)
    value = COMMENT.sub("", value)
    if not value or value[0] in PLAIN_START or ": " in value or value.endswith(":") or NOT_TEXT.match(value):
        raise Unsure
    return value


def scalar(name: str, head: str, body: list[str]) -> str:
    """A title or summary, stripped as the lesson builder strips it."""
    if head in BLOCK_HEADERS:
        value = block(head[0] == ">", body)
    else:
        value = one_line_value(head, body)
    value = value.strip()
    if not value or len(value) >= LIMITS[name] or UNSAFE.search(value):
        raise Unsure  # an empty or too long one is a schema error: let YAML and the schema say so
    return value


def block(folded: bool, body: list[str]) -> str:
    """A block scalar's text (up to its chomping, which the strip after it makes moot)."""
    content = [line for line in body if line.strip()]
    if not content:
        raise Unsure
    indent = len(content[0]) - len(content[0].lstrip(" "))
    lines = []
    for line in body:
        if not line.strip():
            if len(line) > indent:
                raise Unsure  # spaces past the indentation are text in a block scalar
            lines.append("")
            continue
        if line[:indent].strip() or line != line.rstrip() or (folded and line[indent] in " \t"):
            raise Unsure  # less indented, trailing blanks, or a more-indented line in a folded block
        lines.append(line[indent:])
    if not folded:
        return "\n".join(lines)
    out, blanks = "", 0
    for line in lines:
        if not line:
            blanks += 1
            continue
        out += ("\n" * blanks or (" " if out else "")) + line
        blanks = 0
    return out


def task_ids(body: list[str]) -> tuple[str, ...]:
    """The ids of the ``- task:`` items of ``steps:``, in order."""
    content = [line for line in body if line.strip() and not line.lstrip(" ").startswith("#")]
    if not content:
        raise Unsure
    indent = len(content[0]) - len(content[0].lstrip(" "))
    ids = []
    task: list[str] | None = None
    for line in body:
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip(" "))
        if depth > indent:
            if task is not None:
                task.append(line)
            continue
        if depth < indent:
            raise Unsure
        item = line[indent:]
        if item.startswith("#"):
            continue
        step = STEP.match(item)
        if step is None:
            raise Unsure  # a string step, a flow mapping, another kind: YAML decides
        if task is not None:
            ids.append(task_id(task, indent))
        task = [] if step.group(1) == "task" else None
        if task is not None and COMMENT.sub("", step.group(2)).strip():
            raise Unsure  # `- task: {id: ...}`
    if task is not None:
        ids.append(task_id(task, indent))
    return tuple(ids)


def task_id(lines: list[str], item_indent: int) -> str:
    """The ``id:`` key of one task's mapping (the lines under ``- task:``)."""
    first = next((line for line in lines if not line.lstrip(" ").startswith("#")), None)
    if first is None:
        raise Unsure
    indent = len(first) - len(first.lstrip(" "))
    if indent <= item_indent + 2 or any(len(line) - len(line.lstrip(" ")) < indent for line in lines):
        raise Unsure  # the task's keys at another depth than its first (a compact mapping, a stray key)
    found = [KEY.match(line[indent:]) for line in lines if len(line) - len(line.lstrip(" ")) == indent]
    ids = [match.group(2) or "" for match in found if match is not None and match.group(1) == "id"]
    if len(ids) != 1:
        raise Unsure
    ident = one_line_value(ids[0], [])
    if not ID.match(ident):
        raise Unsure
    return ident
