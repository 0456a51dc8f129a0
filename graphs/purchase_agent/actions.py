"""The purchasing actions as graph nodes, and the approver's decision.

Every action runs with Odoo and the database at hand; an Odoo outage does not lose the
request: the requester is told once, the understood request is kept as deferred work, and
the outbox wakes the thread to retry it with backoff.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from langgraph.config import get_config
from langgraph.runtime import Runtime

from graphs.purchase_agent import lifecycle, replies, services
from graphs.purchase_agent.context import Context, context_of
from graphs.purchase_agent.nlu.schema import Understanding
from graphs.purchase_agent.ordering import Result, Turn, create_rfq, snapshot
from graphs.purchase_agent.replies import money, t
from graphs.purchase_agent.state import DeferredTurn, OrderSummary, State
from purchase_agent import ledger
from tools.odoo import OdooRefused, OdooUnavailable, Order

log = logging.getLogger("purchase_agent.graph")
MAX_RETRIES = 8
Action = Callable[[Turn, Understanding, Context], Result]


def thread_id() -> str | None:
    return get_config().get("configurable", {}).get("thread_id")


def retry_delay(attempt: int) -> float:
    return float(min(300, 2 * 2**attempt))


def _act(name: str, action: Action) -> Callable[..., dict[str, Any]]:
    def node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        lang: str = state.get("lang", "es")
        understanding = Understanding.model_validate(state.get("understanding"))
        requester = state.get("requester_info")
        assert requester is not None
        deferred = state.get("deferred")
        turn_key, text = state.get("turn_key", ""), state.get("turn_text", "")
        if state.get("turn_kind") == "retry" and deferred:
            first = deferred["turns"][0]
            turn_key, lang, text = first["turn_key"], first["lang"], first.get("text", "")
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
                text=text,
            )
            try:
                result = action(turn, understanding, context_of(runtime))
            except OdooUnavailable as exc:
                return _defer(conn, state, understanding, turn_key, lang, text, str(exc))
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


def _done(conn: Any, state: State) -> dict[str, Any]:
    """After a retried turn went through: drop it, and wake the thread for the next one."""
    deferred = state.get("deferred")
    if state.get("turn_kind") != "retry" or not deferred:
        return {}
    rest = deferred["turns"][1:]
    tid = thread_id()
    if rest and tid:
        ledger.schedule_retry(conn, tid, 0.0)
    return {"deferred": {"turns": rest, "attempts": 0} if rest else None}


def _defer(
    conn: Any,
    state: State,
    understanding: Understanding,
    turn_key: str,
    lang: str,
    text: str,
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
            "text": text,
        }
        queued = list(deferred["turns"]) if deferred else []
        if tid and not deferred:
            ledger.schedule_retry(conn, tid, retry_delay(1))
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
        note = (
            f"Odoo unreachable after {MAX_RETRIES} retries ({error}); "
            f"{len(deferred['turns'])} request(s) waiting, see this conversation."
        )
        return {
            "reply": t(lang, "erp_gave_up"),
            "deferred": None,
            "handoff": True,
            "silenced": True,
            "private_note": note,
        }
    ledger.schedule_retry(conn, tid, retry_delay(attempts))
    return {"reply": "", "deferred": {"turns": deferred["turns"], "attempts": attempts}}


def summary(order: Order) -> OrderSummary:
    return {
        "name": order.name,
        "state": order.state,
        "vendor": order.vendor_name,
        "amount_total": order.amount_total,
        "currency": order.currency,
        "lines": [
            {"code": line.code, "qty": line.qty, "uom": line.uom, "price_unit": line.price_unit}
            for line in order.lines
        ],
    }


create_order = _act("create_order", lambda turn, u, ctx: create_rfq(turn, u.items))
modify_order = _act(
    "modify_order", lambda turn, u, ctx: lifecycle.modify(turn, u.order_ref, u.items)
)
confirm_order = _act(
    "confirm_order",
    lambda turn, u, ctx: lifecycle.confirm(turn, u.order_ref, ctx.approval_threshold),
)
cancel_order = _act("cancel_order", lambda turn, u, ctx: lifecycle.cancel(turn, u.order_ref))
report_status = _act("report_status", lambda turn, u, ctx: lifecycle.status(turn, u.order_ref))


def decide_approval(state: State) -> dict[str, Any]:
    """Apply an approver's decision to an order that waits for one; tell the requester."""
    decision = state.get("turn_approval") or {}
    name = str(decision.get("order_ref") or "")
    approver = str(decision.get("by") or "approver")
    with services.db().connection() as conn:
        link = ledger.find_link(conn, name)
        if link is None or not link.awaiting_approval:
            return {"reply": f"{name or 'That order'} is not waiting for approval."}
        lang = link.lang
        odoo = services.odoo()
        try:
            before = odoo.order(link.odoo_id)
            approved = decision.get("decision") == "approve"
            order = odoo.confirm(before.id) if approved and before.is_open else before
        except (OdooUnavailable, OdooRefused) as exc:
            return {"reply": f"Odoo did not take the decision on {name}: {exc}"}
        ledger.set_awaiting_approval(conn, name, False)
        ledger.audit(
            conn,
            actor_kind="approver",
            actor=approver,
            action="approve" if approved else "reject",
            order_name=name,
            thread_id=link.thread_id,
            conversation_id=link.chatwoot_conversation_id,
            before=snapshot(before),
            after=snapshot(order) | {"note": decision.get("note") or ""},
        )
    key = "approved" if approved else "rejected"
    reply = t(
        lang,
        key,
        name=order.name,
        by=approver,
        state=replies.state_words(lang, order.state),
        total=money(order),
        note=f" ({decision['note']})" if decision.get("note") else "",
    )
    return {
        "reply": reply,
        "reply_to": link.conversation(),
        "orders_touched": [summary(order)],
    }
