"""``registry-tutor serve``: the TUI in web browsers (tutor.classroom.serve does the serving)."""

from __future__ import annotations

import argparse

from tutor.cli.output import profile_and_pack


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    _add_serve(sub)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    from tutor.classroom.serve import DEFAULT_HOST, DEFAULT_PORT, port_number

    p = sub.add_parser(
        "serve",
        help="serve the TUI in a web browser (textual-serve), one tutor process per tab",
        description=f"Serve registry-tutor to web browsers. Listens on {DEFAULT_HOST} only unless --host "
        "says otherwise; then the address it prints carries a random token, needed to connect. Each tab is "
        "its own learner (asked for a name) and saves worlds only in that learner's folder or as downloads.",
    )
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    p.add_argument("--port", type=port_number, default=DEFAULT_PORT, help=f"port, 1-65535 (default {DEFAULT_PORT})")
    p.add_argument("--public-url", metavar="URL", help="the address browsers use, when it differs (a proxy)")
    p.add_argument("--token", action="store_true", help="require the printed token on 127.0.0.1 too")
    p.add_argument("--max-sessions", type=int, default=60, metavar="N", help="browser tabs at once (default 60)")
    profile_and_pack(p)
    p.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from tutor.classroom.policy import Limits
    from tutor.classroom.serve import serve

    return serve(args.host, args.port, profile=args.profile, pack=getattr(args, "pack", None),
                 public_url=args.public_url, always_token=args.token,
                 limits=Limits(max_sessions=max(1, args.max_sessions)))
