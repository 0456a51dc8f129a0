"""The fixture format (fixtures/README.md), read and checked before anything is written.

Older files stay valid: `name` is the product's name in the company's language, `name_en`
its English translation (seeded as the en_US name, as `names: {"en": ...}` would be), and
`uoms` are the short codes the agent knows (kg, l, unit, box).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .translate import odoo_lang

UOM_CODES = {"kg": "kg", "l": "L", "unit": "Units", "box": "Box"}  # the agent's short codes


@dataclass(frozen=True)
class Unit:
    """A unit the company added: its category (existing or new) and its ratio."""

    name: str
    category: str
    uom_type: str = "reference"
    factor: float | None = None
    factor_inv: float | None = None
    rounding: float | None = None


@dataclass(frozen=True)
class Supply:
    code: str
    price: float
    min_qty: float
    delay_days: int
    product_name: str | None
    product_code: str | None


@dataclass(frozen=True)
class Vendor:
    ref: str
    name: str
    phone: str | None
    mobile: str | None
    email: str | None
    supplies: tuple[Supply, ...]


@dataclass(frozen=True)
class Item:
    code: str
    names: dict[str, str]  # Odoo language code -> name; the company's language is always there
    uom: str
    purchase_uom: str
    category: str | None
    barcode: str | None
    active: bool
    purchase_ok: bool
    on_hand: float
    reorder_min: float | None


@dataclass(frozen=True)
class Catalog:
    company: str
    currency: str
    lang: str
    approval_threshold: float
    units: tuple[Unit, ...]
    items: tuple[Item, ...]
    vendors: tuple[Vendor, ...]

    @property
    def languages(self) -> list[str]:
        """Every language a name is given in, the company's first."""
        found = [self.lang]
        for item in self.items:
            found += [lang for lang in item.names if lang not in found]
        return found


def uom_name(code: str) -> str:
    """A fixture unit (an agent code or a sandbox unit name) as the unit's source name."""
    return UOM_CODES.get(code, code)


def _unit(entry: Any) -> Unit:
    if isinstance(entry, str):  # a code: Odoo's unit, or a company one in its own category
        return Unit(uom_name(entry), uom_name(entry))
    return Unit(
        name=entry["name"],
        category=entry.get("category") or entry["name"],
        uom_type=entry.get("uom_type", "reference"),
        factor=entry.get("factor"),
        factor_inv=entry.get("factor_inv"),
        rounding=entry.get("rounding"),
    )


def _item(p: dict[str, Any], lang: str) -> Item:
    names = {odoo_lang(k): v for k, v in (p.get("names") or {}).items()}
    if p.get("name"):
        names.setdefault(lang, p["name"])
    if p.get("name_en"):
        names.setdefault(odoo_lang("en"), p["name_en"])
    if lang not in names:
        raise ValueError(f"product {p['code']!r} has no name in the company language {lang}")
    return Item(
        code=p["code"],
        names={lang: names.pop(lang), **names},
        uom=uom_name(p["uom"]),
        purchase_uom=uom_name(p.get("purchase_uom") or p["uom"]),
        category=p.get("category"),
        barcode=p.get("barcode") or None,
        active=bool(p.get("active", True)),
        purchase_ok=bool(p.get("purchase_ok", True)),
        on_hand=float(p.get("on_hand", 0)),
        reorder_min=None if p.get("reorder_min") is None else float(p["reorder_min"]),
    )


def _vendor(v: dict[str, Any]) -> Vendor:
    return Vendor(
        ref=v["ref"],
        name=v["name"],
        phone=v.get("phone"),
        mobile=v.get("mobile"),
        email=v.get("email"),
        supplies=tuple(
            Supply(
                code=s["code"],
                price=float(s["price"]),
                min_qty=float(s.get("min_qty", 0)),
                delay_days=int(s.get("delay_days", 1)),
                product_name=s.get("product_name"),
                product_code=s.get("product_code"),
            )
            for s in v.get("supplies", [])
        ),
    )


def parse(data: dict[str, Any]) -> Catalog:
    """A checked catalog: unique codes and barcodes, supplies of known products."""
    lang = odoo_lang(data["company"].get("lang", "es"))
    items = tuple(_item(p, lang) for p in data["products"])
    vendors = tuple(_vendor(v) for v in data.get("vendors", []))
    codes = [i.code for i in items]
    barcodes = [i.barcode for i in items if i.barcode]
    for what, values in (("product code", codes), ("barcode", barcodes)):
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise ValueError(f"duplicate {what} {value!r}")
            seen.add(value)
    known = set(codes)
    for vendor in vendors:
        for supply in vendor.supplies:
            if supply.code not in known:
                raise ValueError(f"vendor {vendor.ref!r} supplies unknown product {supply.code!r}")
    return Catalog(
        company=data["company"]["name"],
        currency=data["company"]["currency"],
        lang=lang,
        approval_threshold=float(data.get("approval_threshold", 5000.0)),
        units=tuple(_unit(u) for u in data.get("uoms", [])),
        items=items,
        vendors=vendors,
    )


def load(path: Path) -> Catalog:
    return parse(json.loads(path.read_text(encoding="utf-8")))
