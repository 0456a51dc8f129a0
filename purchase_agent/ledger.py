"""The agent's own records in PostgreSQL: which orders belong to whom, and outbound replies.

Odoo stays the source of truth for the orders themselves; these rows only say which requester
and conversation an order belongs to, and make each reply idempotent by its key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import psycopg

# Wakes the ingest's dispatcher (LISTEN); sql/006 spells it out too.
OUTBOX_CHANNEL = "purchase_agent_outbox"


@dataclass(frozen=True)
class OrderLink:
    order_name: str
    odoo_id: int
    requester_id: int
    vendor_id: int
    thread_id: str | None
    awaiting_approval: bool
    chatwoot_account_id: int | None
    chatwoot_conversation_id: int | None
    lang: str

    def conversation(self) -> dict[str, int] | None:
        if self.chatwoot_account_id is None or self.chatwoot_conversation_id is None:
            return None
        return {
            "account_id": self.chatwoot_account_id,
            "conversation_id": self.chatwoot_conversation_id,
        }


_LINK_COLUMNS = (
    "order_name, odoo_id, requester_id, vendor_id, thread_id::text, awaiting_approval,"
    " chatwoot_account_id, chatwoot_conversation_id, lang"
)


def link_order(
    conn: psycopg.Connection,
    *,
    order_name: str,
    odoo_id: int,
    requester_id: int,
    vendor_id: int,
    thread_id: str | None,
    conversation: dict[str, Any] | None,
    lang: str,
) -> None:
    conn.execute(
        "INSERT INTO purchasing.order_link (order_name, odoo_id, requester_id, vendor_id,"
        " thread_id, chatwoot_account_id, chatwoot_conversation_id, lang)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (order_name) DO NOTHING",
        (
            order_name,
            odoo_id,
            requester_id,
            vendor_id,
            thread_id,
            (conversation or {}).get("account_id"),
            (conversation or {}).get("conversation_id"),
            lang,
        ),
    )


def find_link(conn: psycopg.Connection, order_name: str) -> OrderLink | None:
    row = conn.execute(
        f"SELECT {_LINK_COLUMNS} FROM purchasing.order_link WHERE order_name = %s", (order_name,)
    ).fetchone()
    return OrderLink(*row) if row else None


def requester_orders(conn: psycopg.Connection, requester_id: int) -> list[OrderLink]:
    rows = conn.execute(
        f"SELECT {_LINK_COLUMNS} FROM purchasing.order_link"
        " WHERE requester_id = %s ORDER BY created_at, order_name",
        (requester_id,),
    ).fetchall()
    return [OrderLink(*row) for row in rows]


def set_awaiting_approval(conn: psycopg.Connection, order_name: str, awaiting: bool) -> None:
    conn.execute(
        "UPDATE purchasing.order_link SET awaiting_approval = %s WHERE order_name = %s",
        (awaiting, order_name),
    )


@dataclass(frozen=True)
class QueuedReply:
    id: int
    status: str
    already_existed: bool


def queue_reply(
    conn: psycopg.Connection,
    *,
    account_id: int,
    conversation_id: int,
    reply_key: str,
    content: str,
) -> QueuedReply | None:
    """Record the reply before posting it; a retry finds the row and its status.

    Returns None when the conversation is unknown to the ingest (nothing to attach to).
    """
    row = conn.execute(
        "SELECT id FROM communication.conversation"
        " WHERE chatwoot_account_id = %s AND chatwoot_conversation_id = %s",
        (account_id, conversation_id),
    ).fetchone()
    if row is None:
        return None
    inserted = conn.execute(
        "INSERT INTO communication.message (conversation_id, direction, status, reply_key, content)"
        " VALUES (%s, 'outbound', 'queued', %s, %s)"
        " ON CONFLICT (reply_key) DO NOTHING RETURNING id, status",
        (row[0], reply_key, content),
    ).fetchone()
    if inserted:
        return QueuedReply(id=inserted[0], status=inserted[1], already_existed=False)
    existing = conn.execute(
        "SELECT id, status FROM communication.message WHERE reply_key = %s", (reply_key,)
    ).fetchone()
    assert existing is not None
    return QueuedReply(id=existing[0], status=existing[1], already_existed=True)


def mark_reply(
    conn: psycopg.Connection, message_id: int, status: str, chatwoot_message_id: int | None = None
) -> None:
    conn.execute(
        "UPDATE communication.message SET status = %s,"
        " chatwoot_message_id = COALESCE(%s, chatwoot_message_id) WHERE id = %s",
        (status, chatwoot_message_id, message_id),
    )


def was_applied(conn: psycopg.Connection, key: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM purchasing.applied_write WHERE key = %s", (key,)).fetchone()
        is not None
    )


def record_applied(conn: psycopg.Connection, key: str, order_name: str) -> None:
    conn.execute(
        "INSERT INTO purchasing.applied_write (key, order_name) VALUES (%s, %s)"
        " ON CONFLICT (key) DO NOTHING",
        (key, order_name),
    )


def schedule_retry(conn: psycopg.Connection, thread_id: str, delay_seconds: float) -> None:
    """Ask the outbox to wake this thread again later (deferred work after an outage)."""
    conn.execute(
        "INSERT INTO ingest.outbox (kind, thread_id, payload, next_attempt_at)"
        " VALUES ('signal', %s, %s, now() + make_interval(secs => %s))",
        (thread_id, json.dumps({"signal": "retry"}), delay_seconds),
    )
    conn.execute(f"NOTIFY {OUTBOX_CHANNEL}")


def audit(
    conn: psycopg.Connection,
    *,
    actor_kind: str,
    actor: str,
    action: str,
    order_name: str | None = None,
    thread_id: str | None = None,
    conversation_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """One row of the audit trail; callers pass business fields only, never credentials."""
    conn.execute(
        "INSERT INTO purchasing.audit_event (actor_kind, actor, action, order_name, thread_id,"
        " conversation_id, before, after) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        (
            actor_kind,
            actor,
            action,
            order_name,
            thread_id,
            conversation_id,
            json.dumps(before) if before is not None else None,
            json.dumps(after) if after is not None else None,
        ),
    )


def audit_events(
    conn: psycopg.Connection, *, order: str | None, since: str | None, limit: int
) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT at, actor_kind, actor, action, order_name, thread_id::text, conversation_id,"
        " before, after FROM purchasing.audit_event"
        " WHERE (%(order)s::text IS NULL OR order_name = %(order)s)"
        " AND (%(since)s::timestamptz IS NULL OR at >= %(since)s::timestamptz)"
        " ORDER BY at, id LIMIT %(limit)s",
        {"order": order, "since": since, "limit": limit},
    ).fetchall()
    keys = ("at", "actor_kind", "actor", "action", "order", "thread_id", "conversation_id")
    return [dict(zip((*keys, "before", "after"), row, strict=True)) for row in rows]
