"""What a docker command handler works with: the world, its machine, the output."""

from __future__ import annotations

from functools import lru_cache

from tutor.sim import reference
from tutor.sim.errors import SimError
from tutor.sim.events import Event
from tutor.sim.image_store import ImageStore
from tutor.sim.records import record
from tutor.sim.registry import Registry
from tutor.sim.result import Result
from tutor.sim.shell.docker.cli import Command
from tutor.sim.world import is_loopback, split_host

# Seconds the simulated clock moves for each docker command (keeps CREATED columns plausible).
COMMAND_SECONDS = 7


def daemon_error(message: str, exit_code: int = 1) -> SimError:
    """An error the daemon returned as an HTTP status (moby client/request.go adds the prefix)."""
    return SimError(f"Error response from daemon: {message}", exit_code)


@record
class DockerContext:
    """What a docker command's handler sees: the world, its command, the result it writes to."""

    world: object  # tutor.sim.world.World (not imported: avoids a cycle)
    command: Command
    result: Result
    env: dict[str, str] | None = None  # the docker CLI's environment (exported variables, NAME=value prefixes)

    def __init__(
        self,
        world: object,
        command: Command,
        result: Result,
        env: dict[str, str] | None = None,
    ) -> None:
        self.world = world
        self.command = command
        self.result = result
        self.env = env
        self.__post_init__()

    def __post_init__(self) -> None:
        self.world.tick(COMMAND_SECONDS)

    @property
    def machine(self):
        return self.world.machine

    @property
    def store(self) -> ImageStore:
        return self.world.machine.store

    @property
    def profile(self) -> str:
        return self.world.profile

    @property
    def classic(self) -> bool:
        return self.world.profile == "classic"

    def out(self, *lines: str) -> None:
        self.result.out(*lines)

    def err(self, *lines: str) -> None:
        self.result.err(*lines)

    def emit(self, events: list[Event] | Event) -> None:
        if isinstance(events, Event):
            self.result.events.append(events)
        else:
            self.result.events.extend(events)

    def platform(self, args) -> str:
        """--platform as typed, else DOCKER_DEFAULT_PLATFORM: docker/cli pull.go, run.go, create.go use the
        variable as the flag's default (push.go and image inspect.go deliberately do not)."""
        if "platform" in args.changed:
            return args.platform
        return (self.env or {}).get("DOCKER_DEFAULT_PLATFORM", "")

    def require_daemon(self) -> None:
        """The command's first API call, after its client-side checks (docker/__init__.py NO_DAEMON)."""
        if not self.world.machine.daemon_running:
            from tutor.sim.shell.docker import DAEMON_DOWN

            raise SimError(DAEMON_DOWN)

    def parse(self, text: str) -> reference.Reference:
        """ParseNormalizedNamed; its error propagates unwrapped (as push/pull return it)."""
        return _parse(text)

    def registry(self, host: str) -> Registry:
        """The registry the daemon reaches at host from this machine, or the error it gets instead.

        ``localhost`` is this machine (world.reach). The daemon talks plain HTTP only to a registry it
        treats as insecure: loopback addresses (moby daemon/pkg/registry/config.go loadInsecureRegistries
        adds ``::1/128`` and ``127.0.0.0/8``) and the exact ``host:port`` entries of ``insecure-registries``
        (isSecureIndex looks the name up in IndexConfigs); anything else gets HTTPS only."""
        insecure = is_loopback(host) or host in self.machine.insecure_registries
        # Docker Hub's registry API also answers at registry-1.docker.io and index.docker.io (reference
        # normalize.go keeps registry-1.docker.io as it is; a login may name either)
        found = self.world.reach("docker.io" if host in ("registry-1.docker.io", "index.docker.io") else host)
        if found is None:
            return self.unreachable(host, insecure)
        if not found.tls and not insecure:
            # Go net/http transport.go: the TLS handshake read a plain HTTP answer
            raise UnreachableRegistry(host, "http: server gave HTTP response to HTTPS client", "https")
        return found

    def unreachable(self, host: str, insecure: bool = True):
        hostname, port = split_host(host)
        # graphdriver tries https then, for an insecure registry, http: the last error is reported
        scheme = "http" if insecure else "https"
        if hostname in ("localhost", "127.0.0.1", "[::1]"):
            address = f"[::1]:{port}" if hostname in ("localhost", "[::1]") else f"127.0.0.1:{port}"
            raise UnreachableRegistry(host, f"dial tcp {address}: connect: connection refused", scheme)
        raise UnreachableRegistry(host, f"dial tcp: lookup {hostname}: no such host", scheme)


# A reference's parse depends on its text alone and a Reference is immutable: a script names the same few
# references again and again (push, tag, run). An invalid one raises every time (lru_cache keeps no errors).
_parse = lru_cache(maxsize=1024)(reference.parse)


class UnreachableRegistry(SimError):
    """No registry answers at this host; ``detail`` is the network error Go would report and ``scheme``
    the scheme of the graphdriver daemon's last /v2/ ping (http for insecure registries)."""

    def __init__(self, host: str, detail: str, scheme: str = "http") -> None:
        super().__init__(detail)
        self.host = host
        self.detail = detail
        self.scheme = scheme

    @property
    def ping_url(self) -> str:
        return f"{self.scheme}://{self.host}/v2/"

    @property
    def ping_detail(self) -> str:
        """``detail`` as the ping to ``ping_url`` fails: Go dials an http:// URL without a port at 80."""
        if self.scheme == "http" and ":" not in self.host.rpartition("]")[2]:
            return self.detail.replace(":443: connect:", ":80: connect:")
        return self.detail
