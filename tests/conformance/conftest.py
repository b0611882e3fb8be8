import pytest

from tests.conformance.realregistry import NOT_INSTALLED, RealRegistry, registry_binary


@pytest.fixture
def real_registry(tmp_path):
    binary = registry_binary()
    if binary is None:
        pytest.skip(NOT_INSTALLED)
    registry = RealRegistry(binary, tmp_path)
    try:
        yield registry
    finally:
        registry.stop()
