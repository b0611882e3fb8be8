"""The simulated Docker Hub: a read-only library of official images.

Content is fixed (the same digests in every world and profile). Real Hub
images are multi-platform indexes; ours are single-platform manifests, a
simplification the help states.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from tutor.sim import history_words as hw
from tutor.sim.content import EPOCH, Image, Layer, iso_time, make_image
from tutor.sim.registry import Registry

HELLO = """
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate your workflow, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/
"""

# repository path (@variant) -> (tags, each layer's size in bytes, in layer order)
OFFICIAL: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "library/alpine": (("3", "3.20", "latest"), (3_623_807,)),
    "library/busybox": (("1.37", "latest"), (2_156_042,)),
    "library/hello-world": (("latest",), (3_208,)),
    "library/ubuntu": (("22.04",), (29_537_734,)),
    "library/ubuntu@24.04": (("24.04", "latest", "noble"), (29_754_290,)),
    "library/nginx": (("1.27", "latest"), (28_230_000, 41_874_000, 628, 956, 405, 1_210, 1_398)),
    "library/python": (("3.12-slim",), (28_227_259, 3_511_000, 12_560_000, 249)),
    "library/python@3.12": (
        ("3.12", "latest"),
        (48_490_000, 24_020_000, 64_390_000, 211_300_000, 6_160_000, 24_870_000, 249),
    ),
    # registry:3's amd64 layer sizes (docker-library/repo-info repos/registry/remote/3.md)
    "library/registry": (("3", "latest"), (3_844_421, 245_051, 16_031_187, 397, 213)),
}

HUB_CREATED = -60 * 86_400  # official images were built two months before the simulated clock starts

# Each official image's config and build history, as `docker history` / `docker inspect` show them and a
# build FROM it inherits: one entry per step, a layer-making step per layer in layer order, config-only
# steps with empty_layer. Derived from each image's Dockerfile (the steps, in order) and from how the
# builder that built it words steps; docker-library/repo-info repos/<name>/remote/<tag>.md lists the real
# entries (it drops the "/bin/sh -c " and "#(nop) " parts):
# - BuildKit (comment buildkit.dockerfile.v0; worded by tutor/sim/history_words.py, which the simulated
#   builder words its steps with too, as moby/buildkit frontend/dockerfile/dockerfile2llb/convert.go words
#   them): the docker-library images
#   alpine (alpinelinux/docker-alpine: FROM scratch, ADD alpine-minirootfs-*.tar.gz /, CMD), hello-world
#   (docker-library/hello-world: FROM scratch, COPY hello /, CMD), nginx (nginxinc/docker-nginx
#   mainline/debian/Dockerfile), python (docker-library/python 3.12/slim-trixie and 3.12/trixie on
#   docker-library/buildpack-deps trixie/{curl,scm,}), registry (distribution/distribution-library-image
#   Dockerfile, FROM alpine). A FROM scratch image starts from BuildKit's emptyImage (dockerfile2llb
#   image.go: Env PATH, WorkingDir /).
# - Debian's base layer (debian:*-slim under nginx and python) is made by debuerreotype, not a Dockerfile:
#   one entry "# debian.sh --arch 'amd64' out/ '<suite>' '@<epoch>'", comment "debuerreotype 0.16" (the
#   late-2025 images), created at that epoch; its CMD ["bash"] is in the config with no history entry.
# - busybox's image is assembled from a rootfs tarball (docker-library/busybox): one entry naming it.
# - ubuntu is still built by the classic builder (Canonical's launchpad build; repo-info
#   repos/ubuntu/remote/24.04.md, "Docker Version: 26.1.3"): "/bin/sh -c #(nop)  ARG RELEASE", ... ,
#   "/bin/sh -c #(nop) ADD file:<hex> in / ", no comment.
# Long RUN scripts are abridged after their opening (the table cuts CREATED BY to 44 characters).
_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"  # system.DefaultPathEnv("linux")
_DEBIAN_EPOCH = -6_307_200  # 2025-10-20T00:00:00Z, debuerreotype's serial of the debian:*-slim base
_SH = ["/bin/sh", "-c"]


class _Steps:
    """An image's config and history, step by step, as its builder records them."""

    def __init__(self, config: dict, history: list[dict]) -> None:
        self.config = config
        self.history = history

    def _entry(self, created_by: str, layer: bool, comment: str = hw.HISTORY_COMMENT) -> None:
        entry = {"created": iso_time(HUB_CREATED), "created_by": created_by}
        if comment:
            entry["comment"] = comment
        if not layer:
            entry["empty_layer"] = True
        self.history.append(entry)

    def run(self, script: str) -> _Steps:
        self._entry(hw.run_created_by([*_SH, script], {}), layer=True)
        return self

    def copy(self, keyword: str, *words: str) -> _Steps:
        self._entry(hw.copy_created_by(keyword, list(words)), layer=True)
        return self

    def env(self, key: str, value: str) -> _Steps:
        env = [item for item in self.config.get("Env", []) if item.partition("=")[0] != key]
        self.config["Env"] = [*env, f"{key}={value}"]
        self._entry(hw.pairs_created_by("ENV", [f"{key}={value}"]), layer=False)
        return self

    def label(self, key: str, value: str) -> _Steps:
        self.config["Labels"] = {**self.config.get("Labels", {}), key: value}
        self._entry(hw.pairs_created_by("LABEL", [f"{key}={value}"]), layer=False)
        return self

    def volume(self, path: str) -> _Steps:
        self.config["Volumes"] = {**self.config.get("Volumes", {}), path: {}}
        self._entry(hw.volume_created_by(self.config["Volumes"]), layer=False)
        return self

    def expose(self, port: str) -> _Steps:
        self.config["ExposedPorts"] = {**self.config.get("ExposedPorts", {}), port: {}}
        self._entry(hw.expose_created_by(self.config["ExposedPorts"]), layer=False)
        return self

    def stopsignal(self, signal: str) -> _Steps:
        self.config["StopSignal"] = signal
        self._entry(f"STOPSIGNAL {signal}", layer=False)
        return self

    def entrypoint(self, *args: str) -> _Steps:
        self.config["Entrypoint"] = list(args)
        self.config.pop("Cmd", None)  # an ENTRYPOINT resets an inherited CMD (dispatchEntrypoint)
        self._entry(hw.exec_created_by("ENTRYPOINT", list(args)), layer=False)
        return self

    def cmd(self, *args: str) -> _Steps:
        self.config["Cmd"] = list(args)
        self._entry(hw.exec_created_by("CMD", list(args)), layer=False)
        return self


def _scratch() -> _Steps:
    return _Steps({"Env": [_PATH], "WorkingDir": "/"}, [])


def _debian(suite: str) -> _Steps:
    """debian:<suite>-slim as debuerreotype makes it (docker-library/debian)."""
    entry = {
        "comment": "debuerreotype 0.16",
        "created": iso_time(_DEBIAN_EPOCH),
        "created_by": f"# debian.sh --arch 'amd64' out/ '{suite}' '@{EPOCH + _DEBIAN_EPOCH}'",
    }
    return _Steps({"Env": [_PATH], "Cmd": ["bash"]}, [entry])


def _ubuntu(version: str, rootfs_hex: str) -> _Steps:
    """Canonical's Dockerfile (ARG RELEASE, ARG LAUNCHPAD_BUILD_ARCH, two LABELs, ADD the rootfs, CMD) as the
    classic builder words it (moby builder/dockerfile dispatchers.go: "/bin/sh -c #(nop) " and the step)."""
    steps = _Steps({"Env": [_PATH], "Cmd": ["/bin/bash"]}, [])
    for text in ("ARG RELEASE", "ARG LAUNCHPAD_BUILD_ARCH"):
        steps._entry(f"/bin/sh -c #(nop)  {text}", layer=False, comment="")
    labels = {"org.opencontainers.image.ref.name": "ubuntu", "org.opencontainers.image.version": version}
    for key, value in labels.items():
        steps._entry(f"/bin/sh -c #(nop)  LABEL {key}={value}", layer=False, comment="")
    steps.config["Labels"] = labels
    steps._entry(f"/bin/sh -c #(nop) ADD file:{rootfs_hex} in / ", layer=True, comment="")
    steps._entry('/bin/sh -c #(nop)  CMD ["/bin/bash"]', layer=False, comment="")
    return steps


def _alpine(version: str) -> _Steps:
    return _scratch().copy("ADD", f"alpine-minirootfs-{version}-x86_64.tar.gz", "/").cmd("/bin/sh")


_APT_INSTALL = "set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends "
_APT_CLEAN = "\t; \tapt-get dist-clean"


def _apt(*packages: str) -> str:
    return _APT_INSTALL + "".join(f"\t\t{p} " for p in packages) + _APT_CLEAN


def _python(steps: _Steps, deps: str) -> _Steps:
    """docker-library/python 3.12's Dockerfile after its FROM (slim-trixie, or trixie on buildpack-deps)."""
    steps.env("PATH", "/usr/local/bin:" + steps.config["Env"][0].partition("=")[2]).env("LANG", "C.UTF-8")
    steps.run(deps)
    steps.env("GPG_KEY", "7169605F62C751356D054A26A821E680E5FA6305").env("PYTHON_VERSION", "3.12.13")
    steps.env("PYTHON_SHA256", "c08bc65a81971c1dd5783182826503369466c7e67374d1646519adf05207b684")
    steps.run(
        "set -eux; \t\tsavedAptMark=\"$(apt-mark showmanual)\"; \tapt-get update; "
        "\tapt-get install -y --no-install-recommends \t\tdpkg-dev \t\tgcc \t\tgnupg \t\tlibssl-dev \t\tmake "
        "\t; \t\twget -O python.tar.xz \"https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/"
        "Python-$PYTHON_VERSION.tar.xz\"; \techo \"$PYTHON_SHA256 *python.tar.xz\" | sha256sum -c -; "
        "\t./configure --enable-optimizations --enable-shared --with-ensurepip; \tmake install; "
        "\tapt-get dist-clean; \t\tpython3 --version; \tpip3 --version"
    )
    steps.run(
        "set -eux; \tfor src in idle3 pip3 pydoc3 python3 python3-config; do "
        "\t\tdst=\"$(echo \"$src\" | tr -d 3)\"; \t\t[ -s \"/usr/local/bin/$src\" ]; "
        "\t\t[ ! -e \"/usr/local/bin/$dst\" ]; \t\tln -svT \"$src\" \"/usr/local/bin/$dst\"; \tdone"
    )
    return steps.cmd("python3")


def _nginx() -> _Steps:
    steps = _debian("bookworm").label("maintainer", "NGINX Docker Maintainers <docker-maint@nginx.com>")
    for key, value in (("NGINX_VERSION", "1.27.4"), ("NJS_VERSION", "0.8.9"), ("NJS_RELEASE", "1~bookworm"),
                       ("PKG_RELEASE", "1~bookworm"), ("DYNPKG_RELEASE", "1~bookworm")):
        steps.env(key, value)
    steps.run(
        "set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx "
        "--no-create-home --home /nonexistent --comment \"nginx user\" --shell /bin/false --uid 101 nginx"
        "     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y "
        "gnupg1 ca-certificates     && apt-get install --no-install-recommends --no-install-suggests -y "
        "nginx=${NGINX_VERSION}-${PKG_RELEASE} gettext-base curl     && rm -rf /var/lib/apt/lists/*"
        "     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log"
        "     && mkdir /docker-entrypoint.d"
    )
    steps.copy("COPY", "docker-entrypoint.sh", "/")
    for script in ("10-listen-on-ipv6-by-default.sh", "15-local-resolvers.envsh", "20-envsubst-on-templates.sh",
                   "30-tune-worker-processes.sh"):
        steps.copy("COPY", script, "/docker-entrypoint.d")
    steps.entrypoint("/docker-entrypoint.sh").expose("80/tcp").stopsignal("SIGQUIT")
    return steps.cmd("nginx", "-g", "daemon off;")


def _registry() -> _Steps:
    steps = _alpine("3.23.5").run("apk add --no-cache ca-certificates")
    steps.run(
        "set -eux; \tversion='3.1.1'; \tapkArch=\"$(apk --print-arch)\"; \tcase \"$apkArch\" in "
        "\t\tx86_64)  arch='amd64';   sha256='6f330a3ba9ea1d23a6ee189f449d792595240585bb2f159123d76ac594f70dd8' ;; "
        "\t\t*) echo >&2 \"error: unsupported architecture: $apkArch\"; exit 1 ;; \tesac; "
        "\twget -O registry.tar.gz \"https://github.com/distribution/distribution/releases/download/v${version}/"
        "registry_${version}_linux_${arch}.tar.gz\"; \techo \"$sha256 *registry.tar.gz\" | sha256sum -c -; "
        "\ttar --extract --verbose --file registry.tar.gz --directory /bin/ registry; \trm registry.tar.gz; "
        "\tregistry --version"
    )
    steps.copy("COPY", "./config-example.yml", "/etc/distribution/config.yml")
    steps.env("OTEL_TRACES_EXPORTER", "none").volume("/var/lib/registry").expose("5000/tcp")
    steps.copy("COPY", "entrypoint.sh", "/entrypoint.sh").entrypoint("/entrypoint.sh")
    return steps.cmd("/etc/distribution/config.yml")


def _busybox() -> _Steps:
    entry = {"created": iso_time(HUB_CREATED), "created_by": "BusyBox 1.37.0 (glibc), Debian 13"}
    return _Steps({"Env": [_PATH], "Cmd": ["sh"]}, [entry])


_BUILDS: dict[str, Callable[[], _Steps]] = {
    "library/alpine": lambda: _alpine("3.20.8"),
    "library/busybox": _busybox,
    "library/hello-world": lambda: _scratch().copy("COPY", "hello", "/").cmd("/hello"),
    "library/ubuntu": lambda: _ubuntu("22.04", "a5d32dc2ab15ff0d7dbd72af26e361eb1f3e87a0d29ec3a1ceab24ad7b3e6ba9"),
    "library/ubuntu@24.04": lambda: _ubuntu(
        "24.04", "ddf1aa62235de6657123492b19d27d937c25668011b5ebf923a3f019200f8540"),
    "library/nginx": _nginx,
    "library/python": lambda: _python(_debian("trixie"), _apt("ca-certificates", "netbase", "tzdata")),
    "library/python@3.12": lambda: _python(
        _debian("trixie")
        .run(_apt("ca-certificates", "curl", "gnupg", "netbase", "sq", "wget"))
        .run(_apt("git", "mercurial", "openssh-client", "subversion", "procps"))
        .run(_apt("autoconf", "automake", "bzip2", "default-libmysqlclient-dev", "dpkg-dev", "file", "g++",
                  "gcc", "libssl-dev", "make", "zlib1g-dev")),
        _apt("libbluetooth-dev", "tk-dev", "uuid-dev"),
    ),
    "library/registry": _registry,
}


@functools.cache  # the same image every time (an Image is immutable): each new world's Hub reuses it
def official_image(key: str) -> Image:
    tags, sizes = OFFICIAL[key]
    path = key.split("@")[0]
    steps = _BUILDS[key]()
    assert sum(not h.get("empty_layer") for h in steps.history) == len(sizes), key  # one layer per layer step
    layers = tuple(Layer.from_description({"image": key, "layer": i}, size) for i, size in enumerate(sizes))
    files = (("/hello", HELLO),) if path == "library/hello-world" else ()
    config = {"architecture": "amd64", "os": "linux", "config": steps.config, "history": steps.history}
    # the record carries what its config says `docker run` starts: Entrypoint + Cmd (nginx, registry)
    cmd, env = tuple(steps.config.get("Cmd", ())), tuple(steps.config.get("Env", ()))
    entrypoint = tuple(steps.config.get("Entrypoint", ()))
    return make_image(
        layers=layers, config=config, created=HUB_CREATED, classic=True, cmd=cmd, entrypoint=entrypoint, env=env,
        files=files,
    )


def docker_hub() -> Registry:
    hub = Registry(host="docker.io", hub=True, delete_enabled=False, tls=True)
    sink: list = []
    for key in OFFICIAL:
        image = official_image(key)
        path = key.split("@")[0]
        for layer in image.layers:
            hub.upload_blob(path, layer.digest, layer.size, sink)
        hub.upload_blob(path, image.config_digest, len(image.config_bytes), sink)
        for tag in OFFICIAL[key][0]:
            hub.put_manifest(path, image, tag, sink)
    return hub
