"""Scoped bearer tokens for the LangGraph API (`langgraph.json` → auth.path).

PURCHASE_AGENT_API_TOKENS names each caller and what it may do (`core.settings.callers`); it
is parsed when the server imports this module, so a line that cannot be used stops the
server before it answers anyone. Unset, the API is open: every call is "anonymous" with
every scope (local development).

The rules, one handler each below:

- a thread belongs to whoever created it (metadata `owner`, stamped here, never taken from
  the caller); a caller runs on, changes and deletes only its own threads, and reads only
  its own unless it has `read`;
- a run's input says which scope it needs: `conversation`/`signal` (Chatwoot turns, the
  ingest) `conversations`, `request`/`requester`/bare `messages` (acting for a requester)
  `requests`, `approval` `approvals`. An approver decides on a thread of its own: the graph
  finds the order by its name, not by the thread;
- conversation threads (version-5 ids, `contract.runs.thread_id_for`) are made only by a
  caller with `conversations`, so nobody can take a conversation's thread before it starts;
- assistants are read by all and changed by none; the store and crons are refused (the
  agent uses neither).

A refusal is a 403 (401 for a bad token) with a one-line reason, counted in
`purchase_agent_auth_refusals_total` by resource and reason. Someone else's thread is kept
out by the owner filter, which the server applies to the stored thread (mostly a 404, as
for a missing one): the handlers never see that thread, so those are not counted.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any, NoReturn

from langgraph_sdk import Auth

from contract.runs import is_conversation_thread
from core import metrics
from core.settings import SCOPES, get_settings
from graphs.purchase_agent import services
from records import audit

log = logging.getLogger("purchase_agent.auth")

CALLERS = get_settings().callers()  # at import: the server refuses to start on a bad line
WRITE_SCOPES = frozenset({"conversations", "requests", "approvals"})
# Which scope each key of a run's input needs (bare `messages`: see `scopes_needed`).
INPUT_SCOPES = {
    "conversation": "conversations",
    "signal": "conversations",
    "request": "requests",
    "requester": "requests",
    "approval": "approvals",
}

auth = Auth()


async def refuse(ctx: Auth.types.AuthContext, reason: str, detail: str) -> NoReturn:
    """403, counted and audited: the caller is known, so who tried what is worth keeping
    (a bad token, 401, is only counted: anyone could fill the audit trail with those)."""
    what = f"{ctx.resource}.{ctx.action}"
    metrics.AUTH_REFUSALS.labels(what, reason).inc()
    try:
        await asyncio.to_thread(_audit, str(ctx.user.identity), what, reason)
    except Exception as exc:  # noqa: BLE001 - the refusal stands without its audit row
        log.warning("could not audit a refusal (%s): %s", what, exc)
    raise Auth.exceptions.HTTPException(status_code=403, detail=detail)


def _audit(identity: str, what: str, reason: str) -> None:
    with services.db().connection() as conn:
        audit.audit(
            conn,
            actor_kind="caller",
            actor=identity,
            action="api_refused",
            after={"what": what, "reason": reason},
        )


def scopes_of(ctx: Auth.types.AuthContext) -> frozenset[str]:
    return frozenset(ctx.permissions)


def own(ctx: Auth.types.AuthContext) -> Auth.types.FilterType:
    """The filter that keeps a caller to the threads it created."""
    return {"owner": ctx.user.identity}


def stamp_owner(ctx: Auth.types.AuthContext, value: Any) -> None:
    """Write the caller as the owner of the thread being created (in place: the server uses
    this very dict), over anything the caller sent."""
    if value.get("metadata") is None:
        value["metadata"] = {}
    value["metadata"]["owner"] = ctx.user.identity


async def keep_conversation_threads(ctx: Auth.types.AuthContext, thread_id: Any) -> None:
    if is_conversation_thread(thread_id) and "conversations" not in scopes_of(ctx):
        await refuse(ctx, "conversation_thread", "conversation threads are the ingest's")


def scopes_needed(run_input: Any) -> dict[str, str]:
    """Input key -> the scope it needs. `messages` alone are a requester's words (requests);
    beside a `conversation` or `signal` they are that conversation's (conversations)."""
    if not isinstance(run_input, dict):
        return {}
    given = {key for key, part in run_input.items() if part is not None}
    needed = {key: INPUT_SCOPES[key] for key in sorted(given & INPUT_SCOPES.keys())}
    if "messages" in given and not given & {"conversation", "signal"}:
        needed["messages"] = "requests"
    return needed


@auth.authenticate
async def authenticate(authorization: str | None) -> Auth.types.MinimalUserDict:
    """The caller of a bearer token, with its scopes as permissions."""
    if not CALLERS:
        return {"identity": "anonymous", "permissions": sorted(SCOPES)}
    given = (authorization or "").removeprefix("Bearer ").strip()
    for token, caller in CALLERS.items():
        if given and hmac.compare_digest(token.encode(), given.encode()):
            return {"identity": caller.name, "permissions": sorted(caller.scopes)}
    metrics.AUTH_REFUSALS.labels("token", "missing" if not given else "invalid").inc()
    raise Auth.exceptions.HTTPException(status_code=401, detail="missing or invalid bearer token")


@auth.on.threads.create
async def create_thread(
    ctx: Auth.types.AuthContext, value: Auth.types.ThreadsCreate
) -> Auth.types.FilterType:
    """A caller that may run something gets threads of its own; a reader gets none. The
    filter makes `if_exists` on someone else's thread a conflict, not a way in."""
    if not scopes_of(ctx) & WRITE_SCOPES:
        await refuse(ctx, "read_only", f"{ctx.user.identity} may only read")
    await keep_conversation_threads(ctx, value.get("thread_id"))
    stamp_owner(ctx, value)
    return own(ctx)


@auth.on.threads.read
async def read_thread(
    ctx: Auth.types.AuthContext, value: Auth.types.ThreadsRead
) -> Auth.types.FilterType | None:
    """Review (`read`) reads every thread, its state and runs; others read their own."""
    return None if "read" in scopes_of(ctx) else own(ctx)


@auth.on.threads.search
async def search_threads(
    ctx: Auth.types.AuthContext, value: Auth.types.ThreadsSearch
) -> Auth.types.FilterType | None:
    """Searching lists what one may read (this also covers listing a thread's runs)."""
    return None if "read" in scopes_of(ctx) else own(ctx)


@auth.on.threads.update
async def update_thread(
    ctx: Auth.types.AuthContext, value: Auth.types.ThreadsUpdate
) -> Auth.types.FilterType:
    """Only the owner changes a thread (metadata, state, cancelling runs), and may not hand
    it to someone else: the owner is who answers for what runs on it."""
    owner = (value.get("metadata") or {}).get("owner", ctx.user.identity)
    if owner != ctx.user.identity:
        await refuse(ctx, "owner", "a thread's owner cannot be changed")
    return own(ctx)


@auth.on.threads.delete
async def delete_thread(
    ctx: Auth.types.AuthContext, value: Auth.types.ThreadsDelete
) -> Auth.types.FilterType:
    """Only the owner deletes a thread or its runs."""
    return own(ctx)


@auth.on.threads.create_run
async def create_run(
    ctx: Auth.types.AuthContext, value: Auth.types.RunsCreate
) -> Auth.types.FilterType:
    """A run needs the scope of what its input carries, and runs only on the caller's own
    thread: the filter is checked against an existing thread; a thread the run creates
    (stateless, or `if_not_exists="create"`) takes the run's metadata, stamped here."""
    kwargs = value.get("kwargs") or {}
    if kwargs.get("command"):
        await refuse(
            ctx, "command", "commands are not accepted: the agent never waits on an interrupt"
        )
    needed = scopes_needed(kwargs.get("input"))
    if not needed:
        await refuse(ctx, "no_input", "a run needs messages, a request, an approval or a signal")
    for key, scope in needed.items():
        if scope not in scopes_of(ctx):
            await refuse(ctx, f"needs_{scope}", f"input {key!r} needs the {scope} scope")
    await keep_conversation_threads(ctx, value.get("thread_id"))
    stamp_owner(ctx, value)
    return own(ctx)


@auth.on.assistants
async def assistants(ctx: Auth.types.AuthContext, value: dict[str, Any]) -> None:
    """Every caller reads the assistants (a run needs its own); none is created, changed or
    deleted over the API: the graph and its settings come from langgraph.json."""
    if ctx.action not in ("read", "search"):
        await refuse(ctx, "assistants_fixed", "assistants are read-only")


@auth.on.store
async def store(ctx: Auth.types.AuthContext, value: dict[str, Any]) -> NoReturn:
    """The agent keeps nothing in the LangGraph store (its records are in Postgres)."""
    await refuse(ctx, "unused", "the store is not used by this agent")


@auth.on.crons
async def crons(ctx: Auth.types.AuthContext, value: dict[str, Any]) -> NoReturn:
    """The agent schedules nothing here: its retries are outbox signals the ingest sends."""
    await refuse(ctx, "unused", "crons are not used by this agent")


@auth.on
async def anything_else(ctx: Auth.types.AuthContext, value: dict[str, Any]) -> NoReturn:
    """Whatever a later server version adds is refused until a rule above allows it."""
    await refuse(ctx, "no_rule", f"{ctx.resource}.{ctx.action} is not allowed")
