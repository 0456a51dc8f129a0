"""`python -m sandbox.odoo`: serve the sandbox Odoo with uvicorn.

Options fall back to SANDBOX_ODOO_HOST, SANDBOX_ODOO_PORT, DATABASE_URL and
SANDBOX_ODOO_CATALOG; credentials come from SANDBOX_ODOO_DB/LOGIN/PASSWORD.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import uvicorn

from .app import create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox.odoo", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("SANDBOX_ODOO_HOST", "127.0.0.1"))
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("SANDBOX_ODOO_PORT", "8069"))
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument(
        "--catalog",
        type=Path,
        default=Path(os.environ.get("SANDBOX_ODOO_CATALOG", "fixtures/catalog.json")),
    )
    parser.add_argument("--log-level", default=os.environ.get("SANDBOX_ODOO_LOG_LEVEL", "warning"))
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url (or DATABASE_URL) is required")
    app = create_app(args.database_url, args.catalog)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
