"""The product vocabulary the understanding layer may map messages to.

At run time it is built from the catalogue synced from Odoo (names per language, aliases,
vendors' names, the purchase unit); `load_vocabulary(FILE)` reads a company file in the
fixture format instead, for evaluation offline. Either way the understanding sees products
and units only through this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import fold
from .units import DIM_OF_UOM, PACKAGE, UNITS, UOM_OF_DIM

UOMS = ("kg", "l", "unit", "box")


@dataclass(frozen=True)
class Product:
    """A product as the understanding sees it. `uom` is the agent's unit code (kg, l, unit,
    box) that quantities are understood in; `per_uom` converts one of it to the purchase
    unit (`unit`, Odoo's name): 1000 for a product bought in grams, 1/12 by the dozen."""

    code: str
    name: str  # in the company's language
    name_en: str
    uom: str
    unit: str = ""
    per_uom: float = 1.0
    aliases: tuple[tuple[str, str | None], ...] = ()  # (words, language or None)

    def name_in(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Catalog products plus lookups by code. Compared and hashed by identity: a vocabulary
    is built once per catalogue version and caches key on it."""

    products: tuple[Product, ...]
    by_code: dict[str, Product] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {p.code: p for p in self.products})

    def get(self, code: str | None) -> Product | None:
        return self.by_code.get(code) if code else None

    def uom_of(self, code: str | None) -> str | None:
        product = self.get(code)
        return product.uom if product else None

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.by_code


@dataclass(frozen=True)
class UnitRow:
    """An Odoo unit of measure: its category and Odoo's factor (units per reference unit)."""

    name: str
    category: str
    factor: float


@dataclass(frozen=True)
class ProductRow:
    """A synced product: names by language ("es", "en"), its purchase unit, other words."""

    code: str
    names: dict[str, str]
    unit: str
    aliases: tuple[tuple[str, str | None], ...]


def vocabulary_of(
    products: Iterable[ProductRow], units: Sequence[UnitRow], company_lang: str = "es"
) -> Vocabulary:
    """The vocabulary of a synced catalogue: each product's unit mapped to the agent's codes
    with Odoo's factors, so "2 kilos" of a product bought in grams is 2000 of them."""
    scales = _unit_scales(units)
    built = []
    for row in products:
        name = row.names.get(company_lang) or next(iter(row.names.values()), row.code)
        uom, per_uom = scales.get(row.unit, (row.unit, 1.0))
        built.append(
            Product(
                code=row.code,
                name=name,
                name_en=row.names.get("en") or name,
                uom=uom,
                unit=row.unit,
                per_uom=per_uom,
                aliases=row.aliases,
            )
        )
    return Vocabulary(tuple(built))


def _unit_scales(units: Sequence[UnitRow]) -> dict[str, tuple[str, float]]:
    """Unit name -> (agent code, purchase units per one of that code).

    A category is tied to an agent code through any of its units whose name the agent
    knows ("g", "kg", "Units", "L"); Odoo's factors then give every unit of it. A category
    none of whose units the agent knows (Length, say) keeps its own unit names."""
    by_category: dict[str, list[UnitRow]] = {}
    for unit in units:
        by_category.setdefault(unit.category, []).append(unit)
    scales: dict[str, tuple[str, float]] = {}
    for members in by_category.values():
        ordered = sorted(members, key=lambda u: u.factor != 1.0)  # references first
        anchor = next((u for u in ordered if _known(u.name)), None)
        if anchor is None:
            continue
        known = _known(anchor.name)
        assert known is not None
        dim, base_per_unit = known
        # one agent unit is 1/base_per_unit anchors, and an anchor is 1/factor references
        references_per_code = 1.0 / (base_per_unit * anchor.factor)
        for unit in members:
            scales[unit.name] = (UOM_OF_DIM[dim], references_per_code * unit.factor)
    return scales


def _known(name: str) -> tuple[str, float] | None:
    word = fold(name).strip()
    unit = UNITS.get(word) or UNITS.get(word.rstrip("s"))
    if unit is None or unit.dim == PACKAGE:
        return None
    return unit.dim, unit.factor


def load_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary of a company file in the fixture format, parsed once."""
    return _load(str(path.resolve()))


@lru_cache(maxsize=8)
def _load(path: str) -> Vocabulary:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    vendor_names: dict[str, list[str]] = {}
    for vendor in data.get("vendors", []):
        for supply in vendor.get("supplies", []):
            if supply.get("product_name"):
                vendor_names.setdefault(supply["code"], []).append(supply["product_name"])
    products = []
    for p in data["products"]:
        names = p.get("names") or {}
        name = p.get("name") or names.get("es") or next(iter(names.values()))
        aliases = _aliases(p.get("aliases", []))
        aliases += tuple((name, None) for name in vendor_names.get(p["code"], []))
        uom = p["uom"] if p["uom"] in DIM_OF_UOM else fold(p["uom"])
        products.append(
            Product(
                code=p["code"],
                name=name,
                name_en=p.get("name_en") or names.get("en") or name,
                uom=uom,
                unit=p["uom"],
                aliases=aliases,
            )
        )
    return Vocabulary(tuple(products))


def _aliases(given: list[str] | dict[str, list[str]]) -> tuple[tuple[str, str | None], ...]:
    """A file's aliases: a list (any language) or lists by language ({"en": [...]})."""
    if isinstance(given, dict):
        return tuple((a, lang) for lang, words in given.items() for a in words)
    return tuple((a, None) for a in given)
