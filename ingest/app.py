"""The ingest: Chatwoot webhooks in, durable outbox rows out, acknowledged at once.

It never waits on the LangGraph server: the message is stored and queued in one
transaction and the dispatcher hands it over in the background, so webhooks are answered
well inside Chatwoot's 5 s even while the server restarts.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

import psycopg
from fastapi import FastAPI
from langgraph_sdk import get_client
from psycopg_pool import AsyncConnectionPool

from catalog.sync import FULL_EVERY, sync
from contract.handoff import hand_over
from contract.runs import Conversation
from core.db import database_url
from core.settings import Settings, get_settings
from ingest import approvals, health, receive, store
from ingest.dispatcher import Dispatcher, DispatchSettings
from tools.chatwoot import ChatwootClient
from tools.odoo import OdooClient
from tools.odoo_catalog import CatalogReader

log = logging.getLogger("purchase_agent.ingest")


def check_auth_configured(settings: Settings) -> None:
    """Refuse to start without a way to tell Chatwoot's webhooks from anyone's POST."""
    if not settings.webhook_secret() and not settings.chatwoot_webhook_token:
        raise RuntimeError(
            "set CHATWOOT_WEBHOOK_SECRET (Chatwoot >= 4.12 signs webhooks) or, for older "
            "Chatwoot, CHATWOOT_WEBHOOK_TOKEN and add ?token=... to the webhook URL"
        )


# The ingest reports through Prometheus; FastAPI's OpenTelemetry hooks would only cost each
# request a provider lookup. Shared with the benchmark's bare endpoint.
APP_OPTIONS: dict[str, Any] = {"telemetry": {"tracing": False, "metrics": False, "logs": False}}


def tune_collector() -> None:
    """Keep Python's cycle collector from pausing the event loop under load.

    Everything built at startup lives as long as the process, so it is frozen out of the
    collector (else a full collection scans it all: 50 ms pauses). A request's garbage is freed
    by reference counting, so young objects are collected every 50,000 allocations instead of
    700. Shared with the benchmark's bare endpoint: same server settings.
    """
    gc.freeze()
    gc.set_threshold(50_000)


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
            url=settings.langgraph_base_url,
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
                retention_days=settings.outbox_retention_days,
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
            asyncio.create_task(keep_catalog_synced(settings)),
        ]
        tune_collector()
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            await pool.close()

    app = FastAPI(title="purchase-agent ingest", lifespan=lifespan, **APP_OPTIONS)
    app.state.settings = settings
    app.router.routes.append(receive.route)
    app.include_router(approvals.router)
    app.include_router(health.router)
    return app


async def keep_catalog_synced(settings: Settings) -> None:
    """A full catalogue sync at start-up and once a day, what changed every
    CATALOG_SYNC_SECONDS in between; an Odoo outage only delays it (the agent keeps the last
    snapshot)."""
    loop = asyncio.get_running_loop()
    reader = CatalogReader(OdooClient.from_settings(settings), settings.languages)
    last_full = None
    while True:
        full = last_full is None or loop.time() - last_full >= FULL_EVERY.total_seconds()
        try:
            await asyncio.to_thread(_sync_catalog, settings, reader, full)
            last_full = loop.time() if full else last_full
        except Exception as exc:  # noqa: BLE001 - logged; the next cycle tries again
            log.warning("catalogue sync failed: %s", exc)
        await asyncio.sleep(settings.catalog_sync_seconds)


def _sync_catalog(settings: Settings, reader: CatalogReader, full: bool) -> None:
    with psycopg.connect(database_url(settings), autocommit=True) as conn:
        sync(reader, conn, full=full)


def _handoff_to_people(settings: Settings) -> Callable[[Conversation, str], None]:
    """The shared hand-off routine, with this deployment's Chatwoot and team."""
    chatwoot = ChatwootClient(settings.chatwoot_base_url, settings.chatwoot_token())

    def handoff(conversation: Conversation, note: str) -> None:
        hand_over(
            chatwoot,
            conversation["account_id"],
            conversation["conversation_id"],
            note,
            team_id=settings.handoff_team_id,
        )

    return handoff
