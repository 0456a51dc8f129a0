"""A company file in the fixture format written into `catalog.*` as a sync would leave it,
for tests whose Odoo is an in-memory stand-in that no sync can read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from graphs.purchase_agent.nlu.catalog import Vocabulary, load_vocabulary
from records import catalog
from tests.support.standins import CATALOG

# The stand-in's units are the fixture's codes: one category each, as Odoo's references.
UNITS = {"kg": "Weight", "l": "Volume", "unit": "Unit", "box": "Box"}


def store_fixture(conn: psycopg.Connection, path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    unit_ids = {code: index for index, code in enumerate(UNITS, start=1)}
    units = [
        {
            "odoo_id": i,
            "name": code,
            "category": UNITS[code],
            "factor": 1.0,
            "uom_type": "reference",
        }
        for code, i in unit_ids.items()
    ]
    products: list[dict[str, Any]] = []
    for index, p in enumerate(data["products"], start=1):
        names = {"es": p["name"], "en": p.get("name_en") or p["name"]}
        products.append(
            {
                "odoo_id": index, "tmpl_id": 100 + index, "ref": p["code"], "names": names,
                "category": "", "unit_id": unit_ids[p.get("purchase_uom", p["uom"])],
                "barcode": None, "on_hand": None, "orderable": True,
                "write_date": "2026-01-01 00:00:00",
            }
        )  # fmt: skip
    catalog.store(conn, "unit", units, full=True)
    catalog.store(conn, "product", products, full=True)
    catalog.touch(conn, "catalog")


def reference_vocabulary() -> Vocabulary:
    """The reference company's vocabulary, as the evaluation reads it."""
    return load_vocabulary(CATALOG)


@contextmanager
def bought_in(
    conn: psycopg.Connection, code: str, unit: str, category: str, factor: float
) -> Iterator[None]:
    """`code` bought in `unit` while the block runs, as the synced catalogue would have it."""
    unit_id = 1000 + abs(hash(unit)) % 1000
    row = {"odoo_id": unit_id, "name": unit, "category": category, "factor": factor,
           "uom_type": "smaller" if factor > 1 else "bigger"}  # fmt: skip
    catalog.store(conn, "unit", [row], full=False)
    (before,) = conn.execute("SELECT unit_id FROM catalog.product WHERE ref = %s", (code,))
    conn.execute("UPDATE catalog.product SET unit_id = %s WHERE ref = %s", (unit_id, code))
    catalog.touch(conn, "catalog")
    try:
        yield
    finally:
        conn.execute("UPDATE catalog.product SET unit_id = %s WHERE ref = %s", (before[0], code))
        catalog.touch(conn, "catalog")
