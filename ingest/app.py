"""The ingest: Chatwoot webhooks in, durable outbox rows out, acknowledged at once.

It never waits on the LangGraph server: the message is stored and queued in one
transaction and the dispatcher hands it over in the background, so webhooks are answered
well inside Chatwoot's 5 s even while the server restarts.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from langgraph_sdk import get_client
from psycopg_pool import AsyncConnectionPool

from ingest import approvals, health, store
from ingest.deps import PoolDep, SettingsDep
from ingest.dispatcher import Dispatcher, DispatchSettings
from ingest.signature import verify_signature, verify_token
from ingest.webhook import BadPayload, Inbound, classify
from purchase_agent import metrics
from purchase_agent.db import database_url
from purchase_agent.settings import Settings, get_settings
from tools.chatwoot import ChatwootClient

log = logging.getLogger("purchase_agent.ingest")


def check_auth_configured(settings: Settings) -> None:
    """Refuse to start without a way to tell Chatwoot's webhooks from anyone's POST."""
    if not settings.webhook_secret() and not settings.chatwoot_webhook_token:
        raise RuntimeError(
            "set CHATWOOT_WEBHOOK_SECRET (Chatwoot >= 4.12 signs webhooks) or, for older "
            "Chatwoot, CHATWOOT_WEBHOOK_TOKEN and add ?token=... to the webhook URL"
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    check_auth_configured(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = AsyncConnectionPool(
            database_url(settings),
            min_size=2,
            max_size=10,
            kwargs={"autocommit": True},
            open=False,
        )
        await pool.open(wait=True)
        headers = (
            {"Authorization": f"Bearer {settings.ingest_langgraph_token}"}
            if settings.ingest_langgraph_token
            else None
        )
        client = get_client(
            url=settings.langgraph_url
            or f"http://{settings.langgraph_host}:{settings.langgraph_port}",
            api_key=None,
            headers=headers,
            timeout=10.0,
        )
        dispatcher = Dispatcher(
            pool,
            client,
            DispatchSettings(
                assistant_id=settings.assistant_id,
                quiet_seconds=settings.burst_quiet_seconds,
                max_seconds=settings.burst_max_seconds,
            ),
            handoff=_handoff_to_people(settings),
        )
        acceptor = store.Acceptor(pool)
        app.state.pool = pool
        app.state.langgraph = client
        app.state.acceptor = acceptor
        tasks = [
            asyncio.create_task(dispatcher.run_forever()),
            asyncio.create_task(acceptor.run_forever()),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            await pool.close()

    app = FastAPI(title="purchase-agent ingest", lifespan=lifespan)
    app.state.settings = settings
    app.include_router(_router())
    app.include_router(approvals.router)
    app.include_router(health.router)
    return app


def _handoff_to_people(settings: Settings) -> Callable[[dict[str, Any], str], None]:
    """Leave a note and open the conversation, through the Chatwoot client in `tools/`."""
    chatwoot = ChatwootClient(
        settings.chatwoot_url or "http://127.0.0.1:3000", settings.chatwoot_token()
    )

    def handoff(conversation: dict[str, Any], note: str) -> None:
        account, conv = conversation["account_id"], conversation["conversation_id"]
        chatwoot.post_message(account, conv, note, private=True)
        chatwoot.set_status(account, conv, "open")

    return handoff


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body over {limit} bytes")
    chunks = bytearray()
    async for chunk in request.stream():
        chunks.extend(chunk)
        if len(chunks) > limit:
            raise HTTPException(413, f"body over {limit} bytes")
    return bytes(chunks)


def _router() -> Any:
    from fastapi import APIRouter

    router = APIRouter()

    @router.post("/webhooks/chatwoot")
    async def chatwoot_webhook(
        request: Request,
        settings: SettingsDep,
        pool: PoolDep,
        token: Annotated[str | None, Query(max_length=200)] = None,
    ) -> JSONResponse:
        started = time.perf_counter()
        try:
            response, event, outcome = await _handle(request, settings, pool, token)
        except HTTPException as exc:
            metrics.WEBHOOKS.labels("unknown", f"rejected_{exc.status_code}").inc()
            raise
        metrics.WEBHOOKS.labels(event, outcome).inc()
        metrics.ACK_SECONDS.observe(time.perf_counter() - started)
        return response

    return router


async def _handle(
    request: Request, settings: Settings, pool: AsyncConnectionPool, token: str | None
) -> tuple[JSONResponse, str, str]:
    acceptor: store.Acceptor = request.app.state.acceptor
    """Authenticate, parse, classify and store one webhook; (response, event, outcome)."""
    raw = await _read_body(request, settings.webhook_max_bytes)
    secret = settings.webhook_secret()
    if secret:
        problem = verify_signature(
            secret,
            raw,
            request.headers.get("x-chatwoot-timestamp"),
            request.headers.get("x-chatwoot-signature"),
        )
    else:
        problem = verify_token(settings.chatwoot_webhook_token or "", token)
    if problem:
        raise HTTPException(401, problem)
    try:
        payload = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "body is not UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise HTTPException(400, f"malformed JSON: {exc.msg}") from exc
    try:
        inbound = classify(payload)
    except BadPayload as exc:
        raise HTTPException(422, str(exc)) from exc
    event = str(payload.get("event", "unknown"))[:40]
    if isinstance(inbound, str):
        return JSONResponse({"status": "ignored", "reason": inbound}), event, "ignored"
    if isinstance(inbound, Inbound):
        delivery = request.headers.get("x-chatwoot-delivery")
        accepted = await acceptor.accept(inbound, delivery)
    else:
        accepted = await store.accept_context(pool, inbound)
    outcome = "accepted" if accepted else "duplicate"
    body = {"status": outcome, "thread_id": inbound.thread_id}
    return JSONResponse(body), event, outcome
