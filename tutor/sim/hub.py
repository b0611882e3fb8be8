"""The simulated Docker Hub: a read-only library of official images.

Content is fixed (the same digests in every world and profile). Real Hub
images are multi-platform indexes; ours are single-platform manifests, a
simplification the help states.
"""

from __future__ import annotations

from tutor.sim.content import Image, Layer, make_image
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


def official_image(key: str) -> Image:
    tags, sizes, cmd, env = OFFICIAL[key]
    path = key.split("@")[0]
    layers = tuple(Layer.from_description({"image": key, "layer": i}, size) for i, size in enumerate(sizes))
    files = (("/hello", HELLO),) if path == "library/hello-world" else ()
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Cmd": list(cmd), "Env": list(env)},
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
