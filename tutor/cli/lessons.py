"""``registry-tutor validate``, ``schema`` and ``learn``: argparse wiring only.

Imports of the lesson engine happen inside the handlers, so building the
parser stays cheap for every other subcommand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor.cli import ENGINES


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    validate = sub.add_parser(
        "validate",
        help="check lesson files and packs (YAML, schema, and a replay of every solution)",
        description="Check lesson files and lesson folders: each problem is printed as file:line: message. "
        "Exit status 0 when everything is fine, 1 otherwise.",
    )
    validate.add_argument(
        "paths", nargs="+", metavar="PATH", help="a lesson .yaml file or a folder of lessons"
    )
    validate.set_defaults(handler=run_validate)

    schema = sub.add_parser("schema", help="print the JSON Schema of lesson files (for editors)")
    schema.set_defaults(handler=run_schema)

    learn = sub.add_parser(
        "learn",
        help="take a lesson in the plain terminal (no full-screen UI; screen-reader friendly)",
        description="Run a lesson with line input. Without LESSON, resume the lesson in progress "
        "or start the first one not done yet.",
    )
    learn.add_argument(
        "lesson", nargs="?", metavar="LESSON", help="lesson id, number (1, 2, ...) or .yaml file"
    )
    learn.add_argument("--engine", choices=ENGINES, help="Docker engine profile (lessons may pin one)")
    learn.add_argument("--restart", action="store_true", help="start the lesson from its first step")
    learn.add_argument("--list", action="store_true", help="list the lessons and their status, then exit")
    # also accepted after `learn` (the main parser has them before the subcommand)
    learn.add_argument("--profile", default=argparse.SUPPRESS, help="progress profile (shared machines)")
    learn.add_argument("--pack", default=argparse.SUPPRESS, metavar="DIR", help="a workshop pack folder")
    learn.set_defaults(handler=run_learn)


def run_validate(args: argparse.Namespace) -> int:
    from tutor.lessons.validate import validate_paths
    from tutor.textsafe import one_line

    report = validate_paths(args.paths)
    for problem in sorted(report.problems, key=lambda p: (p.file, p.line)):
        # one line per problem, and a file name or quoted key never sends an escape to the terminal
        print(f"{one_line(problem.file)}:{problem.line}: {one_line(problem.message)}")
    if report.problems:
        n = len(report.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found.", file=sys.stderr)
        return 1
    print(
        f"{report.lessons} lesson{'s' if report.lessons != 1 else ''} OK ({report.replayed} task solutions replayed)."
    )
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from tutor.lessons.schema import schema_text

    sys.stdout.write(schema_text())
    return 0


def run_learn(args: argparse.Namespace) -> int:
    from tutor.lessons.catalog import BUILTIN_DIR, load_lesson_file, scan_pack
    from tutor.lessons.model import LessonError, Pack
    from tutor.lessons.plain import lesson_list, run_learn
    from tutor.lessons.progress import ProgressStore, pack_identity
    from tutor.shipped import resolve_pack
    from tutor.textsafe import one_line, visible

    pack_dir = getattr(args, "pack", None)
    command = "registry-tutor learn" + (f" --pack {pack_dir}" if pack_dir else "")
    open_as = None
    try:
        if args.lesson and args.lesson.endswith((".yaml", ".yml")) and Path(args.lesson).is_file():
            lesson = load_lesson_file(args.lesson)  # a single lesson file opened directly
            pack = Pack(lesson.title, (lesson,), {}, None, args.lesson)
            open_as, args.lesson = args.lesson, lesson.id
        else:
            # A broken lesson file must not lock the learner out of the others: open what loaded.
            pack, problems = scan_pack(resolve_pack(pack_dir) if pack_dir else BUILTIN_DIR)
            if problems:
                print(
                    f"registry-tutor: some lessons have problems and were left out "
                    f"(run `registry-tutor validate {one_line(pack_dir or 'lessons')}`):",
                    file=sys.stderr,
                )
                for problem in problems[:5]:
                    print(f"  {visible(str(problem))}", file=sys.stderr)
            if not pack.lessons:
                return 1
    except LessonError as exc:
        print(
            f"registry-tutor: the lessons have problems (run `registry-tutor validate {one_line(pack_dir or 'lessons')}`):",
            file=sys.stderr,
        )
        print(visible(str(exc)), file=sys.stderr)
        return 1
    try:
        # the progress of this pack's lessons (a lesson file opened directly: its folder's pack)
        progress = ProgressStore(getattr(args, "profile", "default"), pack=pack_identity(open_as or pack_dir))
    except ValueError as exc:
        print(f"registry-tutor: {exc}", file=sys.stderr)
        return 2
    if args.list:
        if progress.warning:  # e.g. a damaged file was set aside: say so here too
            print(f"registry-tutor: {visible(progress.warning)}", file=sys.stderr)
        print(one_line(pack.title))
        print("\n".join(lesson_list(pack, progress)))
        return 0
    # a closed pipe or a full disk ends quietly in tutor.cli.main (tutor.stdout_guard), as for every subcommand
    return run_learn(
        pack,
        args.lesson,
        progress=progress,
        engine=args.engine,
        restart=args.restart,
        open_as=open_as,
        command=command,
        on_session=_tab_completion if sys.stdin.isatty() else None,
    )


def _tab_completion(session) -> None:
    from tutor.cli.line_editing import tab_completes

    tab_completes(lambda: session.world)
