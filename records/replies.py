"""Outbound replies (`communication.message`, direction outbound), idempotent by reply key.

A reply is recorded as queued before it is posted, so a retried run finds it sent and does
not post it twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg


@dataclass(frozen=True)
class QueuedReply:
    id: int
    status: str


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
        return QueuedReply(id=inserted[0], status=inserted[1])
    existing = conn.execute(
        "SELECT id, status FROM communication.message WHERE reply_key = %s", (reply_key,)
    ).fetchone()
    assert existing is not None
    return QueuedReply(id=existing[0], status=existing[1])


def mark_reply(
    conn: psycopg.Connection, message_id: int, status: str, chatwoot_message_id: int | None = None
) -> None:
    conn.execute(
        "UPDATE communication.message SET status = %s,"
        " chatwoot_message_id = COALESCE(%s, chatwoot_message_id) WHERE id = %s",
        (status, chatwoot_message_id, message_id),
    )
