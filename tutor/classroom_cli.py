"""Subcommands for quizzes and classrooms: ``quiz``, ``results export``, ``class-report``, ``serve``.

Registered by ``tutor.cli_extra.add_subcommands``. Every handler imports what
it needs when it runs, so ``registry-tutor shell`` never pays for any of it.
``--profile`` and ``--pack`` work before the subcommand (as for the TUI) or
after it. A closed pipe (``| head``) and Ctrl-C are handled once, in ``tutor.cli.main``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

MAX_COUNT = 200
QUIZ_FORMATS = ("json", "markdown")
EXPORT_FORMATS = ("json", "csv")
REPORT_FORMATS = ("text", "markdown", "html")


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    _add_quiz(sub)
    _add_results(sub)
    _add_class_report(sub)
    _add_serve(sub)


def _profile_and_pack(parser: argparse.ArgumentParser, pack: bool = True) -> None:
    # SUPPRESS: when not given here, the value given before the subcommand (or its default) stands.
    parser.add_argument("--profile", default=argparse.SUPPRESS, help="progress profile (default: default)")
    if pack:
        parser.add_argument("--pack", metavar="DIR", default=argparse.SUPPRESS, help="a workshop pack folder")


# --- one output vocabulary: --format FORMAT and -o FILE mean the same in every subcommand ------------

SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown",
                  ".html": "html", ".htm": "html"}


def _add_output(parser, formats: tuple[str, ...], default: str, group=None) -> None:
    """``--format`` (one of ``formats``) and ``-o FILE``; without --format, FILE's suffix chooses."""
    (group or parser).add_argument(
        "--format", choices=formats, default=None,
        help=f"output format: {', '.join(formats)} (default: from -o FILE's suffix, else {default})",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def _output_format(args: argparse.Namespace, formats: tuple[str, ...], default: str | None) -> str | None:
    if args.format:
        return args.format
    if args.output:
        by_suffix = SUFFIX_FORMATS.get(Path(args.output).suffix.lower())
        if by_suffix in formats:
            return by_suffix
    return default


def _count(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_COUNT}")
    return value


def _seed(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


# --- quiz ---------------------------------------------------------------------

# tutor.quiz.bank.SOURCES, written out: building the parser (every TUI start) must not import the quiz
# engine and the simulator behind it. tests/test_startup_imports.py keeps the two equal.
QUIZ_SOURCES = ("generated", "lessons", "mixed")


def _add_quiz(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "quiz",
        help="a quiz on tags, `latest` and references (TUI, plain, JSON or Markdown)",
        description="Questions on tag semantics, answered by the simulator itself. The same --seed always "
        "gives the same quiz.",
    )
    p.add_argument("--seed", type=_seed, help="quiz seed (default: a random one, shown at the end)")
    p.add_argument("--count", type=_count, default=10, help="number of questions (default 10)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--plain", action="store_true", help="ask in the terminal without the TUI")
    _add_output(p, QUIZ_FORMATS, "asking the questions", group=out)
    # the older spellings, kept: --json is --format json, --markdown is --format markdown
    out.add_argument("--json", dest="format", action="store_const", const="json",
                     help="the same as --format json: the quiz with its answers")
    out.add_argument("--markdown", dest="format", action="store_const", const="markdown",
                     help="the same as --format markdown: a worksheet and its answer key")
    p.add_argument("--engine", choices=("current", "classic"), help="Docker engine profile (default: the pack's, or current)")
    p.add_argument("--source", choices=QUIZ_SOURCES, default="generated",
                   help="generated questions (default), the lessons' own questions, or a mix")
    p.add_argument("--types", metavar="T1,T2", help="only these generated question types (comma-separated)")
    _profile_and_pack(p)
    p.set_defaults(handler=run_quiz)


def run_quiz(args: argparse.Namespace) -> int:
    import random

    from tutor.quiz import bank, generator, render
    from tutor.quiz.record import quiz_id
    from tutor.textsafe import visible

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    pack = getattr(args, "pack", None)
    settings: dict = {}
    lessons: tuple = ()
    pack_engine = None
    if pack or args.source != "generated":
        from tutor.classroom.packs import PackProblem, open_workshop

        try:
            workshop = open_workshop(pack)
        except PackProblem as exc:
            print(f"registry-tutor quiz: {visible(str(exc))}", file=sys.stderr)  # pack paths may hold ESC
            return 1
        lessons, settings, pack_engine = workshop.lessons, workshop.quiz_settings, workshop.engine
    engine = args.engine or pack_engine or "current"
    types = tuple(t.strip() for t in args.types.split(",") if t.strip()) if args.types else None
    if types and (unknown := [t for t in types if t not in generator.TYPES]):
        print(f"registry-tutor quiz: unknown question type(s) {', '.join(unknown)}; "
              f"choose from {', '.join(generator.TYPES)}", file=sys.stderr)
        return 2
    items = bank.build_quiz(seed, args.count, engine=engine, source=args.source, lessons=lessons, types=types,
                            shuffle_choices=bool(settings.get("shuffle_choices")))
    if not items:
        print("registry-tutor quiz: no questions (the lessons have no quiz questions)", file=sys.stderr)
        return 1
    output_format = _output_format(args, QUIZ_FORMATS, None)
    if args.output and output_format is None:
        print("registry-tutor quiz: -o FILE needs --format json or markdown (or a .json or .md FILE)",
              file=sys.stderr)
        return 2
    if output_format is not None:
        text = (render.to_json(items, seed=seed, engine=engine, source=args.source) if output_format == "json"
                else render.to_markdown(items, seed=seed, engine=engine))
        return _write_text(text, args.output)
    from tutor.lessons.progress import ProgressStore

    try:
        store = ProgressStore(args.profile)
    except ValueError as exc:
        print(f"registry-tutor quiz: {exc}", file=sys.stderr)
        return 2
    if store.warning:
        print(store.warning, file=sys.stderr)
    quiz = quiz_id(seed, engine, args.source)
    retries = int(settings.get("retries", 0))
    from tutor.quiz.record import repeat_command

    again = repeat_command(seed, args.count, engine=args.engine, source=args.source, types=types, pack=pack)
    if not args.plain and sys.stdout.isatty() and sys.stdin.isatty():
        from tutor.ui.screens.quiz import run_quiz_app

        run_quiz_app(items, store=store, quiz=quiz, seed=seed, retries=retries, repeat=again)
        return 0
    from tutor.quiz.plain import run_plain

    result = run_plain(items, store=store, quiz=quiz, retries=retries)
    print(f"(quiz seed {seed}: `{again}` asks it again)")
    if result.total and (store.read_only or store.save() is False):  # answers must not vanish unsaid
        if store.warning:
            print(store.warning, file=sys.stderr)
        print("registry-tutor quiz: your answers were not saved to your progress.", file=sys.stderr)
        return 1
    return 0


def _write_text(text: str, output: str | None) -> int:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"registry-tutor: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


# --- results export -------------------------------------------------------------


def _add_results(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("results", help="a learner's results, for the instructor")
    results_sub = p.add_subparsers(dest="results_command", metavar="COMMAND", required=True)
    e = results_sub.add_parser(
        "export",
        help="write this learner's lesson progress and quiz answers (JSON or CSV)",
        description="Write the progress and quiz answers of one profile, for `registry-tutor class-report`.",
    )
    _add_output(e, EXPORT_FORMATS, "json")
    e.add_argument("--learner", metavar="NAME",
                   help="the learner's name in the report (default: the profile name, or your user name "
                   "for the default profile)")
    _profile_and_pack(e)
    e.set_defaults(handler=run_results_export)


def run_results_export(args: argparse.Namespace) -> int:
    import getpass

    from tutor.classroom import results
    from tutor.lessons.progress import ProgressStore
    from tutor.textsafe import one_line

    try:
        store = ProgressStore(args.profile)
    except ValueError as exc:
        print(f"registry-tutor results export: {exc}", file=sys.stderr)
        return 2
    if store.warning:
        print(store.warning, file=sys.stderr)
    lessons: tuple = ()
    title = None
    try:
        from tutor.classroom.packs import PackProblem, open_workshop

        workshop = open_workshop(getattr(args, "pack", None))
        lessons = workshop.lessons
        title = workshop.title if getattr(args, "pack", None) else None  # null: the built-in lessons
    except PackProblem as exc:  # progress is still worth exporting without titles
        print(f"registry-tutor results export: lesson titles unavailable: {one_line(str(exc).splitlines()[0])}",
              file=sys.stderr)
    learner = args.learner or (args.profile if args.profile != "default" else getpass.getuser())
    if lessons and getattr(args, "pack", None) is None:
        _hint_pack(store, lessons)
    export = results.build_export(store, learner=learner, lessons=lessons, pack_title=title)
    text = results.to_csv(export) if _output_format(args, EXPORT_FORMATS, "json") == "csv" else results.to_json(export)
    return _write_text(text, args.output)


def _hint_pack(store, lessons) -> None:
    """Progress in lessons the built-in set does not have: the learner most likely worked in a pack."""
    others = sorted(set(store.data.get("lessons", {})) - {lesson.id for lesson in lessons})
    if others:
        print(f"registry-tutor results export: this profile also has progress in {', '.join(others)}, "
              "which are not built-in lessons; if you worked in a workshop pack, export with "
              "`--pack DIR` so the report counts the pack's lessons", file=sys.stderr)


# --- class-report ---------------------------------------------------------------


def _add_class_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "class-report",
        help="add up many learners' exports: completion, scores, common misconceptions",
        description="Aggregate `results export` files. Files that are malformed or repeat another are "
        "reported (one line each) and left out.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="exports (JSON or CSV)")
    _add_output(p, REPORT_FORMATS, "text")
    # the older spellings, kept: each also writes one more file beside what --format/-o write
    p.add_argument("--markdown", metavar="OUT", dest="also_markdown", help="also write the report as Markdown to OUT")
    p.add_argument("--html", metavar="OUT", dest="also_html", help="also write the report as HTML to OUT")
    p.set_defaults(handler=run_class_report)


def run_class_report(args: argparse.Namespace) -> int:
    from tutor.classroom import report
    from tutor.textsafe import one_line

    exports, problems = report.load_exports(args.files)
    for line in problems + report.pack_warnings(exports):
        print(one_line(line), file=sys.stderr)  # a file name or a quoted learner name may hold ESC
    summary = report.aggregate(exports, problems)
    status = 0 if exports else 1
    output_format = _output_format(args, REPORT_FORMATS, "text")
    if output_format == "text" and not args.output:
        report.print_report(summary)
    else:
        if output_format == "text":
            import io

            from rich.console import Console

            buffer = io.StringIO()
            report.print_report(summary, Console(file=buffer, width=100, color_system=None))
            text = buffer.getvalue()
        else:
            text = report.to_markdown(summary) if output_format == "markdown" else report.to_html(summary)
        status = _write_text(text, args.output) or status
    for output, render in ((args.also_markdown, report.to_markdown), (args.also_html, report.to_html)):
        if output and _write_text(render(summary), output):
            status = 1
    return status


# --- serve ----------------------------------------------------------------------


def _add_serve(sub: argparse._SubParsersAction) -> None:
    from tutor.classroom.serve import DEFAULT_HOST, DEFAULT_PORT, port_number

    p = sub.add_parser(
        "serve",
        help="serve the TUI in a web browser (textual-serve), one tutor process per tab",
        description=f"Serve registry-tutor to web browsers. Listens on {DEFAULT_HOST} only unless --host "
        "says otherwise; then the address it prints carries a random token, needed to connect. Each tab is "
        "its own learner (asked for a name) and saves worlds only in that learner's folder or as downloads.",
    )
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    p.add_argument("--port", type=port_number, default=DEFAULT_PORT, help=f"port, 1-65535 (default {DEFAULT_PORT})")
    p.add_argument("--public-url", metavar="URL", help="the address browsers use, when it differs (a proxy)")
    p.add_argument("--token", action="store_true", help="require the printed token on 127.0.0.1 too")
    p.add_argument("--max-sessions", type=int, default=60, metavar="N", help="browser tabs at once (default 60)")
    _profile_and_pack(p)
    p.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from tutor.classroom.policy import Limits
    from tutor.classroom.serve import serve

    return serve(args.host, args.port, profile=args.profile, pack=getattr(args, "pack", None),
                 public_url=args.public_url, always_token=args.token,
                 limits=Limits(max_sessions=max(1, args.max_sessions)))
