"""Helpers for the tests that run a real ``registry-tutor serve`` on loopback and talk to it.

Loopback only; every wait has a generous deadline that is a safety net, never a timing assertion.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

DEADLINE = 60.0  # seconds: a safety net on a loaded machine, not a speed requirement


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, deadline: float = DEADLINE) -> bool:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@dataclass
class Served:
    proc: subprocess.Popen
    url: str  # as printed, token included when there is one
    host: str
    port: int
    data: Path

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def token(self) -> str | None:
        match = re.search(r"token=([A-Za-z0-9_-]+)", self.url)
        return match.group(1) if match else None

    def ws_url(self, token: str | None = None) -> str:
        token = self.token if token is None else token
        return f"ws://{self.host}:{self.port}/ws" + (f"/{token}" if token else "")


@contextmanager
def running_serve(tmp_path: Path, *args: str, host: str = "127.0.0.1"):
    port = free_port(host)
    data = tmp_path / "data"
    env = {**os.environ, "REGISTRY_TUTOR_DATA": str(data), "PYTHONUNBUFFERED": "1"}
    env.pop("REGISTRY_TUTOR_SERVED", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutor", "serve", "--host", host, "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )
    try:
        line = proc.stdout.readline()
        match = re.search(r"(http://\S+)", line)
        assert match, f"no address printed: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"

        def listening() -> bool:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                return s.connect_ex((host, port)) == 0

        assert wait_until(listening), "serve never listened"
        yield Served(proc, match.group(1), host, port, data)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for stream in (proc.stdout, proc.stderr):
            stream.close()


class Tab:
    """A browser tab, as the textual-serve page would drive it: a websocket sending JSON messages."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = b""

    async def send_keys(self, text: str) -> None:
        """One message per key, as the page's xterm.js sends what is typed."""
        for key in text:
            await self.ws.send_json(["stdin", key])

    async def wait_for(self, *needles: bytes, deadline: float = DEADLINE) -> bytes:
        """Read the tab's output until one of ``needles`` shows (escape codes removed)."""
        end = time.monotonic() + deadline
        while True:
            plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", self.screen)
            for needle in needles:
                if needle in plain:
                    self.screen = b""
                    return needle
            left = end - time.monotonic()
            if left <= 0 or self.ws.closed:
                raise AssertionError(f"never saw {needles!r}; last output: {plain[-400:]!r}")
            try:
                message = await asyncio.wait_for(self.ws.receive(), left)
            except TimeoutError:
                continue  # the loop above reports what was seen
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += message.data
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                raise AssertionError(f"the session closed while waiting for {needles!r}")


async def connect(url: str, origin: str | None, **kwargs) -> tuple[int, aiohttp.ClientSession, object]:
    """-> (HTTP status, session, websocket or None). 101 means the websocket was accepted."""
    session = aiohttp.ClientSession()
    headers = {"Origin": origin} if origin else {}
    try:
        ws = await session.ws_connect(url, headers=headers, timeout=aiohttp.ClientWSTimeout(ws_close=10), **kwargs)
    except aiohttp.WSServerHandshakeError as exc:
        await session.close()
        return exc.status, None, None
    return 101, session, ws
