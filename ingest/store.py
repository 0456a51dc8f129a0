"""What the ingest writes: the delivery, the conversation, the inbound message, the outbox row.

Atomically (one SQL function call for a message, one transaction for the rest), so a
request either leaves every row or none; a repeated delivery (same X-Chatwoot-Delivery, or
same message id) writes nothing.
"""

from __future__ import annotations

import asyncio
import json

from psycopg_pool import AsyncConnectionPool

from ingest.webhook import AgentReply, BotResumed, Inbound

OUTBOX_CHANNEL = "purchase_agent_outbox"


ACCEPT_SQL = "SELECT ingest.accept_message(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"


def accept_params(inbound: Inbound, delivery_id: str | None) -> tuple[object, ...]:
    payload = {"message": inbound.run_message(), "conversation": inbound.conversation()}
    return (
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
    )


class Acceptor:
    """Stores accepted messages with group commit: the webhooks that arrive while one commit
    is flushed to disk share the next one. Each caller still waits for its own row to be
    durable before it is acknowledged; under no load a batch is one message."""

    def __init__(self, pool: AsyncConnectionPool, max_batch: int = 200) -> None:
        self._pool = pool
        self._max_batch = max_batch
        self._queue: asyncio.Queue[tuple[tuple[object, ...], asyncio.Future[bool]]] = (
            asyncio.Queue()
        )

    async def accept(self, inbound: Inbound, delivery_id: str | None) -> bool:
        """True when the message was stored and queued; False when it was already accepted."""
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        await self._queue.put((accept_params(inbound, delivery_id), done))
        return await done

    async def run_forever(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                results = await self._store(batch)
            except Exception:  # noqa: BLE001 - one bad row must not fail its neighbours
                for item in batch:
                    await self._store_one(*item)
                continue
            for (_, done), stored in zip(batch, results, strict=True):
                if not done.done():
                    done.set_result(stored)

    async def _store(
        self, batch: list[tuple[tuple[object, ...], asyncio.Future[bool]]]
    ) -> list[bool]:
        async with self._pool.connection() as conn, conn.transaction():
            results = []
            for params, _ in batch:
                cur = await conn.execute(ACCEPT_SQL, params)
                row = await cur.fetchone()
                results.append(bool(row and row[0]))
            return results

    async def _store_one(self, params: tuple[object, ...], done: asyncio.Future[bool]) -> None:
        try:
            async with self._pool.connection() as conn:
                cur = await conn.execute(ACCEPT_SQL, params)
                row = await cur.fetchone()
            done.set_result(bool(row and row[0]))
        except Exception as exc:  # noqa: BLE001 - handed to the waiting request
            done.set_exception(exc)


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
