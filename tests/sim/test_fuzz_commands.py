"""Random docker / curl / registry command sequences: every one is answered in Docker's words.

The shell turns any exception into a one-line "registry-tutor: internal error" (so a learner never
sees a traceback); this fuzz test makes sure no command sequence ever needs that safety net.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.sim.shell import Shell
from tutor.sim.world import World

REFS = st.sampled_from(
    [
        "myapp1", "myapp1:1.0", "localhost:5000/myapp1", "localhost:5000/myapp1:1.0", "localhost:5000/myapp1:latest",
        "localhost:5000/myapp2:2.0", "localhost:5000", "MyApp", "localhost:5000/MyApp:1.0", "ubuntu", "alpine:3.20",
        "hello-world", "python:3.12-slim", "localhost:5001/x", "example.com/x:1", "a" * 130, "myapp1:" + "v" * 129,
        "localhost:5000/myapp1@sha256:" + "a" * 64, "sha256:" + "b" * 64, "b" * 64, "fb32", "", "-", ":", "@", "x@y",
        "docker.io/learner/app:1", "registry", "nginx:1.27", "scratch", "localhost:5000/myapp1:",
    ]
)  # fmt: skip
DOCKER = st.sampled_from(
    [
        "build", "build -t", "build -q -t", "build --no-cache -t", "tag", "images", "images -a", "images -q",
        "images --digests", "images --no-trunc", "image ls", "rmi", "rmi -f", "image rm", "image inspect",
        "inspect", "inspect -f '{{.Id}}'", "push", "push -a", "push -q", "pull", "pull -a", "pull -q",
        "run --rm", "run", "run -d", "ps", "ps -a", "rm", "rm -f", "exec", "login -u me -p pw", "logout",
        "manifest inspect", "manifest inspect --insecure", "compose up", "image", "--bogus", "tag --bogus",
    ]
)  # fmt: skip
PATHS = st.sampled_from(["~/myapp1", "~/myapp2", ".", "~/nowhere", "~", "-f ~/myapp1/Dockerfile ~/myapp1"])
CURL = st.sampled_from(
    [
        "curl http://localhost:5000/v2/", "curl http://localhost:5000/v2/_catalog?n=2",
        "curl -i http://localhost:5000/v2/myapp1/tags/list?n=1", "curl http://localhost:5000/v2/nope/tags/list",
        "curl -I http://localhost:5000/v2/myapp1/manifests/1.0",
        "curl -H 'Accept: application/vnd.oci.image.manifest.v1+json' http://localhost:5000/v2/myapp1/manifests/latest",
        "curl -X DELETE http://localhost:5000/v2/myapp1/manifests/1.0", "curl -s http://localhost:5001/v2/",
        "curl https://registry-1.docker.io/v2/", "curl --bogus", "curl", "curl http://localhost:5000/v2/_catalog?n=x",
    ]
)  # fmt: skip
OTHER = st.sampled_from(
    [
        "registry garbage-collect /etc/distribution/config.yml",
        "registry garbage-collect --delete-untagged /etc/distribution/config.yml",
        "registry garbage-collect --dry-run", "echo 'print(\"v2\")' > ~/myapp1/app.py", "explain", "cd ~/myapp1",
    ]
)  # fmt: skip


@st.composite
def docker_line(draw) -> str:
    sub = draw(DOCKER)
    if sub.startswith("build"):
        return f"docker {sub} {draw(REFS)} {draw(PATHS)}"
    if sub == "tag":
        return f"docker tag {draw(REFS)} {draw(REFS)}"
    args = " ".join(draw(st.lists(REFS, max_size=2)))
    return f"docker {sub} {args}"


LINES = st.one_of(docker_line(), docker_line(), CURL, OTHER)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["current", "classic"]), st.lists(LINES, min_size=1, max_size=12))
def test_random_command_sequences_never_hit_an_internal_error(profile: str, lines: list[str]) -> None:
    shell = Shell(World.default(profile))
    for line in lines:
        result = shell.run(line)
        assert isinstance(result.exit_code, int)
        internal = [t for t in result.stderr if "internal error" in t or "Traceback" in t]
        assert not internal, (line, internal)


def test_a_real_flag_the_simulator_lacks_is_named_plainly_not_called_unknown() -> None:
    shell = Shell(World.default())
    result = shell.run("docker run -v /data:/data alpine")
    assert result.exit_code == 1
    assert result.stderr[0] == (
        "registry-tutor: `docker run -v` is a real Docker option, but this simulator does not cover it."
    )
    bogus = shell.run("docker run --bogus alpine")
    assert bogus.exit_code == 125 and bogus.stderr[0] == "unknown flag: --bogus"
