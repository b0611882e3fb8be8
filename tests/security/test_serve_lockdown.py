"""`registry-tutor serve` on loopback, driven by a websocket client as a browser (or a hostile page) would.

Finding 1 of issue 16: the websocket accepted any Origin, so any web page the instructor opened could drive
a session, and ctrl+s wrote any server path. Finding 5: tab processes outlived the server.
Every wait below has a generous deadline as a safety net; nothing asserts how fast anything is.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from aiohttp import WSCloseCode, WSMsgType

from tests.security.serving import DEADLINE, Tab, alive, children_of, connect, running_serve, wait_until

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; Linux only")


def _get(url: str, headers: dict | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=DEADLINE) as response:
            return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers)


async def _status(url: str, origin: str | None) -> int:
    status, session, ws = await connect(url, origin)
    if ws is not None:
        tab = Tab(ws)
        await tab.wait_for(b"What is your name")  # a live tutor answered
        await ws.close()
        await session.close()
    return status


def test_a_foreign_origin_is_refused_and_the_servers_own_is_accepted(tmp_path):
    with running_serve(tmp_path) as served:
        assert served.token is None  # loopback: no token by default
        for origin in ("http://evil.example", f"http://evil.example:{served.port}", "null",
                       f"http://127.0.0.1.evil.example:{served.port}", "https://127.0.0.1:1"):
            assert asyncio.run(_status(served.ws_url(), origin)) == 403, origin
        assert asyncio.run(_status(served.ws_url(), None)) == 403  # no Origin at all: not a page of ours
        assert children_of(served.proc.pid) == []  # a refused connection starts no tutor process
        assert asyncio.run(_status(served.ws_url(), served.origin)) == 101
        assert asyncio.run(_status(served.ws_url(), f"http://localhost:{served.port}")) == 101


def test_a_page_reached_through_another_host_name_is_refused(tmp_path):
    """DNS rebinding: evil.example resolving to 127.0.0.1 sends Host: evil.example."""
    with running_serve(tmp_path) as served:
        status, _, _ = _get(served.url, {"Host": f"evil.example:{served.port}"})
        assert status == 403
        status, body, headers = _get(served.url)
        assert status == 200 and "<html" in body.lower()
        assert headers["Referrer-Policy"] == "no-referrer"  # a token in the URL never leaks as Referer
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_the_page_works_offline(tmp_path):
    """No font, script or stylesheet from the internet: the font textual-serve ships is served locally."""
    with running_serve(tmp_path) as served:
        _, body, _ = _get(served.url)
        assert "googleapis" not in body and "https://" not in body
        assert "@font-face" in body and "RobotoMono-VariableFont_wght.ttf" in body
        status, font, _ = _get(f"{served.origin}/static/fonts/RobotoMono-VariableFont_wght.ttf")
        assert status == 200 and len(font) > 1000
        assert _get(f"{served.origin}/static/")[0] in (403, 404)  # no folder listing


def test_a_token_is_required_when_asked_for(tmp_path):
    """Off loopback a token is always required (see test_serve_limits); --token asks for one here too.

    Bound to 127.0.0.2, a loopback alias: these tests never listen on a real network address.
    """
    with running_serve(tmp_path, "--token", host="127.0.0.2") as served:
        token = served.token
        assert token and len(token) >= 20
        assert _get(f"{served.origin}/")[0] == 403
        assert _get(f"{served.origin}/?token=wrong")[0] == 403
        status, body, _ = _get(served.url)
        assert status == 200 and f"/ws/{token}" in body
        assert asyncio.run(_status(served.ws_url(token=""), served.origin)) == 403
        assert asyncio.run(_status(served.ws_url(token="x" * len(token)), served.origin)) == 403
        assert asyncio.run(_status(served.ws_url(), "http://evil.example")) == 403  # token alone is not enough
        assert asyncio.run(_status(served.ws_url(), served.origin)) == 101


async def _open_tab(url: str, origin: str):
    status, session, ws = await connect(url, origin)
    assert status == 101
    tab = Tab(ws)
    await tab.wait_for(b"What is your name")
    return session, ws


def test_sigterm_stops_the_server_and_its_tab_processes(tmp_path):
    with running_serve(tmp_path) as served:

        async def scenario():
            session, ws = await _open_tab(served.ws_url(), served.origin)
            tabs = children_of(served.proc.pid)
            assert len(tabs) == 1
            # A tab that never answers (stopped) must not hold the server up.
            subprocess.run(["kill", "-STOP", str(tabs[0])], check=True)
            served.proc.send_signal(signal.SIGTERM)
            await asyncio.get_running_loop().run_in_executor(None, served.proc.wait, DEADLINE)
            await session.close()
            return tabs

        tabs = asyncio.run(scenario())
        assert served.proc.returncode is not None
        assert wait_until(lambda: not any(alive(pid) for pid in tabs))


def test_a_killed_server_leaves_no_tab_processes(tmp_path):
    """SIGKILL cannot be caught: the tab processes ask Linux to end them with their parent."""
    with running_serve(tmp_path) as served:

        async def scenario():
            session, ws = await _open_tab(served.ws_url(), served.origin)
            tabs = children_of(served.proc.pid)
            served.proc.kill()
            served.proc.wait(DEADLINE)
            await session.close()
            return tabs

        tabs = asyncio.run(scenario())
        assert tabs
        assert wait_until(lambda: not any(alive(pid) for pid in tabs))


def test_an_oversized_message_ends_only_that_session(tmp_path):
    """200 KB of keystrokes in one message took 1.9 GB before; now the session is closed, the server goes on."""
    with running_serve(tmp_path) as served:

        async def scenario():
            session, ws = await _open_tab(served.ws_url(), served.origin)
            await ws.send_json(["stdin", "x" * 200_000])
            message = await asyncio.wait_for(ws.receive(), DEADLINE)
            while message.type in (WSMsgType.TEXT, WSMsgType.BINARY):  # screen updates until the close
                message = await asyncio.wait_for(ws.receive(), DEADLINE)
            await session.close()
            return ws.close_code

        # 1009 "message too big" when the close frame is read first. The server closes with the rest of the
        # 200 KB unread, so its kernel answers with a TCP reset; a client slower to read than that reset (a
        # loaded machine) loses the frame and sees 1006. Either way the session is over, and so is its tab.
        assert asyncio.run(scenario()) in (WSCloseCode.MESSAGE_TOO_BIG, WSCloseCode.ABNORMAL_CLOSURE)
        assert wait_until(lambda: children_of(served.proc.pid) == [])
        assert served.proc.poll() is None
        assert asyncio.run(_status(served.ws_url(), served.origin)) == 101
