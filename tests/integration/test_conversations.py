"""Multi-turn purchase conversations through the real stack: webhook in, Odoo and Chatwoot out."""

from __future__ import annotations

import re
from typing import Any

import httpx
import psycopg

from commands.run import Stack
from tests.support.clients import ChatwootContact, read_order, wait_idle
from tests.support.net import wait_for


def names(text: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"P\d{5}", text)))


def test_a_burst_is_one_turn_with_one_reply(stack: Stack, requester: ChatwootContact) -> None:
    first = requester.say("hola")
    requester.say("necesito")
    last = requester.say("100 kilos de aceite de coco")
    requester.wait_reply(first)
    wait_idle(stack, last)
    [reply] = requester.replies(first)
    assert names(reply["content"]) and "100 kg" in reply["content"]


def test_two_vendors_give_two_rfqs(requester: ChatwootContact, odoo: Any) -> None:
    reply = requester.ask("necesito 100 kilos de aceite de coco y 200 kilos de harina de trigo")
    first, second = names(reply)
    vendors = {read_order(odoo, n)["partner_id"][1] for n in (first, second)}
    assert vendors == {"Distribuidora Tropical SpA", "Molinos del Sur Ltda"}
    assert "500.00" in reply and "170.00" in reply


def test_second_request_to_same_vendor_extends_the_open_rfq(
    requester: ChatwootContact, odoo: Any
) -> None:
    [name] = names(requester.ask("necesito 20 kilos de aceite de coco"))
    reply = requester.ask("necesito 12 litros de leche de coco")
    assert names(reply) == [name]
    order = read_order(odoo, name)
    assert len(order["lines"]) == 2
    assert order["amount_total"] == 20 * 5.0 + 12 * 3.4


def test_quantity_below_every_minimum_is_raised_and_said(
    requester: ChatwootContact, odoo: Any
) -> None:
    reply = requester.ask("necesito 50 cajas de carton")
    [name] = names(reply)
    assert "200" in reply  # Envases Pacífico's minimum
    assert read_order(odoo, name)["lines"][0]["product_qty"] == 200


def test_requester_without_right_to_confirm_gets_approval_instead(
    junior: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    [name] = names(junior.ask("necesito 10 kilos de cacao en polvo"))
    reply = junior.ask("confirmo")
    assert name in reply and "aprobación" in reply
    assert read_order(odoo, name)["state"] == "draft"
    row = db.execute(
        "SELECT awaiting_approval FROM purchasing.order_link WHERE order_name = %s", (name,)
    ).fetchone()
    assert row == (True,)


def test_order_over_threshold_waits_for_approval(requester: ChatwootContact, odoo: Any) -> None:
    [name] = names(requester.ask("necesito 500 kilos de aceite de coco"))
    reply = requester.ask("sí, confirma")
    assert "aprobación" in reply and "2,500.00" in reply
    assert read_order(odoo, name)["state"] == "draft"


def test_confirmation_under_threshold_confirms_in_odoo(
    requester: ChatwootContact, odoo: Any
) -> None:
    [name] = names(requester.ask("necesito 30 kilos de sal de mar"))
    reply = requester.ask("si dale")
    assert name in reply and "confirmada" in reply
    assert read_order(odoo, name)["state"] == "purchase"


def test_unknown_product_is_not_ordered_and_closest_are_offered(
    requester: ChatwootContact,
) -> None:
    reply = requester.ask("necesito 10 kilos de quinoa")
    assert not names(reply)
    assert "catálogo" in reply


def test_ambiguous_confirmation_is_asked_back(requester: ChatwootContact, odoo: Any) -> None:
    [oil] = names(requester.ask("necesito 40 kilos de aceite de coco"))
    [flour] = names(requester.ask("necesito 300 kilos de harina"))
    requester.ask("en que estado estan mis pedidos?")
    question = requester.ask("confirmo")
    assert oil in question and flour in question
    assert read_order(odoo, oil)["state"] == "draft"
    answer = requester.ask(f"la {flour}")
    assert flour in answer and "confirmada" in answer
    assert read_order(odoo, flour)["state"] == "purchase"
    assert read_order(odoo, oil)["state"] == "draft"


def test_cancelled_order_cannot_be_confirmed(requester: ChatwootContact, odoo: Any) -> None:
    [name] = names(requester.ask("necesito 15 kilos de almendras enteras"))
    assert "cancelada" in requester.ask("cancela")
    assert read_order(odoo, name)["state"] == "cancel"
    reply = requester.ask(f"confirma la {name}")
    assert "cancelada" in reply
    assert read_order(odoo, name)["state"] == "cancel"


def test_modify_changes_the_pending_order(requester: ChatwootContact, odoo: Any) -> None:
    [name] = names(requester.ask("necesito 100 kilos de aceite de coco"))
    reply = requester.ask("mejor que sean 200 kilos")
    assert name in reply and "1,000.00" in reply
    assert read_order(odoo, name)["lines"][0]["product_qty"] == 200


def test_adding_to_a_line_adds_the_quantity(requester: ChatwootContact, odoo: Any) -> None:
    [name] = names(requester.ask("necesito 20 kilos de aceite de coco"))
    reply = requester.ask("agrega 10 kilos de aceite de coco")
    assert name in reply
    assert read_order(odoo, name)["lines"][0]["product_qty"] == 30


def test_status_reports_what_was_received(stack: Stack, requester: ChatwootContact) -> None:
    [name] = names(requester.ask("necesito 50 kilos de avena"))
    assert "confirmada" in requester.ask("confirma")
    received = httpx.post(
        stack.env["ODOO_URL"] + "/sandbox/receive",
        json={"order": name, "lines": [{"product_code": "AVE-HOJ", "qty": 20}]},
    )
    received.raise_for_status()
    reply = requester.ask(f"¿cómo va la {name}?")
    assert "Molinos del Sur Ltda" in reply and "55.00" in reply
    assert "AVE-HOJ 20/50 kg" in reply


def test_handoff_leaves_a_note_opens_the_conversation_and_silences_the_bot(
    stack: Stack, requester: ChatwootContact
) -> None:
    said = requester.say("quiero hablar con una persona")
    assert "persona" in requester.wait_reply(said)[0]
    notes = wait_for(lambda: requester.replies(said, private=True))
    assert "Handoff requested" in notes[0]["content"]
    path = f"/api/v1/accounts/{said.account_id}/conversations/{said.conversation_id}"
    wait_for(lambda: requester.http.get(path).json()["status"] == "open")
    later = requester.say("hola? necesito 10 kilos de sal")
    wait_idle(stack, later)
    assert requester.replies(later) == []


def test_english_conversation_is_answered_in_english(requester: ChatwootContact, odoo: Any) -> None:
    reply = requester.ask("I need 60 kg of brown sugar please")
    [name] = names(reply)
    assert "I created" in reply and "Molinos del Sur Ltda" in reply
    reply = requester.ask("yes, go ahead")
    assert "confirmed" in reply
    assert read_order(odoo, name)["state"] == "purchase"
