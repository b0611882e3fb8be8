"""Go's formatting as docker/cli uses it: text/template for ``--format``, tabwriter, strconv.Quote.

Shared by the docker commands that print tables or take ``--format`` (images, inspect, ps).
"""

from __future__ import annotations

import re

from tutor.sim.errors import SimError
from tutor.sim.lazy import LazyModule, LazyPattern
from tutor.sim.records import record

json = LazyModule("json")  # not at start-up: its package compiles regexes

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up (tutor.sim.lazy)
if TYPE_CHECKING:
    from typing import Any

builder = LazyModule("tutor.sim.builder")  # go_quote only: no builder loaded for a template


class TemplateError(SimError):
    pass


MISSING = object()  # a map key that is not there: Go prints "<no value>"


class GoStruct(dict):
    """A Go struct as a template sees it: every field readable (zero values included), while
    ``json`` marshals only what the API sent (``omitempty`` fields left out)."""

    def __init__(self, fields: dict, json_value: dict, strict: str = "") -> None:
        super().__init__(fields)
        self.json_value = json_value
        self.strict = strict  # the Go type name when a field it lacks is an execution error


class GoRawMap(dict):
    """The JSON map docker/cli's inspect falls back to when the typed struct lacks a field
    (cli/command/inspect/inspector.go tryRawInspectFallback): executed with missingkey=error."""


def go_raw_map(value: Any) -> Any:
    if isinstance(value, dict):
        return GoRawMap({k: go_raw_map(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return [go_raw_map(v) for v in value]
    return value


class GoMethods(dict):
    """A Go value whose template fields are its methods (docker/cli formatter contexts): a name it
    lacks is an execution error, not "<no value>" as with a map."""

    def __init__(self, fields: dict, type_name: str) -> None:
        super().__init__(fields)
        self.type_name = type_name


def _plain(value: Any) -> Any:
    if isinstance(value, GoStruct):
        return value.json_value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def go_json(value: Any) -> str:
    """encoding/json Marshal: compact, HTML characters escaped."""
    if value is MISSING:
        return "null"
    value = _plain(value)
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _html_escape(text)


def _html_escape(text: str) -> str:
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def go_print(value: Any) -> str:
    """fmt's %v for the values a template sees."""
    if value is MISSING:
        return "<no value>"
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    if isinstance(value, list | tuple):
        return "[" + " ".join(go_print(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_print(value[k])}" for k in sorted(value)) + "]"
    return str(value)


def _truthy(value: Any) -> bool:
    if value is MISSING or value is None:
        return False
    if isinstance(value, bool | int | float | str | list | tuple | dict):
        return bool(value)
    return True


_TOKEN_RE = LazyPattern(  # compiled by the first --format template

    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*"|`[^`]*`)|(?P<num>-?\d+)|(?P<field>\$?(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.|\$)'
    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)|(?P<pipe>\|)|(?P<lp>\()|(?P<rp>\)))"
)


def _tmpl_funcs() -> dict[str, Any]:
    def index(value: Any, *keys: Any) -> Any:
        for key in keys:
            if isinstance(value, list | tuple):
                if not isinstance(key, int) or not 0 <= key < len(value):
                    raise TemplateError(f"error calling index: index out of range: {key}")
                value = value[key]
            elif isinstance(value, GoRawMap):
                value = value.get(key, MISSING)
            elif isinstance(value, dict):  # a typed map[string]string: a missing key gives the zero value ""
                value = value.get(key, "")
            else:
                raise TemplateError(f"error calling index: can't index item of type {type(value).__name__}")
        return value

    def slen(value: Any) -> int:
        if isinstance(value, str | list | tuple | dict):
            return len(value)
        raise TemplateError("error calling len: len of type")

    def printf(fmt: str, *values: Any) -> str:
        it = iter(values)

        def sub(m: re.Match) -> str:
            spec = m.group(0)
            if spec == "%%":
                return "%"
            value = next(it, MISSING)
            text = go_print(value) if spec[-1] in "vsd" else go_quote(go_print(value))
            width = spec[1:-1]
            if width:
                n = int(width.lstrip("-"))
                text = text.ljust(n) if width.startswith("-") else text.rjust(n)
            return text

        return re.sub(r"%-?\d*[vsdq]|%%", sub, fmt)

    return {
        "json": go_json,
        "join": lambda items, sep: sep.join(go_print(i) for i in (items or [])),
        "split": lambda s, sep: s.split(sep),
        "lower": lambda s: go_print(s).lower(),
        "upper": lambda s: go_print(s).upper(),
        "title": lambda s: go_print(s).title(),
        "pad": lambda s, left, right: " " * left + go_print(s) + " " * right,
        "truncate": lambda s, n: go_print(s)[:n],
        "println": lambda *v: " ".join(go_print(x) for x in v) + "\n",
        "print": lambda *v: "".join(go_print(x) for x in v),
        "printf": printf,
        "index": index,
        "len": slen,
        "not": lambda v: not _truthy(v),
        "and": lambda *v: next((x for x in v if not _truthy(x)), v[-1]),
        "or": lambda *v: next((x for x in v if _truthy(x)), v[-1]),
        "eq": lambda a, *b: any(a == x for x in b),
        "ne": lambda a, b: a != b,
    }


def go_quote(s: str) -> str:
    return builder.go_quote(s)


@record
class _Node:
    """A parsed text/template node: text, an action, or an if/range/with block."""

    kind: str  # text | action | if | range | with
    text: str = ""
    pipe: list | None = None
    body: list | None = None
    alt: list | None = None
    src: str = ""  # the action's text, for execution errors
    col: int = 0

    def __init__(
        self,
        kind: str,
        text: str = "",
        pipe: list | None = None,
        body: list | None = None,
        alt: list | None = None,
        src: str = "",
        col: int = 0,
    ) -> None:
        self.kind = kind
        self.text = text
        self.pipe = pipe
        self.body = body
        self.alt = alt
        self.src = src
        self.col = col


def _tokens(action: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    action = action.strip()
    while pos < len(action):
        m = _TOKEN_RE.match(action, pos)
        if not m or m.end() == pos:
            raise TemplateError(f"template: :1: unexpected {go_quote(action[pos:].strip()[:1])} in command")
        pos = m.end()
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
    return out


def _parse_pipe(tokens: list[tuple[str, str]], funcs: dict[str, Any]) -> list:
    """A pipeline: a list of commands, each a list of operands (('call', name) first for a function)."""
    cmds: list[list] = [[]]
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "pipe":
            cmds.append([])
        elif kind == "lp":
            depth, j = 1, i + 1
            while j < len(tokens) and depth:
                depth += {"lp": 1, "rp": -1}.get(tokens[j][0], 0)
                j += 1
            cmds[-1].append(("sub", _parse_pipe(tokens[i + 1 : j - 1], funcs)))
            i = j
            continue
        elif kind == "ident":
            if value in ("true", "false"):
                cmds[-1].append(("lit", value == "true"))
            elif value == "nil":
                cmds[-1].append(("lit", None))
            elif value not in funcs:
                raise TemplateError(f'template: :1: function "{value}" not defined')
            else:
                cmds[-1].append(("call", value))
        elif kind == "str":
            cmds[-1].append(("lit", value[1:-1] if value.startswith("`") else json.loads(value)))
        elif kind == "num":
            cmds[-1].append(("lit", int(value)))
        elif kind == "field":
            cmds[-1].append(("field", value))
        i += 1
    if any(not c for c in cmds):
        raise TemplateError("template: :1: missing value for command")
    return cmds


def parse_template(text: str) -> list[_Node]:
    funcs = _tmpl_funcs()
    parts = re.split(r"(\{\{.*?\}\})", text, flags=re.S)
    if any("{{" in p for p in parts[::2]):
        raise TemplateError("template: :1: unclosed action")
    root: list[_Node] = []
    # (node, the list it sits in, whether it is an {{else if}} sharing its owner's {{end}})
    stack: list[tuple[_Node, list[_Node], bool]] = []
    current = root
    offset = 0
    for n, part in enumerate(parts):
        pos, offset = offset, offset + len(part)
        if n % 2 == 0:
            if part:
                current.append(_Node("text", part))
            continue
        body = part[2:-2]
        if body.startswith("-"):
            body = body[1:]
            if current and current[-1].kind == "text":
                current[-1].text = current[-1].text.rstrip()
        if body.endswith("-"):
            body = body[:-1]
            if n + 1 < len(parts):
                parts[n + 1] = parts[n + 1].lstrip()
        body = body.strip()
        word = body.split(None, 1)[0] if body else ""
        rest = body[len(word) :].strip()
        if word in ("if", "range", "with"):
            node = _Node(word, pipe=_parse_pipe(_tokens(rest), funcs), body=[], alt=[], src=body, col=pos + 2)
            current.append(node)
            stack.append((node, current, False))
            current = node.body
        elif word == "else":
            if not stack:
                raise TemplateError("template: :1: unexpected {{else}}")
            owner = stack[-1][0]
            current = owner.alt
            if rest.startswith("if "):
                inner = _Node(
                    "if", pipe=_parse_pipe(_tokens(rest[3:]), funcs), body=[], alt=[], src=rest, col=pos + 2
                )
                owner.alt.append(inner)
                stack.append((inner, owner.alt, True))
                current = inner.body
        elif word == "end":
            if not stack:
                raise TemplateError("template: :1: unexpected {{end}}")
            _, parent, chained = stack.pop()
            while chained:
                _, parent, chained = stack.pop()
            current = parent
        elif body.startswith("/*"):
            continue
        elif not body:
            raise TemplateError("template: :1: missing value for command")
        else:
            current.append(_Node("action", pipe=_parse_pipe(_tokens(body), funcs), src=body, col=pos + 2))
    if stack:
        raise TemplateError("template: :1: unexpected EOF")
    return root


def _field(dot: Any, root: Any, path: str) -> Any:
    value = root if path.startswith("$") else dot
    typed = False  # the value is a field of a typed Go struct (a nil pointer there cannot be followed)
    for name in [p for p in path.lstrip("$").split(".") if p]:
        if value is None and typed:
            raise TemplateError(f"nil pointer evaluating {name}")
        typed = isinstance(value, GoStruct) and bool(value.strict)
        if isinstance(value, GoMethods) and name not in value:
            raise TemplateError(f"can't evaluate field {name} in type {value.type_name}")
        if isinstance(value, GoStruct) and value.strict and name not in value:
            raise TemplateError(f"can't evaluate field {name} in type {value.strict}")
        if isinstance(value, GoRawMap) and name not in value:
            raise TemplateError(f'map has no entry for key "{name}"')
        if isinstance(value, dict):
            value = value.get(name, MISSING)
        else:
            return MISSING
    return value


def _eval_pipe(pipe: list, dot: Any, root: Any, funcs: dict[str, Any]) -> Any:
    result: Any = MISSING
    for n, cmd in enumerate(pipe):
        args = []
        call = None
        for kind, value in cmd:
            if kind == "call" and call is None and not args:
                call = value
            elif kind == "field":
                args.append(_field(dot, root, value))
            elif kind == "sub":
                args.append(_eval_pipe(value, dot, root, funcs))
            else:
                args.append(value)
        if n > 0:
            args.append(result)
        if call is None:
            result = args[0] if args else MISSING
            continue
        try:
            result = funcs[call](*args)
        except TemplateError:
            raise
        except Exception as exc:  # a wrong argument count or type, as Go's exec reports it
            raise TemplateError(f"error calling {call}: {exc}") from None
    return result


def _render(nodes: list[_Node], dot: Any, root: Any, funcs: dict[str, Any], out: list[str]) -> None:
    for node in nodes:
        try:
            _render_node(node, dot, root, funcs, out)
        except TemplateError as exc:
            if exc.message.startswith("template:"):
                raise
            raise TemplateError(f'template: :1:{node.col}: executing "" at <{node.src}>: {exc}') from None


def _render_node(node: _Node, dot: Any, root: Any, funcs: dict[str, Any], out: list[str]) -> None:
    if node.kind == "text":
        out.append(node.text)
    elif node.kind == "action":
        out.append(go_print(_eval_pipe(node.pipe or [], dot, root, funcs)))
    elif node.kind == "if":
        branch = node.body if _truthy(_eval_pipe(node.pipe or [], dot, root, funcs)) else node.alt
        _render(branch or [], dot, root, funcs, out)
    elif node.kind == "with":
        value = _eval_pipe(node.pipe or [], dot, root, funcs)
        if _truthy(value):
            _render(node.body or [], value, root, funcs, out)
        else:
            _render(node.alt or [], dot, root, funcs, out)
    elif node.kind == "range":
        value = _eval_pipe(node.pipe or [], dot, root, funcs)
        items = list(value.values()) if isinstance(value, dict) else value
        if isinstance(items, list | tuple) and items:
            for item in items:
                _render(node.body or [], item, root, funcs, out)
        else:
            _render(node.alt or [], dot, root, funcs, out)


def render_template(text: str, data: Any) -> str:
    """Render a Go text/template (the subset docker's --format uses) against ``data``.

    Parse errors raise TemplateError with Go's ``template: :1: ...`` text.
    """
    nodes = parse_template(text)
    out: list[str] = []
    _render(nodes, data, data, _tmpl_funcs(), out)
    return "".join(out)


def format_escapes(text: str) -> str:
    """docker/cli formatter preFormat: a typed ``\\t``/``\\n`` becomes a tab/newline."""
    return text.replace("\\t", "\t").replace("\\n", "\n")


def tabwrite(rows: list[list[str]]) -> list[str]:
    """Go tabwriter as docker/cli uses it (minwidth 10, padding 3); the last cell is not padded."""
    if not rows:
        return []
    columns = max(len(r) for r in rows)
    widths = [0] * columns
    for row in rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(cell) + 3, 10)
    return [
        "".join(cell.ljust(widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row))
        for row in rows
    ]


def go_indent_json(items: list) -> list[str]:
    """json.MarshalIndent(items, "", "    ") as docker's inspect prints it."""
    return _html_escape(json.dumps(items, indent=4, ensure_ascii=False)).split("\n")
