"""`registry-tutor serve` under a classroom: N concurrent browser sessions, against a bare Textual app.

Run:  python benchmarks/bench_serve.py [--sessions 30] [--timeout 150]

Starts `registry-tutor serve` on 127.0.0.1 (a free port; loopback only, never another host),
opens N websockets at once as N browser tabs would (with the server's own Origin header), and
for each session times the first screen bytes and the home screen with the lessons listed
(the first lesson's title on screen). Then it sums each session's process tree RSS (VmRSS
from /proc: Linux only), closes everything and stops the server. The same is done with a bare
Textual app (an Input and a RichLog) served by textual-serve, for the ratios. Bounded: at
most 40 sessions, every wait capped by --timeout; the servers are stopped in any case.

Not part of the test run; prints figures and ratios measured in this run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_SESSIONS = 40
BARE_APP = """from textual.app import App, ComposeResult
from textual.widgets import Input, RichLog


class Bare(App):
    def compose(self) -> ComposeResult:
        yield RichLog()
        yield Input(placeholder="bare-ready")


Bare().run()
"""
TUTOR_MARKER = b"The library"  # lessons/01's title: on screen once the lesson list is filled
BARE_MARKER = b"bare-ready"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def session_trees(server_pid: int) -> list[int]:
    """RSS (kB) of each of the server's direct children with its descendants: one tree per session."""
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(entry.name))
    totals = []
    for child in kids.get(server_pid, []):
        stack, total = [child], 0
        while stack:
            pid = stack.pop()
            total += rss_kb(pid)
            stack.extend(kids.get(pid, []))
        totals.append(total)
    return totals


def wait_http(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"server on port {port} did not answer within {timeout:.0f} s")


async def one_session(session, port: int, marker: bytes, deadline: float) -> tuple[float | None, float | None, object]:
    """-> (seconds to the first screen bytes, seconds to the marker, the open websocket)."""
    origin = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=120&height=36", headers={"Origin": origin})
    first = seen = None
    tail = b""
    while seen is None and time.monotonic() < deadline:
        try:
            message = await asyncio.wait_for(ws.receive(), timeout=max(0.1, deadline - time.monotonic()))
        except TimeoutError:
            break
        if message.type.name in ("CLOSED", "CLOSE", "ERROR"):
            break
        data = message.data if isinstance(message.data, bytes) else str(message.data).encode()
        if first is None and data:
            first = time.perf_counter() - start
        tail = (tail + data)[-65536:]
        if marker in tail:
            seen = time.perf_counter() - start
    return first, seen, ws


async def drive(port: int, sessions: int, marker: bytes, timeout: float, server_pid: int) -> dict:
    import aiohttp

    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as client:
        outcomes = await asyncio.gather(
            *(one_session(client, port, marker, deadline) for _ in range(sessions)), return_exceptions=True
        )
        await asyncio.sleep(1.0)  # let the last frames settle before reading memory
        trees = session_trees(server_pid)
        server = rss_kb(server_pid)
        for outcome in outcomes:
            if isinstance(outcome, tuple):
                await outcome[2].close()
    ok = [o for o in outcomes if isinstance(o, tuple)]
    return {
        "first": [o[0] for o in ok if o[0] is not None],
        "ready": [o[1] for o in ok if o[1] is not None],
        "failed": sessions - len([o for o in ok if o[1] is not None]),
        "errors": [repr(o) for o in outcomes if not isinstance(o, tuple)][:3],
        "trees": trees,
        "server": server,
    }


def measure(label: str, argv: list[str], port: int, sessions: int, marker: bytes, timeout: float, env: dict) -> dict:
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
                            start_new_session=True)
    try:
        wait_http(port, 30)
        found = asyncio.run(drive(port, sessions, marker, timeout, proc.pid))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    first, ready, trees = found["first"], found["ready"], found["trees"]
    per = statistics.mean(trees) / 1024 if trees else 0.0
    print(f"{label}: {sessions} sessions opened at once, {len(ready)} ready, {found['failed']} not within "
          f"{timeout:.0f} s {found['errors'] or ''}")
    if first:
        print(f"  first screen bytes: median {statistics.median(first):.2f} s, max {max(first):.2f} s")
    if ready:
        print(f"  ready (home screen drawn{' with the lessons listed' if marker == TUTOR_MARKER else ''}): "
              f"median {statistics.median(ready):.2f} s, max {max(ready):.2f} s")
    print(f"  memory: {per:.1f} MB RSS per session ({len(trees)} process trees, total {sum(trees) / 1024:.0f} MB); "
          f"server {found['server'] / 1024:.1f} MB")
    return {"per_mb": per, "ready": statistics.median(ready) if ready else None,
            "first": statistics.median(first) if first else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=150.0, help="seconds every session gets to be ready")
    parser.add_argument("--no-baseline", action="store_true", help="skip the bare Textual app")
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        print("needs Linux /proc to read RSS", file=sys.stderr)
        return 1
    sessions = max(1, min(args.sessions, MAX_SESSIONS))
    with tempfile.TemporaryDirectory() as data:
        cache = Path(data) / "cache"
        env = {**os.environ, "REGISTRY_TUTOR_DATA": data, "REGISTRY_TUTOR_CACHE": str(cache),
               "PYTHONPATH": str(ROOT)}
        # warm the compiled-lesson cache as a classroom machine's first start would
        subprocess.run([sys.executable, "-c", "from tutor.lessons.catalog import load_builtin; load_builtin()"],
                       env=env, cwd=ROOT, check=False)
        port = free_port()
        tutor = measure("registry-tutor serve", [sys.executable, "-m", "tutor", "serve", "--port", str(port)],
                        port, sessions, TUTOR_MARKER, args.timeout, env)
        if args.no_baseline:
            return 0
        bare_file = Path(data) / "bare_app.py"
        bare_file.write_text(BARE_APP)
        port = free_port()
        command = shlex.join([sys.executable, str(bare_file)])
        bare = measure("bare Textual app (Input + RichLog) via textual-serve",
                       [sys.executable, "-c", f"from textual_serve.server import Server; Server({command!r}, "
                        f"host='127.0.0.1', port={port}).serve()"],
                       port, sessions, BARE_MARKER, args.timeout, env)
    if tutor["per_mb"] and bare["per_mb"]:
        print(f"ratio per session: memory {tutor['per_mb'] / bare['per_mb']:.2f}x"
              + (f", ready {tutor['ready'] / bare['ready']:.2f}x" if tutor["ready"] and bare["ready"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
