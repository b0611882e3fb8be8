"""Lesson YAML -> ``Lesson``, or a ``LessonError`` listing every ``file:line: message``.

Three passes, each only when the one before found nothing: safe YAML (size,
tags, aliases; see safeyaml), the JSON Schema, then what a schema cannot say
(goal arguments are valid references, quiz answers are among the choices, ids
are unique). Running anything in the simulator is the validator's job.
"""

from __future__ import annotations

from pathlib import Path

from tutor.lessons import goals, safeyaml
from tutor.lessons import schema as lesson_schema
from tutor.lessons.model import (
    Lesson,
    LessonError,
    Problem,
    Prose,
    Question,
    Quiz,
    StartState,
    Task,
    WrongSequence,
    format_version_problem,
)


def load_lesson_file(path: str | Path) -> Lesson:
    """Load one lesson file; raises LessonError (all problems found, each with file and line)."""
    file = str(path)
    try:
        doc = safeyaml.load(path)
    except safeyaml.YamlProblem as exc:
        raise LessonError(file, exc.line, exc.message) from None
    return lesson_from_document(doc, file)


def load_lesson_text(text: str, file: str = "<lesson>") -> Lesson:
    try:
        doc = safeyaml.parse(text)
    except safeyaml.YamlProblem as exc:
        raise LessonError(file, exc.line, exc.message) from None
    return lesson_from_document(doc, file)


def lesson_from_document(doc: safeyaml.Document, file: str) -> Lesson:
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else lesson_schema.describe_value(doc.data)
        raise LessonError(
            file, doc.line_of(()), f"a lesson file is a mapping of keys (id, title, ...); this one is {what}"
        )
    if "format_version" in doc.data:  # before the schema: a later format may have other keys too
        wrong = format_version_problem(doc.data["format_version"])
        if wrong:
            raise LessonError(file, doc.line_of(("format_version",)), wrong)
    problems = [
        Problem(file, doc.line_of(path, prefer_key=at_key), message)
        for path, message, at_key in lesson_schema.errors(doc.data)
    ]
    if problems:
        raise LessonError.from_problems(_sorted(problems))
    builder = _Builder(doc, file)
    lesson = builder.lesson()
    if builder.problems:
        raise LessonError.from_problems(_sorted(builder.problems))
    return lesson


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.line)


class _Builder:
    """Schema-valid data -> model objects, collecting the problems a schema cannot see."""

    def __init__(self, doc: safeyaml.Document, file: str) -> None:
        self.doc = doc
        self.file = file
        self.problems: list[Problem] = []
        self.ids: dict[str, int] = {}

    def problem(self, path: tuple, message: str, prefer_key: bool = True) -> None:
        self.problems.append(Problem(self.file, self.doc.line_of(path, prefer_key), message))

    def line(self, path: tuple) -> int:
        return self.doc.line_of(path)

    def text(self, path: tuple, value: object) -> str:
        """A scalar as the author wrote it (``1.10`` stays ``1.10``, not the number 1.1)."""
        if isinstance(value, str):
            return value
        return self.doc.raw.get(path, str(value))

    def lesson(self) -> Lesson:
        data = self.doc.data
        requires = tuple(data.get("requires", ()))
        for i, required in enumerate(requires):
            if required in requires[:i]:
                self.problem(("requires", i), f"'{required}' is listed twice in requires")
            if required == data["id"]:
                self.problem(("requires", i), "a lesson cannot require itself")
        steps = tuple(self.step(i, step) for i, step in enumerate(data["steps"]))
        if not any(isinstance(step, Task) for step in steps):
            self.problem(("steps",), "a lesson needs at least one task (a goal checked against the world)")
        return Lesson(
            id=data["id"],
            title=data["title"].strip(),
            summary=data["summary"].strip(),
            requires=requires,
            start=self.start(data.get("start") or {}),
            steps=steps,
            source=self.file,
            requires_line=self.line(("requires",)) if "requires" in data else 0,
        )

    def start(self, data: dict) -> StartState:
        return StartState(
            engine=data.get("engine", "current"),
            cwd=data.get("cwd", "~"),
            setup=tuple(data.get("setup", ())),
            files=dict(data.get("files", {})),
            machines=tuple(data.get("machines", ())),
            team_registry=data.get("team_registry"),
            engine_pinned="engine" in data,
            line=self.line(("start",)) if "start" in self.doc.data else 1,
            setup_lines=tuple(self.line(("start", "setup", i)) for i in range(len(data.get("setup", ())))),
        )

    def step(self, i: int, step: object):
        path = ("steps", i)
        if isinstance(step, str):
            return Prose(step, self.line(path))
        kind, body = next(iter(step.items()))
        if kind == "prose":
            return Prose(body, self.line(path))
        if kind == "task":
            return self.task((*path, "task"), body)
        return self.quiz((*path, "quiz"), body)

    def claim_id(self, path: tuple, ident: str) -> None:
        if ident in self.ids:
            self.problem((*path, "id"), f"id '{ident}' is already used on line {self.ids[ident]}")
        else:
            self.ids[ident] = self.line((*path, "id"))

    def task(self, path: tuple, data: dict) -> Task:
        self.claim_id(path, data["id"])
        goal = []
        for j, item in enumerate(data["goal"]):
            kind, arg = next(iter(item.items()))
            item_path = (*path, "goal", j, kind)
            try:
                goal.append(goals.build(kind, arg, self.line(item_path)))
            except goals.GoalArgError as exc:
                self.problem(item_path, f"goal {kind}: {exc}")
        solution = tuple(data["solution"])
        par = data.get("par", len(solution))
        if par < len(solution):
            self.problem(
                (*path, "par"),
                f"par {par} is less than the {len(solution)} commands of the solution (par defaults to their number)",
            )
        return Task(
            id=data["id"],
            prompt_markdown=data["prompt"],
            goal=tuple(goal),
            hints=tuple(data["hints"]),
            solution=solution,
            par=par,
            explanation=data["explanation"],
            line=self.line(path),
            solution_lines=tuple(self.line((*path, "solution", i)) for i in range(len(solution))),
            wrong_sequences=tuple(
                WrongSequence(tuple(wrong["commands"]), wrong["because"], self.line((*path, "wrong_sequences", i)))
                for i, wrong in enumerate(data.get("wrong_sequences", ()))
            ),
        )

    def quiz(self, path: tuple, data: dict) -> Quiz:
        self.claim_id(path, data["id"])
        choices = tuple(self.text((*path, "choices", j), c) for j, c in enumerate(data.get("choices", ())))
        commands = tuple(data.get("commands", ()))
        kind = data.get("type") or ("predict" if commands else "choice" if choices else "short")
        answer = self.text((*path, "answer"), data["answer"])
        accept = tuple(self.text((*path, "accept", j), a) for j, a in enumerate(data.get("accept", ())))
        if kind == "choice" and not choices:
            self.problem(path, "a choice question needs choices")
        if kind == "predict" and not commands:
            self.problem(path, "a predict question needs the commands whose outcome the learner predicts")
        if kind == "short" and choices:
            self.problem((*path, "choices"), "a short-answer question has no choices (use type: choice)")
        if choices:
            if answer not in choices:
                self.problem((*path, "answer"), f"the answer {answer!r} is not one of the choices")
            for j, choice in enumerate(choices):
                if choice in choices[:j]:
                    self.problem((*path, "choices", j), f"choice {choice!r} is listed twice")
            if accept:
                self.problem(
                    (*path, "accept"), "accept is for short answers; with choices the answer is one choice"
                )
        return Quiz(
            Question(
                id=data["id"],
                type=kind,
                prompt=data["question"],
                commands=commands,
                choices=choices,
                answer=answer,
                why=data["why"],
                misconception=data.get("misconception"),
                accept=accept,
                line=self.line(path),
            ),
            self.line(path),
        )
