"""``curl``: a realistic subset of curl 8.5.0 (Ubuntu 24.04's) talking to the simulated registries.

Only the hosts the world knows answer: the registry at ``localhost:5000`` (also ``127.0.0.1`` and
``[::1]``), and Docker Hub's registry API at ``registry-1.docker.io`` / ``index.docker.io``, which
answers anonymous calls with 401 and a Bearer challenge as Hub does (getting a token from
auth.docker.io is not simulated). Any other host does not resolve (the simulated laptop has no
internet); other ports on localhost refuse the connection.

Wording is curl's (src/tool_getparam.c, tool_helpers.c, lib/strerror.c, lib/cf-socket.c
``Failed to connect to %s port %u after %d ms: %s`` with curl_easy_strerror): checked in the
curl sources; the OpenSSL line is what OpenSSL 3.0 (Ubuntu 24.04) reports for a TLS handshake
answered in plain HTTP. Progress meters are printed in their final state.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from tutor.sim import registry_api as api
from tutor.sim.fs import FsError
from tutor.sim.result import Result

CURL_VERSION = "8.5.0"
USER_AGENT = f"curl/{CURL_VERSION}"
OPENSSL = "OpenSSL/3.0.13"
TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information"

LOOPBACK = {"localhost", "127.0.0.1", "::1"}
HUB_API_HOSTS = {"registry-1.docker.io", "index.docker.io"}
# Real hosts the simulator knows of but does not serve: saying "could not resolve" would be a lie.
NOT_SERVED_HOSTS = {
    "docker.io": "docker.io is Docker Hub's web address; its registry API is registry-1.docker.io",
    "hub.docker.com": "Docker Hub's web site and its /v2/ web API are not simulated",
    "auth.docker.io": "Docker Hub's token service is not simulated (so the Hub API stays at 401)",
    "www.docker.com": "web sites are not simulated",
    "docker.com": "web sites are not simulated",
}


def warning(message: str) -> list[str]:
    """curl's warnf: "Warning: " before each line, the text cut at blanks to fit 79 columns."""
    width = 79 - len("Warning: ")
    lines = []
    rest = message
    while len(rest) > width:
        cut = width - 1
        while cut and rest[cut] not in " \t":
            cut -= 1
        if cut == 0:
            cut = width - 1
        lines.append("Warning: " + rest[: cut + 1])  # the blank stays at the end of the line
        rest = rest[cut + 1 :]
    lines.append("Warning: " + rest)
    return lines


BINARY_WARNING = warning(
    'Binary output can mess up your terminal. Use "--output -" to tell curl to output it to your '
    'terminal anyway, or consider "--output <FILE>" to save to a file.'
)
PROGRESS_HEAD = [
    "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current",
    "                                 Dload  Upload   Total   Spent    Left  Speed",
]

HELP = [
    "Usage: curl [options...] <url>",
    " -d, --data <data>           HTTP POST data",
    " -f, --fail                  Fail fast with no output on HTTP errors",
    " -h, --help <category>       Get help for commands",
    " -i, --include               Include protocol response headers in the output",
    " -o, --output <file>         Write to file instead of stdout",
    " -O, --remote-name           Write output to a file named as the remote file",
    " -s, --silent                Silent mode",
    " -T, --upload-file <file>    Transfer local FILE to destination",
    " -u, --user <user:password>  Server user and password",
    " -A, --user-agent <name>     Send User-Agent <name> to server",
    " -v, --verbose               Make the operation more talkative",
    " -V, --version               Show version number and quit",
    "",
    "This is not the full help, this menu is stripped into categories.",
    'Use "--help category" to get an overview of all categories.',
    'For all options use the manual or "--help all".',
]


# --- options ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Opt:
    """One curl option: long and short names, and whether it takes a value."""

    long: str
    short: str = ""
    param: bool = False


OPTIONS = [
    Opt("request", "X", True),
    Opt("head", "I"),
    Opt("include", "i"),
    Opt("silent", "s"),
    Opt("show-error", "S"),
    Opt("verbose", "v"),
    Opt("header", "H", True),
    Opt("location", "L"),
    Opt("output", "o", True),
    Opt("remote-name", "O"),
    Opt("write-out", "w", True),
    Opt("fail", "f"),
    Opt("fail-with-body"),
    Opt("user", "u", True),
    Opt("user-agent", "A", True),
    Opt("insecure", "k"),
    Opt("dump-header", "D", True),
    Opt("compressed"),
    Opt("globoff", "g"),
    Opt("http1.1"),
    Opt("no-progress-meter"),
    Opt("progress-bar", "#"),
    Opt("max-time", "m", True),
    Opt("connect-timeout", "", True),
    Opt("help", "h"),
    Opt("version", "V"),
]
BY_LONG = {o.long: o for o in OPTIONS}
BY_SHORT = {o.short: o for o in OPTIONS if o.short}

# Real curl options this simulator does not model: refused with a sentence, not "is unknown".
NOT_SIMULATED_LONG = {
    "data": True,
    "data-raw": True,
    "data-binary": True,
    "data-urlencode": True,
    "json": True,
    "form": True,
    "upload-file": True,
    "cookie": True,
    "cookie-jar": True,
    "proxy": True,
    "cacert": True,
    "cert": True,
    "key": True,
    "resolve": True,
    "connect-to": True,
    "output-dir": True,
    "config": True,
    "next": False,
    "http2": False,
    "get": False,
    "retry": True,
    "continue-at": True,
    "range": True,
    "referer": True,
    "netrc": False,
}
NOT_SIMULATED_SHORT = {
    "d": "data",
    "F": "form",
    "T": "upload-file",
    "b": "cookie",
    "c": "cookie-jar",
    "x": "proxy",
    "E": "cert",
    "K": "config",
    "G": "get",
    "C": "continue-at",
    "r": "range",
    "e": "referer",
    "n": "netrc",
    "Z": "parallel",
    "J": "remote-header-name",
}


class CurlUsage(Exception):
    """A command-line problem: curl prints it and exits 2."""

    def __init__(self, *lines: str, code: int = 2) -> None:
        super().__init__(lines[0] if lines else "")
        self.lines = lines
        self.code = code


@dataclass
class Options:
    """The curl options a command line set."""

    urls: list[str] = field(default_factory=list)
    request: str | None = None
    head: bool = False
    include: bool = False
    silent: bool = False
    show_error: bool = False
    verbose: bool = False
    headers: list[str] = field(default_factory=list)
    location: bool = False
    output: str | None = None
    remote_name: bool = False
    write_out: str | None = None
    fail: bool = False
    fail_with_body: bool = False
    user: str | None = None
    user_agent: str | None = None
    dump_header: str | None = None
    no_progress: bool = False
    http11: bool = False  # --http1.1: HTTP/2 not wanted
    help: bool = False
    version: bool = False

    def set(self, opt: Opt, value: str | None) -> None:
        name = opt.long
        if name == "request":
            self.request = value
        elif name == "header":
            self.headers.append(value or "")
        elif name in ("output", "write-out", "user", "user-agent", "dump-header"):
            setattr(self, name.replace("-", "_"), value)
        elif name == "http1.1":
            self.http11 = True
        elif name in (
            "max-time",
            "connect-timeout",
            "compressed",
            "globoff",
            "insecure",
            "progress-bar",
        ):
            pass  # accepted; nothing in the simulation depends on them
        elif name == "no-progress-meter":
            self.no_progress = True
        elif name == "fail-with-body":
            self.fail_with_body = True
        else:
            setattr(self, name.replace("-", "_"), True)


def _not_simulated(option: str) -> CurlUsage:
    return CurlUsage(
        f"registry-tutor: curl {option} is not simulated; this curl reads the registry API (try: help curl)",
        code=2,
    )


def _check_fail_flags(opts: Options, arg: str) -> None:
    """tool_getparam.c: --fail and --fail-with-body exclude each other (PARAM_BAD_USE, "is badly used here")."""
    if opts.fail and opts.fail_with_body:
        raise CurlUsage(
            "curl: You must select either --fail or --fail-with-body, not both.",
            f"curl: option {arg}: is badly used here",
            TRY_HELP,
        )


def parse_args(argv: list[str]) -> Options:
    """curl's getparameter: long options (no ``=value`` form), bundled short options, URLs."""
    opts = Options()
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            opts.urls.extend(argv[i:])
            break
        if arg.startswith("--") and len(arg) > 2:
            name = arg[2:]
            opt = BY_LONG.get(name)
            if opt is None and name.startswith("no-") and name[3:] in BY_LONG and not BY_LONG[name[3:]].param:
                # tool_getparam.c: --no-OPTION turns a boolean option back off ("toggle")
                attr = {"http1.1": "http11"}.get(name[3:], name[3:].replace("-", "_"))
                if isinstance(getattr(opts, attr, None), bool):
                    setattr(opts, attr, False)
                continue
            if opt is None:
                if name in NOT_SIMULATED_LONG:
                    raise _not_simulated(arg)
                raise CurlUsage(f"curl: option {arg}: is unknown", TRY_HELP)
            value = None
            if opt.param:
                if i >= len(argv):
                    raise CurlUsage(f"curl: option {arg}: requires parameter", TRY_HELP)
                value = argv[i]
                i += 1
            opts.set(opt, value)
            _check_fail_flags(opts, arg)
            continue
        if arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                letter = arg[j]
                j += 1
                opt = BY_SHORT.get(letter)
                if opt is None:
                    if letter in NOT_SIMULATED_SHORT:
                        raise _not_simulated(f"-{letter} (--{NOT_SIMULATED_SHORT[letter]})")
                    raise CurlUsage(f"curl: option {arg}: is unknown", TRY_HELP)
                if not opt.param:
                    opts.set(opt, None)
                    _check_fail_flags(opts, arg)
                    continue
                if j < len(arg):
                    value = arg[j:]
                elif i < len(argv):
                    value = argv[i]
                    i += 1
                else:
                    raise CurlUsage(f"curl: option {arg}: requires parameter", TRY_HELP)
                opts.set(opt, value)
                break
            continue
        opts.urls.append(arg)
    return opts


# --- URLs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Url:
    """A parsed URL: scheme, host, port, request target and user info."""

    scheme: str
    host: str  # without brackets
    port: int
    target: str  # path + query, as on the request line
    userinfo: str = ""

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    def text(self) -> str:
        return f"{self.scheme}://{self.host_header}{self.target}"


class CurlError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# The other protocols Ubuntu's curl 8.5.0 is built with (curl -V "Protocols:"): real, but not simulated
OTHER_PROTOCOLS = set(
    "dict file ftp ftps gopher gophers imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtmpe rtmps rtmpt rtmpte "
    "rtmpts rtsp scp sftp smb smbs smtp smtps telnet tftp".split()
)


def _rejected(reason: str) -> CurlError:
    """lib/url.c parseurlandfillconn: ``failf(data, "URL rejected: %s", curl_url_strerror(uc))``, exit 3."""
    return CurlError(3, f"URL rejected: {reason}")


def parse_url(text: str) -> Url:
    """curl's URL parser (lib/urlapi.c) for the part this simulator needs (scheme guessed as http)."""
    bad = CurlError(3, "URL using bad/illegal format or missing URL")
    if any(ord(c) < 32 or c in " \x7f" for c in text):  # junkscan: control bytes, and spaces
        raise _rejected("Malformed input to a URL function")
    rest = text
    scheme = "http"
    has_scheme = "://" in rest
    if has_scheme:
        scheme, rest = rest.split("://", 1)
        scheme = scheme.lower()
        if scheme in OTHER_PROTOCOLS:
            raise CurlError(0, f"registry-tutor: curl {scheme}:// is not simulated; this curl reads the registry API.")
        if scheme not in ("http", "https"):
            # lib/url.c findprotocol (8.5.0 wording)
            raise CurlError(1, f'Protocol "{scheme}" not supported or disabled in libcurl')
    rest = rest.split("#", 1)[0]
    cut = len(rest)
    for sep in "/?":
        k = rest.find(sep)
        if k != -1:
            cut = min(cut, k)
    authority, target = rest[:cut], rest[cut:]
    if not target.startswith("/"):
        target = "/" + target
    userinfo = ""
    if "@" in authority:
        userinfo, authority = authority.rsplit("@", 1)
    bad_port = _rejected("Port number was not a decimal number between 0 and 65535")
    if authority.startswith("["):
        end = authority.find("]")
        if end == -1:
            raise bad
        host, port_text = authority[1:end], authority[end + 1 :].removeprefix(":")
        if authority[end + 1 :] and not authority[end + 1 :].startswith(":"):
            raise bad_port
    else:
        host, colon, port_text = authority.partition(":")
        if colon and not port_text and not has_scheme:  # a bare "host:" looks like a scheme: refused
            raise bad_port
    if not host:
        raise _rejected("No host part in the URL") if has_scheme else bad
    if port_text:
        # parse_port: decimal digits only, at most 0xffff
        if not port_text.isdigit() or int(port_text) > 0xFFFF:
            raise bad_port
        port = int(port_text)
    else:
        port = 443 if scheme == "https" else 80
    return Url(scheme, host.lower(), port, target, userinfo)


# --- one transfer --------------------------------------------------------------------------


@dataclass
class Transfer:
    """What one URL gave: the responses (one per redirect hop) and what went wrong, if anything."""

    url: Url
    responses: list[api.Response] = field(default_factory=list)
    error: CurlError | None = None


def _request_headers(opts: Options, url: Url) -> list[tuple[str, str]]:
    custom: list[tuple[str, str]] = []
    removed: set[str] = set()
    for raw in opts.headers:
        if ":" in raw:
            name, value = raw.split(":", 1)
            value = value.strip()
            if value:
                custom.append((name.strip(), value))
            else:
                removed.add(name.strip().lower())
        elif raw.endswith(";"):
            custom.append((raw[:-1].strip(), ""))
    names = {name.lower() for name, _ in custom} | removed
    headers: list[tuple[str, str]] = []
    if "host" not in names:
        headers.append(("Host", url.host_header))
    user = opts.user if opts.user is not None else (url.userinfo or None)
    if user is not None and "authorization" not in names:
        if ":" not in user:
            raise CurlUsage(
                "registry-tutor: curl would now ask for the password; type it as -u NAME:PASSWORD",
                code=2,
            )
        headers.append(("Authorization", "Basic " + base64.b64encode(user.encode()).decode()))
    if "user-agent" not in names:
        headers.append(("User-Agent", opts.user_agent or USER_AGENT))
    if "accept" not in names:
        headers.append(("Accept", "*/*"))
    return headers + custom


def _method(opts: Options) -> str:
    if opts.request:
        return opts.request
    return "HEAD" if opts.head else "GET"


def _registry_at(ctx, url: Url):
    """What listens at the URL's host and port, seen from the current machine (``localhost`` is itself)."""
    host = f"[{url.host}]" if ":" in url.host else url.host
    return ctx.world.reach(f"{host}:{url.port}")


def _serve(ctx, url: Url, request: api.Request) -> api.Response:
    world = ctx.world
    clock = world.tick(1)
    if url.host in HUB_API_HOSTS:
        return api.serve_hub(request, clock=clock)
    registry = _registry_at(ctx, url)
    if registry.tls and url.scheme == "http":
        # Go net/http server.go: a plain HTTP request on a TLS listener gets this raw HTTP/1.0 answer
        return api.Response(
            400, [], b"Client sent an HTTP request to an HTTPS server.\n", proto="HTTP/1.0"
        )
    return api.serve(registry, request, clock=clock)


def _reachable(ctx, url: Url) -> None:
    """Raise what curl reports when nothing (or something other than HTTP) answers there."""
    if url.host in HUB_API_HOSTS:
        return
    if url.host in NOT_SERVED_HOSTS:
        raise CurlError(0, f"registry-tutor: {url.host} is not simulated: {NOT_SERVED_HOSTS[url.host]}.")
    registry = _registry_at(ctx, url)
    if registry is None and url.host not in LOOPBACK and not any(
        r.host.partition(":")[0] == url.host for r in ctx.world.registries.values() if r.machine is None
    ):
        raise CurlError(6, f"Could not resolve host: {url.host}")
    if registry is None and url.host in LOOPBACK:
        _container_server_note(ctx, url)
    if registry is None or registry.hub:
        raise CurlError(
            7, f"Failed to connect to {url.host} port {url.port} after 0 ms: Couldn't connect to server"
        )
    if url.scheme == "https" and not registry.tls:
        # the registry speaks plain HTTP: OpenSSL reads its "HTTP/1.1 400" as a bad TLS record
        raise CurlError(35, f"{OPENSSL}: error:0A00010B:SSL routines::wrong version number")


def _container_server_note(ctx, url: Url) -> None:
    """A running container publishing this port answers there for real (nginx's web server): say that
    server is not simulated rather than pretend nothing listens (curl exit 7 would be a lie)."""
    from tutor.sim.shell.docker.containers import server_name, serving_container

    container = serving_container(ctx.world, url.host, url.port)
    if container is not None:
        raise CurlError(
            0,
            f"registry-tutor: {url.host}:{url.port} is published by container {container.name}, whose "
            f"{server_name(container)} is not simulated: curl here reaches registries only.",
        )


def _location_target(current: Url, location: str) -> Url:
    if "://" in location:
        return parse_url(location)
    if location.startswith("/"):
        return Url(current.scheme, current.host, current.port, location, current.userinfo)
    base = current.target.split("?", 1)[0].rsplit("/", 1)[0]
    return Url(current.scheme, current.host, current.port, f"{base}/{location}", current.userinfo)


def run_transfer(ctx, opts: Options, text: str, verbose: list[str]) -> Transfer:
    url = parse_url(text)
    transfer = Transfer(url)
    connected: tuple[str, str, int] | None = None
    for _hop in range(50):
        try:
            _reachable(ctx, url)
        except CurlError as exc:
            if opts.verbose and exc.code == 35:  # TCP connected; the TLS handshake failed
                verbose.extend(_verbose_connect(url))
                verbose.append("* (registry-tutor: the TLS handshake's own lines are not simulated)")
            raise
        headers = _request_headers(opts, url)
        request = api.Request(_method(opts), url.target, tuple(headers))
        if opts.verbose:
            if connected == (url.scheme, url.host, url.port):
                verbose.extend(_verbose_reuse(url, opts))
            else:
                verbose.extend(_verbose_connect(url))
            verbose.append(f"> {request.method} {url.target} HTTP/1.1")
            verbose.extend(f"> {k}: {v}" for k, v in headers)
            verbose.append("> ")
        response = _serve(ctx, url, request)
        transfer.responses.append(response)
        location = response.header("Location")
        if not (opts.location and location and response.status in (301, 302, 303, 307, 308)):
            break
        if opts.verbose:  # multi.c: multi_done() hands the connection back before Curl_follow()
            verbose.extend(_verbose_response(response))
            verbose.append(f"* Connection #0 to host {url.host} left intact")
        connected = (url.scheme, url.host, url.port)
        url = _location_target(url, location)
        if opts.verbose:
            verbose.append(f"* Issue another request to this URL: '{url.text()}'")
    transfer.url = url
    return transfer


# lib/url.c ConnectionExists prints the connection bundle's address: any value is as real as another
BUNDLE_ADDRESS = "0x55d5a1e3c2b0"


def _verbose_reuse(url: Url, opts: Options) -> list[str]:
    """lib/url.c ConnectionExists + ConnectionReuse for a redirect to the same host: the HTTP/1.1 answer
    marked the bundle BUNDLE_NO_MULTIUSE (http.c), so with HTTP/2 wanted (the default) curl says it cannot
    multiplex, then re-uses connection #0."""
    lines = [f"* Found bundle for host: {BUNDLE_ADDRESS} [serially]"]
    if not opts.http11:
        lines.append("* Can not multiplex, even if we wanted to")
    lines.append(f"* Re-using existing connection with host {url.host}")
    return lines


def _verbose_connect(url: Url) -> list[str]:
    if url.host in HUB_API_HOSTS:
        return ["* (registry-tutor: DNS, TCP and TLS details of the Hub connection are not simulated)"]
    if url.host == "localhost":
        return [
            f"* Host localhost:{url.port} was resolved.",
            "* IPv6: ::1",
            "* IPv4: 127.0.0.1",
            f"*   Trying [::1]:{url.port}...",
            f"* Connected to localhost (::1) port {url.port}",
        ]
    shown = f"[{url.host}]" if ":" in url.host else url.host
    return [f"*   Trying {shown}:{url.port}...", f"* Connected to {url.host} ({url.host}) port {url.port}"]


def _verbose_response(response: api.Response) -> list[str]:
    return [f"< {response.status_line}", *(f"< {k}: {v}" for k, v in response.headers), "< "]


def _header_block(response: api.Response) -> str:
    lines = [response.status_line, *(f"{k}: {v}" for k, v in response.headers)]
    return "\n".join(lines) + "\n\n"


# --- output ----------------------------------------------------------------------------------


def _max5(value: int) -> str:
    """curl's max5data: a number in at most 5 characters."""
    kb, mb = 1024, 1024 * 1024
    if value < 100000:
        return f"{value:5d}"
    if value < 10000 * kb:
        return f"{value // kb:4d}k"
    if value < 100 * mb:
        return f"{value // mb:2d}.{(value % mb) // (mb // 10)}M"
    return f"{value // mb:4d}M"


def progress_lines(size: int) -> list[str]:
    """The progress meter as the terminal shows it once the transfer is over (assumes ~1 ms)."""
    percent = 100 if size > 0 else 0
    speed = size * 1000
    line = (
        f"{percent:3d} {_max5(size)}  {percent:3d} {_max5(size)}  {0:3d} {_max5(0)}  "
        f"{_max5(speed)}  {_max5(0)} --:--:-- --:--:-- --:--:-- {_max5(speed)}"
    )
    return [*PROGRESS_HEAD, line]


# tool_writeout.c variables[] whose values depend on timing, TLS or JSON output the simulator does not model
WRITE_OUT_NOT_SIMULATED = {
    "header_json", "json", "local_ip", "local_port", "remote_ip", "remote_port", "size_request",
    "speed_download", "speed_upload", "stderr", "stdout", "time_appconnect", "time_connect",
    "time_namelookup", "time_pretransfer", "time_redirect", "time_starttransfer", "time_total",
    *(
        f"{prefix}.{part}"
        for prefix in ("url", "urle")
        for part in "scheme user password options host port path query fragment zoneid".split()
    ),
}


@dataclass
class WriteOut:
    """What ``-w`` can report about one URL of the command line (src/tool_writeout.c ourWriteOut)."""

    transfer: Transfer
    exit_code: int
    method: str
    url: str  # as typed (%{url})
    urlnum: int
    filename: str | None = None  # -o / -O
    failed: bool = False  # --fail or --fail-with-body turned an HTTP error into exit 22
    stopped: bool = False  # --fail stopped before the body

    def values(self) -> dict[str, str]:
        transfer = self.transfer
        last = transfer.responses[-1] if transfer.responses else None
        redirected = last is not None and last.status in (301, 302, 303, 307, 308)
        location = last.header("Location") if redirected else None
        error = transfer.error.message if transfer.error else ""
        if self.stopped:  # libcurl's failf() text
            error = f"The requested URL returned error: {last.status}"
        elif self.failed:  # no libcurl error: tool_writeout.c falls back to curl_easy_strerror(22)
            error = "HTTP response code said error"
        protocol = {"HTTP/1.0": "1", "HTTP/1.1": "1.1", "HTTP/2": "2"}.get(last.proto, "0") if last else "0"
        values = {
            "http_code": f"{last.status:03d}" if last else "000",
            "response_code": f"{last.status:03d}" if last else "000",
            "http_connect": "000",  # no proxy
            "content_type": (last.header("Content-Type") or "") if last else "",
            "size_download": str(len(last.body)) if last and not self.stopped else "0",
            "size_upload": "0",
            # every header line received, each with its CRLF, over every redirect hop (CURLINFO_HEADER_SIZE)
            "size_header": str(sum(len(_header_block(r).replace("\n", "\r\n")) for r in transfer.responses)),
            "num_headers": str(len(last.headers)) if last else "0",  # tool_cb_hdr.c: lines with a ':'
            "url_effective": transfer.url.text(),
            "url": self.url,
            "urlnum": str(self.urlnum),
            "num_redirects": str(max(len(transfer.responses) - 1, 0)),
            "redirect_url": _location_target(transfer.url, location).text() if location else "",
            "method": self.method if last else "",
            "scheme": transfer.url.scheme.upper() if last else "",  # the handler's name: "HTTP" in 8.5.0
            "http_version": protocol,
            "num_connects": "1" if last else "0",
            "conn_id": "0" if last else "-1",
            "xfer_id": "0",
            "exitcode": str(self.exit_code),
            "errormsg": error,
            "filename_effective": self.filename or "",
            "referer": "",
            "certs": "",
            "num_certs": "0",
            "ssl_verify_result": "0",
            "proxy_ssl_verify_result": "0",
            "ftp_entry_path": "",
        }
        if last is not None and transfer.url.host not in HUB_API_HOSTS:  # the address _verbose_connect shows
            values["remote_ip"] = transfer.url.host if transfer.url.host != "localhost" else "::1"
            values["remote_port"] = str(transfer.url.port)
        return values


def _write_out(template: str, info: WriteOut, result: Result) -> str:
    """curl's -w template: %{var} (names match case-insensitively), %header{name}, %%, \\n \\r \\t."""
    last = info.transfer.responses[-1] if info.transfer.responses else None
    values = info.values()
    out: list[str] = []
    not_simulated: list[str] = []
    i = 0
    while i < len(template):
        char = template[i]
        if char == "\\" and i + 1 < len(template):
            # any other escape is written as typed, backslash included
            out.append({"n": "\n", "r": "\r", "t": "\t"}.get(template[i + 1], template[i : i + 2]))
            i += 2
            continue
        if char == "%" and template.startswith("%%", i):
            out.append("%")
            i += 2
            continue
        if char == "%" and template.startswith("%{", i) and "}" in template[i:]:
            end = template.index("}", i)
            name = template[i + 2 : end]
            key = name.lower()
            i = end + 1
            if key == "onerror":
                if info.exit_code == 0:
                    break  # the rest is only for failed transfers
            elif key in values:
                out.append(values[key])
            elif key in WRITE_OUT_NOT_SIMULATED:
                not_simulated.append(name)
            else:
                result.err(f"curl: unknown --write-out variable: '{name}'")
            continue
        if char == "%" and template.startswith("%header{", i) and "}" in template[i:]:
            end = template.index("}", i)
            out.append((last.header(template[i + 8 : end]) or "") if last else "")
            i = end + 1
            continue
        out.append(char)
        i += 1
    if not_simulated:
        result.err(
            "registry-tutor: curl -w "
            + ", ".join(f"%{{{name}}}" for name in not_simulated)
            + " is not simulated (timings, addresses and JSON output); it printed nothing there."
        )
    return "".join(out)


class _CurlOutput:
    """Collects stdout as one text (so a body without a final newline stays open) plus stderr lines."""

    def __init__(self) -> None:
        self.result = Result()
        self.stdout = ""

    def text(self, chunk: str) -> None:
        self.stdout += chunk

    def err(self, *lines: str) -> None:
        self.flush()
        self.result.err(*lines)

    def flush(self) -> None:
        if not self.stdout:
            return
        lines = self.stdout.split("\n")
        if lines[-1] == "":
            lines.pop()
            self.ends_open = False
        else:
            self.ends_open = True
        self.result.out(*lines)
        self.stdout = ""

    ends_open = False


def main(ctx, argv: list[str]) -> Result:
    out = _CurlOutput()
    try:
        opts = parse_args(argv)
    except CurlUsage as exc:
        out.result.err(*exc.lines)
        out.result.exit_code = exc.code
        return out.result
    if opts.help:
        out.result.out(*HELP)
        return out.result
    if opts.version:
        out.result.out(
            f"curl {CURL_VERSION} (x86_64-pc-linux-gnu) libcurl/{CURL_VERSION} {OPENSSL} zlib/1.3 nghttp2/1.59.0",
            "Release-Date: 2023-12-06",
        )
        return out.result
    if not opts.urls:
        out.result.err("curl: no URL specified!", TRY_HELP)
        out.result.exit_code = 2
        return out.result
    if opts.request and opts.request.upper() == "HEAD" and not opts.head:
        out.err(
            *warning(
                "Setting custom HTTP method to HEAD with -X/--request may not work the way you want. "
                "Consider using -I/--head instead."
            )
        )
    code = 0
    for index, text in enumerate(opts.urls):
        try:
            code = _fetch_url(ctx, opts, text, out, urlnum=index)
        except CurlUsage as exc:
            out.err(*exc.lines)
            code = exc.code
            break
    out.flush()
    out.result.exit_code = code
    if out.ends_open:
        ctx.no_trailing_newline = True
    return out.result


def _fetch_url(ctx, opts: Options, text: str, out: _CurlOutput, *, urlnum: int) -> int:
    first = urlnum == 0
    to_file = opts.output if first else None
    if first and opts.remote_name and to_file is None:
        to_file = text.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or None
        if to_file is None:
            return _fail(out, opts, 23, "Remote file name has no length", meter=False)
    meter = not (opts.silent or opts.no_progress or opts.verbose) and (
        to_file is not None or not getattr(ctx, "stdout_is_tty", True)
    )
    verbose: list[str] = []
    try:
        transfer = run_transfer(ctx, opts, text, verbose)
    except CurlError as exc:
        out.err(*verbose)
        if exc.code == 0:  # a host the simulator knows but does not serve
            out.err(exc.message)
            return 1
        code = _fail(out, opts, exc.code, exc.message, meter=meter, verbose=opts.verbose)
        if opts.write_out is not None:
            info = WriteOut(Transfer(_safe_url(text), error=exc), code, _method(opts), text, urlnum, to_file)
            out.text(_write_out(opts.write_out, info, out.result))
        return code
    except api.NotSimulated as exc:
        out.err(*verbose, str(exc))
        return 2
    info = WriteOut(transfer, 0, _method(opts), text, urlnum, to_file)
    return _deliver(ctx, opts, out, transfer, verbose, to_file=to_file, meter=meter, info=info)


def _deliver(ctx, opts: Options, out: _CurlOutput, transfer, verbose: list[str], *, to_file: str | None,
             meter: bool, info: WriteOut) -> int:
    """What curl prints and writes once the registry answered: headers, body, meter, -w; -> exit code."""
    events = [e for r in transfer.responses for e in r.events]
    out.result.events.extend(events)
    last = transfer.responses[-1]
    if opts.verbose:  # earlier hops were logged while following them
        out.err(*verbose, *_verbose_response(last))
    failed = (opts.fail or opts.fail_with_body) and last.status >= 400
    # --fail: libcurl stops after the headers (lib/http.c); --fail-with-body: the transfer completes and the
    # tool fails it afterwards (src/tool_operate.c post_per_transfer)
    stopped = failed and not opts.fail_with_body
    code = 22 if failed else 0
    announced = int(last.header("Content-Length") or 0)
    if _method(opts).upper() == "HEAD" and not opts.head and announced:
        # curl waits for the announced body, which an answer to HEAD never carries
        out.err(
            f"registry-tutor: curl now waits for the {announced} bytes that Content-Length announced; an answer "
            "to HEAD never sends them, so it would hang until you press Ctrl+C. Use -I instead."
        )
        return 130

    headers_text = (
        "".join(_header_block(r) for r in transfer.responses) if (opts.include or opts.head) else ""
    )
    body_text = ""
    opaque = last.opaque and not opts.head
    if not opts.head and not opaque:
        body_text = last.body.decode("utf-8", "replace")
    if stopped:
        # lib/http.c writes each header line as it arrives and checks --fail after the blank line: -i/-I
        # still show the headers; the body is never read
        body_text = ""

    if opts.dump_header is not None:
        dumped = "".join(_header_block(r) for r in transfer.responses)
        if opts.dump_header == "-":
            out.text(dumped)
        else:
            _write_file(ctx, out, opts.dump_header, dumped)

    if to_file is None and opaque and getattr(ctx, "stdout_is_tty", True):
        code = 23  # a "synthetic" error: curl prints no "curl: (23)" line for it
    # tool_operate.c creates an output file that got no data only for a transfer that succeeded
    if not (stopped and to_file is not None and not headers_text) and not _write_body(
        ctx, out, to_file, headers_text, body_text, opaque
    ):
        return 23
    if meter:
        out.err(*progress_lines(0 if opts.head or opaque else len(last.body)))
    if opts.verbose and stopped:  # failf() shows as a "* " line; an errored transfer closes its connection
        out.err(f"* The requested URL returned error: {last.status}", "* Closing connection")
    elif opts.verbose:
        host = transfer.url.host
        out.err(f"* Connection #0 to host {host} left intact")
    if failed:
        if not opts.silent or opts.show_error:
            out.err(f"curl: (22) The requested URL returned error: {last.status}")
    if opts.write_out is not None:
        info.exit_code, info.failed, info.stopped = code, failed, stopped
        out.text(_write_out(opts.write_out, info, out.result))
    return code


def _write_body(ctx, out: _CurlOutput, to_file: str | None, headers_text: str, body_text: str,
                opaque: bool) -> bool:
    """Headers and body to stdout, or to -o FILE; False when the file could not be written (curl's 23)."""
    if to_file is None:
        out.text(headers_text)
        if opaque:
            if getattr(ctx, "stdout_is_tty", True):
                out.err(*BINARY_WARNING)
            else:
                out.err("registry-tutor: layer blobs have no real bytes in this simulator; nothing was written.")
        else:
            out.text(body_text)
    elif to_file != "/dev/null":
        if opaque:
            out.err("registry-tutor: layer blobs have no real bytes in this simulator; nothing was written.")
        elif not _write_file(ctx, out, to_file, headers_text + body_text):
            return False
    return True


def _safe_url(text: str) -> Url:
    try:
        return parse_url(text)
    except CurlError:
        return Url("http", "", 80, "/")


def _fail(out: _CurlOutput, opts: Options, code: int, message: str, *, meter: bool, verbose: bool = False) -> int:
    line = f"curl: ({code}) {message}"
    if verbose:
        out.err(f"* {message}", "* Closing connection")
    if meter:
        # the meter's last line is still open when the error is printed: both share a line
        zero = progress_lines(0)
        if opts.silent and not opts.show_error:
            out.err(*zero)
        else:
            out.err(*zero[:2], zero[2] + line)
        return code
    if not opts.silent or opts.show_error:
        out.err(line)
    return code


def _write_file(ctx, out: _CurlOutput, name: str, text: str) -> bool:
    """-o / -D into the simulated file system; curl's wording when the file cannot be created."""
    machine = ctx.world.machine
    path = machine.fs.resolve(machine.cwd, name, machine.home)
    try:
        if machine.fs.is_dir(path):
            raise FsError("EISDIR", path)
        machine.fs.write(path, text, mtime=ctx.world.clock)
    except FsError as exc:
        out.err(
            *warning(f"Failed to open the file {name}: {exc.strerror}"),
            "curl: (23) Failure writing output to destination",
        )
        return False
    from tutor.sim import events as ev

    out.result.events.append(ev.FileWritten(machine.name, path))
    return True
