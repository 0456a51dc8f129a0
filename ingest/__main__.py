"""`python -m ingest`: serve the ingest with uvicorn on INGEST_HOST:INGEST_PORT."""

from __future__ import annotations

import uvicorn

from ingest.app import create_app
from purchase_agent import logs
from purchase_agent.settings import get_settings


def main() -> None:
    logs.setup("ingest")
    settings = get_settings()
    uvicorn.run(
        create_app(settings),
        host=settings.ingest_host,
        port=settings.ingest_port,
        log_level="warning",
        timeout_graceful_shutdown=5,
    )


if __name__ == "__main__":
    main()
