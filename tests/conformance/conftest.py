import os

import pytest

from tests.conformance.realregistry import NOT_INSTALLED, RealRegistry, registry_binary


@pytest.fixture
def real_registry(tmp_path):
    binary = registry_binary()
    if binary is None:
        if os.environ.get("CI"):  # .ci/run installs it: in CI a missing registry is a failure, not a skip
            pytest.fail(NOT_INSTALLED)
        pytest.skip(NOT_INSTALLED)
    registry = RealRegistry(binary, tmp_path)
    try:
        yield registry
    finally:
        registry.stop()
