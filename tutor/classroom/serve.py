"""``registry-tutor serve``: the TUI in a browser, through textual-serve.

textual-serve starts one ``registry-tutor`` process per browser tab (same
profile and pack as the server was given) and relays its screen over a
websocket. It listens on 127.0.0.1 unless told otherwise; anything else
exposes the tutor to the network, so it says so loudly.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from typing import TextIO

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    if is_loopback(host):
        return None
    where = "every network interface" if host in ("0.0.0.0", "::", "") else f"{host}"
    return (
        f"WARNING: serving on {where} (port {port}), not just this computer. Anyone who can reach it can "
        "open a tutor session here, with no password. Use this only on a network you trust (a classroom), "
        f"and stop it (Ctrl+C) when the session is over. Leave out --host to serve on {DEFAULT_HOST} only."
    )


def app_command(profile: str = "default", pack: str | None = None, python: str | None = None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    argv = [python or sys.executable, "-m", "tutor", "--profile", profile]
    if pack:
        from tutor.shipped import resolve_pack  # `--pack sample-pack` names the shipped pack

        argv += ["--pack", str(resolve_pack(pack).resolve())]
    return shlex.join(argv)


def make_server(host: str, port: int, command: str, public_url: str | None = None):
    from textual_serve.server import Server

    return Server(command, host=host, port=port, title="registry-tutor", public_url=public_url)


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    profile: str = "default",
    pack: str | None = None,
    public_url: str | None = None,
    err: TextIO | None = None,
) -> int:
    err = err or sys.stderr
    warning = exposure_warning(host, port)
    if warning:
        print(warning, file=err, flush=True)
    server = make_server(host, port, app_command(profile, pack), public_url)
    try:
        server.serve()
    except OSError as exc:  # the port is taken, or the address is not this machine's
        print(f"registry-tutor serve: cannot listen on {host}:{port}: {exc.strerror or exc}", file=err)
        return 1
    except KeyboardInterrupt:
        pass
    return 0
