"""First-start data: Odoo's own records (languages, units) and the company of a fixture file.

Seeding runs once per database (a `meta` row remembers it), inside the same writer lock as
any RPC. Everything goes through the ORM's `prepare` so that defaults, translations and
checks match later creates; products, variants and vendor prices are then inserted in bulk
(one COPY per model), which keeps a 10,000-product catalog to a few seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import products, purchase, uom  # noqa: F401 - registers the model behaviours
from .catalog import Catalog, Item, Unit, load
from .orm import Env
from .store import Record, Store
from .translate import LANGUAGES, SOURCE, on_write

SUPERUSER = 1
ADMIN_UID = 2
BUYER_UID = 3


def seed(store: Store, catalog_path: Path, admin_login: str, buyer_login: str) -> bool:
    """Load the catalog unless this database was seeded before; True when it seeded now."""
    catalog = load(catalog_path)
    with store.transaction(write=True) as tx:
        if tx.meta("seeded"):
            return False
        root = Env(tx, SUPERUSER, manager=True)
        for code in dict.fromkeys([SOURCE, *catalog.languages]):
            root["res.lang"].create_many(
                [{"name": LANGUAGES[code], "code": code, "iso_code": code, "active": True}]
            )
        units = _units(root, catalog)
        env = root.with_lang(catalog.lang)  # the company's people typed its data in its language
        company_id = _company(env, catalog, admin_login, buyer_login)
        vendors = {
            v.ref: env["res.partner"].create_many(
                [
                    {
                        "name": v.name,
                        "ref": v.ref,
                        "phone": v.phone,
                        "mobile": v.mobile,
                        "email": v.email,
                        "lang": catalog.lang,
                        "is_company": True,
                        "supplier_rank": 1,
                    }
                ]
            )[0]["id"]
            for v in catalog.vendors
        }
        tx.skip_ids("product.product", 20)  # variant ids must not coincide with template ids
        _products(env, catalog, units, _categories(env, catalog), vendors)
        tx.set_meta("seeded", {"catalog": str(catalog_path.name), "company": company_id})
        return True


def _company(env: Env, catalog: Catalog, admin_login: str, buyer_login: str) -> int:
    currency = env["res.currency"].create_many(
        [{"name": catalog.currency, "symbol": "$", "full_name": "US Dollar"}]
    )[0]
    partner = env["res.partner"].create_many(
        [{"name": catalog.company, "is_company": True, "lang": catalog.lang}]
    )[0]
    company = env["res.company"].create_many(
        [
            {
                "name": catalog.company,
                "partner_id": partner["id"],
                "currency_id": currency["id"],
                "po_double_validation": "one_step",
                "po_double_validation_amount": catalog.approval_threshold,
            }
        ]
    )[0]
    env["res.partner"].write([partner["id"]], {"company_id": company["id"]})
    users = [("OdooBot", "__system__", False), ("Administrator", admin_login, True)]
    users.append(("Purchase Buyer", buyer_login, True))
    for name, login, active in users:
        env["res.users"].create_many(
            [{"name": name, "login": login, "active": active, "company_id": company["id"]}]
        )
    return int(company["id"])


def _translate(env: Env, model: str, rec: Record, names: dict[str, str]) -> None:
    """Give a record created in en_US its names in other languages (Odoo's .po loading)."""
    for lang, text in names.items():
        rec["name"] = on_write(rec["name"], text, lang)
    env.tx.update(model, rec)


def _units(env: Env, catalog: Catalog) -> dict[str, int]:
    """Odoo's units, then the company's own; unit source name -> id."""
    spanish = [lang for lang in catalog.languages if lang.startswith("es")]
    categories: dict[str, int] = {}
    ids: dict[str, int] = {}

    def category(name: str) -> int:
        if name not in categories:
            rec = env["uom.category"].create_many([{"name": name}])[0]
            if name in uom.SPANISH:
                _translate(env, "uom.category", rec, dict.fromkeys(spanish, uom.SPANISH[name]))
            categories[name] = rec["id"]
        return categories[name]

    def add(unit: Unit, vals: dict[str, Any]) -> None:
        if unit.name in ids:
            return
        rec = env["uom.uom"].create_many([{**vals, "category_id": category(unit.category)}])[0]
        if unit.name in uom.SPANISH:
            _translate(env, "uom.uom", rec, dict.fromkeys(spanish, uom.SPANISH[unit.name]))
        ids[unit.name] = rec["id"]

    for name in uom.CATEGORIES:
        category(name)
    for categ, name, uom_type, ratio in uom.STANDARD:
        add(Unit(name, categ, uom_type), uom.spec(name, uom_type, ratio))
    for unit in catalog.units:
        vals: dict[str, Any] = {"name": unit.name, "uom_type": unit.uom_type}
        vals.update({k: v for k in ("factor", "factor_inv", "rounding") if (v := getattr(unit, k))})
        add(unit, vals)
    return ids


def _categories(env: Env, catalog: Catalog) -> dict[str, int]:
    """Odoo's "All" and "All / Saleable", then every "A / B" path the products name."""
    ids: dict[str, int] = {}
    paths = ["All", "All / Saleable", *(i.category for i in catalog.items if i.category)]
    for path in dict.fromkeys(paths):
        parent: int | None = None
        parts = category_path(path).split(" / ")
        for depth in range(1, len(parts) + 1):
            key = " / ".join(parts[:depth])
            if key not in ids:
                vals = {"name": parts[depth - 1], "parent_id": parent}
                ids[key] = env["product.category"].create_many([vals])[0]["id"]
            parent = ids[key]
    return ids


def _products(
    env: Env,
    catalog: Catalog,
    units: dict[str, int],
    categories: dict[str, int],
    vendors: dict[str, int],
) -> None:
    offers: dict[str, list[tuple[int, Any]]] = {}
    for vendor in catalog.vendors:
        for supply in vendor.supplies:
            offers.setdefault(supply.code, []).append((vendors[vendor.ref], supply))
    templates, variants = env["product.template"], env["product.product"]
    rows = [
        templates.prepare(_template_vals(i, units, categories, offers))[0] for i in catalog.items
    ]
    for row, item in zip(rows, catalog.items, strict=True):
        for lang, text in list(item.names.items())[1:]:  # written after, in their languages
            row["name"] = on_write(row["name"], text, lang)
    tmpls = env.tx.insert_many("product.template", rows)
    rows = []
    for tmpl, item in zip(tmpls, catalog.items, strict=True):
        row = variants.prepare({"product_tmpl_id": tmpl["id"], "active": item.active})[0]
        row["qty_available"] = item.on_hand
        rows.append(row)
    made = env.tx.insert_many("product.product", rows)
    sellers = env["product.supplierinfo"]
    rows = [
        sellers.prepare(
            {
                "partner_id": partner_id,
                "product_tmpl_id": tmpl["id"],
                "price": s.price,
                "min_qty": s.min_qty,
                "delay": s.delay_days,
                "product_name": s.product_name,
                "product_code": s.product_code,
            }
        )[0]
        for tmpl, item in zip(tmpls, catalog.items, strict=True)
        for partner_id, s in offers.get(item.code, [])
    ]
    env.tx.insert_many("product.supplierinfo", rows)
    points = env["stock.warehouse.orderpoint"]
    rows = [
        points.prepare(
            {
                "name": f"OP/{item.code}",
                "product_id": variant["id"],
                "product_min_qty": item.reorder_min,
            }
        )[0]
        for variant, item in zip(made, catalog.items, strict=True)
        if item.reorder_min is not None
    ]
    env.tx.insert_many("stock.warehouse.orderpoint", rows)


def category_path(path: str) -> str:
    return " / ".join(part.strip() for part in path.split("/"))


def _template_vals(
    item: Item,
    units: dict[str, int],
    categories: dict[str, int],
    offers: dict[str, list[tuple[int, Any]]],
) -> dict[str, Any]:
    for name in (item.uom, item.purchase_uom):
        if name not in units:
            raise ValueError(f"product {item.code!r}: unknown unit of measure {name!r}")
    return {
        "name": next(iter(item.names.values())),
        "default_code": item.code,
        "barcode": item.barcode,
        "categ_id": categories[category_path(item.category or "All")],
        "uom_id": units[item.uom],
        "uom_po_id": units[item.purchase_uom],
        "purchase_ok": item.purchase_ok,
        "active": item.active,
        "standard_price": min((s.price for _, s in offers.get(item.code, [])), default=0.0),
    }
