"""``registry-tutor inspect URL``: read a real registry (never write) and report it as the library."""

from __future__ import annotations

import argparse
import json
import sys

EXIT_STALE = 3  # --fail-on-stale and some `latest` is stale: apart from errors (1) and usage (2)


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "inspect",
        help="draw a real registry as the library and audit its `latest` labels (read-only)",
        description=(
            "Read a real registry through its HTTP API (GET and HEAD only) and show its shelves, editions and "
            "labels, with an audit: `latest` behind the highest version, repositories without `latest`, "
            "editions with several labels, and (with --since) labels that moved and editions left untagged."
        ),
    )
    parser.add_argument("url", metavar="URL", help="the registry, e.g. http://localhost:5000 or registry.example.com")
    parser.add_argument("--repo", action="append", metavar="NAME", help="only this repository (repeat for more); "
                        "needed where the registry does not list its catalog")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--json", dest="format", action="store_const", const="json", help="same as --format json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    parser.add_argument("--since", metavar="FILE", help="an earlier --json report: show labels that moved since")
    parser.add_argument("--fail-on-stale", action="store_true", help=f"exit {EXIT_STALE} when a `latest` is stale")
    parser.add_argument("-u", "--username", help="user name (default: from ~/.docker/config.json)")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    parser.add_argument("--insecure", action="store_true", help="do not verify the registry's TLS certificate")
    parser.add_argument("--timeout", type=_timeout, default=10.0, metavar="SECONDS", help="per request (default 10)")
    parser.set_defaults(handler=run)


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 600 seconds")
    return value


def run(args: argparse.Namespace) -> int:
    from tutor.inspect.audit import inspect_registry
    from tutor.inspect.client import (
        Credentials,
        RegistryClient,
        RegistryError,
        base_url,
        docker_config_credentials,
    )
    from tutor.textsafe import visible

    def fail(message: str, code: int = 1) -> int:  # may quote the registry's answer: shown, never sent raw
        print(f"registry-tutor inspect: {visible(message)}", file=sys.stderr)
        return code

    try:
        base = base_url(args.url)
    except RegistryError as exc:
        return fail(str(exc), 2)
    host = base.split("://", 1)[1]
    credentials = None
    if args.password_stdin:
        if not args.username:
            return fail("--password-stdin needs --username", 2)
        password = sys.stdin.readline().rstrip("\r\n")
        credentials = Credentials(args.username, password)
    elif args.username:
        return fail("give the password with --password-stdin (never on the command line)", 2)
    else:
        credentials = docker_config_credentials(host)
    previous = None
    if args.since:
        try:
            with open(args.since, encoding="utf-8") as handle:
                previous = json.load(handle)
            if not isinstance(previous, dict):
                raise ValueError("not a report object")
        except (OSError, ValueError) as exc:
            return fail(f"cannot read the earlier report {args.since}: {getattr(exc, 'strerror', None) or exc}")
    client = RegistryClient(base, credentials, timeout=args.timeout, verify_tls=not args.insecure)
    try:
        report = inspect_registry(client, args.repo, previous)
    except RegistryError as exc:
        return fail(str(exc))
    _write(report, args)
    return EXIT_STALE if args.fail_on_stale and report.stale else 0


def _write(report, args: argparse.Namespace) -> None:
    from rich.console import Console

    from tutor.inspect.render import print_report, to_json

    if args.format == "json":
        text = to_json(report) + "\n"
        if args.output:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text)
        return
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            print_report(report, Console(file=handle, width=100, no_color=True, highlight=False))
    else:
        from tutor.stdout_guard import pipe_aware

        print_report(report, pipe_aware(Console(highlight=False)))
