"""Quantity and price phrases: a number, its unit, package sizes, and what a price is per.

"2 kilos y medio" = 2.5 kg, "3/4 de tonelada" = 750 kg, "2 sacos de 25 kg" = 50 kg,
"24 tarros de 400 ml" = 9.6 l, "un par de litros" = 2 l; "a 4,50 el kilo", "$2.80", "80 centavos".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .numbers import MULTIPLIERS, Number, and_a_half, read_number
from .text import Token
from .units import BOX, COUNT, MASS, PACKAGE, VOLUME, Unit, unit_at
from .words import NON_PRODUCT_NOUNS

CURRENCY = {"usd", "dolar", "dolares", "dollar", "dollars", "bucks", "peso", "pesos", "clp"}
THOUSANDS = {"luca", "lucas"}  # "3 lucas" is 3,000 pesos
CENTS = {"centavo", "centavos", "cents", "cent", "ctvs", "cts", "centimos"}
PER = {"el", "la", "por", "per", "x", "a", "the", "/", "cada", "each"}
EACH = {"each", "cada", "c/u", "unidad", "unit"}
PRICE_CUES = {
    "precio", "price", "max", "maximo", "tope", "ofrecen", "ofrece", "ofrecemos", "pagamos",
    "pagar", "pago", "costo", "cost", "valor", "at", "pay",
}  # fmt: skip


@dataclass
class Qty:
    start: int  # token index
    end: int
    amount: float  # in the base of `dim` (kg, l, units, boxes, packages); as written if dim None
    dim: str | None  # None: no unit written, so the catalog uom of the product
    unit_index: int | None = None  # token of the unit word ("cajas" may be the product itself)
    bare: bool = False  # a number alone
    pack: float | None = None  # the package size of "2 cajas de 100" (100), in the base


@dataclass
class Price:
    start: int
    end: int
    value: float  # per catalog uom
    per_package: bool = False  # "a 5500 la caja": per package, whatever a package holds


def _word(tokens: Sequence[Token], j: int) -> str:
    return tokens[j].norm if 0 <= j < len(tokens) else ""


def read_quantity(tokens: Sequence[Token], i: int, lang: str) -> Qty | None:
    num = read_number(tokens, i, lang)
    if num is None and unit_at(tokens, i) and and_a_half(tokens, i + 1):
        num = Number(1.0, i, i)  # "kilo y medio": the unit alone is one of it
    if num is None:
        return None
    value, j = num.value, num.end
    if _word(tokens, j) == "x" and j + 1 < len(tokens) and tokens[j + 1].kind == "num":
        factor = read_number(tokens, j + 1, lang)  # "3 x 5 kg"
        if factor is not None:
            value, j = value * factor.value, factor.end
    unit = unit_at(tokens, j)
    if unit is None and _word(tokens, j) in {"de", "of", "a", "an", "more", "mas", "extra"}:
        unit = unit_at(tokens, j + 1)
        j += unit is not None
    if unit is None:
        return _bare(tokens, num, value, j)
    unit_index, j = j, j + 1
    half = and_a_half(tokens, j)  # "2 kilos y medio"
    if half is not None:
        value, j = value + 0.5, half
    qty = Qty(i, j, value * unit.factor, unit.dim, unit_index)
    _add_smaller_unit(tokens, qty, unit, lang)
    if unit.dim in (PACKAGE, BOX, COUNT):
        apply_package_size(tokens, qty, lang)
    return qty


def _add_smaller_unit(tokens: Sequence[Token], qty: Qty, unit: Unit, lang: str) -> None:
    """ "1 kilo 200 gramos", "3 kilos 500": one amount in two units (thousandths if unwritten)."""
    j = qty.end
    if j >= len(tokens) or tokens[j].kind != "num":
        return
    num = read_number(tokens, j, lang)
    smaller = unit_at(tokens, num.end) if num else None
    if num and smaller and smaller.dim == unit.dim and smaller.factor < unit.factor:
        qty.amount += num.value * smaller.factor
        qty.end = num.end + 1
    elif num and smaller is None and unit.factor == 1 and unit.dim in (MASS, VOLUME):
        if len(tokens[j].raw) == 3 and _word(tokens, num.end) in {"", "de", "of"}:
            qty.amount += num.value / 1000
            qty.end = num.end


def _bare(tokens: Sequence[Token], num: Number, value: float, j: int) -> Qty | None:
    if num.weak and not num.counted:
        return None  # "una consulta", "medio"
    nxt, prev = _word(tokens, j), _word(tokens, num.start - 1)
    if nxt in NON_PRODUCT_NOUNS or nxt in {":", "%", "h"} or prev in {"las", "los", "#"}:
        return None  # times, people, percentages
    dim = COUNT if num.counted else None
    return Qty(num.start, j, value, dim, bare=not num.counted)


def apply_package_size(tokens: Sequence[Token], qty: Qty, lang: str, at: int | None = None) -> bool:
    """Turn "2 sacos" + "de 25 kg" (at `at`, default right after) into 50 kg; "two cases of
    12 bottles" into 24 bottles, whose own size may follow ("of 400 ml", or after the product
    with no connector: "coconut milk 400 ml")."""
    j = qty.end if at is None else at
    connector = _word(tokens, j) in {"de", "of", "x"}
    if j + connector >= len(tokens) or tokens[j + connector].kind not in ("num", "frac"):
        return False
    size = read_number(tokens, j + connector, lang)
    if size is None:
        return False
    unit: Unit | None = unit_at(tokens, size.end)
    if not connector and (at is None or unit is None or unit.dim not in (MASS, VOLUME)):
        return False  # only a mass or volume may follow a product name directly
    end = size.end + (unit is not None)
    amount = size.value
    if unit is not None and (half := and_a_half(tokens, end)) is not None:
        amount, end = amount + 0.5, half  # "3 bolsas de 1 kilo y medio"
    if unit is not None and unit.dim in (PACKAGE, BOX):
        if at is not None:
            return False
        qty.amount *= amount  # cases of 12 bottles: 24 bottles, each maybe of a size
        qty.pack, qty.end = (qty.pack or 1.0) * amount, end
        apply_package_size(tokens, qty, lang)
        return True
    qty.amount *= amount * (unit.factor if unit else 1)
    qty.dim = unit.dim if unit else None
    qty.pack = (qty.pack or 1.0) * amount * (unit.factor if unit else 1)
    if at is None:
        qty.end = end
    return True


def read_price(tokens: Sequence[Token], i: int, lang: str, cue: bool) -> Price | None:
    """A price starting at token i; `cue` says a price word ("precio", "max") came just before."""
    j = i
    if tokens[i].kind == "money" or _word(tokens, i) in CURRENCY:
        j += 1
    if j >= len(tokens) or tokens[j].kind != "num":
        return None
    num = read_number(tokens, j, lang)
    if num is None:
        return None
    value, k, marked = num.value, num.end, j > i
    if _word(tokens, k) in THOUSANDS:
        value, k, marked = value * 1000, k + 1, True
        if (half := and_a_half(tokens, k)) is not None:
            value, k = value + 500, half  # "13 lucas y media"
    if _word(tokens, k) in CURRENCY:
        k, marked = k + 1, True
    elif _word(tokens, k) in CENTS:
        value, k, marked = value / 100, k + 1, True
    per_word = _word(tokens, k) in PER and (marked or cue or _word(tokens, k) not in {"a", "x"})
    unit = unit_at(tokens, k + 1) if per_word else None  # not "de 100 a 150 kilos"
    if unit is not None and unit.dim in (PACKAGE, BOX):
        size = Qty(k + 1, k + 2, 1.0, unit.dim)
        if apply_package_size(tokens, size, lang):  # "27 por saco de 25 kilos": per kilo
            return Price(i, size.end, value / size.amount)
        return Price(i, k + 2, value, per_package=True)  # "a 5500 la caja", "20 el saco"
    if per_word and k + 1 < len(tokens) and tokens[k + 1].kind == "num":
        amount = read_number(tokens, k + 1, lang)
        unit = unit_at(tokens, amount.end) if amount else None
        if amount and unit and unit.dim in (MASS, VOLUME) and amount.value:
            return Price(i, amount.end + 1, value / (amount.value * unit.factor))  # per 100 g
    if per_word and _word(tokens, k + 1) in MULTIPLIERS:  # "a 30 lucas la docena": each
        return Price(i, k + 2, value / MULTIPLIERS[_word(tokens, k + 1)])
    per, k = _per_unit(tokens, k)
    if per is None and not marked and not cue:
        return None
    return Price(i, k, value / (per or 1.0))


def _per_unit(tokens: Sequence[Token], k: int) -> tuple[float | None, int]:
    """ "el kilo", "por kg", "/lt", "c/u", "each": the factor of the unit a price is per."""
    if _word(tokens, k) in EACH:
        return 1.0, k + 1
    if _word(tokens, k) == "c" and _word(tokens, k + 1) == "/" and _word(tokens, k + 2) == "u":
        return 1.0, k + 3
    if _word(tokens, k) in PER:
        unit = unit_at(tokens, k + 1)
        if unit is None and _word(tokens, k + 1) in {"a", "an"}:
            unit, k = unit_at(tokens, k + 2), k + 1
        if unit is not None and unit.dim != PACKAGE:
            return unit.factor, k + 2
    return None, k
