"""The options every subcommand shares: ``--profile``/``--pack`` after the subcommand, and one output
vocabulary (``--format FORMAT`` and ``-o FILE`` mean the same in ``quiz``, ``results export`` and ``class-report``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def profile_and_pack(parser: argparse.ArgumentParser, pack: bool = True) -> None:
    # SUPPRESS: when not given here, the value given before the subcommand (or its default) stands.
    parser.add_argument("--profile", default=argparse.SUPPRESS, help="progress profile (default: default)")
    if pack:
        parser.add_argument("--pack", metavar="DIR", default=argparse.SUPPRESS, help="a workshop pack folder")


SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown",
                  ".html": "html", ".htm": "html"}


def add_output(parser, formats: tuple[str, ...], default: str, group=None) -> None:
    """``--format`` (one of ``formats``) and ``-o FILE``; without --format, FILE's suffix chooses."""
    (group or parser).add_argument(
        "--format", choices=formats, default=None,
        help=f"output format: {', '.join(formats)} (default: from -o FILE's suffix, else {default})",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")


def chosen_format(args: argparse.Namespace, formats: tuple[str, ...], default: str | None) -> str | None:
    if args.format:
        return args.format
    if args.output:
        by_suffix = SUFFIX_FORMATS.get(Path(args.output).suffix.lower())
        if by_suffix in formats:
            return by_suffix
    return default


def write_text(text: str, output: str | None) -> int:
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
