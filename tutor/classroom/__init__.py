"""Classroom workshops: packs, results export, the class report, serving the TUI in a browser."""
