"""The report as the library picture (plain text through Rich, no markup from the registry) or JSON."""

from __future__ import annotations

import json

from rich.console import Console
from rich.text import Text

from tutor.inspect.audit import Report, short
from tutor.textsafe import one_line  # registry-supplied text: no control, bidi or line break gets through

MARKS = {"stale-latest": "!", "no-latest": "!", "tag-moved": "~", "untagged": "~", "shared-edition": "·"}


def to_json(report: Report) -> str:
    return json.dumps(report.to_json(), indent=2, sort_keys=False)


def print_report(report: Report, console: Console) -> None:
    shelves = report.shelves
    console.print(Text(f"Library {one_line(report.registry)} — {len(shelves)} " + ("shelf" if len(shelves) == 1 else "shelves")))
    for shelf in shelves:
        console.print(Text(f"  shelf {one_line(shelf.name)}", style="bold"))
        if not shelf.editions:
            console.print(Text("    (no labelled editions)", style="dim"))
        for edition in shelf.editions:
            labels = " ".join(f"[{one_line(tag)}]" for tag in edition.tags)
            console.print(Text(f"    ▣ {short(edition.digest)}  {labels}"))
    findings = [f for f in report.findings if f.kind != "shared-edition"]
    shared = [f for f in report.findings if f.kind == "shared-edition"]
    console.print()
    if findings:
        console.print(Text("Findings", style="bold"))
        for finding in findings:
            console.print(Text(f"  {MARKS.get(finding.kind, '-')} {one_line(finding.repository)}: {one_line(finding.message)}"))
    else:
        console.print(Text("No stale `latest` found: every `latest` is on the highest version's edition."))
    if shared:
        console.print(Text(f"{len(shared)} edition(s) carry more than one label (see --json for the list)."))
    for note in report.notes:
        console.print(Text(one_line(note), style="dim"))
