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
