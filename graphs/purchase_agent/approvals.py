"""Approvals: asking approvers (Slack and a private note) and applying their decision.

A decision names a known approver and, from a link, the request it was made for. Code checks,
in order: the approver is known, the request is still open (the newest of its order, not
expired, not decided), the order has not changed since it was asked about, the total is
within the approver's limit, and the approver is not the requester. Every refusal is audited
and counted; nothing is written to Odoo unless all hold.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from slack_sdk.webhook import WebhookClient

from contract.runs import Conversation
from core import metrics
from core.settings import get_settings
from graphs.purchase_agent import replies, services
from graphs.purchase_agent.replies import money, t
from graphs.purchase_agent.state import ApprovalOutcome, Notice, State
from graphs.purchase_agent.turn import snapshot, summary
from records import approvals, audit, requesters
from records import orders as order_links
from records.approvals import ApprovalRequest, Approver
from tools.odoo import OdooClient, OdooRefused, OdooUnavailable, Order

log = logging.getLogger("purchase_agent.graph")


def request_lines(order: Order) -> list[list[Any]]:
    """An order's lines as an approval request keeps them, to tell later if they changed."""
    return [[line.code, line.qty, line.uom, line.price_unit] for line in order.lines]


def ask(conn: psycopg.Connection, order: Order, requester: str) -> ApprovalRequest:
    """Open a request for the order as it is now (any older one is superseded)."""
    return approvals.open_request(
        conn,
        order_name=order.name,
        amount_total=order.amount_total,
        currency=order.currency,
        vendor=order.vendor_name,
        requester=requester,
        lines=request_lines(order),
        ttl_hours=get_settings().approval_link_ttl_hours,
    )


def notify(conn: psycopg.Connection, order_name: str) -> str | None:
    """Tell approvers an order waits for them; returns the text (None if nothing is asked)."""
    settings = get_settings()
    request = approvals.newest_request(conn, order_name)
    found = order_links.find_link(conn, order_name)
    if found is None or request is None:
        return None
    order = services.odoo().order(found.odoo_id)
    base = settings.public_ingest_url or f"http://127.0.0.1:{settings.ingest_port}"
    secret = settings.approval_secret
    how = replies.approval_how(
        approvals.link(base, secret, request.id, "approve") if secret else None,
        approvals.link(base, secret, request.id, "reject") if secret else None,
    )
    text = replies.approval_request(order, request.requester, how)
    if settings.slack_webhook_url:
        try:
            response = WebhookClient(settings.slack_webhook_url, timeout=10).send(text=text)
            if response.status_code >= 300:
                log.warning("slack answered %s for %s", response.status_code, order.name)
        except Exception as exc:  # noqa: BLE001 - the private note still reaches agents
            log.warning("slack notification for %s failed: %s", order.name, exc)
    return text


def decide_approval(state: State) -> dict[str, Any]:
    """Apply an approver's decision to the order's open request; tell the requester."""
    decision = state.get("turn_approval") or {}
    name = str(decision.get("order_ref") or "")
    verdict = "approve" if decision.get("decision") == "approve" else "reject"
    said = state.get("lang") or "en"  # the approver's language: chat sets it, else English
    with services.db().connection() as conn:
        approver = approvals.find_approver(conn, decision.get("by"))
        link = order_links.find_link(conn, name)
        if approver is None:
            return _refuse(conn, said, name, str(decision.get("by") or "?"), "unknown_approver")
        request_id = decision.get("request_id")
        request = (
            approvals.get_request(conn, request_id)
            if request_id
            else approvals.newest_request(conn, name)
        )
        if link is None or request is None or request.order_name != name:
            return _refuse(conn, said, name, approver.name, "not_awaiting")
        if request.state != "open":
            return _refuse(conn, said, name, approver.name, request.state)
        odoo = services.odoo()
        try:
            before = odoo.order(link.odoo_id)
            if request_lines(before) != request.lines or _changed(before, request):
                return _refuse(conn, said, name, approver.name, "changed")
            if verdict == "approve" and not approver.may_approve(before.amount_total):
                return _over_limit(conn, said, link, before, approver)
            if _is_requester(conn, link.requester_id, approver):
                return _refuse(conn, said, name, approver.name, "own_order")
            if not approvals.decide_request(conn, request.id, verdict, approver.name):
                return _refuse(conn, said, name, approver.name, "decided")
            order = _apply(odoo, before) if verdict == "approve" else before
        except (OdooUnavailable, OdooRefused) as exc:
            return _outcome(name, "failed", t(said, "decision_failed", name=name, reason=exc))
        approvals.set_awaiting_approval(conn, name, False)
        audit.audit(
            conn,
            actor_kind="approver",
            actor=approver.name,
            action=verdict,
            order_name=name,
            thread_id=link.thread_id,
            conversation_id=link.chatwoot_conversation_id,
            before=snapshot(before),
            after=snapshot(order) | {"note": decision.get("note") or "", "request": request.id},
        )
    lang = link.lang
    note = f" ({decision['note']})" if decision.get("note") else ""
    words = replies.state_words(lang, order.state)
    told = t(
        lang,
        "approved" if verdict == "approve" else "rejected",
        name=order.name, by=approver.name, state=words, total=money(order), note=note,
    )  # fmt: skip
    if order.state == "to approve":
        told += " " + t(lang, "odoo_second_approval", name=order.name)
    status = "approved" if verdict == "approve" else "rejected"
    update = _outcome(name, status, told, _conversation_of(link))
    return update | {"orders_touched": [summary(order)]}


def _apply(odoo: OdooClient, order: Order) -> Order:
    """Confirm; when Odoo's own double validation holds it, give its second approval."""
    confirmed = odoo.confirm(order.id) if order.is_open else order
    return odoo.approve(confirmed.id) if confirmed.state == "to approve" else confirmed


def _conversation_of(link: order_links.OrderLink) -> Conversation | None:
    """Where the requester of this order writes (None for orders made through the SDK)."""
    found = link.conversation()
    if found is None:
        return None
    return {"account_id": found["account_id"], "conversation_id": found["conversation_id"]}


def _changed(order: Order, request: ApprovalRequest) -> bool:
    return abs(order.amount_total - request.amount_total) > 0.005


def _is_requester(conn: psycopg.Connection, requester_id: int, approver: Approver) -> bool:
    person = requesters.get(conn, requester_id)
    if person is None:
        return False
    same_phone = person.phone is not None and person.phone == approver.phone
    return same_phone or (person.email is not None and person.email == approver.email)


def _over_limit(
    conn: psycopg.Connection,
    lang: str,
    link: order_links.OrderLink,
    order: Order,
    approver: Approver,
) -> dict[str, Any]:
    """Refused, and the requester hears that it waits for someone with a higher limit."""
    refused = _refuse(conn, lang, order.name, approver.name, "over_limit")
    waits = t(link.lang, "waits_higher_limit", name=order.name, total=money(order))
    target = _conversation_of(link)
    if target is not None:
        notice: Notice = {"target": target, "text": waits}
        refused["notices"] = [notice]
    return refused


def _refuse(
    conn: psycopg.Connection, lang: str, name: str, who: str, reason: str
) -> dict[str, Any]:
    metrics.APPROVAL_REFUSALS.labels(reason).inc()
    audit.audit(
        conn,
        actor_kind="approver",
        actor=who,
        action="approval_refused",
        order_name=name or None,
        after={"reason": reason},
    )
    return _outcome(name, reason, t(lang, f"refused_{reason}", name=name or "?"))


def _outcome(
    name: str, status: str, reply: str, requester_at: Conversation | None = None
) -> dict[str, Any]:
    """The answer to whoever decided; the same words to the requester's conversation."""
    outcome: ApprovalOutcome = {"order_ref": name, "status": status}
    update: dict[str, Any] = {"reply": reply, "approval_outcome": outcome}
    if requester_at is not None:
        notice: Notice = {"target": requester_at, "text": reply}
        update["notices"] = [notice]
    return update
