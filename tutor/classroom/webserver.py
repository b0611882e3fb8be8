"""textual-serve, locked down for a classroom: ``TutorServer`` and ``TabService``.

textual-serve's ``Server`` runs one app process per websocket and relays its screen.
Out of the box any web page may open that websocket (no ``Origin`` check), a browser
may ask for a 10000x10000 terminal or pour keystrokes in without limit, tab processes
outlive a killed server, and the page fetches its font from Google. Here:

* the websocket is refused (403) unless its ``Origin`` is this server's own; on a loopback
  bind the ``Host`` must be a loopback name too (a DNS-rebinding page has neither);
* with a token (always on a non-loopback bind) the page and the websocket need it in the URL;
* per session: terminal size clamped, messages capped in size and rate (token buckets),
  a cap on concurrent sessions; each tab process starts through ``tutor.classroom.tab``
  (memory and CPU rlimits, dies with the server) in its own process group;
* SIGTERM/SIGINT stop it: tab process groups are killed, websockets closed; if the graceful
  path stalls, a watchdog kills everything; a second signal exits at once;
* the page uses the font bundled with textual-serve (no internet needed) and is served with
  headers that keep the token out of ``Referer`` and the page out of other sites' frames.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from aiohttp.web_runner import GracefulExit
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tutor.classroom.policy import LOOPBACK_NAMES, WILDCARD_HOSTS, Limits, is_loopback

log = logging.getLogger("textual-serve")

class TokenBucket:
    """``rate`` units a second, up to ``burst`` saved up; ``take(n)`` says whether ``n`` may pass now."""

    def __init__(self, rate: float, burst: float, clock=time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.level = float(burst)
        self.last = clock()

    def take(self, amount: float) -> bool:
        now = self.clock()
        self.level = min(self.burst, self.level + (now - self.last) * self.rate)
        self.last = now
        if amount > self.level:
            return False
        self.level -= amount
        return True


def clamp_size(width: object, height: object, limits: Limits) -> tuple[int, int]:
    """A terminal size from the browser, made sane (non-numbers fall back to 80x24)."""
    w = width if isinstance(width, int) and not isinstance(width, bool) else 80
    h = height if isinstance(height, int) and not isinstance(height, bool) else 24
    return max(10, min(w, limits.max_columns)), max(5, min(h, limits.max_rows))


def _origin(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL, lowercased, default ports dropped; None if it has none."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = 443 if parts.scheme == "https" else 80
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


class TabService(AppService):
    """One tab's process: started without a shell, in its own process group, killed if it will not quit."""

    def __init__(self, argv: list[str], *, limits: Limits, extra_env: dict[str, str], **kwargs) -> None:
        super().__init__(argv[0], **kwargs)
        self.argv = argv
        self.limits = limits
        self.extra_env = extra_env

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = 80, height: int = 24):
        environment = self._build_environment(width=width, height=height)
        environment.update(self.extra_env)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,  # its own process group: killed as one, never by the terminal's ^C
        )
        self._stdin = process.stdin
        return process

    def kill(self, sig: int = signal.SIGKILL) -> None:
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    async def stop(self) -> None:
        """Ask the app to quit; kill its process group if it has not within the grace period."""
        if self._task is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(asyncio.shield(self._task), self.limits.stop_grace_seconds)
        except (TimeoutError, asyncio.CancelledError):
            self.kill()
        self.kill()  # the app has quit; anything it left in its group goes too
        task, self._task = self._task, None
        if task is not None:
            try:
                await asyncio.wait_for(task, self.limits.stop_grace_seconds)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()


class TutorServer(Server):
    """textual-serve's Server with the classroom's locks (see the module docstring)."""

    def __init__(
        self,
        tab_argv: list[str],
        host: str,
        port: int,
        *,
        token: str | None = None,
        limits: Limits | None = None,
        public_url: str | None = None,
        title: str = "registry-tutor",
        out=None,
    ) -> None:
        super().__init__(" ".join(tab_argv), host=host, port=port, title=title, public_url=public_url)
        self.tab_argv = tab_argv
        self.token = token
        self.limits = limits or Limits()
        self.given_public_url = public_url
        self.out = out or sys.stdout
        self.services: set[TabService] = set()
        self.websockets: set[web.WebSocketResponse] = set()
        self.allowed_origins = self._allowed_origins()
        self._stopping = False

    # --- who may connect ------------------------------------------------------------------------

    def _allowed_origins(self) -> set[str]:
        port = self.port
        origins: set[str] = set()
        if self.given_public_url and (origin := _origin(self.given_public_url)):
            origins.add(origin)
        if self.host not in WILDCARD_HOSTS:
            host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
            origins.add(f"http://{host.lower()}:{port}")
        if is_loopback(self.host):
            origins.update(f"http://{name}:{port}" for name in LOOPBACK_NAMES)
        return origins

    def origin_allowed(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if not origin or _origin(origin) is None:
            return False
        origin = _origin(origin)
        if origin in self.allowed_origins:
            return True
        # Not on a loopback bind (a token is required there): this server's own page, under whatever
        # name this machine was reached by, is also its own origin.
        if not is_loopback(self.host) and request.host:
            return origin == _origin(f"{request.scheme}://{request.host}")
        return False

    def host_allowed(self, request: web.Request) -> bool:
        """On a loopback bind, a page reached by any other name is a DNS-rebinding attempt."""
        if not is_loopback(self.host) or self.given_public_url:
            return True
        name = (request.host or "").rsplit(":", 1)[0] if not (request.host or "").endswith("]") else request.host
        return is_loopback(name)

    def token_ok(self, given: str | None) -> bool:
        if self.token is None:
            return True
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    # --- the web app ----------------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        import aiohttp_jinja2
        import jinja2

        app = web.Application(middlewares=[self._headers_middleware])
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": offline_index_template(self)}))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/ws/{token}", self.handle_websocket, name="websocket_token"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _headers_middleware(self, request: web.Request, handler):
        if not self.host_allowed(request):
            return web.Response(status=403, text="registry-tutor: this address is not served here.\n")
        response = await handler(request)
        if isinstance(response, web.StreamResponse) and not response.prepared:
            response.headers["Referrer-Policy"] = "no-referrer"  # the token stays out of Referer
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
            response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        import aiohttp_jinja2

        if not self.token_ok(request.query.get("token")):
            return web.Response(
                status=403,
                text="registry-tutor: this tutor needs its full address, with the ?token=… part, "
                "as printed where `registry-tutor serve` was started.\n",
            )
        font_size = max(8, min(to_int(request.query.get("fontsize", "16"), 16), 48))
        base = self.given_public_url.rstrip("/") if self.given_public_url else f"{request.scheme}://{request.host}"
        ws_base = ("wss:" if base.startswith("https") else "ws:") + base.split(":", 1)[1]
        ws_path = f"/ws/{self.token}" if self.token else "/ws"
        context = {
            "font_size": font_size,
            "app_websocket_url": ws_base + ws_path,
            "config": {"static": {"url": base + "/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.origin_allowed(request):
            log.warning("refused a websocket from origin %r", request.headers.get("Origin"))
            return web.Response(status=403, text="registry-tutor: connections from other sites are refused.\n")
        if not self.token_ok(request.match_info.get("token")):
            return web.Response(status=403, text="registry-tutor: wrong or missing session token.\n")
        if self._stopping:
            return web.Response(status=503, text="registry-tutor: the server is stopping.\n")
        if len(self.services) >= self.limits.max_sessions:
            return web.Response(status=503, text="registry-tutor: too many sessions open; try again later.\n")

        limits = self.limits
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=limits.max_message_bytes)
        width, height = clamp_size(
            to_int(request.query.get("width", "80"), 80), to_int(request.query.get("height", "24"), 24), limits
        )
        service: TabService | None = None
        try:
            await websocket.prepare(request)
            self.websockets.add(websocket)
            service = TabService(
                self.tab_argv,
                limits=limits,
                extra_env={"REGISTRY_TUTOR_SERVED": "1"},
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.services.add(service)
            await service.start(width, height)
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 - one broken session must not stop the others
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
                self.services.discard(service)
            self.websockets.discard(websocket)
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """Relay the browser's messages, each checked: a JSON list, in size and rate limits."""
        limits = self.limits
        text_budget = TokenBucket(limits.input_bytes_per_second, limits.input_burst_bytes)
        message_budget = TokenBucket(limits.messages_per_second, limits.message_burst)
        warned = False
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            if not message_budget.take(1):
                if not warned:
                    log.warning("a session sends too fast; dropping its messages for now")
                    warned = True
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind = envelope[0]
            data = envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                encoded = data.encode("utf-8", "replace")
                if not text_budget.take(len(encoded)):
                    if not warned:
                        log.warning("a session types or pastes too fast; dropping input for now")
                        warned = True
                    continue
                await app_service.send_bytes(encoded)
            elif kind == "resize" and isinstance(data, dict):
                await app_service.set_terminal_size(*clamp_size(data.get("width"), data.get("height"), limits))
            elif kind == "ping" and isinstance(data, (str, int, float)):
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    # --- start and stop -------------------------------------------------------------------------

    async def on_startup(self, app: web.Application) -> None:
        pass  # the address is printed by serve() before the port opens (textual-serve prints a logo)

    async def on_shutdown(self, app: web.Application) -> None:
        self._stopping = True
        self.kill_tabs(signal.SIGTERM)
        deadline = time.monotonic() + self.limits.stop_grace_seconds
        while any(s._process and s._process.returncode is None for s in self.services):
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
        self.kill_tabs(signal.SIGKILL)
        for websocket in list(self.websockets):
            await websocket.close(code=1001, message=b"server stopping")

    def kill_tabs(self, sig: int = signal.SIGKILL) -> None:
        for service in list(self.services):
            service.kill(sig)

    def request_exit(self) -> None:
        """First SIGTERM/SIGINT: stop gracefully, with a watchdog; a second one: stop now."""
        if self._stopping:
            self._hard_exit()
        self._stopping = True
        watchdog = threading.Timer(self.limits.stop_grace_seconds + 5, self._hard_exit)
        watchdog.daemon = True
        watchdog.start()
        raise GracefulExit()

    def _hard_exit(self) -> None:
        self.kill_tabs(signal.SIGKILL)
        os._exit(1)

    def serve(self, debug: bool = False, sock=None) -> None:
        """Serve until stopped; ``sock``: a socket already listening (so a port in use was reported first)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.request_exit)
            except (NotImplementedError, RuntimeError):
                pass
        try:
            web.run_app(
                self._make_app(),
                host=None if sock else self.host,
                port=None if sock else self.port,
                sock=sock,
                handle_signals=False,
                loop=loop,
                print=lambda *args: None,
                shutdown_timeout=self.limits.stop_grace_seconds,
            )
        finally:
            self.kill_tabs(signal.SIGKILL)


def offline_index_template(server: Server) -> str:
    """textual-serve's page with its Google Fonts link replaced by the font it ships in ``static/fonts``."""
    source = (Path(server.templates_path) / "app_index.html").read_text(encoding="utf-8")
    local_fonts = """<link rel="preload" href="{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf"
      as="font" type="font/ttf" crossorigin />
    <style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700; font-style: normal; font-display: block;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-weight: 100 700; font-style: italic; font-display: block;
      }
    </style>"""
    start = source.find('<link\n      rel="stylesheet"\n      href="https://fonts.googleapis.com')
    if start == -1:  # another textual-serve version: drop any remote stylesheet link, whatever its layout
        import re

        source, count = re.subn(r"<link[^>]*https?://[^>]*>", local_fonts, source, count=1)
        return source if count else source.replace("</head>", local_fonts + "\n  </head>", 1)
    end = source.index("/>", start) + 2
    return source[:start] + local_fonts + source[end:]
