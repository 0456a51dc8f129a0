"""A WhatsApp message in Chatwoot becomes an Odoo RFQ and one reply, through the real stack."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from typing import Any

import httpx
import psycopg

from commands.run import Stack
from tests.support.clients import ChatwootContact, read_order, wait_idle
from tests.support.net import wait_for


def _order_name(text: str) -> str:
    match = re.search(r"P\d{5}", text)
    assert match, f"no order name in reply: {text!r}"
    return match.group(0)


def _ingest(stack: Stack) -> str:
    return stack.service("ingest").url


def _sign(body: bytes, secret: str = "sandbox-secret", ts: int | None = None) -> dict[str, str]:
    stamp = str(ts if ts is not None else int(time.time()))
    mac = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Chatwoot-Timestamp": stamp,
        "X-Chatwoot-Signature": f"sha256={mac}",
    }


def _row_count(db: psycopg.Connection, sql: str, *params: Any) -> int:
    row = db.execute(sql, params).fetchone()
    assert row is not None
    return int(row[0])


def test_request_becomes_rfq_and_one_reply(
    stack: Stack, requester: ChatwootContact, odoo: Any
) -> None:
    said = requester.say("necesito 100 kilos de aceite de coco")
    reply = requester.wait_reply(said)[0]
    name = _order_name(reply)
    order = read_order(odoo, name)
    assert order["state"] == "draft"
    assert order["partner_id"][1] == "Distribuidora Tropical SpA"
    assert order["amount_total"] == 500.0
    [line] = order["lines"]
    assert line["product_qty"] == 100 and line["price_unit"] == 5.0
    assert "Distribuidora Tropical SpA" in reply and "500.00" in reply
    wait_idle(stack, said)
    assert len(requester.replies(said)) == 1


def test_redelivered_webhook_gives_one_rfq_and_one_reply(
    requester: ChatwootContact, db: psycopg.Connection
) -> None:
    said = requester.say("necesito 20 kilos de sal de mar")
    reply = requester.wait_reply(said)[0]
    name = _order_name(reply)
    again = requester.http.post("/sandbox/redeliver", json={"delivery_id": said.delivery_id})
    again.raise_for_status()
    wait_for(
        lambda: (
            _row_count(
                db, "SELECT count(*) FROM ingest.delivery WHERE delivery_id = %s", said.delivery_id
            )
            == 1
        )
    )
    # the redelivery was answered and recorded as a duplicate; nothing new is queued
    assert (
        _row_count(
            db,
            "SELECT count(*) FROM communication.message WHERE chatwoot_message_id = %s",
            said.message_id,
        )
        == 1
    )
    assert (
        _row_count(db, "SELECT count(*) FROM purchasing.order_link WHERE order_name = %s", name)
        == 1
    )
    assert len(requester.replies(said)) == 1


def test_same_message_with_new_delivery_id_is_ignored(
    stack: Stack, requester: ChatwootContact
) -> None:
    said = requester.say("hola")
    requester.wait_reply(said)
    body = json.dumps(
        {
            "event": "message_created",
            "id": said.message_id,
            "message_type": "incoming",
            "private": False,
            "content": "hola",
            "account": {"id": said.account_id, "name": "x"},
            "conversation": {"id": said.conversation_id, "channel": "Channel::Whatsapp"},
            "sender": {"id": 1, "phone_number": requester.phone, "name": "x"},
        }
    ).encode()
    headers = _sign(body) | {"X-Chatwoot-Delivery": "another-delivery-" + str(said.message_id)}
    response = httpx.post(_ingest(stack), content=body, headers=headers)
    assert response.status_code == 200
    assert response.json()["status"] == "duplicate"


def test_echo_and_private_note_trigger_nothing(
    requester: ChatwootContact, db: psycopg.Connection
) -> None:
    said = requester.say("hola")
    requester.wait_reply(said)
    path = f"/api/v1/accounts/{said.account_id}/conversations/{said.conversation_id}/messages"
    note = requester.http.post(path, json={"content": "nota interna", "private": True}).json()
    echo = requester.http.post(path, json={"content": "mensaje de un agente"}).json()
    for message_id in (note["id"], echo["id"]):

        def delivered(mid: int = message_id) -> bool:
            log = requester.http.get(
                "/sandbox/deliveries", params={"conversation_id": said.conversation_id}
            ).json()["payload"]
            return any(
                d.get("status_code") == 200
                and d["event"] == "message_created"
                and d["payload"]["id"] == mid
                for d in log
            )

        wait_for(delivered)
        stored = _row_count(
            db,
            "SELECT count(*) FROM communication.message WHERE chatwoot_message_id = %s",
            message_id,
        )
        assert stored == 0
    assert len(requester.replies(said)) == 2  # the agent's one reply plus the agent's echo


def test_bad_signature_is_refused_and_stores_nothing(stack: Stack, db: psycopg.Connection) -> None:
    body = json.dumps({"event": "message_created", "id": 987654321}).encode()
    before = _row_count(db, "SELECT count(*) FROM ingest.delivery")
    headers = _sign(body, secret="wrong") | {"X-Chatwoot-Delivery": "forged-1"}
    response = httpx.post(_ingest(stack), content=body, headers=headers)
    assert response.status_code == 401
    assert "signature" in response.json()["detail"]
    assert _row_count(db, "SELECT count(*) FROM ingest.delivery") == before


def test_unknown_sender_is_refused_without_rfq(stranger: ChatwootContact) -> None:
    said = stranger.say("necesito 100 kilos de aceite de coco")
    reply = stranger.wait_reply(said)[0]
    assert "autorizadas" in reply
    assert not re.search(r"P\d{5}", reply)
