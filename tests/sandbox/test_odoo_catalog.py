"""What a catalogue sync reads from the sandbox Odoo, over odoo-client-lib: names per language,
units and their categories, write_date increments, archived records, vendor product names,
fields_get. The company is a small fixture using every optional key of fixtures/README.md."""

from __future__ import annotations

import datetime as dt
import json
import re
import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest
from odoolib.tools import JsonRPCException

from tests.sandbox.odoo_server import Sandbox, running_company
from tests.support.net import wait_for

ES, EN = {"lang": "es_ES"}, {"lang": "en_US"}
INACTIVE = {"active_test": False}
CATALOG: dict[str, Any] = {
    "company": {"name": "Ferretería Austral SpA", "currency": "USD", "lang": "es"},
    "approval_threshold": 1000.0,
    "uoms": [
        "kg",
        "l",
        "unit",
        {"name": "Box of 100", "category": "Unit", "uom_type": "bigger", "factor_inv": 100},
    ],
    "products": [
        {
            "code": "TOR-6",
            "names": {"es": "Tornillo hexagonal 6 mm", "en": "Hex screw 6 mm"},
            "uom": "unit",
            "purchase_uom": "Box of 100",
            "category": "Ferretería / Tornillos",
            "barcode": "7801234567897",
            "on_hand": 900,
        },
        {"code": "HAR-T", "name": "Harina de trigo", "uom": "kg", "purchase_uom": "t"},
        {
            "code": "AZA-1",
            "name": "Azafrán en hebras",
            "names": {"en": "Saffron threads"},
            "uom": "kg",
            "purchase_uom": "g",
            "category": "Alimentos",
        },
        {
            "code": "EXT-V",
            "name": "Extracto de vainilla",
            "name_en": "Vanilla extract",
            "uom": "l",
            "purchase_uom": "ml",
        },
        {"code": "HUE-D", "name": "Huevo de campo", "uom": "unit", "purchase_uom": "Dozens"},
        {"code": "OLD-1", "name": "Tornillo descontinuado", "uom": "unit", "active": False},
        {"code": "MUE-1", "name": "Muestra gratis", "uom": "unit", "purchase_ok": False},
    ],
    "vendors": [
        {
            "ref": "pernos",
            "name": "Pernos del Sur Ltda",
            "phone": "+56221234567",
            "mobile": "+56987650000",
            "email": "ventas@pernosdelsur.cl",
            "supplies": [
                {
                    "code": "TOR-6",
                    "price": 4.5,
                    "min_qty": 2,
                    "delay_days": 3,
                    "product_name": "PERNO HEX 6MM ZINC",
                    "product_code": "PS-0606",
                },
                {"code": "HAR-T", "price": 820.0, "min_qty": 1, "delay_days": 4},
            ],
        },
        {
            "ref": "especias",
            "name": "Especias Finas SpA",
            "supplies": [{"code": "AZA-1", "price": 2.9, "min_qty": 10, "delay_days": 6}],
        },
    ],
    "requesters": [],
}


@pytest.fixture(scope="module")
def odoo(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with running_company(postgres_url, tmp_path_factory.mktemp("catalog"), CATALOG) as server:
        yield server


def by_code(conn: Any, model: str = "product.product", **kw: Any) -> dict[str, int]:
    rows = conn.get_model(model).search_read([], ["default_code"], **kw)
    return {r["default_code"]: r["id"] for r in rows}


@pytest.mark.parametrize("protocol", ["jsonrpc", "xmlrpc"])
def test_names_follow_the_lang_context(odoo: Sandbox, protocol: str) -> None:
    products = odoo.connect(protocol).get_model("product.product")
    pid = by_code(odoo.connect())["TOR-6"]
    assert products.read(pid, ["name"], context=ES)["name"] == "Tornillo hexagonal 6 mm"
    assert products.read(pid, ["name"], context=EN)["name"] == "Hex screw 6 mm"
    # no lang is the en_US source slot, and an uninstalled language falls back to it
    assert products.read(pid, ["name"])["name"] == "Hex screw 6 mm"
    assert products.read(pid, ["name"], context={"lang": "fr_FR"})["name"] == "Hex screw 6 mm"
    assert products.read(pid, ["display_name"], context=ES)["display_name"] == (
        "[TOR-6] Tornillo hexagonal 6 mm"
    )
    # a product typed in Spanish and never translated reads Spanish in every language
    flour = by_code(odoo.connect())["HAR-T"]
    assert {products.read(flour, ["name"], context=c)["name"] for c in (ES, EN, {})} == {
        "Harina de trigo"
    }
    # the older files' `name_en` is the English name, as `names: {"en": ...}` is
    vanilla = by_code(odoo.connect())["EXT-V"]
    assert products.read(vanilla, ["name"], context=EN)["name"] == "Vanilla extract"
    assert products.read(vanilla, ["name"], context=ES)["name"] == "Extracto de vainilla"
    assert products.search([("name", "ilike", "hex screw")], context=EN) == [pid]
    assert products.search([("name", "ilike", "hex screw")], context=ES) == []
    assert products.search([("name", "ilike", "hexagonal")], context=ES) == [pid]


def test_a_write_in_a_language_changes_that_language_only(odoo: Sandbox) -> None:
    conn = odoo.connect()
    templates = conn.get_model("product.template")
    tid = by_code(conn, "product.template")["AZA-1"]
    templates.write([tid], {"name": "Azafrán iraní en hebras"}, context=ES)
    assert templates.read(tid, ["name"], context=ES)["name"] == "Azafrán iraní en hebras"
    assert templates.read(tid, ["name"], context=EN)["name"] == "Saffron threads"
    conn.get_model("product.product").write(
        [by_code(conn)["AZA-1"]], {"name": "Iranian saffron threads"}, context=EN
    )
    assert templates.read(tid, ["name"], context=ES)["name"] == "Azafrán iraní en hebras"
    assert templates.read(tid, ["name"])["name"] == "Iranian saffron threads"
    new = templates.create({"name": "Broca para concreto 8 mm"}, context=ES)
    templates.write([new], {"name": "Masonry drill bit 8 mm"}, context=EN)
    assert templates.read(new, ["name"], context=ES)["name"] == "Broca para concreto 8 mm"
    assert templates.read(new, ["name"])["name"] == "Masonry drill bit 8 mm"
    languages = conn.get_model("res.lang").search_read([], ["code"])
    assert {lang["code"] for lang in languages} == {"en_US", "es_ES"}


def test_units_categories_and_factors(odoo: Sandbox) -> None:
    conn = odoo.connect()
    uoms = conn.get_model("uom.uom")
    fields = ["name", "category_id", "factor", "factor_inv", "uom_type", "rounding", "ratio"]
    units = {u["name"]: u for u in uoms.search_read([], fields)}
    assert {n: units[n]["category_id"][1] for n in ("Units", "Dozens", "kg", "g", "L", "ml")} == {
        "Units": "Unit",
        "Dozens": "Unit",
        "kg": "Weight",
        "g": "Weight",
        "L": "Volume",
        "ml": "Volume",
    }
    assert (units["Dozens"]["factor"], units["Dozens"]["factor_inv"]) == pytest.approx((1 / 12, 12))
    assert units["Dozens"]["uom_type"] == "bigger" and units["Dozens"]["ratio"] == pytest.approx(12)
    assert (units["g"]["factor"], units["g"]["uom_type"]) == (1000.0, "smaller")
    assert units["t"]["factor_inv"] == pytest.approx(1000) and units["lb"]["factor"] == 2.20462
    assert all(units[n]["uom_type"] == "reference" for n in ("Units", "kg", "L", "Days", "m"))
    assert units["Box of 100"]["factor_inv"] == pytest.approx(100)
    assert units["Units"]["rounding"] == 0.01
    spanish = {u["name"] for u in uoms.search_read([], ["name"], context=ES)}
    assert {"Unidades", "Docenas", "kg"} <= spanish
    categories = conn.get_model("uom.category").search_read([], ["name"], context=ES)
    assert {"Unidad", "Peso", "Volumen"} <= {c["name"] for c in categories}
    product = conn.get_model("product.product").read(
        by_code(conn)["HUE-D"], ["uom_id", "uom_po_id", "uom_name"]
    )
    assert (product["uom_id"][1], product["uom_po_id"][1], product["uom_name"]) == (
        "Units",
        "Dozens",
        "Units",
    )
    unit = uoms.create(
        {
            "name": "Pack of 24",
            "category_id": units["Units"]["category_id"][0],
            "uom_type": "bigger",
            "factor_inv": 24,
        }
    )
    assert uoms.read(unit, ["factor"])["factor"] == pytest.approx(1 / 24)
    with pytest.raises(JsonRPCException) as twice:
        uoms.create({"name": "Bulto", "category_id": units["Units"]["category_id"][0]})
    assert "should only have one reference unit" in twice.value.error["data"]["message"]


def test_purchase_unit_stays_in_the_stock_units_category(odoo: Sandbox) -> None:
    conn = odoo.connect()
    templates, uoms = conn.get_model("product.template"), conn.get_model("uom.uom")
    kg, liter = uoms.search([("name", "=", "kg")])[0], uoms.search([("name", "=", "L")])[0]
    tid = templates.create({"name": "Clavo corriente 2 pulgadas"})
    assert templates.read(tid, ["uom_id", "uom_po_id"]) == {
        "id": tid,
        "uom_id": [uoms.search([("name", "=", "Units")])[0], "Units"],
        "uom_po_id": [uoms.search([("name", "=", "Units")])[0], "Units"],
    }
    with pytest.raises(JsonRPCException) as mixed:
        templates.write([tid], {"uom_po_id": liter})
    assert mixed.value.error["data"]["name"] == "odoo.exceptions.ValidationError"
    templates.write([tid], {"uom_id": kg})  # the purchase unit follows into the new category
    assert templates.read(tid, ["uom_po_id"])["uom_po_id"][1] == "kg"


def next_second() -> str:
    """A cursor at the start of a fresh second: what was written before is older, what is
    written after is newer (sandbox and test share the clock)."""
    start = utcnow()

    def later() -> str | None:
        now = utcnow()
        return now if now > start else None

    return wait_for(later, timeout=5)


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def test_write_date_finds_changes_since_a_cursor(odoo: Sandbox) -> None:
    conn = odoo.connect()
    products, templates = conn.get_model("product.product"), conn.get_model("product.template")
    codes, tmpls = by_code(conn), by_code(conn, "product.template")
    first = products.read(codes["EXT-V"], ["write_date", "create_date"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", first["write_date"])
    cursor = next_second()
    products.write([codes["EXT-V"]], {"default_code": "EXT-V"})
    assert products.search([("write_date", ">", cursor)]) == [codes["EXT-V"]]
    # read() cuts the microseconds off, so '>' on what it said finds that record again
    said = products.read(codes["EXT-V"], ["write_date"])["write_date"]
    assert said >= cursor and products.search([("write_date", ">", said)]) == [codes["EXT-V"]]
    templates.write([tmpls["HUE-D"]], {"name": "Huevo de campo extra"}, context=ES)
    assert set(templates.search([("write_date", ">", cursor)])) == {tmpls["EXT-V"], tmpls["HUE-D"]}
    # a template write leaves its variant's write_date alone, as in Odoo
    assert products.search([("write_date", ">", cursor)]) == [codes["EXT-V"]]
    changed = products.search(
        ["|", ("write_date", ">", cursor), ("product_tmpl_id.write_date", ">", cursor)]
    )
    assert set(changed) == {codes["EXT-V"], codes["HUE-D"]}
    products.write([codes["HAR-T"]], {"active": False})
    try:
        assert codes["HAR-T"] not in products.search([("write_date", ">", cursor)])
        assert codes["HAR-T"] in products.search([("write_date", ">", cursor)], context=INACTIVE)
    finally:
        products.write([codes["HAR-T"]], {"active": True})


@pytest.mark.parametrize("protocol", ["jsonrpc", "xmlrpc"])
def test_archived_products_are_hidden_unless_asked_for(odoo: Sandbox, protocol: str) -> None:
    conn = odoo.connect(protocol)
    products, templates = conn.get_model("product.product"), conn.get_model("product.template")
    assert "OLD-1" not in by_code(conn) and "OLD-1" not in by_code(conn, "product.template")
    old = by_code(conn, context=INACTIVE)["OLD-1"]
    assert products.search([("active", "=", False)]) == [old]
    assert products.read(old, ["active", "name"]) == {
        "id": old,
        "active": False,
        "name": "Tornillo descontinuado",
    }
    pid = by_code(conn)["MUE-1"]
    tmpl = products.read(pid, ["product_tmpl_id"])["product_tmpl_id"][0]
    if protocol == "xmlrpc":  # returns None: Odoo commits, then cannot marshal the answer
        with pytest.raises(xmlrpc.client.Fault):
            products.action_archive([pid])
    else:
        assert products.action_archive([pid]) is False
    assert templates.read(tmpl, ["active"])["active"] is False  # its last variant went
    assert templates.search([("id", "=", tmpl)]) == []
    templates.write([tmpl], {"active": True})
    assert products.read(pid, ["active"])["active"] is True
    templates.write([tmpl], {"active": False})
    assert products.search([("id", "=", pid)]) == []
    templates.write([tmpl], {"active": True})


def test_archived_vendors_leave_search_and_seller_choice(odoo: Sandbox) -> None:
    conn = odoo.connect()
    partners = conn.get_model("res.partner")
    vendor = partners.search([("ref", "=", "especias")])[0]
    partners.write([vendor], {"active": False})
    try:
        assert partners.search([("ref", "=", "especias")]) == []
        assert partners.search([("ref", "=", "especias")], context=INACTIVE) == [vendor]
        po = conn.get_model("purchase.order").create(
            {
                "partner_id": vendor,
                "order_line": [(0, 0, {"product_id": by_code(conn)["AZA-1"], "product_qty": 20})],
            }
        )
        order = conn.get_model("purchase.order").read(po, ["date_order", "date_planned"])
        assert order["date_planned"] == order["date_order"]  # no active seller: no lead time
    finally:
        partners.write([vendor], {"active": True})


def test_vendor_product_names_codes_and_contact(odoo: Sandbox) -> None:
    conn = odoo.connect()
    vendor = conn.get_model("res.partner").search_read(
        [("ref", "=", "pernos")], ["phone", "mobile", "email", "lang"]
    )[0]
    assert (vendor["mobile"], vendor["phone"], vendor["lang"]) == (
        "+56987650000",
        "+56221234567",
        "es_ES",
    )
    sellers = conn.get_model("product.supplierinfo").search_read(
        [("partner_id", "=", vendor["id"])],
        ["product_tmpl_id", "product_name", "product_code", "price", "min_qty", "product_uom"],
    )
    screw = next(s for s in sellers if s["product_code"])
    assert (screw["product_name"], screw["product_code"], screw["product_uom"][1]) == (
        "PERNO HEX 6MM ZINC",
        "PS-0606",
        "Box of 100",
    )
    flour = next(s for s in sellers if not s["product_code"])
    assert flour["product_name"] is False and flour["product_uom"][1] == "t"
    po = conn.get_model("purchase.order").create(
        {
            "partner_id": vendor["id"],
            "order_line": [(0, 0, {"product_id": by_code(conn)["TOR-6"], "product_qty": 3})],
        }
    )
    line = conn.get_model("purchase.order.line").search_read(
        [("order_id", "=", po)], ["name", "price_unit", "product_uom"]
    )[0]
    assert line["name"] == "[PS-0606] PERNO HEX 6MM ZINC" and line["price_unit"] == 4.5
    assert line["product_uom"][1] == "Box of 100"
    english = conn.get_model("res.partner").create({"name": "Bolt Co"}, context=EN)
    assert conn.get_model("res.partner").read(english, ["lang"])["lang"] == "en_US"
    order = conn.get_model("purchase.order").create(
        {
            "partner_id": english,
            "order_line": [(0, 0, {"product_id": by_code(conn)["TOR-6"], "product_qty": 1})],
        }
    )
    label = conn.get_model("purchase.order.line").search_read([("order_id", "=", order)], ["name"])
    assert label[0]["name"] == "[TOR-6] Hex screw 6 mm"  # in the vendor's language, as Odoo does


def test_barcode_category_purchase_ok_and_stock(odoo: Sandbox) -> None:
    conn = odoo.connect()
    products = conn.get_model("product.product")
    fields = ["barcode", "categ_id", "purchase_ok", "qty_available", "default_code"]
    rows = {r["default_code"]: r for r in products.search_read([], fields)}
    screw = rows["TOR-6"]
    assert (screw["barcode"], screw["categ_id"][1], screw["qty_available"]) == (
        "7801234567897",
        "Ferretería / Tornillos",
        900.0,
    )
    assert rows["HAR-T"]["categ_id"][1] == "All" and rows["HAR-T"]["barcode"] is False
    assert rows["MUE-1"]["purchase_ok"] is False
    assert products.search([("purchase_ok", "=", True), ("default_code", "=", "MUE-1")]) == []
    assert products.search([("barcode", "=", "7801234567897")]) == [screw["id"]]
    categories = conn.get_model("product.category")
    hardware = categories.search_read(
        [("complete_name", "=", "Ferretería")], ["child_id", "product_count", "parent_id"]
    )[0]
    assert hardware["parent_id"] is False and hardware["product_count"] == 1
    assert categories.read(hardware["child_id"], ["complete_name"])[0]["complete_name"] == (
        "Ferretería / Tornillos"
    )
    with pytest.raises(JsonRPCException) as taken:
        conn.get_model("product.template").create({"name": "Copia", "barcode": "7801234567897"})
    assert taken.value.error["data"]["message"].startswith("Barcode(s) already assigned")


def test_fields_get_describes_the_catalogue_fields(odoo: Sandbox) -> None:
    conn = odoo.connect()
    described = conn.get_model("product.product").fields_get(
        attributes=["type", "relation", "translate"]
    )
    expected = {
        "name": ("char", None),
        "default_code": ("char", None),
        "barcode": ("char", None),
        "categ_id": ("many2one", "product.category"),
        "uom_id": ("many2one", "uom.uom"),
        "uom_po_id": ("many2one", "uom.uom"),
        "purchase_ok": ("boolean", None),
        "active": ("boolean", None),
        "qty_available": ("float", None),
        "write_date": ("datetime", None),
        "seller_ids": ("one2many", "product.supplierinfo"),
    }
    assert {k: (described[k]["type"], described[k].get("relation")) for k in expected} == expected
    assert described["name"]["translate"] is True and described["barcode"]["translate"] is False
    uom = conn.get_model("uom.uom").fields_get(["factor", "uom_type", "category_id"])
    assert uom["uom_type"]["type"] == "selection" and uom["category_id"]["relation"] == (
        "uom.category"
    )
    assert [k for k, _ in uom["uom_type"]["selection"]] == ["bigger", "reference", "smaller"]
    partner = conn.get_model("res.partner").fields_get(["mobile", "phone", "email"])
    assert {f["type"] for f in partner.values()} == {"char"}
    info = conn.get_model("product.supplierinfo").fields_get(["product_name", "product_code"])
    assert set(info) == {"product_name", "product_code"}


def test_seeding_checks_the_fixture() -> None:
    from sandbox.odoo.catalog import parse

    broken = json.loads(json.dumps(CATALOG))
    broken["vendors"][0]["supplies"][0]["code"] = "NOPE"
    with pytest.raises(ValueError, match="unknown product"):
        parse(broken)
    broken = json.loads(json.dumps(CATALOG))
    broken["products"][1]["barcode"] = "7801234567897"
    with pytest.raises(ValueError, match="duplicate barcode"):
        parse(broken)
    assert parse(CATALOG).languages == ["es_ES", "en_US"]
