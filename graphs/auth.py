"""Bearer-token auth for the LangGraph API (`langgraph.json` → auth.path).

With PURCHASE_AGENT_API_TOKENS unset the API is open (local development); with it set, every
call needs `Authorization: Bearer <one of the tokens>`. Entries are `name:token:scope+scope`
(`core.settings.callers`), so logs and thread metadata say which caller acted; the scopes
are handed on as the caller's permissions.
"""

from __future__ import annotations

import hmac

from langgraph_sdk import Auth

from core.settings import SCOPES, get_settings

CALLERS = get_settings().callers()  # at import: the server refuses to start on a bad line
auth = Auth()


@auth.authenticate
async def authenticate(authorization: str | None) -> Auth.types.MinimalUserDict:
    if not CALLERS:
        return {"identity": "anonymous", "permissions": sorted(SCOPES)}
    given = (authorization or "").removeprefix("Bearer ").strip()
    for token, caller in CALLERS.items():
        if given and hmac.compare_digest(token.encode(), given.encode()):
            return {"identity": caller.name, "permissions": sorted(caller.scopes)}
    raise Auth.exceptions.HTTPException(status_code=401, detail="missing or invalid bearer token")
