"""The published JSON Schema for lesson files, and its errors in author's words.

The canonical copy is ``tutor/lessons/schema.json`` (package data, so an
installed app can print it); ``lessons/schema.json`` is an identical copy for
editors (a test keeps them equal). jsonschema's own messages are reworded:
an unknown key names the keys that are allowed (and the closest one), a
wrong type says what was found, so an author can fix the line without
reading the schema.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # jsonschema is imported when a lesson is first checked (not for cached lessons)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

MAX_PROBLEMS = 25


@cache
def schema_text() -> str:
    return resources.files("tutor.lessons").joinpath("schema.json").read_text(encoding="utf-8")


@cache
def schema() -> dict:
    return json.loads(schema_text())


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def errors(data: object) -> list[tuple[tuple, str, bool]]:
    """Schema problems as (path, message, point at the key?) — the path is where to look for a line."""
    found = []
    for error in _validator().iter_errors(data):
        found.append(_explain(error))
        if len(found) >= MAX_PROBLEMS:
            break
    return found


def where(path: tuple) -> str:
    """``("steps", 3, "task", "hints")`` -> ``steps[3].task.hints``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the lesson"


def describe_value(value: object) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping (key: value lines)",
    "array": "a list (lines starting with -)",
    "boolean": "true or false",
}


def _explain(error: ValidationError) -> tuple[tuple, str, bool]:
    path = tuple(error.absolute_path)
    name = where(path)
    instance = error.instance
    kind = error.validator
    value = error.validator_value
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        key = extra[0] if extra else "?"
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f" — did you mean '{close[0]}'?" if close else ""
        if len(path) >= 2 and path[-2] == "goal":
            return (*path, key), f"unknown goal '{key}'{hint} (goals: {', '.join(allowed)})", True
        if len(path) >= 1 and path[0] == "steps" and len(path) == 2:
            return (*path, key), f"unknown step '{key}'{hint} (a step is prose, task or quiz)", True
        return (*path, key), f"{name}: unknown key '{key}'{hint} (allowed: {', '.join(allowed)})", True
    if kind == "required":
        missing = [k for k in value if isinstance(instance, dict) and k not in instance]
        return path, f"{name} is missing '{missing[0] if missing else value[0]}'", True
    if kind == "type":
        types = [value] if isinstance(value, str) else list(value)
        wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
        advice = ""
        if isinstance(instance, bool | int | float) and "string" in types:
            advice = " — put it in quotes to make it text"
        elif instance is None:
            advice = " — the value is missing"
        return path, f"{name} should be {wanted}, not {describe_value(instance)}{advice}", True
    if kind == "enum":
        choices = ", ".join(str(v) for v in value)
        return path, f"{name} must be one of {choices}, not {instance!r}", True
    if kind == "pattern":
        return path, f"{name}: {instance!r} is not allowed here ({_pattern_words(error)})", True
    if kind in ("minItems", "maxItems"):
        bound = "at least" if kind == "minItems" else "at most"
        return (
            path,
            f"{name} needs {bound} {value} item{'s' if value != 1 else ''} (it has {len(instance)})",
            True,
        )
    if kind in ("minLength", "maxLength"):
        if kind == "minLength":
            return path, f"{name} must not be empty", True
        return path, f"{name} is too long ({len(instance)} characters, at most {value})", True
    if kind in ("minProperties", "maxProperties") and isinstance(instance, dict):
        keys = ", ".join(instance) or "nothing"
        if len(path) >= 2 and path[-2] == "goal":
            return path, f"a goal item is one check written 'kind: argument' (found: {keys})", True
        if len(path) == 2 and path[0] == "steps":
            return path, f"a step is exactly one of prose, task or quiz (found: {keys})", True
        return path, f"{name} has the wrong number of keys (found: {keys})", True
    if kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        return path, f"{name} must be {bound} {value}, not {instance}", True
    return path, f"{name}: {error.message}", True


def _pattern_words(error: ValidationError) -> str:
    description = error.schema.get("description")
    if description:
        return description
    pattern = error.validator_value
    if pattern.startswith("^[a-z0-9]"):
        return "use lowercase letters, digits and dashes"
    if pattern.startswith("^[~/]"):
        return "a path must start with ~ or /"
    if pattern == "^\\S+$":
        return "no spaces"
    return f"must match {pattern}"
