"""The objects one sandbox app holds, reachable from any route via `request.app.state`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from sandbox.chatwoot.errors import ApiError
from sandbox.chatwoot.runtime import Runtime
from sandbox.chatwoot.service import Chatwoot
from sandbox.chatwoot.settings import Settings
from sandbox.chatwoot.store import Store
from sandbox.chatwoot.webhooks import Deliverer


@dataclass(frozen=True)
class Sandbox:
    settings: Settings
    db: Store
    runtime: Runtime
    deliverer: Deliverer
    chatwoot: Chatwoot


def get(request: Request) -> Sandbox:
    sandbox: Sandbox = request.app.state.sandbox
    return sandbox


async def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; an empty body counts as `{}`."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, {"error": f"invalid JSON body: {exc}"}) from exc
    if not isinstance(data, dict):
        raise ApiError(400, {"error": "the JSON body must be an object"})
    return data
