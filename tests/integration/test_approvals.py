"""Approvals through the real stack: known approvers with limits, the SDK, signed links bound
to one request, and approvers deciding in their own Chatwoot conversation."""

from __future__ import annotations

import re
from typing import Any

import httpx
import psycopg
import pytest
from langgraph_sdk import get_sync_client

from commands.run import Stack
from records import approvals
from tests.integration.conftest import API_TOKENS
from tests.support.clients import ChatwootContact, new_phone, read_order
from tests.support.net import wait_for

APPROVER_TOKEN = {"Authorization": f"Bearer {API_TOKENS['boss']}"}


@pytest.fixture()
def sdk(stack: Stack) -> Any:
    return get_sync_client(url=stack.env["LANGGRAPH_URL"], api_key=None, headers=APPROVER_TOKEN)


def approver(db: psycopg.Connection, name: str, limit: float | None = None) -> str:
    email = f"{name.lower()}.{new_phone()[4:]}@empresa.example"
    approvals.add_approver(db, name=name, phone=None, email=email, limit=limit)
    return email


def sent_to_approval(requester: ChatwootContact, kilos: int = 500) -> tuple[str, dict[str, str]]:
    """An RFQ over the threshold confirmed by the requester: (order, its links by decision)."""
    [name] = re.findall(r"P\d{5}", requester.ask(f"necesito {kilos} kilos de aceite de coco"))[:1]
    confirm = requester.say("sí, confirma")
    requester.wait_reply(confirm)
    notes = wait_for(
        lambda: [n["content"] for n in requester.replies(confirm, private=True)] or None
    )
    found = dict(re.findall(r"(Approve|Reject): (http\S+)", "\n".join(notes)))
    assert f"Approval needed: {name}" in notes[-1] and set(found) == {"Approve", "Reject"}
    return name, {"approve": found["Approve"], "reject": found["Reject"]}


def post(link: str, by: str, **extra: str) -> httpx.Response:
    base, _, query = link.partition("?")
    fields = dict(pair.split("=", 1) for pair in query.split("&"))
    return httpx.post(base, data={**fields, "by": by, **extra}, timeout=30)


def test_approval_through_the_sdk_confirms_and_tells_the_requester(
    sdk: Any, requester: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    name, _ = sent_to_approval(requester)
    boss = approver(db, "Gerencia")
    asked = requester.say("¿cómo va?")
    requester.wait_reply(asked)

    out = sdk.runs.wait(
        None,
        "purchase_agent",
        input={"approval": {"order_ref": name, "decision": "approve", "by": boss}},
    )

    assert out["approval_outcome"] == {"order_ref": name, "status": "approved"}
    assert "Gerencia" in out["reply"]
    assert read_order(odoo, name)["state"] == "purchase"
    assert wait_for(lambda: any("Gerencia" in r["content"] for r in requester.replies(asked)))


def test_an_unknown_approver_or_one_under_the_total_changes_nothing(
    stack: Stack, sdk: Any, requester: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    name, _ = sent_to_approval(requester)  # 2,500.00
    luis = approver(db, "Luis", 1000)
    for by, status in (("Gerencia", "unknown_approver"), (luis, "over_limit")):
        approval = {"order_ref": name, "decision": "approve", "by": by}
        out = sdk.runs.wait(None, "purchase_agent", input={"approval": approval})
        assert out["approval_outcome"] == {"order_ref": name, "status": status}
    assert read_order(odoo, name)["state"] == "draft"
    refusals = db.execute(
        "SELECT after ->> 'reason' FROM purchasing.audit_event"
        " WHERE order_name = %s AND action = 'approval_refused' ORDER BY id",
        (name,),
    ).fetchall()
    assert refusals == [("unknown_approver",), ("over_limit",)]
    metrics = httpx.get(stack.env["PUBLIC_INGEST_URL"] + "/metrics").text
    assert 'purchase_agent_approval_refusals_total{reason="over_limit"}' in metrics


def test_a_link_shows_what_it_approves_and_decides_once(
    requester: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    name, links = sent_to_approval(requester)
    page = httpx.get(links["approve"])
    assert page.status_code == 200
    assert name in page.text and "2,500.00" in page.text and "ACE-COCO" in page.text
    assert "Distribuidora Tropical SpA" in page.text

    forged = links["approve"].replace("sig=", "sig=0")
    assert post(forged, "x").status_code == 403
    assert post(links["approve"], "nobody@empresa.example").status_code == 403
    assert read_order(odoo, name)["state"] == "draft"

    assert post(links["approve"], approver(db, "Jefa"), note="ok").status_code == 200
    assert read_order(odoo, name)["state"] == "purchase"
    again = post(links["approve"], approver(db, "Otra"))
    assert again.status_code == 410 and "already decided" in again.json()["detail"]


def test_after_reject_change_and_confirm_the_old_link_is_gone_and_the_new_one_works(
    requester: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    name, first = sent_to_approval(requester)
    boss = approver(db, "Gerencia")
    before = requester.say("¿cómo va?")
    requester.wait_reply(before)
    assert post(first["reject"], boss, note="muy caro").status_code == 200
    assert wait_for(lambda: any("muy caro" in r["content"] for r in requester.replies(before)))
    requester.ask("mejor que sean 450 kilos de aceite de coco")
    confirm = requester.say("confirma")
    requester.wait_reply(confirm)
    notes = wait_for(
        lambda: [n["content"] for n in requester.replies(confirm, private=True)] or None
    )
    newer = dict(re.findall(r"(Approve|Reject): (http\S+)", "\n".join(notes)))

    old = post(first["approve"], boss)
    assert old.status_code == 410 and "newer approval request" in old.json()["detail"]
    assert read_order(odoo, name)["state"] == "draft"
    assert post(newer["Approve"], boss).status_code == 200
    assert read_order(odoo, name)["state"] == "purchase"


def test_an_expired_link_and_a_changed_order_are_refused(
    requester: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    name, links = sent_to_approval(requester)
    boss = approver(db, "Gerencia")
    order = odoo.get_model("purchase.order").search_read([("name", "=", name)], ["order_line"])[0]
    odoo.get_model("purchase.order.line").write(order["order_line"], {"product_qty": 520})
    changed = post(links["approve"], boss)
    assert changed.status_code == 409 and name in changed.json()["detail"]

    db.execute(
        "UPDATE purchasing.approval_request SET expires_at = now() - interval '1 second'"
        " WHERE order_name = %s",
        (name,),
    )
    expired = post(links["approve"], boss)
    assert expired.status_code == 410 and "expired" in expired.json()["detail"]
    assert read_order(odoo, name)["state"] == "draft"


def test_an_approver_approves_by_writing_in_chatwoot(
    stack: Stack, requester: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    name, _ = sent_to_approval(requester)
    phone = new_phone()
    approvals.add_approver(db, name="Rosa Aprobadora", phone=phone, email=None, limit=None)
    rosa = ChatwootContact(stack.env["CHATWOOT_URL"], stack.env["CHATWOOT_API_TOKEN"], phone=phone)
    asked = requester.say("¿cómo va?")
    requester.wait_reply(asked)

    answer = rosa.ask(f"apruebo la {name}")

    assert "Rosa Aprobadora" in answer and name in answer
    assert read_order(odoo, name)["state"] == "purchase"
    assert wait_for(
        lambda: any("Rosa Aprobadora" in r["content"] for r in requester.replies(asked))
    )


def test_odoo_double_validation_holds_the_order_and_sends_the_approver_to_odoo(
    requester: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    company = odoo.get_model("res.company")
    company_id = company.search([])[0]
    company.write([company_id], {"po_double_validation": "two_step"})
    company.write([company_id], {"po_double_validation_amount": 100})
    try:
        name, links = sent_to_approval(requester, kilos=100)  # 500.00: under the agent's 2,000
        assert read_order(odoo, name)["state"] == "to approve"

        done = post(links["approve"], approver(db, "Gerencia"))

        assert done.status_code == 200 and "apruébala en Odoo" in done.text  # it may not
        assert read_order(odoo, name)["state"] == "to approve"
        order_id = odoo.get_model("purchase.order").search([("name", "=", name)])
        odoo.get_model("purchase.order").button_approve(order_id)  # a manager, in Odoo
        assert read_order(odoo, name)["state"] == "purchase"
    finally:
        company.write([company_id], {"po_double_validation": "one_step"})
