"""Which orders belong to whom (`purchasing.order_link`), and writes already applied.

A link says which requester and conversation an Odoo order belongs to; an applied-write key
makes an addition to an open RFQ happen once per turn even when the run is retried.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg


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
