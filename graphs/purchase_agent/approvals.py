"""Approvals: asking approvers (Slack and a private note) and applying their decision."""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from slack_sdk.webhook import WebhookClient

from core.settings import get_settings
from graphs.purchase_agent import replies, services
from graphs.purchase_agent.replies import money, t
from graphs.purchase_agent.state import State
from graphs.purchase_agent.turn import snapshot, summary
from records import approvals, audit
from records import orders as order_links
from tools.odoo import OdooRefused, OdooUnavailable

log = logging.getLogger("purchase_agent.graph")


def notify(conn: psycopg.Connection, order_name: str) -> str | None:
    """Tell approvers an order waits for them; returns the text (None if unknown order)."""
    settings = get_settings()
    found = order_links.find_link(conn, order_name)
    if found is None:
        return None
    order = services.odoo().order(found.odoo_id)
    row = conn.execute(
        "SELECT name FROM purchasing.requester WHERE id = %s", (found.requester_id,)
    ).fetchone()
    requester = row[0] if row else "?"
    base = settings.public_ingest_url or f"http://127.0.0.1:{settings.ingest_port}"
    secret = settings.approval_secret
    how = replies.approval_how(
        approvals.link(base, secret, order.name, "approve") if secret else None,
        approvals.link(base, secret, order.name, "reject") if secret else None,
    )
    text = replies.approval_request(order, requester, how)
    if settings.slack_webhook_url:
        try:
            response = WebhookClient(settings.slack_webhook_url, timeout=10).send(text=text)
            if response.status_code >= 300:
                log.warning("slack answered %s for %s", response.status_code, order.name)
        except Exception as exc:  # noqa: BLE001 - the private note still reaches agents
            log.warning("slack notification for %s failed: %s", order.name, exc)
    return text


def decide_approval(state: State) -> dict[str, Any]:
    """Apply an approver's decision to an order that waits for one; tell the requester."""
    decision = state.get("turn_approval") or {}
    name = str(decision.get("order_ref") or "")
    approver = str(decision.get("by") or "approver")
    with services.db().connection() as conn:
        link = order_links.find_link(conn, name)
        if link is None or not link.awaiting_approval:
            return {"reply": t("en", "not_awaiting", name=name or "That order")}
        lang = link.lang
        odoo = services.odoo()
        try:
            before = odoo.order(link.odoo_id)
            approved = decision.get("decision") == "approve"
            order = odoo.confirm(before.id) if approved and before.is_open else before
        except (OdooUnavailable, OdooRefused) as exc:
            return {"reply": t("en", "decision_failed", name=name, reason=exc)}
        approvals.set_awaiting_approval(conn, name, False)
        audit.audit(
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
    reply = t(
        lang,
        "approved" if approved else "rejected",
        name=order.name,
        by=approver,
        state=replies.state_words(lang, order.state),
        total=money(order),
        note=f" ({decision['note']})" if decision.get("note") else "",
    )
    return {"reply": reply, "reply_to": link.conversation(), "orders_touched": [summary(order)]}
