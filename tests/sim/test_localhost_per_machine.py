"""`localhost` is the machine you are on; a team registry is reached by host name (issue 8, part 2).

Sources:
* moby daemon/pkg/registry/config.go ``loadInsecureRegistries``: ``::1/128`` and ``127.0.0.0/8`` are always
  insecure ("a stop-gap for people who are running a private registry on localhost"); other registries are
  insecure only when listed (``isSecureIndex`` looks up the exact ``host:port`` in IndexConfigs); an
  ``http://`` prefix is dropped with a warning, another scheme is an error.
* moby daemon/pkg/registry/service_v2.go ``lookupV2Endpoints``: https first, http only for an insecure
  registry (the graphdriver ping reports the last endpoint's error).
* moby daemon/hosts.go + containerd core/remotes/docker/config/hosts.go / resolver.go: the containerd store
  asks https (``NewHTTPFallback`` for insecure and localhost hosts) and wraps errors as
  ``failed to do request: ...``.
* Go net/http transport.go: ``http: server gave HTTP response to HTTPS client``; server.go answers a plain
  request on a TLS port with ``HTTP/1.0 400 Bad Request`` and ``Client sent an HTTP request to an HTTPS server.``
* dockerd reads /etc/docker/daemon.json only when it starts (daemon/config/config.go), so the change needs
  ``sudo systemctl restart docker``.
"""

from __future__ import annotations

import pytest

from tutor.sim.shell import Shell
from tutor.sim.world import TEAM_REGISTRY, World

PROFILES = ["current", "classic"]
INSECURE = '{"insecure-registries": ["registry.team.lan:5000"]}'


def team_world(profile: str, tls: bool = False) -> tuple[World, Shell]:
    world = World.default(profile)
    world.add_machine("teammate")
    world.add_team_registry(tls=tls)
    shell = Shell(world)
    assert shell.run("docker build -q -t localhost:5000/myapp1:1.0 ~/myapp1").ok
    assert shell.run("docker push -q localhost:5000/myapp1:1.0").ok
    return world, shell


@pytest.mark.parametrize("profile", PROFILES)
def test_a_teammates_localhost_is_their_own_machine(profile: str) -> None:
    world, shell = team_world(profile)
    assert shell.run("ssh teammate").ok
    r = shell.run("docker pull localhost:5000/myapp1:1.0")
    assert r.exit_code == 1 and r.stdout == []
    if profile == "classic":
        expected = 'Get "http://localhost:5000/v2/": dial tcp [::1]:5000: connect: connection refused'
    else:
        expected = (
            'failed to resolve reference "localhost:5000/myapp1:1.0": failed to do request: '
            'Head "https://localhost:5000/v2/myapp1/manifests/1.0": dial tcp [::1]:5000: connect: connection refused'
        )
    assert r.stderr == [f"Error response from daemon: {expected}"]
    # curl on the teammate's laptop also asks the teammate's own machine
    c = shell.run("curl http://localhost:5000/v2/_catalog")
    assert c.exit_code == 7
    assert c.stderr == ["curl: (7) Failed to connect to localhost port 5000 after 0 ms: Couldn't connect to server"]
    # back on the laptop, localhost:5000 is the registry it runs (design.md contract 4)
    shell.run("exit")
    assert shell.run("curl http://localhost:5000/v2/_catalog").stdout == ['{"repositories":["myapp1"]}']
    assert shell.run("curl http://127.0.0.1:5000/v2/_catalog").stdout == ['{"repositories":["myapp1"]}']
    assert world.reach("localhost:5000", "laptop") is world.registry("localhost:5000")
    assert world.reach("localhost:5000", "teammate") is None


@pytest.mark.parametrize("profile", PROFILES)
def test_plain_http_team_registry_needs_insecure_registries(profile: str) -> None:
    world, shell = team_world(profile)
    assert shell.run(f"docker tag localhost:5000/myapp1:1.0 {TEAM_REGISTRY}/myapp1:1.0").ok
    r = shell.run(f"docker push {TEAM_REGISTRY}/myapp1:1.0")
    assert r.exit_code == 1
    if profile == "classic":
        assert r.stderr == ['Get "https://registry.team.lan:5000/v2/": http: server gave HTTP response to HTTPS client']
    else:
        assert r.stderr[-1].startswith('failed to do request: Head "https://registry.team.lan:5000/v2/myapp1/blobs/')
        assert r.stderr[-1].endswith(": http: server gave HTTP response to HTTPS client")
    assert world.registry(TEAM_REGISTRY).repositories == {}

    # Editing daemon.json is not enough: dockerd reads it when it starts.
    assert shell.run(f"echo '{INSECURE}' > /etc/docker/daemon.json").ok
    assert shell.run(f"docker push -q {TEAM_REGISTRY}/myapp1:1.0").exit_code == 1
    restart = shell.run("sudo systemctl restart docker")
    assert restart.ok and restart.stdout == [] and restart.stderr == []
    assert shell.run(f"docker push -q {TEAM_REGISTRY}/myapp1:1.0").ok
    assert "1.0" in world.registry(TEAM_REGISTRY).repository("myapp1").tags

    # The teammate's daemon has its own daemon.json: the same error there until it is configured too.
    shell.run("ssh teammate")
    pull = shell.run(f"docker pull {TEAM_REGISTRY}/myapp1:1.0")
    assert pull.exit_code == 1 and pull.stderr[0].startswith("Error response from daemon: ")
    assert pull.stderr[0].endswith("http: server gave HTTP response to HTTPS client")
    if profile == "classic":
        assert 'Get "https://registry.team.lan:5000/v2/"' in pull.stderr[0]
    else:
        assert 'Head "https://registry.team.lan:5000/v2/myapp1/manifests/1.0"' in pull.stderr[0]
    shell.run(f"echo '{INSECURE}' > /etc/docker/daemon.json")
    shell.run("systemctl restart docker")
    pulled = shell.run(f"docker pull {TEAM_REGISTRY}/myapp1:1.0")
    assert pulled.ok and f"Status: Downloaded newer image for {TEAM_REGISTRY}/myapp1:1.0" in pulled.stdout


@pytest.mark.parametrize("profile", PROFILES)
def test_insecure_entry_must_match_host_and_port(profile: str) -> None:
    """isSecureIndex looks up the exact "host:port": the bare host name does not cover port 5000."""
    world, shell = team_world(profile)
    shell.run(f"docker tag localhost:5000/myapp1:1.0 {TEAM_REGISTRY}/myapp1:1.0")
    shell.run("""echo '{"insecure-registries": ["registry.team.lan"]}' > /etc/docker/daemon.json""")
    shell.run("sudo systemctl restart docker")
    r = shell.run(f"docker push -q {TEAM_REGISTRY}/myapp1:1.0")
    assert r.exit_code == 1 and "server gave HTTP response to HTTPS client" in r.stderr[-1]
    # an http:// prefix is dropped (with a warning in dockerd's log), so this one works
    shell.run("""echo '{"insecure-registries": ["http://registry.team.lan:5000"]}' > /etc/docker/daemon.json""")
    shell.run("sudo systemctl restart docker")
    assert shell.run(f"docker push -q {TEAM_REGISTRY}/myapp1:1.0").ok


@pytest.mark.parametrize("profile", PROFILES)
def test_tls_team_registry_works_everywhere_without_configuration(profile: str) -> None:
    world, shell = team_world(profile, tls=True)
    shell.run(f"docker tag localhost:5000/myapp1:1.0 {TEAM_REGISTRY}/myapp1:1.0")
    assert shell.run(f"docker push -q {TEAM_REGISTRY}/myapp1:1.0").ok
    shell.run("ssh teammate")
    assert shell.run(f"docker pull -q {TEAM_REGISTRY}/myapp1:1.0").ok
    assert shell.run(f"curl https://{TEAM_REGISTRY}/v2/_catalog").stdout == ['{"repositories":["myapp1"]}']
    plain = shell.run(f"curl -i http://{TEAM_REGISTRY}/v2/_catalog")
    assert plain.stdout[0] == "HTTP/1.0 400 Bad Request"
    assert plain.stdout[-1] == "Client sent an HTTP request to an HTTPS server."


def test_curl_https_to_a_plain_http_registry_is_a_tls_error() -> None:
    _, shell = team_world("current")
    r = shell.run(f"curl https://{TEAM_REGISTRY}/v2/")
    assert r.exit_code == 35 and "wrong version number" in r.stderr[0]
    assert shell.run(f"curl http://{TEAM_REGISTRY}/v2/").stdout == ["{}"]
    assert shell.run("curl http://nosuch.team.lan:5000/v2/").stderr == ["curl: (6) Could not resolve host: nosuch.team.lan"]


def test_a_bad_daemon_json_stops_the_daemon_until_fixed() -> None:
    world, shell = team_world("current")
    shell.run("echo '{\"insecure-registries\": [' > /etc/docker/daemon.json")
    r = shell.run("sudo systemctl restart docker")
    assert r.exit_code == 1
    assert r.stderr[:2] == [
        "Job for docker.service failed because the control process exited with error code.",
        'See "systemctl status docker.service" and "journalctl -xeu docker.service" for details.',
    ]
    down = shell.run("docker images")
    assert down.exit_code == 1
    assert down.stderr == [
        "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"
    ]
    shell.run("""echo '{"debugg": true}' > /etc/docker/daemon.json""")
    unknown = shell.run("sudo systemctl restart docker")
    assert "the following directives don't match any configuration option: debugg" in unknown.stderr[-1]
    shell.run("rm /etc/docker/daemon.json")
    assert shell.run("sudo systemctl restart docker").ok
    assert shell.run("docker images").ok
    assert world.machine.daemon_running


def test_daemon_settings_survive_clone_and_json() -> None:
    world, shell = team_world("classic")
    shell.run(f"echo '{INSECURE}' > /etc/docker/daemon.json && sudo systemctl restart docker")
    again = World.from_dict(world.to_dict())
    assert again.machine.insecure_registries == (TEAM_REGISTRY,)
    assert again.registry(TEAM_REGISTRY).tls is False and again.registry(TEAM_REGISTRY).machine is None
    assert again.registry("localhost:5000").machine == "laptop"
    assert world.clone().machine.insecure_registries == (TEAM_REGISTRY,)


def test_sudo_runs_the_command_and_knows_no_shell_builtins() -> None:
    _, shell = team_world("current")
    assert shell.run("sudo docker images -q").ok
    r = shell.run("sudo cd /")
    assert r.exit_code == 1 and r.stderr == ["sudo: cd: command not found"]
    other = shell.run("systemctl stop docker")
    assert other.exit_code == 1 and "systemctl restart docker" in other.stderr[0]


def test_the_registry_program_and_port_5000_belong_to_the_laptop() -> None:
    """The `registry` program runs on the laptop: on the teammate's machine there is none to collect,
    and its port 5000 is free for a container."""
    world, shell = team_world("current")
    shell.run("ssh teammate")
    gc = shell.run("registry garbage-collect /etc/distribution/config.yml")
    assert gc.exit_code == 1 and "no registry runs on this machine (teammate)" in gc.stderr[0]
    run = shell.run("docker run -d -p 5000:5000 --name reg python:3.12-slim")
    assert "address already in use" not in run.text


def test_lesson_start_can_ask_for_a_team_registry() -> None:
    from tutor.lessons.model import StartState
    from tutor.lessons.session import build_start_world

    world = build_start_world(StartState(machines=("teammate",), team_registry="http"))
    assert world.registry(TEAM_REGISTRY) is not None and world.registry(TEAM_REGISTRY).tls is False
    assert build_start_world(StartState(team_registry="tls")).registry(TEAM_REGISTRY).tls is True
    assert TEAM_REGISTRY not in build_start_world(StartState()).registries


def test_lesson_12_needs_each_machines_daemon_configured() -> None:
    """The share-through-team-registry task: configuring only the laptop is not enough."""
    from pathlib import Path

    from tutor.lessons.loader import load_lesson_file
    from tutor.lessons.session import build_start_world

    lesson = load_lesson_file(Path(__file__).resolve().parents[2] / "lessons" / "12-mistakes-and-errors.yaml")
    task = next(t for t in lesson.tasks if t.id == "share-through-team-registry")
    world = build_start_world(lesson.start, "classic")
    shell = Shell(world)
    for line in task.solution[:4]:  # tag, daemon.json, restart, push: all on the laptop
        assert shell.run(line).ok, line
    shell.run("ssh teammate")
    pull = shell.run(f"docker pull {TEAM_REGISTRY}/myapp6:1.0")
    assert "server gave HTTP response to HTTPS client" in pull.stderr[0]
    assert not all(p.check(world).ok for p in task.goal)
    for line in task.solution[5:]:
        assert shell.run(line).ok, line
    assert all(p.check(world).ok for p in task.goal)
