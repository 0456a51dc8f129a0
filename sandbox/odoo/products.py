"""Products, vendor prices and partners: display names, stock figures and seller choice.

Mirrors Odoo 16-18: a template owns the shared fields and its vendor prices
(`product.supplierinfo`), each template has one variant (`product.product`) that holds the
stock on hand, and `_select_seller` picks the cheapest matching vendor price.
"""

from __future__ import annotations

from typing import Any

from .orm import DISPLAY, Behaviour, Env, behaviour, compute
from .store import Record

OPEN_STATES = ("purchase", "done")  # confirmed orders whose goods are still expected


def code_name(code: str | None, name: str | None) -> str:
    return f"[{code}] {name}" if code else (name or "")


def _template_of(env: Env, product: Record) -> Record:
    tmpl = env.tx.get("product.template", product["product_tmpl_id"])
    assert tmpl is not None
    return tmpl


def _partner_name(env: Env, rec: Record) -> str:
    parent = env.tx.get("res.partner", rec["parent_id"]) if rec.get("parent_id") else None
    name = rec.get("name") or ""
    return f"{parent.get('name') or ''}, {name}" if parent else name


DISPLAY["res.partner"] = _partner_name
DISPLAY["product.template"] = lambda _env, r: code_name(r.get("default_code"), r.get("name"))
DISPLAY["product.product"] = lambda env, r: DISPLAY["product.template"](env, _template_of(env, r))
DISPLAY["product.supplierinfo"] = lambda env, r: (
    env.display_name("res.partner", r["partner_id"]) or ""
)


def select_seller(
    env: Env, product: Record, partner_id: int | None, qty: float, day: str
) -> Record | None:
    """Odoo's `_select_seller`: the vendor (or its parent company), min_qty <= qty, the date
    window and the variant must match; among those the cheapest price wins."""
    partner = env.tx.get("res.partner", partner_id) if partner_id else None
    partners = {partner_id, partner.get("parent_id") if partner else None} - {None}
    day = day[:10]
    sellers = [
        s
        for s in env.tx.where(
            "product.supplierinfo", "product_tmpl_id", [product["product_tmpl_id"]]
        )
        if s.get("partner_id") in partners
        and s.get("product_id") in (None, product["id"])
        and (s.get("min_qty") or 0.0) <= qty + 1e-9
        and (not s.get("date_start") or s["date_start"] <= day)
        and (not s.get("date_end") or s["date_end"] >= day)
    ]
    return min(sellers, key=_seller_rank, default=None)


def _seller_rank(s: Record) -> tuple[float, int, float, int]:
    return (s.get("price") or 0.0, s.get("sequence") or 0, -(s.get("min_qty") or 0.0), s["id"])


def description(env: Env, product: Record, seller: Record | None) -> str:
    """The purchase line label: vendor code/name when the seller has them, like Odoo."""
    tmpl = _template_of(env, product)
    code = (seller or {}).get("product_code") or tmpl.get("default_code")
    text = code_name(code, (seller or {}).get("product_name") or tmpl.get("name"))
    return f"{text}\n{tmpl['description_purchase']}" if tmpl.get("description_purchase") else text


def incoming(env: Env, product_ids: list[int]) -> float:
    """Quantities on confirmed orders not received yet (what `incoming_qty` reports)."""
    total = 0.0
    for line in env.tx.where("purchase.order.line", "product_id", product_ids):
        order = env.tx.get("purchase.order", line["order_id"])
        if order and order.get("state") in OPEN_STATES:
            total += max((line.get("product_qty") or 0.0) - (line.get("qty_received") or 0.0), 0.0)
    return total


def _variants(env: Env, tmpl: Record) -> list[Record]:
    return env.tx.where("product.product", "product_tmpl_id", [tmpl["id"]])


def _on_hand(_env: Env, rec: Record) -> float:
    return float(rec.get("qty_available") or 0.0)


compute("product.product", "qty_available")(_on_hand)
compute("product.product", "incoming_qty")(lambda env, r: incoming(env, [r["id"]]))
compute("product.product", "virtual_available")(
    lambda env, r: _on_hand(env, r) + incoming(env, [r["id"]])
)
compute("product.template", "qty_available")(
    lambda env, t: sum(_on_hand(env, v) for v in _variants(env, t))
)
compute("product.template", "incoming_qty")(
    lambda env, t: incoming(env, [v["id"] for v in _variants(env, t)])
)
compute("product.template", "virtual_available")(
    lambda env, t: (
        sum(_on_hand(env, v) for v in _variants(env, t))
        + incoming(env, [v["id"] for v in _variants(env, t)])
    )
)
compute("product.template", "product_variant_id")(
    lambda env, t: min((v["id"] for v in _variants(env, t) if v.get("active", True)), default=None)
)


@behaviour("product.template")
class ProductTemplate(Behaviour):
    """Creating a template creates its single variant; deleting it removes prices and variants."""

    cascade = ("seller_ids", "product_variant_ids")
    make_variant = True

    def _after_create(self, rec: Record, _vals: dict[str, Any]) -> None:
        if self.make_variant:
            self.env["product.product"].create_many([{"product_tmpl_id": rec["id"]}])


@behaviour("product.product")
class ProductProduct(Behaviour):
    """A variant created alone brings its template along, as in Odoo."""

    def create_many(self, vals_list: list[dict[str, Any]]) -> list[Record]:
        out = []
        for vals in vals_list:
            if isinstance(vals, dict) and not vals.get("product_tmpl_id"):
                shared = {
                    k: v
                    for k, v in vals.items()
                    if k in self.model.fields and self.model.fields[k].related
                }
                templates = self.env["product.template"]
                assert isinstance(templates, ProductTemplate)
                templates.make_variant = False
                tmpl = templates.create_many([shared])[0]
                own = {k: v for k, v in vals.items() if k not in shared}
                vals = {**own, "product_tmpl_id": tmpl["id"]}
            out.extend(super().create_many([vals]))
        return out

    def _after_unlink(self, recs: list[Record]) -> None:
        orphans = {r["product_tmpl_id"] for r in recs}
        orphans -= {
            v["product_tmpl_id"]
            for v in self.tx.where("product.product", "product_tmpl_id", list(orphans))
        }
        if orphans:
            self.env["product.template"].unlink(sorted(orphans))


@behaviour("product.supplierinfo")
class SupplierInfo(Behaviour):
    """Vendor prices default to the company currency and follow the variant's template."""

    def defaults(self) -> dict[str, Any]:
        company = self.env.company()
        return {
            **super().defaults(),
            "currency_id": company["currency_id"],
            "company_id": company["id"],
        }

    def _prepare_create(self, data: Record, _vals: dict[str, Any]) -> None:
        if data.get("product_id") and not data.get("product_tmpl_id"):
            product = self.tx.get("product.product", data["product_id"])
            if product:
                data["product_tmpl_id"] = product["product_tmpl_id"]
