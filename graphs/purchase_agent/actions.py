"""The purchasing actions as graph nodes.

Every action runs with Odoo and the database at hand; an Odoo outage does not lose the
request: the requester is told once, the understood request is kept as deferred work, and
the outbox wakes the thread to retry it with backoff.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import psycopg
from langgraph.runtime import Runtime

from contract.runs import queue_signal
from graphs.purchase_agent import lifecycle, replies, services
from graphs.purchase_agent.context import Context, approval_threshold, context_of
from graphs.purchase_agent.nlu.schema import Understanding
from graphs.purchase_agent.ordering import create_rfq
from graphs.purchase_agent.replies import t
from graphs.purchase_agent.run import retry_delay, thread_id
from graphs.purchase_agent.state import DeferredTurn, State
from graphs.purchase_agent.turn import Result, Turn, summary
from tools.odoo import OdooRefused, OdooUnavailable

log = logging.getLogger("purchase_agent.graph")
MAX_RETRIES = 8
Action = Callable[[Turn, Understanding, Context], Result]


def _act(name: str, action: Action) -> Callable[..., dict[str, Any]]:
    def node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        lang: str = state.get("lang", "es")
        understanding = Understanding.model_validate(state.get("understanding"))
        requester = state.get("requester_info")
        assert requester is not None
        deferred = state.get("deferred")
        turn_key = state.get("turn_key", "")
        if state.get("turn_kind") == "retry" and deferred:
            first = deferred["turns"][0]
            turn_key, lang = first["turn_key"], first["lang"]
        with services.db().connection() as conn:
            turn = Turn(
                odoo=services.odoo(),
                conn=conn,
                requester=requester,
                thread_id=thread_id(),
                turn_key=turn_key,
                lang=lang,
                conversation_orders=list(state.get("orders") or []),
                pending=state.get("pending"),
                conversation=dict(state.get("conversation") or {}) or None,
                actor_kind="caller" if state.get("turn_kind") == "request" else "requester",
            )
            try:
                result = action(turn, understanding, context_of(runtime))
            except OdooUnavailable as exc:
                return _defer(conn, state, understanding, turn_key, lang, str(exc))
            except OdooRefused as exc:
                return {"reply": t(lang, "failed", reason=str(exc))} | _done(conn, state)
        known = list(state.get("orders") or [])
        known += [o.name for o in result.orders if o.name not in known]
        return {
            "reply": result.reply,
            "orders": known[-20:],
            "pending": result.pending,
            "orders_touched": [summary(o) for o in result.orders],
            "needs_approval": [o.name for o in result.needs_approval],
        } | _done(conn, state)

    node.__name__ = name
    return node


def _done(conn: psycopg.Connection, state: State) -> dict[str, Any]:
    """After a retried turn went through: drop it, and wake the thread for the next one."""
    deferred = state.get("deferred")
    if state.get("turn_kind") != "retry" or not deferred:
        return {}
    rest = deferred["turns"][1:]
    tid = thread_id()
    if rest and tid:
        queue_signal(conn, tid, "retry")
    return {"deferred": {"turns": rest, "attempts": 0} if rest else None}


def _defer(
    conn: psycopg.Connection,
    state: State,
    understanding: Understanding,
    turn_key: str,
    lang: str,
    error: str,
) -> dict[str, Any]:
    """Keep the request for later; tell the requester once, not on every retry."""
    deferred = state.get("deferred")
    tid = thread_id()
    retrying = state.get("turn_kind") == "retry" and deferred is not None
    if not retrying:
        entry: DeferredTurn = {
            "understanding": understanding.model_dump(),
            "turn_key": turn_key,
            "lang": lang,
        }
        queued = list(deferred["turns"]) if deferred else []
        if tid and not deferred:
            queue_signal(conn, tid, "retry", retry_delay(1))
        return {
            "reply": t(lang, "erp_down"),
            "deferred": {
                "turns": [*queued, entry],
                "attempts": deferred["attempts"] if deferred else 1,
            },
        }
    assert deferred is not None
    attempts = deferred["attempts"] + 1
    log.warning("odoo unavailable (attempt %d): %s", attempts, error)
    if attempts > MAX_RETRIES or tid is None:
        return {
            "reply": t(lang, "erp_gave_up"),
            "deferred": None,
            "handoff": True,
            "silenced": True,
            "private_note": replies.gave_up_note(MAX_RETRIES, error, len(deferred["turns"])),
        }
    queue_signal(conn, tid, "retry", retry_delay(attempts))
    return {"reply": "", "deferred": {"turns": deferred["turns"], "attempts": attempts}}


create_order = _act("create_order", lambda turn, u, _ctx: create_rfq(turn, u.items))
modify_order = _act("modify_order", lambda turn, u, _ctx: lifecycle.modify(turn, u))
confirm_order = _act(
    "confirm_order", lambda turn, u, ctx: lifecycle.confirm(turn, u, approval_threshold(ctx))
)
cancel_order = _act("cancel_order", lambda turn, u, _ctx: lifecycle.cancel(turn, u))
make_sure = _act("make_sure", lambda turn, u, _ctx: lifecycle.make_sure(turn, u))
report_status = _act("report_status", lambda turn, u, _ctx: lifecycle.status(turn, u.order_ref))
