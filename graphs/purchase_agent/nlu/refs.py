"""Order references ("P00012", "PO 12", "la orden 12") and the language of a message."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .numbers import NUMBER_WORDS
from .schema import Lang
from .text import Token, fold
from .units import UNITS
from .words import EN_MARKERS, ES_MARKERS

_REF_RE = re.compile(
    r"\b(?:p-?0*(\d{1,5})"
    r"|(?:po|p\.o\.|oc|o\.c\.)\s*[-#:.]?\s*0*(\d{1,5})"
    r"|(?:orden(?:\s+de\s+compra)?|pedido|order|solicitud)\s*"
    r"(?:n[o°º]?\.?|nro\.?|num(?:ero)?\.?|number|#)?\s*[-#:]?\s*p?0*(\d{1,5}))\b"
)
# After the number, these mean it was a quantity ("pedido 2 sacos", "order 300 boxes").
_NOT_AFTER_REF = re.compile(r"\s*(?:[a-z]+)")
# Before "order", these make it the verb: "please order 50" asks for 50 of something.
_ORDER_VERB = re.compile(
    r"\b(please|pls|plz|to|you|we|i|lets|let's|just|and|also|then)\s+order\s*$"
)


def find_order_ref(
    text: str, product_words: Iterable[str] = ()
) -> tuple[str | None, list[tuple[int, int]]]:
    """The first order reference as "P" + 5 digits, and the spans that wrote references."""
    refs, spans = find_order_refs(text, product_words)
    return (refs[0] if refs else None), spans


def find_order_refs(
    text: str, product_words: Iterable[str] = ()
) -> tuple[list[str], list[tuple[int, int]]]:
    """Every order reference, in order and once each, and the spans that wrote them."""
    folded = fold(text)
    words = set(product_words) | set(UNITS) | NUMBER_WORDS | {"de", "of", "mas", "more"}
    refs: list[str] = []
    spans = []
    for match in _REF_RE.finditer(folded):
        after = _NOT_AFTER_REF.match(folded, match.end())
        if after and after.group().strip() in words:
            continue
        if match.group().startswith("order") and _ORDER_VERB.search(folded[: match.start() + 5]):
            continue
        number = next(g for g in match.groups() if g is not None)
        ref = f"P{int(number):05d}"
        refs += [ref] if ref not in refs else []
        spans.append(match.span())
    return refs, spans


def detect_lang(
    tokens: Sequence[Token], english_words: Iterable[str] = (), skip: Iterable[int] = ()
) -> Lang:
    """ "en" when more words are English than Spanish; messages without words are "es"."""
    english, skipped = set(english_words), set(skip)
    es = en = 0
    for k, tok in enumerate(tokens):
        if not tok.is_word or k in skipped:
            continue
        w = tok.norm
        en += w in EN_MARKERS or w in english
        es += w in ES_MARKERS
    return "en" if en > es else "es"
