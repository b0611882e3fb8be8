"""Moved to ``tutor.sim.changes`` (pure, so plain mode prints the same notes); kept for old imports."""

from tutor.sim.changes import Changes, s8, summarize  # noqa: F401
