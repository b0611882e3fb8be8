"""Content addressing: blobs, image configs, manifests and their digests.

Digests are real sha256 over canonical JSON bytes, so the same inputs always
give the same digests and any change gives new ones. Layers carry no real
bytes (a simplification the help states): a layer's digest is the sha256 of a
canonical description of what it would contain.
"""

from __future__ import annotations

import functools
from dataclasses import field

from tutor.sim import sha256 as _sha256  # not hashlib: OpenSSL costs start-up time (see that module)
from tutor.sim.lazy import LazyModule
from tutor.sim.records import record

try:  # json's C string quoters and encoder, without importing the json package (its regexes) at start-up
    from _json import encode_basestring as _encode_str
    from _json import encode_basestring_ascii as _encode_ascii
    from _json import make_encoder as _c_make_encoder
except ImportError:  # pragma: no cover - a Python without the C accelerator
    from json.encoder import py_encode_basestring as _encode_str  # type: ignore[assignment]
    from json.encoder import py_encode_basestring_ascii as _encode_ascii  # type: ignore[assignment]

    _c_make_encoder = None

json = LazyModule("json")  # loads and dumps: a saved world, an inspect, a build's statement

# What BuildKit with the containerd store writes, and what the classic store
# pushes (Docker schema2). The classic profile uses the Docker media types.
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
# An attested build (buildkit exporter/containerimage/writer.go, compatibility version 031, the default
# in BuildKit v0.32): an OCI index holding the image manifest and an OCI-artifact attestation manifest.
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_EMPTY = "application/vnd.oci.empty.v1+json"  # ocispecs.DescriptorEmptyJSON: the bytes "{}"
IN_TOTO = "application/vnd.in-toto+json"  # in-toto-golang PayloadType
ATTESTATION_ARTIFACT = "application/vnd.docker.attestation.manifest.v1+json"
REFERENCE_TYPE = "vnd.docker.reference.type"
REFERENCE_DIGEST = "vnd.docker.reference.digest"
ATTESTATION_MANIFEST = "attestation-manifest"
SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1"
STATEMENT_V1 = "https://in-toto.io/Statement/v1"
PLATFORM = ("linux", "amd64")  # every simulated image is linux/amd64

EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z: the simulated clock starts here


def sha256(data: bytes) -> str:
    return "sha256:" + _sha256.hexdigest(data)


def sha256_after(prefix: _sha256.Prefix, data: bytes) -> str:
    """sha256(data), the kept blocks of ``prefix`` skipped when ``data`` starts with it (every build writes
    its manifests after the same constant head); any other data is hashed whole."""
    if data.startswith(prefix.data):
        return "sha256:" + prefix.hexdigest(data[len(prefix.data):])
    return "sha256:" + _sha256.hexdigest(data)


def sha256_cut(data: bytes, cut: int) -> str:
    """sha256(data) with ``data[:cut]`` hashed once per text (a Prefix kept per text, bounded): for data whose
    head repeats from build to build (an image config's head before its creation time)."""
    head = data[:cut]
    prefix = _PREFIXES.get(head)
    if prefix is None:
        if len(_PREFIXES) >= _PREFIXES_MAX:
            _PREFIXES.clear()
        prefix = _PREFIXES[head] = _sha256.Prefix(head)
    return "sha256:" + prefix.hexdigest(data[cut:])


_PREFIXES: dict[bytes, _sha256.Prefix] = {}
_PREFIXES_MAX = 256


def canonical(obj: object) -> bytes:
    """Canonical JSON: sorted keys, no insignificant white space."""
    encode = _CANONICAL[0] if _CANONICAL else _canonical_encoder()
    if encode is None:  # no C accelerator (another Python): json.dumps is the same text
        return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return "".join(encode(obj, 0)).encode()


def canonical_text(obj: object) -> str:
    """canonical(obj) as text (to be joined with other canonical text before encoding)."""
    encode = _CANONICAL[0] if _CANONICAL else _canonical_encoder()
    if encode is None:
        return canonical(obj).decode()
    return "".join(encode(obj, 0))


_CANONICAL: list = []  # the C encoder json.dumps(sort_keys=True, ...) would build, built once (every digest uses it)


def _canonical_encoder():
    if _c_make_encoder is None:
        _CANONICAL.append(None)
        return None
    # json.JSONEncoder.iterencode's one-shot C path with canonical()'s options; no cycle check (markers None):
    # the sim's JSON is trees
    _CANONICAL.append(_c_make_encoder(None, _not_serializable, _encode_str, None, ":", ",", True, False, True))
    return _CANONICAL[0]


def _not_serializable(obj: object):
    """json.JSONEncoder.default: what canonical() raises for a value JSON has no form for."""
    raise TypeError(f"Object of type {obj.__class__.__name__} is not JSON serializable")


def short(digest: str, n: int = 12) -> str:
    """``sha256:3f2a…`` -> ``3f2a…`` cut to n hex digits (Docker's TruncateID is 12)."""
    return digest.split(":", 1)[-1][:n]


@functools.lru_cache(maxsize=4096)
def iso_time(clock: int) -> str:
    """RFC 3339 UTC text of a simulated clock value (``2026-01-01T00:00:07Z``)."""
    if type(clock) is not int:
        return _strftime_iso(clock)
    # the date from strftime once per day, the time of day by arithmetic: every build has a new clock
    # value, and gmtime + strftime cost ten times this (tests/sim/test_throughput_build.py compares)
    day, second = divmod(EPOCH + clock, 86400)
    hour, second = divmod(second, 3600)
    minute, second = divmod(second, 60)
    two = _TWO_DIGITS  # ("00" ... "59": f"{n:02d}" parses its format spec for every number)
    return f"{_iso_day(day)}{two[hour]}:{two[minute]}:{two[second]}Z"


_TWO_DIGITS = tuple(f"{n:02d}" for n in range(60))


@functools.lru_cache(maxsize=64)
def _iso_day(day: int) -> str:
    """``2026-01-01T``: the date part of iso_time for days since the Unix epoch."""
    import time as _time

    return _time.strftime("%Y-%m-%dT", _time.gmtime(day * 86400))


@functools.lru_cache(maxsize=1024)
def quoted_time(clock: int) -> str:
    """quote(iso_time(clock)): a build writes its clock's time in three places (history entries, created)."""
    return quote(iso_time(clock))


def _strftime_iso(clock: int) -> str:
    """iso_time the general way (time.gmtime rather than datetime: the same text, in a third of the time)."""
    import time as _time

    return _time.strftime("%Y-%m-%dT%H:%M:%SZ", _time.gmtime(EPOCH + clock))


@record(frozen=True)
class Layer:
    """One image layer: its blob digest, the diff ID the config lists, and its size."""

    digest: str  # compressed blob digest (what registries store)
    diff_id: str  # uncompressed digest (what the image config lists)
    size: int  # compressed size in bytes (what a real layer would weigh)
    # The bytes whose sha256 is ``digest``: a short stand-in for the layer, so the simulator's content can be
    # pushed into a real registry (tests/conformance). Empty for layers read back from a saved world.
    stand_in: bytes = field(default=b"", repr=False, compare=False)

    def __init__(self, digest: str, diff_id: str, size: int, stand_in: bytes = b"") -> None:
        d = self.__dict__  # (frozen: its __setattr__ refuses; the instance dict is what it would fill)
        d["digest"] = digest
        d["diff_id"] = diff_id
        d["size"] = size
        d["stand_in"] = stand_in

    @classmethod
    def from_description(cls, description: object, size: int) -> Layer:
        return cls.from_body(canonical(description), size)

    @classmethod
    def from_body(cls, body: bytes, size: int) -> Layer:
        """The layer whose description's canonical JSON is ``body``."""
        blob = b"gz:" + body
        return cls(digest=sha256(blob), diff_id=sha256(b"tar:" + body), size=size, stand_in=blob)


@record(frozen=True)
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
    # Set on an attested build: then manifest_* describe the OCI index (what names point at, the image
    # ID on the containerd store) and the platform image manifest sits inside it.
    attestation: Attestation | None = field(default=None, repr=False)

    def __init__(
        self,
        manifest_digest: str,
        manifest_bytes: bytes,
        manifest_media_type: str,
        config_digest: str,
        config_bytes: bytes,
        layers: tuple[Layer, ...],
        created: int,
        cmd: tuple[str, ...] = (),
        entrypoint: tuple[str, ...] = (),
        workdir: str = "",
        env: tuple[str, ...] = (),
        files: tuple[tuple[str, str], ...] = (),
        attestation: Attestation | None = None,
    ) -> None:
        d = self.__dict__  # (frozen: its __setattr__ refuses; the instance dict is what it would fill)
        d["manifest_digest"] = manifest_digest
        d["manifest_bytes"] = manifest_bytes
        d["manifest_media_type"] = manifest_media_type
        d["config_digest"] = config_digest
        d["config_bytes"] = config_bytes
        d["layers"] = layers
        d["created"] = created
        d["cmd"] = cmd
        d["entrypoint"] = entrypoint
        d["workdir"] = workdir
        d["env"] = env
        d["files"] = files
        d["attestation"] = attestation

    @property
    def is_index(self) -> bool:
        return self.attestation is not None

    @property
    def platform_digest(self) -> str:
        """The per-platform image manifest's digest (stable across unchanged rebuilds)."""
        return self.attestation.image_manifest.digest if self.attestation else self.manifest_digest

    @property
    def platform_media_type(self) -> str:
        return self.attestation.image_manifest.media_type if self.attestation else self.manifest_media_type

    @property
    def platform_manifest_bytes(self) -> bytes:
        return self.attestation.image_manifest.data if self.attestation else self.manifest_bytes

    def platform_image(self) -> Image:
        """The image manifest inside an index as an image of its own (a pull by that digest)."""
        a = self.attestation
        if a is None:
            return self
        from dataclasses import replace

        return replace(
            self,
            manifest_digest=a.image_manifest.digest,
            manifest_bytes=a.image_manifest.data,
            manifest_media_type=a.image_manifest.media_type,
            attestation=None,
        )

    def children(self) -> tuple[ManifestBlob, ...]:
        """The manifests an index holds, in index order (none for a plain image manifest)."""
        a = self.attestation
        return (a.image_manifest, a.attestation_manifest) if a else ()

    def extra_blobs(self) -> tuple[tuple[str, int], ...]:
        """Blobs the attestation manifest references: its empty config, then the in-toto statement."""
        a = self.attestation
        return ((EMPTY_JSON_DIGEST, 2), (a.statement_digest, len(a.statement))) if a else ()

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
        """IMAGE ID: the target digest on the containerd store (an attested build's index), the config digest
        on the classic one."""
        return self.config_digest if profile == "classic" else self.manifest_digest

    def blob_digests(self) -> list[str]:
        return [self.config_digest, *(layer.digest for layer in self.layers), *(d for d, _ in self.extra_blobs())]

    def references(self, digest: str) -> list[str]:
        """What the manifest ``digest`` (this image's index or one of its children) references, in the
        order distribution's References() lists them (manifest/ocischema index.go: the manifests;
        manifest.go: config, then layers — an artifact's subject is not a reference)."""
        a = self.attestation
        image_refs = [self.config_digest, *(layer.digest for layer in self.layers)]
        if a is None:
            return image_refs if digest == self.manifest_digest else []
        if digest == self.manifest_digest:
            return [a.image_manifest.digest, a.attestation_manifest.digest]
        if digest == a.image_manifest.digest:
            return image_refs
        if digest == a.attestation_manifest.digest:
            return [EMPTY_JSON_DIGEST, a.statement_digest]
        return []

    def manifest_by_digest(self, digest: str) -> tuple[str, bytes] | None:
        """(media type, bytes) of this image's index or a manifest inside it."""
        if digest == self.manifest_digest:
            return self.manifest_media_type, self.manifest_bytes
        for child in self.children():
            if child.digest == digest:
                return child.media_type, child.data
        return None

    def blob_bytes(self, digest: str) -> bytes | None:
        """Blobs whose bytes the simulator has: the config, the attestation's config and statement."""
        if digest == self.config_digest:
            return self.config_bytes
        a = self.attestation
        if a is not None and digest == EMPTY_JSON_DIGEST:
            return b"{}"
        if a is not None and digest == a.statement_digest:
            return a.statement
        return None


@record(frozen=True)
class ManifestBlob:
    """A manifest inside an index: its bytes as the exporter wrote them."""

    digest: str
    media_type: str
    data: bytes

    def __init__(self, digest: str, media_type: str, data: bytes) -> None:
        d = self.__dict__  # (frozen: its __setattr__ refuses; the instance dict is what it would fill)
        d["digest"] = digest
        d["media_type"] = media_type
        d["data"] = data

    @property
    def size(self) -> int:
        return len(self.data)


@record(frozen=True)
class Attestation:
    """What an attested build adds around the image manifest (buildkit writer.go commitAttestationsManifest)."""

    image_manifest: ManifestBlob
    attestation_manifest: ManifestBlob
    statement: bytes  # the in-toto statement (SLSA provenance, mode=min), the attestation's one layer

    def __init__(
        self,
        image_manifest: ManifestBlob,
        attestation_manifest: ManifestBlob,
        statement: bytes,
    ) -> None:
        d = self.__dict__  # (frozen: its __setattr__ refuses; the instance dict is what it would fill)
        d["image_manifest"] = image_manifest
        d["attestation_manifest"] = attestation_manifest
        d["statement"] = statement

    @functools.cached_property  # every push asks several times; the statement never changes
    def statement_digest(self) -> str:
        return sha256(self.statement)

    @property
    def predicate(self) -> dict:
        return json.loads(self.statement)["predicate"]


EMPTY_JSON_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"


def provenance_statement(image: Image, *, names: list[str], started: int, finished: int, request: dict,
                         materials: list[dict], invocation: str) -> bytes:
    """An abbreviated SLSA v1 provenance statement, mode=min (buildkit solver/llbsolver/provenance.go,
    exporter/attestation/make.go): the subjects are the image manifest under each name as a package
    URL, the times come from the simulated clock. Compact JSON, as json.Marshal writes it."""
    platform = "%2F".join(PLATFORM)
    if not request["args"] and not materials and request == _MIN_REQUEST:  # what every plain build records
        return min_provenance_statement(image.manifest_digest, names, started, finished, invocation)
    subjects = [
        {"name": f"pkg:docker/{_purl_name(n)}?platform={platform}", "digest": {"sha256": image.manifest_digest[7:]}}
        for n in names
    ]
    statement = {
        "_type": STATEMENT_V1,
        "predicateType": SLSA_PROVENANCE_V1,
        "subject": subjects,
        "predicate": {
            "buildDefinition": {
                "buildType": _BUILD_TYPE,
                "externalParameters": {"request": request},
                "resolvedDependencies": materials,
            },
            "runDetails": {
                "builder": {"id": ""},
                "metadata": {
                    "invocationID": invocation,
                    "startedOn": iso_time(started),
                    "finishedOn": iso_time(finished),
                },
            },
        },
    }
    return json.dumps(statement, separators=(",", ":"), ensure_ascii=False).encode()


def min_provenance_statement(manifest_digest: str, names: list[str] | tuple[str, ...], started: int, finished: int,
                             invocation: str) -> bytes:
    """provenance_statement for the plain build's request (_MIN_REQUEST: no build arguments, no materials): its
    json.dumps written out, the same bytes without building and walking the tree."""
    q = quote
    digest = q(manifest_digest[7:])
    subjects = ",".join([f'{{"name":{_subject_name(n)},"digest":{{"sha256":{digest}}}}}' for n in names])
    return (
        f'{_STATEMENT_HEAD}{subjects}{_STATEMENT_MID}{q(invocation)},"startedOn":{quoted_time(started)},'
        f'"finishedOn":{quoted_time(finished)}}}}}}}}}'
    ).encode()


_BUILD_TYPE = "https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md"
_MIN_REQUEST = {"frontend": "dockerfile.v0", "args": {}, "locals": [{"name": "context"}, {"name": "dockerfile"}]}
# json.dumps(_MIN_REQUEST, separators=(",", ":"), ensure_ascii=False), written out (tests/sim/test_records.py)
_MIN_REQUEST_JSON = '{"frontend":"dockerfile.v0","args":{},"locals":[{"name":"context"},{"name":"dockerfile"}]}'
# the plain statement's constant text before the subjects and between them and the invocation ID
_STATEMENT_HEAD = f'{{"_type":{_encode_str(STATEMENT_V1)},"predicateType":{_encode_str(SLSA_PROVENANCE_V1)},"subject":['
_STATEMENT_MID = (
    f'],"predicate":{{"buildDefinition":{{"buildType":{_encode_str(_BUILD_TYPE)},"externalParameters":{{"request":'
    f'{_MIN_REQUEST_JSON}}},"resolvedDependencies":[]}},"runDetails":{{"builder":{{"id":""}},'
    '"metadata":{"invocationID":'
)


@functools.lru_cache(maxsize=1024)
def _subject_name(name: str) -> str:
    """A subject's package URL, quoted (kept per name: a repository's every build names it again)."""
    return quote(f"pkg:docker/{_purl_name(name)}?platform={'%2F'.join(PLATFORM)}")


def _purl_name(name: str) -> str:
    """buildkit util/purl RefToPURL for a normalised ``name:tag``: the familiar name's last part is the
    purl name, the parts before it its namespace (``localhost:5000/myapp1:1.0`` -> ``localhost:5000/myapp1@1.0``,
    ``docker.io/library/myapp1:1.0`` -> ``myapp1@1.0``)."""
    repo, _, tag = name.rpartition(":")
    if "/" in tag or not repo:
        repo, tag = name, "latest"
    familiar = repo.removeprefix("docker.io/").removeprefix("library/")
    return f"{familiar}@{tag}"


def attest(image: Image, statement: bytes) -> Image:
    """Wrap a built image into the OCI index BuildKit exports with a provenance attestation."""
    q = quote
    # its head up to the first subject's digest (the constant type fields, the first name) repeats every build
    head = statement.find(b'"digest":{"sha256":"')
    statement_digest = sha256_cut(statement, head + 20) if head > 0 else sha256(statement)
    media_type, digest, size = q(image.manifest_media_type), q(image.manifest_digest), image.manifest_size
    # ocispecs.Manifest / Descriptor field order, json.MarshalIndent(.., "", "  ") (writer.go); the
    # constant text around the few values that change is quoted once (_ATTESTATION_PARTS)
    head, layer_tail, subject_head = _ATTESTATION_PARTS
    att_bytes = (
        # (sha256() digests are "sha256:" and hex: json quotes them as they are)
        f'{head}"{statement_digest}",\n      "size": {len(statement)},\n{layer_tail}'
        f'{subject_head}{media_type},\n    "digest": {digest},\n    "size": {size}\n  }}\n}}'
    ).encode()
    att_digest = sha256_after(_ATTESTATION_PREFIX, att_bytes)
    index_head, index_mid, index_tail = _INDEX_PARTS
    index_bytes = (
        f'{index_head}{media_type},\n      "digest": {digest},\n      "size": {size},\n{index_mid}'
        f'"{att_digest}",\n      "size": {len(att_bytes)},\n      "annotations": {{\n'
        f'        {_Q_REFERENCE_DIGEST}: {digest},\n{index_tail}'
    ).encode()
    attestation = Attestation(
        ManifestBlob(image.manifest_digest, image.manifest_media_type, image.manifest_bytes),
        ManifestBlob(att_digest, OCI_MANIFEST, att_bytes),
        statement,
    )
    # the cached_property's value, hashed above already (a push would hash the statement a second time)
    attestation.__dict__["statement_digest"] = statement_digest
    # dataclasses.replace without its per-field walk (Image is a plain frozen dataclass: no __post_init__)
    attested = object.__new__(Image)
    attested.__dict__.update(
        image.__dict__,
        manifest_digest=sha256_after(_INDEX_PREFIX, index_bytes),
        manifest_bytes=index_bytes,
        manifest_media_type=OCI_INDEX,
        attestation=attestation,
    )
    return attested


_Q = _encode_str
# attest()'s constant text, as the general f-strings it replaced wrote it (tests/sim/test_content.py
# builds the attested bytes the long way and compares)
_ATTESTATION_PARTS = (
    "{\n"
    '  "schemaVersion": 2,\n'
    f'  "mediaType": {_Q(OCI_MANIFEST)},\n'
    f'  "artifactType": {_Q(ATTESTATION_ARTIFACT)},\n'
    '  "config": {\n'
    f'    "mediaType": {_Q(OCI_EMPTY)},\n'
    f'    "digest": {_Q(EMPTY_JSON_DIGEST)},\n'
    '    "size": 2,\n'
    '    "data": "e30="\n'
    "  },\n"
    '  "layers": [\n'
    "    {\n"
    f'      "mediaType": {_Q(IN_TOTO)},\n'
    '      "digest": ',
    '      "annotations": {\n'
    f'        "in-toto.io/predicate-type": {_Q(SLSA_PROVENANCE_V1)}\n'
    "      }\n"
    "    }\n"
    "  ],\n",
    '  "subject": {\n    "mediaType": ',
)
_INDEX_PARTS = (
    "{\n"
    '  "schemaVersion": 2,\n'
    f'  "mediaType": {_Q(OCI_INDEX)},\n'
    '  "manifests": [\n'
    "    {\n"
    '      "mediaType": ',
    '      "platform": {\n'
    f'        "architecture": {_Q(PLATFORM[1])},\n'
    f'        "os": {_Q(PLATFORM[0])}\n'
    "      }\n"
    "    },\n"
    "    {\n"
    f'      "mediaType": {_Q(OCI_MANIFEST)},\n'
    '      "digest": ',
    f'        {_Q(REFERENCE_TYPE)}: {_Q(ATTESTATION_MANIFEST)}\n'
    "      },\n"
    '      "platform": {\n'
    '        "architecture": "unknown",\n'
    '        "os": "unknown"\n'
    "      }\n"
    "    }\n"
    "  ]\n"
    "}",
)
_Q_REFERENCE_DIGEST = _Q(REFERENCE_DIGEST)
# the constant heads of every attestation manifest and index, up to the first digest's hex: hashed once
_ATTESTATION_PREFIX = _sha256.Prefix(f'{_ATTESTATION_PARTS[0]}"sha256:'.encode())
_INDEX_PREFIX = _sha256.Prefix(f'{_INDEX_PARTS[0]}{_Q(OCI_MANIFEST)},\n      "digest": "sha256:'.encode())


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
    return image_from_config(
        layers=layers, config_bytes=canonical(config), created=created, classic=classic, cmd=cmd,
        entrypoint=entrypoint, workdir=workdir, env=env, files=files,
    )


def image_config_bytes(container_config: dict, history: list[str], created: int, layers: tuple[Layer, ...]) -> bytes:
    """canonical() of an image config {architecture amd64, os linux, config, created, history, rootfs}, written
    around its parts: ``history`` holds each entry's canonical text already (a builder writes an entry
    once; a base image's entries are written once per base). The keys are in canonical (sorted) order;
    tests/sim/test_throughput_build.py checks the bytes against canonical() of the same dict."""
    return (
        f'{{"architecture":"amd64","config":{_object_json(container_config)},"created":{quoted_time(created)},'
        f'"history":[{",".join(history)}],"os":"linux","rootfs":{{"diff_ids":[{_diff_ids_json(layers)}],'
        '"type":"layers"}}'
    ).encode()


def _diff_ids_json(layers: tuple[Layer, ...]) -> str:
    """The layers' quoted diff IDs, comma-separated: joined between quotes when no ID needs escaping (digests
    never do), each quoted otherwise."""
    ids = [layer.diff_id for layer in layers]
    flat = "".join(ids)
    if flat and '"' not in flat and "\\" not in flat and flat.isprintable():
        return '"' + '","'.join(ids) + '"'
    return ",".join([quote(layer.diff_id) for layer in layers])


def _object_json(obj: dict) -> str:
    """canonical_text(obj) for a dict with str keys, kept per value when its values are strings and lists (a
    container config's Cmd, Env, WorkingDir: the same for every build of a Dockerfile on a base), the key
    holding each list item's type (1, 1.0 and True are equal keys but not the same JSON)."""
    key = []
    for k, v in obj.items():
        kind = type(v)
        if type(k) is not str:
            return _object_json_text(obj)
        if kind is list:
            key.append((k, tuple(v), tuple(map(type, v))))
        elif kind is str:
            key.append((k, v))
        else:  # a number, bool or dict: written afresh
            return _object_json_text(obj)
    try:
        text = _OBJECT_TEXTS.get(key := tuple(key))
    except TypeError:  # a list holding dicts or lists
        return _object_json_text(obj)
    if text is None:
        if len(_OBJECT_TEXTS) >= _OBJECT_TEXTS_MAX:
            _OBJECT_TEXTS.clear()
        text = _OBJECT_TEXTS[key] = _object_json_text(obj)
    return text


_OBJECT_TEXTS: dict[tuple, str] = {}
_OBJECT_TEXTS_MAX = 256


def _object_json_text(obj: dict) -> str:
    """canonical_text(obj) for a dict with str keys, its str and list-of-str values written from kept quotes,
    any other value by canonical_text."""
    q = quote
    parts = []
    for key, value in sorted(obj.items()):
        if type(key) is not str:
            return canonical_text(obj)  # (json's own key rules: numbers, None and bools become strings)
        if type(value) is str:
            parts.append(f"{q(key)}:{q(value)}")
        elif type(value) is list and all([type(item) is str for item in value]):
            parts.append(f"{q(key)}:[{','.join([q(item) for item in value])}]")
        else:
            parts.append(f"{q(key)}:{canonical_text(value)}")
    return f"{{{','.join(parts)}}}"


def image_from_config(
    *,
    layers: tuple[Layer, ...],
    config_bytes: bytes,
    created: int,
    classic: bool,
    cmd: tuple[str, ...] = (),
    entrypoint: tuple[str, ...] = (),
    workdir: str = "",
    env: tuple[str, ...] = (),
    files: tuple[tuple[str, str], ...] = (),
    config_head: int = 0,
) -> Image:
    """The image whose config is ``config_bytes``: its manifest written and both digested. ``config_head``:
    the length of a head of the config that other configs share (its blocks are hashed once, sha256_cut)."""
    # a build's config head (architecture, container config) is its base's and Dockerfile's, build after build
    config_digest = sha256_cut(config_bytes, config_head) if config_head else sha256(config_bytes)
    manifest_type = DOCKER_MANIFEST if classic else OCI_MANIFEST
    config_type = DOCKER_CONFIG if classic else OCI_CONFIG
    # registries keep the bytes as pushed: the classic push writes schema2's MarshalIndent with three
    # spaces, BuildKit's exporter MarshalIndent with two (buildkit exporter/containerimage/writer.go)
    manifest_bytes = manifest_json(
        manifest_type,
        (config_type, config_digest, len(config_bytes)),
        DOCKER_LAYER if classic else OCI_LAYER,
        [(layer.digest, layer.size) for layer in layers],
        "   " if classic else "  ",
    )
    return Image(
        manifest_digest=sha256_after(_manifest_prefix(manifest_type, config_type, classic), manifest_bytes),
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


def manifest_json(
    media_type: str, config: tuple[str, str, int], layer_type: str, layers: list[tuple[str, int]], step: str
) -> bytes:
    """``json.dumps(manifest, indent=len(step))`` of an image manifest (schemaVersion, mediaType, config,
    layers; config and each layer a mediaType/digest/size descriptor): Docker's schema2 MarshalIndent with
    three spaces, BuildKit's with two. Written out by hand for this fixed shape: the pure-Python indenting
    encoder was a tenth of every build. The text around the values comes from _manifest_templates; a
    layer's descriptor is kept per (digest, size) (a build's layers are mostly its base's, every build)."""
    head, config_parts, layer_parts, layers_head, layers_tail, no_layers = _manifest_templates(step)
    config_type, config_digest, config_size = config
    c_type, c_digest, c_size, c_end = config_parts
    text = (
        f"{head}{quote_ascii(media_type)},\n{c_type}{quote_ascii(config_type)}{c_digest}{quote_ascii(config_digest)}"
        f"{c_size}{config_size}{c_end}"
    )
    if not layers:
        return (text + no_layers).encode()
    texts = _LAYER_TEXTS
    kind = (step, layer_type)
    body = []
    for digest, size in layers:
        key = (digest, size, kind)
        layer_text = texts.get(key)
        if layer_text is None:
            l_type, l_digest, l_size, l_end = layer_parts
            layer_text = f"{l_type}{quote_ascii(layer_type)}{l_digest}{quote_ascii(digest)}{l_size}{size}{l_end}"
            if type(size) is int:  # (1 == True == 1.0: only ints share a key with their text)
                if len(texts) >= _LAYER_TEXTS_MAX:
                    texts.clear()
                texts[key] = layer_text
        body.append(layer_text)
    return f"{text}{layers_head}{_LAYER_SEP.join(body)}{layers_tail}".encode()


@functools.lru_cache(maxsize=8)
def _manifest_prefix(media_type: str, config_type: str, classic: bool) -> _sha256.Prefix:
    """What every manifest image_from_config writes starts with, up to its config digest's hex."""
    head, (c_type, c_digest, _, _), *_ = _manifest_templates("   " if classic else "  ")
    return _sha256.Prefix(
        f'{head}{quote_ascii(media_type)},\n{c_type}{quote_ascii(config_type)}{c_digest}"sha256:'.encode()
    )


_LAYER_TEXTS: dict[tuple, str] = {}  # (digest, size, (step, layer type)) -> the descriptor's text
_LAYER_TEXTS_MAX = 4096
_LAYER_SEP = ",\n"


@functools.lru_cache(maxsize=8)
def _manifest_templates(step: str) -> tuple:
    """manifest_json's constant text for one indent (two or three spaces: two entries in practice)."""
    one, two, three = step, step * 2, step * 3

    def descriptor(indent: str, inner: str) -> tuple[str, str, str, str]:
        # what goes before the media type, the digest and the size, and what closes the descriptor
        return (f'{indent}{{\n{inner}"mediaType": ', f',\n{inner}"digest": ', f',\n{inner}"size": ', f"\n{indent}}}")

    c_type, c_digest, c_size, c_end = descriptor("", two)
    return (
        f'{{\n{one}"schemaVersion": 2,\n{one}"mediaType": ',
        (f'{one}"config": {c_type}', c_digest, c_size, f"\n{one}}},\n"),
        descriptor(two, three),
        f'{one}"layers": [\n',
        f"\n{one}]\n}}",
        f'{one}"layers": []\n}}',
    )


_QUOTED_ASCII: dict[str, str] = {}  # text -> json.dumps(text): digests and media types come back every build
_QUOTED: dict[str, str] = {}  # text -> json.dumps(text, ensure_ascii=False)
_QUOTED_MAX = 8192


def quote_ascii(text: str) -> str:
    """json.dumps(text) for a str (ensure_ascii), kept: a digest is quoted again by every build and push."""
    quoted = _QUOTED_ASCII.get(text)
    if quoted is None:
        if len(_QUOTED_ASCII) >= _QUOTED_MAX:
            _QUOTED_ASCII.clear()
        quoted = _QUOTED_ASCII[text] = _encode_ascii(text)
    return quoted


def quote(text: str) -> str:
    """json.dumps(text, ensure_ascii=False) for a str (what canonical() writes for one), kept like quote_ascii."""
    quoted = _QUOTED.get(text)
    if quoted is None:
        if len(_QUOTED) >= _QUOTED_MAX:
            _QUOTED.clear()
        quoted = _QUOTED[text] = _encode_str(text)
    return quoted


def human_size(size: int, precision: int = 3) -> str:
    """go-units HumanSizeWithPrecision(size, precision): decimal units, no space ("77.9MB", "0B"); HumanSize
    itself is precision 4 (``docker image prune``'s reclaimed space)."""
    units = ["B", "kB", "MB", "GB", "TB", "PB"]
    value = float(size)
    i = 0
    while value >= 1000 and i < len(units) - 1:
        value /= 1000
        i += 1
    return f"{value:.{precision}g}{units[i]}"  # Python's %g matches Go's, quirks ("1e+03kB") included


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
