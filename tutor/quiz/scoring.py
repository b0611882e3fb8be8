"""The one scorer: lesson quiz steps, generated quizzes and plain mode all mark answers here.

An answer names a choice by its text (quotes, backticks, spacing and case ignored), by its
letter (``b``, ``b)``) or by its number (``2``, ``2.``) — the text first, so a choice that is
itself a letter or a number is never mistaken for a position. A short answer is right when it
matches the answer or one of the accepted alternatives, under the same normalisation.
"""

from __future__ import annotations

from collections.abc import Sequence

LETTERS = "abcdefghij"


def normalise(text: object) -> str:
    """Whitespace collapsed, surrounding quotes or backticks dropped, case folded."""
    text = " ".join(str(text).split()).strip()
    while len(text) >= 2 and text[0] == text[-1] and text[0] in "`'\"":
        text = text[1:-1].strip()
    return text.casefold()


def choice_index(choices: Sequence[str], given: object) -> int | None:
    """Which choice an answer names, or None."""
    if isinstance(given, int) and not isinstance(given, bool):
        return given if 0 <= given < len(choices) else None
    text = normalise(given)
    if not text:
        return None
    for i, choice in enumerate(choices):
        if normalise(choice) == text:
            return i
    text = text.rstrip(".)").strip()
    if len(text) == 1 and text in LETTERS[: len(choices)]:
        return LETTERS.index(text)
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return int(text) - 1
    return None


def is_right(choices: Sequence[str], answer: str, accept: Sequence[str], given: object) -> tuple[bool, int | None]:
    """(right?, the choice it named). With no choices, a short answer against ``answer`` and ``accept``."""
    if choices:
        index = choice_index(choices, given)
        return index is not None and normalise(choices[index]) == normalise(answer), index
    return normalise(given) in {normalise(a) for a in (answer, *accept)}, None
