"""docker build's seventh-pass shortcuts (benchmarks/bench_shell.py) give what the general way gives.

Digests that skip a kept head's blocks (sha256.Prefix: a copy of the hash object that hashed the head) against
hashing the whole bytes, before and after the session switches to OpenSSL; container configs kept per value
against writing them afresh (1, 1.0 and True are equal keys but not the same JSON); diff IDs joined between
quotes against quoting each.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.sim import content
from tutor.sim import sha256 as sha
from tutor.sim.shell import Shell
from tutor.sim.world import World

BYTES = st.binary(max_size=300)
TEXT = st.text(alphabet=st.sampled_from(list('ab/:."\\\x00\x1f\x7fé\u2028\U0001f600 ')), max_size=10)


def whole(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@given(BYTES, st.lists(BYTES, max_size=3))
def test_a_kept_prefix_gives_the_digest_of_the_whole_bytes(head: bytes, rests: list[bytes]) -> None:
    prefix = sha.Prefix(head)
    for rest in [*rests, *rests]:  # the kept state is copied, never changed by a digest
        assert "sha256:" + prefix.hexdigest(rest) == whole(head + rest)


def test_a_prefix_kept_by_the_builtin_module_is_hashed_again_by_openssl_after_the_switch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sha, "_hashed", 0)
    monkeypatch.setattr(sha, "BUILTIN_BUDGET", 1_000)
    monkeypatch.setattr(sha, "hexdigest", sha._builtin_hexdigest)
    monkeypatch.setattr(sha, "_constructor", sha._builtin)
    prefix = sha.Prefix(b"h" * 130)
    assert prefix.hexdigest(b"x" * 10) == hashlib.sha256(b"h" * 130 + b"x" * 10).hexdigest()
    assert prefix._made_by is sha._builtin
    digests = [prefix.hexdigest(b"y" * n) for n in (400, 400, 400, 5)]  # the budget is spent on the way
    assert sha._constructor is not sha._builtin and prefix._made_by is sha._constructor
    assert digests == [hashlib.sha256(b"h" * 130 + b"y" * n).hexdigest() for n in (400, 400, 400, 5)]


@given(BYTES, BYTES)
def test_bytes_that_do_not_start_with_the_prefix_are_hashed_whole(head: bytes, data: bytes) -> None:
    assert content.sha256_after(sha.Prefix(head), data) == whole(data)
    assert content.sha256_after(sha.Prefix(head), head + data) == whole(head + data)


@given(BYTES, st.integers(0, 400))
def test_a_cut_anywhere_gives_the_digest_of_the_whole_bytes(data: bytes, cut: int) -> None:
    assert content.sha256_cut(data, cut) == whole(data)
    assert content.sha256_cut(data, cut) == whole(data)  # from the kept head


def test_the_kept_heads_are_bounded() -> None:
    for i in range(content._PREFIXES_MAX + 5):
        assert content.sha256_cut(b"%d-head-and-rest" % i, 6) == whole(b"%d-head-and-rest" % i)
    assert len(content._PREFIXES) <= content._PREFIXES_MAX


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["Cmd", "Env", "WorkingDir", "User"]),
                                TEXT | st.lists(TEXT | st.integers(0, 1) | st.booleans() | st.floats(0, 1),
                                                max_size=3), max_size=4), min_size=1, max_size=4))
def test_a_container_config_kept_per_value_is_what_canonical_writes_for_each(configs: list[dict]) -> None:
    """Configs one after another (the kept text of one must never answer for another that is only equal as a
    Python value: [1] and [True], [0] and [0.0])."""
    for config in configs:
        assert content._object_json(config) == content.canonical_text(config)


def test_equal_values_of_other_types_get_their_own_text() -> None:
    assert content._object_json({"Cmd": [1]}) == '{"Cmd":[1]}'
    assert content._object_json({"Cmd": [True]}) == '{"Cmd":[true]}'
    assert content._object_json({"Cmd": [1.0]}) == '{"Cmd":[1.0]}'
    assert content._object_json({"Cmd": [[1]]}) == '{"Cmd":[[1]]}'  # an unhashable key: written afresh
    assert content._object_json({"Cmd": [[True]]}) == '{"Cmd":[[true]]}'


@given(st.lists(TEXT | st.just("sha256:" + "ab" * 32), max_size=4))
def test_diff_ids_joined_between_quotes_are_each_quoted(ids: list[str]) -> None:
    layers = tuple(content.Layer("d", diff_id, 1) for diff_id in ids)
    assert content._diff_ids_json(layers) == ",".join(json.dumps(i, ensure_ascii=False) for i in ids)


@pytest.mark.parametrize("profile", ["current", "classic"])
def test_every_built_manifest_and_config_has_the_digest_of_its_bytes(profile: str) -> None:
    """Builds whose config head holds a ,"created":" of its own (a label), rebuilt after an edit: each digest
    the kept heads gave is the sha256 of the bytes stored."""
    shell = Shell(World.default(profile))
    shell.run("cd ~/myapp1")
    dockerfiles = ['FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nCMD ["python", "app.py"]\n',
                   'FROM python:3.12-slim\nLABEL a=1 created=x\nWORKDIR /app\nCOPY . /app\n']
    for n, dockerfile in enumerate(dockerfiles * 2):
        shell.run(f"echo '{dockerfile}' > Dockerfile")
        shell.run(f"echo 'print({n})' > app.py")
        assert shell.run(f"docker build -q -t localhost:5000/myapp1:{n} .").exit_code == 0
    store = shell.world.machine.store
    assert len(store.images) >= 4
    for image in store.images.values():
        assert image.config_digest == whole(image.config_bytes)
        assert image.manifest_digest == whole(image.manifest_bytes)
        for child in image.children():
            assert child.digest == whole(child.data)
        if image.attestation is not None:  # (the statement's digest is kept on the attestation as attest() made it)
            assert image.attestation.__dict__["statement_digest"] == whole(image.attestation.statement)


@given(st.integers(-(10**9), 10**10))
def test_the_kept_quoted_clock_text_is_the_quoted_iso_time(clock: int) -> None:
    """content.quoted_time (history entries, created, the statement's times) against quoting iso_time's text, and
    iso_time's digits from a table against strftime."""
    import time

    content.quoted_time.cache_clear()
    content.iso_time.cache_clear()
    assert content.quoted_time(clock) == json.dumps(
        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(content.EPOCH + clock)), ensure_ascii=False)


@given(st.sampled_from(["CMD", "ENTRYPOINT"]), st.lists(TEXT, max_size=3))
def test_a_kept_exec_form_text_is_the_one_go_quote_list_writes(keyword: str, args: list[str]) -> None:
    from tutor.sim import builder

    for _ in range(2):
        assert builder._exec_text(keyword, tuple(args)) == f"{keyword} {builder.go_quote_list(args)}"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["a", "localhost:5000/myapp1:1.0", "Docker.io/x", "b:latest", "c@sha256:" + "a" * 64]),
                max_size=3), st.text(max_size=30), st.integers(0, 10**6))
def test_a_plain_builds_statement_is_what_json_writes_for_its_request(names: list[str], invocation: str,
                                                                      finished: int) -> None:
    """min_provenance_statement (what ``docker build`` writes for a plain build, tests first) against json.dumps of
    the whole statement (buildkit provenance.go / slsa v1 field order); subjects named as the -t values parse."""
    from tutor.sim import reference
    from tutor.sim.shell.docker import images

    valid = []
    for name in names:
        try:
            valid.append(images._build_tag_name(name))
        except Exception:  # noqa: BLE001 - a refused -t value never reaches the statement
            continue
        assert valid[-1] == str(reference.parse(name).tag_or_latest())
    digest = "sha256:" + "ab" * 32
    fast = content.min_provenance_statement(digest, valid, max(finished - 2, 0), finished, invocation)
    statement = {
        "_type": content.STATEMENT_V1, "predicateType": content.SLSA_PROVENANCE_V1,
        "subject": [{"name": f"pkg:docker/{content._purl_name(n)}?platform=linux%2Famd64",
                     "digest": {"sha256": digest[7:]}} for n in valid],
        "predicate": {
            "buildDefinition": {"buildType": content._BUILD_TYPE,
                                "externalParameters": {"request": content._MIN_REQUEST}, "resolvedDependencies": []},
            "runDetails": {"builder": {"id": ""}, "metadata": {
                "invocationID": invocation, "startedOn": content.iso_time(max(finished - 2, 0)),
                "finishedOn": content.iso_time(finished)}},
        },
    }
    assert fast == json.dumps(statement, separators=(",", ":"), ensure_ascii=False).encode()


@pytest.mark.parametrize("flags", ["", "-f Dockerfile.dev", "--target app", "--no-cache"])
def test_the_statement_of_a_plain_build_and_of_one_with_options_each_name_their_request(flags: str) -> None:
    """docker build's shortcut for the plain request against the general one for -f, --target, --no-cache."""
    shell = Shell(World.default())
    shell.run("cd ~/myapp1")
    machine = shell.world.machine
    for name in ("Dockerfile", "Dockerfile.dev"):
        machine.fs.write(f"{machine.home}/myapp1/{name}", "FROM python:3.12-slim AS app\nCOPY . /app\n", mtime=0)
    assert shell.run(f"docker build -q {flags} -t localhost:5000/myapp1:2 -t b .").exit_code == 0
    image = next(i for i in shell.world.machine.store.images.values() if i.attestation is not None)
    predicate = image.attestation.predicate
    args = predicate["buildDefinition"]["externalParameters"]["request"]["args"]
    expected = {"": {}, "-f Dockerfile.dev": {"filename": "Dockerfile.dev"}, "--target app": {"target": "app"},
                "--no-cache": {"no-cache": ""}}[flags]
    assert args == expected
    subjects = [s["name"] for s in json.loads(image.attestation.statement)["subject"]]
    assert subjects == ["pkg:docker/localhost:5000/myapp1@2?platform=linux%2Famd64",
                        "pkg:docker/b@latest?platform=linux%2Famd64"]


_DIFF_IDS = st.lists(st.sampled_from([f"sha256:{c * 64}" for c in "0123456789abcdef"]), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(_DIFF_IDS)
def test_chain_ids_built_on_the_kept_lower_chains_are_the_image_spec_formula(diff_ids: list[str]) -> None:
    """image-spec config.md "Layer ChainID": ChainID(L0) = DiffID(L0), ChainID(Ln) = sha256 of
    ChainID(Ln-1) + " " + DiffID(Ln); the kept lower chains (images._chains) must give the same."""
    from tutor.sim.shell.docker.images import _chains

    expected: list[str] = []
    for diff_id in diff_ids:
        expected.append(
            diff_id if not expected
            else "sha256:" + hashlib.sha256(f"{expected[-1]} {diff_id}".encode()).hexdigest()
        )
    assert list(_chains(tuple(diff_ids))) == expected


def test_the_build_cache_holds_every_layer_of_every_build_when_written_top_down_only_where_new() -> None:
    """hold_built_layers stops at the first held layer: the record must still name every layer of every
    build (its base's included), as writing them all would."""
    from tutor.sim.shell.docker.images import _chain_ids, held_by_build_cache

    shell = Shell(World.default())
    for line in ("docker pull python:3.12-slim", "echo 'print(1)' > ~/myapp1/app.py",
                 "docker build -q -t a ~/myapp1", "echo 'print(2)' > ~/myapp1/app.py",
                 "docker build -q -t b ~/myapp1", "docker build -q -t c ~/myapp2"):
        assert shell.run(line).exit_code == 0, line
    store = shell.world.machine.store
    held = held_by_build_cache(store)
    for name in ("a", "b", "c"):
        image = store.get(store.tag_digest(f"docker.io/library/{name}", "latest"))
        chains = {chain: layer.digest for chain, layer in zip(_chain_ids(image), image.layers, strict=True)}
        assert len(chains) >= 2 and chains.items() <= held.items()
