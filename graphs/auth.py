"""Bearer-token auth for the LangGraph API (`langgraph.json` → auth.path).

With PURCHASE_AGENT_API_TOKENS unset the API is open (local development); with it set, every
call needs `Authorization: Bearer <one of the tokens>`. Entries may be `name:token`, so logs
and thread metadata say which caller (the ingest, Juan, Studio) acted.
"""

from __future__ import annotations

import hmac

from langgraph_sdk import Auth

from core.settings import get_settings

auth = Auth()


@auth.authenticate
async def authenticate(authorization: str | None) -> Auth.types.MinimalUserDict:
    tokens = get_settings().callers()
    if not tokens:
        return {"identity": "anonymous"}
    given = (authorization or "").removeprefix("Bearer ").strip()
    for token, name in tokens.items():
        if given and hmac.compare_digest(token.encode(), given.encode()):
            return {"identity": name}
    raise Auth.exceptions.HTTPException(status_code=401, detail="missing or invalid bearer token")
