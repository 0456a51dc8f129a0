"""Reading a company's purchasable catalogue from Odoo: products with their names in each
language, purchase units, vendors' own names and codes, and vendor contacts.

Field names that move between Odoo versions (the purchase unit: `uom_po_id` on 16-18) are
found with `fields_get` once per reader. Archived records are read too (`active_test`
False), so an incremental read also says what stopped being orderable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tools.odoo import OdooClient

ALL = {"active_test": False}
PAGE = 1000  # rows per read: small answers, well inside ODOO_TIMEOUT


@dataclass(frozen=True)
class CatalogUnit:
    id: int
    name: str
    category: str
    factor: float  # units per reference unit of the category, as Odoo keeps it
    uom_type: str  # reference, bigger, smaller


@dataclass(frozen=True)
class CatalogProduct:
    id: int
    tmpl_id: int
    ref: str  # the internal reference, or a stable one from the id
    names: dict[str, str]  # language ("es", "en") -> name as Odoo translates it
    category: str
    unit_id: int
    barcode: str | None
    on_hand: float | None  # None where `stock` is not installed
    orderable: bool  # active and purchasable
    write_date: str


@dataclass(frozen=True)
class VendorProduct:
    id: int
    tmpl_id: int
    vendor_id: int
    vendor_name: str
    product_name: str | None
    product_code: str | None
    price: float
    min_qty: float
    write_date: str


@dataclass(frozen=True)
class VendorContact:
    id: int
    name: str
    phone: str | None
    mobile: str | None
    email: str | None
    active: bool
    write_date: str


@dataclass
class CatalogRead:
    units: list[CatalogUnit] = field(default_factory=list)
    products: list[CatalogProduct] = field(default_factory=list)
    vendor_products: list[VendorProduct] = field(default_factory=list)
    vendors: list[VendorContact] = field(default_factory=list)


def reference_for(odoo_id: int) -> str:
    """The stable reference of a product that has no internal reference in Odoo."""
    return f"ODOO-{odoo_id}"


class CatalogReader:
    """One company's catalogue as Odoo has it, fully or what changed since a write date."""

    def __init__(self, odoo: OdooClient, languages: Sequence[str]) -> None:
        self._odoo = odoo
        self._languages = list(languages)  # Odoo codes: es_ES, en_US...
        self._product_fields: set[str] | None = None

    def read(self, since: str | None = None) -> CatalogRead:
        """Everything, or what was written at `since` (UTC, to the second) or later."""
        changed: list[Any] = [("write_date", ">=", since)] if since else []
        # a rename or a new purchase unit is written on the template, not on its variants
        renamed: list[Any] = []
        if since:
            templates = self._odoo.search_read_pages(
                "product.template", changed, ["id"], context=ALL, page=PAGE
            )
            ids = [row["id"] for row in templates]
            renamed = ["|", ("write_date", ">=", since), ("product_tmpl_id", "in", ids)]
        return CatalogRead(
            units=self._units(),
            products=self._products(renamed),
            vendor_products=self._vendor_products(changed),
            vendors=self._vendors(changed),
        )

    def _fields(self) -> set[str]:
        if self._product_fields is None:
            self._product_fields = self._odoo.field_names("product.product")
        return self._product_fields

    def _units(self) -> list[CatalogUnit]:
        rows = self._odoo.search_read(
            "uom.uom", [], ["name", "category_id", "factor", "uom_type"], context=ALL
        )
        return [
            CatalogUnit(
                id=row["id"],
                name=row["name"],
                category=_name(row.get("category_id")) or "",
                factor=float(row.get("factor") or 1.0),
                uom_type=str(row.get("uom_type") or "reference"),
            )
            for row in rows
        ]

    def _products(self, changed: list[Any]) -> list[CatalogProduct]:
        known = self._fields()
        unit = "uom_po_id" if "uom_po_id" in known else "uom_id"
        wanted = ["default_code", "name", "product_tmpl_id", unit, "active", "write_date"]
        wanted += [f for f in ("categ_id", "barcode", "purchase_ok", "qty_available") if f in known]
        context = {**ALL, "lang": self._languages[0]} if self._languages else ALL
        rows = self._odoo.search_read_pages(
            "product.product", changed, wanted, context=context, page=PAGE
        )
        names = {row["id"]: {_short(self._languages[0]): row["name"]} for row in rows}
        for lang in self._languages[1:]:
            for row in self._translated(lang, [r["id"] for r in rows]):
                names[row["id"]][_short(lang)] = row["name"]
        return [
            CatalogProduct(
                id=row["id"],
                tmpl_id=_id(row["product_tmpl_id"]),
                ref=row.get("default_code") or reference_for(row["id"]),
                names=names[row["id"]],
                category=_name(row.get("categ_id")) or "",
                unit_id=_id(row[unit]),
                barcode=row.get("barcode") or None,
                on_hand=float(row["qty_available"]) if "qty_available" in row else None,
                orderable=bool(row.get("active", True)) and bool(row.get("purchase_ok", True)),
                write_date=str(row["write_date"]),
            )
            for row in rows
        ]

    def _translated(self, lang: str, ids: Iterable[int]) -> list[dict[str, Any]]:
        wanted = list(ids)
        if not wanted:
            return []
        rows: list[dict[str, Any]] = []
        for at in range(0, len(wanted), PAGE):
            domain = [("id", "in", wanted[at : at + PAGE])]
            rows += self._odoo.search_read(
                "product.product", domain, ["name"], context={**ALL, "lang": lang}
            )
        return rows

    def _vendor_products(self, changed: list[Any]) -> list[VendorProduct]:
        fields = ["product_tmpl_id", "partner_id", "product_name", "product_code"]
        fields += ["price", "min_qty", "write_date"]
        rows = self._odoo.search_read_pages(
            "product.supplierinfo", changed, fields, context=ALL, page=PAGE
        )
        return [
            VendorProduct(
                id=row["id"],
                tmpl_id=_id(row["product_tmpl_id"]),
                vendor_id=_id(row["partner_id"]),
                vendor_name=_name(row["partner_id"]) or "",
                product_name=row.get("product_name") or None,
                product_code=row.get("product_code") or None,
                price=float(row.get("price") or 0.0),
                min_qty=float(row.get("min_qty") or 0.0),
                write_date=str(row["write_date"]),
            )
            for row in rows
        ]

    def _vendors(self, changed: list[Any]) -> list[VendorContact]:
        domain = [("supplier_rank", ">", 0), *changed]
        fields = ["name", "phone", "mobile", "email", "active", "write_date"]
        rows = self._odoo.search_read_pages("res.partner", domain, fields, context=ALL, page=PAGE)
        return [
            VendorContact(
                id=row["id"],
                name=row["name"],
                phone=row.get("phone") or None,
                mobile=row.get("mobile") or None,
                email=row.get("email") or None,
                active=bool(row.get("active", True)),
                write_date=str(row["write_date"]),
            )
            for row in rows
        ]


def _id(value: Any) -> int:
    return int(value[0]) if value else 0


def _name(value: Any) -> str | None:
    return str(value[1]) if value else None


def _short(lang: str) -> str:
    """`es_ES` -> `es`: the agent speaks languages, Odoo keeps locales."""
    return lang.split("_")[0].lower()
