"""Subcommands other than ``shell``: each registers a parser and a handler.

Kept apart from cli.py so that each feature adds its subcommand in one place.
"""

from __future__ import annotations

import argparse


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Register every subcommand but ``shell`` (each sets ``handler``)."""
    from tutor import lessons_cli

    lessons_cli.add_subcommands(sub)  # validate, schema, learn
    from tutor import classroom_cli

    classroom_cli.add_subcommands(sub)  # quiz, results export, class-report, serve
    from tutor import inspect_cli

    inspect_cli.add_subcommands(sub)  # inspect
