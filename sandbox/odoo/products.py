"""Products, vendor prices and partners: display names, stock figures and seller choice.

Mirrors Odoo 16-18: a template owns the shared fields and its vendor prices
(`product.supplierinfo`), each template has one variant (`product.product`) that holds the
stock on hand, and `_select_seller` picks the cheapest matching vendor price among active
vendors. Archiving a template archives its variants; archiving the last active variant with
action_archive archives its template, while a plain write on the variant does not.
"""

from __future__ import annotations

from typing import Any

from .errors import ValidationError
from .orm import DISPLAY, Behaviour, Env, behaviour, compute, rpc
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
DISPLAY["product.template"] = lambda env, r: code_name(r.get("default_code"), env.tr(r.get("name")))
DISPLAY["product.category"] = lambda _env, r: r.get("complete_name") or r.get("name") or ""
DISPLAY["product.product"] = lambda env, r: DISPLAY["product.template"](env, _template_of(env, r))
DISPLAY["product.supplierinfo"] = lambda env, r: (
    env.display_name("res.partner", r["partner_id"]) or ""
)


def select_seller(
    env: Env, product: Record, partner_id: int | None, qty: float, day: str
) -> Record | None:
    """Odoo's `_select_seller`: the vendor (or its parent company), active, min_qty <= qty, the
    date window and the variant must match; among those the cheapest price wins."""
    partner = env.tx.get("res.partner", partner_id) if partner_id else None
    candidates = [partner_id, partner.get("parent_id") if partner else None]
    partners = {
        p for p in candidates if p and (env.tx.get("res.partner", p) or {}).get("active", True)
    }
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
    """The purchase line label: vendor code/name when the seller has them, like Odoo; `env`
    carries the vendor's language (Odoo computes the label in `partner_id.lang`)."""
    tmpl = _template_of(env, product)
    code = (seller or {}).get("product_code") or tmpl.get("default_code")
    text = code_name(code, (seller or {}).get("product_name") or env.tr(tmpl.get("name")))
    extra = env.tr(tmpl.get("description_purchase"))
    return f"{text}\n{extra}" if extra else text


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


def _category(env: Env, categ_id: int | None) -> int | None:
    rec = env.tx.get("uom.uom", categ_id) if categ_id else None
    return rec.get("category_id") if rec else None


def _named(env: Env, model: str, name: str) -> int | None:
    """The first record whose source (en_US) name is `name`, like an xml id lookup."""
    found = [r["id"] for r in env.tx.all(model).values() if translated_source(r) == name]
    return min(found, default=None)


def translated_source(rec: Record) -> Any:
    name = rec.get("name")
    return name.get("en_US") if isinstance(name, dict) else name


@behaviour("product.template")
class ProductTemplate(Behaviour):
    """One variant per template; units default to Units and purchase in the stock unit's
    category; barcodes are unique; (un)archiving carries over to the variants."""

    cascade = ("seller_ids", "product_variant_ids")
    make_variant = True

    def defaults(self) -> dict[str, Any]:
        categs = [c for c in self.tx.all("product.category").values() if not c.get("parent_id")]
        return {
            **super().defaults(),
            "categ_id": min((c["id"] for c in categs if c.get("name") == "All"), default=None),
            "uom_id": _named(self.env, "uom.uom", "Units"),
        }

    def _prepare_create(self, data: Record, _vals: dict[str, Any]) -> None:
        if not data.get("uom_po_id"):
            data["uom_po_id"] = data.get("uom_id")
        check_uoms(self.env, [data])

    def _after_create(self, rec: Record, _vals: dict[str, Any]) -> None:
        if self.make_variant:
            self.env["product.product"].create_many(
                [{"product_tmpl_id": rec["id"], "active": rec.get("active", True)}]
            )
        check_barcodes(self.env, [rec])

    def _on_write(self, recs: list[Record], vals: dict[str, Any]) -> None:
        if "uom_id" in vals and "uom_po_id" not in vals:  # Odoo's _compute_uom_po_id
            for rec in recs:
                if _category(self.env, vals["uom_id"]) != _category(self.env, rec["uom_po_id"]):
                    rec["uom_po_id"] = vals["uom_id"]

    def _after_write(self, recs: list[Record], vals: dict[str, Any], _before: list[Record]) -> None:
        check_uoms(self.env, recs)
        check_barcodes(self.env, recs)
        if "active" not in vals:
            return
        for rec in recs:
            variants = _variants(self.env, rec)
            if not vals["active"]:
                change = [v for v in variants if v.get("active", True)]
            elif not any(v.get("active", True) for v in variants):
                change = variants
            else:
                change = []
            if change:
                self.env["product.product"].write_records(change, {"active": bool(vals["active"])})


def check_uoms(env: Env, recs: list[Record]) -> None:
    for rec in recs:
        if _category(env, rec.get("uom_id")) != _category(env, rec.get("uom_po_id")):
            raise ValidationError(
                "The default Unit of Measure and the purchase Unit of Measure must be in the "
                "same category."
            )


def check_barcodes(env: Env, recs: list[Record]) -> None:
    """Odoo's _check_barcode_uniqueness, archived products included."""
    wanted = {r["barcode"] for r in recs if r.get("barcode")}
    if not wanted:
        return
    taken: dict[str, list[Record]] = {}
    for tmpl in env.tx.all("product.template").values():
        if tmpl.get("barcode") in wanted:
            taken.setdefault(tmpl["barcode"], []).append(tmpl)
    lines = [
        f'- Barcode "{code}" already assigned to product(s): '
        + ", ".join(DISPLAY["product.template"](env, t) for t in found)
        for code, found in sorted(taken.items())
        if len(found) > 1
    ]
    if lines:
        raise ValidationError("Barcode(s) already assigned:\n\n" + "\n".join(lines))


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

    @rpc(records=True)
    def toggle_active(self, ids: list[int]) -> None:
        """Then templates left without an active variant are archived, and back."""
        super().toggle_active(ids)
        for tmpl_id in sorted({r["product_tmpl_id"] for r in self.browse(ids)}):
            tmpl = self.tx.get("product.template", tmpl_id)
            variants = self.tx.where("product.product", "product_tmpl_id", [tmpl_id])
            alive = any(v.get("active", True) for v in variants)
            if tmpl is not None and bool(tmpl.get("active", True)) != alive:
                self.env["product.template"].write_records([tmpl], {"active": alive})
        return None

    def _after_unlink(self, recs: list[Record]) -> None:
        orphans = {r["product_tmpl_id"] for r in recs}
        orphans -= {
            v["product_tmpl_id"]
            for v in self.tx.where("product.product", "product_tmpl_id", list(orphans))
        }
        if orphans:
            self.env["product.template"].unlink(sorted(orphans))


@behaviour("res.partner")
class Partner(Behaviour):
    """A new contact speaks the language of the call that created it, as in Odoo."""

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "lang": self.env.lang}


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


@behaviour("product.category")
class ProductCategory(Behaviour):
    """`complete_name` is "Parent / Child", stored and kept current down the tree."""

    def _prepare_create(self, data: Record, _vals: dict[str, Any]) -> None:
        data["complete_name"] = self._full_name(data)

    def _after_write(self, recs: list[Record], vals: dict[str, Any], _before: list[Record]) -> None:
        if "name" in vals or "parent_id" in vals:
            todo = list(recs)
            while todo:
                rec = todo.pop(0)
                rec["complete_name"] = self._full_name(rec)
                self.tx.update("product.category", rec)
                todo.extend(self.tx.where("product.category", "parent_id", [rec["id"]]))

    def _full_name(self, rec: Record) -> str:
        parent = self.tx.get("product.category", rec["parent_id"]) if rec.get("parent_id") else None
        return f"{parent.get('complete_name')} / {rec['name']}" if parent else str(rec["name"])


@compute("product.category", "product_count")
def _product_count(env: Env, categ: Record) -> int:
    below, todo = set(), [categ["id"]]
    while todo:
        below.add(todo[-1])
        todo.extend(c["id"] for c in env.tx.where("product.category", "parent_id", [todo.pop()]))
    templates = env.tx.where("product.template", "categ_id", sorted(below))
    return sum(1 for t in templates if t.get("active", True))
