"""Session-wide fixtures: one real PostgreSQL (pgserver) per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pgserver import get_server  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private PostgreSQL cluster for this session, reached over its unix socket."""
    data_dir: Path = tmp_path_factory.mktemp("pg")
    server = get_server(data_dir, cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


SERVER_FOLDERS = {"integration", "sandbox", "bench"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests in the folders that start servers are marked, so `make test-fast` skips them."""
    tests = Path(__file__).resolve().parent
    for item in items:
        if item.path.resolve().relative_to(tests).parts[0] in SERVER_FOLDERS:
            item.add_marker(pytest.mark.servers)
