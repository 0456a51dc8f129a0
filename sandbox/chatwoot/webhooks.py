"""Account-webhook delivery as Chatwoot does it: ActiveSupport JSON, HMAC signature, 5 s timeout,
no retry, one background worker so REST calls never wait on the receiver.

Every attempt is a row in `deliveries`. A delivery id is made once per event and reused by
duplicates and `/sandbox/redeliver`, as agent-bot retries reuse it; the timestamp and
signature are fresh on every attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import random
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from sandbox.chatwoot import store
from sandbox.chatwoot.runtime import Runtime

log = logging.getLogger("sandbox.chatwoot.webhooks")

_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def encode(payload: dict[str, Any]) -> bytes:
    """Compact JSON, UTF-8, with Rails' HTML-safe escapes (only ever inside strings)."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text.encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def headers(delivery_id: str, body: bytes, secret: str) -> dict[str, str]:
    timestamp = str(int(time.time()))
    out = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-Chatwoot-Delivery": delivery_id,
        "X-Chatwoot-Timestamp": timestamp,
    }
    if secret:
        out["X-Chatwoot-Signature"] = signature(secret, timestamp, body)
    return out


@dataclass(frozen=True)
class _Job:
    row_id: int
    delivery_id: str
    url: str
    body: bytes


class Deliverer:
    def __init__(self, db: store.Store, runtime: Runtime, timeout: float) -> None:
        self.db = db
        self.runtime = runtime
        self.timeout = timeout
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    async def start(self) -> None:
        # trust_env=False: a developer's HTTP(S)_PROXY must not swallow loopback deliveries.
        self._client = httpx.AsyncClient(timeout=self.timeout, trust_env=False)
        self._task = asyncio.create_task(self._run(), name="sandbox-chatwoot-webhooks")

    async def stop(self, drain_seconds: float = 2.0) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._queue.join(), drain_seconds)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._client is not None:
            await self._client.aclose()

    async def emit(self, event: str, payload: dict[str, Any], **where: Any) -> str:
        """Record and queue one event; `where` holds account_id, conversation_id, message_id."""
        delivery_id = str(uuid.uuid4())
        copies = 2 if self.runtime.faults.duplicate_webhooks else 1
        await self._enqueue(delivery_id, event, encode(payload), where, copies)
        return delivery_id

    async def redeliver(self, delivery_id: str) -> bool:
        """Re-send a recorded delivery under its own id; raises ValueError for a non-UUID."""
        delivery_id = str(uuid.UUID(delivery_id))
        async with self.db.read() as conn:
            rows = await store.deliveries(conn, {"delivery_id": delivery_id})
        if not rows:
            return False
        first = rows[0]
        where = {k: first[k] for k in ("account_id", "conversation_id", "message_id")}
        await self._enqueue(delivery_id, first["event"], first["body"].encode(), where, 1)
        return True

    async def _enqueue(
        self, delivery_id: str, event: str, body: bytes, where: dict[str, Any], copies: int
    ) -> None:
        url = self.runtime.webhook_url
        for _ in range(copies):
            values = {"delivery_id": delivery_id, "event": event, "url": url or None}
            values |= {"body": body.decode(), "state": "queued" if url else "skipped"}
            if not url:
                values["error"] = "no webhook url configured"
            async with self.db.read() as conn:
                row = await store.record_delivery(conn, values | where)
            if url:
                self._queue.put_nowait(_Job(row["id"], delivery_id, url, body))

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            if self.runtime.faults.shuffle_webhooks:
                batch += await self._gather()
                random.shuffle(batch)
                if len(batch) > 1 and batch == sorted(batch, key=lambda job: job.row_id):
                    batch.reverse()  # shuffling may keep the order; out of order was asked for
            for job in batch:
                try:
                    await self._send(job)
                except Exception:  # noqa: BLE001 - the worker must outlive any one delivery
                    log.exception("webhook delivery %s crashed", job.delivery_id)
                finally:
                    self._queue.task_done()

    async def _gather(self, quiet: float = 0.5, limit: float = 3.0) -> list[_Job]:
        """Collect jobs until the queue stays quiet, so there is something to reorder."""
        out: list[_Job] = []
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                out.append(await asyncio.wait_for(self._queue.get(), quiet))
            except TimeoutError:
                break
        return out

    async def _send(self, job: _Job) -> None:
        assert self._client is not None
        state, code, error = "failed", None, None
        try:
            hdrs = headers(job.delivery_id, job.body, self.runtime.webhook_secret)
            resp = await self._client.post(job.url, content=job.body, headers=hdrs)
            code = resp.status_code
            if resp.is_success:
                state = "delivered"
            else:
                error = f"{resp.status_code} {resp.reason_phrase}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        if error:
            log.warning(
                "webhook %s to %s failed: %s (not retried)", job.delivery_id, job.url, error
            )
        async with self.db.read() as conn:
            await store.finish_delivery(conn, job.row_id, state, code, error)
