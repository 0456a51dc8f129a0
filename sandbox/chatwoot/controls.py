"""Not Chatwoot: the simulated contact side and test controls under `/sandbox/`, loopback only."""

from __future__ import annotations

import ipaddress
import json
import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request

from sandbox.chatwoot import payloads, state, store
from sandbox.chatwoot.contacts import e164
from sandbox.chatwoot.errors import ApiError
from sandbox.chatwoot.runtime import FaultError, Faults


def loopback_only(request: Request) -> None:
    """Anyone who can reach these can impersonate customers; keep them on this machine."""
    host = request.client.host if request.client else ""
    try:
        allowed = ipaddress.ip_address(host).is_loopback
    except ValueError:
        allowed = host in ("localhost", "testclient")
    if not allowed:
        raise ApiError(403, {"error": "sandbox controls are only served to loopback clients"})


router = APIRouter(prefix="/sandbox", dependencies=[Depends(loopback_only)])


@router.post("/inbound")
async def inbound(request: Request) -> Any:
    body = await state.json_body(request)
    return await state.get(request).chatwoot.inbound(body)


@router.get("/conversations")
async def conversations(
    request: Request,
    phone: str | None = None,
    email: str | None = None,
    identifier: str | None = None,
) -> Any:
    if phone:
        column, value = "phone_number", e164(phone)
    elif email:
        column, value = "email", email.strip().lower()
    elif identifier:
        column, value = "identifier", identifier
    else:
        raise ApiError(422, {"error": "give phone, email or identifier"})
    async with state.get(request).db.read() as conn:
        rows = await store.conversations_of(conn, column, value)
    return {
        "payload": [
            {
                "account_id": r["account_id"],
                "conversation_id": r["display_id"],
                "inbox_id": r["inbox_id"],
                "channel": r["channel_type"],
                "status": r["status"],
                "contact_id": r["contact_id"],
                "created_at": payloads.iso(r["created_at"]),
            }
            for r in rows
        ]
    }


@router.get("/messages")
async def messages(
    request: Request, conversation_id: int, account_id: int = 1, after: int = 0
) -> Any:
    """Like Chatwoot's message list but without a token, for `purchase-agent chat`."""
    return await state.get(request).chatwoot.list_messages(account_id, conversation_id, after, None)


@router.get("/deliveries")
async def deliveries(
    request: Request,
    conversation_id: int | None = None,
    account_id: int | None = None,
    event: str | None = None,
    delivery_id: str | None = None,
) -> Any:
    filters: dict[str, Any] = {"conversation_id": conversation_id, "account_id": account_id}
    filters["event"] = event
    if delivery_id is not None:
        try:
            filters["delivery_id"] = uuid.UUID(delivery_id)
        except ValueError as exc:
            raise ApiError(422, {"error": "delivery_id must be a UUID"}) from exc
    async with state.get(request).db.read() as conn:
        rows = await store.deliveries(conn, {k: v for k, v in filters.items() if v is not None})
    out = []
    for r in rows:
        item = {
            k: r[k] for k in ("id", "event", "url", "account_id", "conversation_id", "message_id")
        }
        item |= {
            "delivery_id": str(r["delivery_id"]),
            "state": r["state"],
            "status_code": r["status_code"],
        }
        item |= {"error": r["error"], "created_at": payloads.iso(r["created_at"])}
        item |= {"attempted_at": payloads.iso(r["attempted_at"]), "payload": json.loads(r["body"])}
        out.append(item)
    return {"payload": out}


def _config(request: Request) -> dict[str, Any]:
    runtime = state.get(request).runtime
    return {"webhook_url": runtime.webhook_url, "signed": bool(runtime.webhook_secret)}


@router.get("/config")
async def get_config(request: Request) -> Any:
    return _config(request)


@router.post("/config")
async def set_config(request: Request) -> Any:
    """Only the keys given change; an empty or null secret means unsigned webhooks."""
    body = await state.json_body(request)
    runtime = state.get(request).runtime
    if "webhook_url" in body:
        runtime.webhook_url = str(body["webhook_url"] or "")
    if "webhook_secret" in body:
        runtime.webhook_secret = str(body["webhook_secret"] or "")
    return _config(request)


@router.get("/faults")
async def get_faults(request: Request) -> Any:
    return state.get(request).runtime.faults.describe()


@router.post("/faults")
async def set_faults(request: Request) -> Any:
    body = await state.json_body(request)
    try:
        faults = Faults.parse(body)
    except FaultError as exc:
        raise ApiError(422, {"error": str(exc)}) from exc
    state.get(request).runtime.faults = faults
    return faults.describe()


@router.post("/redeliver")
async def redeliver(request: Request) -> Any:
    body = await state.json_body(request)
    delivery_id = str(body.get("delivery_id") or "")
    try:
        found = await state.get(request).deliverer.redeliver(delivery_id)
    except ValueError:
        found = False
    if not found:
        raise ApiError(404, {"error": "unknown delivery_id"})
    return {"delivery_id": delivery_id, "queued": True}
