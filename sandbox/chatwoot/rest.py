"""Chatwoot's application API, the part the agent uses, with Chatwoot's auth rules and errors.

Auth follows `AccessTokenAuthHelper` then `EnsureCurrentAccountHelper`: missing token, bad token,
bot on a non-bot endpoint (all 401), unknown account (404), other account (401). Write
endpoints accept any conversation id in a known account and create a bare one on the fly.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from sandbox.chatwoot import actions, state, store
from sandbox.chatwoot.errors import (
    BOT_FORBIDDEN,
    BOT_WRONG_ACCOUNT,
    INVALID_TOKEN,
    NO_TOKEN,
    NOT_FOUND,
    USER_WRONG_ACCOUNT,
    ApiError,
)
from sandbox.chatwoot.store import Party

router = APIRouter(prefix="/api/v1/accounts/{account_id}/conversations/{conversation_id}")

# BOT_ACCESSIBLE_ENDPOINTS, restricted to the routes served here.
BOT_ENDPOINTS = {"show", "messages#create", "toggle_status", "toggle_typing_status", "assignments"}


def _int(value: str) -> int:
    if not value.isdigit():
        raise ApiError(404, NOT_FOUND)
    return int(value)


async def _auth(
    request: Request, account: str, conversation: str, endpoint: str
) -> tuple[Party, int, int]:
    token = request.headers.get("api_access_token") or request.headers.get("http_api_access_token")
    if not token:
        raise ApiError(401, NO_TOKEN)
    async with state.get(request).db.read() as conn:
        actor = await store.principal_by_token(conn, token)
        if actor is None:
            raise ApiError(401, INVALID_TOKEN)
        if actor.kind == "agent_bot" and endpoint not in BOT_ENDPOINTS:
            raise ApiError(401, BOT_FORBIDDEN)
        account_id = _int(account)
        if await store.account(conn, account_id) is None:
            raise ApiError(404, NOT_FOUND)
        if actor.row["account_id"] != account_id:
            raise ApiError(
                401, BOT_WRONG_ACCOUNT if actor.kind == "agent_bot" else USER_WRONG_ACCOUNT
            )
    return actor, account_id, _int(conversation)


@router.get("")
async def show(request: Request, account_id: str, conversation_id: str) -> Any:
    _, account, conv = await _auth(request, account_id, conversation_id, "show")
    return await state.get(request).chatwoot.show(account, conv)


@router.get("/messages")
async def list_messages(
    request: Request,
    account_id: str,
    conversation_id: str,
    after: int | None = None,
    before: int | None = None,
) -> Any:
    _, account, conv = await _auth(request, account_id, conversation_id, "messages#index")
    return await state.get(request).chatwoot.list_messages(account, conv, after, before)


@router.post("/messages")
async def create_message(request: Request, account_id: str, conversation_id: str) -> Any:
    actor, account, conv = await _auth(request, account_id, conversation_id, "messages#create")
    body = await state.json_body(request)
    return await state.get(request).chatwoot.create_message(account, conv, actor, body)


@router.post("/toggle_status")
async def toggle_status(request: Request, account_id: str, conversation_id: str) -> Any:
    actor, account, conv = await _auth(request, account_id, conversation_id, "toggle_status")
    body = await state.json_body(request)
    return await actions.toggle_status(state.get(request).chatwoot, account, conv, actor, body)


@router.post("/assignments")
async def assignments(request: Request, account_id: str, conversation_id: str) -> Any:
    actor, account, conv = await _auth(request, account_id, conversation_id, "assignments")
    body = await state.json_body(request)
    result = await actions.assign(state.get(request).chatwoot, account, conv, actor, body)
    return JSONResponse(result)


@router.post("/toggle_typing_status")
async def toggle_typing_status(request: Request, account_id: str, conversation_id: str) -> Response:
    actor, account, conv = await _auth(request, account_id, conversation_id, "toggle_typing_status")
    body = await state.json_body(request)
    await actions.typing(state.get(request).chatwoot, account, conv, actor, body)
    return Response(status_code=200)
