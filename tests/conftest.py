"""Session-wide fixtures: one real PostgreSQL (pgserver) per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pgserver
import pytest


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private PostgreSQL cluster for this session, reached over its unix socket."""
    data_dir: Path = tmp_path_factory.mktemp("pg")
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
