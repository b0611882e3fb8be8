"""The simulated world: machines, registries and the shared clock.

``World.default()`` is design.md contract 4: the learner's laptop (an empty
image store, ``~/myapp1`` … ``~/myapp25``), a registry at ``localhost:5000``
(empty, deletion enabled) and a read-only Docker Hub.

Worlds are plain data: ``to_dict``/``from_dict`` round-trip through JSON, and
``clone`` is a copy sharing the immutable images (undo itself uses ``tutor.sim.journal``).
"""

from __future__ import annotations

import functools
import ipaddress
from dataclasses import field

from tutor.sim.content import OCI_MANIFEST, Attestation, Image, Layer, ManifestBlob
from tutor.sim.fs import FileSystem
from tutor.sim.hub import docker_hub
from tutor.sim.image_store import ImageStore
from tutor.sim.journal import Journaled, copy_graph
from tutor.sim.records import record
from tutor.sim.registry import Registry, Repository

HOME = "/home/learner"
LOCAL_REGISTRY = "localhost:5000"
# A team registry on a server of its own, reached by host name from every machine (``World.add_team_registry``).
TEAM_REGISTRY = "registry.team.lan:5000"
# Host names that always mean the machine you are on (Go resolves localhost to ::1 and 127.0.0.1).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
DAEMON_JSON = "/etc/docker/daemon.json"
HUB = "docker.io"
PROFILES = ("current", "classic")
LAPTOP = "laptop"  # the learner's own machine, in every world
LAPTOP_WORDS = "your laptop"  # how every sentence for the learner names it
FORMAT_VERSION = 1
REGISTRY_CONFIG_PATH = "/etc/distribution/config.yml"
# The registry:3 image's default configuration, with deletes enabled (the localhost:5000 registry allows them).
REGISTRY_CONFIG = """version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
"""


@record
class Container(Journaled):
    """A container on a machine: the image it runs, its command and state."""

    id: str  # 64 hex
    name: str
    image: str  # the reference as typed (what `docker ps` shows)
    digest: str  # manifest digest of the image
    command: str
    created: int
    status: str = "exited"  # "running", "exited" or "created"
    exit_code: int = 0
    ports: str = ""  # as `docker ps` shows them while it runs: "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"
    # -p bindings (host IP, host port, container port, proto, ephemeral), or None: saved before they were kept
    bindings: tuple[tuple[str, int, int, str, bool], ...] | None = None

    def __init__(
        self,
        id: str,
        name: str,
        image: str,
        digest: str,
        command: str,
        created: int,
        status: str = "exited",
        exit_code: int = 0,
        ports: str = "",
        bindings=None,
    ) -> None:
        self.id = id
        self.name = name
        self.image = image
        self.digest = digest
        self.command = command
        self.created = created
        self.status = status
        self.exit_code = exit_code
        self.ports = ports
        # (ip_address raises ValueError on a hand-edited address: a world file that fails to load, said so)
        self.bindings = None if bindings is None else tuple(
            (str(ipaddress.ip_address(ip)), int(host), int(port), str(proto), bool(eph))
            for ip, host, port, proto, eph in bindings
        )


@record
class Machine(Journaled):
    """A simulated computer: its files, folder, image store, containers and daemon settings."""

    __journal_quiet__ = frozenset({"history"})  # not a change the learner made to the world

    name: str
    fs: FileSystem
    cwd: str = HOME
    home: str = HOME
    history: list[str] = field(default_factory=list)
    store: ImageStore = None  # type: ignore[assignment]
    containers: dict[str, Container] = field(default_factory=dict)
    auth: dict[str, str] = field(default_factory=dict)  # registry host -> username after `docker login`
    # What the running dockerd loaded from /etc/docker/daemon.json when it (re)started: it reads the
    # file only at start (`sudo systemctl restart docker`), not when the file changes.
    insecure_registries: tuple[str, ...] = ()
    daemon_running: bool = True  # False after a restart that failed on a bad daemon.json

    def __init__(
        self,
        name: str,
        fs: FileSystem,
        cwd: str = HOME,
        home: str = HOME,
        history: list[str] | None = None,
        store: ImageStore | None = None,
        containers: dict[str, Container] | None = None,
        auth: dict[str, str] | None = None,
        insecure_registries: tuple[str, ...] = (),
        daemon_running: bool = True,
    ) -> None:
        self.name = name
        self.fs = fs
        self.cwd = cwd
        self.home = home
        self.history = [] if history is None else history
        self.store = store
        self.containers = {} if containers is None else containers
        self.auth = {} if auth is None else auth
        self.insecure_registries = insecure_registries
        self.daemon_running = daemon_running
        self.__post_init__()

    def __post_init__(self) -> None:
        if self.store is None:
            self.store = ImageStore(self.name)

    def clone(self) -> Machine:
        return Machine(
            name=self.name,
            fs=self.fs.clone(),
            cwd=self.cwd,
            home=self.home,
            history=list(self.history),
            store=self.store.clone(),
            containers={cid: Container(**vars(c)) for cid, c in self.containers.items()},
            auth=dict(self.auth),
            insecure_registries=self.insecure_registries,
            daemon_running=self.daemon_running,
        )


@functools.lru_cache(maxsize=256)  # every push and pull asks for the same few hosts
def split_host(host: str) -> tuple[str, str]:
    """``host[:port]`` -> (hostname, port); no port means HTTPS's 443, as Docker dials it."""
    if host.startswith("["):
        name, _, rest = host.partition("]")
        return name + "]", rest.lstrip(":") or "443"
    name, _, port = host.partition(":")
    return name, port or "443"


@functools.lru_cache(maxsize=256)
def is_loopback(host: str) -> bool:
    return split_host(host)[0] in LOOPBACK_HOSTS


@record
class World(Journaled):
    """Everything simulated: the machines, the registries, the engine profile and the clock."""

    __journal_quiet__ = frozenset({"clock", "counter"})

    machines: dict[str, Machine]
    registries: dict[str, Registry] = field(default_factory=dict)
    current: str = "laptop"
    profile: str = "current"
    clock: int = 0  # simulated seconds since 2026-01-01T00:00:00Z
    counter: int = 0  # feeds deterministic IDs (containers, upload sessions)

    def __init__(
        self,
        machines: dict[str, Machine],
        registries: dict[str, Registry] | None = None,
        current: str = "laptop",
        profile: str = "current",
        clock: int = 0,
        counter: int = 0,
    ) -> None:
        self.machines = machines
        self.registries = {} if registries is None else registries
        self.current = current
        self.profile = profile
        self.clock = clock
        self.counter = counter

    @property
    def machine(self) -> Machine:
        return self.machines[self.current]

    def registry(self, host: str) -> Registry | None:
        """The registry known by this name (``localhost:5000`` is the laptop's): the world's view."""
        return self.registries.get(host)

    def reach(self, host: str, machine: str | None = None) -> Registry | None:
        """What answers at ``host`` from ``machine`` (default: the current one), or None.

        ``localhost``/``127.0.0.1`` are the machine itself: they reach only a registry running there."""
        machine = machine or self.current
        if is_loopback(host):
            port = split_host(host)[1]
            for registry in self.registries.values():
                if registry.machine == machine and split_host(registry.host)[1] == port:
                    return registry
            return None
        found = self.registries.get(host)
        return found if found is not None and found.machine is None else None

    def add_team_registry(self, tls: bool = False, host: str = TEAM_REGISTRY) -> Registry:
        """A registry on a server of its own, reached by host name from every machine.

        ``tls=False``: plain HTTP, as the ``registry`` program serves by default, so each machine's Docker
        needs the host in ``insecure-registries``; ``tls=True``: a certificate every machine trusts."""
        registry = self.registries[host] = Registry(host, tls=tls)
        return registry

    def tick(self, seconds: int = 1) -> int:
        if self._journal is None:  # no workspace holds this world: a plain store, not Journaled.__setattr__
            own = self.__dict__
            clock = own["clock"] = own["clock"] + seconds
            return clock
        self.clock += seconds
        return self.clock

    def next_id(self) -> int:
        self.counter += 1
        return self.counter

    # --- construction ----------------------------------------------------

    @classmethod
    def default(cls, profile: str = "current") -> World:
        if profile not in PROFILES:
            raise ValueError(f"unknown engine profile {profile!r} (choose current or classic)")
        laptop = Machine("laptop", FileSystem.default_home(HOME))
        laptop.fs.mkdir("/etc/distribution", parents=True)
        laptop.fs.write(REGISTRY_CONFIG_PATH, REGISTRY_CONFIG)
        laptop.fs.mkdir("/etc/docker", parents=True)
        return cls(
            machines={"laptop": laptop},
            registries={LOCAL_REGISTRY: Registry(LOCAL_REGISTRY, machine="laptop"), HUB: docker_hub()},
            profile=profile,
        )

    def add_machine(self, name: str) -> Machine:
        """Another machine (a teammate's laptop, a server): it reaches registries by host name; its own
        ``localhost`` is itself (no registry runs there)."""
        machine = self.machines[name] = Machine(name, FileSystem.default_home(HOME))
        machine.fs.mkdir("/etc/docker", parents=True)
        return machine

    def clone(self) -> World:
        """An independent copy sharing only immutable data (images); covers every field there is."""
        return copy_graph(self)

    # --- JSON ------------------------------------------------------------

    def to_dict(self) -> dict:
        pool: dict[str, Image] = {}

        def keep(image: Image) -> str:
            pool[image.manifest_digest] = image
            return image.manifest_digest

        machines = {}
        for name, m in self.machines.items():
            s = m.store
            machines[name] = {
                "fs": m.fs.to_dict(),
                "cwd": m.cwd,
                "home": m.home,
                "history": list(m.history),
                "auth": dict(m.auth),
                "insecure_registries": list(m.insecure_registries),
                "daemon_running": m.daemon_running,
                # a container from an older file has no bindings (None): it stays without the key
                "containers": [{k: v for k, v in vars(c).items() if v is not None} for c in m.containers.values()],
                "images": [keep(image) for image in s.images.values()],
                "tags": dict(s.tags),
                "digest_refs": dict(s.digest_refs),
                "arrived": dict(s.arrived),
                "tagged_at": dict(s.tagged_at),
                "build_cache": dict(s.build_cache),
                "blob_sources": {b: sorted(map(list, v)) for b, v in s.blob_sources.items()},
            }
        registries = {}
        for host, r in self.registries.items():
            registries[host] = {
                "hub": r.hub,
                "tls": r.tls,
                "machine": r.machine,
                "delete_enabled": r.delete_enabled,
                "blobs": dict(r.blobs),
                "repositories": {
                    path: {
                        "tags": dict(repo.tags),
                        "manifests": [keep(image) for image in repo.manifests.values()],
                        "blobs": sorted(repo.blobs),
                        "children": {d: keep(image) for d, image in repo.children.items()},
                    }
                    for path, repo in r.repositories.items()
                },
            }
        return {
            "format": FORMAT_VERSION,
            "current": self.current,
            "profile": self.profile,
            "clock": self.clock,
            "counter": self.counter,
            "images": {digest: _image_to_dict(image) for digest, image in pool.items()},
            "machines": machines,
            "registries": registries,
        }

    @classmethod
    def from_dict(cls, data: dict) -> World:
        """Rebuild a world from ``to_dict`` output; raises ValueError on anything malformed."""
        try:
            if data.get("format") != FORMAT_VERSION:
                raise ValueError(f"unsupported world format {data.get('format')!r}")
            pool = {digest: _image_from_dict(d) for digest, d in data["images"].items()}
            machines = {}
            for name, md in data["machines"].items():
                store = ImageStore(
                    machine=name,
                    images={d: pool[d] for d in md["images"]},
                    tags=dict(md["tags"]),
                    digest_refs=dict(md["digest_refs"]),
                    arrived={k: int(v) for k, v in md["arrived"].items()},
                    tagged_at={k: int(v) for k, v in md.get("tagged_at", {}).items()},
                    build_cache=dict(md["build_cache"]),
                    blob_sources={b: {tuple(x) for x in v} for b, v in md["blob_sources"].items()},
                )
                machines[name] = Machine(
                    name=name,
                    fs=FileSystem.from_dict(md["fs"]),
                    cwd=md["cwd"],
                    home=md["home"],
                    history=list(md["history"]),
                    store=store,
                    containers={c["id"]: Container(**c) for c in md["containers"]},
                    auth=dict(md["auth"]),
                    insecure_registries=tuple(md.get("insecure_registries", ())),
                    daemon_running=bool(md.get("daemon_running", True)),
                )
            registries = {}
            for host, rd in data["registries"].items():
                registries[host] = Registry(
                    host=host,
                    hub=bool(rd["hub"]),
                    tls=bool(rd.get("tls", rd["hub"])),
                    # worlds saved before registries had a machine: localhost:5000 ran on the laptop
                    machine=rd.get("machine", "laptop" if is_loopback(host) else None),
                    delete_enabled=bool(rd["delete_enabled"]),
                    blobs={k: int(v) for k, v in rd["blobs"].items()},
                    repositories={
                        path: Repository(
                            tags=dict(repo["tags"]),
                            manifests={d: pool[d] for d in repo["manifests"]},
                            blobs=set(repo["blobs"]),
                            children={d: pool[i] for d, i in repo.get("children", {}).items()},
                        )
                        for path, repo in rd["repositories"].items()
                    },
                )
            profile = data["profile"]
            if profile not in PROFILES:
                raise ValueError(f"unknown engine profile {profile!r}")
            world = cls(
                machines=machines,
                registries=registries,
                current=data["current"],
                profile=profile,
                clock=int(data["clock"]),
                counter=int(data["counter"]),
            )
            if world.current not in machines:
                raise ValueError(f"current machine {world.current!r} is not in the world")
            return world
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"malformed world: {exc!r}") from exc


def same_state(a: World, b: World) -> bool:
    """Did anything the learner can see change? (Clock, counters and history do not count.)"""
    if a.current != b.current or set(a.machines) != set(b.machines) or set(a.registries) != set(b.registries):
        return False
    for name, ma in a.machines.items():
        mb = b.machines[name]
        sa, sb = ma.store, mb.store
        if (
            ma.cwd != mb.cwd
            or ma.fs != mb.fs
            or sa.tags != sb.tags
            or sa.digest_refs != sb.digest_refs
            or list(sa.images) != list(sb.images)
            or set(ma.containers) != set(mb.containers)
            or {c: v.status for c, v in ma.containers.items()}
            != {c: v.status for c, v in mb.containers.items()}
            or ma.auth != mb.auth
            or ma.insecure_registries != mb.insecure_registries
            or ma.daemon_running != mb.daemon_running
        ):
            return False
    for host, ra in a.registries.items():
        rb = b.registries[host]
        if set(ra.repositories) != set(rb.repositories) or set(ra.blobs) != set(rb.blobs):
            return False
        for path, repo in ra.repositories.items():
            other = rb.repositories[path]
            if repo.tags != other.tags or list(repo.manifests) != list(other.manifests):
                return False
    return True


def _image_to_dict(image: Image) -> dict:
    return {
        "manifest": image.manifest_bytes.decode(),
        "manifest_media_type": image.manifest_media_type,
        "config": image.config_bytes.decode(),
        "layers": [[layer.digest, layer.diff_id, layer.size] for layer in image.layers],
        "created": image.created,
        "cmd": list(image.cmd),
        "entrypoint": list(image.entrypoint),
        "workdir": image.workdir,
        "env": list(image.env),
        "files": [list(f) for f in image.files],
        **({"attestation": {
            "image_manifest": image.attestation.image_manifest.data.decode(),
            "image_manifest_media_type": image.attestation.image_manifest.media_type,
            "attestation_manifest": image.attestation.attestation_manifest.data.decode(),
            "statement": image.attestation.statement.decode(),
        }} if image.attestation is not None else {}),
    }


def _image_from_dict(d: dict) -> Image:
    from tutor.sim.content import sha256

    manifest_bytes = d["manifest"].encode()
    config_bytes = d["config"].encode()
    attestation = None
    if "attestation" in d:  # an attested build: the index, its image manifest and its attestation
        a = d["attestation"]
        inner, att = a["image_manifest"].encode(), a["attestation_manifest"].encode()
        attestation = Attestation(
            ManifestBlob(sha256(inner), a["image_manifest_media_type"], inner),
            ManifestBlob(sha256(att), OCI_MANIFEST, att),
            a["statement"].encode(),
        )
    return Image(
        manifest_digest=sha256(manifest_bytes),
        manifest_bytes=manifest_bytes,
        manifest_media_type=d["manifest_media_type"],
        config_digest=sha256(config_bytes),
        config_bytes=config_bytes,
        layers=tuple(Layer(str(a), str(b), int(c)) for a, b, c in d["layers"]),
        created=int(d["created"]),
        cmd=tuple(d["cmd"]),
        entrypoint=tuple(d["entrypoint"]),
        workdir=d["workdir"],
        env=tuple(d["env"]),
        files=tuple((str(p), str(t)) for p, t in d["files"]),
        attestation=attestation,
    )
