"""In-memory stand-ins for the Odoo and Chatwoot clients, for the fast graph tests.

They answer the same calls as `tools.odoo.OdooClient` and `tools.chatwoot.ChatwootClient`
with the same record types, from the reference catalogue, and remember what was asked of
them. Purchase rules (state changes, totals) follow Odoo's; the wire formats are not
exercised here: the integration tier does that against the sandboxes.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tools.chatwoot import ChatwootError, ConversationState
from tools.odoo import OPEN_STATES, OdooRefused, OdooUnavailable, Order, OrderLine, Product, Seller

CATALOG = Path(__file__).resolve().parents[2] / "fixtures" / "catalog.json"
# Order ids run on across stand-ins, so order names stay unique in a shared test database.
_ORDER_IDS = itertools.count(1)


@dataclass
class _Line:
    id: int
    product_id: int
    qty: float
    price_unit: float


@dataclass
class _Order:
    id: int
    name: str
    vendor_id: int
    origin: str
    state: str = "draft"
    lines: list[_Line] = field(default_factory=list)


class OdooStandIn:
    """The reference company's Odoo, in memory. `down = True` makes every call unavailable;
    `double_validation` (an amount) holds larger confirmed orders in `to approve`, which
    `approve` clears only while `may_approve` (the user is a purchase manager)."""

    def __init__(self, catalog: Path = CATALOG) -> None:
        data = json.loads(catalog.read_text(encoding="utf-8"))
        self.currency = data["company"]["currency"]
        self.down = False
        self.double_validation: float | None = None
        self.may_approve = True
        self.calls: list[str] = []
        self.product_langs: list[str | None] = []
        self._products: dict[str, Product] = {}
        for index, p in enumerate(data["products"], start=1):
            self._products[p["code"]] = Product(
                id=index, tmpl_id=100 + index, code=p["code"], name=p["name"],
                uom=p["uom"], on_hand=float(p.get("on_hand", 0)),
                purchase_uom=p.get("purchase_uom", p["uom"]),
            )  # fmt: skip
        self._vendors: dict[int, str] = {}
        self._sellers: list[Seller] = []
        for index, vendor in enumerate(data["vendors"], start=1):
            self._vendors[index] = vendor["name"]
            for offer in vendor["supplies"]:
                product = self._products[offer["code"]]
                self._sellers.append(
                    Seller(
                        vendor_id=index, vendor_name=vendor["name"], tmpl_id=product.tmpl_id,
                        price=float(offer["price"]), min_qty=float(offer["min_qty"]),
                    )
                )  # fmt: skip
        self._orders: dict[int, _Order] = {}
        self._next_line = 1

    def _call(self, name: str) -> None:
        if self.down:
            raise OdooUnavailable("connection refused")
        self.calls.append(name)

    # -- catalogue ------------------------------------------------------------------------
    def products(self, codes: Iterable[str], lang: str | None = None) -> dict[str, Product]:
        """Names in the catalogue's language whatever `lang` (the sandbox tests translations);
        the language asked for is kept in `product_langs`."""
        self._call("products")
        self.product_langs.append(lang)
        return {c: self._products[c] for c in sorted(set(codes)) if c in self._products}

    def sellers(self, tmpl_ids: Iterable[int]) -> list[Seller]:
        self._call("sellers")
        wanted = set(tmpl_ids)
        return [s for s in self._sellers if s.tmpl_id in wanted]

    # -- orders ---------------------------------------------------------------------------
    def orders(self, ids: Sequence[int]) -> list[Order]:
        self._call("orders")
        return [self._read(self._orders[i]) for i in ids if i in self._orders]

    def order(self, order_id: int) -> Order:
        return self.orders([order_id])[0]

    def create_order(
        self, vendor_id: int, lines: Sequence[tuple[int, float, float | None]], origin: str
    ) -> tuple[Order, bool]:
        self._call("create_order")
        for existing in self._orders.values():
            if existing.origin == origin:
                return self._read(existing), False
        order_id = next(_ORDER_IDS)
        order = _Order(id=order_id, name=f"P{order_id:05d}", vendor_id=vendor_id, origin=origin)
        self._orders[order_id] = order
        for product_id, qty, price in lines:
            order.lines.append(self._new_line(vendor_id, product_id, qty, price))
        return self._read(order), True

    def change_lines(
        self,
        order_id: int,
        *,
        add: Sequence[tuple[int, float, float | None]] = (),
        update: Sequence[tuple[int, float | None, float | None]] = (),
        remove: Sequence[int] = (),
    ) -> Order:
        self._call("change_lines")
        order = self._orders[order_id]
        if order.state not in OPEN_STATES:
            raise OdooRefused(f"{order.name} is {order.state}")
        for product_id, qty, price in add:
            order.lines.append(self._new_line(order.vendor_id, product_id, qty, price))
        for line_id, new_qty, new_price in update:
            line = next(x for x in order.lines if x.id == line_id)
            if new_qty is not None:
                line.qty = new_qty
            if new_price is not None:
                line.price_unit = new_price
        order.lines = [x for x in order.lines if x.id not in set(remove)]
        return self._read(order)

    def confirm(self, order_id: int) -> Order:
        self._call("confirm")
        order = self._orders[order_id]
        if order.state in OPEN_STATES:
            held = self.double_validation is not None
            big = held and self._read(order).amount_total >= (self.double_validation or 0.0)
            order.state = "to approve" if big else "purchase"
        return self._read(order)

    def approve(self, order_id: int) -> Order:
        self._call("approve")
        order = self._orders[order_id]
        if order.state == "to approve" and self.may_approve:
            order.state = "purchase"
        return self._read(order)

    def cancel(self, order_id: int) -> Order:
        self._call("cancel")
        order = self._orders[order_id]
        if order.state == "done":
            raise OdooRefused("a locked order cannot be cancelled")
        order.state = "cancel"
        return self._read(order)

    # -- what the tests look at --------------------------------------------------------------
    def buy_in(self, code: str, unit: str) -> None:
        """Make `code` bought in `unit` (Odoo's purchase unit) while stocked in its own."""
        self._products[code] = replace(self._products[code], purchase_uom=unit)

    def all_orders(self) -> list[Order]:
        return [self._read(o) for o in self._orders.values()]

    def _new_line(self, vendor_id: int, product_id: int, qty: float, price: float | None) -> _Line:
        """A line priced as Odoo prices it: the vendor's supplierinfo price unless one is given."""
        product = next(p for p in self._products.values() if p.id == product_id)
        if price is None:
            price = next(
                s.price
                for s in self._sellers
                if s.tmpl_id == product.tmpl_id and s.vendor_id == vendor_id
            )
        self._next_line += 1
        return _Line(id=self._next_line, product_id=product_id, qty=qty, price_unit=price)

    def _read(self, order: _Order) -> Order:
        by_id = {p.id: p for p in self._products.values()}
        lines = tuple(
            OrderLine(
                id=x.id, product_id=x.product_id, code=by_id[x.product_id].code,
                name=by_id[x.product_id].name, qty=x.qty, uom=by_id[x.product_id].uom,
                price_unit=x.price_unit, subtotal=round(x.qty * x.price_unit, 2), qty_received=0.0,
            )
            for x in order.lines
        )  # fmt: skip
        return Order(
            id=order.id, name=order.name, state=order.state, vendor_id=order.vendor_id,
            vendor_name=self._vendors[order.vendor_id], currency=self.currency,
            amount_total=round(sum(x.subtotal for x in lines), 2), date_planned=None,
            origin=order.origin, lines=lines,
        )  # fmt: skip


@dataclass(frozen=True)
class Posted:
    account_id: int
    conversation_id: int
    content: str
    private: bool
    reply_key: str | None


class ChatwootStandIn:
    """A Chatwoot that records posts and status changes. `failing = True` refuses posts."""

    def __init__(self) -> None:
        self.posted: list[Posted] = []
        self.statuses: dict[tuple[int, int], str] = {}
        self.teams: dict[tuple[int, int], int] = {}
        self.assignee: dict[tuple[int, int], str | None] = {}
        self.failing = False

    def post_message(
        self,
        account_id: int,
        conversation_id: int,
        content: str,
        *,
        private: bool = False,
        reply_key: str | None = None,
    ) -> int:
        if self.failing:
            raise ChatwootError("POST messages: 503")
        self.posted.append(Posted(account_id, conversation_id, content, private, reply_key))
        return len(self.posted)

    def conversation_state(self, account_id: int, conversation_id: int) -> ConversationState:
        key = (account_id, conversation_id)
        return ConversationState(
            status=self.statuses.get(key, "pending"), assignee_type=self.assignee.get(key)
        )

    def set_status(self, account_id: int, conversation_id: int, status: str) -> None:
        self.statuses[(account_id, conversation_id)] = status

    def assign_team(self, account_id: int, conversation_id: int, team_id: int) -> None:
        self.teams[(account_id, conversation_id)] = team_id

    def replies(self, conversation_id: int) -> list[str]:
        return [
            p.content for p in self.posted if p.conversation_id == conversation_id and not p.private
        ]

    def notes(self, conversation_id: int) -> list[str]:
        return [
            p.content for p in self.posted if p.conversation_id == conversation_id and p.private
        ]
