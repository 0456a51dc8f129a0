"""Units from Odoo: a synced product's purchase unit becomes the agent's unit code and the
factor that turns a quantity in that code into purchase units, with Odoo's own factors."""

from __future__ import annotations

import pytest

from graphs.purchase_agent.nlu.catalog import ProductRow, UnitRow, vocabulary_of

ODOO_UNITS = [
    UnitRow("kg", "Weight", 1.0),
    UnitRow("g", "Weight", 1000.0),
    UnitRow("t", "Weight", 0.001),
    UnitRow("lb", "Weight", 2.20462),
    UnitRow("L", "Volume", 1.0),
    UnitRow("ml", "Volume", 1000.0),
    UnitRow("Units", "Unit", 1.0),
    UnitRow("Dozens", "Unit", 1 / 12),
    UnitRow("m", "Length", 1.0),
]


@pytest.mark.parametrize(
    ("unit", "uom", "per_uom"),
    [
        ("kg", "kg", 1.0),
        ("g", "kg", 1000.0),  # 2 kilos of a product bought in grams are 2000 of them
        ("t", "kg", 0.001),
        ("lb", "kg", 2.20462),
        ("ml", "l", 1000.0),
        ("Dozens", "unit", 1 / 12),  # 24 units are 2 dozens
        ("m", "m", 1.0),  # a kind of unit the agent has no words for keeps Odoo's name
    ],
)
def test_a_purchase_unit_converts_with_odoos_factors(unit: str, uom: str, per_uom: float) -> None:
    row = ProductRow("P-1", {"es": "Producto", "en": "Product"}, unit, ())

    (product,) = vocabulary_of([row], ODOO_UNITS).products

    assert (product.uom, product.unit) == (uom, unit)
    assert product.per_uom == pytest.approx(per_uom)


def test_a_category_with_another_reference_unit_still_converts() -> None:
    grams_first = [UnitRow("g", "Peso", 1.0), UnitRow("kg", "Peso", 0.001)]
    row = ProductRow("P-1", {"es": "Producto"}, "g", ())

    (product,) = vocabulary_of([row], grams_first).products

    assert product.uom == "kg"
    assert product.per_uom == pytest.approx(1000.0)


def test_names_come_in_the_company_language_and_english() -> None:
    rows = [
        ProductRow("A", {"es": "Tornillo", "en": "Screw"}, "Units", (("perno", None),)),
        ProductRow("B", {"es": "Tuerca"}, "Units", ()),
    ]

    a, b = vocabulary_of(rows, ODOO_UNITS).products

    assert (a.name, a.name_en, a.aliases) == ("Tornillo", "Screw", (("perno", None),))
    assert (b.name, b.name_en) == ("Tuerca", "Tuerca")
