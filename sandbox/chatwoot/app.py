"""The ASGI app: Chatwoot's REST routes, the `/sandbox/` controls, health, fault injection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from sandbox.chatwoot import controls, rest, state
from sandbox.chatwoot.errors import ApiError
from sandbox.chatwoot.runtime import Runtime
from sandbox.chatwoot.service import Chatwoot
from sandbox.chatwoot.settings import Settings
from sandbox.chatwoot.store import Store
from sandbox.chatwoot.webhooks import Deliverer

VERSION = "4.15.1"


def create_app(settings: Settings) -> FastAPI:
    """Build the app; the database is migrated and seeded at startup, before `/api` answers."""
    db = Store(settings.database_url)
    runtime = Runtime(settings.webhook_url, settings.webhook_secret)
    deliverer = Deliverer(db, runtime, settings.webhook_timeout)
    sandbox = state.Sandbox(settings, db, runtime, deliverer, Chatwoot(db, deliverer))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await db.open(
            api_token=settings.api_token,
            agent_token=settings.agent_token,
            webhook_url=settings.webhook_url,
        )
        await deliverer.start()
        try:
            yield
        finally:
            await deliverer.stop()
            await db.close()

    app = FastAPI(title="Chatwoot sandbox", version=VERSION, lifespan=lifespan)
    app.state.sandbox = sandbox
    app.include_router(rest.router)
    app.include_router(controls.router)

    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> Response:
        return JSONResponse(exc.body, status_code=exc.status)

    @app.middleware("http")
    async def faults(request: Request, call_next: Callable[[Request], Awaitable[Any]]) -> Any:
        """Injected REST failures apply to Chatwoot's API only, never to health or controls."""
        if not request.url.path.startswith("/api/v1/"):
            return await call_next(request)
        current = runtime.faults
        if current.api_delay_seconds:
            await asyncio.sleep(current.api_delay_seconds)
        status = current.take_api_status()
        if status == 429:  # rack-attack's throttled response
            return PlainTextResponse("Retry later", status_code=429)
        if status is not None:
            phrase = (
                HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
            )
            return JSONResponse({"status": status, "error": phrase}, status_code=status)
        return await call_next(request)

    @app.get("/api")
    @app.get("/health")
    async def health() -> dict[str, Any]:
        async with db.read() as conn:
            await conn.execute("SELECT 1")
        return {
            "version": VERSION,
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            "queue_services": "ok",
            "data_services": "ok",
        }

    return app
