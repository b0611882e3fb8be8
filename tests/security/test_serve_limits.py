"""Per-session limits of `registry-tutor serve` and the rules behind them, checked without a network.

Issue 16 finding 5: a 10000x10000 terminal took 1 GB and 200 KB of keystrokes 1.9 GB at 99% CPU;
issue 11: `serve --port 99999` printed a traceback. Deterministic: fake clocks, fake sockets.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest
from aiohttp import WSMsgType

from tutor.classroom import serve
from tutor.classroom.webserver import Limits, TokenBucket, TutorServer, clamp_size


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "classroom.example"])
def test_a_token_is_required_off_loopback(host):
    assert serve.needs_token(host)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_token_unless_asked(host):
    assert not serve.needs_token(host)
    assert serve.needs_token(host, always=True)


def test_the_printed_address_carries_the_token():
    assert serve.session_url("0.0.0.0", 8000, "abc") == "http://127.0.0.1:8000/?token=abc"
    assert serve.session_url("::1", 8000, None) == "http://[::1]:8000/"
    assert serve.session_url("0.0.0.0", 8000, "abc", "https://tutor.example/") == "https://tutor.example/?token=abc"


@pytest.mark.parametrize("port", ["99999", "0", "-1", "65536", "abc", "80.5"])
def test_a_bad_port_is_one_usage_line_not_a_traceback(port):
    proc = subprocess.run([sys.executable, "-m", "tutor", "serve", "--port", port],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("registry-tutor serve: error: argument --port:")
    assert "1-65535" in proc.stderr


@pytest.mark.parametrize("profile", ["../x", "a b", "", "-x"])
def test_a_bad_profile_prefix_stops_serve_before_it_listens(profile):
    import io

    err = io.StringIO()
    assert serve.serve("127.0.0.1", 8000, profile=profile, err=err, out=io.StringIO()) == 2
    assert "invalid profile name" in err.getvalue()


def test_the_token_bucket_lets_a_burst_through_then_the_rate():
    now = [0.0]
    bucket = TokenBucket(rate=10, burst=100, clock=lambda: now[0])
    assert bucket.take(100)
    assert not bucket.take(1)
    now[0] += 0.5
    assert bucket.take(5) and not bucket.take(1)
    now[0] += 1000
    assert bucket.take(100) and not bucket.take(1)  # never more than the burst saved up


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [(10000, 10000, (300, 120)), (80, 24, (80, 24)), (-5, 0, (10, 5)), ("80", None, (80, 24)),
     (True, 3.5, (80, 24))],
)
def test_terminal_sizes_are_clamped(width, height, expected):
    assert clamp_size(width, height, Limits()) == expected


class _Message:
    def __init__(self, data) -> None:
        self.type = WSMsgType.TEXT
        self.data = data if isinstance(data, str) else json.dumps(data)


class _FakeSocket:
    def __init__(self, messages) -> None:
        self.messages = [_Message(m) for m in messages]
        self.sent = []

    def __aiter__(self):
        return self._iterate()

    async def _iterate(self):
        for message in self.messages:
            yield message

    async def send_json(self, data) -> None:
        self.sent.append(data)


class _FakeTab:
    def __init__(self) -> None:
        self.typed = b""
        self.sizes = []

    async def send_bytes(self, data: bytes) -> bool:
        self.typed += data
        return True

    async def set_terminal_size(self, width: int, height: int) -> None:
        self.sizes.append((width, height))

    async def blur(self) -> None: ...

    async def focus(self) -> None: ...


def _relay(messages, limits: Limits) -> tuple[_FakeSocket, _FakeTab]:
    server = TutorServer(["true"], "127.0.0.1", 8000, limits=limits)
    socket, tab = _FakeSocket(messages), _FakeTab()
    asyncio.run(server._process_messages(socket, tab))
    return socket, tab


def test_resizes_from_the_browser_are_clamped():
    _, tab = _relay([["resize", {"width": 10000, "height": 10000}], ["resize", {"width": "x"}]], Limits())
    assert tab.sizes == [(300, 120), (80, 24)]


def test_malformed_messages_are_ignored_not_fatal():
    socket, tab = _relay(["not json", "{}", "[]", "5", '["stdin", 5]', '["resize", "big"]', '["ping", {"a": 1}]',
                          '["stdin", "ok"]', '["ping", "p1"]'], Limits())
    assert tab.typed == b"ok" and tab.sizes == []
    assert socket.sent == [["pong", "p1"]]


def test_typing_faster_than_the_input_budget_is_dropped():
    """The fake clock stands still: only the burst gets through, the rest is dropped, nothing queues up."""
    limits = Limits(input_bytes_per_second=0.0, input_burst_bytes=1000)
    _, tab = _relay([["stdin", "x" * 600], ["stdin", "y" * 600], ["stdin", "z" * 400]], limits)
    assert tab.typed == b"x" * 600 + b"z" * 400


def test_too_many_messages_are_dropped():
    limits = Limits(messages_per_second=0.0, message_burst=3)
    _, tab = _relay([["stdin", "a"], ["stdin", "b"], ["stdin", "c"], ["stdin", "d"]], limits)
    assert tab.typed == b"abc"


@pytest.mark.parametrize(
    ("host", "allowed", "refused"),
    [
        ("127.0.0.1", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"],
         ["http://evil.example", "http://127.0.0.1:8001", "http://localhost", "https://127.0.0.1:8000"]),
        ("0.0.0.0", [], ["http://127.0.0.1:8000", "http://evil.example:8000"]),
    ],
)
def test_the_origins_each_bind_accepts(host, allowed, refused):
    server = TutorServer(["true"], host, 8000)
    for origin in allowed:
        assert origin in server.allowed_origins
    for origin in refused:
        assert origin not in server.allowed_origins


def test_tab_processes_run_with_memory_and_cpu_limits():
    """The launcher each tab starts through: its rlimits hold, and an allocation past them fails."""
    code = (
        "import resource, sys\n"
        "from tutor.classroom.tab import apply_limits\n"
        "apply_limits(512, 30)\n"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20, resource.getrlimit(resource.RLIMIT_CPU)[0],\n"
        "      resource.getrlimit(resource.RLIMIT_CORE)[0])\n"
        "try:\n"
        "    block = bytearray(800 * 2**20)\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["512", "30", "0", "MemoryError"]

