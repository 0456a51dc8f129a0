"""The outbox dispatcher: hands stored messages to the LangGraph server, in order, durably.

Messages of one conversation that arrive within the quiet window become one run (a burst is
one turn), capped so a chatty requester is still answered. A run is created with
`if_not_exists="create"` (the thread id is deterministic) and `multitask_strategy="enqueue"`
(a message arriving during a run is handled next, never dropped). If the server is down or
slow the rows stay in the outbox and are retried with backoff; nothing is lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from langgraph_sdk.client import LangGraphClient
from langgraph_sdk.errors import NotFoundError
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from contract.runs import OUTBOX_CHANNEL, Conversation, OutboxPayload, run_input
from core import metrics

log = logging.getLogger("purchase_agent.ingest.dispatcher")

READY_THREADS = """
SELECT thread_id FROM ingest.outbox
WHERE dispatched_at IS NULL AND next_attempt_at <= now()
GROUP BY thread_id
HAVING max(received_at) <= now() - make_interval(secs => %(quiet)s)
    OR min(received_at) <= now() - make_interval(secs => %(cap)s)
ORDER BY min(id)
LIMIT 50
"""


IN_FLIGHT = """
SELECT thread_id, run_id, max(attempts), bool_or(dispatched_at < now() - make_interval(secs => %(stale)s))
FROM ingest.outbox
WHERE dispatched_at IS NOT NULL AND completed_at IS NULL AND dispatched_at < now() - interval '1 second'
GROUP BY thread_id, run_id
LIMIT 200
"""
STALE_SECONDS = 300
MAX_ATTEMPTS = 6


@dataclass
class DispatchSettings:
    assistant_id: str
    quiet_seconds: float
    max_seconds: float
    retention_days: float = 30.0
    poll_seconds: float = 0.25
    reconcile_seconds: float = 1.0
    prune_seconds: float = 3600.0

    @property
    def min_cycle_seconds(self) -> float:
        """Under load every stored webhook wakes the loop: one cycle per interval serves them
        all. A burst is judged to a tenth of its quiet window (20 ms when there is none)."""
        return min(self.poll_seconds, max(0.02, self.quiet_seconds / 10))


class Dispatcher:
    def __init__(
        self,
        pool: AsyncConnectionPool,
        client: LangGraphClient,
        settings: DispatchSettings,
        handoff: Callable[[Conversation, str], None] | None = None,
    ):
        self._pool = pool
        self._client = client
        self._settings = settings
        self._handoff = handoff
        self._wake = asyncio.Event()

    async def run_forever(self) -> None:
        listener = asyncio.create_task(self._listen())
        loop = asyncio.get_running_loop()
        reconciled = pruned = -float("inf")
        try:
            while True:
                self._wake.clear()
                started = loop.time()
                try:
                    await self.dispatch_ready()
                    if started - reconciled >= self._settings.reconcile_seconds:
                        reconciled = started
                        await self.reconcile()
                    if started - pruned >= self._settings.prune_seconds:
                        pruned = started
                        await prune(self._pool, self._settings.retention_days)
                except Exception:  # noqa: BLE001 - a bad cycle must not stop the loop
                    log.exception("outbox cycle failed")
                await asyncio.sleep(self._settings.min_cycle_seconds - (loop.time() - started))
                try:
                    await asyncio.wait_for(self._wake.wait(), self._settings.poll_seconds)
                except TimeoutError:
                    pass
        finally:
            listener.cancel()

    async def _listen(self) -> None:
        """Wake the loop as soon as the ingest stores a message (LISTEN/NOTIFY)."""
        while True:
            try:
                async with self._pool.connection() as conn:
                    await conn.execute(f"LISTEN {OUTBOX_CHANNEL}")
                    async for _ in conn.notifies():
                        self._wake.set()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - reconnect after a database hiccup
                await asyncio.sleep(1.0)

    async def reconcile(self) -> None:
        """Confirm dispatched runs finished; hand lost or failed ones over again.

        `langgraph dev` forgets runs on a hard kill, and a run may fail on an outage; the
        graph is idempotent per message, so dispatching the same rows again is safe.
        """
        async with self._pool.connection() as conn:
            cur = await conn.execute(IN_FLIGHT, {"stale": STALE_SECONDS})
            in_flight = await cur.fetchall()
        finished: list[str] = []
        again: list[str] = []
        for thread_id, run_id, attempts, stale in in_flight:
            try:
                run = await self._client.runs.get(str(thread_id), run_id)
                status: str = run["status"]
            except NotFoundError:
                status = "lost"
            except Exception:  # noqa: BLE001 - server unreachable: look again later
                continue
            if status == "success":
                finished.append(run_id)
            elif status in ("lost", "error", "timeout", "interrupted") or stale:
                log.warning(
                    "run %s, dispatching again", status, extra={"thread_id": str(thread_id)}
                )
                if attempts >= MAX_ATTEMPTS:
                    await self._give_up(str(thread_id), run_id, status)
                else:
                    again.append(run_id)
        if finished:
            await self._settle(finished, "completed_at = now()")
        if again:
            await self._settle(
                again,
                "dispatched_at = NULL, run_id = NULL,"
                " next_attempt_at = now() + make_interval(secs => 0.5 * 2 ^ attempts)",
            )

    async def _give_up(self, thread_id: str, run_id: str, status: str) -> None:
        """A turn that keeps failing goes to a person instead of being retried forever."""
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                "SELECT payload -> 'conversation' FROM ingest.outbox WHERE run_id = %s"
                " AND dispatched_at IS NOT NULL AND completed_at IS NULL"
                " AND payload ? 'conversation' ORDER BY id DESC LIMIT 1",
                (run_id,),
            )
            row = await cur.fetchone()
        await self._settle([run_id], f"completed_at = now(), last_error = 'run {status}'")
        log.error(
            "turn failed %d times; handing over", MAX_ATTEMPTS, extra={"thread_id": thread_id}
        )
        if row is None or self._handoff is None:
            return
        note = (
            f"The purchasing agent failed on this conversation ({status}, thread {thread_id}) "
            "and stopped retrying. Please take over."
        )
        try:
            await asyncio.to_thread(self._handoff, row[0], note)
        except Exception:  # noqa: BLE001 - logged; the outbox row is settled either way
            log.exception("handoff after failure did not reach Chatwoot")

    async def _settle(self, run_ids: list[str], assignments: str) -> None:
        """Update the in-flight rows of these runs (found through the `outbox_in_flight` index)."""
        async with self._pool.connection() as conn:
            await conn.execute(
                f"UPDATE ingest.outbox SET {assignments} WHERE run_id = ANY(%s)"
                " AND dispatched_at IS NOT NULL AND completed_at IS NULL",
                (run_ids,),
            )

    async def dispatch_ready(self) -> int:
        """Dispatch every conversation whose burst is complete; returns the runs created."""
        params = {"quiet": self._settings.quiet_seconds, "cap": self._settings.max_seconds}
        async with self._pool.connection() as conn:
            cur = await conn.execute(READY_THREADS, params)
            threads = [str(row[0]) for row in await cur.fetchall()]
        created = 0
        for thread_id in threads:
            created += await self._dispatch_thread(thread_id)
        return created

    async def _dispatch_thread(self, thread_id: str) -> int:
        async with self._pool.connection() as conn, conn.transaction():
            locked = await conn.execute(
                "SELECT pg_try_advisory_xact_lock(hashtext(%s))", (thread_id,)
            )
            got = await locked.fetchone()
            if not got or not got[0]:
                return 0
            rows = await _pending(conn, thread_id)
            if not rows:
                return 0
            ids = [row[0] for row in rows]
            payloads: list[OutboxPayload] = [row[1] for row in rows]
            try:
                run = await self._client.runs.create(
                    thread_id,
                    self._settings.assistant_id,
                    input=run_input(payloads),
                    metadata=_metadata(payloads),
                    if_not_exists="create",
                    multitask_strategy="enqueue",
                    durability="exit",
                )
            except Exception as exc:  # noqa: BLE001 - any failure means: keep it, retry later
                log.warning("dispatch failed: %s", exc, extra={"thread_id": thread_id})
                metrics.DISPATCH_RETRIES.inc()
                await conn.execute(
                    "UPDATE ingest.outbox SET attempts = attempts + 1,"
                    " next_attempt_at = now() + make_interval(secs => least(30, 0.5 * 2 ^ attempts)),"
                    " last_error = %s WHERE id = ANY(%s)",
                    (str(exc)[:500], ids),
                )
                return 0
            await conn.execute(
                "UPDATE ingest.outbox SET dispatched_at = now(), run_id = %s,"
                " attempts = attempts + 1 WHERE id = ANY(%s)",
                (run["run_id"], ids),
            )
            metrics.RUNS_CREATED.inc()
            log.info(
                "dispatched %d item(s)",
                len(ids),
                extra={"thread_id": thread_id, "run_id": run["run_id"]},
            )
            return 1


async def prune(pool: AsyncConnectionPool, retention_days: float) -> tuple[int, int]:
    """Forget handled outbox rows and delivery ids older than the retention, so the tables the
    webhook path writes stay small; (outbox rows, deliveries) deleted. A late redelivery of a
    forgotten delivery is still a repeat: its message id is kept in `communication.message`."""
    async with pool.connection() as conn:
        outbox = await conn.execute(
            "DELETE FROM ingest.outbox"
            " WHERE completed_at < now() - make_interval(secs => %s * 86400)",
            (retention_days,),
        )
        deliveries = await conn.execute(
            "DELETE FROM ingest.delivery"
            " WHERE received_at < now() - make_interval(secs => %s * 86400)",
            (retention_days,),
        )
    if outbox.rowcount or deliveries.rowcount:
        log.info("pruned %d outbox rows and %d delivery ids", outbox.rowcount, deliveries.rowcount)
    return outbox.rowcount, deliveries.rowcount


async def _pending(conn: AsyncConnection, thread_id: str) -> list[tuple[int, OutboxPayload]]:
    """The thread's due rows, in Chatwoot's order (webhooks may arrive out of order)."""
    cur = await conn.execute(
        "SELECT o.id, o.payload FROM ingest.outbox o"
        " LEFT JOIN communication.message m ON m.id = o.message_id"
        " WHERE o.thread_id = %s AND o.dispatched_at IS NULL AND o.next_attempt_at <= now()"
        " ORDER BY m.chatwoot_message_id NULLS LAST, o.id FOR UPDATE OF o SKIP LOCKED",
        (thread_id,),
    )
    return [(int(row[0]), row[1]) for row in await cur.fetchall()]


def _metadata(payloads: list[OutboxPayload]) -> dict[str, Any]:
    conversation = next(
        (p["conversation"] for p in reversed(payloads) if "conversation" in p), None
    )
    metadata: dict[str, Any] = {
        "chatwoot_message_ids": [p["message"]["id"] for p in payloads if "message" in p],
    }
    if conversation:
        metadata.update(
            chatwoot_account_id=conversation["account_id"],
            chatwoot_conversation_id=conversation["conversation_id"],
            channel=conversation.get("channel"),
        )
    return metadata
