"""Who may approve what: known approvers, limits, one decision per request, Odoo's own
double validation (graph tier, stand-ins for Odoo and Chatwoot)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from contract.runs import thread_id_for
from records import approvals
from tests.graphs.conftest import World


def waiting_order(world: World, kilos: int = 500) -> str:
    """An RFQ of `kilos` coconut oil (5.00 a kilo) sent to approval; returns its name."""
    world.says(f"necesito {kilos} kilos de aceite de coco")
    world.says("confirma")
    (order,) = world.odoo.all_orders()
    assert order.state == "draft"
    return order.name


def refused(world: World, out: dict[str, object], status: str) -> None:
    assert out["approval_outcome"] == {
        "order_ref": world.odoo.all_orders()[0].name,
        "status": status,
    }
    assert "confirm" not in world.odoo.calls
    assert world.odoo.all_orders()[0].state == "draft"
    audited = world.conn.execute(
        "SELECT after ->> 'reason' FROM purchasing.audit_event"
        " WHERE order_name = %s AND action = 'approval_refused'",
        (world.odoo.all_orders()[0].name,),
    ).fetchall()
    assert (status,) in audited


def test_a_decision_by_someone_not_an_approver_changes_nothing(world: World) -> None:
    name = waiting_order(world)
    refused(world, world.decide(name, "approve", "Gerencia"), "unknown_approver")


def test_an_approver_cannot_approve_above_their_limit(world: World) -> None:
    name = waiting_order(world)  # 2,500.00
    out = world.decide(name, "approve", world.approver("Luis", limit=1000))

    refused(world, out, "over_limit")
    assert "límite mayor" in world.replies()[-1]  # the requester knows why it still waits

    world.decide(name, "approve", world.approver("Marta", limit=5000))
    assert world.odoo.all_orders()[0].state == "purchase"


def test_a_decision_counts_once(world: World) -> None:
    name = waiting_order(world)
    request = approvals.newest_request(world.conn, name)
    assert request is not None
    ana = world.approver("Ana")

    world.decide(name, "reject", ana, request_id=request.id)
    again = world.decide(name, "approve", ana, request_id=request.id)

    refused(world, again, "decided")


def test_an_old_request_does_not_decide_the_changed_order(world: World) -> None:
    name = waiting_order(world, kilos=500)
    first = approvals.newest_request(world.conn, name)
    assert first is not None
    ana = world.approver("Ana")
    world.decide(name, "reject", ana, request_id=first.id)
    world.says("mejor que sean 600 kilos de aceite de coco")
    world.says("confirma")

    stale = world.decide(name, "approve", ana, request_id=first.id)
    assert stale["approval_outcome"] == {"order_ref": name, "status": "superseded"}
    assert world.odoo.all_orders()[0].state == "draft"

    newest = approvals.newest_request(world.conn, name)
    assert newest is not None and newest.id != first.id and newest.amount_total == 3000.0
    assert first.id != newest.id and approvals.get_request(world.conn, first.id) is not None
    world.decide(name, "approve", ana, request_id=newest.id)
    assert world.odoo.all_orders()[0].state == "purchase"


def test_a_request_superseded_or_expired_or_outdated_is_refused(world: World) -> None:
    name = waiting_order(world)
    ana = world.approver("Ana")
    first = approvals.newest_request(world.conn, name)
    assert first is not None
    world.says("confirma")  # asked again: a newer request supersedes the first
    refused(world, world.decide(name, "approve", ana, request_id=first.id), "superseded")

    newest = approvals.newest_request(world.conn, name)
    assert newest is not None
    world.conn.execute(
        "UPDATE purchasing.approval_request SET expires_at = now() - interval '1 second'"
        " WHERE id::text = %s",
        (newest.id,),
    )
    refused(world, world.decide(name, "approve", ana, request_id=newest.id), "expired")

    world.says("confirma")
    order = world.odoo.all_orders()[0]
    world.odoo.change_lines(order.id, update=[(order.lines[0].id, 501.0, None)])  # in Odoo
    refused(world, world.decide(name, "approve", ana), "changed")


def test_an_approver_may_not_approve_their_own_order(world: World) -> None:
    name = waiting_order(world)
    approvals.add_approver(world.conn, name="Camila", phone=world.phone, email=None, limit=None)
    refused(world, world.decide(name, "approve", world.phone), "own_order")


def test_an_approver_decides_by_writing_in_their_conversation(world: World) -> None:
    name = waiting_order(world)
    phone = "+56955500" + str(world.conversation_id)[-3:]
    approvals.add_approver(world.conn, name="Rosa", phone=phone, email=None, limit=None)
    approver_conversation = world.conversation_id + 500_000
    config: Any = {"configurable": {"thread_id": thread_id_for(1, approver_conversation)}}
    message = {"type": "human", "content": f"apruebo la {name}", "id": "chatwoot:1:777001"}
    conversation = {
        "account_id": 1,
        "conversation_id": approver_conversation,
        "contact": {"phone": phone},
    }
    world.graph.invoke(
        {"messages": [message], "conversation": conversation},
        config,
        context=world.context,
    )

    assert world.odoo.all_orders()[0].state == "purchase"
    assert "Rosa" in world.replies()[-1]  # the requester is told
    assert "Rosa" in world.chatwoot.replies(approver_conversation)[-1]  # and so is Rosa


def test_odoo_double_validation_holds_the_order_until_its_second_approval(world: World) -> None:
    world.odoo.double_validation = 100.0
    world.says("necesito 100 kilos de aceite de coco")  # 500.00: under the agent's threshold
    world.says("confirma")

    (order,) = world.odoo.all_orders()
    assert order.state == "to approve"
    assert "doble validación" in world.replies()[-1]
    assert world.chatwoot.notes(world.conversation_id)[-1].startswith("Approval needed")

    world.odoo.may_approve = False  # the agent's Odoo user is no purchase manager
    out = world.decide(order.name, "approve", world.approver("Ana"))
    assert world.odoo.all_orders()[0].state == "to approve"
    assert "apruébala en Odoo" in out["reply"]


def test_a_run_cannot_raise_the_threshold_to_skip_approval(world: World) -> None:
    world.context = replace(world.context, approval_threshold=1e9)
    name = waiting_order(world)  # 2,500.00 against the deployment's 2,000

    assert world.chatwoot.notes(world.conversation_id)[-1].startswith(f"Approval needed: {name}")

    world.context = replace(world.context, approval_threshold=100.0)  # stricter is allowed
    world.says("necesito 200 kilos de sal de mar")  # 120.00: over 100, under 2,000
    salt = world.odoo.all_orders()[-1]
    world.says(f"confirma la {salt.name}")
    assert world.odoo.all_orders()[-1].state == "draft"
    assert world.chatwoot.notes(world.conversation_id)[-1].startswith(
        f"Approval needed: {salt.name}"
    )
