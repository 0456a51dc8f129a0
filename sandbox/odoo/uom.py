"""Units of measure as Odoo 17/18 seed them (uom module data), and their rules.

A unit converts only within its category: `1 reference unit = factor * this unit`, so a
`bigger` unit has factor < 1 (Dozens: 1/12) and is usually given as `factor_inv` (12), which
create and write turn into `factor` like Odoo does. Each category has exactly one reference
unit (factor 1). Names are translatable; the Spanish names are Odoo's translations.
"""

from __future__ import annotations

from typing import Any

from .errors import ValidationError
from .orm import Behaviour, Env, behaviour, compute
from .store import Record

# (category, name, uom_type, ratio): ratio is `factor` for smaller units, `factor_inv` for
# bigger ones; the order is the order of Odoo's data file, so ids come out alike.
STANDARD: tuple[tuple[str, str, str, float], ...] = (
    ("Unit", "Units", "reference", 1.0),
    ("Unit", "Dozens", "bigger", 12.0),
    ("Working Time", "Days", "reference", 1.0),
    ("Working Time", "Hours", "smaller", 8.0),
    ("Length / Distance", "m", "reference", 1.0),
    ("Length / Distance", "mm", "smaller", 1000.0),
    ("Length / Distance", "km", "bigger", 1000.0),
    ("Length / Distance", "cm", "smaller", 100.0),
    ("Surface", "m²", "reference", 1.0),
    ("Volume", "L", "reference", 1.0),
    ("Volume", "m³", "bigger", 1000.0),
    ("Weight", "kg", "reference", 1.0),
    ("Weight", "g", "smaller", 1000.0),
    ("Weight", "t", "bigger", 1000.0),
    ("Weight", "lb", "smaller", 2.20462),
    ("Weight", "oz", "smaller", 35.274),
    ("Length / Distance", "in", "smaller", 39.3701),
    ("Length / Distance", "ft", "smaller", 3.28084),
    ("Length / Distance", "yd", "smaller", 1.09361),
    ("Length / Distance", "mi", "bigger", 1609.34),
    ("Surface", "ft²", "smaller", 10.76391),
    ("Volume", "fl oz (US)", "smaller", 33.814),
    ("Volume", "qt (US)", "smaller", 1.05669),
    ("Volume", "gal (US)", "bigger", 3.78541),
    ("Volume", "in³", "smaller", 61.0237),
    ("Volume", "ft³", "bigger", 28.3168),
    # Not in Odoo's data: companies add it; the sandbox adds it as one would.
    ("Volume", "ml", "smaller", 1000.0),
)
CATEGORIES = ("Unit", "Weight", "Working Time", "Length / Distance", "Surface", "Volume")
SPANISH = {
    "Unit": "Unidad",
    "Weight": "Peso",
    "Working Time": "Tiempo de trabajo",
    "Length / Distance": "Longitud / distancia",
    "Surface": "Superficie",
    "Volume": "Volumen",
    "Units": "Unidades",
    "Dozens": "Docenas",
    "Days": "Días",
    "Hours": "Horas",
}


def spec(name: str, uom_type: str, ratio: float, rounding: float | None = None) -> dict[str, Any]:
    """create() values for a unit given the way Odoo's data file gives it."""
    vals: dict[str, Any] = {"name": name, "uom_type": uom_type}
    vals["factor_inv" if uom_type == "bigger" else "factor"] = ratio
    if rounding is not None:
        vals["rounding"] = rounding
    return vals


compute("uom.uom", "factor_inv")(lambda _env, r: 1.0 / r["factor"] if r.get("factor") else 0.0)


@compute("uom.uom", "ratio")
def _ratio(_env: Env, rec: Record) -> float:
    factor = float(rec.get("factor") or 0.0)
    if rec.get("uom_type") == "reference":
        return 1.0
    return (1.0 / factor if factor else 0.0) if rec.get("uom_type") == "bigger" else factor


def _factor(vals: dict[str, Any]) -> dict[str, Any]:
    if "factor_inv" not in vals:
        return vals
    vals = dict(vals)
    inverse = vals.pop("factor_inv")
    vals["factor"] = 1.0 / inverse if inverse else 0.0
    return vals


def _check(recs: list[Record]) -> None:
    """Odoo's SQL constraints on uom_uom, with the messages RPC clients see."""
    for rec in recs:
        if not rec.get("factor"):
            raise ValidationError(
                "The operation cannot be completed: "
                "The conversion ratio for a unit of measure cannot be 0!"
            )
        if (rec.get("rounding") or 0.0) <= 0:
            raise ValidationError(
                "The operation cannot be completed: "
                "The rounding precision must be strictly positive."
            )
        if rec.get("uom_type") == "reference" and rec["factor"] != 1.0:
            raise ValidationError(
                "The operation cannot be completed: "
                "The reference unit must have a conversion factor equal to 1."
            )


@behaviour("uom.uom")
class UoM(Behaviour):
    """`factor_inv` in values becomes `factor`; one reference unit per category."""

    def create_many(self, vals_list: list[dict[str, Any]]) -> list[Record]:
        recs = super().create_many([_factor(v) for v in vals_list])
        _check(recs)
        self._check_references(recs)
        return recs

    def write_records(self, recs: list[Record], vals: dict[str, Any]) -> None:
        super().write_records(recs, _factor(vals))
        _check(recs)
        if vals.get("uom_type") != "reference" and not self.env.context.get(
            "allow_to_change_reference"
        ):
            self._check_references(recs)

    def _check_references(self, recs: list[Record]) -> None:
        for categ_id in {r["category_id"] for r in recs}:
            units = self.tx.where("uom.uom", "category_id", [categ_id])
            references = sum(1 for u in units if u.get("uom_type") == "reference")
            if references == 1:
                continue
            name = self.env.display_name("uom.category", categ_id)
            what = "should only have one" if references > 1 else "should have a"
            raise ValidationError(f"UoM category {name} {what} reference unit of measure.")
