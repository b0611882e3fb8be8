"""Go's path.Match (src/path/match.go), as moby's image list reference filter calls it.

``*`` and ``?`` never match ``/``; ``[...]`` classes take ranges and ``^`` negation; ``\\`` escapes.
A malformed pattern is an error (path.ErrBadPattern, "syntax error in pattern") even when the name
fails to match early: Go checks the rest of the pattern before answering false.
"""

from __future__ import annotations

BAD_PATTERN = "syntax error in pattern"  # path.ErrBadPattern's text


class BadPattern(ValueError):
    def __init__(self) -> None:
        super().__init__(BAD_PATTERN)


def match(pattern: str, name: str) -> bool:
    """path.Match(pattern, name); raises BadPattern."""
    while pattern:
        star, chunk, pattern = _scan_chunk(pattern)
        if star and not chunk:
            return "/" not in name  # a trailing * matches the rest unless it has a /
        rest = _match_chunk(chunk, name)
        if rest is not None and (not rest or pattern):
            name = rest
            continue
        skipped = _skip_to_match(chunk, pattern, name) if star else None
        if skipped is not None:
            name = skipped
            continue
        while pattern:  # no match: the rest of the pattern must still be well formed
            _, chunk, pattern = _scan_chunk(pattern)
            _match_chunk(chunk, "")
        return False
    return not name


def _skip_to_match(chunk: str, pattern: str, name: str) -> str | None:
    """The star's retry loop: match the chunk after skipping 1, 2, ... characters (never a /)."""
    for i in range(len(name)):
        if name[i] == "/":
            break
        rest = _match_chunk(chunk, name[i + 1 :])
        if rest is not None and not (not pattern and rest):
            return rest
    return None


def _scan_chunk(pattern: str) -> tuple[bool, str, str]:
    star = False
    while pattern.startswith("*"):
        pattern, star = pattern[1:], True
    in_range, i = False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1 if i + 1 < len(pattern) else 0
        elif c == "[":
            in_range = True
        elif c == "]":
            in_range = False
        elif c == "*" and not in_range:
            break
        i += 1
    return star, pattern[:i], pattern[i:]


def _match_chunk(chunk: str, s: str) -> str | None:
    """The rest of ``s`` after the chunk matched its start, or None; the whole chunk is always checked."""
    failed = False
    while chunk:
        failed = failed or not s
        c = chunk[0]
        if c == "[":
            r = ""
            if not failed:
                r, s = s[0], s[1:]
            chunk, matched = _match_class(chunk[1:], r)
            failed = failed or not matched
        elif c == "?":
            if not failed:
                failed, s = s[0] == "/", s[1:]
            chunk = chunk[1:]
        else:
            if c == "\\":
                chunk = chunk[1:]
                if not chunk:
                    raise BadPattern
            if not failed:
                failed, s = chunk[0] != s[0], s[1:]
            chunk = chunk[1:]
    return None if failed else s


def _match_class(chunk: str, r: str) -> tuple[str, bool]:
    negated = chunk.startswith("^")
    chunk = chunk[1:] if negated else chunk
    found, ranges = False, 0
    while True:
        if chunk.startswith("]") and ranges:
            chunk = chunk[1:]
            break
        lo, chunk = _get_esc(chunk)
        hi = lo
        if chunk[0] == "-":
            hi, chunk = _get_esc(chunk[1:])
        found = found or (r != "" and lo <= r <= hi)
        ranges += 1
    return chunk, found != negated


def _get_esc(chunk: str) -> tuple[str, str]:
    if not chunk or chunk[0] in "-]":
        raise BadPattern
    if chunk[0] == "\\":
        chunk = chunk[1:]
        if not chunk:
            raise BadPattern
    rest = chunk[1:]
    if not rest:
        raise BadPattern
    return chunk[0], rest
