"""The safety questions and which order a message means, through the real stack.

A soft cancel over WhatsApp asks and waits; "no" leaves the RFQ as it was, "sí" cancels it.
In `purchase-agent chat`, as a newcomer would try it: "dale, confirma" after "¿Confirmo A, B?"
confirms both, "confirmo" after "¿La confirmo?" confirms only the newest, and "ya no necesito
la leche de coco" asks about the one open order that has it.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg

from commands.run import Stack
from records import requesters
from tests.integration.test_chat import chat
from tests.support.clients import ChatwootContact, new_phone, read_order

ORDER = re.compile(r"P\d{5}")


def test_a_soft_cancel_asks_and_the_answer_decides(requester: ChatwootContact, odoo: Any) -> None:
    (name,) = set(ORDER.findall(requester.ask("necesito 100 kilos de aceite de coco")))
    assert name in requester.ask("¿cómo va el pedido?")

    assert requester.ask("olvídalo") == f"¿Cancelo la {name}?"
    assert read_order(odoo, name)["state"] == "draft"

    kept = requester.ask("no, déjala")
    assert name in kept and "como estaba" in kept
    assert read_order(odoo, name)["state"] == "draft"

    assert requester.ask("ya no lo necesito") == f"¿Cancelo la {name}?"
    cancelled = requester.ask("sí")
    assert name in cancelled and "cancelada" in cancelled
    assert read_order(odoo, name)["state"] == "cancel"


def test_which_order_in_chat(stack: Stack, db: psycopg.Connection, odoo: Any) -> None:
    phone = new_phone()
    requesters.add(db, name="Nora Nueva", phone=phone, email=None, may_confirm=True)
    out = chat(
        stack,
        phone,
        [
            "necesito 20 litros de leche de coco y 100 kilos de harina de trigo",
            "dale, confirma",
            "necesito 12 litros de leche de coco",
            "necesito 100 kilos de sal de mar",
            "confirmo",
            "ya no necesito la leche de coco",
            "no",
        ],
    )
    first, second, coconut, salt = list(dict.fromkeys(ORDER.findall(out)))[:4]
    assert f"¿Confirmo {first}, {second}?" in out
    states = {name: read_order(odoo, name)["state"] for name in (first, second, coconut, salt)}
    assert states == {first: "purchase", second: "purchase", coconut: "draft", salt: "purchase"}
    assert f"¿Cambio la {coconut} así: sacar Leche de coco?" in out
    assert f"dejé la {coconut} como estaba" in out
    assert len(read_order(odoo, coconut)["lines"]) == 1
