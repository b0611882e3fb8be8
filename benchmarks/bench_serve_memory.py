"""Memory per browser session of `registry-tutor serve`, next to a bare Textual app served the same way.

textual-serve starts one app process per websocket (browser tab). This opens N
websockets to each server (on 127.0.0.1, free ports), waits for the apps to draw
and settle, then sums the resident memory (VmRSS from /proc, so Linux only) of
each server's child process trees, per session.

    python benchmarks/bench_serve_memory.py [--sessions 3] [--settle 4]

Not part of the test run's pass/fail; prints the figures and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_APP = "from textual.app import App\nApp().run()\n"


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


def children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def session_trees(server_pid: int) -> list[int]:
    """RSS (kB) of each direct child's whole process tree (one tree per session)."""
    kids = children_map()
    totals = []
    for child in kids.get(server_pid, []):
        stack, total = [child], 0
        while stack:
            pid = stack.pop()
            total += rss_kb(pid)
            stack.extend(kids.get(pid, []))
        totals.append(total)
    return totals


def wait_http(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer")


async def open_sessions(port: int, n: int, settle: float) -> tuple[list, object]:
    import aiohttp

    session = aiohttp.ClientSession()
    sockets = []
    for _ in range(n):
        ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=120&height=36")
        sockets.append(ws)

    async def drain(ws) -> None:
        async for _ in ws:
            pass

    tasks = [asyncio.create_task(drain(ws)) for ws in sockets]
    await asyncio.sleep(settle)
    return sockets, (session, tasks)


async def close_sessions(sockets, handle) -> None:
    session, tasks = handle
    for ws in sockets:
        await ws.close()
    for task in tasks:
        task.cancel()
    await session.close()


def measure(label: str, server_argv: list[str], port: int, sessions: int, settle: float, env: dict) -> dict:
    proc = subprocess.Popen(server_argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    try:
        wait_http(port)
        server_idle = rss_kb(proc.pid)

        async def run() -> dict:
            sockets, handle = await open_sessions(port, sessions, settle)
            trees = session_trees(proc.pid)
            server_busy = rss_kb(proc.pid)
            await close_sessions(sockets, handle)
            return {"trees": trees, "server_busy": server_busy}

        found = asyncio.run(run())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    trees = found["trees"]
    per = sum(trees) / len(trees) if trees else 0.0
    print(f"{label:>14}: {len(trees)} session process tree(s), {per / 1024:6.1f} MB RSS per session "
          f"(each: {', '.join(f'{t / 1024:.1f}' for t in trees)} MB); server {server_idle / 1024:.1f} MB idle, "
          f"{found['server_busy'] / 1024:.1f} MB with sessions")
    return {"per_session_kb": per, "sessions": len(trees)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--settle", type=float, default=4.0, help="seconds to let the apps start and draw")
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        print("needs Linux /proc to read RSS", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "REGISTRY_TUTOR_DATA": data, "PYTHONPATH": str(ROOT)}
        bare_file = Path(data) / "bare_app.py"
        bare_file.write_text(BARE_APP)
        port = free_port()
        tutor = measure("registry-tutor",
                        [sys.executable, "-m", "tutor", "serve", "--port", str(port)],
                        port, args.sessions, args.settle, env)
        port = free_port()
        bare_cmd = shlex.join([sys.executable, str(bare_file)])
        bare = measure("bare Textual",
                       [sys.executable, "-c",
                        f"from textual_serve.server import Server; Server({bare_cmd!r}, host='127.0.0.1', "
                        f"port={port}).serve()"],
                       port, args.sessions, args.settle, env)
    if tutor["per_session_kb"] and bare["per_session_kb"]:
        ratio = tutor["per_session_kb"] / bare["per_session_kb"]
        print(f"ratio registry-tutor / bare Textual per session: {ratio:.2f}x "
              f"(+{(tutor['per_session_kb'] - bare['per_session_kb']) / 1024:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
