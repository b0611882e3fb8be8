"""Go's formatting as docker/cli uses it: text/template for ``--format``, tabwriter, strconv.Quote.

Shared by the docker commands that print tables or take ``--format`` (images, inspect, ps).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from tutor.sim.errors import SimError
from tutor.sim.lazy import LazyModule, LazyPattern
from tutor.sim.shell.docker import gofuncs
from tutor.sim.shell.docker.govalues import (  # noqa: F401 (re-exported for the commands)
    MISSING,
    GoInt,
    GoMethods,
    GoRawMap,
    GoStruct,
    _html_escape,
    go_json,
    go_print,
    go_raw_map,
    go_type,
    truthy,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up (tutor.sim.lazy)
if TYPE_CHECKING:
    from typing import Any

builder = LazyModule("tutor.sim.builder")  # go_quote only: no builder loaded for a template


class TemplateError(SimError):
    pass



_TOKEN_RE = LazyPattern(  # compiled by the first --format template
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*"|`[^`]*`)|(?P<num>-?\d+)|(?P<field>\$?(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.|\$)'
    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)|(?P<pipe>\|)|(?P<lp>\()|(?P<rp>\)))"
)

_NO_FINAL = object()  # exec.go missingVal: no value piped into a command


def go_quote(s: str) -> str:
    return builder.go_quote(s)


@dataclass
class _Arg:
    """A parse node that is an operand: field, str, num, bool, nil, call (an identifier) or pipe."""

    kind: str
    value: Any
    src: str  # the node's String(), for "at <...>"
    pos: int  # its byte offset in the template text


@dataclass
class _Cmd:
    args: list[_Arg]
    pos: int

    @property
    def src(self) -> str:
        return " ".join(a.src for a in self.args)


@dataclass
class _Node:
    """A parsed text/template node: text, an action, or an if/range/with block."""

    kind: str  # text | action | if | range | with
    text: str = ""
    pipe: list[_Cmd] | None = None
    body: list | None = None
    alt: list | None = None


def _line(text: str, pos: int) -> int:
    return 1 + text.count("\n", 0, pos)


def _tokens(text: str, start: int, end: int) -> list[tuple[str, str, int]]:
    """The tokens of text[start:end] with their offsets in text."""
    out: list[tuple[str, str, int]] = []
    pos = start
    while text[pos:end].strip():
        m = _TOKEN_RE.match(text, pos, end)
        if not m or m.end() == pos:
            bad = go_quote(text[pos:end].strip()[:1])
            raise TemplateError(f"template: :{_line(text, pos)}: unexpected {bad} in command")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return out


def _operand(kind: str, value: str, pos: int, text: str, funcs: dict[str, Any]) -> _Arg:
    if kind == "ident":
        if value in ("true", "false"):
            return _Arg("bool", value == "true", value, pos)
        if value == "nil":
            return _Arg("nil", None, value, pos)
        if value not in funcs:
            raise TemplateError(f'template: :{_line(text, pos)}: function "{value}" not defined')
        return _Arg("call", value, value, pos)
    if kind == "str":
        return _Arg("str", value[1:-1] if value.startswith("`") else json.loads(value), value, pos)
    if kind == "num":
        return _Arg("num", int(value), value, pos)
    return _Arg("field", value, value, pos)


def _parse_pipe(tokens: list[tuple[str, str, int]], text: str, funcs: dict[str, Any]) -> list[_Cmd]:
    """A pipeline: its commands, each a list of operands (a function's identifier first)."""
    cmds: list[_Cmd] = [_Cmd([], tokens[0][2] if tokens else 0)]
    i = 0
    while i < len(tokens):
        kind, value, pos = tokens[i]
        if kind == "pipe":
            cmds.append(_Cmd([], tokens[i + 1][2] if i + 1 < len(tokens) else pos))
        elif kind == "lp":
            depth, j = 1, i + 1
            while j < len(tokens) and depth:
                depth += {"lp": 1, "rp": -1}.get(tokens[j][0], 0)
                j += 1
            inner = _parse_pipe(tokens[i + 1 : j - 1], text, funcs)
            src = "(" + " | ".join(c.src for c in inner) + ")"
            cmds[-1].args.append(_Arg("pipe", inner, src, inner[0].pos))
            i = j
            continue
        elif kind != "rp":
            cmds[-1].args.append(_operand(kind, value, pos, text, funcs))
        i += 1
    if any(not c.args for c in cmds):
        raise TemplateError(f"template: :{_line(text, cmds[0].pos)}: missing value for command")
    return cmds


def _action(text: str, start: int, end: int, funcs: dict[str, Any]) -> list[_Cmd]:
    return _parse_pipe(_tokens(text, start, end), text, funcs)


def parse_template(text: str) -> list[_Node]:
    parts = re.split(r"(\{\{.*?\}\})", text, flags=re.S)
    if any("{{" in p for p in parts[::2]):
        raise TemplateError(f"template: :{_line(text, text.rfind('{{'))}: unclosed action")
    funcs = gofuncs.SIGNATURES
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
        start, end = pos + 2, pos + len(part) - 2
        if text.startswith("-", start):
            start += 1
            if current and current[-1].kind == "text":
                current[-1].text = current[-1].text.rstrip()
        if end > start and text[end - 1] == "-":
            end -= 1
            if n + 1 < len(parts):
                parts[n + 1] = parts[n + 1].lstrip()
        body = text[start:end].strip()
        start += len(text[start:end]) - len(text[start:end].lstrip())
        word = body.split(None, 1)[0] if body else ""
        after = start + len(word)
        if word in ("if", "range", "with"):
            node = _Node(word, pipe=_action(text, after, end, funcs), body=[], alt=[])
            current.append(node)
            stack.append((node, current, False))
            current = node.body
        elif word == "else":
            if not stack:
                raise TemplateError(f"template: :{_line(text, pos)}: unexpected {{{{else}}}}")
            owner = stack[-1][0]
            current = owner.alt
            if body[len(word) :].strip().startswith("if "):
                cond = text.index("if", after, end) + 2
                inner = _Node("if", pipe=_action(text, cond, end, funcs), body=[], alt=[])
                owner.alt.append(inner)
                stack.append((inner, owner.alt, True))
                current = inner.body
        elif word == "end":
            if not stack:
                raise TemplateError(f"template: :{_line(text, pos)}: unexpected {{{{end}}}}")
            _, parent, chained = stack.pop()
            while chained:
                _, parent, chained = stack.pop()
            current = parent
        elif body.startswith("/*"):
            continue
        elif not body:
            raise TemplateError(f"template: :{_line(text, pos)}: missing value for command")
        else:
            current.append(_Node("action", pipe=_action(text, start, end, funcs)))
    if stack:
        raise TemplateError(f"template: :{_line(text, len(text))}: unexpected EOF")
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
        elif value is MISSING or value is None:
            return MISSING
        else:  # exec.go evalField: a string, number or list has no fields
            raise TemplateError(f"can't evaluate field {name} in type {go_type(value)}")
    return value


class _Exec:
    """text/template's exec state: the node being evaluated (s.at) names where an error happened."""

    def __init__(self, text: str, header: bool) -> None:
        self.text = text
        self.funcs = gofuncs.functions(header)
        self.sigs = gofuncs.HEADER_SIGNATURES if header else gofuncs.SIGNATURES
        self.at: tuple[str, int] = ("", 0)

    def at_node(self, node: _Arg | _Cmd) -> None:
        self.at = (node.src, node.pos)

    def error(self, message: str) -> TemplateError:
        """exec.go state.errorf with parse.go ErrorContext (column = byte offset in its line)."""
        src, pos = self.at
        col = pos - (self.text.rfind("\n", 0, pos) + 1)
        context = src if len(src) <= 20 else src[:20] + "..."
        return TemplateError(f'template: :{_line(self.text, pos)}:{col}: executing "" at <{context}>: {message}')

    def pipe(self, cmds: list[_Cmd], dot: Any, root: Any) -> Any:
        value: Any = _NO_FINAL
        for cmd in cmds:
            value = self.command(cmd, dot, root, value)
        return value

    def command(self, cmd: _Cmd, dot: Any, root: Any, final: Any) -> Any:
        first = cmd.args[0]
        if first.kind == "call":
            return self.call(first, cmd.args[1:], cmd, dot, root, final)
        if len(cmd.args) > 1 or final is not _NO_FINAL:
            self.at_node(first)
            raise self.error(f"can't give argument to non-function {first.src}")
        return self.operand(first, dot, root)

    def operand(self, arg: _Arg, dot: Any, root: Any) -> Any:
        self.at_node(arg)
        if arg.kind == "field":
            try:
                return _field(dot, root, arg.value)
            except TemplateError as exc:
                raise self.error(exc.message) from None
        if arg.kind == "pipe":
            return self.pipe(arg.value, dot, root)
        if arg.kind == "call":
            return self.call(arg, [], arg, dot, root, _NO_FINAL)
        return GoInt(arg.value) if arg.kind == "num" else arg.value

    def arg(self, arg: _Arg, typ: str, dot: Any, root: Any) -> Any:
        """exec.go evalArg: a literal must suit the parameter; anything else goes through validateType."""
        self.at_node(arg)
        if arg.kind == "nil":
            if typ in ("string", "int"):
                raise self.error(f"cannot assign nil to {typ}")
            return None
        if arg.kind in ("field", "pipe", "call") or typ in ("any", "value"):
            return self.validate(self.operand(arg, dot, root), typ)
        if arg.kind != {"string": "str", "int": "num"}[typ]:
            raise self.error(f"expected {'integer' if typ == 'int' else typ}; found {arg.src}")
        return arg.value

    def validate(self, value: Any, typ: str) -> Any:
        if typ in ("any", "value"):
            return value
        if value is MISSING:
            raise self.error(f"invalid value; expected {typ}")
        if go_type(value) != typ:
            raise self.error(f"wrong type for value; expected {typ}; got {go_type(value)}")
        return value

    def call(self, ident: _Arg, args: list[_Arg], cmd: _Arg | _Cmd, dot: Any, root: Any, final: Any) -> Any:
        """exec.go evalFunction + evalCall."""
        name = ident.value
        self.at_node(ident)
        fixed, variadic = self.sigs[name]
        num_in = len(args) + (final is not _NO_FINAL)
        if variadic is not None and num_in < len(fixed):
            raise self.error(f"wrong number of args for {name}: want at least {len(fixed)} got {len(args)}")
        if variadic is None and num_in != len(fixed):
            raise self.error(f"wrong number of args for {name}: want {len(fixed)} got {num_in}")
        if name in ("and", "or"):  # short-circuit (exec.go evalCall special case)
            value: Any = None
            for arg in args:
                value = self.arg(arg, "value", dot, root)
                if truthy(value) == (name == "or"):
                    return value
            return final if final is not _NO_FINAL else value
        values = [self.arg(a, fixed[i] if i < len(fixed) else variadic or "", dot, root) for i, a in enumerate(args)]
        if final is not _NO_FINAL:
            values.append(self.validate(final, fixed[num_in - 1] if num_in - 1 < len(fixed) else variadic or ""))
        try:
            return self.funcs[name](*values)
        except gofuncs.CallError as exc:
            self.at_node(cmd)
            raise self.error(f"error calling {name}: {exc}") from None

    def render(self, nodes: list[_Node], dot: Any, root: Any, out: list[str]) -> None:
        for node in nodes:
            if node.kind == "text":
                out.append(node.text)
            elif node.kind == "action":
                out.append(go_print(self.pipe(node.pipe or [], dot, root)))
            elif node.kind in ("if", "with"):
                value = self.pipe(node.pipe or [], dot, root)
                branch = node.body if truthy(value) else node.alt
                inner = value if node.kind == "with" and truthy(value) else dot
                self.render(branch or [], inner, root, out)
            elif node.kind == "range":
                value = self.pipe(node.pipe or [], dot, root)
                items = list(value.values()) if isinstance(value, dict) else value
                if isinstance(items, list | tuple) and items:
                    for item in items:
                        self.render(node.body or [], item, root, out)
                else:
                    self.render(node.alt or [], dot, root, out)


def render_template(text: str, data: Any, header: bool = False) -> str:
    """Render a Go text/template (the subset docker's --format uses) against ``data``; ``header``
    runs it with docker/cli's HeaderFunctions (a table's header row).

    Parse and execution errors raise TemplateError with Go's ``template: :1...`` text.
    """
    nodes = parse_template(text)
    out: list[str] = []
    _Exec(text, header).render(nodes, data, data, out)
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
