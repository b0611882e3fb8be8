"""Content addressing: blobs, image configs, manifests and their digests.

Digests are real sha256 over canonical JSON bytes, so the same inputs always
give the same digests and any change gives new ones. Layers carry no real
bytes (a simplification the help states): a layer's digest is the sha256 of a
canonical description of what it would contain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

# What BuildKit with the containerd store writes, and what the classic store
# pushes (Docker schema2). The classic profile uses the Docker media types.
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"

EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z: the simulated clock starts here


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def canonical(obj: object) -> bytes:
    """Canonical JSON: sorted keys, no insignificant white space."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def short(digest: str, n: int = 12) -> str:
    """``sha256:3f2a…`` -> ``3f2a…`` cut to n hex digits (Docker's TruncateID is 12)."""
    return digest.split(":", 1)[-1][:n]


def iso_time(clock: int) -> str:
    import datetime as _dt

    return _dt.datetime.fromtimestamp(EPOCH + clock, _dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Layer:
    digest: str  # compressed blob digest (what registries store)
    diff_id: str  # uncompressed digest (what the image config lists)
    size: int  # compressed size in bytes (what a real layer would weigh)
    # The bytes whose sha256 is ``digest``: a short stand-in for the layer, so the simulator's content can be
    # pushed into a real registry (tests/conformance). Empty for layers read back from a saved world.
    stand_in: bytes = field(default=b"", repr=False, compare=False)

    @classmethod
    def from_description(cls, description: object, size: int) -> Layer:
        body = canonical(description)
        blob = b"gz:" + body
        return cls(digest=sha256(blob), diff_id=sha256(b"tar:" + body), size=size, stand_in=blob)


@dataclass(frozen=True)
class Image:
    """An immutable image: manifest + config + layers, identified by its manifest digest.

    ``files`` is the app's files as the last COPY left them (path -> text), so
    ``docker run`` can show what the app prints; ``cmd`` is the config's Cmd.
    """

    manifest_digest: str
    manifest_bytes: bytes
    manifest_media_type: str
    config_digest: str
    config_bytes: bytes
    layers: tuple[Layer, ...]
    created: int  # simulated clock seconds
    cmd: tuple[str, ...] = ()
    entrypoint: tuple[str, ...] = ()
    workdir: str = ""
    env: tuple[str, ...] = ()
    files: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def size(self) -> int:
        """Content size: compressed layers + config (what the registry stores)."""
        return sum(layer.size for layer in self.layers) + len(self.config_bytes)

    @property
    def manifest_size(self) -> int:
        return len(self.manifest_bytes)

    @property
    def config(self) -> dict:
        return json.loads(self.config_bytes)

    @property
    def manifest(self) -> dict:
        return json.loads(self.manifest_bytes)

    def image_id(self, profile: str) -> str:
        """IMAGE ID: the manifest digest on the containerd store, the config digest on the classic one."""
        return self.config_digest if profile == "classic" else self.manifest_digest

    def blob_digests(self) -> list[str]:
        return [self.config_digest, *(layer.digest for layer in self.layers)]


def make_image(
    *,
    layers: tuple[Layer, ...],
    config: dict,
    created: int,
    classic: bool,
    cmd: tuple[str, ...] = (),
    entrypoint: tuple[str, ...] = (),
    workdir: str = "",
    env: tuple[str, ...] = (),
    files: tuple[tuple[str, str], ...] = (),
) -> Image:
    """Assemble the config and manifest bytes and digest them."""
    config = dict(config)
    config["created"] = iso_time(created)
    config["rootfs"] = {"type": "layers", "diff_ids": [layer.diff_id for layer in layers]}
    config_bytes = canonical(config)
    config_digest = sha256(config_bytes)
    manifest_type = DOCKER_MANIFEST if classic else OCI_MANIFEST
    manifest = {
        "schemaVersion": 2,
        "mediaType": manifest_type,
        "config": {
            "mediaType": DOCKER_CONFIG if classic else OCI_CONFIG,
            "digest": config_digest,
            "size": len(config_bytes),
        },
        "layers": [
            {"mediaType": DOCKER_LAYER if classic else OCI_LAYER, "digest": layer.digest, "size": layer.size}
            for layer in layers
        ],
    }
    manifest_bytes = _indent3(manifest)  # registries keep the bytes as pushed
    return Image(
        manifest_digest=sha256(manifest_bytes),
        manifest_bytes=manifest_bytes,
        manifest_media_type=manifest_type,
        config_digest=config_digest,
        config_bytes=config_bytes,
        layers=layers,
        created=created,
        cmd=cmd,
        entrypoint=entrypoint,
        workdir=workdir,
        env=env,
        files=files,
    )


def _indent3(manifest: dict) -> bytes:
    """``json.dumps(manifest, indent=3)`` (Docker's schema2 MarshalIndent with three spaces), written out
    by hand for this fixed shape: the pure-Python indenting encoder was a tenth of every build."""
    q = json.dumps  # strings only: the C encoder quotes them

    def descriptor(d: dict, pad: str) -> str:
        inner = pad + "   "
        return (
            "{\n"
            f'{inner}"mediaType": {q(d["mediaType"])},\n'
            f'{inner}"digest": {q(d["digest"])},\n'
            f'{inner}"size": {d["size"]}\n'
            f"{pad}}}"
        )

    layers = ",\n".join("      " + descriptor(d, "      ") for d in manifest["layers"])
    text = (
        "{\n"
        f'   "schemaVersion": {manifest["schemaVersion"]},\n'
        f'   "mediaType": {q(manifest["mediaType"])},\n'
        f'   "config": {descriptor(manifest["config"], "   ")},\n'
        + (f'   "layers": [\n{layers}\n   ]\n' if manifest["layers"] else '   "layers": []\n')
        + "}"
    )
    return text.encode()


def human_size(size: int) -> str:
    """go-units HumanSizeWithPrecision(size, 3): decimal units, no space ("77.9MB", "0B")."""
    units = ["B", "kB", "MB", "GB", "TB", "PB"]
    value = float(size)
    i = 0
    while value >= 1000 and i < len(units) - 1:
        value /= 1000
        i += 1
    return f"{value:.3g}{units[i]}"  # Python's %g matches Go's, quirks ("1e+03kB") included


def human_duration(seconds: int) -> str:
    """go-units HumanDuration, as `docker images` CREATED shows it (without " ago")."""
    if seconds < 1:
        return "Less than a second"
    if seconds == 1:
        return "1 second"
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = int(seconds / 3600 + 0.5)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{seconds // 3600 // 24 // 365} years"
