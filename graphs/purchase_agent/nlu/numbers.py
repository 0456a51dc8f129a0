"""Numbers as chat writes them: digits with either decimal mark, fractions, and number words.

Spanish and English number words are read with a small grammar ("doscientos cincuenta",
"treinta y cinco", "two hundred and fifty", "twenty-five"), plus the counting words "un par",
"una docena", "a couple of", "media docena" and the halves and quarters that go with units.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .text import Token


def _table(text: str, start: int = 0, step: int = 1) -> dict[str, int]:
    return {w: start + k * step for k, w in enumerate(text.split())}


_ES_ONES = _table("cero uno dos tres cuatro cinco seis siete ocho nueve") | {"un": 1, "una": 1}
_ES_TEENS = _table(
    "diez once doce trece catorce quince dieciseis diecisiete dieciocho diecinueve veinte "
    "veintiuno veintidos veintitres veinticuatro veinticinco veintiseis veintisiete veintiocho "
    "veintinueve",
    10,
) | {"veintiun": 21, "veintiuna": 21}
_ES_TENS = _table("treinta cuarenta cincuenta sesenta setenta ochenta noventa", 30, 10)
_ES_HUNDREDS = {"cien": 100, "ciento": 100} | {
    f"{stem}ient{g}s": 100 * n
    for n, stem in zip(
        range(2, 10), "dosc tresc cuatroc quin seisc setec ochoc novec".split(), strict=True
    )
    for g in "oa"
}
_EN_ONES = _table("zero one two three four five six seven eight nine")
_EN_TEENS = _table(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 10
)
_EN_TENS = _table("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)

ONES = _ES_ONES | _EN_ONES
TEENS = _ES_TEENS | _EN_TEENS
TENS = _ES_TENS | _EN_TENS
THOUSANDS = {"mil", "thousand"}
# Single words that are quantities only when a unit follows ("una consulta" is not 1 of anything).
WEAK = {"un", "una", "uno", "one", "a", "an"}
MULTIPLIERS = {"par": 2, "pares": 2, "pair": 2, "pairs": 2, "couple": 2} | dict.fromkeys(
    ("docena", "docenas", "dozen", "dozens"), 12
)
HALVES = {"medio", "media", "half"}
QUARTERS = {"cuarto", "cuartos", "quarter", "quarters"}
NUMBER_WORDS = frozenset(
    [*ONES, *TEENS, *TENS, *_ES_HUNDREDS, *THOUSANDS, "hundred", *MULTIPLIERS, *HALVES, *QUARTERS]
)


@dataclass(frozen=True)
class Number:
    value: float
    start: int  # token index
    end: int  # token index just after the number
    weak: bool = False  # needs a unit after it to count as a quantity
    counted: bool = False  # included "par"/"docena": a count of things


_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_digits(raw: str, lang: str = "es") -> float:
    """Value of a digit string.

    A point followed by groups of three digits is the Chilean thousands separator ("1.000");
    a comma or a lone point is a decimal mark ("4,5", "2.80"). English writes "1,000".
    """
    if _THOUSANDS_RE.fullmatch(raw) and not raw.startswith("0."):
        whole, _, frac = raw.partition(",")
        return float(whole.replace(".", "") + ("." + frac if frac else ""))
    if lang == "en" and _EN_THOUSANDS_RE.fullmatch(raw):
        return float(raw.replace(",", ""))
    if raw.count(",") + raw.count(".") > 1:  # "1,000.5": the last mark is the decimal one
        raw = raw.replace(",", "").replace(".", "", raw.count(".") - 1)
    return float(raw.replace(",", "."))


def _fraction(raw: str) -> float | None:
    top, _, bottom = raw.partition("/")
    return int(top) / int(bottom) if int(bottom) else None


def read_number(tokens: Sequence[Token], i: int, lang: str = "es") -> Number | None:
    """The number starting at token i, if any."""
    tok = tokens[i]
    weak = counted = False
    if tok.kind == "num":
        value = parse_digits(tok.raw, lang)
        j = i + 1
        if j < len(tokens) and tokens[j].kind == "frac":
            value += _fraction(tokens[j].raw) or 0.0
            j += 1
        if j < len(tokens) and tokens[j].norm in THOUSANDS:
            value, j = value * 1000, j + 1
    elif tok.kind == "frac":
        fraction = _fraction(tok.raw)
        if fraction is None:
            return None
        value, j = fraction, i + 1
    elif tok.norm in HALVES:
        value, j, weak = 0.5, i + 1, True
        if _word(tokens, j) in {"a", "an"} and _word(tokens, j + 1) in MULTIPLIERS:
            j += 1  # "half a dozen"
    elif tok.norm in QUARTERS and _word(tokens, i - 1) in {"a", "un", "one"}:
        value, j, weak = 0.25, i + 1, True  # "a quarter tonne"
    elif tok.norm in MULTIPLIERS:
        value, j = 1.0, i  # "docena de huevos": the multiplier below makes it 12
    else:
        words = _read_words(tokens, i, lang)
        if words is None:
            return None
        value, j = words
        weak = j == i + 1 and tok.norm in WEAK
    half = and_a_half(tokens, j)  # "dos y medio", "two and a half"
    if half is not None:
        value, j, weak = value + 0.5, half, False
    nxt = _word(tokens, j)
    if nxt in MULTIPLIERS:
        value, j, counted, weak = value * MULTIPLIERS[nxt], j + 1, True, False
    elif nxt in QUARTERS:  # "un cuarto" wants a unit after it, "tres cuartos" does not
        value, j = value * 0.25, j + 1
    return Number(value, i, j, weak=weak, counted=counted)


def and_a_half(tokens: Sequence[Token], j: int) -> int | None:
    """The index after "y medio" / "and a half" at j, if written there."""
    if _word(tokens, j) not in {"y", "and"}:
        return None
    half = j + 1 + (_word(tokens, j + 1) == "a")
    if _word(tokens, half) in HALVES and _word(tokens, half + 1) not in MULTIPLIERS:
        return half + 1
    return None


def _word(tokens: Sequence[Token], j: int) -> str:
    return tokens[j].norm if 0 <= j < len(tokens) and tokens[j].is_word else ""


def _read_words(tokens: Sequence[Token], i: int, lang: str) -> tuple[float, int] | None:
    """Number words from token i: (value, end index) or None."""
    total, current, last, j = 0, 0, "", i
    while j < len(tokens):
        w = _word(tokens, j)
        if last == "" and w in {"a", "an"} and lang == "en":
            kind, current = "unit", 1
        elif w in ONES and last in ("", "tens", "hundreds", "thousand"):
            kind, current = "unit", current + ONES[w]
        elif w in TEENS and last in ("", "hundreds", "thousand"):
            kind, current = "teen", current + TEENS[w]
        elif w in TENS and last in ("", "hundreds", "thousand"):
            kind, current = "tens", current + TENS[w]
        elif w in _ES_HUNDREDS and last in ("", "thousand"):
            kind, current = "hundreds", current + _ES_HUNDREDS[w]
        elif w == "hundred" and last in ("", "unit", "teen"):
            kind, current = "hundreds", max(current, 1) * 100
        elif w in THOUSANDS and last != "thousand":
            kind, total, current = "thousand", total + max(current, 1) * 1000, 0
        elif _joins(tokens, j, last):
            j += 1
            continue
        else:
            break
        last, j = kind, j + 1
    return (float(total + current), j) if j > i else None


def _joins(tokens: Sequence[Token], j: int, last: str) -> bool:
    """Whether "y", "and" or "-" at j joins two parts of one number ("treinta y cinco")."""
    sep, nxt = tokens[j].norm, _word(tokens, j + 1)
    if last == "tens" and sep in {"y", "-"}:
        return nxt in ONES
    return last == "hundreds" and sep == "and" and (nxt in ONES or nxt in TEENS or nxt in TENS)
