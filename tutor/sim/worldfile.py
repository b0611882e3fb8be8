"""Saved-world JSON: the one checked way from untrusted text to a ``World`` (and back).

A world file may come from anyone (a classmate, a download, a hand edit), so
``parse_world`` checks it before ``World.from_dict`` sees it: a size cap, a
nesting cap, strict UTF-8, no ``NaN``/``Infinity``, the type of every field the
format has, sane ranges for clocks and counters, and the references between
objects (tags name images that exist, the current machine exists). Anything
wrong is one ``WorldFileError`` saying where (``machines.laptop.home``) and
what; never a traceback, never a world that fails later as an "internal error".

Pure: text or bytes in, a ``World`` out. Reading the file is the caller's job.
When ``World.to_dict`` grows a field, ``SCHEMA`` accepts it unchecked (extra
keys are allowed); when a field changes type, change ``SCHEMA`` with it.
"""

from __future__ import annotations

import json
import math
import re

from tutor.sim.world import FORMAT_VERSION, PROFILES, World
from tutor.textsafe import one_line

MAX_BYTES = 16 * 1024 * 1024  # a busy workshop sandbox saves well under 1 MB
MAX_DEPTH = 32  # the format nests 7 levels deep
MAX_INT_DIGITS = 20
MAX_CLOCK = 100 * 365 * 24 * 3600  # simulated seconds since 2026-01-01: a century is plenty
MAX_COUNT = 2**53  # counters, sizes, IDs: what a JSON number holds exactly


class WorldFileError(ValueError):
    """A world file that cannot be used; the message says what is wrong and where, in plain words."""


_STR = {"type": "string"}
_INT = {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}
_TIME = {"type": "integer", "minimum": -MAX_CLOCK, "maximum": MAX_CLOCK}  # Hub images predate 2026
_CLOCK = {"type": "integer", "minimum": 0, "maximum": MAX_CLOCK}
_STR_LIST = {"type": "array", "items": _STR}
_STR_MAP = {"type": "object", "additionalProperties": _STR}
_PAIR = {"type": "array", "prefixItems": [_STR, _STR], "minItems": 2, "maxItems": 2}
_ABS_PATH = {"type": "string", "pattern": "^/"}
_PORT = {"type": "integer", "minimum": 1, "maximum": 65535}

_IMAGE = {
    "type": "object",
    "required": ["manifest", "manifest_media_type", "config", "layers", "created", "cmd", "entrypoint",
                 "workdir", "env", "files"],
    "properties": {
        "manifest": _STR,
        "manifest_media_type": _STR,
        "config": _STR,
        "layers": {
            "type": "array",
            "items": {"type": "array", "prefixItems": [_STR, _STR, _INT], "minItems": 3, "maxItems": 3},
        },
        "created": _TIME,
        "cmd": _STR_LIST,
        "entrypoint": _STR_LIST,
        "workdir": _STR,
        "env": _STR_LIST,
        "files": {"type": "array", "items": _PAIR},
    },
}

_CONTAINER = {
    "type": "object",
    "required": ["id", "name", "image", "digest", "command", "created"],
    "properties": {
        "id": _STR, "name": _STR, "image": _STR, "digest": _STR, "command": _STR, "created": _TIME,
        "status": {"enum": ["running", "exited", "created"]},
        "exit_code": {"type": "integer", "minimum": -(2**31), "maximum": 2**31 - 1},
        "ports": _STR,
        "bindings": {  # optional: older files lack it; host port 0: an ephemeral one never bound (exited)
            "type": "array",
            "items": {
                "type": "array",
                "prefixItems": [_STR, {**_PORT, "minimum": 0}, _PORT, {"enum": ["tcp", "udp", "sctp"]}, {"type": "boolean"}],
                "minItems": 5,
                "maxItems": 5,
            },
        },
    },
}

_MACHINE = {
    "type": "object",
    "required": ["fs", "cwd", "home", "history", "auth", "containers", "images", "tags", "digest_refs",
                 "arrived", "build_cache", "blob_sources"],
    "properties": {
        "fs": {
            "type": "object",
            "properties": {
                "dirs": {"type": "array", "items": _ABS_PATH},
                "files": {"type": "object", "propertyNames": _ABS_PATH, "additionalProperties": _STR},
                "mtimes": {"type": "object", "additionalProperties": _TIME},
            },
        },
        "cwd": _ABS_PATH,
        "home": _ABS_PATH,
        "history": _STR_LIST,
        "auth": _STR_MAP,
        "containers": {"type": "array", "items": _CONTAINER},
        "images": _STR_LIST,
        "tags": _STR_MAP,
        "digest_refs": _STR_MAP,
        "arrived": {"type": "object", "additionalProperties": _TIME},
        "tagged_at": {"type": "object", "additionalProperties": _TIME},  # optional: older files lack it
        "build_cache": _STR_MAP,
        "blob_sources": {"type": "object", "additionalProperties": {"type": "array", "items": _PAIR}},
    },
}

_REGISTRY = {
    "type": "object",
    "required": ["hub", "delete_enabled", "blobs", "repositories"],
    "properties": {
        "hub": {"type": "boolean"},
        "delete_enabled": {"type": "boolean"},
        "blobs": {"type": "object", "additionalProperties": _INT},
        "repositories": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["tags", "manifests", "blobs"],
                "properties": {"tags": _STR_MAP, "manifests": _STR_LIST, "blobs": _STR_LIST},
            },
        },
    },
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["format", "current", "profile", "clock", "counter", "images", "machines", "registries"],
    "properties": {
        "format": {"const": FORMAT_VERSION},
        "current": _STR,
        "profile": {"enum": list(PROFILES)},
        "clock": _CLOCK,
        "counter": _INT,
        "images": {"type": "object", "additionalProperties": _IMAGE},
        "machines": {"type": "object", "minProperties": 1, "additionalProperties": _MACHINE},
        "registries": {"type": "object", "additionalProperties": _REGISTRY},
    },
}


def dump_world(world: World) -> str:
    """The text ``save`` writes: stable key order, so saving twice gives the same bytes."""
    return json.dumps(world.to_dict(), indent=1, sort_keys=True)


def parse_world(data: bytes | str) -> World:
    """A saved world's text -> ``World``; raises ``WorldFileError`` naming what is wrong."""
    text = _decode(data)
    _check_depth(text)
    try:
        tree = json.loads(text, parse_constant=_no_constant, parse_int=_int, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise WorldFileError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:  # belt and braces: _check_depth already refused deep nesting
        raise WorldFileError(f"nested deeper than {MAX_DEPTH} levels") from None
    if not isinstance(tree, dict):
        raise WorldFileError("not a saved world: expected a JSON object at the top")
    _check_text(tree)
    if tree.get("format") != FORMAT_VERSION and isinstance(tree.get("format"), int):
        raise WorldFileError(
            f"unsupported world format {tree['format']} (this registry-tutor reads format {FORMAT_VERSION})"
        )
    _check_schema(tree)
    _check_references(tree)
    _check_image_json(tree)
    try:
        return World.from_dict(tree)
    except Exception as exc:  # noqa: BLE001 - whatever slipped past the checks is still one clear line
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise WorldFileError(f"not a valid saved world: {_short(reason)}") from None


# --- the checks, cheapest first ---------------------------------------------------------------


def _decode(data: bytes | str) -> str:
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > MAX_BYTES:
        raise WorldFileError(f"too large ({size:,} bytes; a saved world is at most {MAX_BYTES:,})")
    if isinstance(data, str):
        return data
    try:
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorldFileError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None


_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]')  # a whole string (skipped), or a bracket


def _check_depth(text: str) -> None:
    """Refuse deep nesting before the JSON parser recurses into it (one pass, strings skipped whole)."""
    depth = 0
    for match in _STRUCTURE.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise WorldFileError(f"nested deeper than {MAX_DEPTH} levels")
        elif char in "]}":
            depth -= 1


def _no_constant(name: str):
    raise WorldFileError(f"{name} is not allowed in a saved world (numbers must be finite)")


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise WorldFileError(f"number too large: {digits[:24]}… ({len(digits)} digits)")
    return int(digits)


def _float(digits: str) -> float:
    value = float(digits)
    if not math.isfinite(value):
        raise WorldFileError(f"number out of range: {_short(digits, 24)}")
    return value


def _check_schema(tree: dict) -> None:
    """``tree`` against ``SCHEMA``: the first problem found, as one ``WorldFileError`` naming its place.

    ``SCHEMA`` is JSON Schema (the subset used above); it is checked here, in a few lines, because the
    simulator layer stays free of outside libraries (import contracts in pyproject.toml).
    """
    _walk(tree, SCHEMA, ())


_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int}


def _walk(value: object, schema: dict, path: tuple) -> None:
    where = _path(path)
    if "const" in schema and (value != schema["const"] or isinstance(value, bool)):
        raise WorldFileError(f"{where}: expected {schema['const']!r}, found {_describe(value)}")
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(repr(c) for c in schema["enum"])
        raise WorldFileError(f"{where}: expected one of {choices}, found {_describe(value)}")
    kind = schema.get("type")
    if kind is not None:
        wanted = _TYPES[kind]
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            raise WorldFileError(f"{where}: expected {_A[kind]}, found {_describe(value)}")
    if isinstance(value, int) and not isinstance(value, bool):
        low, high = schema.get("minimum"), schema.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            raise WorldFileError(f"{where}: {_short(str(value), 24)} is out of range ({low} to {high})")
    if isinstance(value, str) and schema.get("pattern") == "^/" and not value.startswith("/"):
        raise WorldFileError(f"{where}: {_short(repr(value))} is not an absolute path")
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            if key not in value:
                raise WorldFileError(f"{where}: '{key}' is missing" if path else f"'{key}' is missing")
        if len(value) < schema.get("minProperties", 0):
            raise WorldFileError(f"{where}: must not be empty")
        names = schema.get("propertyNames")
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if names is not None and not key.startswith("/"):
                raise WorldFileError(f"{_path((*path, key))}: every path must be absolute (start with /)")
            sub = properties.get(key, extra)
            if isinstance(sub, dict):
                _walk(item, sub, (*path, key))
    elif isinstance(value, list):
        low, high = schema.get("minItems"), schema.get("maxItems")
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            raise WorldFileError(f"{where}: expected {low} items, found {len(value)}")
        prefix = schema.get("prefixItems")
        for index, item in enumerate(value):
            sub = prefix[index] if prefix is not None and index < len(prefix) else schema.get("items")
            if isinstance(sub, dict):
                _walk(item, sub, (*path, index))


def _check_references(tree: dict) -> None:
    """Every digest a machine or a registry names is an image the file holds; the current machine exists."""
    images = tree["images"]
    if tree["current"] not in tree["machines"]:
        raise WorldFileError(f"current: there is no machine {_short(repr(tree['current']))} in the world")
    for name, machine in tree["machines"].items():
        where = f"machines.{name}"
        held = set(machine["images"])
        for index, digest in enumerate(machine["images"]):
            if digest not in images:
                raise WorldFileError(f"{where}.images[{index}]: no image {_short(digest)} in the file's images")
        for field in ("tags", "digest_refs"):
            for ref, digest in machine[field].items():
                if digest not in held:
                    raise WorldFileError(
                        f"{where}.{field}.{_short(ref)}: names image {_short(digest)}, which this machine "
                        "does not have"
                    )
    for host, registry in tree["registries"].items():
        for path, repo in registry["repositories"].items():
            where = f"registries.{host}.repositories.{path}"
            for index, digest in enumerate(repo["manifests"]):
                if digest not in images:
                    raise WorldFileError(
                        f"{where}.manifests[{index}]: no image {_short(digest)} in the file's images"
                    )
            pushed = set(repo["manifests"])
            for tag, digest in repo["tags"].items():
                if digest not in pushed:
                    raise WorldFileError(
                        f"{where}.tags.{_short(tag)}: names manifest {_short(digest)}, which the repository "
                        "does not hold"
                    )


def _check_image_json(tree: dict) -> None:
    """An image's manifest and config are JSON objects (commands read them: labels, history, layers)."""
    for digest, image in tree["images"].items():
        for field in ("manifest", "config"):
            try:
                ok = isinstance(json.loads(image[field]), dict)
            except (ValueError, RecursionError):
                ok = False
            if not ok:
                raise WorldFileError(f"images.{_short(digest)}.{field}: not a JSON object")


_A = {"string": "a string", "integer": "a whole number", "object": "an object", "array": "a list",
      "boolean": "true or false", "number": "a number"}


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return _short(json.dumps(value), 40)


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return _short(text, 120) or "(top)"


def _short(text: str, limit: int = 80) -> str:
    """Cut to ``limit`` characters, control characters shown as escapes (text from the file is untrusted)."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_text(node: object, where: str = "") -> None:
    """Lone surrogates (``"\\ud800"``) parse as JSON but break every later write: refuse them here."""
    if isinstance(node, str):
        try:
            node.encode("utf-8")
        except UnicodeEncodeError:
            raise WorldFileError(f"{where or '(top)'}: text with an unpaired \\u surrogate escape") from None
    elif isinstance(node, dict):
        for key, value in node.items():
            _check_text(key, where)
            _check_text(value, f"{where}.{_short(key, 40)}" if where else _short(key, 40))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _check_text(value, f"{where}[{index}]")
