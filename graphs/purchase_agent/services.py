"""The graph's connections to the outside world, built once per server process.

`install()` lets the fast graph tests put local stand-ins in their place (an in-memory
Odoo and Chatwoot, an embedded PostgreSQL); the LangGraph server always builds the real
ones from the settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from psycopg_pool import ConnectionPool

from core.db import database_url
from core.settings import get_settings
from tools.chatwoot import ChatwootClient
from tools.odoo import OdooClient


@dataclass(frozen=True)
class Services:
    odoo: OdooClient
    chatwoot: ChatwootClient
    db: ConnectionPool


_installed: Services | None = None


def install(services: Services | None) -> None:
    """Use these connections instead of the configured ones (None: back to the configured)."""
    global _installed
    _installed = services


@lru_cache(maxsize=1)
def _configured() -> Services:
    settings = get_settings()
    odoo = OdooClient.from_settings(settings)
    chatwoot = ChatwootClient(settings.chatwoot_base_url, settings.chatwoot_token())
    # A small pool: graph nodes run in worker threads and each borrows a connection.
    pool = ConnectionPool(
        database_url(settings), min_size=1, max_size=8, kwargs={"autocommit": True}
    )
    return Services(odoo=odoo, chatwoot=chatwoot, db=pool)


def current() -> Services:
    return _installed or _configured()


def odoo() -> OdooClient:
    return current().odoo


def chatwoot() -> ChatwootClient:
    return current().chatwoot


def db() -> ConnectionPool:
    return current().db
