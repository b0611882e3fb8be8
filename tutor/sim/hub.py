"""The simulated Docker Hub: a read-only library of official images.

Content is fixed (the same digests in every world and profile). Real Hub
images are multi-platform indexes; ours are single-platform manifests, a
simplification the help states.
"""

from __future__ import annotations

from tutor.sim.content import Image, Layer, iso_time, make_image
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

# repository path -> (tags, layer sizes in bytes, Cmd, Env)
OFFICIAL: dict[str, tuple[tuple[str, ...], tuple[int, ...], tuple[str, ...], tuple[str, ...]]] = {
    "library/alpine": (("3", "3.20", "latest"), (3_623_807,), ("/bin/sh",), ()),
    "library/busybox": (("1.37", "latest"), (2_156_042,), ("sh",), ()),
    "library/hello-world": (("latest",), (3_208,), ("/hello",), ()),
    "library/ubuntu": (("22.04",), (29_537_734,), ("/bin/bash",), ()),
    "library/ubuntu@24.04": (("24.04", "latest", "noble"), (29_754_290,), ("/bin/bash",), ()),
    "library/nginx": (("1.27", "latest"), (28_230_000, 41_874_000, 628, 956, 405, 1_210, 1_398), ("nginx", "-g", "daemon off;"), ()),
    "library/python": (
        ("3.12-slim",),
        (28_227_259, 3_511_000, 12_560_000, 249),
        ("python3",),
        ("PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "PYTHON_VERSION=3.12.13"),
    ),
    "library/python@3.12": (
        ("3.12", "latest"),
        (48_490_000, 24_020_000, 64_390_000, 211_300_000, 6_160_000, 24_870_000, 249),
        ("python3",),
        ("PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "PYTHON_VERSION=3.12.13"),
    ),
    "library/registry": (("3", "latest"), (3_623_807, 6_012_000, 150, 4_280_000, 180), ("/etc/distribution/config.yml",), ()),
}

HUB_CREATED = -60 * 86_400  # official images were built two months before the simulated clock starts

# The build history each official image's config carries (what `docker history` lists and what a build FROM
# it inherits): one entry per layer, in layer order, then the config-only steps (ENV, CMD: empty layers).
# Worded as the legacy builder words steps ("/bin/sh -c #(nop) ..."), not BuildKit: an image whose history
# says buildkit.dockerfile.v0 counts as built here (tutor/sim/shell/docker/images.py _built_by_buildkit).
_DEBIAN = ("# debian.sh --arch 'amd64' out/ 'bookworm' '@1761436800'", "debuerreotype 0.15")
_ROOTFS = "/bin/sh -c #(nop) ADD file:5b1fd2b4d5d7c5a4e8b7f09d1ea8d4f3b58a5a2c1d1e9f0b7a6c5d4e3f2a1b0c in / "
_APT = "/bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends "
_APT_END = "\t; \trm -rf /var/lib/apt/lists/*"
_PY_BUILD = (
    "/bin/sh -c set -eux; \t\tsavedAptMark=\"$(apt-mark showmanual)\"; \tapt-get update; "
    "\tapt-get install -y --no-install-recommends \t\tdpkg-dev \t\tgcc \t\tlibssl-dev \t\tmake \t; "
    "\t\twget -O python.tar.xz \"https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/"
    "Python-$PYTHON_VERSION.tar.xz\"; \t./configure --enable-optimizations; \tmake install"
)
_PY_LINKS = (
    "/bin/sh -c set -eux; \tfor src in idle3 pip3 pydoc3 python3 python3-config; do "
    "\t\tdst=\"$(echo \"$src\" | tr -d 3)\"; \t\tln -svT \"$src\" \"/usr/local/bin/$dst\"; \tdone"
)


def _copy(file_hex: str, where: str) -> tuple[str, str]:
    return f"/bin/sh -c #(nop) COPY file:{file_hex} in {where} ", ""


HISTORY: dict[str, tuple[tuple[str, str], ...]] = {  # repository path -> (created_by, comment) per layer
    "library/alpine": ((_ROOTFS, ""),),
    "library/busybox": (("BusyBox 1.37.0 (glibc), Debian 12", ""),),
    "library/hello-world": (_copy("201f8f1849e89d53be9f6aa76937f5e209d745abfd15a8552fcf2ba45ab267f9", "/"),),
    "library/ubuntu": (
        ("/bin/sh -c #(nop) ADD file:a5d32dc2ab15ff0d7fd0fd1d6a2d4d3c9bd1b8e2b1e5b4a3f6c7d8e9f0a1b2c3 in / ", ""),
    ),
    "library/ubuntu@24.04": (
        ("/bin/sh -c #(nop) ADD file:6df775300d76441aa33f31b22c1afce8dfe35c8ffbc14ef27c27009235b12a95 in / ", ""),
    ),
    "library/nginx": (
        _DEBIAN,
        ("/bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx "
         "--no-create-home --home /nonexistent --comment \"nginx user\" --shell /bin/false --uid 101 nginx", ""),
        _copy("e57eef017a414ca793499729d80a7b9075790c9a804f930f1417e56d506970cf", "/"),
        _copy("5c18272734349488bd0c94ec8d382c872c1a0a435cca13bd4671353d6021d2cb", "/docker-entrypoint.d"),
        _copy("3b1b9915b7dd898a0e32f7eb9715a35c9feab914022efff68ba990bc1ec7d73e", "/docker-entrypoint.d"),
        _copy("caec368f5a54f70a844a13005eb2255bed778809b3672d516e719ce2f4bce123", "/docker-entrypoint.d"),
        _copy("01e75c6dd0ce317d516928a17584d111cd082840c01e58be0afc851b33adb916", "/docker-entrypoint.d"),
    ),
    "library/python": (
        _DEBIAN,
        (_APT + "\t\tca-certificates \t\tnetbase \t\ttzdata " + _APT_END, ""),
        (_PY_BUILD, ""),
        (_PY_LINKS, ""),
    ),
    "library/python@3.12": (
        _DEBIAN,
        (_APT + "\t\tca-certificates \t\tcurl \t\tgnupg \t\tnetbase \t\tsq \t\twget " + _APT_END, ""),
        (_APT + "\t\tgit \t\tmercurial \t\topenssh-client \t\tsubversion \t\tprocps " + _APT_END, ""),
        (_APT + "\t\tautoconf \t\tautomake \t\tbzip2 \t\tdpkg-dev \t\tfile \t\tg++ \t\tgcc \t\tmake "
         + _APT_END, ""),
        (_APT + "\t\tlibbluetooth-dev \t\ttk-dev \t\tuuid-dev " + _APT_END, ""),
        (_PY_BUILD, ""),
        (_PY_LINKS, ""),
    ),
    "library/registry": (
        (_ROOTFS, ""),
        ("/bin/sh -c apk add --no-cache ca-certificates", ""),
        _copy("4544cc1555469403a322cb4a1e6e44a6eaba9c0e3e3c8f9a3c6f1c9f1b1a3e3d", "/etc/distribution/config.yml"),
        ("/bin/sh -c set -eux; \tversion='3.0.0'; \twget -O registry.tar.gz "
         "\"https://github.com/distribution/distribution/releases/download/v${version}/"
         "registry_${version}_linux_amd64.tar.gz\"; \ttar --extract --verbose --file registry.tar.gz "
         "--directory /bin/ registry", ""),
        _copy("507caa54f88c1f3862e5876e09a108b2083630ba24c57ad124e356a2de861d62", "/entrypoint.sh"),
    ),
}


def _history(key: str, cmd: tuple[str, ...], env: tuple[str, ...]) -> list[dict]:
    """The config's history: the layer steps, then ENV and CMD (empty layers), all at HUB_CREATED."""
    when = iso_time(HUB_CREATED)
    entries = [{"created": when, "created_by": text, **({"comment": comment} if comment else {})}
               for text, comment in HISTORY[key]]
    steps = [f"/bin/sh -c #(nop)  ENV {item}" for item in env]
    steps.append("/bin/sh -c #(nop)  CMD [" + " ".join(f'"{word}"' for word in cmd) + "]")
    entries += [{"created": when, "created_by": text, "empty_layer": True} for text in steps]
    return entries


def official_image(key: str) -> Image:
    tags, sizes, cmd, env = OFFICIAL[key]
    path = key.split("@")[0]
    layers = tuple(Layer.from_description({"image": key, "layer": i}, size) for i, size in enumerate(sizes))
    files = (("/hello", HELLO),) if path == "library/hello-world" else ()
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Cmd": list(cmd), "Env": list(env)},
        "history": _history(key, cmd, env),
    }
    return make_image(layers=layers, config=config, created=HUB_CREATED, classic=True, cmd=cmd, env=env, files=files)


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
