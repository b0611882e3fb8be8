"""tutor.sim.sha256: the builtin SHA-256 at start-up, OpenSSL's once a session hashes enough; same digests."""

from __future__ import annotations

import hashlib

import pytest

from tutor.sim import content
from tutor.sim import sha256 as sha

SAMPLES = [b"", b"{}", b"abc", b"x" * 55, b"x" * 56, b"x" * 64, b"x" * 1000, bytes(range(256)) * 300]


@pytest.mark.parametrize("data", SAMPLES)
def test_the_builtin_module_gives_hashlib_s_digest(data: bytes) -> None:
    assert sha._builtin(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_the_switch_to_openssl_keeps_every_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sha, "_hashed", 0)
    monkeypatch.setattr(sha, "BUILTIN_BUDGET", 2_000)
    monkeypatch.setattr(sha, "hexdigest", sha._builtin_hexdigest)
    monkeypatch.setattr(sha, "_constructor", sha._builtin)
    digests = [content.sha256(data) for data in SAMPLES * 3]
    assert sha.hexdigest is not sha._builtin_hexdigest  # the budget was spent: OpenSSL from now on
    assert digests == ["sha256:" + hashlib.sha256(data).hexdigest() for data in SAMPLES * 3]


def test_a_known_digest() -> None:
    """The OCI empty descriptor's digest (image-spec descriptor.md: sha256 of the bytes ``{}``)."""
    assert content.sha256(b"{}") == "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
