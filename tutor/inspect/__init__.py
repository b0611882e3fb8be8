"""`registry-tutor inspect URL`: a real registry, read-only, drawn as the library, with a stale-`latest` audit.

design.md contract 11. ``client`` speaks the Distribution HTTP API (paging, Basic and bearer-token auth),
``audit`` turns what it read into shelves, editions and findings, ``render`` prints them (text or JSON).
Unlike ``tutor.sim`` this package does real network I/O, and only when the user runs ``inspect``.
"""

__all__ = ["audit", "client", "render"]
