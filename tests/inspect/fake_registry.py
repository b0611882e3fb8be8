"""The quiet request handler the fake registries of the inspect and security tests build on."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler


class QuietHandler(BaseHTTPRequestHandler):
    """Answers without logging; HEAD is GET without the body. Subclasses write ``do_GET``."""

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers=()) -> None:
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()
