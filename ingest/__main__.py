"""`python -m ingest`: serve the ingest with uvicorn on INGEST_HOST:INGEST_PORT."""

from __future__ import annotations

from typing import Any

import uvicorn

from core import logs
from core.settings import get_settings
from ingest.app import create_app

# Shared with the benchmark's bare endpoint, so the baseline runs under the same settings.
SERVER_OPTIONS: dict[str, Any] = {"log_level": "warning", "timeout_graceful_shutdown": 5}


def main() -> None:
    logs.setup("ingest")
    settings = get_settings()
    uvicorn.run(
        create_app(settings),
        host=settings.ingest_host,
        port=settings.ingest_port,
        **SERVER_OPTIONS,
    )


if __name__ == "__main__":
    main()
