"""The graph's connections to the outside world, built once per server process."""

from __future__ import annotations

from functools import lru_cache

from psycopg_pool import ConnectionPool

from purchase_agent.db import database_url
from purchase_agent.settings import get_settings, odoo_endpoint
from tools.chatwoot import ChatwootClient
from tools.odoo import OdooClient


@lru_cache(maxsize=1)
def odoo() -> OdooClient:
    settings = get_settings()
    host, port, tls = odoo_endpoint(settings.odoo_url or "http://127.0.0.1:8069")
    protocol = settings.odoo_protocol
    if tls and not protocol.endswith("s"):
        protocol += "s"
    return OdooClient(
        host=host,
        port=port,
        protocol=protocol,
        database=settings.odoo_db,
        login=settings.odoo_login,
        password=settings.odoo_password,
        timeout=settings.odoo_timeout,
    )


@lru_cache(maxsize=1)
def chatwoot() -> ChatwootClient:
    settings = get_settings()
    return ChatwootClient(
        settings.chatwoot_url or "http://127.0.0.1:3000", settings.chatwoot_token()
    )


@lru_cache(maxsize=1)
def db() -> ConnectionPool:
    """A small pool: graph nodes run in worker threads and each borrows a connection."""
    return ConnectionPool(
        database_url(get_settings()), min_size=1, max_size=8, kwargs={"autocommit": True}
    )
