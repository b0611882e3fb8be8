"""What a served session may do, and which addresses count as this machine: plain data, no web server.

Kept apart from ``webserver`` (aiohttp, textual-serve) so the command line can build its parser, and
``serve`` can check its arguments, without importing the web stack.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

__all__ = ["LOOPBACK_NAMES", "WILDCARD_HOSTS", "Limits", "is_loopback"]

WILDCARD_HOSTS = ("0.0.0.0", "::", "")
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


@dataclass(frozen=True)
class Limits:
    """What one browser session may use."""

    max_columns: int = 300
    max_rows: int = 120
    max_message_bytes: int = 64 * 1024  # one websocket message (a paste arrives as one)
    input_bytes_per_second: float = 16 * 1024  # typed/pasted text, sustained
    input_burst_bytes: int = 128 * 1024
    messages_per_second: float = 200.0  # every message (keys, resizes, pings)
    message_burst: int = 1000
    memory_mb: int = 1024  # each tab process's address space (RLIMIT_AS)
    cpu_seconds: int = 3600  # each tab process's CPU time (RLIMIT_CPU)
    max_sessions: int = 60
    stop_grace_seconds: float = 3.0  # a tab asked to quit gets this long before SIGKILL


def is_loopback(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
