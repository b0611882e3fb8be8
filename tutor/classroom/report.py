"""The class report: many learners' exports added up for the instructor.

Reads JSON or CSV exports (results.py). A file that is not an export, or that
repeats another, is reported in one line and left out; the report goes on.
Only first attempts count towards scores.

Exports come from learners, so nothing in them is trusted: every row is
checked for its types and sane numbers on reading (a bad file is one warning,
the others still count), and every text is made safe for where it goes —
control characters shown visibly, no Rich markup read from it in the terminal,
Markdown and HTML escaped in the files.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tutor.classroom.results import (
    CSV_COLUMNS,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    MAX_COUNT,
    OPTIONAL_CSV_COLUMNS,
    unguard_cell,
)
from tutor.textsafe import one_line

MAX_FILE_BYTES = 20_000_000


class ExportProblem(ValueError):
    """Why a file is not a usable export (one line, in plain words)."""


@dataclass
class LearnerExport:
    path: str
    learner: str
    exported: str
    lessons: list[dict]
    quiz: list[dict]
    pack: str | None = None  # the pack's title; None: the built-in lessons (exported without --pack)
    pack_known: bool = True  # False for a CSV export from before the pack column

    @property
    def fingerprint(self) -> str:
        body = json.dumps([self.learner, self.lessons, self.quiz], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(body.encode()).hexdigest()


# --- reading ----------------------------------------------------------------


def load_export(path: str | Path) -> LearnerExport:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ExportProblem("too large to be an export")
        with path.open(encoding="utf-8", newline="") as handle:  # newline="": a quoted CR stays a CR
            text = handle.read()
    except FileNotFoundError:
        raise ExportProblem("no such file") from None
    except IsADirectoryError:
        raise ExportProblem("is a folder, not an export file") from None
    except UnicodeDecodeError:
        raise ExportProblem("not a text file") from None
    except OSError as exc:
        raise ExportProblem(f"cannot be read ({exc.strerror})") from None
    if text.lstrip().startswith("{"):
        return _from_json(str(path), text)
    if text.startswith("format,") or text.startswith("\ufeffformat,"):
        return _from_csv(str(path), text.lstrip("\ufeff"))
    raise ExportProblem("not a registry-tutor results export (neither its JSON nor its CSV)")


def _from_json(path: str, text: str) -> LearnerExport:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # `cat a.json b.json > class.json`: one export after another
            raise ExportProblem(f"holds more than one export (another starts at line {exc.lineno}); "
                                "give each learner's export as its own file") from None
        raise ExportProblem(f"not valid JSON (JSONDecodeError at line {exc.lineno})") from None
    except (ValueError, RecursionError) as exc:  # ValueError: also a number of thousands of digits
        raise ExportProblem(f"not valid JSON ({exc.__class__.__name__} at line {getattr(exc, 'lineno', '?')})") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ExportProblem("not a registry-tutor results export (no \"format\": \"registry-tutor-results\")")
    if data.get("version") != EXPORT_VERSION:
        raise ExportProblem(f"export version {data.get('version')!r} is not one this registry-tutor reads")
    learner = data.get("learner")
    lessons, quiz = data.get("lessons"), data.get("quiz")
    if not isinstance(learner, str) or not learner.strip():
        raise ExportProblem("the export names no learner")
    if not isinstance(lessons, list) or not isinstance(quiz, list):
        raise ExportProblem("its \"lessons\" or \"quiz\" is not a list")
    exported = data.get("exported", "")
    pack = data.get("pack")
    return LearnerExport(
        path,
        learner.strip(),
        exported if isinstance(exported, str) else "",
        [_lesson_row(row, f"lessons[{i}]") for i, row in enumerate(lessons)],
        [_quiz_row(row, f"quiz[{i}]") for i, row in enumerate(quiz)],
        pack if isinstance(pack, str) and pack else None,
    )


# The fields the report reads, and what each must be (str, or str/None); counts are checked apart.
_LESSON_TEXT = {"id": str, "title": (str, type(None)), "status": (str, type(None))}
_LESSON_COUNTS = ("steps_done", "tasks_done", "tasks_total")
_QUIZ_TEXT = {"quiz": str, "question": str, "type": (str, type(None)), "answer": (str, type(None)),
              "misconception": (str, type(None))}


def _lesson_row(row: object, where: str) -> dict:
    clean = _fields(row, where, _LESSON_TEXT)
    for key in _LESSON_COUNTS:
        clean[key] = _count(row.get(key, 0), f"{where}.{key}")  # type: ignore[union-attr]
    return clean


def _quiz_row(row: object, where: str) -> dict:
    clean = _fields(row, where, _QUIZ_TEXT)
    if not isinstance(row.get("correct"), bool):  # type: ignore[union-attr]
        raise ExportProblem(f"{where}.correct is not true or false")
    clean["correct"] = row["correct"]  # type: ignore[index]
    clean["attempts"] = _count(row.get("attempts", 1), f"{where}.attempts")  # type: ignore[union-attr]
    return clean


def _fields(row: object, where: str, kinds: dict) -> dict:
    if not isinstance(row, dict):
        raise ExportProblem(f"{where} is not an object")
    clean = {}
    for key, kind in kinds.items():
        value = row.get(key)
        if not isinstance(value, kind):
            raise ExportProblem(f"{where}.{key} is {type(value).__name__}, not text")
        clean[key] = value
    return clean


def _count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise ExportProblem(f"{where} is not a count from 0 to {MAX_COUNT} ({_what(value)})")
    return value


def _what(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return "a huge number" if abs(value) > MAX_COUNT else f"{value}"
    return type(value).__name__


def _from_csv(path: str, text: str) -> LearnerExport:
    try:
        rows = [{k: unguard_cell(v) if isinstance(v, str) else v for k, v in row.items()}
                for row in csv.DictReader(io.StringIO(text))]
    except csv.Error as exc:
        raise ExportProblem(f"not valid CSV ({exc})") from None
    if not rows:
        raise ExportProblem("the CSV export has no rows")
    missing = [c for c in CSV_COLUMNS if c not in rows[0] and c not in OPTIONAL_CSV_COLUMNS]
    if missing:
        raise ExportProblem(f"the CSV export lacks column(s): {', '.join(missing)}")
    learners = sorted({row["learner"] for row in rows if row.get("learner") != "learner"})
    if len(learners) > 1 or any(row.get("learner") == "learner" for row in rows):
        # several exports pasted into one file: a second header row, or rows of another learner
        raise ExportProblem(f"holds more than one export ({len(learners)} learner(s): "
                            f"{', '.join(repr(name) for name in learners[:5])}); "
                            "give each learner's export as its own file")
    if not learners or not learners[0].strip():
        raise ExportProblem("the CSV export names no learner")
    if any(row["format"] != f"{EXPORT_FORMAT}/{EXPORT_VERSION}" for row in rows):
        raise ExportProblem("not a registry-tutor results export (format column)")
    lessons, quiz = [], []
    for number, row in enumerate(rows, 2):
        try:
            if row["record"] == "lesson":
                lessons.append(_lesson_row({
                    "id": row["lesson"], "title": row["title"], "status": row["status"],
                    "steps_done": _csv_int(row["steps_done"], 0), "tasks_done": _csv_int(row["tasks_done"], 0),
                    "tasks_total": _csv_int(row["tasks_total"], 0),
                }, f"row {number}"))
            elif row["record"] == "quiz":
                if row["correct"] not in ("yes", "no"):
                    raise ValueError("correct is yes or no")
                quiz.append(_quiz_row({
                    "quiz": row["quiz"], "question": row["question"], "type": row["type"],
                    "correct": row["correct"] == "yes", "answer": row["answer"],
                    "misconception": row["misconception"] or None, "attempts": _csv_int(row["attempts"], 1),
                }, f"row {number}"))
            else:
                raise ValueError(f"unknown record {row['record']!r}")
        except (ValueError, TypeError) as exc:
            raise ExportProblem(f"row {number} is malformed ({exc})") from None
    pack_known = "pack" in rows[0]
    return LearnerExport(path, rows[0]["learner"].strip(), rows[0]["exported"], lessons, quiz,
                         (rows[0].get("pack") or None) if pack_known else None, pack_known)


def _csv_int(text: str | None, default: int) -> int:
    if not text:
        return default
    if len(text) > 12:  # int() of thousands of digits is slow, and no count is that long
        raise ValueError(f"a number of {len(text)} characters")
    return int(text)


def load_exports(paths: list[str]) -> tuple[list[LearnerExport], list[str]]:
    """The usable exports, and one line per file left out (malformed, or a duplicate)."""
    problems: list[str] = []
    by_fingerprint: dict[str, LearnerExport] = {}
    by_learner: dict[str, LearnerExport] = {}
    for path in paths:
        try:
            export = load_export(path)
        except ExportProblem as exc:
            problems.append(f"{path}: skipped: {exc}")
            continue
        same = by_fingerprint.get(export.fingerprint)
        if same is not None:
            problems.append(f"{path}: skipped: duplicate of {same.path} (same learner, same results)")
            continue
        earlier = by_learner.get(export.learner)
        if earlier is not None:
            newer, older = (export, earlier) if export.exported >= earlier.exported else (earlier, export)
            problems.append(
                f"{path}: learner {export.learner!r} is also in {earlier.path}; "
                f"using the newer export ({newer.path}), leaving out {older.path}"
            )
            del by_fingerprint[earlier.fingerprint]
            by_fingerprint[newer.fingerprint] = newer
            by_learner[export.learner] = newer
            continue
        by_fingerprint[export.fingerprint] = export
        by_learner[export.learner] = export
    return list(by_learner.values()), problems


def _pack_words(pack: str | None) -> str:
    return f"pack {pack!r}" if pack else "the built-in lessons (exported without --pack)"


def pack_warnings(exports: list[LearnerExport]) -> list[str]:
    """One line per export from another pack than most of the class's (their lessons do not add up)."""
    known = [e for e in exports if e.pack_known]
    counts = Counter(e.pack for e in known)
    if len(counts) < 2:
        return []
    # the class's pack: the most common one, a named pack before the built-in lessons on a tie
    main_pack = max(counts, key=lambda p: (counts[p], p is not None, p or ""))
    lines = []
    for export in known:
        if export.pack == main_pack:
            continue
        fix = (" (re-export it with `registry-tutor results export --pack DIR`)"
               if export.pack is None else "")
        lines.append(
            f"{export.path}: warning: exported from {_pack_words(export.pack)}, while {counts[main_pack]} "
            f"other export(s) come from {_pack_words(main_pack)}; the report mixes them{fix}"
        )
    return lines


# --- adding up --------------------------------------------------------------


@dataclass
class LessonRow:
    id: str
    title: str
    done: int = 0
    in_progress: int = 0


@dataclass
class QuestionRow:
    quiz: str
    question: str
    type: str
    correct: int = 0
    answered: int = 0


@dataclass
class MisconceptionRow:
    tag: str
    wrong: int = 0
    learners: set[str] = field(default_factory=set)
    answers: Counter[str] = field(default_factory=Counter)

    @property
    def example(self) -> str:
        return self.answers.most_common(1)[0][0] if self.answers else ""


@dataclass
class ClassReport:
    learners: list[str]
    lessons: list[LessonRow]
    questions: list[QuestionRow]
    types: list[QuestionRow]  # per question type (generated quizzes differ by seed; types compare)
    misconceptions: list[MisconceptionRow]
    problems: list[str]


def aggregate(exports: list[LearnerExport], problems: list[str] | None = None) -> ClassReport:
    lessons: dict[str, LessonRow] = {}
    questions: dict[tuple[str, str], QuestionRow] = {}
    types: dict[str, QuestionRow] = {}
    wrong: dict[str, MisconceptionRow] = {}
    for export in exports:
        for row in export.lessons:
            entry = lessons.setdefault(row["id"], LessonRow(row["id"], str(row.get("title") or row["id"])))
            if row.get("status") == "done":
                entry.done += 1
            elif row.get("status") == "in progress":
                entry.in_progress += 1
        for row in export.quiz:
            key = (row["quiz"], row["question"])
            qtype = str(row.get("type") or "")
            q = questions.setdefault(key, QuestionRow(row["quiz"], row["question"], qtype))
            t = types.setdefault(qtype, QuestionRow("", "", qtype))
            for counter in (q, t):
                counter.answered += 1
                counter.correct += bool(row["correct"])
            if not row["correct"]:
                tag = row.get("misconception") or "(not tagged)"
                m = wrong.setdefault(tag, MisconceptionRow(tag))
                m.wrong += 1
                m.learners.add(export.learner)
                if row.get("answer"):
                    m.answers[str(row["answer"])] += 1
    return ClassReport(
        learners=sorted(e.learner for e in exports),
        lessons=list(lessons.values()),
        questions=sorted(questions.values(), key=lambda q: (q.quiz, q.question)),
        types=sorted(types.values(), key=lambda t: t.type),
        misconceptions=sorted(wrong.values(), key=lambda m: (-m.wrong, m.tag)),
        problems=list(problems or []),
    )


# --- showing ----------------------------------------------------------------


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _tables(report: ClassReport) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, headers, rows) for each section; shared by Rich, Markdown and HTML."""
    n = len(report.learners)
    return [
        (
            "Lessons",
            ["lesson", "title", "done", "in progress", "completion"],
            [[r.id, r.title, str(r.done), str(r.in_progress), _pct(r.done, n)] for r in report.lessons],
        ),
        (
            "Questions (first attempts)",
            ["quiz", "question", "type", "right", "answered", "score"],
            [[q.quiz, q.question, q.type, str(q.correct), str(q.answered), _pct(q.correct, q.answered)]
             for q in report.questions],
        ),
        (
            "Question types",
            ["type", "right", "answered", "score"],
            [[t.type, str(t.correct), str(t.answered), _pct(t.correct, t.answered)] for t in report.types],
        ),
        (
            "Most common wrong answers, by misconception",
            ["misconception", "wrong answers", "learners", "most common wrong answer"],
            [[m.tag, str(m.wrong), str(len(m.learners)), m.example] for m in report.misconceptions],
        ),
    ]


def print_report(report: ClassReport, console=None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tutor.stdout_guard import pipe_aware

    console = console or pipe_aware(Console())
    console.print(f"[bold]Class report[/bold]: {len(report.learners)} learner(s)")
    for title, headers, rows in _tables(report):
        table = Table(title=title, title_justify="left")
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            # Text, not a markup string: a learner named "[/bold]" is shown, not parsed (MarkupError)
            table.add_row(*(Text(one_line(cell)) for cell in row))
        console.print(table)


# Markdown punctuation that could start emphasis, code, a link or image ([x](javascript:...)),
# a table cell, a heading or a strikethrough; backslash first so escapes are not doubled.
_MD_PUNCTUATION = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]()#!|~"})


def _md_cell(text: str) -> str:
    """Learner-supplied text as inert Markdown: one line, no HTML, no links, no headings."""
    return html.escape(one_line(str(text)).translate(_MD_PUNCTUATION), quote=False)


def to_markdown(report: ClassReport) -> str:
    names = ", ".join(_md_cell(name) for name in report.learners)
    lines = ["# Class report", "", f"{len(report.learners)} learner(s): {names or '—'}", ""]
    for title, headers, rows in _tables(report):
        lines += [f"## {title}", ""]
        if not rows:
            lines += ["(none)", ""]
            continue
        lines.append("| " + " | ".join(headers) + " |")
        lines.append("|" + "|".join("---" for _ in headers) + "|")
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        lines.append("")
    if report.problems:
        lines += ["## Files left out", ""] + [f"- {_md_cell(p)}" for p in report.problems] + [""]
    return "\n".join(lines)


def to_html(report: ClassReport) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>Class report</title>',
        "<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
        "th,td{border:1px solid #999;padding:.3em .6em;text-align:left}th{background:#eee}</style>",
        "</head><body>",
        "<h1>Class report</h1>",
        f"<p>{len(report.learners)} learner(s): {esc(', '.join(report.learners)) or '—'}</p>",
    ]
    for title, headers, rows in _tables(report):
        parts.append(f"<h2>{esc(title)}</h2>")
        if not rows:
            parts.append("<p>(none)</p>")
            continue
        parts.append("<table><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in headers) + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append("</tbody></table>")
    if report.problems:
        parts.append("<h2>Files left out</h2><ul>" + "".join(f"<li>{esc(p)}</li>" for p in report.problems) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
