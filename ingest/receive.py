"""`POST /webhooks/chatwoot`: authenticate, parse, classify, store, acknowledge.

This is the ingest's hot path (Chatwoot gives a webhook 5 s, and a busy inbox sends many), so
it is a plain Starlette route on the FastAPI app: it needs nothing from FastAPI's dependency
injection or response models, which cost more per call than all of its own work
(`purchase-agent bench` measures it). Errors are still FastAPI's `{"detail": ...}` answers.
"""

from __future__ import annotations

import time

import orjson
from fastapi import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core import metrics
from core.settings import Settings
from ingest import store
from ingest.signature import verify_signature, verify_token
from ingest.webhook import BadPayload, Inbound, classify

PATH = "/webhooks/chatwoot"


async def chatwoot_webhook(request: Request) -> Response:
    started = time.perf_counter()
    try:
        body, event, outcome = await _handle(request)
    except HTTPException as exc:
        metrics.WEBHOOKS.labels("unknown", f"rejected_{exc.status_code}").inc()
        raise
    metrics.WEBHOOKS.labels(event, outcome).inc()
    metrics.ACK_SECONDS.observe(time.perf_counter() - started)
    return Response(orjson.dumps(body), media_type="application/json")


route = Route(PATH, chatwoot_webhook, methods=["POST"])


async def _handle(request: Request) -> tuple[dict[str, str], str, str]:
    """(answer, event, outcome) for one webhook; HTTPException for what is refused."""
    state = request.app.state
    settings: Settings = state.settings
    raw = await _read_body(request, settings.webhook_max_bytes)
    _authenticate(request, settings, raw)
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise HTTPException(400, f"malformed JSON: {exc.msg}") from exc
    try:
        work = classify(payload)
    except BadPayload as exc:
        raise HTTPException(422, str(exc)) from exc
    event = str(payload.get("event", "unknown"))[:40]
    if isinstance(work, str):
        return {"status": "ignored", "reason": work}, event, "ignored"
    if isinstance(work, Inbound):
        acceptor: store.Acceptor = state.acceptor
        accepted = await acceptor.accept(work, request.headers.get("x-chatwoot-delivery"))
    else:
        accepted = await store.accept_context(state.pool, work)
    outcome = "accepted" if accepted else "duplicate"
    return {"status": outcome, "thread_id": work.thread_id}, event, outcome


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit():
        if int(declared) > limit:
            raise HTTPException(413, f"body over {limit} bytes")
        return await request.body()  # the server reads exactly the declared length
    chunks = bytearray()
    async for chunk in request.stream():
        chunks.extend(chunk)
        if len(chunks) > limit:
            raise HTTPException(413, f"body over {limit} bytes")
    return bytes(chunks)


def _authenticate(request: Request, settings: Settings, raw: bytes) -> None:
    secret = settings.webhook_secret()
    if secret:
        problem = verify_signature(
            secret,
            raw,
            request.headers.get("x-chatwoot-timestamp"),
            request.headers.get("x-chatwoot-signature"),
        )
    else:
        problem = verify_token(
            settings.chatwoot_webhook_token or "", request.query_params.get("token")
        )
    if problem:
        raise HTTPException(401, problem)
