"""``registry-tutor serve``: the TUI in a browser, through textual-serve, locked down.

Each browser tab gets its own tutor process (``tutor.classroom.tab``: memory and CPU
limits, dies with the server) that asks the learner's name, so tabs keep separate
progress; in a served tab the sandbox saves and loads worlds only in that learner's
own folder on the server, or downloads them through the browser — never a path the
browser names. ``tutor.classroom.webserver`` holds the locks on the web side (Origin
check, token, size and rate limits, shutdown).

It listens on 127.0.0.1 unless told otherwise; anywhere else a random token in the
URL is required, and it says so loudly.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
from typing import TextIO

from tutor.classroom.packs import pack_problem
from tutor.classroom.policy import WILDCARD_HOSTS, Limits, is_loopback

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PROFILE_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "Limits", "is_loopback", "port_number", "serve"]


def port_number(text: str) -> int:
    """argparse type for ``--port``: a whole number 1-65535, else a one-line usage error."""
    try:
        port = int(text, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def needs_token(host: str, always: bool = False) -> bool:
    """A token is required off loopback (anyone on the network could connect), or when asked for."""
    return always or not is_loopback(host)


def exposure_warning(host: str, port: int) -> str | None:
    if is_loopback(host):
        return None
    where = "every network interface" if host in WILDCARD_HOSTS else f"{host}"
    return (
        f"WARNING: serving on {where} (port {port}), not just this computer. Anyone who can reach it and "
        "has the address below, token included, can open a tutor session here. Use this only on a network "
        f"you trust (a classroom), and stop it (Ctrl+C) when the session is over. Leave out --host to serve "
        f"on {DEFAULT_HOST} only."
    )


def app_argv(
    profile: str = "default", pack: str | None = None, python: str | None = None, limits: Limits | None = None
) -> list[str]:
    """The command each browser tab runs: the limits launcher, then the ordinary app."""
    limits = limits or Limits()
    argv = [
        python or sys.executable, "-m", "tutor.classroom.tab",
        "--memory-mb", str(limits.memory_mb), "--cpu-seconds", str(limits.cpu_seconds),
        "--parent", str(os.getpid()),
        "--", "--profile", profile,
    ]
    if pack:
        from tutor.shipped import resolve_pack  # `--pack sample-pack` names the shipped pack

        argv += ["--pack", str(resolve_pack(pack).resolve())]
    return argv


def make_server(host: str, port: int, argv: list[str], *, token: str | None, limits: Limits,
                public_url: str | None = None):
    from tutor.classroom.webserver import TutorServer

    return TutorServer(argv, host, port, token=token, limits=limits, public_url=public_url)


def open_listener(host: str, port: int):
    """A socket listening on host:port, so that a port in use or a wrong address is known before serving."""
    import socket

    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                         flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp does: restart right after a stop
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def listen_problem(exc: OSError, port: int) -> str:
    """Why the server cannot listen, in words an instructor acts on."""
    import errno
    import socket

    if isinstance(exc, socket.gaierror):
        return "no such host or address"
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is already in use (is another server running?); choose another with --port N"
    if exc.errno == errno.EACCES:
        return "permission denied (ports below 1024 need administrator rights); choose --port 1024 or above"
    if exc.errno == errno.EADDRNOTAVAIL:
        return "that address is not one of this computer's"
    return exc.strerror or str(exc)


def session_url(host: str, port: int, token: str | None, public_url: str | None = None) -> str:
    if public_url:
        base = public_url.rstrip("/")
    else:
        shown = "127.0.0.1" if host in WILDCARD_HOSTS else host
        shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
        base = f"http://{shown}:{port}"
    return f"{base}/?token={token}" if token else f"{base}/"


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    profile: str = "default",
    pack: str | None = None,
    public_url: str | None = None,
    always_token: bool = False,
    limits: Limits | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    limits = limits or Limits()
    if not PROFILE_PREFIX.fullmatch(profile):  # it prefixes every learner's profile name
        print(f"registry-tutor serve: invalid profile name {profile!r}: use letters, digits, '.', '_' or '-'",
              file=err)
        return 2
    problem = pack_problem(pack)
    if problem:  # found now, not by every learner's tab saying "Could not load the lessons"
        print(f"registry-tutor serve: --pack {problem}", file=err)
        return 2
    try:  # before anything says "serving": a port in use is the one line the instructor sees
        sock = open_listener(host, port)
    except OSError as exc:
        print(f"registry-tutor serve: cannot listen on {host}:{port}: {listen_problem(exc, port)}", file=err)
        return 1
    warning = exposure_warning(host, port)
    if warning:
        print(warning, file=err, flush=True)
    token = secrets.token_urlsafe(18) if needs_token(host, always_token) else None
    server = make_server(host, port, app_argv(profile, pack, limits=limits), token=token, limits=limits,
                         public_url=public_url)
    print(f"registry-tutor: serving the tutor at {session_url(host, port, token, public_url)}", file=out)
    if host in WILDCARD_HOSTS:
        print("  (from other computers, put this computer's address in place of 127.0.0.1)", file=out)
    print("  one tutor per browser tab, each asks the learner's name; Ctrl+C stops the server", file=out, flush=True)
    try:
        server.serve(sock=sock)
    except OSError as exc:
        print(f"registry-tutor serve: cannot listen on {host}:{port}: {listen_problem(exc, port)}", file=err)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        if sock is not None:
            sock.close()
    return 0
