"""``registry-tutor results export`` and ``class-report``: a learner's results and the class's summary.

Every handler imports what it needs when it runs. A closed pipe (``| head``) and Ctrl-C are handled once,
in ``tutor.cli.main``.
"""

from __future__ import annotations

import argparse
import sys

from tutor.cli.output import add_output, chosen_format, profile_and_pack, write_text

EXPORT_FORMATS = ("json", "csv")
REPORT_FORMATS = ("text", "markdown", "html")


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    _add_results(sub)
    _add_class_report(sub)


def _add_results(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("results", help="a learner's results, for the instructor")
    results_sub = p.add_subparsers(dest="results_command", metavar="COMMAND", required=True)
    e = results_sub.add_parser(
        "export",
        help="write this learner's lesson progress and quiz answers (JSON or CSV)",
        description="Write the progress and quiz answers of one profile, for `registry-tutor class-report`.",
    )
    add_output(e, EXPORT_FORMATS, "json")
    e.add_argument("--learner", metavar="NAME",
                   help="the learner's name in the report (default: the profile name, or your user name "
                   "for the default profile)")
    profile_and_pack(e)
    e.set_defaults(handler=run_results_export)


def run_results_export(args: argparse.Namespace) -> int:
    import getpass

    from tutor.classroom import results
    from tutor.lessons.progress import ProgressStore, pack_identity
    from tutor.textsafe import one_line

    if args.learner is not None and not args.learner.strip():  # class-report would skip the file
        print("registry-tutor results export: --learner needs a name (leave it out for the profile's)",
              file=sys.stderr)
        return 2
    pack = getattr(args, "pack", None)
    try:
        store = ProgressStore(args.profile, pack=pack_identity(pack))  # that pack's lessons (or the built-in)
    except ValueError as exc:
        print(f"registry-tutor results export: {exc}", file=sys.stderr)
        return 2
    if store.warning:
        print(store.warning, file=sys.stderr)
    lessons: tuple = ()
    title = None  # null in the export: the built-in lessons
    try:
        from tutor.classroom.packs import PackProblem, open_workshop

        workshop = open_workshop(pack)
        lessons, title = workshop.lessons, (workshop.title if pack is not None else None)
    except PackProblem as exc:
        reason = "; ".join(one_line(line) for line in str(exc).splitlines()[1:3])
        if pack is not None:  # an export that does not name the class's pack would be counted apart
            print(f"registry-tutor results export: --pack {one_line(str(pack))} cannot be used: {reason}",
                  file=sys.stderr)
            return 2
        print(f"registry-tutor results export: lesson titles unavailable: {reason}", file=sys.stderr)
    learner = (args.learner or "").strip() or (args.profile if args.profile != "default" else getpass.getuser())
    if lessons and pack is None:
        _hint_pack(store, lessons)
    elif pack is not None:
        _note_left_out(store, lessons)
    export = results.build_export(store, learner=learner, lessons=lessons, pack_title=title,
                                  pack_only=pack is not None)
    text = results.to_csv(export) if chosen_format(args, EXPORT_FORMATS, "json") == "csv" else results.to_json(export)
    return write_text(text, args.output)


def _hint_pack(store, lessons) -> None:
    """Progress in lessons the built-in set does not have: the learner most likely worked in a pack."""
    from tutor.classroom.results import lessons_outside
    from tutor.textsafe import one_line

    others = lessons_outside(store, lessons)  # recorded before progress was kept per pack
    if others:
        print(f"registry-tutor results export: this profile also has progress in {', '.join(others)}, "
              "which are not built-in lessons; if you worked in a workshop pack, export with "
              "`--pack DIR` so the report counts the pack's lessons", file=sys.stderr)
    packs = store.other_packs()
    if packs:
        print(f"registry-tutor results export: this profile also has progress in "
              f"{', '.join(one_line(_pack_words(pack)) for pack in packs)}; export with `--pack DIR` to report a pack's "
              "lessons", file=sys.stderr)


def _note_left_out(store, lessons) -> None:
    """Say which lessons an export for a pack leaves out, so nobody wonders where that work went."""
    from tutor.classroom.results import lessons_outside
    from tutor.textsafe import one_line

    # each named with its pack: the built-in `the-library` is not the sample pack's `the-library`
    groups = [(ids, "") for ids in [lessons_outside(store, lessons)] if ids]
    groups += [(ids, f" in {_pack_words(pack)}") for pack, ids in store.other_packs().items()]
    count = sum(len(ids) for ids, _ in groups)
    if count:
        where = "; ".join(f"{', '.join(ids)}{words}" for ids, words in groups)
        print(f"registry-tutor results export: left out progress in {count} lesson(s) outside this "
              f"pack ({one_line(where)}); export with their own --pack (none for the built-in lessons) to "
              "include them", file=sys.stderr)


def _pack_words(identity: str) -> str:
    """A pack identity (tutor.lessons.progress.pack_identity) as a learner would name the pack."""
    from tutor.lessons.progress import BUILTIN

    if identity == BUILTIN:
        return "the built-in lessons"
    kind, _, name = identity.partition(":")
    return f"the pack “{name}”" if kind in ("id", "title") and name else f"the pack {identity}"


# --- class-report ---------------------------------------------------------------


def _add_class_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "class-report",
        help="add up many learners' exports: completion, scores, common misconceptions",
        description="Aggregate `results export` files. Files that are malformed or repeat another are "
        "reported (one line each) and left out.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="exports (JSON or CSV)")
    add_output(p, REPORT_FORMATS, "text")
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
    if not exports:  # empty tables would look like a class that did nothing
        print(f"registry-tutor class-report: no usable export among the {len(args.files)} file(s) given; "
              "nothing to report", file=sys.stderr)
        return 1
    summary = report.aggregate(exports, problems)
    status = 0
    output_format = chosen_format(args, REPORT_FORMATS, "text")
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
        status = write_text(text, args.output) or status
    for output, render in ((args.also_markdown, report.to_markdown), (args.also_html, report.to_html)):
        if output and write_text(render(summary), output):
            status = 1
    return status
