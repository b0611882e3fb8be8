"""A quiz as JSON (machine-readable, with answers) or Markdown (a worksheet and its answer key).

Both are pure functions of the items, so the same seed gives byte-identical output.
"""

from __future__ import annotations

import json

from tutor.quiz.questions import LETTERS, MISCONCEPTIONS, QuizItem, Step
from tutor.quiz.scenario import MACHINE_WORDS

JSON_FORMAT = "registry-tutor-quiz"
JSON_VERSION = 1


def scenario_blocks(steps: tuple[Step, ...] | list[Step]) -> list[tuple[str, list[str]]]:
    """Consecutive steps grouped by machine: [(machine, [command, ...]), ...]."""
    blocks: list[tuple[str, list[str]]] = []
    for step in steps:
        if blocks and blocks[-1][0] == step.machine:
            blocks[-1][1].append(step.command)
        else:
            blocks.append((step.machine, [step.command]))
    return blocks


def machine_words(machine: str) -> str:
    return MACHINE_WORDS.get(machine, f"the machine `{machine}`")


def scenario_intro(item: QuizItem) -> str:
    """Where a question's scenario starts — true for this item, so a header never claims more."""
    if item.source.startswith("lesson:"):
        return f"From the lesson “{item.subject}”, in the world that lesson sets up" + (
            "; these commands were typed:" if item.scenario else " (no commands: the question is about that lesson).")
    if item.type == "reference":
        return "No commands: this question is about the reference alone."
    engine = "Docker Engine 29, containerd store" if item.engine == "current" else "the classic image store"
    team = " plus a team registry both laptops reach by host name" if item.setup == "team" else ""
    return (f"A fresh world ({engine}): your laptop with its registry at localhost:5000{team}"
            + (". Then:" if item.scenario else ". No commands were typed."))


def to_json(items: list[QuizItem], *, seed: int | None, engine: str, source: str = "generated") -> str:
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "seed": seed,
        "count": len(items),
        "engine": engine,
        "source": source,
        "misconceptions": {tag: MISCONCEPTIONS[tag] for tag in sorted(MISCONCEPTIONS)},
        "items": [item.to_dict() for item in items],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def items_from_json(text: str) -> list[QuizItem]:
    document = json.loads(text)
    return [QuizItem.from_dict(item) for item in document["items"]]


def _scenario_markdown(item: QuizItem) -> list[str]:
    lines: list[str] = []
    for machine, commands in scenario_blocks(item.scenario):
        lines += [f"On {machine_words(machine)}:", "", "```console"]
        lines += [f"$ {command}" for command in commands]
        lines += ["```", ""]
    return lines


def to_markdown(items: list[QuizItem], *, seed: int | None, engine: str) -> str:
    title = "Registry quiz" + (f" — seed {seed}" if seed is not None else "")
    engine_words = "Docker Engine 29, containerd image store" if engine == "current" else "classic graphdriver store"
    lines = [
        f"# {title}",
        "",
        f"{len(items)} question{'' if len(items) == 1 else 's'} ({engine_words}). Each question says where its "
        "scenario starts: a generated one in a fresh world — a laptop with folders `~/myapp1` … `~/myapp25` (each "
        "`app.py` prints `Hello from myappN, version 1.0`) and a registry at `localhost:5000` on it, sometimes "
        "a team registry both laptops reach by host name; a lesson's question in the world of its lesson.",
        "",
        "Name: ______________________",
        "",
    ]
    for number, item in enumerate(items, 1):
        lines += [f"## Question {number}", "", f"*{scenario_intro(item)}*", ""]
        lines += _scenario_markdown(item)
        lines += [item.question, ""]
        if item.choices:
            lines += [f"- [ ] **{LETTERS[i]})** {choice.text}" for i, choice in enumerate(item.choices)]
        else:
            lines.append("Answer: ______________________")
        lines.append("")
    lines += ["---", "", "# Answer key", ""]
    for number, item in enumerate(items, 1):
        index = item.answer_index
        label = f"**{LETTERS[index]})** " if index is not None else ""
        lines += [f"## {number}. {item.type}", "", f"Answer: {label}{item.answer}", "", item.why, ""]
        wrong = [(i, c) for i, c in enumerate(item.choices) if c.text != item.answer]
        if wrong:
            lines.append("Wrong answers and the misconception they reveal:")
            lines.append("")
            lines += [f"- **{LETTERS[i]})** `{c.misconception}` — {c.why}" for i, c in wrong]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
