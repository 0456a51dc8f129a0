"""Who may approve (`purchasing.approver`), each request for approval an order went through
(`purchasing.approval_request`), and the signed links that decide one request.

A link is an HMAC of (request id, decision): it decides that request only, and only while the
request is open (the newest of its order, not expired, not yet decided).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlencode

import psycopg
from psycopg import AsyncConnection

from records.requesters import E164, normalise_phone, reachable_at

DECISIONS = ("approve", "reject")
RequestState = Literal["open", "superseded", "expired", "decided"]


@dataclass(frozen=True)
class Approver:
    id: int
    name: str
    phone: str | None
    email: str | None
    limit: float | None  # company currency; None: no limit

    def may_approve(self, amount: float) -> bool:
        return self.limit is None or amount <= self.limit

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


_APPROVER = "id, name, phone, email, limit_amount::float8"


def add_approver(
    conn: psycopg.Connection,
    *,
    name: str,
    phone: str | None,
    email: str | None,
    limit: float | None,
) -> Approver:
    phone = reachable_at(phone, email, "an approver")
    if limit is not None and limit < 0:
        raise ValueError("a limit is an amount of at least 0")
    row = conn.execute(
        "INSERT INTO purchasing.approver (name, phone, email, limit_amount)"
        f" VALUES (%s, %s, %s, %s) RETURNING {_APPROVER}",
        (name, phone, email.lower() if email else None, limit),
    ).fetchone()
    assert row is not None
    return Approver(*row)


def list_approvers(conn: psycopg.Connection) -> list[Approver]:
    rows = conn.execute(f"SELECT {_APPROVER} FROM purchasing.approver ORDER BY id").fetchall()
    return [Approver(*row) for row in rows]


def remove_approver(conn: psycopg.Connection, key: str) -> bool:
    """Remove by phone, email or id; True when a row went away."""
    cur = conn.execute(
        "DELETE FROM purchasing.approver WHERE phone = %s OR email = lower(%s) OR id::text = %s",
        (normalise_phone(key) if key.startswith("+") else key, key, key),
    )
    return cur.rowcount > 0


def find_approver(conn: psycopg.Connection, who: str | None) -> Approver | None:
    """The approver a phone or an email names (callers and links name approvers so)."""
    who = (who or "").strip()
    if not who:
        return None
    phone = normalise_phone(who) if "@" not in who else None
    row = conn.execute(
        f"SELECT {_APPROVER} FROM purchasing.approver WHERE phone = %s OR email = lower(%s)",
        (phone if phone and E164.match(phone) else None, who),
    ).fetchone()
    return Approver(*row) if row else None


@dataclass(frozen=True)
class ApprovalRequest:
    id: str
    order_name: str
    amount_total: float
    currency: str
    vendor: str
    requester: str
    lines: list[list[Any]]  # [code, qty, uom, price_unit] as the order had them
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    decision: str | None
    decided_by: str | None
    newest: bool
    now: datetime

    @property
    def state(self) -> RequestState:
        """Superseded first: an old link is answered with the news that a newer one exists."""
        if not self.newest:
            return "superseded"
        if self.decided_at is not None:
            return "decided"
        return "expired" if self.now >= self.expires_at else "open"


_REQUEST = (
    "r.id::text, r.order_name, r.amount_total::float8, r.currency, r.vendor, r.requester,"
    " r.lines, r.created_at, r.expires_at, r.decided_at, r.decision, r.decided_by,"
    " NOT EXISTS (SELECT 1 FROM purchasing.approval_request n WHERE n.order_name = r.order_name"
    " AND n.created_at > r.created_at), now()"
)
_BY_ID = f"SELECT {_REQUEST} FROM purchasing.approval_request r WHERE r.id::text = %s"
_NEWEST = (
    f"SELECT {_REQUEST} FROM purchasing.approval_request r WHERE r.order_name = %s"
    " ORDER BY r.created_at DESC LIMIT 1"
)


def open_request(
    conn: psycopg.Connection,
    *,
    order_name: str,
    amount_total: float,
    currency: str,
    vendor: str,
    requester: str,
    lines: list[list[Any]],
    ttl_hours: float,
) -> ApprovalRequest:
    """A new request for the order as it is now; every older one is superseded by it."""
    row = conn.execute(
        "INSERT INTO purchasing.approval_request (order_name, amount_total, currency, vendor,"
        " requester, lines, expires_at) VALUES (%s, %s, %s, %s, %s, %s,"
        " now() + make_interval(secs => %s * 3600)) RETURNING id::text",
        (order_name, amount_total, currency, vendor, requester, json.dumps(lines), ttl_hours),
    ).fetchone()
    assert row is not None
    set_awaiting_approval(conn, order_name, True)
    found = get_request(conn, row[0])
    assert found is not None
    return found


def get_request(conn: psycopg.Connection, request_id: str) -> ApprovalRequest | None:
    row = conn.execute(_BY_ID, (request_id,)).fetchone()
    return ApprovalRequest(*row) if row else None


async def aget_request(conn: AsyncConnection, request_id: str) -> ApprovalRequest | None:
    """`get_request` for the ingest's asynchronous connections."""
    cur = await conn.execute(_BY_ID, (request_id,))
    row = await cur.fetchone()
    return ApprovalRequest(*row) if row else None


def newest_request(conn: psycopg.Connection, order_name: str) -> ApprovalRequest | None:
    row = conn.execute(_NEWEST, (order_name,)).fetchone()
    return ApprovalRequest(*row) if row else None


def decide_request(conn: psycopg.Connection, request_id: str, decision: str, by: str) -> bool:
    """Record the decision once: False when another decision got there first."""
    cur = conn.execute(
        "UPDATE purchasing.approval_request SET decided_at = now(), decision = %s,"
        " decided_by = %s WHERE id::text = %s AND decided_at IS NULL",
        (decision, by, request_id),
    )
    return cur.rowcount == 1


def set_awaiting_approval(conn: psycopg.Connection, order_name: str, awaiting: bool) -> None:
    conn.execute(
        "UPDATE purchasing.order_link SET awaiting_approval = %s WHERE order_name = %s",
        (awaiting, order_name),
    )


def signature(secret: str, request_id: str, decision: str) -> str:
    message = f"approval-request:{request_id}:{decision}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, request_id: str, decision: str, given: str) -> bool:
    return decision in DECISIONS and hmac.compare_digest(
        signature(secret, request_id, decision), given
    )


def link(base_url: str, secret: str, request_id: str, decision: str) -> str:
    query = urlencode({"decision": decision, "sig": signature(secret, request_id, decision)})
    return f"{base_url.rstrip('/')}/approvals/{request_id}?{query}"
