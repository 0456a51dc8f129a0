"""Asking approvers: a Slack message (incoming webhook) and the same text for agents."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.webhook import WebhookClient

from graphs.purchase_agent import replies, services
from purchase_agent import ledger
from purchase_agent.approval_links import link
from purchase_agent.settings import get_settings

log = logging.getLogger("purchase_agent.graph")


def notify(conn: Any, order_name: str) -> str | None:
    """Tell approvers an order waits for them; returns the text (None if unknown order)."""
    settings = get_settings()
    found = ledger.find_link(conn, order_name)
    if found is None:
        return None
    order = services.odoo().order(found.odoo_id)
    row = conn.execute(
        "SELECT name FROM purchasing.requester WHERE id = %s", (found.requester_id,)
    ).fetchone()
    requester = row[0] if row else "?"
    lines = "\n".join(replies.order_lines(order))
    base = settings.public_ingest_url or f"http://127.0.0.1:{settings.ingest_port}"
    secret = settings.approval_secret or ""
    how = (
        f"Approve: {link(base, secret, order.name, 'approve')}\n"
        f"Reject: {link(base, secret, order.name, 'reject')}"
        if secret
        else "Approve or reject through the API: input {'approval': {'order_ref', 'decision'}}"
    )
    text = (
        f"Approval needed: {order.name} for {requester} with {order.vendor_name}, "
        f"total {replies.money(order)}.\n{lines}\n{how}"
    )
    if settings.slack_webhook_url:
        try:
            response = WebhookClient(settings.slack_webhook_url, timeout=10).send(text=text)
            if response.status_code >= 300:
                log.warning("slack answered %s for %s", response.status_code, order.name)
        except Exception as exc:  # noqa: BLE001 - the private note still reaches agents
            log.warning("slack notification for %s failed: %s", order.name, exc)
    return text
