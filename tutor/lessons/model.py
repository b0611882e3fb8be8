"""What a lesson is, as plain frozen data.

The loader builds these from YAML; the session, the validator, plain mode and
the TUI only read them. ``line`` fields remember where a thing was written so
problems found later (a solution that misses its goal) still point at a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # goals import the simulator; the model itself stays light
    from tutor.lessons.goals import Predicate

Engine = Literal["current", "classic"]

# ``format_version`` in a lesson file or pack.yaml: the versions this registry-tutor reads (absent means 1).
# A file written for a later format is refused by name rather than misread.
FORMAT_VERSIONS = (1,)


def format_version_problem(value: object) -> str | None:
    """What is wrong with a ``format_version`` value, in the author's words; None when it is readable."""
    if isinstance(value, int) and not isinstance(value, bool) and value in FORMAT_VERSIONS:
        return None
    known = ", ".join(str(v) for v in FORMAT_VERSIONS)
    if isinstance(value, int) and not isinstance(value, bool) and value > max(FORMAT_VERSIONS):
        return (f"format_version {value} is newer than this registry-tutor reads ({known}); "
                "update registry-tutor to open this file")
    return f"format_version must be one of {known}, not {value!r}"
QuestionType = Literal["choice", "predict", "short"]


@dataclass(frozen=True)
class StartState:
    """The world a lesson starts in: the default world, then ``files``, then ``setup`` run silently."""

    engine: str = "current"
    cwd: str = "~"
    setup: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)
    machines: tuple[str, ...] = ()
    # "http": a team registry at registry.team.lan:5000 speaking plain HTTP (each machine's Docker needs it in
    # insecure-registries); "tls": the same with a certificate every machine trusts; None: no team registry
    team_registry: str | None = None
    engine_pinned: bool = False  # False: the lesson works on both engines (the learner's choice stands)
    line: int = 0
    setup_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Prose:
    markdown: str
    line: int = 0


@dataclass(frozen=True)
class WrongSequence:
    """A plausible mistake the goal must reject: ``commands`` from the task's start, and why it is wrong."""

    commands: tuple[str, ...]
    because: str
    line: int = 0


@dataclass(frozen=True)
class Task:
    id: str
    prompt_markdown: str
    goal: tuple[Predicate, ...]
    hints: tuple[str, ...]
    solution: tuple[str, ...]
    par: int
    explanation: str
    line: int = 0
    solution_lines: tuple[int, ...] = ()
    wrong_sequences: tuple[WrongSequence, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # "choice" | "predict" | "short"
    prompt: str
    commands: tuple[str, ...]
    choices: tuple[str, ...]
    answer: str
    why: str
    misconception: str | None = None
    accept: tuple[str, ...] = ()  # other answers counted right (short answers)
    line: int = 0


@dataclass(frozen=True)
class Quiz:
    question: Question
    line: int = 0

    @property
    def id(self) -> str:
        return self.question.id


Step = Prose | Task | Quiz


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    requires: tuple[str, ...]
    start: StartState
    steps: tuple[Step, ...]
    source: str  # the file it was loaded from
    requires_line: int = 0

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(step for step in self.steps if isinstance(step, Task))

    @property
    def quizzes(self) -> tuple[Quiz, ...]:
        return tuple(step for step in self.steps if isinstance(step, Quiz))


@dataclass(frozen=True)
class Pack:
    """A folder of lessons: the built-in ``lessons/`` or a workshop pack with ``pack.yaml``."""

    title: str
    lessons: tuple[Lesson, ...]
    quiz_settings: dict = field(default_factory=dict)
    engine: str | None = None  # a pack may pin every lesson to one engine
    source: str = ""

    def find(self, key: str) -> Lesson | None:
        """A lesson by id, file name (``03-build-and-tag``), or 1-based position in the pack."""
        for lesson in self.lessons:
            stem = lesson.source.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".yaml").removesuffix(".yml")
            if key in (lesson.id, stem):
                return lesson
        if key.isdigit() and 1 <= int(key) <= len(self.lessons):
            return self.lessons[int(key) - 1]
        return None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson file, shown as ``file:line: message``."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class LessonError(Exception):
    """A lesson file that cannot be used; ``problems`` lists every problem found (first one in the fields)."""

    def __init__(self, file: str, line: int, message: str, problems: list[Problem] | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        self.problems = problems or [Problem(file, line, message)]
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> LessonError:
        first = problems[0]
        return cls(first.file, first.line, first.message, list(problems))
