"""`python -m sandbox.chatwoot`: serve the sandbox under uvicorn."""

from __future__ import annotations

import os
import sys

import uvicorn

from sandbox.chatwoot.app import create_app
from sandbox.chatwoot.settings import parse_args


def main(argv: list[str] | None = None) -> None:
    settings = parse_args(sys.argv[1:] if argv is None else argv, os.environ)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    main()
