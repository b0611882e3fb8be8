"""Quiz questions: the model, scoring, and the misconceptions wrong answers reveal.

A ``QuizItem`` is plain data (it round-trips through JSON): the scenario as the
command lines that were typed (and on which machine), the command whose outcome
is asked about, the choices (each wrong one tagged with the misconception that
leads to it) and the keyed answer, which the generator took from the simulator.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: Misconception tag -> what a learner who holds it believes (shown after a wrong answer).
from tutor.misconceptions import MISCONCEPTIONS  # noqa: E402,F401 (re-exported)
from tutor.quiz.scoring import LETTERS, choice_index, is_right  # noqa: F401 (LETTERS re-exported)


@dataclass(frozen=True)
class Step:
    """One typed command line, on one machine (``laptop`` or ``teammate``)."""

    machine: str
    command: str

    def to_dict(self) -> dict:
        return {"machine": self.machine, "command": self.command}

    @classmethod
    def from_dict(cls, data: dict) -> Step:
        return cls(str(data["machine"]), str(data["command"]))


@dataclass(frozen=True)
class Choice:
    text: str
    misconception: str | None = None  # None only for the keyed answer
    why: str = ""  # why this choice is right, or what is wrong with it


@dataclass(frozen=True)
class QuizItem:
    id: str
    type: str
    question: str
    answer: str  # the keyed choice's text (or the expected short answer)
    why: str
    choices: tuple[Choice, ...] = ()
    scenario: tuple[Step, ...] = ()
    ask: Step | None = None  # the command whose outcome is asked about (not part of the scenario)
    key: dict = field(default_factory=dict)  # the keyed answer as data, e.g. {"prints": "..."}
    subject: str = ""  # the reference or shelf the question is about
    engine: str = "current"
    source: str = "generated"  # or "lesson:<lesson id>"
    accept: tuple[str, ...] = ()  # other short answers counted right (lesson questions)
    setup: str = "default"  # the world the scenario starts in: "default", or "team" (adds the team registry)

    @property
    def answer_index(self) -> int | None:
        for i, choice in enumerate(self.choices):
            if choice.text == self.answer:
                return i
        return None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "question": self.question,
            "scenario": [step.to_dict() for step in self.scenario],
            "ask": self.ask.to_dict() if self.ask else None,
            "choices": [choice.text for choice in self.choices],
            "answer": self.answer,
            "answer_index": self.answer_index,
            "why": self.why,
            "misconceptions": [choice.misconception for choice in self.choices],
            "choice_notes": [
                {"choice": c.text, "correct": c.text == self.answer, "misconception": c.misconception, "why": c.why}
                for c in self.choices
            ],
            "key": self.key,
            "subject": self.subject,
            "engine": self.engine,
            "source": self.source,
            "world": self.setup,
            **({"accept": list(self.accept)} if self.accept else {}),
        }

    @classmethod
    def from_dict(cls, data: dict) -> QuizItem:
        notes = {note["choice"]: note for note in data.get("choice_notes", [])}
        choices = tuple(
            Choice(text, notes.get(text, {}).get("misconception"), notes.get(text, {}).get("why", ""))
            for text in data.get("choices", [])
        )
        ask = data.get("ask")
        return cls(
            id=str(data["id"]),
            type=str(data["type"]),
            question=str(data["question"]),
            answer=str(data["answer"]),
            why=str(data.get("why", "")),
            choices=choices,
            scenario=tuple(Step.from_dict(s) for s in data.get("scenario", [])),
            ask=Step.from_dict(ask) if ask else None,
            key=dict(data.get("key", {})),
            subject=str(data.get("subject", "")),
            engine=str(data.get("engine", "current")),
            source=str(data.get("source", "generated")),
            accept=tuple(str(a) for a in data.get("accept", ())),
            setup=str(data.get("world", "default")),
        )


@dataclass(frozen=True)
class Outcome:
    item_id: str
    type: str
    correct: bool
    given: str  # the answer as understood (choice text), or what was typed
    expected: str
    why: str  # why the keyed answer is right
    misconception: str | None = None  # what a wrong answer reveals
    note: str = ""  # what is wrong with the chosen answer

    @property
    def misconception_text(self) -> str:
        return MISCONCEPTIONS.get(self.misconception or "", "")


def resolve_choice(item: QuizItem, given: str | int) -> int | None:
    """Which choice an answer means: a letter (``b``), a number (``2``) or the choice's text."""
    return choice_index([c.text for c in item.choices], given)


def score(item: QuizItem, given: str | int) -> Outcome:
    """Mark one answer (the one scorer, tutor.quiz.scoring): a choice index, a letter/number/choice text,
    or a short free-text answer. A wrong choice reveals *its own* misconception, not the question's."""
    texts = [c.text for c in item.choices]
    correct, index = is_right(texts, item.answer, item.accept, given)
    if item.choices:
        if index is None:
            return Outcome(item.id, item.type, False, str(given), item.answer, item.why, None,
                           "That is not one of the choices.")
        choice = item.choices[index]
        return Outcome(
            item.id, item.type, correct, choice.text, item.answer, item.why,
            None if correct else choice.misconception, "" if correct else choice.why,
        )
    misconception = None if correct else item.key.get("misconception")
    return Outcome(item.id, item.type, correct, str(given), item.answer, item.why, misconception)


@dataclass
class QuizScore:
    """Outcomes so far, and what they add up to."""

    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False  # stopped by Ctrl-C (the command then exits 130, as a shell expects)

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    @property
    def correct(self) -> int:
        return sum(o.correct for o in self.outcomes)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    def misconceptions(self) -> Counter[str]:
        return Counter(o.misconception for o in self.outcomes if not o.correct and o.misconception)

    def summary(self) -> str:
        text = f"Score: {self.correct}/{self.total}"
        found = self.misconceptions()
        if found:
            text += " — to revisit: " + ", ".join(f"{tag} ×{n}" if n > 1 else tag for tag, n in found.most_common())
        return text
