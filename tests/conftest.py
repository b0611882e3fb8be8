"""Test-wide settings: compiled lessons are cached in a throw-away folder, never the user's."""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config) -> None:
    os.environ.setdefault("REGISTRY_TUTOR_CACHE", tempfile.mkdtemp(prefix="registry-tutor-test-cache-"))
