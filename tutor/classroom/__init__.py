"""Classroom workshops: packs, results export, the class report, serving the TUI in a browser.

``packs`` opens a workshop pack for the quiz and the export, ``results`` writes one learner's export,
``report`` adds many up, ``serve`` with ``webserver`` and ``tab`` serves the TUI through textual-serve.
"""

__all__ = ["packs", "results", "report", "serve", "webserver", "tab"]
