"""Liveness, readiness and metrics of the ingest."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CollectorRegistry, Gauge
from psycopg_pool import AsyncConnectionPool

from core.metrics import exposition
from core.settings import odoo_endpoint
from ingest.deps import PoolDep, SettingsDep

router = APIRouter()
STUCK_AFTER_SECONDS = 120

OUTBOX_STATS = """
SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(received_at)), 0)
FROM ingest.outbox WHERE dispatched_at IS NULL AND next_attempt_at <= now()
"""


async def outbox_stats(pool: AsyncConnectionPool) -> tuple[int, float]:
    async with pool.connection() as conn:
        cur = await conn.execute(OUTBOX_STATS)
        row = await cur.fetchone()
    return (int(row[0]), float(row[1])) if row else (0, 0.0)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(pool: PoolDep, settings: SettingsDep) -> JSONResponse:
    """Ready when Postgres, the LangGraph server, Odoo and Chatwoot answer and the outbox moves."""
    checks: dict[str, str] = {}
    try:
        depth, age = await outbox_stats(pool)
        checks["postgres"] = "ok"
        checks["outbox"] = (
            "ok" if age < STUCK_AFTER_SECONDS else f"stuck: {depth} waiting {age:.0f}s"
        )
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        checks["postgres"] = f"error: {exc}"
    host, port, tls = odoo_endpoint(settings.odoo_base_url)
    targets = {
        "langgraph": settings.langgraph_base_url + "/ok",
        "odoo": f"{'https' if tls else 'http'}://{host}:{port}/web/health",
        "chatwoot": settings.chatwoot_base_url + "/api",
    }
    async with httpx.AsyncClient(timeout=3.0) as http:
        answers = await asyncio.gather(
            *(http.get(url) for url in targets.values()), return_exceptions=True
        )
    for name, answer in zip(targets, answers, strict=True):
        if isinstance(answer, BaseException):
            checks[name] = f"unreachable: {type(answer).__name__}"
        else:
            checks[name] = "ok" if answer.status_code < 500 else f"HTTP {answer.status_code}"
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)


@router.get("/metrics")
async def metrics(pool: PoolDep, settings: SettingsDep) -> Response:
    registry = CollectorRegistry()
    depth, age = await outbox_stats(pool)
    Gauge("purchase_agent_outbox_depth", "Messages waiting in the outbox", registry=registry).set(
        depth
    )
    Gauge(
        "purchase_agent_outbox_oldest_seconds",
        "Age of the oldest waiting message",
        registry=registry,
    ).set(age)
    body, content_type = exposition(bool(settings.prometheus_multiproc_dir), registry)
    return Response(body, media_type=content_type)
