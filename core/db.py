"""PostgreSQL access: the connection URL, and the numbered migrations in `sql/`.

Migrations are plain SQL files applied in name order, each once, inside one transaction
together with its row in `public.schema_migration`; an advisory lock lets several processes
start at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from core.settings import REPO_ROOT, Settings

SQL_DIR = REPO_ROOT / "sql"
_LOCK_KEY = 0x70A6E47  # arbitrary, fixed: "purchase-agent migrations"


def database_url(settings: Settings) -> str:
    """DATABASE_URL, or the embedded pgserver cluster under the data directory."""
    if settings.database_url:
        return settings.database_url
    return f"postgresql://postgres:@/postgres?host={settings.pg_dir}"


def start_embedded(settings: Settings) -> Any:
    """Start (or join) the embedded PostgreSQL under the data directory.

    pgserver shares one cluster between processes, so CLI subcommands and a running
    `make run` use the same server; `cleanup()` on the handle stops it once its last user left.
    """
    from pgserver import get_server  # type: ignore[attr-defined]

    settings.pg_dir.mkdir(parents=True, exist_ok=True)
    return get_server(settings.pg_dir, cleanup_mode="stop")


def connect(url: str, **kwargs: object) -> psycopg.Connection:
    return psycopg.connect(url, **kwargs)  # type: ignore[arg-type]


def migrate(url: str, sql_dir: Path = SQL_DIR) -> list[str]:
    """Apply the migrations not yet recorded; returns the names applied now."""
    applied: list[str] = []
    with connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS public.schema_migration ("
                " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            done = {row[0] for row in conn.execute("SELECT name FROM public.schema_migration")}
            for path in sorted(sql_dir.glob("*.sql")):
                if path.name in done:
                    continue
                with conn.transaction():
                    conn.execute(path.read_text())
                    conn.execute(
                        "INSERT INTO public.schema_migration (name) VALUES (%s)", (path.name,)
                    )
                applied.append(path.name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))
    return applied
