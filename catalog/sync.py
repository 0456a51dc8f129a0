"""The catalogue sync: Odoo's purchasable products, units, vendors' names and vendor contacts
copied into the project's Postgres, in full at start-up and then by what changed.

What changed is found by `write_date`: from the second after the newest one seen (Odoo reads
it to the second; starting at that second would read a bulk import made in it again on every
sync). A write committed late within that very second is picked up by the next full sync,
which the ingest runs at start-up and once a day. Archived products
come back as not orderable. What Odoo deleted outright disappears at the next full sync.
Several processes may sync at once; an advisory lock lets one of them do it.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import asdict, dataclass
from typing import Any

import psycopg

from records import catalog
from tools.odoo_catalog import (
    CatalogProduct,
    CatalogRead,
    CatalogReader,
    CatalogUnit,
    VendorContact,
    VendorProduct,
)

log = logging.getLogger("purchase_agent.catalog")
WATERMARK = "catalog"
FULL_EVERY = dt.timedelta(hours=24)
LOCK_KEY = 0x7CA7A106  # arbitrary, fixed: "purchase-agent catalogue sync"


@dataclass(frozen=True)
class SyncReport:
    full: bool
    products: int
    vendor_products: int
    vendors: int
    units: int
    seconds: float
    skipped: bool = False  # another process was syncing


def sync(reader: CatalogReader, conn: psycopg.Connection, *, full: bool) -> SyncReport:
    """One sync; `full` reads everything, else what changed since the last one."""
    started = time.perf_counter()
    got = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
    if not got or not got[0]:
        return SyncReport(full, 0, 0, 0, 0, 0.0, skipped=True)
    try:
        last = None if full else catalog.last_write(conn, WATERMARK)
        full = full or last is None
        read = reader.read(since=None if full else _after(last))
        _store(conn, read, full=full)
        catalog.mark_synced(conn, WATERMARK, _newest(read), full=full)
        if full or read.products or read.vendor_products:
            catalog.touch(conn, WATERMARK)
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
    report = SyncReport(
        full=full,
        products=len(read.products),
        vendor_products=len(read.vendor_products),
        vendors=len(read.vendors),
        units=len(read.units),
        seconds=round(time.perf_counter() - started, 3),
    )
    log.info("catalogue synced: %s", report)
    return report


def _store(conn: psycopg.Connection, read: CatalogRead, *, full: bool) -> None:
    catalog.store(conn, "unit", [_row(u) for u in read.units], full=True)
    catalog.store(conn, "product", [_row(p) for p in read.products], full=full)
    catalog.store(conn, "vendor_product", [_row(v) for v in read.vendor_products], full=full)
    catalog.store(conn, "vendor", [_row(v) for v in read.vendors], full=full)


def _row(record: CatalogUnit | CatalogProduct | VendorProduct | VendorContact) -> dict[str, Any]:
    row = asdict(record)
    row["odoo_id"] = row.pop("id")
    return row


def _newest(read: CatalogRead) -> str | None:
    dates = [p.write_date for p in read.products]
    dates += [v.write_date for v in read.vendor_products] + [v.write_date for v in read.vendors]
    return max(dates) if dates else None


def _after(write_date: str | None) -> str | None:
    if not write_date:
        return None
    moment = dt.datetime.fromisoformat(write_date[:19])
    return (moment + dt.timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S")
