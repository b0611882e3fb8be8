"""``registry-tutor quiz``: argparse wiring; the quiz engine is imported when the quiz runs."""

from __future__ import annotations

import argparse
import sys

from tutor.cli import ENGINES
from tutor.cli.output import add_output, chosen_format, profile_and_pack, write_text

MAX_COUNT = 200
QUIZ_FORMATS = ("json", "markdown")


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    _add_quiz(sub)


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # (argparse would say "invalid _seed value", naming this module's function)
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None


def _count(text: str) -> int:
    value = _whole_number(text)
    if not 1 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_COUNT}")
    return value


def _seed(text: str) -> int:
    value = _whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value



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
    add_output(p, QUIZ_FORMATS, "asking the questions", group=out)
    # the older spellings, kept: --json is --format json, --markdown is --format markdown
    out.add_argument("--json", dest="format", action="store_const", const="json",
                     help="the same as --format json: the quiz with its answers")
    out.add_argument("--markdown", dest="format", action="store_const", const="markdown",
                     help="the same as --format markdown: a worksheet and its answer key")
    p.add_argument("--engine", choices=ENGINES, help="Docker engine profile (default: the pack's, or current)")
    p.add_argument("--source", choices=QUIZ_SOURCES, default="generated",
                   help="generated questions (default), the lessons' own questions, or a mix")
    p.add_argument("--types", metavar="T1,T2", help="only these generated question types (comma-separated)")
    profile_and_pack(p)
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
    output_format = chosen_format(args, QUIZ_FORMATS, None)
    if args.output and output_format is None:
        print("registry-tutor quiz: -o FILE needs --format json or markdown (or a .json or .md FILE)",
              file=sys.stderr)
        return 2
    if output_format is not None:
        text = (render.to_json(items, seed=seed, engine=engine, source=args.source) if output_format == "json"
                else render.to_markdown(items, seed=seed, engine=engine))
        return write_text(text, args.output)
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

        score = run_quiz_app(items, store=store, quiz=quiz, seed=seed, retries=retries, repeat=again)
        # the full screen is gone once the app ends, however it was left: what was scored stays in view
        if score.total:
            print(score.summary())
        print(f"(quiz seed {seed}: `{again}` asks it again)")
        return 0
    from tutor.quiz.plain import run_plain

    result = run_plain(items, store=store, quiz=quiz, retries=retries)
    print(f"(quiz seed {seed}: `{again}` asks it again)")
    if result.total and (store.read_only or store.save() is False):  # answers must not vanish unsaid
        if store.warning:
            print(store.warning, file=sys.stderr)
        print("registry-tutor quiz: your answers were not saved to your progress.", file=sys.stderr)
        return 1
    return 130 if result.interrupted else 0  # Ctrl-C: 128 + SIGINT, what a shell reports
