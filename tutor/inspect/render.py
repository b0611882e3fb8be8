"""The report as the library picture (plain text through Rich, no markup from the registry) or JSON."""

from __future__ import annotations

import json

from rich.console import Console
from rich.text import Text

from tutor.inspect.audit import Report, short

MARKS = {"stale-latest": "!", "no-latest": "!", "tag-moved": "~", "untagged": "~", "shared-edition": "·"}


def visible(text: str) -> str:
    """Registry-supplied names never reach the terminal with control characters in them."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))


def to_json(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2, sort_keys=False)


def print_report(report: Report, console: Console) -> None:
    shelves = report.shelves
    console.print(Text(f"Library {report.registry} — {len(shelves)} " + ("shelf" if len(shelves) == 1 else "shelves")))
    for shelf in shelves:
        console.print(Text(f"  shelf {visible(shelf.name)}", style="bold"))
        if not shelf.editions:
            console.print(Text("    (no labelled editions)", style="dim"))
        for edition in shelf.editions:
            labels = " ".join(f"[{visible(tag)}]" for tag in edition.tags)
            console.print(Text(f"    ▣ {short(edition.digest)}  {labels}"))
    findings = [f for f in report.findings if f.kind != "shared-edition"]
    shared = [f for f in report.findings if f.kind == "shared-edition"]
    console.print()
    if findings:
        console.print(Text("Findings", style="bold"))
        for finding in findings:
            console.print(Text(f"  {MARKS.get(finding.kind, '-')} {visible(finding.repository)}: {visible(finding.message)}"))
    else:
        console.print(Text("No stale `latest` found: every `latest` is on the highest version's edition."))
    if shared:
        console.print(Text(f"{len(shared)} edition(s) carry more than one label (see --json for the list)."))
    for note in report.notes:
        console.print(Text(note, style="dim"))
