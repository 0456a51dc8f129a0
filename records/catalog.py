"""The synced catalogue (`catalog.*`): written by the sync, read by everyone else.

Rows come in as mappings with the column names (the sync builds them from what it read in
Odoo). Each table is written in one transaction through COPY into a scratch table and one
upsert, so 10,000 products are one round trip; a full sync also drops what Odoo no longer has.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("odoo_id", "name", "category", "factor", "uom_type"),
    "product": (
        "odoo_id", "tmpl_id", "ref", "names", "category", "unit_id", "barcode", "on_hand",
        "orderable", "write_date",
    ),
    "vendor_product": (
        "odoo_id", "tmpl_id", "vendor_id", "vendor_name", "product_name", "product_code",
        "price", "min_qty", "write_date",
    ),
    "vendor": ("odoo_id", "name", "phone", "mobile", "email", "active", "write_date"),
}  # fmt: skip

# The `catalog.sync_state` row that adding or removing an alias moves (`touch`): no sync.
ALIASES = "alias"


def store(
    conn: psycopg.Connection, table: str, rows: Sequence[Mapping[str, Any]], *, full: bool
) -> None:
    """Upsert one table's rows; with `full`, rows Odoo did not return are deleted."""
    columns = COLUMNS[table]
    target = sql.Identifier("catalog", table)
    names = sql.SQL(", ").join(map(sql.Identifier, columns))
    updates = sql.SQL(", ").join(
        sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in columns[1:]
    )
    with conn.transaction():
        conn.execute(sql.SQL("CREATE TEMP TABLE incoming (LIKE {}) ON COMMIT DROP").format(target))
        with (
            conn.cursor() as cur,
            cur.copy(sql.SQL("COPY incoming ({}) FROM STDIN").format(names)) as copy,
        ):
            for row in rows:
                copy.write_row([_value(row[c]) for c in columns])
        if full:
            conn.execute(
                sql.SQL(
                    "DELETE FROM {} WHERE odoo_id NOT IN (SELECT odoo_id FROM incoming)"
                ).format(target)
            )
        conn.execute(
            sql.SQL(
                "INSERT INTO {t} ({n}) SELECT {n} FROM incoming"
                " ON CONFLICT (odoo_id) DO UPDATE SET {u}"
            ).format(t=target, n=names, u=updates)
        )


def _value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value


def last_write(conn: psycopg.Connection, model: str) -> str | None:
    row = conn.execute(
        "SELECT last_write FROM catalog.sync_state WHERE model = %s", (model,)
    ).fetchone()
    return row[0] if row else None


def mark_synced(conn: psycopg.Connection, model: str, last: str | None, *, full: bool) -> None:
    conn.execute(
        "INSERT INTO catalog.sync_state (model, last_write, full_at, synced_at)"
        " VALUES (%(m)s, %(w)s, CASE WHEN %(f)s THEN now() END, now())"
        " ON CONFLICT (model) DO UPDATE SET"
        " last_write = GREATEST(catalog.sync_state.last_write, EXCLUDED.last_write),"
        " full_at = COALESCE(EXCLUDED.full_at, catalog.sync_state.full_at), synced_at = now()",
        {"m": model, "w": last, "f": full},
    )


@dataclass(frozen=True)
class CatalogEntry:
    """A product as the agent shows it: names per language, unit, vendors' names for it."""

    ref: str
    odoo_id: int
    names: dict[str, str]
    category: str
    unit: str
    unit_category: str
    barcode: str | None
    on_hand: float | None
    orderable: bool
    vendor_names: list[str]


_ENTRY = (
    "SELECT p.ref, p.odoo_id, p.names, p.category, coalesce(u.name, ''),"
    " coalesce(u.category, ''), p.barcode, p.on_hand, p.orderable,"
    " coalesce(array_remove(array_agg(DISTINCT v.product_name), NULL), '{}')"
    " FROM catalog.product p LEFT JOIN catalog.unit u ON u.odoo_id = p.unit_id"
    " LEFT JOIN catalog.vendor_product v ON v.tmpl_id = p.tmpl_id"
)


def entries(
    conn: psycopg.Connection, *, ref: str | None = None, limit: int | None = None
) -> list[CatalogEntry]:
    """Catalogue entries by reference order (one of them with `ref`)."""
    rows = conn.execute(
        _ENTRY + " WHERE (%(ref)s::text IS NULL OR p.ref = %(ref)s) GROUP BY p.odoo_id, u.odoo_id"
        " ORDER BY p.ref LIMIT %(limit)s",
        {"ref": ref, "limit": limit},
    ).fetchall()
    return [CatalogEntry(*row) for row in rows]


def stats(conn: psycopg.Connection) -> dict[str, Any]:
    """Counts, and when Odoo was last read: the aliases' state row records no sync."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM catalog.product),"
        " (SELECT count(*) FROM catalog.product WHERE orderable),"
        " (SELECT count(*) FROM catalog.vendor_product),"
        " (SELECT count(*) FROM catalog.vendor WHERE active),"
        " (SELECT count(*) FROM catalog.unit),"
        " (SELECT count(*) FROM catalog.alias),"
        " (SELECT max(synced_at) FROM catalog.sync_state WHERE model <> %(aliases)s),"
        " (SELECT max(full_at) FROM catalog.sync_state WHERE model <> %(aliases)s)",
        {"aliases": ALIASES},
    ).fetchone()
    assert row is not None
    keys = ("products", "orderable", "vendor_products", "vendors", "units", "aliases")
    return dict(zip((*keys, "synced_at", "full_at"), row, strict=True))


def vocabulary(
    conn: psycopg.Connection,
) -> tuple[
    list[tuple[str, dict[str, str], str, list[list[str | None]]]], list[tuple[str, str, float]]
]:
    """What the understanding needs, orderable products only: (ref, names, purchase unit,
    [[alias, lang], ...] with vendors' product names as aliases), and every unit with its
    category and factor."""
    products = conn.execute(
        "SELECT p.ref, p.names, coalesce(u.name, ''),"
        " coalesce((SELECT jsonb_agg(jsonb_build_array(a.alias, a.lang) ORDER BY a.alias)"
        "   FROM catalog.alias a WHERE a.ref = p.ref), '[]'::jsonb)"
        " || coalesce((SELECT jsonb_agg(DISTINCT jsonb_build_array(v.product_name, NULL))"
        "   FROM catalog.vendor_product v"
        "   WHERE v.tmpl_id = p.tmpl_id AND coalesce(v.product_name, '') <> ''), '[]'::jsonb)"
        " FROM catalog.product p LEFT JOIN catalog.unit u ON u.odoo_id = p.unit_id"
        " WHERE p.orderable ORDER BY p.ref"
    ).fetchall()
    units = conn.execute("SELECT name, category, factor FROM catalog.unit").fetchall()
    return [tuple(row) for row in products], [tuple(row) for row in units]


def touch(conn: psycopg.Connection, model: str) -> None:
    """Record that the catalogue changed in a way the understanding sees."""
    conn.execute(
        "INSERT INTO catalog.sync_state (model, synced_at, changed_at) VALUES (%s, now(), now())"
        " ON CONFLICT (model) DO UPDATE SET changed_at = now()",
        (model,),
    )


def version(conn: psycopg.Connection) -> str:
    """A string that moves whenever the catalogue changed; empty before the first sync."""
    row = conn.execute(
        "SELECT coalesce(max(changed_at)::text, '') FROM catalog.sync_state"
    ).fetchone()
    return str(row[0]) if row else ""
