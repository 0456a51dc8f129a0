"""Units of measure as written in chat, and their conversion to the catalog uoms.

Every written unit belongs to one dimension: mass (to kg), volume (to l), count (to unit),
box, or package (a sack, can or bottle whose size is stated separately, if at all).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .text import Token

MASS, VOLUME, COUNT, BOX, PACKAGE = "mass", "volume", "count", "box", "package"
UOM_OF_DIM = {MASS: "kg", VOLUME: "l", COUNT: "unit", BOX: "box", PACKAGE: "unit"}
DIM_OF_UOM = {"kg": MASS, "l": VOLUME, "unit": COUNT, "box": BOX}


@dataclass(frozen=True)
class Unit:
    dim: str
    factor: float  # how many catalog uoms one of this unit is (1 t = 1000 kg)


def _units(dim: str, factor: float, words: str) -> dict[str, Unit]:
    return {w: Unit(dim, factor) for w in words.split()}


UNITS: dict[str, Unit] = (
    _units(
        MASS, 1, "kg kgs kilo kilos kilito kilitos kilogramo kilogramos kilogram kilograms kl kls k"
    )
    | _units(MASS, 0.001, "g gr grs gramo gramos gram grams gms")
    | _units(MASS, 1000, "t tn ton tons tonelada toneladas tonne tonnes")
    | _units(VOLUME, 1, "l lt lts ltr ltrs litro litros liter liters litre litres")
    | _units(VOLUME, 0.001, "ml mls mililitro mililitros milliliter milliliters millilitre cc")
    | _units(COUNT, 1, "unidad unidades und unds u uds unit units pieza piezas piece pieces pcs")
    | _units(BOX, 1, "caja cajas box boxes cajon cajones case cases crate crates carton cartons")
    | _units(
        PACKAGE,
        1,
        "saco sacos bolsa bolsas bidon bidones tarro tarros lata latas botella botellas frasco "
        "frascos paquete paquetes bulto bultos balde baldes tambor tambores envase envases pote "
        "potes rollo rollos bandeja bandejas galon galones sack sacks bag bags can cans tin tins "
        "bottle bottles jar jars jug jugs drum drums pack packs packet packets bucket buckets "
        "tub tubs roll rolls tray trays",
    )
)


def unit_at(tokens: Sequence[Token], i: int) -> Unit | None:
    """The unit written at token i ("k" is kilos right after a number, as in "10 k")."""
    if not 0 <= i < len(tokens) or not tokens[i].is_word:
        return None
    tok = tokens[i]
    return UNITS.get(tok.raw) or UNITS.get(tok.norm)


def convert(amount: float, dim: str | None, uom: str) -> float | None:
    """An amount in the base of `dim` (kg, l, units, boxes) expressed in `uom`, if compatible."""
    if dim is None or DIM_OF_UOM.get(uom) == dim:
        return amount
    if dim in (PACKAGE, BOX) and uom == "unit":
        return amount  # so many packages of a product bought by the piece: the count
    return None  # "3 sacos de harina" of a product bought by the kilo: how many kilos is asked
