"""The values a Go text/template sees in docker/cli, and what Go calls their types (for the
``wrong type for value`` errors of text/template exec.go validateType and ``%T``)."""

from __future__ import annotations

from tutor.sim.lazy import LazyModule

json = LazyModule("json")  # not at start-up: its package compiles regexes

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at start-up (tutor.sim.lazy)
if TYPE_CHECKING:
    from typing import Any

MISSING = object()  # a map key that is not there: Go prints "<no value>"


class GoStruct(dict):
    """A Go struct as a template sees it: every field readable (zero values included), while
    ``json`` marshals only what the API sent (``omitempty`` fields left out)."""

    def __init__(self, fields: dict, json_value: dict, strict: str = "", embedded: tuple = ()) -> None:
        super().__init__(fields)
        self.json_value = json_value
        self.strict = strict  # the Go type name when a field it lacks is an execution error
        # fmt prints an embedded struct's fields in braces of their own: (type name, its fields) in order
        self.embedded = embedded


class GoNilList(list):
    """A nil Go slice: fmt prints ``[]``, encoding/json ``null``."""


class GoNilMap(dict):
    """A nil Go map: fmt prints ``map[]``, encoding/json ``null``."""


EMPTY_STRUCT = "struct {}"  # map[string]struct{} values (ExposedPorts, Volumes): fmt prints {}
# fmt prints a pointer nested in a struct as its address; the simulator shows a fixed, made-up one
NESTED_POINTER = "0xc000148000"


class GoRawMap(dict):
    """The JSON map docker/cli's inspect falls back to when the typed struct lacks a field
    (cli/command/inspect/inspector.go tryRawInspectFallback): executed with missingkey=error."""


class GoRawList(list):
    """A JSON array decoded into ``any``: Go's type is ``[]interface {}``."""


class GoNumber(int):
    """A JSON number decoded with UseNumber (inspector.go tryRawInspectFallback): a json.Number."""


class GoInt(int):
    """A Go ``int`` (an integer constant, len's result); other integers are struct fields' int64."""


def go_raw_map(value: Any) -> Any:
    if isinstance(value, dict):
        return GoRawMap({k: go_raw_map(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return GoRawList(go_raw_map(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return GoNumber(value)
    return value


class GoMethods(dict):
    """A Go value whose template fields are its methods (docker/cli formatter contexts): a name it
    lacks is an execution error, not "<no value>" as with a map."""

    def __init__(self, fields: dict, type_name: str) -> None:
        super().__init__(fields)
        self.type_name = type_name


def plain(value: Any) -> Any:
    if isinstance(value, GoNilList | GoNilMap):
        return None
    if isinstance(value, GoStruct):
        return value.json_value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def go_json(value: Any) -> str:
    """encoding/json Marshal: compact, HTML characters escaped."""
    if value is MISSING:
        return "null"
    value = plain(value)
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _html_escape(text)


def _html_escape(text: str) -> str:
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def go_print(value: Any, depth: int = 0, plus: bool = False) -> str:
    """fmt's %v (``plus``: %+v, struct fields named) for the values a template sees (``depth`` > 0:
    inside a struct, slice or map)."""
    if value is MISSING:
        return "<no value>"
    if value is None:
        return "<nil>"
    if isinstance(value, GoStruct) and value.strict:
        return _print_struct(value, depth, plus)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    if isinstance(value, list | tuple):
        return "[" + " ".join(go_print(v, depth + 1, plus) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_print(value[k], depth + 1, plus)}" for k in sorted(value)) + "]"
    return str(value)


def _print_struct(value: GoStruct, depth: int, plus: bool) -> str:
    """fmt print.go printValue: a struct is {field field ...} (%+v: {Name:field ...}; an embedded struct
    in braces of its own, named by its type); a pointer to one is &{...} at the top, its address deeper."""
    if value.strict == EMPTY_STRUCT:
        return "{}"
    if value.strict.startswith("*") and depth > 0:
        return NESTED_POINTER

    def fields(struct: GoStruct, keys, level: int) -> str:
        return " ".join((f"{k}:" if plus else "") + go_print(struct[k], level, plus) for k in keys)

    inner = {k for _, keys in value.embedded for k in keys}
    parts = [fields(value, [k for k in value if k not in inner], depth + 1)] if len(inner) < len(value) else []
    parts += [(f"{name}:" if plus else "") + "{" + fields(value, keys, depth + 2) + "}" for name, keys in value.embedded]
    return ("&" if value.strict.startswith("*") else "") + "{" + " ".join(parts) + "}"


def truthy(value: Any) -> bool:
    if value is MISSING or value is None:
        return False
    if isinstance(value, bool | int | float | str | list | tuple | dict):
        return bool(value)
    return True


def go_type(value: Any) -> str:
    """reflect's Type.String() for a value: ``string``, ``[]string``, ``int64``, ``json.Number``..."""
    if value is MISSING or value is None:
        return "interface {}"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, GoNumber):
        return "json.Number"
    if isinstance(value, GoInt):
        return "int"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, GoRawList):
        return "[]interface {}"
    if isinstance(value, list | tuple):
        return "[]string" if all(isinstance(v, str) for v in value) else "[]interface {}"
    if isinstance(value, GoMethods):
        return value.type_name
    if isinstance(value, GoStruct):
        return value.strict or "struct"
    if isinstance(value, GoRawMap):
        return "map[string]interface {}"
    if isinstance(value, dict):
        return "map[string]string"
    return type(value).__name__
