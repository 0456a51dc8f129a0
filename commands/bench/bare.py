"""Servers the acknowledgement benchmark needs besides the stack, each run as its own process.

- `bare`: the baseline, a FastAPI endpoint at the ingest's path that only reads the body and
  parses the JSON (with the ingest's parser, orjson), served by uvicorn exactly as
  `python -m ingest` serves the ingest, with the same collector settings.
- `runs`: a stand-in for the LangGraph runs API (create, get) that accepts every run and reports
  it successful at once. While the webhook endpoint is measured, the ingest's dispatcher hands its
  outbox to this instead of the real server, so the ingest does all of its own work (store,
  queue, dispatch, reconcile) without thousands of agent turns competing for the same cores.

    python -m commands.bench.bare --app bare --port 8765
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import orjson
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ingest.__main__ import SERVER_OPTIONS
from ingest.app import APP_OPTIONS, tune_collector

WEBHOOK_PATH = "/webhooks/chatwoot"


def bare_app() -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        tune_collector()
        yield

    app = FastAPI(title="bench bare endpoint", lifespan=lifespan, **APP_OPTIONS)

    @app.post(WEBHOOK_PATH)
    async def webhook(request: Request) -> JSONResponse:
        payload = orjson.loads(await request.body())
        return JSONResponse({"status": "ok", "event": payload.get("event")})

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def runs_app() -> FastAPI:
    """Just enough of the LangGraph runs API for the ingest's dispatcher and reconciler."""
    app = FastAPI(title="bench runs sink")

    def run(thread_id: str, run_id: str, status: str) -> dict[str, Any]:
        now = datetime.now(UTC).isoformat()
        return {
            "run_id": run_id,
            "thread_id": thread_id,
            "assistant_id": "bench",
            "status": status,
            "created_at": now,
            "updated_at": now,
            "metadata": {},
            "kwargs": {},
            "multitask_strategy": "enqueue",
        }

    @app.post("/threads/{thread_id}/runs")
    async def create(thread_id: str, request: Request) -> dict[str, Any]:
        await request.body()
        return run(thread_id, str(uuid.uuid4()), "pending")

    @app.get("/threads/{thread_id}/runs/{run_id}")
    async def get(thread_id: str, run_id: str) -> dict[str, Any]:
        return run(thread_id, run_id, "success")

    @app.get("/ok")
    async def ok() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--app", choices=("bare", "runs"), required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    uvicorn.run(
        bare_app() if args.app == "bare" else runs_app(),
        host=args.host,
        port=args.port,
        **SERVER_OPTIONS,
    )


if __name__ == "__main__":
    main()
