"""The registry's HTTP API as CNCF Distribution (registry 3.x) answers it, and Docker Hub's anonymous 401.

Pure: a ``Request`` goes in, a ``Response`` comes out (status, headers in the order Go writes
them, body bytes, events). ``curl`` prints it; anything else may reuse it.

Sources (distribution/distribution v3): ``registry/handlers/{app,manifests,tags,catalog,blob}.go``,
``registry/api/errcode/{errors,handler}.go``, ``registry/api/v2/routes.go`` (gorilla/mux with
StrictSlash), gorilla/handlers ``MethodHandler``; Go ``net/http`` for the header order:
headers the handler set, sorted by canonical key, then ``Date``, then a ``Content-Length``
the server computed for a body the handler wrote without one.

What the simulated registry's configuration is (what ``registry:3`` ships as
/etc/distribution/config.yml, plus deletion): ``http.headers: X-Content-Type-Options: [nosniff]``
(added to every routed response) and ``storage.delete.enabled: true`` (``Registry.delete_enabled``).

Simplified, and said so: starting a blob upload session, sending data (``docker push`` does both) and
byte ranges raise ``NotSimulated``; what the registry answers to requests without data (an upload it never
started, a manifest PUT with an empty body) and cross-repository mounts are simulated. Layer blobs have
no bytes (``Response.opaque``).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote_plus

from tutor.sim import events as ev
from tutor.sim.content import EPOCH, OCI_INDEX, OCI_MANIFEST
from tutor.sim.errors import InvalidReference, SimError
from tutor.sim.fs import normalize
from tutor.sim.reference import is_valid_digest, validate_digest, with_name
from tutor.sim.registry import Registry

__all__ = [
    "API_VERSION",
    "DEFAULT_CATALOG_ENTRIES",
    "MAX_CATALOG_ENTRIES",
    "MAX_TAGS",
    "NotSimulated",
    "Request",
    "Response",
    "error_body",
    "http_date",
    "serve",
    "serve_hub",
]

API_VERSION = "registry/2.0"
DEFAULT_CATALOG_ENTRIES = 100  # handlers/catalog.go defaultReturnedEntries
MAX_CATALOG_ENTRIES = 1000  # configuration.go defaultMaxEntries (catalog.maxentries)
MAX_TAGS = 1000  # configuration.go defaultMaxTags (tags.maxtags)

# Go's http.StatusText for the statuses these handlers produce.
STATUS_TEXT = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    301: "Moved Permanently",
    304: "Not Modified",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
}

# registry/api/errcode/register.go: code -> (message, HTTP status)
ERRORS: dict[str, tuple[str, int]] = {
    "BLOB_UNKNOWN": ("blob unknown to registry", 404),
    "BLOB_UPLOAD_INVALID": ("blob upload invalid", 404),
    "BLOB_UPLOAD_UNKNOWN": ("blob upload unknown to registry", 404),
    "DIGEST_INVALID": ("provided digest did not match uploaded content", 400),
    "MANIFEST_INVALID": ("manifest invalid", 400),
    "MANIFEST_UNKNOWN": ("manifest unknown", 404),
    "NAME_INVALID": ("invalid repository name", 400),
    "NAME_UNKNOWN": ("repository name not known to registry", 404),
    "UNAUTHORIZED": ("authentication required", 401),
    "UNSUPPORTED": ("The operation is unsupported.", 405),
    "PAGINATION_NUMBER_INVALID": ("invalid number of results requested", 400),
    "UNKNOWN": ("unknown error", 500),
}

_NO_DETAIL = object()  # Go's `omitempty`: no "detail" key at all (as opposed to "detail":null)


class NotSimulated(SimError):
    """A request the simulated registry does not model (uploads); the message says so plainly."""


# --- requests and responses ------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One HTTP request as the server sees it: ``target`` is the request-line path with its query."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> dict[str, str]:
        """Go ``r.URL.Query()`` + ``Get``: the first value of each key, unescaped; bad pairs dropped."""
        values: dict[str, str] = {}
        raw = self.target.split("?", 1)[1] if "?" in self.target else ""
        for pair in raw.split("&"):
            if not pair or ";" in pair:
                continue
            key, _, value = pair.partition("=")
            if not _valid_escapes(key) or not _valid_escapes(value):
                continue
            values.setdefault(unquote_plus(key), unquote_plus(value))
        return values

    def header_values(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]


@dataclass
class Response:
    """One HTTP response of the registry API: status, headers, body and events."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""
    events: list[ev.Event] = field(default_factory=list)
    proto: str = "HTTP/1.1"
    #: the body is a layer blob: real bytes the simulator does not have (``Content-Length`` is real)
    opaque: bool = False

    @property
    def reason(self) -> str:
        return STATUS_TEXT.get(self.status, "")

    @property
    def status_line(self) -> str:
        return f"{self.proto} {self.status} {self.reason}"

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


def http_date(clock: int) -> str:
    """Go ``http.TimeFormat`` of the simulated clock: ``Thu, 01 Jan 2026 00:00:07 GMT``."""
    moment = _dt.datetime.fromtimestamp(EPOCH + clock, _dt.UTC)
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return (
        f"{days[moment.weekday()]}, {moment.day:02d} {months[moment.month - 1]} {moment.year} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} GMT"
    )


def go_json(obj: object) -> bytes:
    """``json.NewEncoder(w).Encode(obj)``: compact, HTML-safe escapes, a trailing newline."""
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text.encode() + b"\n"


def error_body(*errors: tuple) -> bytes:
    """``errcode.Errors`` as JSON: each item is (code, detail) or (code, detail, message)."""
    items = []
    for error in errors:
        code, detail = error[0], error[1]
        message = error[2] if len(error) > 2 else ERRORS[code][0]
        item: dict[str, object] = {"code": code, "message": message}
        if detail is not _NO_DETAIL:
            item["detail"] = detail
        items.append(item)
    return go_json({"errors": items})


# --- the response writer: Go's header order ------------------------------------------------


class _Writer:
    """What a Go handler does to ``http.ResponseWriter``, then what net/http puts on the wire."""

    def __init__(self, method: str, clock: int, routed: bool = True) -> None:
        self.method = method
        self.clock = clock
        self.headers: dict[str, str] = {"Docker-Distribution-Api-Version": API_VERSION}
        if routed:  # the dispatcher adds the configured http.headers
            self.headers["X-Content-Type-Options"] = "nosniff"

    def set(self, key: str, value: str) -> None:
        self.headers[key] = value

    def finish(self, status: int, body: bytes = b"", *, opaque: bool = False) -> Response:
        headers = sorted(self.headers.items())
        headers.append(("Date", http_date(self.clock)))
        head = self.method == "HEAD"
        # net/http computes Content-Length when the handler set none; for HEAD only if it wrote bytes
        if "Content-Length" not in self.headers and status not in (204, 304) and (not head or body):
            headers.append(("Content-Length", str(len(body))))
        return Response(status, headers, b"" if head else body, opaque=opaque and not head)

    def error(self, *errors: tuple) -> Response:
        """``errcode.ServeJSON``: the status of the first error, JSON body."""
        self.set("Content-Type", "application/json")
        return self.finish(ERRORS[errors[0][0]][1], error_body(*errors))

    def http_error(self, text: str, status: int) -> Response:
        """Go ``http.Error``: plain text, nosniff, a trailing newline."""
        self.set("Content-Type", "text/plain; charset=utf-8")
        self.set("X-Content-Type-Options", "nosniff")
        return self.finish(status, (text + "\n").encode())


# --- routing (registry/api/v2/routes.go, descriptors.go) --------------------------------------

_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_NAME = rf"(?:{_DOMAIN}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_TAG = r"[\w][\w.-]{0,127}"
# The routes use go-digest's DigestRegexp (descriptors.go), looser than a valid digest: `sha256:abc`
# reaches the blob handler, whose digest.Parse then fails (DIGEST_INVALID), and the manifest handler,
# which takes it as a tag.
_DIGEST = r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+"

_UPLOAD_METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")

# In registration order (gorilla/mux tries routes in order); each with the methods it serves.
_ROUTES: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = [
    ("base", re.compile(r"/v2/"), ()),  # a plain HandlerFunc: every method
    (
        "manifest",
        re.compile(rf"/v2/(?P<name>{_NAME})/manifests/(?P<reference>{_TAG}|{_DIGEST})"),
        ("DELETE", "GET", "HEAD", "PUT"),
    ),
    ("tags", re.compile(rf"/v2/(?P<name>{_NAME})/tags/list"), ("GET",)),
    ("blob", re.compile(rf"/v2/(?P<name>{_NAME})/blobs/(?P<digest>{_DIGEST})"), ("DELETE", "GET", "HEAD")),
    # blobupload.go blobUploadDispatcher: one MethodHandler for both upload routes
    ("upload", re.compile(rf"/v2/(?P<name>{_NAME})/blobs/uploads/"), _UPLOAD_METHODS),
    (
        "upload-chunk",
        re.compile(rf"/v2/(?P<name>{_NAME})/blobs/uploads/(?P<uuid>[a-zA-Z0-9-_.=]+)"),
        _UPLOAD_METHODS,
    ),
    ("catalog", re.compile(r"/v2/_catalog"), ("GET",)),
]

UPLOADS_NOT_SIMULATED = (
    "registry-tutor: uploads through the registry API (blob uploads, manifest PUTs) are not simulated; "
    "docker push does them for you."
)


def _match(path: str) -> tuple[str, re.Match[str], tuple[str, ...]] | None:
    for name, pattern, methods in _ROUTES:
        m = pattern.fullmatch(path)
        if m is not None:
            return name, m, methods
    return None


def _clean_path(path: str) -> str:
    """Go mux ``cleanPath``: path.Clean, keeping a trailing slash."""
    cleaned = normalize(path)
    if path.endswith("/") and cleaned != "/":
        cleaned += "/"
    return cleaned


def _redirect(w: _Writer, location: str) -> Response:
    """``http.Redirect(w, r, url, 301)`` as gorilla/mux's StrictSlash or cleanPath issue it."""
    w.headers.pop("X-Content-Type-Options", None)
    w.set("Location", location)
    if w.method in ("GET", "HEAD"):
        w.set("Content-Type", "text/html; charset=utf-8")
    body = (
        f'<a href="{_html_escape(location)}">Moved Permanently</a>.\n\n'.encode()
        if w.method == "GET"
        else b""
    )
    return w.finish(301, body)


def _html_escape(text: str) -> str:
    for char, escape in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;")):
        text = text.replace(char, escape)
    return text


# --- the registry (localhost:5000) -------------------------------------------------------------


def serve(registry: Registry, request: Request, *, clock: int) -> Response:
    """Answer ``request`` as the CNCF registry serving ``registry`` would."""
    method = request.method.upper()
    path = request.path
    query_suffix = request.target[len(path) :]
    if path == "/":
        # registry.go wraps the app in alive("/"): 200, no body, before the API's own headers
        return Response(
            200, [("Cache-Control", "no-cache"), ("Date", http_date(clock)), ("Content-Length", "0")]
        )

    cleaned = _clean_path(path)
    if cleaned != path:
        return _redirect(_Writer(method, clock, routed=False), cleaned + query_suffix)

    found = _match(path)
    if found is None:
        # StrictSlash: the same path with/without a trailing slash matches -> 301 there
        other = path[:-1] if path.endswith("/") else path + "/"
        if _match(other) is not None:
            return _redirect(_Writer(method, clock, routed=False), other + query_suffix)
        return _Writer(method, clock, routed=False).http_error("404 page not found", 404)

    route, m, methods = found
    w = _Writer(method, clock)
    if route == "base":
        w.set("Content-Type", "application/json")
        w.set("Content-Length", "2")
        return w.finish(200, b"{}")

    if route != "catalog":
        # app.go dispatcher: reference.WithName fails, the handler appends a plain Go error
        # (distribution.ErrRepositoryNameInvalid), so errcode.Errors.MarshalJSON answers 500 UNKNOWN
        # and, the detail being an error, marshals it as its message (registry/api/errcode/errors.go).
        name = m.group("name")
        try:
            with_name(name)
        except InvalidReference as exc:
            w.set("Content-Type", "application/json")
            detail = f"repository name {json.dumps(name)} invalid: {exc}"  # errors.go ErrRepositoryNameInvalid (%q)
            return w.finish(500, error_body(("UNKNOWN", detail)))

    if route == "blob":
        # blob.go blobDispatcher: a digest that does not parse gets a plain HandlerFunc, whatever the method
        problem = go_digest_error(m.group("digest"))
        if problem is not None:
            return w.error(("DIGEST_INVALID", problem))
    if method not in methods:
        return _method_not_allowed(w, methods)
    if route in ("upload", "upload-chunk"):
        return _upload(registry, request, w, m.group("name"), m.groupdict().get("uuid"))
    if method == "PUT":
        return _put_manifest(request, w)

    if route == "catalog":
        return _catalog(registry, request, w)
    if route == "tags":
        return _tags(registry, request, w, m.group("name"))
    if route == "manifest":
        reference = m.group("reference")
        if method == "DELETE":
            return _delete_manifest(registry, w, m.group("name"), reference)
        return _get_manifest(registry, request, w, m.group("name"), reference)
    return _blob(registry, request, w, m.group("name"), m.group("digest"))


def _method_not_allowed(w: _Writer, methods: tuple[str, ...]) -> Response:
    w.set("Allow", ", ".join(sorted(methods)))
    if w.method == "OPTIONS":
        return w.finish(200)
    return w.http_error("Method not allowed", 405)


_INT64 = (-(2**63), 2**63 - 1)


def _atoi(text: str) -> tuple[int, bool]:
    """Go ``strconv.Atoi``: (value, ok). A syntax error gives 0; out of range, the int64 bound it passed."""
    if re.fullmatch(r"[+-]?[0-9]+", text) is None:
        return 0, False
    value = int(text)
    if not _INT64[0] <= value <= _INT64[1]:
        return (_INT64[1] if value > 0 else _INT64[0]), False
    return value, True


def _go_query_escape(text: str) -> str:
    """Go ``url.QueryEscape``."""
    out = []
    for byte in text.encode():
        char = chr(byte)
        if char.isascii() and (char.isalnum() or char in "-_.~"):
            out.append(char)
        elif char == " ":
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def _link(path: str, n: int, last: str) -> str:
    """``createLinkEntry``: url.Values{n, last}.Encode() sorts the keys."""
    return f'<{path}?last={_go_query_escape(last)}&n={n}>; rel="next"'


def _path_key(name: str) -> str:
    """``lessPath``: repositories compare with '/' sorting before every other byte."""
    return name.replace("/", "\x00")


def _catalog(registry: Registry, request: Request, w: _Writer) -> Response:
    query = request.query
    last = query.get("last", "")
    entries = DEFAULT_CATALOG_ENTRIES
    raw = query.get("n", "")
    if raw:
        parsed, ok = _atoi(raw)
        if not ok or parsed < 0:
            return w.error(("PAGINATION_NUMBER_INVALID", {"n": raw}))
        if parsed > MAX_CATALOG_ENTRIES:
            return w.error(("PAGINATION_NUMBER_INVALID", {"n": parsed}))
        entries = parsed
    names = sorted(registry.repositories, key=_path_key)
    if last:
        names = [name for name in names if _path_key(last) < _path_key(name)]
    page = names[:entries]
    w.set("Content-Type", "application/json")
    # storage/catalog.go Repositories: the buffer counts as filled only when the walk reaches another
    # repository after the page (handleRepository returns ErrSkipDir before the check), so a full page
    # that ends at the last repository has no Link (same in v2.8.2 and v3.1.1; tests/conformance).
    if entries and len(page) == entries and len(names) > entries:
        w.set("Link", _link(request.path, entries, page[-1]))
    return w.finish(200, go_json({"repositories": page}))


def _tags(registry: Registry, request: Request, w: _Writer, name: str) -> Response:
    query = request.query
    last = query.get("last", "")
    limit = -1
    raw = query.get("n", "")
    if raw:
        parsed, ok = _atoi(raw)
        if not ok or parsed < 0:
            # detail is map[string]int{"n": parsedMax}: whatever Atoi returned with its error
            return w.error(("PAGINATION_NUMBER_INVALID", {"n": parsed}))
        limit = min(parsed, MAX_TAGS)  # clamped, not rejected (tags.go, after distribution-spec#583)
    repo = registry.repository(name)
    page: list[str] | None = []
    more = False
    if limit != 0:
        if repo is None and not last:
            return w.error(("NAME_UNKNOWN", {"name": name}))
        # storage/driver/walk.go WalkFallback: with a start-after hint, a missing tags folder is just
        # "nothing to walk", so `last` on an unknown repository lists nothing instead of NAME_UNKNOWN
        tags = repo.sorted_tags() if repo is not None else []
        tags = [tag for tag in tags if tag > last] if last else tags
        page = tags if limit < 0 else tags[:limit]
        more = limit > 0 and len(page) == limit  # a full page keeps the Link (TestTagsAPI)
        # An empty page is [] (tags.go keeps its empty slice unless List found tags: distribution commit
        # c36fab07, "return empty array after final pagination marker", and TestTagsAPI's `last=sb71y&n=1`
        # row, as the project's registry reference asserts). v3.1.1, released before that
        # fix, still wrote List's nil slice as null: a simulator detail we follow the fixed code on.
    w.set("Content-Type", "application/json")
    if more:
        w.set("Link", _link(request.path, limit, page[-1]))
    return w.finish(200, go_json({"name": name, "tags": page}))


def go_digest_error(text: str) -> str | None:
    """go-digest ``digest.Parse``'s error message for ``text``, or None when it is a valid digest."""
    try:
        validate_digest(text)
    except InvalidReference as exc:
        return str(exc)
    return None


def _is_digest(reference: str) -> bool:
    """manifests.go manifestDispatcher: a reference that digest.Parse accepts is a digest, else a tag."""
    return is_valid_digest(reference)


def _accepts(request: Request) -> set[str]:
    """The media types of every Accept header, split on ',' (manifests.go; q= values ignored); an item
    that Go's mime.ParseMediaType rejects is skipped (``continue``)."""
    types = set()
    for value in request.header_values("Accept"):
        for item in value.split(","):
            media_type = _parse_media_type(item)
            if media_type:
                types.add(media_type)
    return types


_GO_TOKEN = r"[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+"  # mime/grammar.go isTokenChar: ASCII, no tspecials
_GO_PARAM = re.compile(rf'\s*;\s*({_GO_TOKEN})\s*=\s*({_GO_TOKEN}|"(?:[^"\\]|\\.)*")')


def _parse_media_type(item: str) -> str | None:
    """Go ``mime.ParseMediaType``: the lower-cased type/subtype, or None on any error it reports."""
    base = item.split(";", 1)[0]
    media_type = base.strip().lower()
    if re.fullmatch(rf"{_GO_TOKEN}(?:/{_GO_TOKEN})?", media_type) is None:  # checkMediaTypeDisposition
        return None
    rest, seen = item[len(base) :], set()
    while rest.strip():
        if rest.strip() == ";":  # trailing semicolons are ignored
            break
        m = _GO_PARAM.match(rest)  # consumeMediaParam
        if m is None or m.group(1).lower() in seen:  # ErrInvalidMediaParameter, duplicate parameter name
            return None
        seen.add(m.group(1).lower())
        rest = rest[m.end() :]
    return media_type


def _get_manifest(registry: Registry, request: Request, w: _Writer, name: str, reference: str) -> Response:
    repo = registry.repository(name)
    if _is_digest(reference):
        digest = reference
    else:
        digest = repo.tags.get(reference) if repo is not None else None
        if digest is None:
            # errcode marshals an error-typed detail as its Error() string: ErrTagUnknown
            return w.error(("MANIFEST_UNKNOWN", f"unknown tag={reference}"))
    for etag in request.header_values("If-None-Match"):
        if etag in (digest, f'"{digest}"'):
            return w.finish(304)
    found = repo.manifest_bytes(digest) if repo is not None else None
    if found is None:
        # ErrManifestUnknownRevision.Error(), as errcode.Errors.MarshalJSON turns an error detail into text
        return w.error(("MANIFEST_UNKNOWN", f"unknown manifest name={name} revision={digest}"))
    media_type, body = found
    # handlers/manifests.go GetManifest: an OCI manifest or OCI index (an index's children included) is only
    # served to clients that accept it; Docker schema2 is served to anyone (curl's default "Accept: */*"
    # does not count). v2.8.2 and v3.1.1 agree here (tests/conformance).
    if media_type == OCI_MANIFEST and OCI_MANIFEST not in _accepts(request):
        return w.error(
            (
                "MANIFEST_UNKNOWN",
                _NO_DETAIL,
                "OCI manifest found, but accept header does not support OCI manifests",
            )
        )
    if media_type == OCI_INDEX and OCI_INDEX not in _accepts(request):
        return w.error(
            ("MANIFEST_UNKNOWN", _NO_DETAIL, "OCI index found, but accept header does not support OCI indexes")
        )
    w.set("Content-Type", media_type)
    w.set("Content-Length", str(len(body)))
    w.set("Docker-Content-Digest", digest)
    w.set("Etag", f'"{digest}"')
    return w.finish(200, body)


def _delete_manifest(registry: Registry, w: _Writer, name: str, reference: str) -> Response:
    if not registry.delete_enabled:
        return w.error(("UNSUPPORTED", _NO_DETAIL))
    out: list[ev.Event] = []
    if not _is_digest(reference):
        if not registry.delete_tag(name, reference, out):
            # tagstore.go Untag returns the filesystem driver's PathNotFoundError (base.go names the
            # driver); handlers/manifests.go DeleteManifest puts it as the detail, marshalled as text
            tag_path = f"/docker/registry/v2/repositories/{name}/_manifests/tags/{reference}"
            return w.error(("MANIFEST_UNKNOWN", f"filesystem: Path not found: {tag_path}"))
    elif not registry.delete_manifest(name, reference, out):
        return w.error(("MANIFEST_UNKNOWN", _NO_DETAIL))  # ErrBlobUnknown: no detail
    response = w.finish(202)
    response.events.extend(out)
    return response


def _blob(registry: Registry, request: Request, w: _Writer, name: str, digest: str) -> Response:
    linked = registry.blob_in(name, digest) and digest in registry.blobs
    if w.method == "DELETE":
        if not registry.delete_enabled:
            return w.error(("UNSUPPORTED", _NO_DETAIL))
        if not linked:
            return w.error(("BLOB_UNKNOWN", _NO_DETAIL))
        # linkedBlobStore.Delete removes this repository's link; the data stays until GC
        registry.repositories[name].blobs.discard(digest)
        w.set("Content-Length", "0")
        return w.finish(202)
    if not linked:
        return w.error(("BLOB_UNKNOWN", digest))
    config = _config_bytes(registry, name, digest)
    size = len(config) if config is not None else registry.blobs[digest]
    # storage/blobserver.go ServeBlob, then Go's http.ServeContent
    w.set("Cache-Control", "max-age=31536000")
    w.set("Docker-Content-Digest", digest)
    w.set("Etag", f'"{digest}"')
    if _none_match(request, f'"{digest}"'):
        return w.finish(304)  # writeNotModified: no Content-Type / Content-Length, and no Accept-Ranges yet
    if request.header_values("Range"):
        raise NotSimulated("registry-tutor: byte ranges of blobs (a Range header) are not simulated.")
    w.set("Accept-Ranges", "bytes")
    w.set("Content-Length", str(size))
    w.set("Content-Type", "application/octet-stream")
    if config is not None:
        return w.finish(200, config)
    return w.finish(200, b"", opaque=True)


def _none_match(request: Request, etag: str) -> bool:
    """Go net/http checkIfNoneMatch (first If-None-Match header): "*" or a listed entity tag, compared weakly."""
    values = request.header_values("If-None-Match")
    rest = values[0] if values else ""
    while rest := rest.strip(" \t"):
        if rest[0] == ",":
            rest = rest[1:]
            continue
        if rest[0] == "*":
            return True
        m = re.match(r'(?:W/)?("[\x21\x23-\x7e\x80-\U0010ffff]*")', rest)
        if m is None:  # scanETag found no entity tag: stop looking
            return False
        if m.group(1) == etag:
            return True
        rest = rest[m.end() :]
    return False


def _config_bytes(registry: Registry, name: str, digest: str) -> bytes | None:
    repo = registry.repository(name)
    for image in repo.manifests.values() if repo is not None else ():
        data = image.blob_bytes(digest)  # the config, or an attestation's "{}" config and in-toto statement
        if data is not None:
            return data
    return None


# --- uploads and manifest PUTs: what the registry answers to requests that carry no data ------------

# the manifest media types distribution.UnmarshalManifest knows (manifest/*/ RegisterManifestSchema)
_MANIFEST_SCHEMAS = {
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    OCI_MANIFEST,
    OCI_INDEX,
}
_MEDIA_TYPE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+/[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def _upload(registry: Registry, request: Request, w: _Writer, name: str, uuid: str | None) -> Response:
    """blobupload.go blobUploadDispatcher, for an upload this registry never started.

    A cross-repository mount (POST ?mount=&from=) is simulated. Starting an upload session is not: its
    Location carries a random id and a signed ``_state`` token, and finishing it needs a request body
    (curl -d / -T, not simulated either).
    """
    method = w.method
    if method == "POST" and uuid is None:
        mounted = _mount(registry, request, w, name)
        if mounted is not None:
            return mounted
    if method in ("GET", "HEAD"):  # GetUploadStatus: linkedblobstore.go Resume finds no startedat file
        return w.error(("BLOB_UPLOAD_UNKNOWN", "blob upload unknown"))
    if uuid is not None:
        # ResumeBlobUpload: hmac.go unpackUploadState; no token this registry signed can be typed
        problem = _go_base64_error(request.query.get("_state", "")) or "invalid secret"
        return w.error(("BLOB_UPLOAD_INVALID", problem))
    if method == "POST":
        raise NotSimulated(UPLOADS_NOT_SIMULATED)
    return w.error(("BLOB_UPLOAD_UNKNOWN", _NO_DETAIL))  # Patch/Put/Cancel: buh.Upload == nil


def _mount(registry: Registry, request: Request, w: _Writer, name: str) -> Response | None:
    """StartBlobUpload with ``mount`` and ``from``: createBlobMountOption (digest.Parse, reference.WithName),
    then linkedblobstore.go mount: Stat in the source repository and link the blob here; 201 with
    writeBlobCreatedHeaders. None when no mount happens (the handler then starts an upload session)."""
    source, blob = request.query.get("from", ""), request.query.get("mount", "")
    if not (source and blob) or go_digest_error(blob) is not None:
        return None
    try:
        with_name(source)
    except InvalidReference:
        return None
    if not (registry.blob_in(source, blob) and blob in registry.blobs):
        return None
    if registry.repository(name) is None:
        # the real registry would hold a repository with blob links only (no _manifests: not in the
        # catalog, NAME_UNKNOWN for its tags); this simulator's repositories start with a push
        raise NotSimulated(
            f"registry-tutor: mounting into {name}, a repository nothing was pushed to yet, is not simulated; "
            "docker push mounts layers for you (Mounted from ...)."
        )
    out: list[ev.Event] = []
    registry.mount_blob(name, blob, source, out)
    # v2.NewURLBuilderFromRequest: an absolute URL from the request's scheme and Host
    host = next(iter(request.header_values("Host")), registry.host)
    scheme = "https" if registry.tls else "http"
    w.set("Content-Length", "0")
    w.set("Docker-Content-Digest", blob)
    w.set("Location", f"{scheme}://{host}/v2/{name}/blobs/{blob}")
    response = w.finish(201)
    response.events.extend(out)
    return response


def _put_manifest(request: Request, w: _Writer) -> Response:
    """manifests.go PutManifest with the empty body of ``curl -X PUT`` (sending data is not simulated):
    distribution.UnmarshalManifest fails before anything is stored, MANIFEST_INVALID with its error."""
    content_type = next(iter(request.header_values("Content-Type")), "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if content_type and _MEDIA_TYPE.fullmatch(media_type) is None:
        raise NotSimulated(UPLOADS_NOT_SIMULATED)  # mime.ParseMediaType's own errors are not modelled
    if media_type in _MANIFEST_SCHEMAS:
        detail = "unexpected end of JSON input"  # encoding/json on zero bytes
    else:
        detail = f"unsupported manifest media type and no default available: {media_type}"
    return w.error(("MANIFEST_INVALID", detail))


_B64_URL = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _go_base64_error(text: str) -> str | None:
    """Go ``base64.URLEncoding.DecodeString``'s error (decodeQuantum's CorruptInputError), or None."""
    src = text.encode()
    si = 0
    while True:
        j = 0
        while j < 4:
            if si == len(src):
                if j == 0:
                    return None
                return f"illegal base64 data at input byte {si - j}"
            char = src[si]
            si += 1
            if char in _B64_URL:
                j += 1
                continue
            if char in b"\r\n":
                continue
            if char != ord("=") or j < 2:
                return f"illegal base64 data at input byte {si - 1}"
            if j == 2:  # "==" expected: the first is consumed
                while si < len(src) and src[si] in b"\r\n":
                    si += 1
                if si == len(src):
                    return f"illegal base64 data at input byte {len(src)}"
                if src[si] != ord("="):
                    return f"illegal base64 data at input byte {si - 1}"
                si += 1
            while si < len(src) and src[si] in b"\r\n":
                si += 1
            return f"illegal base64 data at input byte {si}" if si < len(src) else None


# --- Docker Hub (registry-1.docker.io), anonymous ----------------------------------------------

HUB_REALM = 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"'


def serve_hub(request: Request, *, clock: int) -> Response:
    """Docker Hub's registry without a token: 401 UNAUTHORIZED and the Bearer challenge.

    Hub answers every /v2/ call without a token this way (the token comes from auth.docker.io,
    which the simulator does not model). Headers as Hub sends them (lower case, from public
    transcripts); the detail lists the access the request needed (app.go appendAccessRecords).
    """
    method = request.method.upper()
    path = request.path
    found = _match(path)
    challenge = HUB_REALM
    detail: object = None
    if found is None:
        body = b"404 page not found\n"
        headers = [
            ("content-type", "text/plain; charset=utf-8"),
            ("docker-distribution-api-version", API_VERSION),
            ("x-content-type-options", "nosniff"),
            ("date", http_date(clock)),
            ("content-length", str(len(body))),
            ("strict-transport-security", "max-age=31536000"),
        ]
        return Response(404, headers, b"" if method == "HEAD" else body)
    route, m, _methods = found
    if route == "catalog":
        detail = [{"Type": "registry", "Class": "", "Name": "catalog", "Action": "*"}]
        challenge += ',scope="registry:catalog:*"'
    elif route != "base":
        name = m.group("name")
        actions = {"GET": ["pull"], "HEAD": ["pull"], "DELETE": ["delete"]}.get(method, ["pull", "push"])
        detail = [{"Type": "repository", "Class": "", "Name": name, "Action": a} for a in actions]
        challenge += f',scope="repository:{name}:{",".join(actions)}"'
    body = error_body(("UNAUTHORIZED", detail))
    headers = [
        ("content-type", "application/json"),
        ("docker-distribution-api-version", API_VERSION),
        ("www-authenticate", challenge),
        ("date", http_date(clock)),
        ("content-length", str(len(body))),
        ("strict-transport-security", "max-age=31536000"),
    ]
    return Response(401, headers, b"" if method == "HEAD" else body)


def _valid_escapes(text: str) -> bool:
    return re.fullmatch(r"(?:[^%]|%[0-9A-Fa-f]{2})*", text) is not None
