"""The steps of one turn. Each node reads the state, does one thing, returns an update."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage
from langgraph.config import get_config
from langgraph.runtime import Runtime

from graphs.purchase_agent import lifecycle, services
from graphs.purchase_agent.context import Context, context_of
from graphs.purchase_agent.nlu import get_model
from graphs.purchase_agent.nlu.schema import PendingContext, Understanding
from graphs.purchase_agent.ordering import Result, Turn, create_rfq
from graphs.purchase_agent.replies import t
from graphs.purchase_agent.state import HANDLED_LIMIT, OrderSummary, State
from purchase_agent import ledger, requesters
from tools.chatwoot import ChatwootError
from tools.odoo import OdooRefused, OdooUnavailable, Order

log = logging.getLogger("purchase_agent.graph")


def _thread_id() -> str | None:
    return get_config().get("configurable", {}).get("thread_id")


def load_turn(state: State) -> dict[str, Any]:
    """Gather the human messages not handled yet: a burst of them is one turn."""
    handled = list(state.get("handled") or [])
    seen = set(handled)
    new = [m for m in state.get("messages", []) if isinstance(m, HumanMessage) and m.id not in seen]
    if not new:
        return {"turn_text": "", "turn_key": ""}
    ids = [str(m.id) for m in new]
    return {
        "turn_text": "\n".join(str(m.content) for m in new),
        "turn_key": ids[-1],
        "handled": (handled + ids)[-HANDLED_LIMIT:],
        "reply": "",
        "orders_touched": [],
        "private_note": None,
        "handoff": False,
    }


def identify_requester(state: State) -> dict[str, Any]:
    """Who is writing: the conversation's contact, or the requester a caller named."""
    conversation = state.get("conversation") or {}
    contact = conversation.get("contact") or state.get("requester") or {}
    with services.db().connection() as conn:
        found = requesters.find(conn, phone=contact.get("phone"), email=contact.get("email"))
    if found is None:
        return {"requester_info": None}
    return {
        "requester_info": {"id": found.id, "name": found.name, "may_confirm": found.may_confirm}
    }


def understand(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Turn the text into a validated intent, items and order reference."""
    pending = state.get("pending")
    context = PendingContext(order_ref=pending["orders"][-1], lines=[]) if pending else None
    model = get_model(context_of(runtime).model or None)
    result: Understanding = model.understand(state.get("turn_text", ""), context)
    if (
        pending
        and pending["kind"] == "which_order"
        and result.order_ref in pending["orders"]
        and result.intent in ("other", "order_status", "greeting", "confirm_order")
    ):
        result = result.model_copy(update={"intent": _PENDING_INTENT[pending.get("action", "")]})
    return {"understanding": result.model_dump(), "lang": result.lang}


_PENDING_INTENT = {
    "confirm": "confirm_order",
    "cancel": "cancel_order",
    "modify": "modify_order",
    "": "order_status",
}


def refuse(state: State) -> dict[str, Any]:
    lang = _detect_lang(state)
    return {"reply": t(lang, "unknown_requester"), "lang": lang}


def _detect_lang(state: State) -> str:
    return get_model("offline").understand(state.get("turn_text", "")).lang


def _act(
    name: str, action: Callable[[Turn, Understanding, Context], Result]
) -> Callable[..., dict[str, Any]]:
    """Run one purchasing action with Odoo and the database, mapping outages to a reply."""

    def node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        lang = state.get("lang", "es")
        understanding = Understanding.model_validate(state.get("understanding"))
        requester = state.get("requester_info")
        assert requester is not None
        with services.db().connection() as conn:
            turn = Turn(
                odoo=services.odoo(),
                conn=conn,
                requester=requester,
                thread_id=_thread_id(),
                turn_key=state.get("turn_key", ""),
                lang=lang,
                conversation_orders=list(state.get("orders") or []),
                pending=state.get("pending"),
            )
            try:
                result = action(turn, understanding, context_of(runtime))
            except OdooUnavailable as exc:
                log.warning("odoo unavailable: %s", exc)
                return {"reply": t(lang, "erp_down")}
            except OdooRefused as exc:
                return {"reply": t(lang, "failed", reason=str(exc))}
        known = list(state.get("orders") or [])
        for order in result.orders:
            if order.name not in known:
                known.append(order.name)
        return {
            "reply": result.reply,
            "orders": known[-20:],
            "pending": result.pending,
            "orders_touched": [_summary(o) for o in result.orders],
        }

    node.__name__ = name
    return node


def _summary(order: Order) -> OrderSummary:
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


def hand_off(state: State) -> dict[str, Any]:
    """Tell the requester a person takes over; leave agents a note with the orders."""
    lang = state.get("lang", "es")
    requester = state.get("requester_info") or {}
    orders = ", ".join(state.get("orders") or []) or "—"
    note = (
        f"Handoff requested by {requester.get('name', 'unknown requester')}.\n"
        f"Last message: {state.get('turn_text', '')[:500]}\nOrders in this conversation: {orders}"
    )
    return {"reply": t(lang, "handoff"), "private_note": note, "handoff": True}


def greet(state: State) -> dict[str, Any]:
    requester = state.get("requester_info") or {}
    first = str(requester.get("name", "")).split(" ")[0]
    return {"reply": t(state.get("lang", "es"), "help", name=f" {first}" if first else "")}


def post_reply(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Post the reply in the Chatwoot conversation, once per turn, and record it."""
    reply = state.get("reply") or ""
    conversation = state.get("conversation")
    update: dict[str, Any] = {"messages": [AIMessage(content=reply)]} if reply else {}
    if not reply or not conversation or context_of(runtime).dry_run:
        return update
    account, conv = conversation["account_id"], conversation["conversation_id"]
    key = f"{_thread_id()}:{state.get('turn_key', '')}"
    chatwoot = services.chatwoot()
    with services.db().connection() as conn:
        queued = ledger.queue_reply(
            conn, account_id=account, conversation_id=conv, reply_key=key, content=reply
        )
        if queued is not None and queued.status == "sent":
            return update
        try:
            message_id = chatwoot.post_message(account, conv, reply, reply_key=key)
            if state.get("handoff"):
                note = state.get("private_note") or ""
                chatwoot.post_message(account, conv, note, private=True, reply_key=key + ":note")
                chatwoot.set_status(account, conv, "open")
        except ChatwootError as exc:
            log.warning("reply to conversation %s failed: %s", conv, exc)
            if queued is not None:
                ledger.mark_reply(conn, queued.id, "failed")
            return update
        if queued is not None:
            ledger.mark_reply(conn, queued.id, "sent", message_id)
    return update
