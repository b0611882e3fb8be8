"""SHA-256 hex digests, without loading OpenSSL for a session that hashes little.

``hashlib`` loads OpenSSL's ``_hashlib`` (3-5 ms, a tenth of ``registry-tutor shell``'s start-up) even
to hash the default world's few kilobytes. CPython's builtin module (``_sha2`` on 3.12+, ``_sha256``
on 3.11) computes the same digests with no such start-up, but about 4x slower per byte than OpenSSL.
So the builtin one hashes the first ``BUILTIN_BUDGET`` bytes, and a session that hashes more (builds,
pushes: a 5,000-command script hashes megabytes) switches to OpenSSL, whose load that budget repays.
Either way the digest is the same bytes (tests/sim/test_sha256.py).
"""

from __future__ import annotations

import sys

try:  # the module of this version first: a failed import searches the whole path (start-up)
    if sys.version_info >= (3, 12):
        from _sha2 import sha256 as _builtin  # pragma: no cover - depends on the Python version
    else:
        from _sha256 import sha256 as _builtin  # CPython 3.11
except ImportError:  # pragma: no cover - an interpreter without the builtin modules
    from hashlib import sha256 as _builtin

__all__ = ["BUILTIN_BUDGET", "Prefix", "hexdigest"]

# ~256 KiB at ~4 ns/byte more than OpenSSL costs about what loading OpenSSL does (a few ms)
BUILTIN_BUDGET = 256 * 1024

_hashed = 0
_constructor = _builtin  # what hashes now: the builtin one, then OpenSSL's


def _builtin_hexdigest(data: bytes) -> str:
    _spend(len(data))
    return _builtin(data).hexdigest()


def _spend(n: int) -> None:
    """Count bytes the builtin hashed; past the budget, switch ``hexdigest`` and ``Prefix`` to OpenSSL."""
    global _hashed, hexdigest, _constructor
    _hashed += n
    if _hashed > BUILTIN_BUDGET and _constructor is _builtin:
        try:  # OpenSSL's constructor itself: ``hashlib`` would also build every other digest at import
            from _hashlib import openssl_sha256 as openssl
        except ImportError:  # pragma: no cover - a Python built without OpenSSL
            from hashlib import sha256 as openssl

        def _openssl_hexdigest(data: bytes) -> str:
            return openssl(data).hexdigest()

        hexdigest = _openssl_hexdigest  # every later call goes straight to OpenSSL
        _constructor = openssl


#: ``hexdigest(data)``: the lowercase hex SHA-256 of ``data``. Call it as ``sha256.hexdigest(...)``
#: (never import the name): it is rebound to the OpenSSL version once the budget is spent.
hexdigest = _builtin_hexdigest


class Prefix:
    """SHA-256 of texts that all start with the same constant bytes (a manifest's head before its first digest).

    SHA-256 hashes 64-byte blocks in order, so the prefix's whole blocks are hashed once and kept as a hash
    object; ``hexdigest(rest)`` copies it and hashes only what follows: ``hexdigest(prefix + rest)``, less
    the prefix's blocks (tests/sim/test_sha256.py). Kept per implementation: a prefix hashed by the builtin
    module is hashed again by OpenSSL once the session switches.
    """

    __slots__ = ("data", "_state", "_made_by")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._state = self._made_by = None

    def hexdigest(self, rest: bytes) -> str:
        made_by = _constructor
        if made_by is _builtin:
            _spend(len(rest))
        state = self._state
        if self._made_by is not made_by:
            state = self._state = made_by(self.data)
            self._made_by = made_by
        h = state.copy()
        h.update(rest)
        return h.hexdigest()
