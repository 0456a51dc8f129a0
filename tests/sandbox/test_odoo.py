"""The sandbox Odoo, driven through the real odoo-client-lib over both JSON-RPC and XML-RPC."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import xmlrpc.client
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from odoolib.tools import AuthenticationError, JsonRPCException

from tests.sandbox.odoo_server import Sandbox, running
from tests.support.net import wait_for

PROTOCOLS = ["jsonrpc", "xmlrpc"]


@pytest.fixture(scope="module")
def sandbox(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with running(postgres_url, tmp_path_factory.mktemp("odoo")) as server:
        yield server


def ids_of(conn: Any) -> dict[str, int]:
    """Vendor and product ids by catalog ref/code."""
    partners = conn.get_model("res.partner").search_read([("supplier_rank", ">", 0)], ["ref"])
    products = conn.get_model("product.product").search_read([], ["default_code"])
    return {p["ref"]: p["id"] for p in partners} | {p["default_code"]: p["id"] for p in products}


def rfq(conn: Any, vendor: str, *lines: tuple[str, float], **header: Any) -> int:
    ids = ids_of(conn)
    order_line = [(0, 0, {"product_id": ids[code], "product_qty": qty}) for code, qty in lines]
    return int(
        conn.get_model("purchase.order").create(
            {"partner_id": ids[vendor], "order_line": order_line, **header}
        )
    )


def when(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_health_version_and_login(sandbox: Sandbox) -> None:
    for protocol in PROTOCOLS:
        conn = sandbox.connect(protocol)
        assert conn.get_service("common").version()["server_version"] == "17.0"
        conn.check_login()
        assert conn.user_id == 2
        assert conn.get_user_context()["uid"] == 2
        with pytest.raises(AuthenticationError):
            sandbox.connect(protocol, login="nobody").check_login()
        with pytest.raises(AuthenticationError):
            sandbox.connect(protocol, password="wrong").check_login()


def test_catalog_is_seeded(sandbox: Sandbox) -> None:
    conn = sandbox.connect("xmlrpc")
    products = conn.get_model("product.product")
    pids = products.search([("default_code", "=", "ACE-COCO")])
    assert len(pids) == 1 and len(products.search([])) == 14
    coco = products.read(
        pids[0],
        ["display_name", "qty_available", "uom_id", "product_tmpl_id", "seller_ids"],
        context={"lang": "es_ES"},
    )
    assert coco["display_name"] == "[ACE-COCO] Aceite de coco"
    assert coco["qty_available"] == 35.0 and coco["uom_id"][1] == "kg"
    assert coco["product_tmpl_id"][0] != pids[0]  # variant and template ids differ, as in Odoo
    sellers = conn.get_model("product.supplierinfo").read(
        coco["seller_ids"], ["partner_id", "price", "min_qty", "delay"]
    )
    assert {(s["partner_id"][1], s["price"], s["min_qty"], s["delay"]) for s in sellers} == {
        ("Distribuidora Tropical SpA", 5.0, 10.0, 3),
        ("Olivares de Elqui", 5.4, 5.0, 2),
    }
    vendors = conn.get_model("res.partner").search_read(
        [("supplier_rank", ">", 0)], ["name", "email", "is_company"]
    )
    assert len(vendors) == 6 and all(v["is_company"] for v in vendors)
    company = conn.get_model("res.company").search_read(
        [], ["currency_id", "po_double_validation", "po_double_validation_amount"]
    )
    assert (
        company[0]["currency_id"][1] == "USD" and company[0]["po_double_validation"] == "one_step"
    )
    assert company[0]["po_double_validation_amount"] == 2000.0
    units = {u["name"] for u in conn.get_model("uom.uom").search_read([], ["name"])}
    assert {"Box", "L", "Units", "kg"} <= units  # the agent's codes, among Odoo's own units


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_rfq_gets_vendor_price_lead_time_and_name(sandbox: Sandbox, protocol: str) -> None:
    conn = sandbox.connect(protocol)
    before = utcnow()
    po = rfq(conn, "tropical", ("ACE-COCO", 100))
    order = conn.get_model("purchase.order").read(
        po,
        [
            "name",
            "state",
            "amount_total",
            "amount_untaxed",
            "amount_tax",
            "date_planned",
            "order_line",
            "partner_id",
            "currency_id",
            "receipt_status",
        ],
    )
    assert re.fullmatch(r"P\d{5}", order["name"]) and order["state"] == "draft"
    assert (order["amount_untaxed"], order["amount_tax"], order["amount_total"]) == (
        500.0,
        0.0,
        500.0,
    )
    assert (
        order["partner_id"][1] == "Distribuidora Tropical SpA" and order["currency_id"][1] == "USD"
    )
    assert order["receipt_status"] is False
    line = conn.get_model("purchase.order.line").read(
        order["order_line"][0],
        ["price_unit", "name", "product_uom", "price_subtotal", "date_planned", "state"],
    )
    assert (
        line["price_unit"] == 5.0 and line["price_subtotal"] == 500.0 and line["state"] == "draft"
    )
    assert line["name"] == "[ACE-COCO] Aceite de coco" and line["product_uom"][1] == "kg"
    planned = when(line["date_planned"])
    assert (
        before + dt.timedelta(days=3, seconds=-2)
        <= planned
        <= utcnow() + dt.timedelta(days=3, seconds=2)
    )
    assert order["date_planned"] == line["date_planned"]
    second = conn.get_model("purchase.order").read(
        rfq(conn, "tropical", ("ACE-COCO", 10)), ["name"]
    )
    assert int(second["name"][1:]) == int(order["name"][1:]) + 1


def test_seller_choice_follows_min_qty_and_price(sandbox: Sandbox) -> None:
    conn = sandbox.connect()
    ids = ids_of(conn)
    sellers = conn.get_model("product.supplierinfo")
    tmpl = conn.get_model("product.product").read(
        ids["ACE-COCO"], ["product_tmpl_id", "standard_price"]
    )
    tier = sellers.create(
        {
            "partner_id": ids["tropical"],
            "product_tmpl_id": tmpl["product_tmpl_id"][0],
            "price": 6.0,
            "min_qty": 1,
            "delay": 1,
        }
    )
    lines = conn.get_model("purchase.order.line")
    orders = conn.get_model("purchase.order")
    try:
        small = orders.read(rfq(conn, "tropical", ("ACE-COCO", 8)), ["order_line", "date_order"])
        line = lines.read(small["order_line"][0], ["price_unit", "date_planned"])
        assert line["price_unit"] == 6.0  # below the 10 kg tier, the 1 kg tier applies
        assert when(line["date_planned"]) - when(small["date_order"]) == dt.timedelta(days=1)
        big = orders.read(rfq(conn, "tropical", ("ACE-COCO", 100)), ["order_line"])
        assert (
            lines.read(big["order_line"][0], ["price_unit"])["price_unit"] == 5.0
        )  # cheapest match
        # Quantity changes re-run the price rule, like Odoo's compute
        lines.write(big["order_line"], {"product_qty": 5})
        assert lines.read(big["order_line"][0], ["price_unit"])["price_unit"] == 6.0
    finally:
        sellers.unlink([tier])
    # below every min_qty of this vendor: the product cost, and no lead time
    none = orders.read(
        rfq(conn, "olivares", ("ACE-COCO", 3)), ["order_line", "date_order", "amount_total"]
    )
    line = lines.read(none["order_line"][0], ["price_unit", "date_planned"])
    assert (
        line["price_unit"] == tmpl["standard_price"] == 5.0
        and line["date_planned"] == none["date_order"]
    )
    explicit = rfq(conn, "olivares", ("ACE-COCO", 50))
    conn.get_model("purchase.order").write(
        explicit,
        {
            "order_line": [
                (1, orders.read(explicit, ["order_line"])["order_line"][0], {"price_unit": 4.25})
            ]
        },
    )
    assert orders.read(explicit, ["amount_total"])["amount_total"] == 212.5


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_confirm_cancel_draft(sandbox: Sandbox, protocol: str) -> None:
    conn = sandbox.connect(protocol)
    orders = conn.get_model("purchase.order")
    po = rfq(conn, "molinos", ("HAR-TRIG", 200))
    assert orders.button_confirm([po]) is True
    confirmed = orders.read(po, ["state", "date_approve", "receipt_status"])
    assert (
        confirmed["state"] == "purchase"
        and confirmed["date_approve"]
        and confirmed["receipt_status"] == "pending"
    )
    assert orders.button_confirm([po]) is True and orders.read(po, ["state"])["state"] == "purchase"
    with pytest.raises((JsonRPCException, xmlrpc.client.Fault)):
        orders.unlink([po])  # a confirmed order must be cancelled first
    if protocol == "xmlrpc":
        with pytest.raises(xmlrpc.client.Fault) as fault:
            orders.button_cancel([po])
        assert str(fault.value.faultCode) == "cannot marshal None unless allow_none is enabled"
    else:
        assert orders.button_cancel([po]) is False
    assert orders.read(po, ["state", "receipt_status"]) == {
        "id": po,
        "state": "cancel",
        "receipt_status": False,
    }
    assert orders.button_confirm([po]) is True and orders.read(po, ["state"])["state"] == "cancel"
    assert orders.button_draft([po]) == {} and orders.read(po, ["state"])["state"] == "draft"
    if protocol == "xmlrpc":
        with pytest.raises(xmlrpc.client.Fault):
            orders.print_quotation([po])  # the report action holds None: Fault after commit
    else:
        assert orders.print_quotation([po])["type"] == "ir.actions.report"
    assert orders.read(po, ["state"])["state"] == "sent"
    with pytest.raises((JsonRPCException, xmlrpc.client.Fault)):
        orders.unlink([po])  # Odoo deletes cancelled orders only, RFQs included
    assert orders.search_count([("id", "=", po)]) == 1


def test_confirm_adds_vendor_to_product(sandbox: Sandbox) -> None:
    conn = sandbox.connect()
    ids = ids_of(conn)
    po = conn.get_model("purchase.order").create(
        {
            "partner_id": ids["granja"],
            "order_line": [
                (0, 0, {"product_id": ids["SAL-MAR"], "product_qty": 30, "price_unit": 0.7})
            ],
        }
    )
    conn.get_model("purchase.order").button_confirm([po])
    found = conn.get_model("product.supplierinfo").search_read(
        [("partner_id", "=", ids["granja"]), ("product_tmpl_id.default_code", "=", "SAL-MAR")],
        ["price", "min_qty"],
    )
    assert [(s["price"], s["min_qty"]) for s in found] == [(0.7, 0.0)]


def test_locked_and_cancelled_orders_refuse_changes(sandbox: Sandbox) -> None:
    conn = sandbox.connect()
    orders = conn.get_model("purchase.order")
    po = rfq(conn, "apicola", ("MIE-ABE", 10))
    orders.button_confirm([po])
    assert orders.button_done([po]) is False and orders.read(po, ["state"])["state"] == "done"
    with pytest.raises(JsonRPCException) as locked:
        orders.button_cancel([po])
    assert locked.value.error["data"]["name"] == "odoo.exceptions.UserError"
    assert "locked" in locked.value.error["data"]["message"]
    orders.button_unlock([po])
    orders.button_cancel([po])
    line = orders.read(po, ["order_line"])["order_line"][0]
    for change in (
        [(1, line, {"product_qty": 20})],
        [(0, 0, {"product_id": ids_of(conn)["ALM-ENT"]})],
        [(2, line, 0)],
    ):
        with pytest.raises(JsonRPCException) as refused:
            orders.write([po], {"order_line": change})
        assert refused.value.error["data"]["name"] == "odoo.exceptions.UserError"
    assert orders.unlink([po]) is True and orders.search([("id", "=", po)]) == []


def test_one2many_commands(sandbox: Sandbox) -> None:
    conn = sandbox.connect("xmlrpc")
    orders, lines = conn.get_model("purchase.order"), conn.get_model("purchase.order.line")
    ids = ids_of(conn)
    po = rfq(conn, "tropical", ("ACE-COCO", 10), ("CAC-POL", 5))  # 50 + 37.5
    first, second = orders.read(po, ["order_line"])["order_line"]
    assert orders.read(po, ["amount_total"])["amount_total"] == 87.5
    orders.write(
        [po],
        {
            "order_line": [
                (1, first, {"product_qty": 20}),
                (0, 0, {"product_id": ids["VAI-EXT"], "product_qty": 1}),
            ]
        },
    )
    current = orders.read(po, ["order_line", "amount_total"])
    assert len(current["order_line"]) == 3 and current["amount_total"] == 100 + 37.5 + 38
    orders.write([po], {"order_line": [(2, second, 0)]})
    assert orders.read(po, ["amount_total"])["amount_total"] == 138.0 and not lines.search(
        [("id", "=", second)]
    )
    other = rfq(conn, "tropical", ("LEC-COCO", 12))
    moved = orders.read(other, ["order_line"])["order_line"][0]
    orders.write([po], {"order_line": [(4, moved)]})
    assert orders.read(other, ["order_line", "amount_total"]) == {
        "id": other,
        "order_line": [],
        "amount_total": 0.0,
    }
    assert moved in orders.read(po, ["order_line"])["order_line"]
    orders.write([po], {"order_line": [(6, 0, [first])]})
    assert orders.read(po, ["order_line", "amount_total"]) == {
        "id": po,
        "order_line": [first],
        "amount_total": 100.0,
    }
    orders.write([po], {"date_planned": "2030-05-05 12:00:00"})  # the header date moves the lines
    assert {
        ln["date_planned"] for ln in lines.search_read([("order_id", "=", po)], ["date_planned"])
    } == {"2030-05-05 12:00:00"}
    orders.write([po], {"order_line": [(5,)]})
    assert orders.read(po, ["order_line", "amount_total", "date_planned"]) == {
        "id": po,
        "order_line": [],
        "amount_total": 0.0,
        "date_planned": False,
    }
    assert lines.create({"order_id": po, "product_id": ids["ACE-COCO"], "product_qty": 12}) > 0
    assert orders.read(po, ["amount_total"])["amount_total"] == 60.0


def test_domains_order_and_search_helpers(sandbox: Sandbox) -> None:
    conn = sandbox.connect()
    partners, products = conn.get_model("res.partner"), conn.get_model("product.product")
    ids = ids_of(conn)
    assert partners.search([("name", "ilike", "tropical")]) == [ids["tropical"]]
    both = partners.search(
        ["|", ("ref", "=", "molinos"), ("email", "=like", "%@apicolaandes.cl")], 0, False, "name"
    )
    assert both == [ids["apicola"], ids["molinos"]]
    assert (
        len(
            partners.search(
                [("supplier_rank", ">", 0), "!", ("ref", "in", ["tropical", "molinos"])]
            )
        )
        == 4
    )
    assert len(products.search([("default_code", "not in", ["ACE-COCO"])])) == 13
    assert products.search([("default_code", "=ilike", "ace-%")], 0, 1, "default_code desc") == [
        ids["ACE-OLIV"]
    ]
    assert products.search([("default_code", "=like", "ACE-%")], 1, 5, "default_code") == [
        ids["ACE-OLIV"]
    ]
    assert products.search_count([("qty_available", "<", 20)]) == 4  # LEC, CAC, VAI, MIE
    assert products.search(
        [("seller_ids.partner_id.name", "ilike", "elqui"), ("uom_id.name", "=", "L")]
    ) == [ids["ACE-OLIV"]]
    sellers = conn.get_model("product.supplierinfo")
    assert len(sellers.search([("partner_id", "=", ids["molinos"])])) == 4
    assert (
        len(
            sellers.search(
                [("partner_id", "in", [ids["molinos"], ids["apicola"]]), ("price", ">=", 1.1)]
            )
        )
        == 4
    )
    assert sellers.search(
        [("partner_id.ref", "=", "granja"), ("product_tmpl_id.default_code", "=", "MAN-SIN")]
    )
    po = rfq(conn, "envases", ("CAJ-CAR", 400), origin="chat-42")
    orders = conn.get_model("purchase.order")
    assert orders.search([("origin", "=", "chat-42")]) == [po]
    assert orders.search(
        [("partner_id", "=", ids["envases"]), ("state", "in", ["draft", "sent"])]
    ) == [po]
    assert orders.search([("order_line.product_id.default_code", "=", "CAJ-CAR")]) == [po]
    assert orders.search(
        [("partner_id.name", "ilike", "pacífico"), ("amount_total", "=", 300.0)]
    ) == [po]
    assert products.name_search("coco") and products.name_search(
        "LEC-COCO", context={"lang": "es_ES"}
    )[0] == [
        ids["LEC-COCO"],
        "[LEC-COCO] Leche de coco",
    ]
    obj = conn.get_service("object")
    rows = obj.execute_kw(
        "sandbox",
        2,
        "admin",
        "purchase.order",
        "search_read",
        [[("id", "=", po)]],
        {"fields": ["name", "partner_id"]},
    )
    assert rows == [
        {"id": po, "name": rows[0]["name"], "partner_id": [ids["envases"], "Envases Pacífico"]}
    ]
    assert (
        obj.execute("sandbox", 2, "admin", "purchase.order", "search_count", [("id", "=", po)]) == 1
    )
    assert (
        conn.get_model("purchase.order").fields_get(["state"], attributes=["type", "selection"])[
            "state"
        ]["type"]
        == "selection"
    )
    defaults = conn.get_model("purchase.order").default_get(
        ["currency_id", "company_id", "user_id", "date_order"]
    )
    assert defaults["user_id"] == 2 and set(defaults) == {
        "currency_id",
        "company_id",
        "user_id",
        "date_order",
    }


def test_error_shapes(sandbox: Sandbox) -> None:
    conn = sandbox.connect("jsonrpc")
    with pytest.raises(JsonRPCException) as unknown:
        conn.get_model("x.nope").search([])
    assert (
        unknown.value.error["code"] == 200 and unknown.value.error["message"] == "Odoo Server Error"
    )
    assert unknown.value.error["data"]["name"] == "odoo.exceptions.UserError"
    assert unknown.value.error["data"]["message"] == "Object x.nope doesn't exist"
    with pytest.raises(JsonRPCException) as private:
        conn.get_model("purchase.order")._compute_amount([1])
    assert private.value.error["data"]["name"] == "odoo.exceptions.AccessError"
    with pytest.raises(JsonRPCException) as invalid:
        conn.get_model("purchase.order").read([1], ["no_such_field"])
    assert invalid.value.error["data"]["name"] == "builtins.ValueError"
    with pytest.raises(JsonRPCException) as required:
        conn.get_model("purchase.order").create({"origin": "no vendor"})
    assert required.value.error["data"]["name"] == "odoo.exceptions.ValidationError"
    with pytest.raises(JsonRPCException) as denied:
        sandbox.connect("jsonrpc", password="wrong", user_id=2).get_model("res.partner").search([])
    assert denied.value.error["data"]["name"] == "odoo.exceptions.AccessDenied"

    xml = sandbox.connect("xmlrpc")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        xml.get_model("x.nope").search([])
    assert (
        str(fault.value.faultCode) == "warning -- UserError\n\nObject x.nope doesn't exist"
        and fault.value.faultString == ""
    )
    with pytest.raises(xmlrpc.client.Fault) as fault:
        xml.get_model("purchase.order")._private()
    assert str(fault.value.faultCode).startswith("warning -- AccessError\n\n")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        sandbox.connect("xmlrpc", password="wrong", user_id=2).get_model("res.partner").search([])
    assert str(fault.value.faultCode) == "AccessDenied"
    numeric = xmlrpc.client.ServerProxy(f"{sandbox.url}/xmlrpc/2/object")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        numeric.execute_kw("sandbox", 2, "admin", "x.nope", "search", [[]])
    assert fault.value.faultCode == 2 and fault.value.faultString == "Object x.nope doesn't exist"


def test_two_step_approval_for_a_plain_buyer(sandbox: Sandbox) -> None:
    admin = sandbox.connect()
    company = admin.get_model("res.company")
    company_id = company.search([])[0]
    company.write([company_id], {"po_double_validation": "two_step"})
    try:
        buyer = sandbox.connect("xmlrpc", login="buyer", password="buyer")
        orders = buyer.get_model("purchase.order")
        big = rfq(buyer, "tropical", ("VAI-EXT", 60))  # 2280 >= 2000
        small = rfq(buyer, "tropical", ("VAI-EXT", 10))  # 380
        orders.button_confirm([big, small])
        assert orders.read([big, small], ["state"]) == [
            {"id": big, "state": "to approve"},
            {"id": small, "state": "purchase"},
        ]
        assert (
            orders.button_approve([big]) == {}
            and orders.read(big, ["state"])["state"] == "to approve"
        )
        with pytest.raises(xmlrpc.client.Fault) as fault:
            buyer.get_model("res.company").write([company_id], {"po_double_validation": "one_step"})
        assert str(fault.value.faultCode).startswith("warning -- AccessError")
        admin.get_model("purchase.order").button_approve([big])
        assert orders.read(big, ["state", "date_approve"])["state"] == "purchase"
        managed = rfq(admin, "tropical", ("VAI-EXT", 60))  # a manager never needs a 2nd approval
        admin.get_model("purchase.order").button_confirm([managed])
        final = admin.get_model("purchase.order").read(managed, ["state", "user_id"])
        assert final["state"] == "purchase" and final["user_id"][0] == 2
        assert orders.read(big, ["user_id"])["user_id"] == [3, "Purchase Buyer"]
    finally:
        company.write([company_id], {"po_double_validation": "one_step"})


def test_stats_count_calls(sandbox: Sandbox) -> None:
    assert sandbox.control("POST", "stats/reset").json()["total"] == 0
    conn = sandbox.connect("jsonrpc")
    conn.get_model("res.partner").search([])
    conn.get_model("res.partner").search([])
    conn.get_model("purchase.order").search_count([])
    stats = sandbox.control("GET", "stats").json()
    assert stats["calls"] == {
        "common.login": 1,
        "res.partner.search": 2,
        "purchase.order.search_count": 1,
    }
    assert stats["total"] == 4


def test_faults_delay_and_http_errors(sandbox: Sandbox) -> None:
    json_conn, xml_conn = sandbox.connect("jsonrpc"), sandbox.connect("xmlrpc")
    json_conn.check_login()
    xml_conn.check_login()
    try:
        assert (
            sandbox.control("POST", "faults", {"delay_seconds": 0.3}).json()["delay_seconds"] == 0.3
        )
        started = time.monotonic()
        json_conn.get_model("res.partner").search_count([])
        assert time.monotonic() - started >= 0.3
        sandbox.control("POST", "faults", {"error_status": 502, "for_seconds": 0.6})
        with pytest.raises(json.JSONDecodeError):
            json_conn.get_model("res.partner").search_count([])
        with pytest.raises(xmlrpc.client.ProtocolError) as proto:
            xml_conn.get_model("res.partner").search_count([])
        assert proto.value.errcode == 502
        wait_for(lambda: json_conn.get_model("res.partner").search_count([]) > 0, timeout=5)
        sandbox.control("POST", "faults", {"error_status": 503})
        with pytest.raises(json.JSONDecodeError):
            json_conn.get_model("res.partner").search_count([])
    finally:
        sandbox.control("POST", "faults", {})
    assert sandbox.control("GET", "faults").json() == {
        "delay_seconds": 0.0,
        "error_status": None,
        "seconds_left": None,
    }
    assert xml_conn.get_model("res.partner").search_count([]) > 0


def test_receive_goods(sandbox: Sandbox) -> None:
    conn = sandbox.connect()
    orders, products = conn.get_model("purchase.order"), conn.get_model("product.product")
    ids = ids_of(conn)
    po = rfq(conn, "tropical", ("ACE-COCO", 100), ("LEC-COCO", 24))
    name = orders.read(po, ["name"])["name"]
    assert (
        sandbox.control("POST", "receive", {"order": name, "all": True}).status_code == 409
    )  # still an RFQ
    orders.button_confirm([po])
    before = products.read(ids["ACE-COCO"], ["qty_available", "virtual_available", "incoming_qty"])
    reply = sandbox.control(
        "POST", "receive", {"order": name, "lines": [{"product_code": "ACE-COCO", "qty": 40}]}
    )
    assert reply.status_code == 200 and reply.json()["receipt_status"] == "partial"
    after = products.read(ids["ACE-COCO"], ["qty_available", "virtual_available", "incoming_qty"])
    assert after["qty_available"] == before["qty_available"] + 40
    assert (
        after["incoming_qty"] == before["incoming_qty"] - 40
        and after["virtual_available"] == before["virtual_available"]
    )
    assert orders.read(po, ["receipt_status", "invoice_status"]) == {
        "id": po,
        "receipt_status": "partial",
        "invoice_status": "to invoice",
    }
    received = conn.get_model("purchase.order.line").search_read(
        [("order_id", "=", po)], ["qty_received"]
    )
    assert sorted(r["qty_received"] for r in received) == [0.0, 40.0]
    with pytest.raises(JsonRPCException):
        orders.button_cancel([po])  # receptions were done
    assert (
        sandbox.control("POST", "receive", {"order": name, "all": True}).json()["receipt_status"]
        == "full"
    )
    assert (
        products.read(ids["ACE-COCO"], ["qty_available"])["qty_available"]
        == before["qty_available"] + 100
    )
    assert sandbox.control("POST", "receive", {"order": "P99999", "all": True}).status_code == 404
    bad = sandbox.control(
        "POST", "receive", {"order": name, "lines": [{"product_code": "SAL-MAR", "qty": 1}]}
    )
    assert bad.status_code == 422


def test_concurrent_creates_get_distinct_names(sandbox: Sandbox) -> None:
    conn = sandbox.connect()
    ids = ids_of(conn)

    def create(_: int) -> str:
        mine = sandbox.connect("xmlrpc")
        po = mine.get_model("purchase.order").create(
            {
                "partner_id": ids["molinos"],
                "order_line": [(0, 0, {"product_id": ids["AVE-HOJ"], "product_qty": 25})],
            }
        )
        return str(mine.get_model("purchase.order").read(po, ["name"])["name"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        names = list(pool.map(create, range(16)))
    assert len(set(names)) == 16


def test_data_survives_a_restart(sandbox: Sandbox) -> None:
    conn = sandbox.connect()
    po = rfq(conn, "granja", ("HUE-PAS", 20), partner_ref="GR-77")
    name = conn.get_model("purchase.order").read(po, ["name", "display_name"])
    assert name["display_name"] == f"{name['name']} (GR-77)"
    sandbox.stop()
    sandbox.start()
    conn = sandbox.connect("xmlrpc")
    again = conn.get_model("purchase.order").read(po, ["name", "amount_total", "partner_ref"])
    assert again == {"id": po, "name": name["name"], "amount_total": 58.0, "partner_ref": "GR-77"}
    assert conn.get_model("product.product").search_count([]) == 14  # not seeded twice
    later = conn.get_model("purchase.order").read(rfq(conn, "granja", ("HUE-PAS", 20)), ["name"])[
        "name"
    ]
    assert int(later[1:]) > int(name["name"][1:])
