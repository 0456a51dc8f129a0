"""The product vocabulary of the catalogue synced from Odoo, rebuilt in this process only
when that catalogue changed.

Each turn asks for it; one cheap query says whether a sync stored products or an alias
changed since the last build. A server that starts before any sync ever finished runs the
first one itself, or waits for the process running it, so no turn meets an empty catalogue.
"""

from __future__ import annotations

import threading

import psycopg

from catalog.sync import LOCK_KEY, sync
from core.settings import get_settings
from graphs.purchase_agent import services
from graphs.purchase_agent.nlu import get_model
from graphs.purchase_agent.nlu.catalog import ProductRow, UnitRow, Vocabulary, vocabulary_of
from records import catalog
from tools.odoo_catalog import CatalogReader

_lock = threading.Lock()
_built: tuple[str, Vocabulary] | None = None


def current(conn: psycopg.Connection) -> Vocabulary:
    """The vocabulary of the synced catalogue as it is now."""
    global _built
    version = catalog.version(conn) or _first_sync(conn)
    built = _built
    if built is not None and built[0] == version:
        return built[1]
    with _lock:
        if _built is None or _built[0] != version:
            _built = (version, _build(conn))
            get_model.cache_clear()  # models of the previous vocabulary would stay in memory
        return _built[1]


def _build(conn: psycopg.Connection) -> Vocabulary:
    products, units = catalog.vocabulary(conn)
    rows = (
        ProductRow(ref, names, unit, tuple((str(a), lang) for a, lang in aliases))
        for ref, names, unit, aliases in products
    )
    lang = get_settings().languages[0][:2] if get_settings().languages else "es"
    return vocabulary_of(rows, [UnitRow(*unit) for unit in units], lang)


def _first_sync(conn: psycopg.Connection) -> str:
    settings = get_settings()
    report = sync(CatalogReader(services.odoo(), settings.languages), conn, full=True)
    if report.skipped:  # another process holds the sync: wait until it lets go
        conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
    return catalog.version(conn)
