"""docker build (BuildKit via buildx) and the pure builder: output shape, content addressing, errors.

The wording checked here comes from BuildKit/buildx sources and public build logs named in
tutor/sim/builder.py and tutor/sim/shell/docker/images.py.
"""

from __future__ import annotations

import re

import pytest

import tutor.sim.shell.docker as docker_cli
from tutor.sim import builder
from tutor.sim import events as ev
from tutor.sim.hub import official_image
from tutor.sim.shell import Shell
from tutor.sim.world import HOME, World

PROFILES = ["current", "classic"]
APP1 = f"{HOME}/myapp1"
PYTHON = official_image("library/python")  # python:3.12-slim
PYTHON_REF = f"docker.io/library/python:3.12-slim@{PYTHON.manifest_digest}"


@pytest.fixture(autouse=True)
def _all_docker_commands() -> None:
    docker_cli.command_table()


def shell(profile: str = "current", cwd: str = APP1) -> tuple[World, Shell]:
    world = World.default(profile)
    sh = Shell(world)
    assert sh.run(f"cd {cwd}").ok
    return world, sh


def tag_digest(world: World, name: str) -> str:
    return world.machine.store.tags[name]


def built(result) -> ev.ImageBuilt:
    [event] = [e for e in result.events if isinstance(e, ev.ImageBuilt)]
    return event


# --- the output BuildKit prints ---------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_first_build_prints_buildkit_plain_progress_on_stderr(profile: str) -> None:
    world, sh = shell(profile)
    r = sh.run("docker build -t myapp1:1.0 .")
    assert r.exit_code == 0
    assert r.stdout == []  # BuildKit's progress goes to stderr
    image = world.machine.store.images[tag_digest(world, "docker.io/library/myapp1:1.0")]
    err = r.stderr
    assert err[:5] == [
        '#0 building with "default" instance using docker driver',
        "",
        "#1 [internal] load build definition from Dockerfile",
        "#1 transferring dockerfile: 72B done",
        "#1 DONE 0.0s",
    ]
    text = "\n".join(err)
    assert "#2 [internal] load metadata for docker.io/library/python:3.12-slim\n#2 DONE 0.4s" in text
    assert "#3 [internal] load .dockerignore\n#3 transferring context: 2B done\n#3 DONE 0.0s" in text
    assert f"#4 [1/3] FROM {PYTHON_REF}\n#4 resolve {PYTHON_REF} done\n" in text
    assert "#5 [internal] load build context\n" in text
    assert "#6 [2/3] WORKDIR /app\n#6 DONE 0.0s" in text
    assert "#7 [3/3] COPY . /app\n#7 DONE 0.0s" in text
    export = err[err.index("#8 exporting to image") :]
    if profile == "current":
        # an attested export: buildkit exporter/containerimage/writer.go Commit (commitDistributionManifest,
        # commitAttestationsManifest, "exporting manifest list"), then export.go naming/unpacking
        assert image.attestation is not None
        assert export == [
            "#8 exporting to image",
            "#8 exporting layers 0.1s done",
            f"#8 exporting manifest {image.platform_digest} done",
            f"#8 exporting config {image.config_digest} done",
            f"#8 exporting attestation manifest {image.attestation.attestation_manifest.digest} done",
            f"#8 exporting manifest list {image.manifest_digest} done",
            "#8 naming to docker.io/library/myapp1:1.0 done",
            "#8 unpacking to docker.io/library/myapp1:1.0 done",
            "#8 DONE 0.1s",
        ]
    else:
        assert export == [
            "#8 exporting to image",
            "#8 exporting layers 0.1s done",
            f"#8 writing image {image.config_digest} done",
            "#8 naming to docker.io/library/myapp1:1.0 done",
            "#8 DONE 0.1s",
        ]


def test_every_vertex_is_separated_by_one_blank_line() -> None:
    _, sh = shell()
    err = sh.run("docker build -t myapp1 .").stderr
    for i, line in enumerate(err):
        if re.fullmatch(r"#\d+ \S.*", line) and i > 0 and not err[i - 1].startswith("#"):
            assert err[i - 1] == ""
    starts = [line for line in err if re.fullmatch(r"#\d+ (\[|exporting to image).*", line)]
    numbers = [int(line.split()[0][1:]) for line in starts]
    assert numbers == list(range(1, len(numbers) + 1))


def test_base_layers_are_downloaded_once_then_only_resolved() -> None:
    _, sh = shell()
    first = sh.run("docker build -t myapp1 .").text
    assert f"#4 extracting {PYTHON.layers[0].digest}" in first
    second = sh.run("docker build -t myapp1 .").text
    assert "extracting" not in second
    assert f"#4 [1/3] FROM {PYTHON_REF}\n#4 resolve {PYTHON_REF} done\n#4 DONE 0.0s" in second


@pytest.mark.parametrize("profile", PROFILES)
def test_quiet_prints_only_the_image_id(profile: str) -> None:
    world, sh = shell(profile)
    r = sh.run("docker build -q -t myapp1 .")
    image = world.machine.store.images[tag_digest(world, "docker.io/library/myapp1:latest")]
    assert r.stderr == []
    assert r.stdout == [image.image_id(profile)]
    expected = image.config_digest if profile == "classic" else image.manifest_digest
    assert r.stdout == [expected]


def test_shell_form_cmd_gets_buildkits_lint_warning() -> None:
    world, sh = shell()
    world.machine.fs.write(f"{APP1}/Dockerfile", "FROM python:3.12-slim\nCOPY . /app\nCMD python app.py\n")
    r = sh.run("docker build -t myapp1 .")
    assert r.ok
    assert r.stderr[-3:] == [
        "",
        " 1 warning found (use docker --debug to expand):",
        " - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior "
        "related to OS signals (line 3)",
    ]


@pytest.mark.parametrize("path", ["docker image build", "docker builder build"])
def test_build_aliases(path: str) -> None:
    world, sh = shell()
    assert sh.run(f"{path} -t myapp1 .").ok
    assert "docker.io/library/myapp1:latest" in world.machine.store.tags


# --- content addressing ---------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_rebuilding_unchanged_sources_gives_the_same_image(profile: str) -> None:
    """classic: an unchanged rebuild is the same image (same ID). current: every step is CACHED and the
    image manifest inside is the same, but the provenance attestation (buildx build/opt.go default
    "mode=min", buildkit solver/llbsolver/provenance.go startedOn/finishedOn) makes a new index, so a
    new image ID (moby/moby#48391, docker/for-mac#7297)."""
    world, sh = shell(profile)
    first = sh.run("docker build -t myapp1 .")
    digest = tag_digest(world, "docker.io/library/myapp1:latest")
    image = world.machine.store.images[digest]
    edition = image.platform_digest if profile == "current" else ""
    assert built(first) == ev.ImageBuilt("laptop", digest, cached=False, edition=edition)
    again = sh.run("docker build -t myapp1 .")
    assert "#6 [2/3] WORKDIR /app\n#6 CACHED" in again.text
    assert "#7 [3/3] COPY . /app\n#7 CACHED" in again.text
    assert "#8 exporting layers done" in again.text
    now = tag_digest(world, "docker.io/library/myapp1:latest")
    if profile == "classic":
        assert now == digest
        assert built(again) == ev.ImageBuilt("laptop", digest, cached=True)
        assert not [e for e in again.events if isinstance(e, ev.LocalTagMoved | ev.LocalTagAdded)]
        assert len(world.machine.store.images) == 1
        return
    assert now != digest
    assert world.machine.store.images[now].platform_digest == image.platform_digest
    assert world.machine.store.images[now].config_digest == image.config_digest
    assert built(again) == ev.ImageBuilt("laptop", now, cached=False, edition=edition, same_edition=True)
    assert ev.LocalTagMoved("laptop", "docker.io/library/myapp1", "latest", digest, now) in again.events
    assert len(world.machine.store.images) == 2  # the old index stays, untagged


@pytest.mark.parametrize("profile", PROFILES)
def test_same_build_in_two_fresh_worlds_gives_the_same_digests(profile: str) -> None:
    w1, sh1 = shell(profile)
    w2, sh2 = shell(profile)
    r1 = sh1.run("docker build -t myapp1:1.0 .")
    r2 = sh2.run("docker build -t myapp1:1.0 .")
    assert r1.text == r2.text
    assert w1.machine.store.tags == w2.machine.store.tags
    assert list(w1.machine.store.images) == list(w2.machine.store.images)


def test_profiles_give_different_manifests_for_the_same_sources() -> None:
    wc, shc = shell("current")
    wk, shk = shell("classic")
    shc.run("docker build -t myapp1 .")
    shk.run("docker build -t myapp1 .")
    current = wc.machine.store.images[tag_digest(wc, "docker.io/library/myapp1:latest")]
    classic = wk.machine.store.images[tag_digest(wk, "docker.io/library/myapp1:latest")]
    assert current.config_digest == classic.config_digest  # same config, OCI vs Docker manifest
    assert current.manifest_digest != classic.manifest_digest


@pytest.mark.parametrize("profile", PROFILES)
def test_editing_a_file_gives_a_new_image_and_the_old_one_dangles(profile: str) -> None:
    world, sh = shell(profile)
    sh.run("docker build -t myapp1 .")
    old = tag_digest(world, "docker.io/library/myapp1:latest")
    world.machine.fs.write(f"{APP1}/app.py", 'print("Hello from myapp1, version 2.0")\n')
    r = sh.run("docker build -t myapp1 .")
    new = tag_digest(world, "docker.io/library/myapp1:latest")
    assert new != old
    assert "#6 [2/3] WORKDIR /app\n#6 CACHED" in r.text
    assert "#7 [3/3] COPY . /app\n#7 DONE 0.0s" in r.text
    image = world.machine.store.images[new]
    edition = image.platform_digest if profile == "current" else ""
    assert built(r) == ev.ImageBuilt("laptop", new, cached=False, edition=edition)
    assert image.platform_digest != world.machine.store.images[old].platform_digest
    assert ev.LocalTagMoved("laptop", "docker.io/library/myapp1", "latest", old, new) in r.events
    assert ev.ImageDangling("laptop", old) in r.events
    assert old in world.machine.store.images  # still stored, untagged


@pytest.mark.parametrize("profile", PROFILES)
def test_added_file_and_reverted_edit(profile: str) -> None:
    world, sh = shell(profile)
    store = world.machine.store

    def edition() -> str:  # the image manifest (the index's platform manifest on current)
        return store.images[tag_digest(world, "docker.io/library/myapp1:latest")].platform_digest

    sh.run("docker build -t myapp1 .")
    first, first_id = edition(), tag_digest(world, "docker.io/library/myapp1:latest")
    sh.run("echo 'flask' > requirements.txt")
    sh.run("docker build -t myapp1 .")
    assert edition() != first
    world.machine.fs.remove(f"{APP1}/requirements.txt")
    r = sh.run("docker build -t myapp1 .")
    assert edition() == first  # the build cache remembers it
    if profile == "classic":
        assert built(r).cached is True
        assert tag_digest(world, "docker.io/library/myapp1:latest") == first_id
    else:  # a new build record, so a new index around the same image manifest
        assert built(r).same_edition is True
        assert tag_digest(world, "docker.io/library/myapp1:latest") != first_id


def test_an_instruction_change_gives_a_new_image() -> None:
    world, sh = shell()
    sh.run("docker build -t myapp1 .")
    first = tag_digest(world, "docker.io/library/myapp1:latest")
    world.machine.fs.append(f"{APP1}/Dockerfile", "ENV MODE=production\n")
    sh.run("docker build -t myapp1 .")
    assert tag_digest(world, "docker.io/library/myapp1:latest") != first


def test_build_args_change_the_image_only_when_declared() -> None:
    world, sh = shell()
    world.machine.fs.write(
        f"{APP1}/Dockerfile",
        'FROM python:3.12-slim\nARG VERSION=1.0\nENV APP_VERSION=$VERSION\nCOPY . /app\nCMD ["python", "app.py"]\n',
    )
    store = world.machine.store
    sh.run("docker build -t myapp1 .")
    first = store.images[tag_digest(world, "docker.io/library/myapp1:latest")].platform_digest
    sh.run("docker build --build-arg UNUSED=x -t myapp1 .")
    assert store.images[tag_digest(world, "docker.io/library/myapp1:latest")].platform_digest == first
    sh.run("docker build --build-arg VERSION=2.0 -t myapp1 .")
    second = tag_digest(world, "docker.io/library/myapp1:latest")
    assert store.images[second].platform_digest != first
    assert "APP_VERSION=2.0" in world.machine.store.images[second].env


def test_no_cache_runs_every_step_and_gives_a_new_image_id() -> None:
    world, sh = shell()
    sh.run("docker build -t myapp1 .")
    first = tag_digest(world, "docker.io/library/myapp1:latest")
    r = sh.run("docker build --no-cache -t myapp1 .")
    assert "CACHED" not in r.text
    assert tag_digest(world, "docker.io/library/myapp1:latest") != first
    assert built(r).cached is False


def test_image_layers_are_base_layers_plus_one_per_layer_step() -> None:
    world, sh = shell()
    sh.run("docker build -t myapp1 .")
    image = world.machine.store.images[tag_digest(world, "docker.io/library/myapp1:latest")]
    # FROM python (4 layers) + WORKDIR /app + COPY . /app (BuildKit's WORKDIR makes a layer)
    assert image.layers[:4] == PYTHON.layers
    assert len(image.layers) == 6
    assert image.cmd == ("python", "app.py")
    assert image.workdir == "/app"
    assert dict(image.files)["/app/app.py"] == 'print("Hello from myapp1, version 1.0")\n'
    history = [h["created_by"] for h in image.config["history"]]
    # BuildKit's image config keeps the base image's history, then adds the build's own steps
    base_history = [h["created_by"] for h in PYTHON.config["history"]]
    assert history == [*base_history, "WORKDIR /app", "COPY . /app # buildkit", 'CMD ["python" "app.py"]']


def test_the_base_image_is_not_added_to_docker_images() -> None:
    world, sh = shell()
    sh.run("docker build -t myapp1 .")
    assert list(world.machine.store.tags) == ["docker.io/library/myapp1:latest"]
    assert len(world.machine.store.images) == 1


def test_two_apps_share_the_workdir_step_from_the_build_cache() -> None:
    world, sh = shell()
    sh.run("docker build -t myapp1 .")
    sh.run("cd ../myapp2")
    r = sh.run("docker build -t myapp2 .")
    assert "[2/3] WORKDIR /app\n#6 CACHED" in r.text
    a = world.machine.store.images[tag_digest(world, "docker.io/library/myapp1:latest")]
    b = world.machine.store.images[tag_digest(world, "docker.io/library/myapp2:latest")]
    assert a.layers[:5] == b.layers[:5] and a.layers[5] != b.layers[5]


@pytest.mark.parametrize("profile", PROFILES)
def test_one_build_many_tags_is_one_image(profile: str) -> None:
    world, sh = shell(profile)
    r = sh.run("docker build -t myapp1:1.0 -t myapp1:latest -t localhost:5000/myapp1:1.0 .")
    store = world.machine.store
    digests = {store.tags[k] for k in store.tags}
    assert len(digests) == 1 and len(store.images) == 1
    assert "#8 naming to docker.io/library/myapp1:1.0 done" in r.text
    assert "#8 naming to localhost:5000/myapp1:1.0 done" in r.text
    assert [e.kind for e in r.events] == ["ImageBuilt", "LocalTagAdded", "LocalTagAdded", "LocalTagAdded"]


@pytest.mark.parametrize("profile", PROFILES)
def test_untagged_build_is_dangling(profile: str) -> None:
    world, sh = shell(profile)
    r = sh.run("docker build .")
    [digest] = world.machine.store.images
    # current: moby's exporter wrapper names it moby-dangling@<digest> (builder-next/exporter/wrapper.go)
    assert r.ok and ("naming to" in r.text) == (profile == "current")
    assert profile == "classic" or f"naming to moby-dangling@{digest} done" in r.text
    assert world.machine.store.is_dangling(digest)
    assert [e.kind for e in r.events] == ["ImageBuilt"]


def test_dockerignore_keeps_files_out_of_the_image() -> None:
    world, sh = shell()
    sh.run("docker build -t myapp1 .")
    first = tag_digest(world, "docker.io/library/myapp1:latest")
    sh.run("echo 'notes.txt' > .dockerignore")
    sh.run("echo hello > notes.txt")
    r = sh.run("docker build -t myapp1 .")
    image = world.machine.store.images[tag_digest(world, "docker.io/library/myapp1:latest")]
    assert "/app/notes.txt" not in dict(image.files)
    assert "/app/.dockerignore" in dict(image.files)  # .dockerignore itself is sent
    assert image.manifest_digest != first
    assert "#3 transferring context: 10B done" in r.text


def test_multi_stage_build_and_target() -> None:
    world, sh = shell()
    world.machine.fs.write(
        f"{APP1}/Dockerfile",
        "FROM python:3.12-slim AS builder\nWORKDIR /src\nCOPY app.py .\nRUN python -m compileall .\n\n"
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY --from=builder /src/app.py /app/\nCMD ["python", "app.py"]\n',
    )
    r = sh.run("docker build -t myapp1 .")
    assert r.ok
    assert f"[builder 1/4] FROM {PYTHON_REF}" in r.text
    assert "[builder 4/4] RUN python -m compileall ." in r.text
    assert "[stage-1 3/3] COPY --from=builder /src/app.py /app/" in r.text
    final = world.machine.store.images[tag_digest(world, "docker.io/library/myapp1:latest")]
    assert len(final.layers) == 6  # the builder stage's RUN layer is not in the final image
    assert sh.run("docker build --target builder -t myapp1:builder .").ok
    builder_image = world.machine.store.images[tag_digest(world, "docker.io/library/myapp1:builder")]
    assert len(builder_image.layers) == 7


def test_iidfile_gets_the_image_id() -> None:
    world, sh = shell()
    assert sh.run("docker build -q --iidfile id.txt -t myapp1 .").ok
    assert world.machine.fs.read(f"{APP1}/id.txt") == tag_digest(world, "docker.io/library/myapp1:latest")


# --- errors ----------------------------------------------------------------------------------


def test_missing_dockerfile() -> None:
    world, sh = shell()
    world.machine.fs.remove(f"{APP1}/Dockerfile")
    r = sh.run("docker build -t myapp1 .")
    assert r.exit_code == 1
    assert r.stderr == [
        '#0 building with "default" instance using docker driver',
        "",
        "#1 [internal] load build definition from Dockerfile",
        "#1 transferring dockerfile: 2B done",
        "#1 DONE 0.0s",
        "ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory",
    ]


def test_missing_file_flag_names_that_file() -> None:
    _, sh = shell()
    r = sh.run("docker build -f Dockerfile.dev .")
    assert r.stderr[-1] == (
        "ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile.dev: no such file or directory"
    )


def test_missing_context() -> None:
    _, sh = shell()
    r = sh.run("docker build -t myapp1 nosuchdir")
    assert (r.exit_code, r.stderr) == (
        1,
        ['ERROR: failed to build: unable to prepare context: path "nosuchdir" not found'],
    )


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("MyApp", 'ERROR: failed to build: invalid tag "MyApp": repository name must be lowercase'),
        ("myapp:", 'ERROR: failed to build: invalid tag "myapp:": invalid reference format'),
    ],
)
def test_invalid_tag(tag: str, message: str) -> None:
    world, sh = shell()
    r = sh.run(f"docker build -t '{tag}' .")
    assert (r.exit_code, r.stderr) == (1, [message])
    assert not world.machine.store.images


def test_unknown_instruction_shows_the_dockerfile_excerpt() -> None:
    world, sh = shell()
    world.machine.fs.write(f"{APP1}/Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPPY . /app\n")
    r = sh.run("docker build .")
    assert r.exit_code == 1
    assert r.stderr[-8:] == [
        "Dockerfile:3",
        "--------------------",
        "   1 |     FROM python:3.12-slim",
        "   2 |     WORKDIR /app",
        "   3 | >>> COPPY . /app",
        "   4 |     ",
        "--------------------",
        "ERROR: failed to build: failed to solve: dockerfile parse error on line 3: "
        "unknown instruction: coppy (did you mean copy?)",
    ]


def test_unknown_instruction_without_a_near_match() -> None:
    world, sh = shell()
    world.machine.fs.write(f"{APP1}/Dockerfile", "FROM python:3.12-slim\necho hello\n")
    r = sh.run("docker build .")
    assert (
        r.stderr[-1]
        == "ERROR: failed to build: failed to solve: dockerfile parse error on line 2: unknown instruction: echo"
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_base_image_tag_not_found(profile: str) -> None:
    world, sh = shell(profile)
    world.machine.fs.write(f"{APP1}/Dockerfile", "FROM python:3.99\nWORKDIR /app\nCOPY . /app\n")
    r = sh.run("docker build -t myapp1 .")
    assert r.exit_code == 1
    tail = r.stderr[r.stderr.index("#2 [internal] load metadata for docker.io/library/python:3.99") :]
    assert tail == [
        "#2 [internal] load metadata for docker.io/library/python:3.99",
        "#2 ERROR: docker.io/library/python:3.99: not found",
        "------",
        " > [internal] load metadata for docker.io/library/python:3.99:",
        "------",
        "Dockerfile:1",
        "--------------------",
        "   1 | >>> FROM python:3.99",
        "   2 |     WORKDIR /app",
        "   3 |     COPY . /app",
        "--------------------",
        "ERROR: failed to build: failed to solve: python:3.99: failed to resolve source metadata for "
        "docker.io/library/python:3.99: docker.io/library/python:3.99: not found",
    ]


def test_base_repository_missing_on_hub() -> None:
    world, sh = shell()
    world.machine.fs.write(f"{APP1}/Dockerfile", "FROM nosuchimage\n")
    r = sh.run("docker build .")
    assert r.stderr[-1] == (
        "ERROR: failed to build: failed to solve: nosuchimage: failed to resolve source metadata for "
        "docker.io/library/nosuchimage:latest: pull access denied, repository does not exist or may require "
        "authorization: server message: insufficient_scope: authorization failed"
    )


def test_base_from_the_local_registry_and_from_the_local_store() -> None:
    world, sh = shell()
    sh.run("docker build -t localhost:5000/base:1 .")
    base = tag_digest(world, "localhost:5000/base:1")
    assert sh.run("docker push localhost:5000/base:1").ok
    sh.run("docker rmi localhost:5000/base:1")
    world.machine.fs.write(f"{APP1}/Dockerfile", "FROM localhost:5000/base:1\nCOPY . /srv\n")
    r = sh.run("docker build -t derived .")
    assert r.ok, r.text
    assert f"FROM localhost:5000/base:1@{base}" in r.text
    derived = world.machine.store.images[tag_digest(world, "docker.io/library/derived:latest")]
    assert derived.layers[:-1] == world.registries["localhost:5000"].resolve("base", "1").layers


def test_copy_of_a_missing_file() -> None:
    world, sh = shell()
    world.machine.fs.write(
        f"{APP1}/Dockerfile", "FROM python:3.12-slim\nWORKDIR /app\nCOPY nosuch.txt /app/\n"
    )
    r = sh.run("docker build .")
    assert r.exit_code == 1
    last = r.stderr[-1]
    assert re.fullmatch(
        r"ERROR: failed to build: failed to solve: failed to compute cache key: failed to calculate checksum of ref "
        r'[0-9a-f-]{36}::[0-9a-z]{25}: "/nosuch.txt": not found',
        last,
    )
    assert " > [3/3] COPY nosuch.txt /app/:" in r.stderr
    assert "   3 | >>> COPY nosuch.txt /app/" in r.stderr


def test_quiet_failure_prints_the_excerpt_but_no_progress() -> None:
    world, sh = shell()
    world.machine.fs.write(f"{APP1}/Dockerfile", "FROM python:3.12-slim\nBAD x\n")
    r = sh.run("docker build -q .")
    assert r.stdout == []
    assert r.stderr[0] == "Dockerfile:2"
    assert not any(line.startswith("#") for line in r.stderr)


def test_empty_dockerfile() -> None:
    world, sh = shell()
    world.machine.fs.write(f"{APP1}/Dockerfile", "")
    r = sh.run("docker build .")
    assert r.stderr[-1] == "ERROR: failed to build: failed to solve: the Dockerfile cannot be empty"


def test_wrong_argument_count_and_unknown_flag() -> None:
    _, sh = shell()
    r = sh.run("docker build")
    assert (r.exit_code, r.stderr) == (
        1,
        [
            "ERROR: docker: 'docker buildx build' requires 1 argument",
            "",
            "Usage:  docker buildx build [OPTIONS] PATH | URL | -",
            "",
            "Run 'docker buildx build --help' for more information",
        ],
    )
    r = sh.run("docker build --frobnicate .")
    assert r.exit_code == 125
    assert r.stderr[0] == "unknown flag: --frobnicate"


def test_progress_and_quiet_conflict() -> None:
    _, sh = shell()
    r = sh.run("docker build -q --progress=plain .")
    assert r.stderr == ["ERROR: progress=plain and quiet cannot be used together"]


# --- the pure builder -----------------------------------------------------------------------


def test_parser_joins_continuation_lines_and_skips_comments() -> None:
    text = (
        '# syntax=docker/dockerfile:1\nFROM alpine\nRUN apk add \\\n    # a comment\n    curl\nCMD ["sh"]\n'
    )
    instructions = builder.parse_dockerfile(text)
    assert [(i.keyword, i.start, i.end) for i in instructions] == [
        ("FROM", 2, 2),
        ("RUN", 3, 5),
        ("CMD", 6, 6),
    ]
    assert instructions[1].original == "RUN apk add     curl"
    assert instructions[2].json_args == ["sh"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("$A", "1"),
        ("${A}-x", "1-x"),
        ("${NOPE:-dflt}", "dflt"),
        ("${A:+set}", "set"),
        ("'$A'", "$A"),
        ('"$A b"', "1 b"),
        (r"\$A", "$A"),
    ],
)
def test_process_word(word: str, expected: str) -> None:
    assert builder.process_word(word, {"A": "1"}) == expected


def test_source_snippet_matches_buildkits_layout() -> None:
    text = "\n".join(f"L{i}" for i in range(1, 90)) + "\n"
    # errdefs/source.go: two lines either side of a one-line range, " %3d | %s %s"
    assert builder.source_snippet("Dockerfile.nixos", text, 81, 81) == [
        "Dockerfile.nixos:81",
        "--------------------",
        "  79 |     L79",
        "  80 |     L80",
        "  81 | >>> L81",
        "  82 |     L82",
        "  83 |     L83",
        "--------------------",
    ]


def test_progress_bytes() -> None:
    assert [builder.progress_bytes(n) for n in (2, 999, 1000, 28_227_259)] == [
        "2B",
        "999B",
        "1.00kB",
        "28.23MB",
    ]
