"""The working set of one purchasing action, and what it gives back.

Actions (`ordering`, `lifecycle`) take a `Turn` and return a `Result`; the graph nodes in
`actions` build the one and turn the other into a state update.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import psycopg

from core import metrics
from graphs.purchase_agent.state import OrderSummary, Pending, RequesterInfo
from records import audit
from tools.odoo import OdooClient, Order


@dataclass
class Result:
    reply: str
    orders: list[Order] = field(default_factory=list)
    pending: Pending | None = None
    needs_approval: list[Order] = field(default_factory=list)


@dataclass
class Turn:
    """Everything an action needs about the current turn."""

    odoo: OdooClient
    conn: psycopg.Connection
    requester: RequesterInfo
    thread_id: str | None
    turn_key: str
    lang: str
    conversation_orders: list[str]
    pending: Pending | None
    conversation: dict[str, Any] | None = None
    actor_kind: str = "requester"

    def asking(self, kind: str, orders: Sequence[Order], **more: Any) -> Pending:
        """The question the agent asks now about `orders`, remembered for the answer, with
        the products on them (so "la harina" means the flour the order has, among many)."""
        pending: dict[str, Any] = {"kind": kind, "orders": [o.name for o in orders]}
        pending["vendors"] = [o.vendor_name for o in orders]
        pending["codes"] = sorted({line.code for o in orders for line in o.lines if line.code})
        return cast(Pending, pending | more)

    def record(self, action: str, order: Order, before: Order | None = None) -> None:
        """Audit one write to Odoo with the order as it was and as Odoo now has it."""
        metrics.ORDERS.labels(action).inc()
        audit.audit(
            self.conn,
            actor_kind=self.actor_kind,
            actor=self.requester["name"],
            action=action,
            order_name=order.name,
            thread_id=self.thread_id,
            conversation_id=(self.conversation or {}).get("conversation_id"),
            before=snapshot(before) if before else None,
            after=snapshot(order),
        )


def snapshot(order: Order) -> dict[str, Any]:
    return {
        "state": order.state,
        "vendor": order.vendor_name,
        "amount_total": order.amount_total,
        "lines": [[line.code, line.qty, line.price_unit] for line in order.lines],
    }


def summary(order: Order) -> OrderSummary:
    """An order as callers receive it in `orders_touched`."""
    return {
        "name": order.name,
        "state": order.state,
        "vendor": order.vendor_name,
        "amount_total": order.amount_total,
        "currency": order.currency,
        "lines": [
            {"code": line.code, "qty": line.qty, "uom": line.uom, "price_unit": line.price_unit}
            for line in order.lines
        ],
    }
