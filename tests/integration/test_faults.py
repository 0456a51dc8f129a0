"""Nothing lost, nothing twice: outages, crashes, duplicates and reordering on the real stack.

After each fault: every message was handled, each request made exactly one RFQ and one
result reply, and nothing is left in the outbox.
"""

from __future__ import annotations

import os
import re
import signal
from typing import Any

import httpx
import psycopg

from commands.run import Stack
from contract.runs import thread_id_for
from tests.support.clients import ChatwootContact, Said, read_order, wait_idle
from tests.support.net import wait_for


def order_names(texts: list[str]) -> set[str]:
    return {name for text in texts for name in re.findall(r"P\d{5}", text)}


def outbox_settled(db: psycopg.Connection, said: Said) -> bool:
    thread = thread_id_for(said.account_id, said.conversation_id)
    row = db.execute(
        "SELECT count(*) FROM ingest.outbox WHERE thread_id = %s AND completed_at IS NULL"
        " AND kind <> 'signal'",
        (thread,),
    ).fetchone()
    return row is not None and row[0] == 0


def origins(odoo: Any, names: set[str]) -> list[str]:
    orders = odoo.get_model("purchase.order").search_read(
        [("name", "in", sorted(names))], ["origin"]
    )
    return [o["origin"] for o in orders]


def test_langgraph_server_killed_mid_burst(
    stack: Stack, requester: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    [oil] = order_names([requester.ask("necesito 20 kilos de aceite de coco")])
    server = stack.process("LangGraph API")
    second = requester.say("necesito 12 litros de leche de coco")
    os.killpg(server.pid, signal.SIGKILL)
    third = requester.say("y necesito 100 kilos de harina de trigo")
    wait_for(lambda: stack.process("LangGraph API").pid != server.pid, timeout=30)
    wait_for(lambda: outbox_settled(db, third), timeout=90)
    wait_idle(stack, third, timeout=60)
    texts = [m["content"] for m in requester.replies(second)]
    names = order_names(texts)
    assert oil in names
    tropical = read_order(odoo, oil)
    assert sorted(line["product_qty"] for line in tropical["lines"]) == [12.0, 20.0]
    [flour] = names - {oil}
    assert [line["product_qty"] for line in read_order(odoo, flour)["lines"]] == [100.0]
    keys = db.execute(
        "SELECT reply_key, count(*) FROM communication.message WHERE reply_key IS NOT NULL"
        " AND status = 'sent' GROUP BY reply_key HAVING count(*) > 1"
    ).fetchall()
    assert keys == []


def test_odoo_refusing_then_timing_out(
    stack: Stack, requester: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    stack.pause("sandbox Odoo")
    try:
        said = requester.say("necesito 10 kilos de miel de abeja")
        apology = requester.wait_reply(said)[0]
        assert "ERP" in apology and not order_names([apology])
    finally:
        stack.resume("sandbox Odoo")
    result = wait_for(
        lambda: order_names([m["content"] for m in requester.replies(said)]), timeout=60
    )
    [honey] = result
    assert read_order(odoo, honey)["amount_total"] == 62.0

    faults = stack.env["ODOO_URL"] + "/sandbox/faults"
    httpx.post(faults, json={"delay_seconds": 3, "for_seconds": 4}).raise_for_status()
    slow = requester.say("necesito 30 litros de huevo pasteurizado")
    found = wait_for(
        lambda: order_names([m["content"] for m in requester.replies(slow)]) - {honey}, timeout=90
    )
    [eggs] = found
    assert read_order(odoo, eggs)["amount_total"] == 87.0
    wait_idle(stack, slow)
    assert len(set(origins(odoo, {honey, eggs}))) == 2
    wait_for(lambda: outbox_settled(db, slow), timeout=30)


def test_chatwoot_failing_for_a_while(stack: Stack, requester: ChatwootContact) -> None:
    faults = "/sandbox/faults"
    requester.http.post(faults, json={"api_status": 500, "for_seconds": 3}).raise_for_status()
    said = requester.say("necesito 25 kilos de sal de mar")
    [reply] = requester.wait_reply(said, timeout=60)
    assert order_names([reply])
    requester.http.post(faults, json={"api_status": 429, "count": 3}).raise_for_status()
    again = requester.say("gracias")
    requester.wait_reply(again, timeout=60)
    wait_idle(stack, again)
    assert len(requester.replies(said)) == 2  # one per message, none twice
    requester.http.post(faults, json={}).raise_for_status()


def test_duplicated_and_reordered_webhooks(
    stack: Stack, requester: ChatwootContact, odoo: Any, db: psycopg.Connection
) -> None:
    faults = "/sandbox/faults"
    body = {"duplicate_webhooks": True, "shuffle_webhooks": True}
    requester.http.post(faults, json=body).raise_for_status()
    try:
        first = requester.say("necesito 60 kilos de azucar rubia")
        requester.say("y 30 kilos de avena en hojuelas")
        last = requester.say("y 2 litros de extracto de vainilla")
        wait_for(lambda: requester.replies(first), timeout=60)
    finally:
        requester.http.post(faults, json={}).raise_for_status()
    wait_idle(stack, last)
    wait_for(lambda: outbox_settled(db, last), timeout=30)
    stored = db.execute(
        "SELECT count(*) FROM communication.message WHERE chatwoot_message_id BETWEEN %s AND %s"
        " AND direction = 'inbound'",
        (first.message_id, last.message_id),
    ).fetchone()
    assert stored == (3,)
    names = order_names([m["content"] for m in requester.replies(first)])
    lines = [
        (line["product_id"][1], line["product_qty"])
        for name in names
        for line in read_order(odoo, name)["lines"]
    ]
    assert sorted(qty for _, qty in lines) == [2.0, 30.0, 60.0]


def test_every_request_made_during_an_odoo_outage_is_carried_out(
    stack: Stack, requester: ChatwootContact, odoo: Any
) -> None:
    stack.pause("sandbox Odoo")
    try:
        oats = requester.say("necesito 30 kilos de avena en hojuelas")
        assert "ERP" in requester.wait_reply(oats)[0]
        butter = requester.say("y necesito 12 kilos de mantequilla sin sal")
        assert "ERP" in requester.wait_reply(butter)[0]
    finally:
        stack.resume("sandbox Odoo")

    def both_ordered() -> set[str] | None:
        names = order_names([m["content"] for m in requester.replies(oats)])
        return names if len(names) == 2 else None

    found = wait_for(both_ordered, timeout=90)
    totals = sorted(read_order(odoo, name)["amount_total"] for name in found)
    assert totals == [33.0, 100.8]


def test_an_addition_asked_during_an_odoo_outage_still_adds(
    stack: Stack, requester: ChatwootContact, odoo: Any
) -> None:
    """The retried turn keeps its words: "agrega 5 kilos" adds 5, it does not set 5."""
    said = requester.say("necesito 10 kilos de miel de abeja")
    [honey] = order_names(requester.wait_reply(said))
    stack.pause("sandbox Odoo")
    try:
        more = requester.say(f"agrega 5 kilos de miel de abeja a la {honey}")
        assert "ERP" in requester.wait_reply(more)[0]
    finally:
        stack.resume("sandbox Odoo")

    def honey_kilos() -> list[float] | None:
        if len(requester.replies(more)) < 2:
            return None
        return [line["product_qty"] for line in read_order(odoo, honey)["lines"]]

    assert wait_for(honey_kilos, timeout=90) == [15.0]
