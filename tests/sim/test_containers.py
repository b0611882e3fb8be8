"""docker run / ps / rm / exec: what the learner sees, the containers kept, the events."""

from __future__ import annotations

import re

import pytest

from tutor.sim import events as ev
from tutor.sim import reference
from tutor.sim.content import Image, Layer, make_image, short
from tutor.sim.hub import HELLO, official_image
from tutor.sim.shell import Shell
from tutor.sim.shell.docker.gofmt import tabwrite
from tutor.sim.world import World

PROFILES = ["current", "classic"]
BASE = official_image("library/python")
RUN_HELP = "Run 'docker run --help' for more information"



def app_image(world: World, n: int, version: str = "1.0", extra: str = "") -> Image:
    source = f'print("Hello from myapp{n}, version {version}")\n{extra}'
    layers = BASE.layers + (Layer.from_description({"app": n, "source": source}, 1_000 + n),)
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Cmd": ["python", "app.py"], "WorkingDir": "/app"},
    }
    return make_image(
        layers=layers,
        config=config,
        created=world.clock,
        classic=world.profile == "classic",
        cmd=("python", "app.py"),
        workdir="/app",
        files=(("/app/app.py", source),),
    )


def world_with(profile: str, *tags: tuple[str, Image | None]) -> tuple[Shell, World]:
    world = World.default(profile)
    for name, img in tags:
        img = img or app_image(world, 1)
        world.machine.store.add_image(img, world.clock)
        ref = reference.parse(name)
        world.machine.store.set_tag(ref.name, ref.tag or "latest", img.manifest_digest)
    return Shell(world), world


def ids_of(world: World) -> list[str]:
    return list(world.machine.containers)


# --- docker run -------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_run_app_prints_what_its_print_calls_print(profile: str) -> None:
    shell, world = world_with(profile, ("myapp1:1.0", None))
    r = shell.run("docker run myapp1:1.0")
    assert r.exit_code == 0
    assert r.output == [(1, "Hello from myapp1, version 1.0")]
    (container,) = world.machine.containers.values()
    assert (container.image, container.command, container.status, container.exit_code) == (
        "myapp1:1.0",
        "python app.py",
        "exited",
        0,
    )
    assert re.fullmatch(r"[0-9a-f]{64}", container.id)
    assert r.events == [ev.ContainerRan("laptop", container.id, container.digest, container.name)]


def test_run_shows_a_line_the_learner_appended() -> None:
    shell, world = world_with("current")
    img = app_image(world, 1, extra="print('hi')\n")
    world.machine.store.add_image(img, world.clock)
    world.machine.store.set_tag("docker.io/library/myapp1", "latest", img.manifest_digest)
    assert shell.run("docker run myapp1").stdout == ["Hello from myapp1, version 1.0", "hi"]


@pytest.mark.parametrize("profile", PROFILES)
def test_run_pulls_hello_world_first(profile: str) -> None:
    shell, world = world_with(profile)
    r = shell.run("docker run hello-world")
    assert r.exit_code == 0
    assert r.stderr[0] == "Unable to find image 'hello-world:latest' locally"
    assert r.stderr[1] == "latest: Pulling from library/hello-world"
    assert r.stderr[-1] == "Status: Downloaded newer image for hello-world:latest"
    assert r.stdout == HELLO.removesuffix("\n").split("\n")
    assert r.stdout[:2] == ["", "Hello from Docker!"]
    assert [e.kind for e in r.events][-1] == "ContainerRan"
    again = shell.run("docker run hello-world")
    assert again.stderr == [] and again.stdout == r.stdout


def test_run_image_that_hub_does_not_have() -> None:
    shell, world = world_with("current")
    r = shell.run("docker run nosuchimage")
    assert r.exit_code == 125
    assert r.stderr[0] == "Unable to find image 'nosuchimage:latest' locally"
    assert r.stderr[1].startswith("docker: Error response from daemon: pull access denied for nosuchimage")
    assert r.stderr[2:] == ["", RUN_HELP]
    assert world.machine.containers == {}


def test_run_invalid_reference() -> None:
    r = Shell(World.default()).run("docker run MyApp")
    assert (r.exit_code, r.stderr) == (
        125,
        ["docker: invalid reference format: repository name (library/MyApp) must be lowercase", "", RUN_HELP],
    )


def test_run_rm_keeps_nothing() -> None:
    shell, world = world_with("current", ("myapp1", None))
    r = shell.run("docker run --rm myapp1")
    assert r.stdout == ["Hello from myapp1, version 1.0"]
    assert world.machine.containers == {}
    assert [e.kind for e in r.events] == ["ContainerRan", "ContainerRemoved"]


def test_run_command_override_echo_and_cat() -> None:
    shell, world = world_with("current", ("myapp1", None))
    assert shell.run("docker run --rm myapp1 echo hi there").stdout == ["hi there"]
    assert shell.run("docker run --rm myapp1 cat /app/app.py").stdout == [
        'print("Hello from myapp1, version 1.0")'
    ]
    r = shell.run("docker run --rm myapp1 python other.py")
    assert (r.exit_code, r.stderr) == (
        2,
        ["python: can't open file '/app/other.py': [Errno 2] No such file or directory"],
    )
    r = shell.run("docker run myapp1 ls")
    assert r.exit_code == 1 and "not simulated" in r.stderr[0]


def test_run_ubuntu_without_a_terminal_exits_at_once() -> None:
    shell, world = world_with("current")
    r = shell.run("docker run -q ubuntu")
    assert (r.exit_code, r.output) == (0, [])
    (container,) = world.machine.containers.values()
    assert container.command == "/bin/bash" and container.status == "exited"


def test_run_interactive_shell_says_it_is_not_simulated() -> None:
    shell, world = world_with("current")
    r = shell.run("docker run -it -q ubuntu bash")
    assert r.exit_code == 0
    assert r.stderr == [
        "registry-tutor: interactive containers are not simulated: bash started and stopped at once, "
        "as if you had typed exit."
    ]


def test_run_detached_server_keeps_running() -> None:
    shell, world = world_with("current")
    r = shell.run("docker run -d -q --name web nginx")
    (container,) = world.machine.containers.values()
    assert r.stdout == [container.id]
    assert container.status == "running" and container.name == "web"
    # nginx's config: Entrypoint ["/docker-entrypoint.sh"] + Cmd (moby daemon/list.go: Path, then Args)
    assert container.command == "/docker-entrypoint.sh nginx -g 'daemon off;'"


def test_run_server_in_the_foreground_is_refused_plainly() -> None:
    shell, world = world_with("current")
    r = shell.run("docker run -q nginx")
    assert r.exit_code == 1 and "serves in the foreground" in r.stderr[0]
    assert world.machine.containers == {}


def test_run_name_conflict_and_invalid_name() -> None:
    shell, world = world_with("current", ("myapp1", None))
    shell.run("docker run --name app myapp1")
    first = next(iter(world.machine.containers))
    r = shell.run("docker run --name app myapp1")
    assert r.exit_code == 125
    assert r.stderr == [
        f'docker: Error response from daemon: Conflict. The container name "/app" is already in use by container '
        f'"{first}". You have to remove (or rename) that container to be able to reuse that name.',
        "",
        RUN_HELP,
    ]
    r = shell.run("docker run --name 'my app' myapp1")
    assert r.stderr[0] == (
        "docker: Error response from daemon: Invalid container name (my app), "
        "only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
    )


def test_run_publishing_port_5000_collides_with_the_registry_program() -> None:
    shell, world = world_with("current")
    r = shell.run("docker run -d -q -p 5000:5000 --name reg registry")
    assert r.exit_code == 125
    assert r.stderr[0].startswith(
        "docker: Error response from daemon: failed to set up container networking: driver failed programming "
        "external connectivity on endpoint reg ("
    )
    # moby v29.7.2 daemon/libnetwork/portallocator/osallocator_linux.go: "failed to bind host port %s/%s: %w"
    assert r.stderr[0].endswith("): failed to bind host port 0.0.0.0:5000/tcp: address already in use")
    (container,) = world.machine.containers.values()
    assert container.status == "created"


def test_run_usage_errors() -> None:
    shell = Shell(World.default())
    r = shell.run("docker run")
    assert (r.exit_code, r.stderr) == (
        1,
        [
            "docker: 'docker run' requires at least 1 argument",
            "",
            "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
            "",
            # cli/required.go RequiresMinArgs (run.go's Args) says "See", unlike the other arity checks
            "See 'docker run --help' for more information",
        ],
    )
    r = shell.run("docker container run --bogus x")
    assert r.exit_code == 125 and r.stderr[0] == "unknown flag: --bogus"
    assert "Usage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]" in r.stderr


def test_flags_after_the_image_belong_to_the_command() -> None:
    shell, world = world_with("current", ("myapp1", None))
    r = shell.run("docker run myapp1 echo --rm -d")
    assert r.stdout == ["--rm -d"]
    assert len(world.machine.containers) == 1


# --- docker ps ------------------------------------------------------------------------------------


def test_ps_without_containers_prints_the_header() -> None:
    r = Shell(World.default()).run("docker ps")
    assert r.stdout == ["CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES"]


@pytest.mark.parametrize("profile", PROFILES)
def test_ps_all_table(profile: str) -> None:
    shell, world = world_with(profile, ("localhost:5000/myapp1:1.0", None))
    shell.run("docker run --name first localhost:5000/myapp1:1.0")
    shell.run("docker run -d -q --name web nginx")
    world.clock += 120
    ids = ids_of(world)
    r = shell.run("docker ps -a")
    assert r.stdout == tabwrite(
        [
            ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"],
            [
                short(ids[1]),
                "nginx",
                '"/docker-entrypoint.…"',  # docker/cli formatter/container.go Command: Ellipsis(.., 20)
                "2 minutes ago",
                "Up 2 minutes",
                "80/tcp",
                "web",
            ],
            [
                short(ids[0]),
                "localhost:5000/myapp1:1.0",
                '"python app.py"',
                "2 minutes ago",
                "Exited (0) 2 minutes ago",
                "",
                "first",
            ],
        ]
    )
    assert r.stdout[0] == (
        "CONTAINER ID   IMAGE                       COMMAND                  CREATED         STATUS"
        "                     PORTS     NAMES"
    )
    running = shell.run("docker ps")
    assert len(running.stdout) == 2 and running.stdout[1].endswith("web")
    assert shell.run("docker ps -aq").stdout == [short(ids[1]), short(ids[0])]
    assert shell.run("docker container ls -q --no-trunc").stdout == [ids[1]]
    assert shell.run("docker ps -l -q").stdout == [short(ids[1])]


def test_ps_no_trunc_shows_full_ids_and_commands() -> None:
    shell, world = world_with("current")
    shell.run("docker run -d -q nginx")
    (cid,) = ids_of(world)
    row = shell.run("docker ps --no-trunc").stdout[1]
    assert row.startswith(cid + "   nginx     \"/docker-entrypoint.sh nginx -g 'daemon off;'\"")


@pytest.mark.parametrize("profile", PROFILES)
def test_ps_shows_image_id_once_the_tag_means_another_image(profile: str) -> None:
    shell, world = world_with(profile, ("myapp1", None))
    shell.run("docker run myapp1")
    old = world.machine.store.get(next(iter(world.machine.containers.values())).digest)
    newer = app_image(world, 1, version="2.0")
    world.machine.store.add_image(newer, world.clock)
    world.machine.store.set_tag("docker.io/library/myapp1", "latest", newer.manifest_digest)
    row = shell.run("docker ps -a").stdout[1]
    expected = short(old.config_digest if profile == "classic" else old.manifest_digest)
    assert row.split()[1] == expected


# --- docker rm ------------------------------------------------------------------------------------


def test_rm_by_name_and_id_prefix() -> None:
    shell, world = world_with("current", ("myapp1", None))
    shell.run("docker run --name one myapp1")
    shell.run("docker run --name two myapp1")
    two = ids_of(world)[1]
    r = shell.run(f"docker rm one {two[:5]}")
    assert (r.exit_code, r.stdout) == (0, ["one", two[:5]])
    assert world.machine.containers == {}
    assert [e.kind for e in r.events] == ["ContainerRemoved", "ContainerRemoved"]


def test_rm_running_needs_force() -> None:
    shell, world = world_with("current")
    shell.run("docker run -d -q --name web nginx")
    r = shell.run("docker rm web")
    assert (r.exit_code, r.stderr) == (
        1,
        [
            'Error response from daemon: cannot remove container "/web": container is running: '
            "stop the container before removing or force remove"
        ],
    )
    assert shell.run("docker container rm -f web").stdout == ["web"]
    assert world.machine.containers == {}


def test_rm_missing_container() -> None:
    shell = Shell(World.default())
    r = shell.run("docker rm nosuch other")
    assert (r.exit_code, r.stderr) == (
        1,
        [
            "Error response from daemon: No such container: nosuch",
            "Error response from daemon: No such container: other",
        ],
    )
    forced = shell.run("docker rm -f nosuch")
    # docker/cli v29.7.0 container/rm.go (ee4c249cc2 "container rm: suppress forced not found errors")
    assert (forced.exit_code, forced.output) == (0, [])


def test_rm_frees_the_name() -> None:
    shell, _ = world_with("current", ("myapp1", None))
    shell.run("docker run --name app myapp1")
    shell.run("docker rm app")
    assert shell.run("docker run --name app myapp1").exit_code == 0


# --- docker exec ----------------------------------------------------------------------------------


def test_exec_registry_there_is_no_such_container() -> None:
    r = Shell(World.default()).run(
        "docker exec registry registry garbage-collect /etc/distribution/config.yml"
    )
    assert (r.exit_code, r.stderr) == (1, ["Error response from daemon: No such container: registry"])


def test_exec_stopped_and_running_containers() -> None:
    shell, world = world_with("current", ("myapp1", None))
    shell.run("docker run --name done myapp1")
    done = ids_of(world)[0]
    r = shell.run("docker exec done ls")
    assert r.stderr == [f"Error response from daemon: container {done} is not running"]
    shell.run("docker run -d -q --name web nginx")
    r = shell.run("docker exec -it web sh")
    assert r.exit_code == 1 and "not simulated" in r.stderr[0]
    r = shell.run("docker exec web")
    assert r.stderr[0] == "docker: 'docker exec' requires at least 2 arguments"


def test_container_ids_are_deterministic() -> None:
    def first_id() -> str:
        shell, world = world_with("current", ("myapp1", None))
        shell.run("docker run myapp1")
        return ids_of(world)[0]

    assert first_id() == first_id()
