"""The agent's own records in PostgreSQL: which orders belong to whom, and outbound replies.

Odoo stays the source of truth for the orders themselves; these rows only say which requester
and conversation an order belongs to, and make each reply idempotent by its key.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg


@dataclass(frozen=True)
class OrderLink:
    order_name: str
    odoo_id: int
    requester_id: int
    vendor_id: int
    thread_id: str | None
    awaiting_approval: bool


_LINK_COLUMNS = "order_name, odoo_id, requester_id, vendor_id, thread_id::text, awaiting_approval"


def link_order(
    conn: psycopg.Connection,
    *,
    order_name: str,
    odoo_id: int,
    requester_id: int,
    vendor_id: int,
    thread_id: str | None,
) -> None:
    conn.execute(
        "INSERT INTO purchasing.order_link"
        " (order_name, odoo_id, requester_id, vendor_id, thread_id)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (order_name) DO NOTHING",
        (order_name, odoo_id, requester_id, vendor_id, thread_id),
    )


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
