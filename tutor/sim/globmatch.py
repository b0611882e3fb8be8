"""Bash pattern matching (``*``, ``?``, ``[...]``) in bounded time.

``fnmatch`` translates a pattern by searching for the ``]`` of every ``[``
again from its position: a line of unclosed ``[`` takes quadratic time (16k
characters: 15 s). Here the pattern is read once, left to right, with the
position of the next ``]`` known in advance, and matching never backtracks:
the pattern is cut at its ``*``s into fixed-width pieces, the first anchored at
the start, the last at the end, each middle one at its leftmost place (which
is always a right choice for fixed-width pieces).

Bracket rules follow bash: ``[!...]`` and ``[^...]`` negate, a ``]`` right
after the opening (or the ``!``) is a member, an unclosed ``[`` is literal.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Matcher = Callable[[str], bool]


def compile_glob(pattern: str) -> Matcher:
    """A function telling whether a whole name matches ``pattern``."""
    pieces = _pieces(pattern)  # star-free runs; one more than the number of star groups
    width = [n for n, _ in pieces]
    least = sum(width)
    regexes: list[re.Pattern[str]] = []  # compiled on the first name long enough to match at all

    def match(name: str) -> bool:
        end = len(name)
        if end < least or (len(pieces) == 1 and end != least):
            return False
        if not regexes:
            regexes.extend(re.compile(rx, re.DOTALL) for _, rx in pieces)
        if len(pieces) == 1:
            return regexes[0].fullmatch(name) is not None
        if regexes[0].match(name) is None:
            return False
        pos = width[0]
        tail = end - width[-1]
        if tail < pos or regexes[-1].fullmatch(name, tail) is None:
            return False
        for rx in regexes[1:-1]:
            found = rx.search(name, pos, tail)
            if found is None:
                return False
            pos = found.end()
        return True

    return match


def glob_regex(pattern: str, star: str = ".*") -> str:
    """A regex for ``pattern`` shaped as ``fnmatch.translate``'s (atomic groups, so no backtracking
    blow-up), built in linear time; ``star`` is what ``*`` matches (``[^/]*``: not across folders)."""
    pieces = [rx for _, rx in _pieces(pattern)]
    if len(pieces) == 1:
        return f"(?s:{pieces[0]})\\Z"
    middle = "".join(f"(?>{star}?{rx})" for rx in pieces[1:-1])
    return f"(?s:{pieces[0]}{middle}{star}{pieces[-1]})\\Z"


def _pieces(pattern: str) -> list[tuple[int, str]]:
    """``pattern`` cut at its stars: (width, regex) for each star-free run (runs may be empty)."""
    n = len(pattern)
    next_close = [-1] * (n + 1)
    for i in range(n - 1, -1, -1):
        next_close[i] = i if pattern[i] == "]" else next_close[i + 1]
    pieces: list[tuple[int, str]] = []
    run: list[str] = []
    i = 0
    while i < n:
        ch = pattern[i]
        if ch == "*":
            pieces.append((len(run), "".join(run)))
            run = []
            while i < n and pattern[i] == "*":
                i += 1
            continue
        if ch == "?":
            run.append(".")
        elif ch == "[" and (close := _close_of(pattern, i, next_close)) != -1:
            run.append(_bracket(pattern[i + 1 : close]))
            i = close + 1
            continue
        else:
            run.append(re.escape(ch))
        i += 1
    pieces.append((len(run), "".join(run)))
    return pieces


def _close_of(pattern: str, start: int, next_close: list[int]) -> int:
    j = start + 1
    if j < len(pattern) and pattern[j] in "!^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1  # `[]abc]`: the first ] is a member
    return next_close[j] if j < len(pattern) else -1


def _bracket(body: str) -> str:
    """The regex for one bracket expression's inside (``!a-z`` -> ``[^a-z]``)."""
    negate = body[:1] in ("!", "^")
    if negate:
        body = body[1:]
    members: list[str] = []
    k = 0
    while k < len(body):
        if k + 2 < len(body) and body[k + 1] == "-":
            low, high = body[k], body[k + 2]
            if low <= high:  # a reversed range matches nothing, as in bash
                members.append(f"{re.escape(low)}-{re.escape(high)}")
            k += 3
        else:
            members.append(re.escape(body[k]))
            k += 1
    if not members:
        return "." if negate else "(?!)"
    return f"[{'^' if negate else ''}{''.join(members)}]"
