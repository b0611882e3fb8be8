"""The inspect client's auth, paging and errors, against a small fake registry on 127.0.0.1."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import threading
from http.server import ThreadingHTTPServer

import pytest

from tests.inspect.fake_registry import QuietHandler
from tutor.inspect.audit import highest_version, inspect_registry, version_key
from tutor.inspect.client import (
    Credentials,
    RegistryClient,
    RegistryError,
    base_url,
    docker_config_credentials,
)

MANIFEST = b'{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}'
DIGEST = "sha256:" + hashlib.sha256(MANIFEST).hexdigest()


def make_handler(mode: str, seen: list):
    class Handler(QuietHandler):
        def do_GET(self):
            seen.append((self.command, self.path, self.headers.get("Authorization")))
            if self.path.startswith("/token"):
                if self.headers.get("Authorization") != Credentials("ada", "s3cret").basic():
                    return self._send(401)
                return self._send(200, json.dumps({"token": "T0K"}).encode())
            if mode == "ratelimit":
                return self._send(429, b'{"errors":[{"code":"TOOMANYREQUESTS"}]}', [("Retry-After", "30")])
            auth = self.headers.get("Authorization")
            if mode == "basic" and auth != Credentials("ada", "s3cret").basic():
                return self._send(401, b'{"errors":[{"code":"UNAUTHORIZED"}]}', [("WWW-Authenticate", 'Basic realm="r"')])
            if mode == "bearer" and auth != "Bearer T0K":
                port = self.server.server_address[1]
                challenge = f'Bearer realm="http://127.0.0.1:{port}/token",service="fake"'
                return self._send(401, b"", [("WWW-Authenticate", challenge)])
            if self.path == "/v2/":
                return self._send(200, b"{}")
            if self.path.startswith("/v2/_catalog"):
                if "last=app1" in self.path:
                    return self._send(200, b'{"repositories":["app2"]}')
                return self._send(200, b'{"repositories":["app1"]}', [("Link", '</v2/_catalog?last=app1&n=1>; rel="next"')])
            if "/tags/list" in self.path:
                return self._send(200, b'{"name":"x","tags":["1.0","latest"]}')
            if "/manifests/" in self.path:
                return self._send(
                    200, MANIFEST, [("Content-Type", "application/vnd.oci.image.manifest.v1+json"), ("Docker-Content-Digest", DIGEST)]
                )
            return self._send(404)

    return Handler


@contextlib.contextmanager
def fake_registry(mode: str):
    seen: list = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(mode, seen))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def test_basic_auth_retries_with_the_credentials_and_follows_catalog_paging():
    with fake_registry("basic") as (url, seen):
        report = inspect_registry(RegistryClient(url, Credentials("ada", "s3cret"), timeout=5))
    assert [shelf.name for shelf in report.shelves] == ["app1", "app2"]
    assert report.shelves[0].tags == {"1.0": DIGEST, "latest": DIGEST}
    assert not report.stale


def test_bearer_token_flow_gets_a_token_from_the_realm_with_the_credentials():
    with fake_registry("bearer") as (url, seen):
        client = RegistryClient(url, Credentials("ada", "s3cret"), timeout=5)
        assert client.catalog() == ["app1", "app2"]
    assert any(path.startswith("/token?service=fake") for _, path, _ in seen)
    assert seen[-1][2] == "Bearer T0K"


def test_a_wrong_password_is_an_authentication_error_that_never_shows_the_password():
    with fake_registry("basic") as (url, _):
        with pytest.raises(RegistryError) as caught:
            RegistryClient(url, Credentials("ada", "wrong-pass"), timeout=5).ping()
    assert "authentication required" in str(caught.value) and "wrong-pass" not in str(caught.value)
    assert "wrong-pass" not in repr(Credentials("ada", "wrong-pass"))


def test_rate_limits_say_when_to_retry():
    with fake_registry("ratelimit") as (url, _):
        with pytest.raises(RegistryError, match=r"rate limited .*TOOMANYREQUESTS.*retry after 30 s"):
            RegistryClient(url, timeout=5).ping()


def test_urls_without_a_scheme_use_http_only_for_loopback():
    assert base_url("localhost:5000") == "http://localhost:5000"
    assert base_url("127.0.0.1:5000/") == "http://127.0.0.1:5000"
    assert base_url("registry.example.com") == "https://registry.example.com"
    assert base_url("https://r.example.com/v2/") == "https://r.example.com"
    with pytest.raises(RegistryError):
        base_url("https://r.example.com/some/path")


def test_credentials_come_from_docker_config_json(tmp_path):
    auth = base64.b64encode(b"ada:s3cret").decode()
    (tmp_path / "config.json").write_text(json.dumps({"auths": {"registry.example.com": {"auth": auth}}}))
    found = docker_config_credentials("registry.example.com", tmp_path)
    assert found is not None and (found.username, found.password) == ("ada", "s3cret")
    assert docker_config_credentials("other.example.com", tmp_path) is None


def test_version_order_puts_the_highest_release_first():
    tags = ["1.0", "1.10", "1.9", "2.0-rc1", "latest", "v1.2.4", "1", "sha-abc"]
    assert highest_version(tags) == "1.10"  # a release, not 2.0-rc1: `latest` belongs on a release
    assert highest_version(["2.0-rc1", "2.0-rc2"]) == "2.0-rc2"
    assert highest_version(["latest", "main"]) is None
    assert version_key("latest") is None and version_key("sha-abc") is None
    assert version_key("2.0-rc1") < version_key("2.0") and version_key("1.2") < version_key("1.2.0")
