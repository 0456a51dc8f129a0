"""Purchase orders as Odoo 16-18 run them (odoo-rpc.md §2): defaults, totals and workflow.

Lines without a price take the cheapest matching vendor price (else the product cost),
`date_planned` = order date + the vendor's lead time, totals are recomputed on every change
(no taxes here), and the workflow methods keep Odoo's return values, `None` included.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .errors import UserError, ValidationError
from .orm import DISPLAY, Behaviour, Env, behaviour, compute, fmt, rpc
from .products import OPEN_STATES, description, select_seller
from .schema import PO_STATES
from .store import Record
from .values import to_stored

LINE = "purchase.order.line"
FROZEN = ("cancel", "done")  # orders whose lines cannot change
TRIGGERS = ("product_id", "product_qty", "product_uom")  # what re-runs the line compute


def _po_name(_env: Env, r: Record) -> str:
    return f"{r.get('name')} ({r['partner_ref']})" if r.get("partner_ref") else str(r.get("name"))


DISPLAY["purchase.order"] = _po_name
DISPLAY[LINE] = lambda env, r: (
    f"{env.display_name('purchase.order', r['order_id'])}: {r.get('name') or ''}"
)
compute(LINE, "taxes_id")(lambda _env, _r: [])


@compute("purchase.order", "invoice_status")
def _invoice_status(env: Env, order: Record) -> str:
    if order.get("state") not in OPEN_STATES:
        return "no"
    lines = env.tx.where(LINE, "order_id", [order["id"]])
    if any((ln.get("qty_received") or 0.0) > (ln.get("qty_invoiced") or 0.0) for ln in lines):
        return "to invoice"
    return "no"


def compute_line(env: Env, line: Record, order: Record, explicit: set[str]) -> None:
    """Odoo's _compute_price_unit_and_date_planned_and_name, sparing fields the client sent."""
    product = env.tx.get("product.product", line.get("product_id") or 0)
    if product is None:
        return
    tmpl = env.tx.get("product.template", product["product_tmpl_id"]) or {}
    if "product_uom" not in explicit and ("product_id" in explicit or not line.get("product_uom")):
        line["product_uom"] = tmpl.get("uom_po_id")
    qty = float(line.get("product_qty") or 0.0)
    seller = select_seller(env, product, order.get("partner_id"), qty, order["date_order"])
    if "date_planned" not in explicit and (seller or not line.get("date_planned")):
        ordered = dt.datetime.strptime(order["date_order"], "%Y-%m-%d %H:%M:%S")
        line["date_planned"] = fmt(ordered + dt.timedelta(days=(seller or {}).get("delay") or 0))
    if "price_unit" not in explicit:
        vendor_prices = [
            s
            for s in env.tx.where(
                "product.supplierinfo", "product_tmpl_id", [product["product_tmpl_id"]]
            )
            if s.get("partner_id") == order.get("partner_id")
        ]
        if seller:
            line["price_unit"] = float(seller.get("price") or 0.0)
        elif vendor_prices or line.get("price_unit") is None:
            line["price_unit"] = float(tmpl.get("standard_price") or 0.0)
    if "name" not in explicit:
        sellers = env.tx.where(
            "product.supplierinfo", "product_tmpl_id", [product["product_tmpl_id"]]
        )
        partner = env.tx.get("res.partner", order.get("partner_id") or 0) or {}
        in_lang = env.with_lang(partner.get("lang") or env.lang)  # the vendor's language
        defaults = {description(in_lang, product, s) for s in [None, *sellers]}
        if not line.get("name") or line["name"] in defaults or "product_id" in explicit:
            line["name"] = description(in_lang, product, seller)


def recompute(env: Env, order: Record) -> None:
    """Line subtotals, order totals and `date_planned` (the earliest line date)."""
    untaxed = 0.0
    dates = []
    for line in env.tx.where(LINE, "order_id", [order["id"]]):
        subtotal = round((line.get("product_qty") or 0.0) * (line.get("price_unit") or 0.0), 2)
        if (line.get("price_subtotal"), line.get("price_total")) != (subtotal, subtotal):
            line.update(price_subtotal=subtotal, price_tax=0.0, price_total=subtotal)
            env.tx.update(LINE, line)
        untaxed += subtotal
        if line.get("date_planned"):
            dates.append(line["date_planned"])
    order.update(amount_untaxed=round(untaxed, 2), amount_tax=0.0, amount_total=round(untaxed, 2))
    order["date_planned"] = min(dates) if dates else None
    env.tx.update("purchase.order", order)


def _frozen(order: Record) -> UserError:
    what = "cancelled" if order.get("state") == "cancel" else "locked"
    return UserError(
        f"The purchase order {order.get('name')} is {what}: its lines cannot be modified."
    )


@behaviour(LINE)
class PurchaseOrderLine(Behaviour):
    """Lines compute their defaults from the vendor prices and keep their order's totals fresh."""

    def _orders(self, recs: list[Record]) -> list[Record]:
        ids = sorted({r["order_id"] for r in recs if r.get("order_id")})
        return list(self.tx.get_many("purchase.order", ids).values())

    def _prepare_create(self, data: Record, vals: dict[str, Any]) -> None:
        order = self.tx.get("purchase.order", data.get("order_id") or 0)
        if order is None:
            return  # the required/foreign-key checks report it
        if order.get("state") in FROZEN:
            raise _frozen(order)
        if not data.get("product_id"):
            raise ValidationError("Missing required fields on accountable purchase order line.")
        compute_line(self.env, data, order, set(vals))

    def _after_create(self, rec: Record, _vals: dict[str, Any]) -> None:
        recompute(self.env, self._orders([rec])[0])

    def _on_write(self, recs: list[Record], _vals: dict[str, Any]) -> None:
        for order in self._orders(recs):
            if order.get("state") in FROZEN:
                raise _frozen(order)

    def _after_write(self, recs: list[Record], vals: dict[str, Any], before: list[Record]) -> None:
        if any(k in vals for k in TRIGGERS):
            for rec in recs:
                order = self.tx.get("purchase.order", rec["order_id"])
                if order:
                    compute_line(self.env, rec, order, set(vals))
                    self.tx.update(LINE, rec)
        for order in self._orders(recs + before):
            recompute(self.env, order)

    def _on_unlink(self, recs: list[Record]) -> None:
        labels = dict(PO_STATES)
        for order in self._orders(recs):
            if order.get("state") in FROZEN:
                raise _frozen(order)
            if order.get("state") in OPEN_STATES:
                label = labels[order["state"]]
                raise UserError(f"Cannot delete a purchase order line which is in state “{label}”.")

    def _after_unlink(self, recs: list[Record]) -> None:
        for order in self._orders(recs):
            recompute(self.env, order)


@behaviour("purchase.order")
class PurchaseOrder(Behaviour):
    """Purchase orders: numbering, defaults, the approval rule and the workflow buttons."""

    cascade = ("order_line",)

    def defaults(self) -> dict[str, Any]:
        company = self.env.company()
        return {
            **super().defaults(),
            "date_order": fmt(self.env.now),
            "user_id": self.env.uid,
            "company_id": company["id"],
            "currency_id": company["currency_id"],
        }

    def _prepare_create(self, data: Record, _vals: dict[str, Any]) -> None:
        if data.get("name") in (None, "New"):
            data["name"] = f"P{self.tx.next_po_number():05d}"

    def _after_create(self, rec: Record, vals: dict[str, Any]) -> None:
        self._after_write([rec], {k: v for k, v in vals.items() if k == "date_planned"}, [rec])

    def _on_write(self, recs: list[Record], vals: dict[str, Any]) -> None:
        if "order_line" in vals:
            for order in recs:
                if order.get("state") in FROZEN:
                    raise _frozen(order)

    def _after_write(self, recs: list[Record], vals: dict[str, Any], before: list[Record]) -> None:
        for order, old in zip(recs, before, strict=True):
            lines = self.tx.where(LINE, "order_id", [order["id"]])
            if "partner_id" in vals and order.get("partner_id") != old.get("partner_id"):
                for line in lines:
                    compute_line(self.env, line, order, set())
                    self.tx.update(LINE, line)
            if vals.get("date_planned"):  # Odoo's inverse: the header date moves every line
                field = self.model.fields["date_planned"]
                planned = to_stored(self.model, "date_planned", field, vals["date_planned"])
                for line in lines:
                    line["date_planned"] = planned
                    self.tx.update(LINE, line)
            recompute(self.env, order)

    def _on_unlink(self, recs: list[Record]) -> None:
        if any(r.get("state") != "cancel" for r in recs):  # Odoo: even an RFQ is cancelled first
            raise UserError("In order to delete a purchase order, you must cancel it first.")

    def _set(self, order: Record, **changes: Any) -> None:
        order.update(changes, write_uid=self.env.uid, write_date=self.env.stamp)
        self.tx.update("purchase.order", order)

    def approval_allowed(self, order: Record) -> bool:
        """One-step company, amount under the threshold, or a purchase manager."""
        company = self.tx.get("res.company", order["company_id"]) or {}
        return (
            company.get("po_double_validation", "one_step") == "one_step"
            or (order.get("amount_total") or 0.0)
            < (company.get("po_double_validation_amount") or 0.0)
            or self.env.manager
        )

    def _add_supplier_to_product(self, order: Record) -> None:
        """On confirm, a vendor that is not yet a seller of the product becomes one."""
        for line in self.tx.where(LINE, "order_id", [order["id"]]):
            product = self.tx.get("product.product", line.get("product_id") or 0)
            if product is None:
                continue
            sellers = self.tx.where(
                "product.supplierinfo", "product_tmpl_id", [product["product_tmpl_id"]]
            )
            if len(sellers) > 10 or any(
                s.get("partner_id") == order["partner_id"] for s in sellers
            ):
                continue
            self.env["product.supplierinfo"].create_many(
                [
                    {
                        "partner_id": order["partner_id"],
                        "product_tmpl_id": product["product_tmpl_id"],
                        "price": line.get("price_unit") or 0.0,
                        "min_qty": 0.0,
                        "delay": 0,
                        "currency_id": order["currency_id"],
                        "sequence": max((s.get("sequence") or 0 for s in sellers), default=0) + 1,
                    }
                ]
            )

    def _approve(self, order: Record) -> None:
        company = self.tx.get("res.company", order["company_id"]) or {}
        locked = company.get("po_lock") == "lock"
        self._set(
            order,
            state="done" if locked else "purchase",
            date_approve=fmt(self.env.now),
            receipt_status=order.get("receipt_status") or "pending",
        )

    @rpc(records=True)
    def button_confirm(self, ids: list[int]) -> bool:
        for order in self.browse(ids):
            if order.get("state") not in ("draft", "sent"):
                continue
            self._add_supplier_to_product(order)
            if self.approval_allowed(order):
                self._approve(order)
            else:
                self._set(order, state="to approve")
        return True

    @rpc(records=True)
    def button_approve(self, ids: list[int], force: bool = False) -> dict[str, Any]:  # noqa: ARG002 - Odoo's signature
        for order in self.browse(ids):
            if self.approval_allowed(order):  # silently skips what this user may not approve
                self._approve(order)
        return {}

    @rpc(records=True)
    def button_cancel(self, ids: list[int]) -> None:
        orders = self.browse(ids)
        for order in orders:
            if order.get("state") == "done":
                raise UserError(
                    f"Unable to cancel purchase order {order['name']}: it is locked. "
                    "You must first unlock it."
                )
            lines = self.tx.where(LINE, "order_id", [order["id"]])
            if any((ln.get("qty_received") or 0.0) > 0 for ln in lines):
                raise UserError(
                    f"Unable to cancel purchase order {order['name']} as some receptions "
                    "have already been done."
                )
        for order in orders:
            self._set(order, state="cancel", receipt_status=None)
        return None

    @rpc(records=True)
    def button_draft(self, ids: list[int]) -> dict[str, Any]:
        for order in self.browse(ids):
            self._set(order, state="draft")
        return {}

    @rpc(records=True)
    def button_done(self, ids: list[int]) -> None:
        for order in self.browse(ids):
            self._set(order, state="done", priority="0")
        return None

    @rpc(records=True)
    def button_unlock(self, ids: list[int]) -> None:
        for order in self.browse(ids):
            self._set(order, state="purchase")
        return None

    @rpc(records=True)
    def print_quotation(self, ids: list[int]) -> dict[str, Any]:
        """Marks drafts as sent; the report action holds None values, which XML-RPC cannot
        marshal, so XML-RPC clients get Odoo's Fault after the commit."""
        for order in self.browse(ids):
            if order.get("state") == "draft":
                self._set(order, state="sent")
        return {
            "type": "ir.actions.report",
            "report_name": "purchase.report_purchasequotation",
            "report_type": "qweb-pdf",
            "report_file": "purchase.report_purchasequotation",
            "name": "Request for Quotation",
            "context": {"active_ids": ids},
            "data": None,
            "close_on_report_download": False,
        }


def receive(env: Env, order_name: str, moves: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Goods arrive for a confirmed order (not Odoo RPC: stands in for validating a receipt).

    `moves` is a list of {"product_code", "qty"} increments; None receives everything left.
    """
    orders = [o for o in env.tx.all("purchase.order").values() if o.get("name") == order_name]
    if not orders:
        raise LookupError(f"no purchase order named {order_name!r}")
    order = orders[0]
    if order.get("state") not in OPEN_STATES:
        raise ValueError(
            f"{order_name} is in state {order.get('state')!r}; only confirmed orders receive"
        )
    lines = sorted(
        env.tx.where(LINE, "order_id", [order["id"]]),
        key=lambda ln: (ln.get("sequence") or 0, ln["id"]),
    )

    def remaining(line: Record) -> float:
        return max((line.get("product_qty") or 0.0) - (line.get("qty_received") or 0.0), 0.0)

    plan: list[tuple[Record, float]] = []
    if moves is None:
        plan = [(ln, remaining(ln)) for ln in lines]
    for move in moves or []:
        code, qty = move.get("product_code"), float(move.get("qty") or 0.0)
        matching = [ln for ln in lines if _code(env, ln) == code]
        if not matching:
            raise KeyError(f"{order_name} has no line for product {code!r}")
        for i, line in enumerate(matching):
            take = qty if i == len(matching) - 1 else min(qty, remaining(line))
            plan.append((line, take))
            qty -= take
    for line, qty in plan:
        line["qty_received"] = (line.get("qty_received") or 0.0) + qty
        env.tx.update(LINE, line)
        product = env.tx.get("product.product", line["product_id"])
        if product is not None:
            product["qty_available"] = float(product.get("qty_available") or 0.0) + qty
            env.tx.update("product.product", product)
    received = [ln.get("qty_received") or 0.0 for ln in lines]
    if all(r >= (ln.get("product_qty") or 0.0) for r, ln in zip(received, lines, strict=True)):
        status = "full"
    else:
        status = "partial" if any(r > 0 for r in received) else "pending"
    order.update(receipt_status=status, write_date=env.stamp)
    env.tx.update("purchase.order", order)
    return {
        "order": order_name,
        "receipt_status": status,
        "lines": [
            {
                "product_code": _code(env, ln),
                "product_qty": ln.get("product_qty") or 0.0,
                "qty_received": ln.get("qty_received") or 0.0,
            }
            for ln in lines
        ],
    }


def _code(env: Env, line: Record) -> str | None:
    product = env.tx.get("product.product", line.get("product_id") or 0)
    tmpl = env.tx.get("product.template", product["product_tmpl_id"]) if product else None
    return tmpl.get("default_code") if tmpl else None
