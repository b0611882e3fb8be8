"""Go's formatting as docker/cli uses it: text/template for ``--format``, tabwriter, strconv.Quote.

Shared by the docker commands that print tables or take ``--format`` (images, inspect, ps).
"""

from __future__ import annotations

import re

from tutor.sim.errors import SimError
from tutor.sim.lazy import LazyModule, LazyPattern
from tutor.sim.records import record
from tutor.sim.shell.docker import gofuncs
from tutor.sim.shell.docker.govalues import (  # noqa: F401 (re-exported for the commands)
    MISSING,
    GoInt,
    GoMethods,
    GoNumber,
    GoRawMap,
    GoStruct,
    _html_escape,
    go_json,
    go_print,
    go_raw_map,
    go_type,
    truthy,
)

json = LazyModule("json")  # not at start-up: its package compiles regexes

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up (tutor.sim.lazy)
if TYPE_CHECKING:
    from typing import Any

builder = LazyModule("tutor.sim.builder")  # go_quote only: no builder loaded for a template


class TemplateError(SimError):
    pass



_TOKEN_RE = LazyPattern(  # compiled by the first --format template
    r'\s*(?:(?P<str>"(?:[^"\\\n]|\\[^\n])*"|`[^`]*`)|(?P<num>-?\d+)'
    r"|(?P<field>\$[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|\$?(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.|\$)"
    r"|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)|(?P<pipe>\|)|(?P<lp>\()|(?P<rp>\))|(?P<decl>:?=)|(?P<comma>,))"
)

_NO_FINAL = object()  # exec.go missingVal: no value piped into a command
RANGE_LIMIT = 10_000  # the simulator's own cap on {{range N}} (Go 1.22+ ranges over integers)


def go_quote(s: str) -> str:
    return builder.go_quote(s)


@record
class _Arg:
    """A parse node that is an operand: field, str, num, bool, nil, call (an identifier) or pipe."""

    kind: str
    value: Any
    src: str  # the node's String(), for "at <...>"
    pos: int  # its byte offset in the template text

    def __init__(self, kind: str, value: Any, src: str, pos: int) -> None:
        self.kind = kind
        self.value = value
        self.src = src
        self.pos = pos


@record
class _Cmd:
    """A command of a pipeline: its operands, a function's identifier first."""

    args: list[_Arg]
    pos: int

    def __init__(self, args: list[_Arg], pos: int) -> None:
        self.args = args
        self.pos = pos

    @property
    def src(self) -> str:
        return " ".join(a.src for a in self.args)


@record
class _Node:
    """A parsed text/template node: text, an action, or an if/range/with block."""

    kind: str  # text | action | if | range | with
    text: str = ""
    pipe: list[_Cmd] | None = None
    body: list | None = None
    alt: list | None = None
    decl: list[str] | None = None  # the variables the pipeline declares ($x := ...)

    def __init__(
        self,
        kind: str,
        text: str = "",
        pipe: list[_Cmd] | None = None,
        body: list | None = None,
        alt: list | None = None,
        decl: list[str] | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.pipe = pipe
        self.body = body
        self.alt = alt
        self.decl = decl


def _line(text: str, pos: int) -> int:
    return 1 + text.count("\n", 0, pos)


def _tokens(text: str, start: int, end: int) -> list[tuple[str, str, int]]:
    """The tokens of text[start:end] with their offsets in text."""
    out: list[tuple[str, str, int]] = []
    pos = start
    while text[pos:end].strip():
        m = _TOKEN_RE.match(text, pos, end)
        if not m or m.end() == pos:
            if text[pos:end].lstrip().startswith('"'):  # lex.go lexQuote: a newline or the end first
                raise TemplateError(f"template: :{_line(text, pos)}: unterminated quoted string")
            bad = go_quote(text[pos:end].strip()[:1])
            raise TemplateError(f"template: :{_line(text, pos)}: unexpected {bad} in command")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    return out


_GO_ESCAPE = LazyPattern(r'\\(?:([abfnrtv\\"])|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([0-7]{3})|(.))')
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"'}


def _go_unquote(value: str, text: str, pos: int) -> str:
    """strconv.Unquote of a "..." literal; a bad escape is parse.go's `invalid syntax`."""

    def escape(m: re.Match) -> str:
        simple, hex2, hex4, hex8, octal, bad = m.groups()
        if bad is not None or (octal and int(octal, 8) > 255):
            raise TemplateError(f"template: :{_line(text, pos)}: invalid syntax")
        if simple:
            return _SIMPLE_ESCAPES[simple]
        code = int(hex2 or hex4 or hex8 or octal, 8 if octal else 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise TemplateError(f"template: :{_line(text, pos)}: invalid syntax")
        return chr(code)

    return _GO_ESCAPE.sub(escape, value[1:-1])


class _Parser:
    """text/template/parse: actions, if/range/with/else/end, declared variables ($x := ...)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.funcs = gofuncs.SIGNATURES
        self.scopes: list[set[str]] = [{"$"}]  # parse.go t.vars: "$" and what is declared in each block

    def error(self, pos: int, message: str) -> TemplateError:
        return TemplateError(f"template: :{_line(self.text, pos)}: {message}")

    def operand(self, kind: str, value: str, pos: int) -> _Arg:
        if kind == "ident":
            if value in ("true", "false"):
                return _Arg("bool", value == "true", value, pos)
            if value == "nil":
                return _Arg("nil", None, value, pos)
            if value not in self.funcs:
                raise self.error(pos, f'function "{value}" not defined')
            return _Arg("call", value, value, pos)
        if kind == "str":
            unquoted = value[1:-1] if value.startswith("`") else _go_unquote(value, self.text, pos)
            return _Arg("str", unquoted, value, pos)
        if kind == "num":
            return _Arg("num", int(value), value, pos)
        if kind != "field":
            raise self.error(pos, f"unexpected {go_quote(value)} in command")
        name = value.split(".", 1)[0]
        if name and not any(name in scope for scope in self.scopes):
            raise self.error(pos, f'undefined variable "{name}"')
        return _Arg("field", value, value, pos)

    def commands(self, tokens: list[tuple[str, str, int]]) -> list[_Cmd]:
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
                inner = self.commands(tokens[i + 1 : j - 1])
                src = "(" + " | ".join(c.src for c in inner) + ")"
                cmds[-1].args.append(_Arg("pipe", inner, src, inner[0].pos))
                i = j
                continue
            elif kind != "rp":
                cmds[-1].args.append(self.operand(kind, value, pos))
            i += 1
        if any(not c.args for c in cmds):
            raise self.error(cmds[0].pos, "missing value for command")
        return cmds

    def pipeline(self, start: int, end: int, node: _Node, max_decl: int = 1) -> None:
        """parse.go pipeline: an optional declaration ($x := ..., range $i, $e := ...), then the commands."""
        tokens = _tokens(self.text, start, end)
        names, i = [], 0
        while (
            i + 1 < len(tokens) and tokens[i][0] == "field" and _is_variable(tokens[i][1])
            and tokens[i + 1][0] in ("comma", "decl")
        ):  # fmt: skip
            names.append(tokens[i][1])
            i += 2
            if tokens[i - 1][0] == "decl":
                break
        if len(names) > max_decl:
            raise self.error(start, "too many declarations in command")
        if names and tokens[i - 1][0] != "decl":
            raise self.error(start, "missing := in declaration")
        node.pipe = self.commands(tokens[i:])
        node.decl = names
        self.scopes[-1].update(names)

    def parse(self) -> list[_Node]:
        text = self.text
        parts = re.split(r"(\{\{.*?\}\})", text, flags=re.S)
        if any("{{" in p for p in parts[::2]):
            raise self.error(text.rfind("{{"), "unclosed action")
        root: list[_Node] = []
        # (node, the list it sits in, whether it is an {{else if}} sharing its owner's {{end}})
        self.stack: list[tuple[_Node, list[_Node], bool]] = []
        self.current = root
        offset = 0
        for n, part in enumerate(parts):
            pos, offset = offset, offset + len(part)
            if n % 2 == 0:
                if part:
                    self.current.append(_Node("text", part))
                continue
            start, end = pos + 2, pos + len(part) - 2
            if text.startswith("-", start):
                start += 1
                if self.current and self.current[-1].kind == "text":
                    self.current[-1].text = self.current[-1].text.rstrip()
            if end > start and text[end - 1] == "-":
                end -= 1
                if n + 1 < len(parts):
                    parts[n + 1] = parts[n + 1].lstrip()
            start += len(text[start:end]) - len(text[start:end].lstrip())
            self.action(start, end, pos)
        if self.stack:
            raise self.error(len(text), "unexpected EOF")
        return root

    def action(self, start: int, end: int, pos: int) -> None:
        body = self.text[start:end].strip()
        word = body.split(None, 1)[0] if body else ""
        after = start + len(word)
        if word in ("if", "range", "with"):
            self.open_block(_Node(word, body=[], alt=[]), after, end, chained=False)
        elif word == "else":
            if not self.stack:
                raise self.error(pos, "unexpected {{else}}")
            owner = self.stack[-1][0]
            self.current = owner.alt
            if body[len(word) :].strip().startswith("if "):
                self.open_block(_Node("if", body=[], alt=[]), self.text.index("if", after, end) + 2, end, True)
        elif word == "end":
            if not self.stack:
                raise self.error(pos, "unexpected {{end}}")
            _, parent, chained = self.stack.pop()
            while chained:
                _, parent, chained = self.stack.pop()
            self.scopes.pop()
            self.current = parent
        elif body.startswith("/*"):
            return
        elif not body:
            raise self.error(pos, "missing value for command")
        else:
            node = _Node("action")
            self.pipeline(start, end, node)
            self.current.append(node)

    def open_block(self, node: _Node, start: int, end: int, chained: bool) -> None:
        if not chained:
            self.scopes.append(set())
        self.pipeline(start, end, node, max_decl=2 if node.kind == "range" else 1)
        self.current.append(node)
        self.stack.append((node, self.current, chained))
        self.current = node.body


def _is_variable(token: str) -> bool:
    return token.startswith("$") and "." not in token


def parse_template(text: str) -> list[_Node]:
    return _Parser(text).parse()


def _field(dot: Any, variables: dict[str, Any], path: str) -> Any:
    """A field chain from dot (.A.B), or from a variable ($.A, $x.A)."""
    value = dot
    if path.startswith("$"):
        variable, _, path = path.partition(".")
        value = variables.get(variable, MISSING)
    typed = False  # the value is a field of a typed Go struct (a nil pointer there cannot be followed)
    for name in [p for p in path.split(".") if p]:
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

    def __init__(self, text: str, header: bool, typed: bool = False) -> None:
        self.text = text
        self.typed = typed  # the data is a typed Go struct: a None in it is a nil pointer, not "no value"
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

    def pipe(self, cmds: list[_Cmd], dot: Any, variables: dict) -> Any:
        value: Any = _NO_FINAL
        for cmd in cmds:
            value = self.command(cmd, dot, variables, value)
        return value

    def command(self, cmd: _Cmd, dot: Any, variables: dict, final: Any) -> Any:
        first = cmd.args[0]
        if first.kind == "call":
            return self.call(first, cmd.args[1:], cmd, dot, variables, final)
        if len(cmd.args) > 1 or final is not _NO_FINAL:
            self.at_node(first)
            raise self.error(f"can't give argument to non-function {first.src}")
        return self.operand(first, dot, variables)

    def operand(self, arg: _Arg, dot: Any, variables: dict) -> Any:
        self.at_node(arg)
        if arg.kind == "field":
            try:
                return _field(dot, variables, arg.value)
            except TemplateError as exc:
                raise self.error(exc.message) from None
        if arg.kind == "pipe":
            return self.pipe(arg.value, dot, variables)
        if arg.kind == "call":
            return self.call(arg, [], arg, dot, variables, _NO_FINAL)
        return GoInt(arg.value) if arg.kind == "num" else arg.value

    def arg(self, arg: _Arg, typ: str, dot: Any, variables: dict) -> Any:
        """exec.go evalArg: a literal must suit the parameter; anything else goes through validateType."""
        self.at_node(arg)
        if arg.kind == "nil":
            if typ in ("string", "int"):
                raise self.error(f"cannot assign nil to {typ}")
            return MISSING if typ == "value" else None  # reflect.Zero(reflect.Value): an invalid value
        if arg.kind in ("field", "pipe", "call") or typ in ("any", "value"):
            return self.validate(self.operand(arg, dot, variables), typ)
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

    def call(self, ident: _Arg, args: list[_Arg], cmd: _Arg | _Cmd, dot: Any, variables: dict, final: Any) -> Any:
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
                value = self.arg(arg, "value", dot, variables)
                if truthy(value) == (name == "or"):
                    return value
            return final if final is not _NO_FINAL else value
        values = [self.arg(a, fixed[i] if i < len(fixed) else variadic or "", dot, variables) for i, a in enumerate(args)]
        if final is not _NO_FINAL:
            values.append(self.validate(final, fixed[num_in - 1] if num_in - 1 < len(fixed) else variadic or ""))
        try:
            return self.funcs[name](*values)
        except gofuncs.CallError as exc:
            self.at_node(cmd)
            raise self.error(f"error calling {name}: {exc}") from None

    def render(self, nodes: list[_Node], dot: Any, variables: dict[str, Any], out: list[str]) -> None:
        """exec.go walk; ``variables`` holds $ and the declared variables in scope (a block gets a copy)."""
        for node in nodes:
            if node.kind == "text":
                out.append(node.text)
                continue
            value = self.pipe(node.pipe or [], dot, variables)
            if node.kind == "action":
                if node.decl:
                    variables[node.decl[0]] = value
                else:
                    out.append(go_print(value))
            elif node.kind == "range":
                self.range(node, value, dot, variables, out)
            else:  # if, with
                scope = {**variables, **dict.fromkeys(node.decl or [], value)}
                branch = node.body if truthy(value) else node.alt
                inner = value if node.kind == "with" and truthy(value) else dot
                self.render(branch or [], inner, scope, out)

    def range(self, node: _Node, value: Any, dot: Any, variables: dict[str, Any], out: list[str]) -> None:
        """exec.go walkRange (Go 1.26, docker/cli's toolchain): a slice by index, a map by sorted key, an
        integer n as 0..n-1 (Go 1.22+); $i, $e := take both, $e := the element. Anything else (a string,
        a struct, a json.Number) is "range can't iterate over <value>"."""
        decl = node.decl or []
        pairs = self.range_pairs(value, len(decl))
        for key, item in pairs:
            scope = {**variables, **dict(zip(decl, [key, item] if len(decl) == 2 else [item], strict=False))}
            self.render(node.body or [], item, scope, out)
        if not pairs:
            self.render(node.alt or [], dot, dict(variables), out)

    def range_pairs(self, value: Any, declared: int) -> list[tuple[Any, Any]]:
        if isinstance(value, dict) and not isinstance(value, GoStruct | GoMethods):
            return sorted(value.items())
        if isinstance(value, list | tuple):
            return [(GoInt(i), v) for i, v in enumerate(value)]
        if value is MISSING or (value is None and not self.typed):
            return []  # an invalid value (a missing key, a JSON null) acts as empty; a nil pointer does not
        if isinstance(value, int) and not isinstance(value, bool | GoNumber):
            if declared > 1:
                raise self.error(f"can't use {value} to iterate over more than one variable")
            if value > RANGE_LIMIT:
                raise SimError(  # not a TemplateError: inspect must not retry it on the raw JSON
                    f"registry-tutor: ranging over {value} (Go would run the block {value} times) is "
                    f"beyond this simulator's limit of {RANGE_LIMIT} iterations"
                )
            return [(MISSING, GoInt(i) if isinstance(value, GoInt) else type(value)(i)) for i in range(value)]
        raise self.error(f"range can't iterate over {go_print(value)}")


def render_template(text: str, data: Any, header: bool = False) -> str:
    """Render a Go text/template (the subset docker's --format uses) against ``data``; ``header``
    runs it with docker/cli's HeaderFunctions (a table's header row).

    Parse and execution errors raise TemplateError with Go's ``template: :1...`` text.
    """
    nodes = parse_template(text)
    out: list[str] = []
    typed = isinstance(data, GoStruct) and bool(data.strict)
    _Exec(text, header, typed).render(nodes, data, {"$": data}, out)
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
