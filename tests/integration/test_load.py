"""100 conversations, 10 messages each in bursts, every webhook delivered twice:
nothing lost, nothing answered twice."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
from langgraph_sdk import get_sync_client

from commands.run import Stack
from contract.runs import thread_id_for
from records import requesters
from tests.support.clients import ChatwootContact, Said, new_phone
from tests.support.net import wait_for

CONVERSATIONS = 100
BURSTS = ((("hola",) * 3), ("buenas", "tardes"), ("gracias",) * 2, ("ok", "hola", "chao"))


def converse(contact: ChatwootContact) -> list[Said]:
    said: list[Said] = []
    for burst in BURSTS:
        said.extend(contact.say(text) for text in burst)
        time.sleep(0.6)  # pause between bursts, as a person typing would
    return said


def test_hundred_conversations_in_bursts_with_duplicates(
    stack: Stack, db: psycopg.Connection
) -> None:
    contacts = []
    for _ in range(CONVERSATIONS):
        phone = new_phone()
        requesters.add(db, name="Carga", phone=phone, email=None, may_confirm=False)
        contacts.append(
            ChatwootContact(stack.env["CHATWOOT_URL"], stack.env["CHATWOOT_API_TOKEN"], phone=phone)
        )
    control = contacts[0].http
    control.post("/sandbox/faults", json={"duplicate_webhooks": True}).raise_for_status()
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            conversations = list(pool.map(converse, contacts))
    finally:
        control.post("/sandbox/faults", json={}).raise_for_status()
    sent = [s for conv in conversations for s in conv]
    assert len(sent) == CONVERSATIONS * 10

    ids = [s.message_id for s in sent]

    def stored() -> int:
        row = db.execute(
            "SELECT count(*) FROM communication.message WHERE chatwoot_message_id = ANY(%s)",
            (ids,),
        ).fetchone()
        return int(row[0]) if row else 0

    wait_for(lambda: stored() == len(ids), timeout=120)
    threads = sorted({thread_id_for(s.account_id, s.conversation_id) for s in sent})

    def settled() -> bool:
        row = db.execute(
            "SELECT count(*) FROM ingest.outbox WHERE thread_id = ANY(%s::uuid[])"
            " AND completed_at IS NULL",
            (threads,),
        ).fetchone()
        return row is not None and row[0] == 0

    wait_for(settled, timeout=300, interval=0.5)
    client = get_sync_client(
        url=stack.env["LANGGRAPH_URL"],
        api_key=None,
        headers={"Authorization": f"Bearer {stack.env['INGEST_LANGGRAPH_TOKEN']}"},
    )
    lost = 0
    replies = 0
    duplicated = 0
    for contact, conv in zip(contacts, conversations, strict=True):
        values: Any = client.threads.get_state(
            thread_id_for(conv[0].account_id, conv[0].conversation_id)
        )["values"]
        handled = set(values.get("handled") or [])
        lost += sum(f"chatwoot:{s.account_id}:{s.message_id}" not in handled for s in conv)
        posted = contact.replies(conv[0])
        replies += len(posted)
        keys = [m.get("content_attributes", {}).get("purchase_agent_reply_key") for m in posted]
        duplicated += len(keys) - len(set(keys))
    print(  # noqa: T201 - the load test reports its counts
        f"\nload: {len(sent)} messages in {CONVERSATIONS} conversations, each webhook twice;"
        f" stored {stored()}, lost {lost}, replies {replies}, duplicated replies {duplicated}"
    )
    assert lost == 0 and duplicated == 0
    assert CONVERSATIONS <= replies <= len(sent)
