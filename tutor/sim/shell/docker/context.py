"""What a docker command handler works with: the world, its machine, the output."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.sim import reference
from tutor.sim.engine import ImageStore
from tutor.sim.errors import SimError
from tutor.sim.events import Event
from tutor.sim.registry import Registry
from tutor.sim.result import Result
from tutor.sim.shell.docker.cli import Command

# Seconds the simulated clock moves for each docker command (keeps CREATED columns plausible).
COMMAND_SECONDS = 7


def daemon_error(message: str, exit_code: int = 1) -> SimError:
    """An error the daemon returned as an HTTP status (moby client/request.go adds the prefix)."""
    return SimError(f"Error response from daemon: {message}", exit_code)


@dataclass
class DockerContext:
    world: object  # tutor.sim.world.World (not imported: avoids a cycle)
    command: Command
    result: Result
    env: dict[str, str] | None = None  # the docker CLI's environment (exported variables, NAME=value prefixes)

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

    def parse(self, text: str) -> reference.Reference:
        """ParseNormalizedNamed; its error propagates unwrapped (as push/pull return it)."""
        return reference.parse(text)

    def registry(self, host: str) -> Registry:
        """The registry at host, or the error a daemon gets when nothing answers there."""
        found = self.world.registry(host)
        if found is not None:
            return found
        return self.unreachable(host)

    def unreachable(self, host: str):
        hostname, _, port = host.partition(":")
        if hostname in ("localhost", "127.0.0.1"):
            address = f"[::1]:{port or 443}" if hostname == "localhost" else f"127.0.0.1:{port or 443}"
            raise UnreachableRegistry(host, f"dial tcp {address}: connect: connection refused")
        raise UnreachableRegistry(host, f"dial tcp: lookup {hostname}: no such host")


class UnreachableRegistry(SimError):
    """No registry answers at this host; ``detail`` is the network error Go would report."""

    def __init__(self, host: str, detail: str) -> None:
        super().__init__(detail)
        self.host = host
        self.detail = detail
