"""The graph's flow, node by node, with stand-ins for Odoo and Chatwoot (no servers)."""

from __future__ import annotations

import pytest

from contract.runs import RunMessage
from core.settings import get_settings
from tests.graphs.conftest import World
from tests.support.catalogue import bought_in


def test_a_request_becomes_an_rfq_answered_in_the_conversation(world: World) -> None:
    out = world.says("necesito 100 kilos de aceite de coco")

    (order,) = world.odoo.all_orders()
    assert order.state == "draft" and order.vendor_name == "Distribuidora Tropical SpA"
    assert [(line.code, line.qty) for line in order.lines] == [("ACE-COCO", 100.0)]
    assert [o["name"] for o in out["orders_touched"]] == [order.name]
    (reply,) = world.replies()
    assert order.name in reply and "500.00" in reply  # figures as the ERP holds them
    assert out["reply"] == reply


def test_products_are_read_in_the_requesters_language(world: World) -> None:
    world.says("I need 100 kg of coconut oil")

    assert world.odoo.product_langs and set(world.odoo.product_langs) == {"en"}
    assert "I created" in world.replies()[0]


def test_confirming_below_the_threshold_confirms_in_odoo(world: World) -> None:
    world.says("necesito 100 kilos de aceite de coco")
    world.says("sí, confirma")

    (order,) = world.odoo.all_orders()
    assert order.state == "purchase"
    assert "confirm" in world.odoo.calls
    assert order.name in world.replies()[-1]


def test_an_order_over_the_threshold_waits_for_the_approver(world: World) -> None:
    world.says("necesito 500 kilos de aceite de coco")  # 2,500.00 against 2,000
    world.says("confirma")

    (order,) = world.odoo.all_orders()
    assert order.state == "draft" and "confirm" not in world.odoo.calls
    (note,) = world.chatwoot.notes(world.conversation_id)
    assert note.startswith(f"Approval needed: {order.name}")

    out = world.decide(order.name, "approve", world.approver("Ana"))

    assert world.odoo.all_orders()[0].state == "purchase"
    assert out["orders_touched"][0]["state"] == "purchase"
    assert out["approval_outcome"] == {"order_ref": order.name, "status": "approved"}
    assert "Ana" in world.replies()[-1]  # the requester hears it in their conversation


def test_adding_to_a_line_adds_and_naming_a_quantity_sets_it(world: World) -> None:
    world.says("necesito 100 kilos de aceite de coco")
    world.says("agrega 5 kilos de aceite de coco")
    assert world.odoo.all_orders()[0].lines[0].qty == 105.0

    world.says("mejor que sean 50 kilos de aceite de coco")
    assert world.odoo.all_orders()[0].lines[0].qty == 50.0


def test_a_stranger_is_refused_and_nothing_is_written(world: World) -> None:
    world.phone = "+56900000000"

    world.says("necesito 100 kilos de aceite de coco")

    assert world.odoo.all_orders() == []
    assert "autorizadas" in world.replies()[0]


def test_an_odoo_outage_defers_the_request_and_the_retry_carries_it_out(world: World) -> None:
    world.odoo.down = True
    world.says("necesito 100 kilos de aceite de coco")

    assert "ERP" in world.replies()[0]
    waiting = world.conn.execute(
        "SELECT payload ->> 'signal' FROM ingest.outbox WHERE thread_id = %s",
        (world.thread_id,),
    ).fetchall()
    assert waiting == [("retry",)]  # the outbox will wake the thread

    world.odoo.down = False
    world.run({"signal": "retry"})

    (order,) = world.odoo.all_orders()
    assert [(line.code, line.qty) for line in order.lines] == [("ACE-COCO", 100.0)]
    assert order.name in world.replies()[-1]


def test_asking_for_a_person_hands_the_conversation_to_the_team(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHATWOOT_HANDOFF_TEAM_ID", "7")
    get_settings.cache_clear()
    try:
        world.says("quiero hablar con una persona")
    finally:
        get_settings.cache_clear()

    key = (1, world.conversation_id)
    assert world.chatwoot.statuses[key] == "open" and world.chatwoot.teams[key] == 7
    assert world.chatwoot.notes(world.conversation_id)[0].startswith("Handoff requested by")

    world.says("hola?")  # the bot stays quiet until the conversation is pending again
    assert len(world.replies()) == 1


def test_a_redelivered_message_is_answered_once(world: World) -> None:
    message: RunMessage = {"type": "human", "content": "hola", "id": "chatwoot:1:42"}
    world.run({"messages": [message], "conversation": world.conversation()})
    world.run({"messages": [message], "conversation": world.conversation()})

    assert len(world.replies()) == 1


def test_a_person_in_charge_silences_the_bot(world: World) -> None:
    key = (1, world.conversation_id)
    world.chatwoot.statuses[key], world.chatwoot.assignee[key] = "open", "User"

    world.says("necesito 100 kilos de aceite de coco")

    assert world.replies() == [] and world.odoo.all_orders() == []


def test_a_quantity_is_ordered_in_the_unit_odoo_buys_the_product_in(world: World) -> None:
    world.odoo.buy_in("ACE-COCO", "g")
    with bought_in(world.conn, "ACE-COCO", "g", "Weight", 1000.0):  # as a sync would see it
        world.says("necesito 100 kilos de aceite de coco")

    (order,) = world.odoo.all_orders()
    assert [(line.code, line.qty) for line in order.lines] == [("ACE-COCO", 100_000.0)]


def test_a_quantity_in_another_kind_of_unit_is_asked_back(world: World) -> None:
    world.says("necesito 20 kilos de cajas de carton y 50 kilos de sal de mar")

    (order,) = world.odoo.all_orders()
    assert [line.code for line in order.lines] == ["SAL-MAR"]
    assert "se compra en unit" in world.replies()[0] and "¿Cuánto necesitas" in world.replies()[0]
