"""What the ingest writes: the delivery, the conversation, the inbound message, the outbox row.

Atomically (one statement for a batch of messages, `sql/006`; one transaction for the rest),
so a request either leaves every row or none; a repeated delivery (same X-Chatwoot-Delivery,
or same message id) writes nothing but its delivery id.
"""

from __future__ import annotations

import asyncio

import orjson
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from contract.runs import OutboxPayload, aqueue_context, aqueue_signal
from ingest.webhook import AgentReply, BotResumed, Inbound

ACCEPT_SQL = "SELECT ingest.accept_messages(%s)"


def accepted_row(inbound: Inbound, delivery_id: str | None) -> dict[str, object]:
    """One element of `ingest.accept_messages`' argument (sql/006)."""
    payload: OutboxPayload = {
        "message": inbound.run_message(),
        "conversation": inbound.conversation(),
    }
    return {
        "delivery": delivery_id[:200] if delivery_id else None,
        "account": inbound.account_id,
        "conversation": inbound.conversation_id,
        "inbox": inbound.inbox_id,
        "channel": inbound.channel,
        "user": inbound.user_identifier,
        "message": inbound.message_id,
        "content": inbound.content,
        "thread": inbound.thread_id,
        "payload": payload,
    }


class Acceptor:
    """Stores accepted messages with group commit: the webhooks that arrive while one batch
    is written and flushed to disk share the next one, in one statement. Each caller still
    waits for its own row to be durable before it is acknowledged; under no load a batch is
    one message."""

    def __init__(
        self, pool: AsyncConnectionPool, max_batch: int = 200, max_flushes: int = 2
    ) -> None:
        self._pool = pool
        self._max_batch = max_batch
        self._flushes = asyncio.Semaphore(max_flushes)
        self._running: set[asyncio.Task[None]] = set()
        self._queue: asyncio.Queue[tuple[dict[str, object], asyncio.Future[bool]]] = asyncio.Queue()

    async def accept(self, inbound: Inbound, delivery_id: str | None) -> bool:
        """True when the message was stored and queued; False when it was already accepted."""
        done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        await self._queue.put((accepted_row(inbound, delivery_id), done))
        return await done

    async def run_forever(self) -> None:
        """Flush batches, a few at once: one is executed while the previous one commits."""
        while True:
            batch = [await self._queue.get()]
            await self._flushes.acquire()
            while len(batch) < self._max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            task = asyncio.create_task(self._flush(batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _flush(self, batch: list[tuple[dict[str, object], asyncio.Future[bool]]]) -> None:
        try:
            try:
                results = await self._store(batch)
            except Exception:  # noqa: BLE001 - one bad row must not fail its neighbours
                for item in batch:
                    await self._store_one(*item)
                return
            for (_, done), stored in zip(batch, results, strict=True):
                if not done.done():
                    done.set_result(stored)
        finally:
            self._flushes.release()

    async def _store(
        self, batch: list[tuple[dict[str, object], asyncio.Future[bool]]]
    ) -> list[bool]:
        async with self._pool.connection() as conn:
            cur = await conn.execute(ACCEPT_SQL, (Jsonb([row for row, _ in batch], orjson.dumps),))
            found = await cur.fetchone()
        results = list(found[0]) if found else []
        if len(results) != len(batch):
            raise RuntimeError("accept_messages answered for another number of rows")
        return [bool(stored) for stored in results]

    async def _store_one(self, row: dict[str, object], done: asyncio.Future[bool]) -> None:
        """Store one row alone; its waiting request may have gone (client hung up) meanwhile."""
        try:
            (stored,) = await self._store([(row, done)])
        except Exception as exc:  # noqa: BLE001 - handed to the waiting request
            if not done.done():
                done.set_exception(exc)
            return
        if not done.done():
            done.set_result(stored)


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
            await aqueue_signal(conn, work.thread_id, "resume")
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
            await aqueue_context(conn, row[0], work.thread_id, work.run_message())
    return True
