"""The audit trail (`purchasing.audit_event`): every write, decision, handoff and reply."""

from __future__ import annotations

import json
from typing import Any

import psycopg


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
