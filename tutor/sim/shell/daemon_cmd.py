"""``systemctl restart docker`` and ``sudo``: the Docker daemon reads /etc/docker/daemon.json when it starts.

The only daemon setting simulated is ``insecure-registries`` (moby daemon/pkg/registry/config.go
``loadInsecureRegistries``): the ``host:port`` names the daemon may talk plain HTTP to. Editing the file
changes nothing until the daemon restarts, as with a real dockerd. A file dockerd cannot load stops it:
systemd reports the failed job and every docker command then finds no daemon.
"""

from __future__ import annotations

from tutor.sim.lazy import LazyModule
from tutor.sim.result import Result
from tutor.sim.world import DAEMON_JSON

json = LazyModule("json")  # not at start-up: its package compiles regexes

FAILED_JOB = (
    "Job for docker.service failed because the control process exited with error code.",
    'See "systemctl status docker.service" and "journalctl -xeu docker.service" for details.',
)
# Options of daemon.json the simulator accepts without simulating them (anything else is refused, as
# dockerd refuses unknown directives: daemon/config/config.go findConfigurationConflicts).
KNOWN_KEYS = frozenset({"insecure-registries", "registry-mirrors", "debug", "log-level", "features",
                        "data-root", "storage-driver", "dns", "log-driver", "log-opts"})


def load_daemon_json(text: str) -> tuple[str, ...]:
    """The insecure registries a daemon.json gives, or ValueError with dockerd's reason for refusing it."""
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON in {DAEMON_JSON}: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{DAEMON_JSON} must hold a JSON object")
    unknown = sorted(k for k in data if k not in KNOWN_KEYS)
    if unknown:
        raise ValueError(
            f"the following directives don't match any configuration option: {', '.join(unknown)}"
        )
    entries = data.get("insecure-registries", [])
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        raise ValueError('"insecure-registries" must be a list of "host:port" strings')
    names = []
    for entry in entries:
        scheme, sep, rest = entry.partition("://")
        if sep and scheme.lower() not in ("http", "https"):
            raise ValueError(f"insecure registry {entry} should not contain '://'")
        names.append(rest if sep else entry)  # dockerd drops an http:// or https:// prefix with a warning
    return tuple(names)


def restart_docker(ctx) -> Result:
    r = Result()
    machine = ctx.world.machine
    fs = machine.fs
    text = fs.read(DAEMON_JSON) if fs.is_file(DAEMON_JSON) else ""
    try:
        machine.insecure_registries = load_daemon_json(text)
    except ValueError as exc:
        machine.daemon_running = False
        r.err(*FAILED_JOB)
        r.err(f"registry-tutor: dockerd said: unable to configure the Docker daemon with file {DAEMON_JSON}: {exc}")
        r.exit_code = 1
        return r
    machine.daemon_running = True
    return r


def systemctl(ctx, argv: list[str]) -> Result:
    args = [a for a in argv[1:] if not a.startswith("-")]
    r = Result()
    unit = args[1].removesuffix(".service") if len(args) > 1 else ""
    if len(args) == 2 and args[0] in ("restart", "start", "reload-or-restart") and unit == "docker":
        if not ctx.world.machine.daemon_running or args[0] != "start":
            return restart_docker(ctx)
        return r
    r.err("registry-tutor: the simulator's systemctl only does `systemctl restart docker` "
          "(the Docker daemon reads /etc/docker/daemon.json when it starts).")
    r.exit_code = 1
    return r


def sudo(ctx, argv: list[str]) -> Result:
    """Runs the rest of the line as root. The simulation has no users or permissions, so it only runs it."""
    from tutor.sim.shell import PROGRAMS

    if len(argv) < 2:
        r = Result()
        r.err("usage: sudo command")
        r.exit_code = 1
        return r
    program = PROGRAMS.get(argv[1])
    if program is None or argv[1] in ("cd", "export", "unset", "exit", "history", "help", "explain"):
        r = Result()
        r.err(f"sudo: {argv[1]}: command not found")
        r.exit_code = 1
        return r
    return program(ctx, argv[1:])

