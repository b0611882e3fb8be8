"""A real CNCF Distribution registry for the tests, and a way to push the simulator's content into it.

The registry is Debian's ``docker-registry`` package (Distribution 2.8; ``.ci/run`` installs it),
started on a free loopback port with a throw-away storage folder. Content goes in over the HTTP
API exactly as a client pushes it (distribution docs/spec/api.md: monolithic blob upload with
POST + PUT ?digest=, then PUT of each manifest), so what the registry accepts and the digests it
reports are the registry's own answers.
"""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tutor.sim.registry import Registry

BINARIES = ("docker-registry", "registry")
NOT_INSTALLED = (
    "no Distribution registry binary (docker-registry or registry) on PATH: "
    "`apt-get install -y docker-registry` (CI does)"
)

CONFIG = """version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: {root}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:{port}
  headers:
    X-Content-Type-Options: [nosniff]
"""


def registry_binary() -> str | None:
    for name in BINARIES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class HttpAnswer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


class RealRegistry:
    def __init__(self, binary: str, folder: Path) -> None:
        self.port = _free_port()
        self.folder = folder
        (folder / "data").mkdir(parents=True, exist_ok=True)
        config = folder / "config.yml"
        config.write_text(CONFIG.format(root=folder / "data", port=self.port))
        self.process = subprocess.Popen(
            [binary, "serve", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 20  # a safety net only: it usually answers within 0.2 s
        while True:
            try:
                if self.request("GET", "/v2/").status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                err = self.process.stderr.read().decode(errors="replace") if self.process.stderr else ""
                self.stop()
                raise RuntimeError(f"the registry did not start: {err[-500:]}")
            time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def request(self, method: str, target: str, headers: dict | None = None, body: bytes | None = None) -> HttpAnswer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, target, body=body, headers=headers or {})
            reply = connection.getresponse()
            data = reply.read()
            return HttpAnswer(reply.status, reply.getheaders(), data)
        finally:
            connection.close()

    # --- pushing ------------------------------------------------------------------------------

    def push_blob(self, name: str, digest: str, data: bytes) -> HttpAnswer:
        started = self.request("POST", f"/v2/{name}/blobs/uploads/")
        assert started.status == 202, (started.status, started.body)
        location = started.header("Location") or ""
        path = location.split(f"127.0.0.1:{self.port}", 1)[-1]
        joiner = "&" if "?" in path else "?"
        return self.request(
            "PUT",
            f"{path}{joiner}digest={digest}",
            headers={"Content-Type": "application/octet-stream", "Content-Length": str(len(data))},
            body=data,
        )

    def put_manifest(self, name: str, reference: str, media_type: str, data: bytes) -> HttpAnswer:
        return self.request("PUT", f"/v2/{name}/manifests/{reference}", headers={"Content-Type": media_type}, body=data)

    def mirror(self, registry: Registry) -> None:
        """Push every manifest (with its config and layers) and every tag of a simulated registry."""
        for name, repo in registry.repositories.items():
            for digest, image in repo.manifests.items():
                for layer in image.layers:
                    assert layer.stand_in, "layers read back from a saved world have no stand-in bytes"
                    answer = self.push_blob(name, layer.digest, layer.stand_in)
                    assert answer.status == 201, (answer.status, answer.body)
                answer = self.push_blob(name, image.config_digest, image.config_bytes)
                assert answer.status == 201, (answer.status, answer.body)
                # an attested build: the attestation's blobs, then the index's manifests by digest
                for blob, _size in image.extra_blobs():
                    answer = self.push_blob(name, blob, image.blob_bytes(blob))
                    assert answer.status == 201, (answer.status, answer.body)
                for child in image.children():
                    answer = self.put_manifest(name, child.digest, child.media_type, child.data)
                    assert answer.status == 201, (answer.status, answer.body)
                answer = self.put_manifest(name, digest, image.manifest_media_type, image.manifest_bytes)
                assert answer.status == 201, (answer.status, answer.body)
            for tag, digest in repo.tags.items():
                image = repo.manifests[digest]
                answer = self.put_manifest(name, tag, image.manifest_media_type, image.manifest_bytes)
                assert answer.status == 201, (answer.status, answer.body)
