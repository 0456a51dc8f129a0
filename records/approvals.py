"""Orders waiting for an approver, and the signed approve/reject links that decide them.

Whoever holds a link may decide that order, nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

import psycopg

DECISIONS = ("approve", "reject")


def set_awaiting_approval(conn: psycopg.Connection, order_name: str, awaiting: bool) -> None:
    conn.execute(
        "UPDATE purchasing.order_link SET awaiting_approval = %s WHERE order_name = %s",
        (awaiting, order_name),
    )


def signature(secret: str, order_name: str, decision: str) -> str:
    message = f"{order_name}:{decision}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, order_name: str, decision: str, given: str) -> bool:
    return decision in DECISIONS and hmac.compare_digest(
        signature(secret, order_name, decision), given
    )


def link(base_url: str, secret: str, order_name: str, decision: str) -> str:
    query = urlencode({"decision": decision, "sig": signature(secret, order_name, decision)})
    return f"{base_url.rstrip('/')}/approvals/{order_name}?{query}"
