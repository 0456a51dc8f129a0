"""The product vocabulary the understanding layer may map messages to.

Loaded from the same catalog JSON the sandbox ERP and the datasets use, so a product added there
is understood by both models without code changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core.settings import get_settings

UOMS = ("kg", "l", "unit", "box")


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    name_en: str
    uom: str


@dataclass(frozen=True)
class Vocabulary:
    """Catalog products plus lookups by code."""

    products: tuple[Product, ...]
    by_code: dict[str, Product] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {p.code: p for p in self.products})

    def get(self, code: str | None) -> Product | None:
        return self.by_code.get(code) if code else None

    def uom_of(self, code: str | None) -> str | None:
        product = self.get(code)
        return product.uom if product else None

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.by_code


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The vocabulary of a catalog file (PURCHASE_AGENT_CATALOG by default), parsed once."""
    return _load(str((path or get_settings().catalog_path).resolve()))


@lru_cache(maxsize=8)
def _load(path: str) -> Vocabulary:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    products = tuple(
        Product(
            code=p["code"],
            name=p["name"],
            name_en=p.get("name_en") or p["name"],
            uom=p["uom"],
        )
        for p in data["products"]
    )
    return Vocabulary(products)
