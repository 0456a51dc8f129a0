"""What the ingest writes: the delivery, the conversation, the inbound message, the outbox row.

Atomically (one SQL function call for a message, one transaction for the rest), so a
request either leaves every row or none; a repeated delivery (same X-Chatwoot-Delivery, or
same message id) writes nothing.
"""

from __future__ import annotations

import json

from psycopg_pool import AsyncConnectionPool

from ingest.webhook import AgentReply, BotResumed, Inbound

OUTBOX_CHANNEL = "purchase_agent_outbox"


async def accept(pool: AsyncConnectionPool, inbound: Inbound, delivery_id: str | None) -> bool:
    """Store the message and queue it for the graph; False when it was already accepted."""
    payload = {"message": inbound.run_message(), "conversation": inbound.conversation()}
    async with pool.connection() as conn:
        cur = await conn.execute(
            "SELECT ingest.accept_message(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                delivery_id[:200] if delivery_id else None,
                inbound.account_id,
                inbound.conversation_id,
                inbound.inbox_id,
                inbound.channel,
                inbound.user_identifier,
                inbound.message_id,
                inbound.content,
                inbound.thread_id,
                json.dumps(payload),
            ),
        )
        row = await cur.fetchone()
    return bool(row and row[0])


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
