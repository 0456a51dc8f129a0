"""What the ingest writes: the delivery, the conversation, the inbound message, the outbox row.

All in one transaction, so a request either leaves every row or none; a repeated delivery
(same X-Chatwoot-Delivery, or same message id) writes nothing.
"""

from __future__ import annotations

import json

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from ingest.webhook import AgentReply, BotResumed, Inbound

OUTBOX_CHANNEL = "purchase_agent_outbox"


async def accept(pool: AsyncConnectionPool, inbound: Inbound, delivery_id: str | None) -> bool:
    """Store the message and queue it for the graph; False when it was already accepted."""
    async with pool.connection() as conn, conn.transaction():
        if delivery_id:
            cur = await conn.execute(
                "INSERT INTO ingest.delivery (delivery_id) VALUES (%s) ON CONFLICT DO NOTHING",
                (delivery_id[:200],),
            )
            if cur.rowcount == 0:
                return False
        conversation_id = await _conversation(conn, inbound)
        cur = await conn.execute(
            "INSERT INTO communication.message"
            " (conversation_id, direction, status, chatwoot_message_id, content)"
            " VALUES (%s, 'inbound', 'received', %s, %s)"
            " ON CONFLICT (chatwoot_message_id) DO NOTHING RETURNING id",
            (conversation_id, inbound.message_id, inbound.content),
        )
        row = await cur.fetchone()
        if row is None:
            return False
        payload = {"message": inbound.run_message(), "conversation": inbound.conversation()}
        await conn.execute(
            "INSERT INTO ingest.outbox (kind, message_id, thread_id, payload)"
            " VALUES ('message', %s, %s, %s)",
            (row[0], inbound.thread_id, json.dumps(payload)),
        )
        await conn.execute(f"NOTIFY {OUTBOX_CHANNEL}")
    return True


async def accept_context(pool: AsyncConnectionPool, work: AgentReply | BotResumed) -> bool:
    """Queue a human agent's message or a resume signal for a conversation we know."""
    async with pool.connection() as conn, conn.transaction():
        cur = await conn.execute(
            "SELECT id FROM communication.conversation"
            " WHERE chatwoot_account_id = %s AND chatwoot_conversation_id = %s",
            (work.account_id, work.conversation_id),
        )
        found = await cur.fetchone()
        if found is None:
            return False
        if isinstance(work, BotResumed):
            await conn.execute(
                "INSERT INTO ingest.outbox (kind, thread_id, payload) VALUES ('signal', %s, %s)",
                (work.thread_id, json.dumps({"signal": "resume"})),
            )
        else:
            cur = await conn.execute(
                "INSERT INTO communication.message"
                " (conversation_id, direction, status, chatwoot_message_id, content)"
                " VALUES (%s, 'outbound', 'sent', %s, %s)"
                " ON CONFLICT (chatwoot_message_id) DO NOTHING RETURNING id",
                (found[0], work.message_id, work.content),
            )
            row = await cur.fetchone()
            if row is None:
                return False
            await conn.execute(
                "INSERT INTO ingest.outbox (kind, message_id, thread_id, payload)"
                " VALUES ('agent_message', %s, %s, %s)",
                (row[0], work.thread_id, json.dumps({"message": work.run_message()})),
            )
        await conn.execute(f"NOTIFY {OUTBOX_CHANNEL}")
    return True


async def _conversation(conn: AsyncConnection, inbound: Inbound) -> int:
    """The row for this Chatwoot conversation; a new one ends the user's previous one."""
    cur = await conn.execute(
        "SELECT id FROM communication.conversation"
        " WHERE chatwoot_account_id = %s AND chatwoot_conversation_id = %s",
        (inbound.account_id, inbound.conversation_id),
    )
    row = await cur.fetchone()
    if row:
        return int(row[0])
    await conn.execute(
        "UPDATE communication.conversation SET is_active = false, ended_at = now()"
        " WHERE user_identifier = %s AND channel = %s AND is_active",
        (inbound.user_identifier, inbound.channel),
    )
    cur = await conn.execute(
        "INSERT INTO communication.conversation (user_identifier, channel,"
        " chatwoot_conversation_id, chatwoot_inbox_id, chatwoot_account_id)"
        " VALUES (%s, %s, %s, %s, %s)"
        " ON CONFLICT (chatwoot_account_id, chatwoot_conversation_id)"
        " DO UPDATE SET is_active = communication.conversation.is_active RETURNING id",
        (
            inbound.user_identifier,
            inbound.channel,
            inbound.conversation_id,
            inbound.inbox_id,
            inbound.account_id,
        ),
    )
    created = await cur.fetchone()
    assert created is not None
    return int(created[0])
