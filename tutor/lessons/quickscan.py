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

MAX_BYTES = 256 * 1024  # tutor.lessons.safeyaml.MAX_BYTES (a test keeps them equal): a bigger file never loads
ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")  # schema.json $defs.id
KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?\Z")  # `key:` or `key: value`
STEP = re.compile(r"- (prose|task|quiz):(.*)\Z")
COMMENT = re.compile(r"[ \t]+#.*\Z")
SINGLE = re.compile(r"'((?:[^']|'')*)'\Z")
DOUBLE = re.compile(r'"([^"\\]*)"\Z')
# Lines are found by the newline before them ("\n" leads every pattern: the regex engine skips to it fast).
TOP = re.compile(r"\n([^ \n].*)")  # a line at column 0
CONTENT = re.compile(r"\n( +)(?!#)\S")  # the first indented line that is not a comment
TAB_INDENT = re.compile(r"\n *\t")
BLOCK_HEADERS = ("|", "|-", "|+", ">", ">-", ">+")
PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`")
# Plain scalars YAML 1.2's core schema reads as null, a boolean or a number, not text (safeyaml._CORE).
NOT_TEXT = re.compile(
    r"(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
# Line breaks to YAML's readers that a "\n" split does not see (and CR: CRLF files are left to YAML).
BREAKS = ("\r", "\x85", "\u2028", "\u2029")
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
    """``scan_file`` on a lesson's text (its byte order mark removed); raises Unsure."""
    sections = top_level("\n" + text)
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


def top_level(text: str) -> dict[str, tuple[str, str]]:
    """Top-level key -> (the rest of its line, the text under it, from its newline); Unsure on any other
    top-level line. ``text`` starts with a newline."""
    if "\t" in text and TAB_INDENT.search(text):
        raise Unsure  # a tab in the indentation
    heads = list(TOP.finditer(text))
    if not heads or text[: heads[0].start()].strip():
        raise Unsure  # indented text before the first key
    sections: dict[str, tuple[str, str]] = {}
    for i, head in enumerate(heads):
        body = text[head.end() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        line = head.group(1)
        if line.startswith("#"):
            if body.strip():
                raise Unsure  # indented lines after a comment at column 0: not ours to read
            continue
        found = KEY.match(line)
        if found is None or found.group(1) in sections:
            raise Unsure  # `---`, a flow mapping, a quoted key, a duplicate key (an error YAML reports)
        sections[found.group(1)] = (found.group(2) or "", body)
    return sections


def one_line_value(head: str, body: str) -> str:
    """A value written on its key's line, alone in its section: plain (text), single- or double-quoted."""
    if body.strip():
        raise Unsure  # a continuation line, or a nested collection
    value = head.rstrip(" ")
    quoted = SINGLE.match(value) or DOUBLE.match(value)
    if quoted:
        return quoted.group(1).replace("''", "'") if value[0] == "'" else quoted.group(1)
    value = COMMENT.sub("", value)
    if not value or value[0] in PLAIN_START or ": " in value or value.endswith(":") or NOT_TEXT.match(value):
        raise Unsure
    return value


def scalar(name: str, head: str, body: str) -> str:
    """A title or summary, stripped as the lesson builder strips it."""
    if head in BLOCK_HEADERS:
        value = block(head[0] == ">", body.split("\n")[1:])
    else:
        value = one_line_value(head, body)
    value = value.strip()
    if not value or len(value) >= LIMITS[name] or not value.replace("\n", " ").isprintable():
        # an empty or too long one is a schema error: YAML and the schema say so; a control, bidi or invisible
        # character (or a tab, or a no-break space) is never shown from here
        raise Unsure
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


def task_ids(body: str) -> tuple[str, ...]:
    """The ids of the ``- task:`` items of ``steps:`` (the text under it), in order."""
    first = CONTENT.search(body)
    if first is None:
        raise Unsure
    depth = len(first.group(1))
    if depth > 1 and re.search(rf"\n {{1,{depth - 1}}}\S", body):
        raise Unsure  # a line less indented than the items
    items = [m for m in re.finditer(rf"\n {{{depth}}}(?=\S)(.*)", body) if not m.group(1).startswith("#")]
    ids = []
    for i, item in enumerate(items):
        step = STEP.match(item.group(1))
        if step is None:
            raise Unsure  # a string step, a flow mapping, another kind: YAML decides
        if step.group(1) != "task":
            continue
        if COMMENT.sub("", step.group(2)).strip():
            raise Unsure  # `- task: {id: ...}`
        ids.append(task_id(body[item.end() : items[i + 1].start() if i + 1 < len(items) else len(body)], depth))
    return tuple(ids)


def task_id(text: str, item_depth: int) -> str:
    """The ``id:`` key of one task's mapping (``text``: the lines under ``- task:``)."""
    first = CONTENT.search(text)
    if first is None:
        raise Unsure
    depth = len(first.group(1))
    if depth <= item_depth + 2 or re.search(rf"\n {{{item_depth + 1},{depth - 1}}}(?!#)\S", text):
        raise Unsure  # the task's keys at another depth than its first (a compact mapping, a stray key)
    ids = re.findall(rf"\n {{{depth}}}id:(?: +(.*))?(?=\n|\Z)", text)
    if len(ids) != 1:
        raise Unsure
    ident = one_line_value(ids[0], "")
    if not ID.match(ident):
        raise Unsure
    return ident
