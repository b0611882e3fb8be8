"""Choosing an item's choices: the key, what the wrong models predict, and plain slips to fill up.

Wrong models only ever add (a label, an edition, an upload), so their predictions sit on one
side of the key; a quiz built from them alone gives its answer away ("always the smallest
count"). ``pick`` draws a target rank for the key first and fills each side from the
predictions, then from slips, so the key's rank (by the type's own order: count, version,
length) is uniform, and then shuffles the order shown.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from tutor.misconceptions import MISCONCEPTIONS
from tutor.quiz.questions import Choice

MAX_CHOICES = 4
MIN_CHOICES = 3
SLIP_WHY = "A slip: no misconception leads here; re-read the commands above."

_NUMBER = re.compile(r"\d+(?:\.\d+)*")


def numbers(text: str) -> tuple[int, ...]:
    """The counts in a choice ("2 editions, 3 labels" -> (2, 3))."""
    return tuple(int(n) for n in re.findall(r"(?<![\w.])\d+(?![\w.])", text))


def version(text: str) -> tuple[int, ...] | None:
    match = re.search(r"version (\d+(?:\.\d+)*)", text)
    return tuple(int(x) for x in match.group(1).split(".")) if match else None


def pick(
    rng: random.Random,
    answer: str,
    why: str,
    predicted: list[tuple[str, str, str]],
    slips: list[str],
    order: Callable[[str], object] | None = None,
) -> tuple[Choice, ...] | None:
    """The shown choices (key + distractors, shuffled), or None when there are fewer than three.

    ``predicted``: (text, misconception, note) from wrong models; ``slips``: plain wrong answers."""
    seen = {answer}
    models: list[Choice] = []
    for text, tag, note in predicted:
        if text and text not in seen:
            seen.add(text)
            models.append(Choice(text, tag, note or MISCONCEPTIONS.get(tag, "")))
    extra: list[Choice] = []
    for text in slips:
        if text and text not in seen:
            seen.add(text)
            extra.append(Choice(text, None, SLIP_WHY))
    rng.shuffle(models)
    rng.shuffle(extra)
    n = MAX_CHOICES if len(models) >= MAX_CHOICES - 1 else MIN_CHOICES
    n = min(n, 1 + len(models) + len(extra))
    if n < MIN_CHOICES:
        return None
    pool = models + extra  # predictions first: a slip only fills what the models leave
    chosen: list[Choice] = []
    key = order(answer) if order else None
    if key is not None:
        below = rng.randrange(n)  # how many choices should rank below the key
        wanted = {"below": below, "above": n - 1 - below}

        def side(choice: Choice) -> str | None:
            value = order(choice.text)
            if value is None or value == key:
                return None
            return "below" if value < key else "above"

        for choice in pool:
            where = side(choice)
            if where is not None and wanted[where] > 0:
                wanted[where] -= 1
                chosen.append(choice)
    for choice in pool:  # whatever is still missing, predictions first
        if len(chosen) >= n - 1:
            break
        if choice not in chosen:
            chosen.append(choice)
    shown = [Choice(answer, None, why), *chosen[: n - 1]]
    rng.shuffle(shown)
    return tuple(shown)
