"""A read-only client for the Distribution (OCI distribution-spec) HTTP API.

Only GET and HEAD are ever sent. Authentication follows Docker's token flow
(distribution docs/spec/auth/token.md): a 401 with ``WWW-Authenticate: Basic`` is retried with
the credentials; ``Bearer realm=…,service=…,scope=…`` fetches a token from the realm (with the
credentials, if any) and retries with it. Paging follows ``Link: <…>; rel="next"`` headers.
Credentials come from flags or ``~/.docker/config.json`` (``auths.<host>.auth``); they are never
printed, and every error message is built without them.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# Every manifest kind a registry may hold: HEAD/GET with all of them, so a registry never refuses
# an OCI manifest or index for want of an Accept header (distribution v3 handlers/manifests.go).
MANIFEST_TYPES = (
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
)
MAX_PAGES = 1000  # a registry that keeps answering rel="next" forever is stopped here
MAX_BODY = 8 * 1024 * 1024  # no catalog page, tag list or manifest is larger than this


class RegistryError(Exception):
    """A failure worded for the user: what went wrong and what to try. Never holds a credential."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Credentials:
    username: str
    password: str = field(repr=False)

    def basic(self) -> str:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        return f"Basic {token}"


def base_url(url: str) -> str:
    """``localhost:5000`` -> ``http://localhost:5000``; ``registry.example.com`` -> ``https://…``.

    Without a scheme, loopback hosts get plain HTTP (as Docker treats ``localhost`` registries as
    insecure by default), every other host HTTPS.
    """
    text = url.strip().rstrip("/")
    if not text:
        raise RegistryError("no registry URL given (for example http://localhost:5000)")
    if "://" not in text:
        host = text.split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
        loopback = host == "localhost" or host.startswith("127.") or host == "::1"
        text = ("http://" if loopback else "https://") + text
    parsed = urllib.parse.urlsplit(text)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise RegistryError(f"not a registry URL: {url!r} (use http://HOST:PORT or https://HOST)")
    if parsed.path.rstrip("/") not in ("", "/v2"):
        raise RegistryError(f"give the registry's address without a path: {parsed.scheme}://{parsed.netloc}")
    return f"{parsed.scheme}://{parsed.netloc}"


def docker_config_credentials(host: str, config_dir: Path | None = None) -> Credentials | None:
    """The ``auths`` entry Docker's ``login`` wrote for ``host`` in ``config.json`` (no credential helpers)."""
    folder = config_dir or Path(os.environ.get("DOCKER_CONFIG") or Path.home() / ".docker")
    try:
        data = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    auths = data.get("auths") if isinstance(data, dict) else None
    if not isinstance(auths, dict):
        return None
    for key in (host, f"https://{host}", f"http://{host}"):
        entry = auths.get(key)
        if isinstance(entry, dict) and isinstance(entry.get("auth"), str):
            try:
                user, _, password = base64.b64decode(entry["auth"]).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return None
            if user:
                return Credentials(user, password)
    return None


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes


class RegistryClient:
    def __init__(
        self,
        url: str,
        credentials: Credentials | None = None,
        *,
        timeout: float = 10.0,
        verify_tls: bool = True,
    ) -> None:
        self.base = base_url(url)
        self.host = urllib.parse.urlsplit(self.base).netloc
        self.credentials = credentials
        self.timeout = timeout
        self._tls = ssl.create_default_context() if verify_tls else ssl._create_unverified_context()
        self._authorization: dict[str, str] = {}  # scope -> Authorization header value
        opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=self._tls), _NoRedirectToOtherHosts(self.base)
        )
        self._open = opener.open

    # --- the API ------------------------------------------------------------------------------

    def ping(self) -> None:
        """GET /v2/: is this a Distribution API registry, and may we talk to it?"""
        response = self._request("GET", "/v2/", scope="")
        if response.status != 200:
            raise self._error(response, "GET /v2/")

    def catalog(self, page_size: int = 100) -> list[str]:
        return self._paged(f"/v2/_catalog?n={page_size}", "repositories", scope="registry:catalog:*")

    def tags(self, repository: str, page_size: int = 100) -> list[str]:
        return self._paged(
            f"/v2/{_name(repository)}/tags/list?n={page_size}", "tags", scope=f"repository:{repository}:pull"
        )

    def manifest(self, repository: str, reference: str) -> tuple[str, str, bytes]:
        """(digest, media type, body) of a manifest by tag or digest."""
        response = self._request(
            "GET",
            f"/v2/{_name(repository)}/manifests/{_reference(reference)}",
            headers={"Accept": ", ".join(MANIFEST_TYPES)},
            scope=f"repository:{repository}:pull",
        )
        if response.status != 200:
            raise self._error(response, f"GET /v2/{repository}/manifests/{reference}")
        import hashlib

        digest = response.headers.get("docker-content-digest") or "sha256:" + hashlib.sha256(response.body).hexdigest()
        media_type = response.headers.get("content-type", "").split(";", 1)[0].strip()
        return digest, media_type, response.body

    def manifest_exists(self, repository: str, digest: str) -> bool:
        response = self._request(
            "HEAD",
            f"/v2/{_name(repository)}/manifests/{_reference(digest)}",
            headers={"Accept": ", ".join(MANIFEST_TYPES)},
            scope=f"repository:{repository}:pull",
        )
        if response.status == 404:
            return False
        if response.status != 200:
            raise self._error(response, f"HEAD /v2/{repository}/manifests/{digest}")
        return True

    # --- plumbing -----------------------------------------------------------------------------

    def _paged(self, target: str, key: str, scope: str) -> list[str]:
        items: list[str] = []
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            response = self._request("GET", target, scope=scope)
            if response.status != 200:
                raise self._error(response, f"GET {target.split('?', 1)[0]}")
            try:
                page = json.loads(response.body)[key] or []
            except (ValueError, KeyError, TypeError):
                raise RegistryError(f"GET {target.split('?', 1)[0]}: the registry's answer is not the JSON the API defines") from None
            items.extend(str(item) for item in page)
            following = _next_link(response.headers.get("link", ""))
            if not following or following in seen:
                return items
            seen.add(following)
            target = following
        raise RegistryError(f"GET {target.split('?', 1)[0]}: more than {MAX_PAGES} pages; stopped")

    def _request(self, method: str, target: str, *, headers: dict | None = None, scope: str) -> Response:
        response = self._send(method, target, headers, self._authorization.get(scope))
        if response.status == 401:
            authorization = self._authorize(response.headers.get("www-authenticate", ""), scope)
            if authorization is not None:
                self._authorization[scope] = authorization
                response = self._send(method, target, headers, authorization)
        return response

    def _authorize(self, challenge: str, scope: str) -> str | None:
        scheme, _, rest = challenge.partition(" ")
        params = dict(re.findall(r'(\w+)="([^"]*)"', rest))
        if scheme.lower() == "basic":
            return self.credentials.basic() if self.credentials else None
        if scheme.lower() != "bearer" or "realm" not in params:
            return None
        query = {"service": params.get("service", "")}
        wanted = params.get("scope") or scope
        if wanted:
            query["scope"] = wanted
        realm = params["realm"]
        if not realm.startswith(("https://", "http://")):
            return None
        url = realm + ("&" if "?" in realm else "?") + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, method="GET")
        if self.credentials:
            request.add_header("Authorization", self.credentials.basic())
        response = self._exchange(request, "the token service")
        if response.status != 200:
            raise self._error(response, "the token service")
        try:
            data = json.loads(response.body)
            token = data.get("token") or data.get("access_token")
        except (ValueError, AttributeError):
            token = None
        if not token:
            raise RegistryError("the token service answered without a token")
        return f"Bearer {token}"

    def _send(self, method: str, target: str, headers: dict | None, authorization: str | None) -> Response:
        url = target if target.startswith(("http://", "https://")) else self.base + target
        if not url.startswith(self.base + "/"):
            raise RegistryError(f"the registry pointed at another server ({urllib.parse.urlsplit(url).netloc}); not followed")
        request = urllib.request.Request(url, method=method, headers=dict(headers or {}))
        if authorization:
            request.add_header("Authorization", authorization)
        return self._exchange(request, f"{method} {urllib.parse.urlsplit(url).path}")

    def _exchange(self, request: urllib.request.Request, what: str) -> Response:
        try:
            with self._open(request, timeout=self.timeout) as reply:
                return Response(reply.status, _headers(reply.headers), reply.read(MAX_BODY))
        except urllib.error.HTTPError as exc:
            body = exc.read(MAX_BODY) if exc.fp is not None else b""
            return Response(exc.code, _headers(exc.headers), body)
        except urllib.error.URLError as exc:
            raise RegistryError(_network_message(self.base, exc.reason)) from None
        except TimeoutError:
            raise RegistryError(f"{self.base}: no answer within {self.timeout:g} s ({what})") from None
        except (ConnectionError, OSError) as exc:
            raise RegistryError(_network_message(self.base, exc)) from None

    def _error(self, response: Response, what: str) -> RegistryError:
        status = response.status
        codes = _error_codes(response.body)
        detail = f" ({', '.join(codes)})" if codes else ""
        if status == 401:
            hint = "give --username/--password-stdin, or `docker login` first" if not self.credentials else "check the credentials"
            return RegistryError(f"{what}: authentication required{detail}; {hint}", status)
        if status == 403:
            return RegistryError(f"{what}: access denied{detail}", status)
        if status == 404 and what == "GET /v2/":
            return RegistryError(f"{self.base} does not serve the registry API (GET /v2/ answered 404)", status)
        if status == 404 and "_catalog" in what:
            return RegistryError(f"{what}: this registry does not list its repositories; name them with --repo", status)
        if status == 404:
            return RegistryError(f"{what}: not found{detail}", status)
        if status == 429:
            wait = response.headers.get("retry-after")
            return RegistryError(
                f"{what}: rate limited by the registry{detail}" + (f"; retry after {wait} s" if wait else ""), status
            )
        return RegistryError(f"{what}: the registry answered HTTP {status}{detail}", status)


class _NoRedirectToOtherHosts(urllib.request.HTTPRedirectHandler):
    """Follow redirects (gorilla's StrictSlash 301s) only within the registry itself: credentials stay home."""

    def __init__(self, base: str) -> None:
        self.base = base

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        if not newurl.startswith(self.base + "/"):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _name(repository: str) -> str:
    """A repository name as a URL path: a catalog can hold names the API forbids (non-ASCII, `?`, spaces);
    percent-encoded, they are asked for as written instead of crashing the request or changing its URL."""
    return urllib.parse.quote(repository, safe="/")


def _reference(reference: str) -> str:
    """A tag or digest as one URL path segment (a tag list can hold a `/` or `?` too)."""
    return urllib.parse.quote(reference, safe=":")


def _headers(message) -> dict[str, str]:  # noqa: ANN001
    return {k.lower(): v for k, v in (message.items() if message is not None else ())}


def _next_link(link: str) -> str | None:
    match = re.search(r'<([^>]+)>\s*;\s*rel="?next"?', link)
    return match.group(1) if match else None


def _error_codes(body: bytes) -> list[str]:
    try:
        errors = json.loads(body).get("errors") or []
        return [str(e.get("code")) for e in errors if isinstance(e, dict) and e.get("code")][:3]
    except (ValueError, AttributeError):
        return []


def _network_message(base: str, reason: object) -> str:
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"{base}: TLS certificate not trusted ({reason.verify_message}); use --insecure to skip the check"
    if isinstance(reason, ssl.SSLError):
        hint = f"; for a plain-HTTP registry use {base.replace('https://', 'http://', 1)}" if base.startswith("https://") else ""
        return f"{base}: TLS error ({getattr(reason, 'reason', None) or reason}){hint}"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"{base}: no answer (timed out)"
    if isinstance(reason, ConnectionRefusedError):
        return f"{base}: connection refused (is a registry listening there?)"
    if isinstance(reason, socket.gaierror):
        return f"{base}: host not found"
    text = getattr(reason, "strerror", None) or str(reason)
    return f"{base}: cannot connect ({text})"
