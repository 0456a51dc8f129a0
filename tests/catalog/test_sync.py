"""The catalogue sync against the sandbox Odoo over odoo-client-lib: a full copy, then only
what changed, archived products no longer orderable, and one process syncing at a time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from catalog.sync import LOCK_KEY, sync
from core import db
from records import catalog
from tests.sandbox.odoo_server import Sandbox, running_company
from tests.support.databases import new_database
from tests.support.net import wait_for
from tools.odoo import OdooClient
from tools.odoo_catalog import CatalogReader

COMPANY: dict[str, Any] = {
    "company": {"name": "Limpieza Total SpA", "currency": "USD"},
    "uoms": ["l", "unit", "kg"],
    "products": [
        {"code": "DET-5", "names": {"es": "Detergente industrial 5 L", "en": "Industrial detergent 5 L"},
         "uom": "l", "category": "Limpieza", "barcode": "7800000000017"},
        {"code": "GUA-L", "names": {"es": "Guantes de nitrilo talla L", "en": "Nitrile gloves size L"},
         "uom": "unit", "purchase_uom": "Dozens"},
        {"code": "CLO-1", "name": "Cloro gel", "uom": "l", "active": False},
    ],
    "vendors": [
        {"ref": "quimica", "name": "Química del Pacífico SpA", "phone": "+56222222222",
         "mobile": "+56999990000", "email": "ventas@quimicapacifico.cl",
         "supplies": [{"code": "DET-5", "price": 9.9, "min_qty": 4, "delay_days": 2,
                       "product_name": "DETERG. IND. BIDON 5L", "product_code": "QP-55"}]},
    ],
    "requesters": [],
}  # fmt: skip


@pytest.fixture(scope="module")
def odoo(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with running_company(postgres_url, tmp_path_factory.mktemp("sync"), COMPANY) as server:
        admin = server.connect()
        [unit] = admin.get_model("uom.uom").search([("name", "=", "Units")])
        admin.get_model("product.template").create(
            {"name": "Paño de microfibra", "uom_id": unit, "uom_po_id": unit, "purchase_ok": True}
        )  # no internal reference
        yield server


@pytest.fixture()
def conn(postgres_url: str) -> Iterator[psycopg.Connection]:
    url = new_database(postgres_url, "catalog_")
    db.migrate(url)
    with psycopg.connect(url, autocommit=True) as connection:
        yield connection


def reader(odoo: Sandbox) -> CatalogReader:
    client = OdooClient(
        host="127.0.0.1", port=odoo.port, protocol="jsonrpc", database="sandbox",
        login="admin", password="admin",
    )  # fmt: skip
    return CatalogReader(client, ["es_ES", "en_US"])


def test_a_full_sync_copies_names_units_vendor_names_and_contacts(
    odoo: Sandbox, conn: psycopg.Connection
) -> None:
    report = sync(reader(odoo), conn, full=True)

    assert report.full and report.products == 4 and report.vendors == 1
    (detergent,) = catalog.entries(conn, ref="DET-5")
    assert detergent.names == {"es": "Detergente industrial 5 L", "en": "Industrial detergent 5 L"}
    assert (detergent.unit, detergent.category, detergent.barcode) == (
        "L",
        "Limpieza",
        "7800000000017",
    )
    assert detergent.vendor_names == ["DETERG. IND. BIDON 5L"] and detergent.orderable
    (gloves,) = catalog.entries(conn, ref="GUA-L")
    assert gloves.unit == "Dozens" and gloves.unit_category == "Unit"
    no_code = [e for e in catalog.entries(conn) if e.names["es"] == "Paño de microfibra"]
    assert no_code[0].ref == f"ODOO-{no_code[0].odoo_id}"  # a stable reference from the id
    (bleach,) = catalog.entries(conn, ref="CLO-1")
    assert not bleach.orderable  # archived in Odoo
    vendor = conn.execute("SELECT name, phone, mobile, email FROM catalog.vendor").fetchall()
    assert vendor == [
        ("Química del Pacífico SpA", "+56222222222", "+56999990000", "ventas@quimicapacifico.cl")
    ]
    assert catalog.stats(conn)["orderable"] == 3


def test_an_incremental_sync_reads_what_changed_and_archiving_stops_ordering(
    odoo: Sandbox, conn: psycopg.Connection
) -> None:
    sync(reader(odoo), conn, full=True)
    synced = int(time.time())
    wait_for(lambda: int(time.time()) > synced, timeout=3)  # writes from the next second on
    admin = odoo.connect()
    products = admin.get_model("product.product")
    [gloves] = products.search([("default_code", "=", "GUA-L")])
    products.write(
        [gloves], {"name": "Guantes de nitrilo talla L (caja)"}, context={"lang": "es_ES"}
    )
    [detergent] = products.search([("default_code", "=", "DET-5")])
    products.write([detergent], {"active": False})
    templates = admin.get_model("product.template")
    [chlorine] = templates.search(
        [("default_code", "=", "CLO-1")], context={"active_test": False}
    )  # an archived one, renamed
    templates.write([chlorine], {"name": "Cloro gel 1 L"}, context={"lang": "es_ES"})

    report = sync(reader(odoo), conn, full=False)

    assert not report.full and report.products == 3  # only what changed
    assert catalog.entries(conn, ref="CLO-1")[0].names["es"] == "Cloro gel 1 L"  # on the template
    (entry,) = catalog.entries(conn, ref="GUA-L")
    assert entry.names["es"] == "Guantes de nitrilo talla L (caja)"
    assert entry.names["en"] == "Nitrile gloves size L"
    assert not catalog.entries(conn, ref="DET-5")[0].orderable
    assert catalog.stats(conn)["products"] == 4  # nothing lost, nothing twice


def test_one_process_syncs_at_a_time(odoo: Sandbox, conn: psycopg.Connection) -> None:
    with psycopg.connect(conn.info.dsn, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        assert sync(reader(odoo), conn, full=True).skipped
        other.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
    assert not sync(reader(odoo), conn, full=True).skipped


def test_large_catalogues_are_read_a_page_at_a_time(odoo: Sandbox) -> None:
    client = reader(odoo)._odoo
    fields = ["default_code", "name"]
    whole = client.search_read("product.product", [], fields, context={"active_test": False})
    paged = client.search_read_pages(
        "product.product", [], fields, context={"active_test": False}, page=2
    )
    assert len(whole) > 2 and paged == whole  # every row once, in id order
