"""Subcommands other than ``shell``: each registers a parser and a handler.

Kept apart from cli.py so that each feature adds its subcommand in one place.
"""

from __future__ import annotations

import argparse


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Register every subcommand but ``shell`` (each sets ``handler``)."""
