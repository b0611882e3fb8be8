"""Server containers as Docker 29.7 runs, lists and serves them: Entrypoint + Cmd, the PORTS column
from -p, and a registry:3 container answering at its published port.

Sources: moby docker-v29.7.2 daemon/container/view.go (Command = Path + Args; Ports from
NetworkSettings.Ports), daemon/libnetwork/portallocator/osallocator_linux.go (the bind error),
daemon/libnetwork/drivers/bridge/port_mapping_linux_test.go (no host IP: 0.0.0.0 and ::), docker/cli
v29.7.2 cli/command/formatter/container.go (Command's 20-char Ellipsis, DisplayablePorts) and its
container_test.go TestDisplayablePorts, distribution-library-image (registry:3) entrypoint.sh and config.
"""

from __future__ import annotations

import json

import pytest

from tutor.sim.hub import official_image
from tutor.sim.shell import Shell
from tutor.sim.shell.docker.ports import displayable_ports, parse_publish
from tutor.sim.workspace import Workspace
from tutor.sim.world import World
from tutor.sim.worldfile import WorldFileError, dump_world, parse_world

RUN_HELP = "Run 'docker run --help' for more information"


def shell() -> tuple[Shell, World]:
    world = World.default()
    return Shell(world), world


def ports_of(sh: Shell, name: str) -> str:
    """The PORTS cell of a container's row in `docker ps -a` (columns found from the header)."""
    rows = sh.run("docker ps -a --no-trunc").stdout
    header = rows[0]
    start, end = header.index("PORTS"), header.index("NAMES")
    for row in rows[1:]:
        if row[end:].strip() == name:
            return row[start:end].strip()
    raise AssertionError(f"no container {name}: {rows}")


def container(world: World, name: str):
    (found,) = [c for c in world.machine.containers.values() if c.name == name]
    return found


# --- 1. Entrypoint + Cmd ---------------------------------------------------------------------------


def test_hub_images_carry_their_entrypoint() -> None:
    """nginxinc/docker-nginx Dockerfile: ENTRYPOINT ["/docker-entrypoint.sh"], CMD ["nginx", "-g", "daemon off;"];
    distribution-library-image Dockerfile: ENTRYPOINT ["/entrypoint.sh"], CMD ["/etc/distribution/config.yml"]."""
    nginx = official_image("library/nginx")
    assert nginx.entrypoint == ("/docker-entrypoint.sh",) == tuple(nginx.config["config"]["Entrypoint"])
    assert nginx.cmd == ("nginx", "-g", "daemon off;")
    registry = official_image("library/registry")
    assert registry.entrypoint == ("/entrypoint.sh",)
    assert registry.cmd == ("/etc/distribution/config.yml",)


def test_nginx_runs_its_entrypoint_script_and_ps_truncates_the_command() -> None:
    """daemon/container/view.go: Command = Path + " " + Args; formatter/container.go Command: Ellipsis(20)."""
    sh, world = shell()
    assert sh.run("docker run -d -q --name web nginx").exit_code == 0
    web = container(world, "web")
    assert web.status == "running"
    assert web.command == "/docker-entrypoint.sh nginx -g 'daemon off;'"
    row = sh.run("docker ps").stdout[1]
    assert '"/docker-entrypoint.…"' in row and row.endswith("web")
    assert "\"/docker-entrypoint.sh nginx -g 'daemon off;'\"" in sh.run("docker ps --no-trunc").stdout[1]


def test_registry_image_runs_detached_behind_its_entrypoint() -> None:
    sh, world = shell()
    assert sh.run("docker run -d -q --name reg registry:3").exit_code == 0
    reg = container(world, "reg")
    assert (reg.status, reg.command) == ("running", "/entrypoint.sh /etc/distribution/config.yml")
    assert '"/entrypoint.sh /etc…"' in sh.run("docker ps").stdout[1]
    assert ports_of(sh, "reg") == "5000/tcp"  # EXPOSE 5000, nothing published


def test_an_image_built_from_nginx_inherits_its_entrypoint_and_serves() -> None:
    sh, world = shell()
    sh.run("mkdir ~/site")
    sh.run("echo 'FROM nginx' > ~/site/Dockerfile")
    assert sh.run("docker build -q -t mysite ~/site").exit_code == 0
    r = sh.run("docker run -d -q --name site mysite")
    assert r.exit_code == 0, r.stderr
    site = container(world, "site")
    assert (site.status, site.command) == ("running", "/docker-entrypoint.sh nginx -g 'daemon off;'")
    assert ports_of(sh, "site") == "80/tcp"  # the inherited EXPOSE 80/tcp
    # docker-entrypoint.sh ends in `exec "$@"`: another command runs as itself
    r = sh.run("docker run --rm mysite echo hello")
    assert (r.exit_code, r.stdout) == (0, ["hello"])


def test_the_registry_images_entrypoint_script_passes_other_commands_on() -> None:
    """distribution-library-image docker-entrypoint.sh: a config path -> registry serve; serve|garbage-collect|
    help|-* -> registry "$@"; anything else is exec'd as it is."""
    sh, world = shell()
    r = sh.run("docker run --rm registry:3 echo hi")
    assert (r.exit_code, r.stdout) == (0, ["hi"])
    r = sh.run("docker run --rm registry:3 garbage-collect /etc/distribution/config.yml")
    assert r.exit_code == 1 and r.stderr[-1].startswith("registry-tutor: `registry` is not simulated inside")
    r = sh.run("docker run -d -q --name custom registry:3 /etc/distribution/other.yml")
    assert r.exit_code == 1 and r.stderr[-1].startswith("registry-tutor: `registry` is not simulated")
    assert world.machine.containers == {}


def test_an_interactive_shell_behind_the_nginx_entrypoint_says_it_is_not_simulated() -> None:
    sh, world = shell()
    r = sh.run("docker run -it --rm nginx sh")
    assert r.exit_code == 0
    assert r.stderr[-1].startswith("registry-tutor: interactive containers are not simulated: sh started")


def test_a_server_in_the_foreground_is_still_refused_plainly() -> None:
    sh, world = shell()
    r = sh.run("docker run -q nginx")
    assert r.exit_code == 1 and r.stderr[0].startswith("registry-tutor: nginx serves in the foreground")
    assert world.machine.containers == {}


# --- 2. PORTS ----------------------------------------------------------------------------------------

S = None  # no IP: an exposed port no one published


@pytest.mark.parametrize(
    ("summaries", "expected"),
    [  # docker/cli v29.7.2 cli/command/formatter/container_test.go TestDisplayablePorts
        ([(9988, S, 0, "tcp")], "9988/tcp"),
        ([(9988, S, 0, "udp")], "9988/udp"),
        ([(9988, "0.0.0.0", 0, "tcp")], "0.0.0.0:0->9988/tcp"),
        ([(9988, "::", 0, "tcp")], "[::]:0->9988/tcp"),
        ([(9988, S, 8899, "tcp")], "9988/tcp"),
        ([(9988, "4.3.2.1", 8899, "tcp")], "4.3.2.1:8899->9988/tcp"),
        ([(9988, "::1", 8899, "tcp")], "[::1]:8899->9988/tcp"),
        ([(9988, "4.3.2.1", 9988, "tcp")], "4.3.2.1:9988->9988/tcp"),
        ([(9988, "::1", 9988, "tcp")], "[::1]:9988->9988/tcp"),
        ([(9988, S, 0, "udp"), (9988, S, 0, "udp")], "9988/udp, 9988/udp"),
        ([(9998, "1.2.3.4", 9998, "udp"), (9999, "1.2.3.4", 9999, "udp")], "1.2.3.4:9998-9999->9998-9999/udp"),
        ([(9998, "::1", 9998, "udp"), (9999, "::1", 9999, "udp")], "[::1]:9998-9999->9998-9999/udp"),
        (
            [(9998, "1.2.3.4", 8887, "udp"), (9999, "1.2.3.4", 8888, "udp")],
            "1.2.3.4:8887->9998/udp, 1.2.3.4:8888->9999/udp",
        ),
        ([(9998, S, 0, "udp"), (9999, S, 0, "udp")], "9998-9999/udp"),
        ([(6677, "1.2.3.4", 7766, "tcp"), (9988, S, 8899, "udp")], "9988/udp, 1.2.3.4:7766->6677/tcp"),
        (
            [
                (9988, "1.2.3.4", 8899, "udp"),
                (9988, "1.2.3.4", 8899, "tcp"),
                (2233, "4.3.2.1", 3322, "tcp"),
                (2233, "::1", 3322, "tcp"),
            ],
            "4.3.2.1:3322->2233/tcp, [::1]:3322->2233/tcp, 1.2.3.4:8899->9988/tcp, 1.2.3.4:8899->9988/udp",
        ),
    ],
)
def test_displayable_ports_as_docker_cli_tests_it(summaries, expected: str) -> None:
    assert displayable_ports(summaries) == expected


def test_published_port_shows_once_per_host_address() -> None:
    """No host IP: the daemon binds 0.0.0.0 and :: (port_mapping_linux_test.go); one IP when given."""
    sh, _ = shell()
    sh.run("docker run -d -q -p 8080:80 --name both nginx")
    sh.run("docker run -d -q -p 127.0.0.1:8081:80 --name local nginx")
    sh.run("docker run -d -q -p 80:80 --name same nginx")
    assert ports_of(sh, "both") == "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"
    assert ports_of(sh, "local") == "127.0.0.1:8081->80/tcp"
    assert ports_of(sh, "same") == "0.0.0.0:80->80/tcp, [::]:80->80/tcp"


def test_a_bare_container_port_takes_the_next_ephemeral_host_port() -> None:
    sh, _ = shell()
    sh.run("docker run -d -q -p 80 --name one nginx")
    sh.run("docker run -d -q -p 80 --name two nginx")
    sh.run("docker run -d -q -p 127.0.0.1::80 --name three nginx")
    assert ports_of(sh, "one") == "0.0.0.0:32768->80/tcp, [::]:32768->80/tcp"
    assert ports_of(sh, "two") == "0.0.0.0:32769->80/tcp, [::]:32769->80/tcp"
    assert ports_of(sh, "three") == "127.0.0.1:32770->80/tcp"


def test_publish_all_gives_each_exposed_port_an_ephemeral_host_port() -> None:
    """docker/cli opts.go: -P, --publish-all "Publish all exposed ports to random ports"."""
    sh, _ = shell()
    sh.run("docker run -d -q -P --name web nginx")
    assert ports_of(sh, "web") == "0.0.0.0:32768->80/tcp, [::]:32768->80/tcp"
    sh.run("docker run -d -q -P -p 8080:80 --name fixed nginx")  # -p wins for the port it names
    assert ports_of(sh, "fixed") == "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"
    sh.run("docker run -d -q -P --name reg registry:3")
    assert sh.run("curl -s localhost:32769/v2/").stdout == ["{}"]


def test_publishing_a_port_the_image_does_not_expose_still_shows_with_the_exposed_one() -> None:
    sh, _ = shell()
    sh.run("docker run -d -q -p 9000:9000 -p 53:53/udp --name extra nginx")
    assert ports_of(sh, "extra") == (
        "0.0.0.0:53->53/udp, [::]:53->53/udp, 80/tcp, 0.0.0.0:9000->9000/tcp, [::]:9000->9000/tcp"
    )


def test_only_running_containers_show_ports() -> None:
    sh, world = shell()
    r = sh.run("docker run -q -p 8080:80 --name once alpine echo hi")
    assert r.stdout == ["hi"] and container(world, "once").status == "exited"
    assert ports_of(sh, "once") == ""
    # its port was freed when it exited: a server can take it
    assert sh.run("docker run -d -q -p 8080:80 --name web nginx").exit_code == 0


def test_a_host_port_in_use_by_a_running_container_is_refused_as_moby_words_it() -> None:
    sh, world = shell()
    sh.run("docker run -d -q -p 8080:80 --name web nginx")
    r = sh.run("docker run -d -q -p 8080:80 --name web2 nginx")
    assert r.exit_code == 125
    web2 = container(world, "web2")
    assert r.stderr[0].startswith(
        "docker: Error response from daemon: failed to set up container networking: driver failed programming "
        "external connectivity on endpoint web2 ("
    )
    assert r.stderr[0].endswith("): failed to bind host port 0.0.0.0:8080/tcp: address already in use")
    assert r.stderr[1:] == ["", RUN_HELP]
    assert web2.status == "created" and ports_of(sh, "web2") == ""
    # a specific address on a wildcard's port clashes too; another port or protocol does not
    r = sh.run("docker run -d -q -p 127.0.0.1:8080:80 --name web3 nginx")
    assert r.stderr[0].endswith("failed to bind host port 127.0.0.1:8080/tcp: address already in use")
    assert sh.run("docker run -d -q -p 8080:80/udp --name udp nginx").exit_code == 0
    # once the first is removed, the port is free
    assert sh.run("docker rm -f web").exit_code == 0
    assert sh.run("docker run -d -q -p 8080:80 --name web4 nginx").exit_code == 0


def test_the_laptops_registry_holds_port_5000_for_any_container() -> None:
    sh, world = shell()
    r = sh.run("docker run -q -p 5000:80 alpine echo hi")
    assert r.exit_code == 125
    assert r.stderr[0].endswith("failed to bind host port 0.0.0.0:5000/tcp: address already in use")
    assert r.stdout == []


@pytest.mark.parametrize("spec", ["8000-8001:80", "80-81", "abc", "8080:80:90:1", "published=8080,target=80",
                                  "8080:80/xyz", "nohost:8080:80", "0:80", "8080:"])
def test_publish_forms_not_modelled_say_so_and_create_nothing(spec: str) -> None:
    sh, world = shell()
    r = sh.run(f"docker run -d -q -p {spec} nginx")
    assert r.exit_code == 1
    assert r.stderr[0].startswith(f"registry-tutor: -p {spec} is not simulated (")
    assert world.machine.containers == {}


def test_parse_publish_forms() -> None:
    assert parse_publish("80") == (None, None, 80, "tcp")
    assert parse_publish("8080:80") == (None, 8080, 80, "tcp")
    assert parse_publish("127.0.0.1:8080:80/udp") == ("127.0.0.1", 8080, 80, "udp")
    assert parse_publish("127.0.0.1::80") == ("127.0.0.1", None, 80, "tcp")
    assert parse_publish("[::1]:8080:80") == ("::1", 8080, 80, "tcp")


# --- 3. reachability ---------------------------------------------------------------------------------


def test_a_registry_container_serves_an_empty_registry_at_its_published_port() -> None:
    sh, world = shell()
    assert sh.run("docker run -d -q -p 5001:5000 --name reg registry:3").exit_code == 0
    assert ports_of(sh, "reg") == "0.0.0.0:5001->5000/tcp, [::]:5001->5000/tcp"
    r = sh.run("curl -s localhost:5001/v2/_catalog")
    assert (r.exit_code, r.stdout) == (0, ['{"repositories":[]}'])
    sh.run("docker pull -q alpine")
    sh.run("docker tag alpine localhost:5001/alpine:1")
    r = sh.run("docker push localhost:5001/alpine:1")  # localhost: plain HTTP allowed
    assert r.exit_code == 0, r.stderr
    assert sh.run("curl -s localhost:5001/v2/_catalog").stdout == ['{"repositories":["alpine"]}']
    assert sh.run("curl -s localhost:5000/v2/_catalog").stdout == ['{"repositories":[]}']  # another library
    assert world.reach("localhost:5001").delete_enabled is False  # registry:3's config has no delete section
    digest = world.reach("localhost:5001").repositories["alpine"].tags["1"]
    r = sh.run(f"curl -s -X DELETE localhost:5001/v2/alpine/manifests/{digest}")
    assert '"code":"UNSUPPORTED"' in r.stdout[0]


def test_removing_the_registry_container_drops_it_and_its_content() -> None:
    sh, world = shell()
    sh.run("docker run -d -q -p 5001:5000 --name reg registry:3")
    sh.run("docker pull -q alpine")
    sh.run("docker tag alpine localhost:5001/alpine")
    sh.run("docker push -q localhost:5001/alpine")
    assert sh.run("docker rm -f reg").stdout == ["reg"]
    assert world.reach("localhost:5001") is None and "localhost:5001" not in world.registries
    r = sh.run("curl -s -S localhost:5001/v2/")
    assert (r.exit_code, r.stderr) == (
        7, ["curl: (7) Failed to connect to localhost port 5001 after 0 ms: Couldn't connect to server"]
    )
    # no volume: a new container starts empty
    sh.run("docker run -d -q -p 5001:5000 --name reg2 registry:3")
    assert sh.run("curl -s localhost:5001/v2/_catalog").stdout == ['{"repositories":[]}']


def test_a_registry_container_on_an_ephemeral_port() -> None:
    sh, world = shell()
    sh.run("docker run -d -q -p 5000 --name reg registry:3")
    assert ports_of(sh, "reg") == "0.0.0.0:32768->5000/tcp, [::]:32768->5000/tcp"
    assert sh.run("curl -s localhost:32768/v2/").stdout == ["{}"]


def test_curl_to_a_published_nginx_says_its_web_server_is_not_simulated() -> None:
    sh, _ = shell()
    sh.run("docker run -d -q -p 8080:80 --name web nginx")
    r = sh.run("curl localhost:8080")
    assert r.exit_code == 1
    assert r.stderr == [
        "registry-tutor: localhost:8080 is published by container web, whose nginx web server is not "
        "simulated: curl here reaches registries only."
    ]
    # nothing listens on a port nobody published: curl's own error
    assert sh.run("curl -s localhost:8081").exit_code == 7
    sh.run("docker rm -f web")
    assert sh.run("curl -s localhost:8080").exit_code == 7


def test_undo_and_redo_take_the_registry_container_back_and_forth() -> None:
    ws = Workspace(World.default())
    ws.run("docker run -d -q -p 5001:5000 --name reg registry:3")
    assert ws.world.reach("localhost:5001") is not None
    ws.undo()
    assert ws.world.reach("localhost:5001") is None and ws.world.machine.containers == {}
    ws.redo()
    assert ws.world.reach("localhost:5001") is not None
    ws.run("docker rm -f reg")
    assert ws.world.reach("localhost:5001") is None
    ws.undo()
    assert ws.world.reach("localhost:5001") is not None


# --- saved worlds --------------------------------------------------------------------------------------


def test_saved_worlds_keep_ports_and_the_registry_container() -> None:
    sh, world = shell()
    sh.run("docker run -d -q -p 5001:5000 --name reg registry:3")
    sh.run("docker run -d -q -p 80 --name web nginx")
    loaded = parse_world(dump_world(world))
    again = Shell(loaded)
    assert ports_of(again, "reg") == "0.0.0.0:5001->5000/tcp, [::]:5001->5000/tcp"
    assert again.run("curl -s localhost:5001/v2/").stdout == ["{}"]
    again.run("docker run -d -q -p 80 --name web2 nginx")  # the ephemeral ports go on from the saved ones
    assert ports_of(again, "web2") == "0.0.0.0:32769->80/tcp, [::]:32769->80/tcp"


def test_a_world_saved_before_bindings_loads_and_shows_what_the_image_exposes() -> None:
    sh, world = shell()
    sh.run("docker run -d -q --name web nginx")
    data = json.loads(json.dumps(world.to_dict()))
    for c in data["machines"]["laptop"]["containers"]:
        del c["bindings"]
        c["ports"] = ""
    loaded = parse_world(json.dumps(data))
    assert container(loaded, "web").bindings is None
    assert ports_of(Shell(loaded), "web") == "80/tcp"
    assert "bindings" not in loaded.to_dict()["machines"]["laptop"]["containers"][0]


def test_a_world_saved_when_hub_records_had_no_entrypoint_still_runs_the_script() -> None:
    """Saved worlds before this change hold nginx with "entrypoint": []; its config says otherwise, and the
    daemon goes by the config."""
    world = World.default()
    data = json.loads(json.dumps(world.to_dict()))
    nginx = official_image("library/nginx").manifest_digest
    assert data["images"][nginx]["entrypoint"] == ["/docker-entrypoint.sh"]
    data["images"][nginx]["entrypoint"] = []
    loaded = parse_world(json.dumps(data))
    sh = Shell(loaded)
    assert sh.run("docker run -d -q --name web nginx").exit_code == 0
    assert container(loaded, "web").command == "/docker-entrypoint.sh nginx -g 'daemon off;'"


def test_a_hand_edited_binding_is_refused_plainly() -> None:
    sh, world = shell()
    sh.run("docker run -d -q -p 8080:80 --name web nginx")
    data = json.loads(json.dumps(world.to_dict()))
    data["machines"]["laptop"]["containers"][0]["bindings"][0][0] = "not-an-ip"
    with pytest.raises(WorldFileError, match="not a valid saved world"):
        parse_world(json.dumps(data))
    data["machines"]["laptop"]["containers"][0]["bindings"][0][1] = 70000
    with pytest.raises(WorldFileError, match="out of range"):
        parse_world(json.dumps(data))
