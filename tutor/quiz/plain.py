"""The quiz in a plain terminal (or a pipe): questions printed, answers read line by line.

Answers are a letter (``b``), a number (``2``) or the choice's text; ``q`` stops.
At the end of input the quiz stops and scores what was answered; so does Ctrl-C, and the
result says so (``interrupted``: ``registry-tutor quiz`` then exits 130, as a shell expects).
"""

from __future__ import annotations

import sys
from typing import TextIO

from tutor.quiz.questions import LETTERS, MISCONCEPTIONS, QuizItem, QuizScore, resolve_choice, score
from tutor.quiz.record import record_answer
from tutor.quiz.render import machine_words, scenario_blocks, scenario_intro
from tutor.textsafe import visible

RETRIES = 3  # unreadable answers to one question before it counts as skipped


def print_question(item: QuizItem, number: int, total: int, out: TextIO) -> None:
    print(f"\nQuestion {number} of {total}  [{item.type}]", file=out)
    print(scenario_intro(item), file=out)
    for machine, commands in scenario_blocks(item.scenario):
        print(f"\nOn {machine_words(machine)}:", file=out)
        for command in commands:
            print(f"  $ {command}", file=out)
    print(f"\n{item.question}", file=out)
    for i, choice in enumerate(item.choices):
        print(f"  {LETTERS[i]}) {choice.text}", file=out)


def run_plain(
    items: list[QuizItem],
    *,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    store=None,
    quiz: str = "quiz",
    retries: int = 0,
) -> QuizScore:
    """Ask every item; ``retries`` wrong answers are allowed before the reason is shown (first one scores)."""
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    interactive = stdin.isatty()
    result = QuizScore()
    try:
        for number, item in enumerate(items, 1):
            print_question(item, number, len(items), out)
            outcome = latest = None
            stopped = False
            for attempt in range(retries + 1):
                given = _read_answer(item, stdin, out, interactive, result)
                if given is None:
                    stopped = True
                    break
                latest = score(item, given)
                record_answer(store, quiz, item, latest)
                if outcome is None:
                    outcome = latest
                    result.add(outcome)
                if latest.correct or attempt == retries:
                    break
                print("✗ Not quite — try again.", file=out)
            if outcome is None or latest is None:
                print("\n(stopped)", file=out)
                break
            if latest.correct:
                print(f"✓ Right: {latest.expected}", file=out)
            else:
                print(f"✗ Not quite. The answer is: {latest.expected}", file=out)
                if latest.misconception in MISCONCEPTIONS:
                    print(f"  That choice comes from thinking {MISCONCEPTIONS[latest.misconception]}", file=out)
                elif latest.note:
                    print(f"  {latest.note}", file=out)
            print(f"  Why: {latest.why}", file=out)
            out.flush()
            if stopped:
                break
    except KeyboardInterrupt:  # Ctrl-C at any moment (not only while reading) stops with the score
        result.interrupted = True
        print("\n(stopped)", file=out)
    print(f"\n{result.summary()}", file=out)
    out.flush()
    return result


def _read_answer(item: QuizItem, stdin: TextIO, out: TextIO, interactive: bool, result: QuizScore) -> str | None:
    hint = f"a-{LETTERS[len(item.choices) - 1]}" if item.choices else "your answer"
    for _ in range(RETRIES):
        print(f"Answer ({hint}, q to stop): ", end="", file=out)
        out.flush()
        try:
            line = stdin.readline()
        except KeyboardInterrupt:  # Ctrl-C stops the quiz; what was answered is scored
            result.interrupted = True
            print(file=out)
            return None
        if not line:
            return None
        if not interactive:
            print(visible(line.rstrip("\n")), file=out)  # echo piped answers (ESC shown) for a transcript
        text = line.strip()
        if text.lower() in ("q", "quit", "exit"):
            return None
        if not item.choices or resolve_choice(item, text) is not None:
            return text
        print(f"Please answer with a letter from {hint}.", file=out)
    return ""
