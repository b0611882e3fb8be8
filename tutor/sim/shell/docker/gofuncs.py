"""The functions a docker ``--format`` template can call: Go's text/template builtins (funcs.go) and
docker/cli's templates/templates.go basicFunctions (v29.7.2), with their Go signatures so the engine
(gofmt.py) can report text/template's argument-count and type errors word for word.

A function raises CallError with the error Go returns (or the panic safeCall recovers); exec.go wraps it
as ``error calling NAME: ...``.
"""

from __future__ import annotations

import re

from tutor.sim.lazy import LazyModule, LazyPattern
from tutor.sim.shell.docker.govalues import (
    MISSING,
    GoInt,
    GoMethods,
    GoNumber,
    GoStruct,
    go_json,
    go_print,
    go_type,
    plain,
    truthy,
)

# not at start-up (`docker images` loads this module): json's package compiles regexes, unicodedata is a
# shared library, and _VERB is compiled when a template first calls printf
json = LazyModule("json")
unicodedata = LazyModule("unicodedata")

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class CallError(Exception):
    pass


# name -> (fixed parameter types, variadic element type or None). "any" is interface{}, "value" is
# reflect.Value (both take anything; a literal becomes its ideal constant).
SIGNATURES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "json": (("any",), None),
    "split": (("string", "string"), None),
    "join": (("any", "string"), None),
    "title": (("string",), None),
    "lower": (("string",), None),
    "upper": (("string",), None),
    "pad": (("string", "int", "int"), None),
    "truncate": (("string", "int"), None),
    "and": (("value",), "value"),
    "or": (("value",), "value"),
    "not": (("value",), None),
    "len": (("value",), None),
    "index": (("value",), "value"),
    "slice": (("value",), "value"),
    "print": ((), "any"),
    "printf": (("string",), "any"),
    "println": ((), "any"),
    "eq": (("value",), "value"),
    **{name: (("value", "value"), None) for name in ("ne", "lt", "le", "gt", "ge")},
    **{name: ((), "any") for name in ("html", "js", "urlquery")},
}

# templates.go HeaderFunctions: a table's header row keeps the column name (other signatures)
HEADER_SIGNATURES = {
    **SIGNATURES,
    "json": (("string",), None),
    **{name: (("string", "string"), None) for name in ("split", "join")},
    **{name: (("string",), None) for name in ("title", "lower", "upper")},
    "truncate": (("string", "int"), None),
}


def template_json(value: Any) -> str:
    """templates.go formatJSON: an Encoder with SetEscapeHTML(false), trailing newline trimmed. A
    formatter context marshals itself with json.Marshal (formatter/reflect.go), which escapes HTML."""
    if value is MISSING:
        return "null"
    if isinstance(value, GoMethods):
        return go_json(value)
    text = json.dumps(plain(value), ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _join(elems: Any, sep: str) -> str:
    """templates.go joinElements."""
    if elems is None or elems is MISSING:
        return ""
    if isinstance(elems, list | tuple):
        return sep.join(go_print(e) for e in elems)
    if isinstance(elems, dict) and not isinstance(elems, GoStruct | GoMethods):
        return sep.join(sorted(go_print(v) for v in elems.values()))
    raise CallError(f"expected slice, got {go_type(elems)}")


def _is_separator(ch: str) -> bool:
    """strings.go isSeparator (what strings.Title capitalises after)."""
    if ord(ch) <= 0x7F:
        return not (ch.isascii() and (ch.isalnum() or ch == "_"))
    if ch.isalpha() or unicodedata.category(ch) == "Nd":
        return False
    return ch.isspace()


def _title(text: str) -> str:
    out, prev = [], " "
    for ch in text:
        out.append(ch.upper() if _is_separator(prev) else ch)
        prev = ch
    return "".join(out)


def _pad(source: str, prefix: int, suffix: int) -> str:
    if source == "":
        return source
    if prefix < 0 or suffix < 0:
        raise CallError("strings: negative Repeat count")  # strings.Repeat panics; safeCall recovers it
    return " " * prefix + source + " " * suffix


def _truncate(source: str, length: int) -> str:
    if len(source) < length:
        return source
    if length < 0:
        raise CallError(f"runtime error: slice bounds out of range [:{length}]")
    return source[:length]


def _length(item: Any) -> int:
    """funcs.go length."""
    if item is MISSING:
        raise CallError("reflect: call of reflect.Value.Type on zero Value")
    if item is None:
        raise CallError("len of nil pointer")
    if isinstance(item, str | GoNumber):
        return GoInt(len(str(item).encode()))
    if isinstance(item, list | tuple) or (isinstance(item, dict) and not isinstance(item, GoStruct | GoMethods)):
        return GoInt(len(item))
    raise CallError(f"len of type {go_type(item)}")


def _index(value: Any, *keys: Any) -> Any:
    from tutor.sim.shell.docker.govalues import GoRawMap

    for key in keys:
        if isinstance(value, list | tuple | str):
            if not isinstance(key, int) or isinstance(key, bool):
                raise CallError(f"cannot index slice/array with type {go_type(key)}")
            if not 0 <= key < len(value):
                raise CallError(f"index out of range: {key}")
            value = value[key] if not isinstance(value, str) else GoInt(value.encode()[key])
        elif isinstance(value, GoRawMap):
            value = value.get(key, MISSING)
        elif isinstance(value, dict) and not isinstance(value, GoStruct | GoMethods):
            value = value.get(key, "")  # a typed map[string]string: a missing key gives the zero value
        elif value is None or value is MISSING:
            raise CallError("index of untyped nil")
        else:
            raise CallError(f"can't index item of type {go_type(value)}")
    return value


def _slice(item: Any, *indexes: Any) -> Any:
    if item is None or item is MISSING:
        raise CallError("slice of untyped nil")
    if not isinstance(item, list | tuple | str):
        raise CallError(f"can't slice item of type {go_type(item)}")
    if len(indexes) > 3 or (len(indexes) == 3 and isinstance(item, str)):
        raise CallError(f"too many slice indexes: {len(indexes)}")
    bounds = [int(i) for i in indexes]
    for i in bounds:
        if not 0 <= i <= len(item):
            raise CallError(f"index out of range: {i}")
    start, end = (bounds + [0, len(item)])[0], (bounds[1:] + [len(item)])[0]
    if start > end:
        raise CallError(f"invalid slice index: {start} > {end}")
    return item[start:end]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, GoNumber | str):
        return "string"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "other"


def _eq(arg1: Any, *others: Any) -> bool:
    """funcs.go eq: basic kinds only; different kinds are an error unless one side is missing."""
    if not others:
        raise CallError("missing argument for comparison")
    for other in others:
        k1, k2 = _kind(arg1), _kind(other)
        if k1 != k2:
            if arg1 not in (None, MISSING) and other not in (None, MISSING):
                raise CallError("incompatible types for comparison")
        elif k1 == "other":
            raise CallError(f"non-comparable type {go_print(arg1)}: {go_type(arg1)}")
        elif arg1 == other:
            return True
    return False


def _less(op: str) -> Any:
    def compare(a: Any, b: Any) -> bool:
        ka, kb = _kind(a), _kind(b)
        if ka == "other" or ka == "bool":
            raise CallError("invalid type for comparison")
        if ka != kb:
            raise CallError("incompatible types for comparison")
        return {"lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op]

    return compare


def _sprint(*values: Any) -> str:
    """fmt.Sprint: a space between operands when neither is a string."""
    out = []
    for n, value in enumerate(values):
        if n and not isinstance(value, str) and not isinstance(values[n - 1], str):
            out.append(" ")
        out.append(go_print(value))
    return "".join(out)


_VERB = LazyPattern(r"%([-+# 0]*)(\d*)(?:\.(\d*))?([a-zA-Z%])")


def _format_one(verb: str, value: Any, precision: str | None, plus: bool = False) -> str:
    """One fmt verb for the values a template sees; a mismatch is fmt's %!verb(type=value)."""
    if verb in "vs":
        text = go_print(value, plus=plus)
        return text[: int(precision or 0)] if precision is not None else text
    if verb == "T":
        return go_type(value)
    if verb == "q" and isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if verb == "d" and is_int:
        return str(int(value))
    if verb in "xX" and (is_int or isinstance(value, str)):
        text = format(int(value), "x") if is_int else value.encode().hex()
        return text.upper() if verb == "X" else text
    if verb == "t" and isinstance(value, bool):
        return "true" if value else "false"
    if verb in "feg" and isinstance(value, int | float) and not isinstance(value, bool):
        return format(float(value), f".{precision or 6}{verb}" if verb != "g" else "g")
    return f"%!{verb}({go_type(value)}={go_print(value)})"


def _printf(fmt: str, *values: Any) -> str:
    """fmt.Sprintf for the verbs templates use (v s d q x X t f e g T), flags - and 0, width, precision."""
    args = iter(values)
    used = 0

    def sub(m: re.Match) -> str:
        nonlocal used
        flags, width, precision, verb = m.groups()
        if verb == "%":
            return "%"
        value = next(args, MISSING)
        if value is MISSING:
            return f"%!{verb}(MISSING)"
        used += 1
        text = _format_one(verb, value, precision, plus="+" in flags and verb == "v")
        if width and len(text) < int(width):
            pad = "0" if "0" in flags and "-" not in flags and verb not in "sqvT" else " "
            text = text.ljust(int(width)) if "-" in flags else text.rjust(int(width), pad)
        return text

    out = _VERB.sub(sub, fmt)
    extra = values[used:]
    if extra:
        out += "%!(EXTRA " + ", ".join(f"{go_type(v)}={go_print(v)}" for v in extra) + ")"
    return out


def _eval_args(args: tuple) -> str:
    """funcs.go evalArgs: one string as it is, else fmt.Sprint."""
    return args[0] if len(args) == 1 and isinstance(args[0], str) else _sprint(*args)


def _html(*args: Any) -> str:
    text = _eval_args(args)
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;"), ("\0", "\ufffd")):
        text = text.replace(a, b)
    return text


def _js(*args: Any) -> str:
    table = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026",
             "=": "\\u003D"}  # fmt: skip
    return "".join(
        table.get(c, c if c.isprintable() or ord(c) > 0x7F else f"\\u{ord(c):04X}") for c in _eval_args(args)
    )


def _urlquery(*args: Any) -> str:
    from urllib.parse import quote_plus  # url.QueryEscape; loaded only when a template asks

    return quote_plus(_eval_args(args), safe="")


def functions(header: bool = False) -> dict[str, Any]:
    """The FuncMap: docker/cli's Parse adds basicFunctions to Go's builtins; a table header runs with
    HeaderFunctions instead (formatter.go postFormat)."""
    funcs: dict[str, Any] = {
        "json": template_json,
        "split": lambda s, sep: list(s) if sep == "" else s.split(sep),
        "join": _join,
        "title": _title,
        "lower": str.lower,
        "upper": str.upper,
        "pad": _pad,
        "truncate": _truncate,
        "not": lambda v: not truthy(v),
        "len": _length,
        "index": _index,
        "slice": _slice,
        "print": _sprint,
        "printf": _printf,
        "println": lambda *v: " ".join(go_print(x) for x in v) + "\n",
        "eq": _eq,
        "ne": lambda a, b: not _eq(a, b),
        **{op: _less(op) for op in ("lt", "le", "gt", "ge")},
        "html": _html,
        "js": _js,
        "urlquery": _urlquery,
    }
    if header:
        for name in ("json", "split", "join", "title", "lower", "upper", "truncate"):
            funcs[name] = lambda v, *_: v
    return funcs
