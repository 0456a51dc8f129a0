"""Binding quantities and prices to the products they belong to.

The scanned events are walked once: a quantity right before a product ("20 kg de sal") binds
forward, otherwise to the last product still without one ("harina pa manana, ponle unos 300
kilos"); a correction replaces the last line's product or quantity; a removal or substitution
gives a line quantity 0; a quantity with no catalog product next to it names a product that is
not in the catalog ("10 kilos de levadura", "servilletas 10 cajas").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .products import Mention, content_word
from .quantities import Price, Qty, apply_package_size
from .scan import ARTICLES, BREAK_PUNCT, Marker, Scan
from .text import Token
from .units import BOX, MASS, PACKAGE, VOLUME
from .words import ACTION_WORDS

FORWARD_GAP = {
    "de",
    "of",
    "del",
    "la",
    "el",
    "los",
    "las",
    "the",
    "mas",
    "more",
    "extra",
    "a",
    "al",
    "to",
}
ONE = {"un", "una", "one", "an"}
SET_CUES = {"sean", "sea", "a", "en", "to", "mejor", "it", "that"}  # "que sean 4", "make it 40"
SWAP_WORDS = {"por", "with", "for", "con"}
PHRASE_STARTS = ACTION_WORDS | BREAK_PUNCT | {"y", "and", "tambien", "also"}


@dataclass
class Draft:
    """A line being built; the offline model turns it into an `Item`."""

    code: str | None
    text: str | None
    candidates: tuple[str, ...] = ()
    qty: Qty | None = None
    zero: bool = False  # removed
    price: float | None = None
    counted: bool = False  # a number right before the noun: "30 huevos" counts pieces
    ambiguous: bool = False  # several products fit and nothing tells which
    one: bool = False  # "un tóner", "a thermometer": one of it, if it is bought by the piece

    def take(self, mention: Mention) -> None:
        self.code, self.text, self.candidates = mention.code, mention.text, mention.candidates
        self.ambiguous = mention.ambiguous


def assemble(
    text: str, tokens: Sequence[Token], mentions: list[Mention], scanned: Scan, lang: str
) -> list[Draft]:
    return _Assembler(text, tokens, mentions, scanned, lang).run()


class _Assembler:
    def __init__(
        self, text: str, tokens: Sequence[Token], mentions: list[Mention], scanned: Scan, lang: str
    ) -> None:
        self.text, self.tokens, self.lang = text, tokens, lang
        self.events = scanned.events
        self.unit_products = scanned.unit_products
        self.without = scanned.without
        self.mention_tokens = {k for m in mentions for k in range(m.start, m.end)}
        self.drafts: list[Draft] = []
        self.last: Draft | None = None
        self.correcting = self.instead = False
        self.mode = ""
        self.price_for: dict[int, float] = {}  # mention event -> price naming it
        self.pending_price: float | None = None  # a price before any product
        self.consumed: set[int] = set()
        self.last_dim: str | None = None  # "20 kilos de azucar y 5 de azucar flor": kilos too
        self.bound = self._forward_bindings()

    def run(self) -> list[Draft]:
        for idx, ev in enumerate(self.events):
            if idx in self.consumed:
                continue
            if isinstance(ev, Marker):
                self.correcting = self.correcting or ev.kind == "correction"
                self.instead = self.instead or ev.kind == "instead"
                if ev.kind in ("remove", "substitute", "verb"):
                    self.mode = ev.kind
                if ev.kind == "remove":
                    self._remove_last(ev)
            elif isinstance(ev, Price):
                self._price(idx, ev)
            elif isinstance(ev, Mention):
                self._mention(idx, ev)
            else:
                self._quantity(idx, ev)
        return self.drafts

    def _remove_last(self, marker: Marker) -> None:
        """ "la sal sacala": a removal verb with a pronoun refers to the line before it."""
        last, verb = self.last, self.tokens[marker.start].norm
        if last is not None and last.qty is None and verb.endswith(("lo", "la", "los", "las")):
            last.zero = True

    def _elided_unit(self, qty: Qty | None, code: str | None) -> None:
        """A bare "5 de X" for a product not in the catalog keeps the unit of the list."""
        if qty is None:
            return
        if qty.dim in (MASS, VOLUME):
            self.last_dim = qty.dim
        elif qty.dim is None and code is None and qty.end < len(self.tokens):
            if self.tokens[qty.end].norm in ("de", "of"):
                qty.dim = self.last_dim

    def _price(self, idx: int, price: Price) -> None:
        if self._names_next_product(idx):
            self.price_for[idx + 1] = price.value  # "0.80 per kg for the flour"
        elif self.last is not None:
            qty = self.last.qty
            pack = qty.pack if price.per_package and qty is not None and qty.pack else 1.0
            self.last.price = price.value / pack  # "3 cajas de 100 ... a 5500 la caja": 55
        else:
            self.pending_price = price.value

    def _mention(self, idx: int, mention: Mention) -> None:
        qty = self.bound.get(idx)
        draft = Draft(mention.code, mention.text, mention.candidates, qty)
        draft.ambiguous = mention.ambiguous
        draft.price, self.pending_price = self.price_for.get(idx, self.pending_price), None
        draft.counted = qty is not None and qty.bare and qty.end == mention.start
        before = self.tokens[mention.start - 1].norm if mention.start else ""
        draft.one = qty is None and before in ONE | ({"a"} if self.lang == "en" else set())
        self._elided_unit(qty, mention.code)
        if qty is not None and qty.dim in (PACKAGE, BOX):
            if apply_package_size(self.tokens, qty, self.lang, at=mention.end):
                self.consumed.add(idx + 1)  # "24 tarros de leche de coco de 400 ml"
        if mention.start in self.without and qty is None:
            draft.zero = True  # "confirmo pero sin la miel"
        elif self.instead and qty is None:
            draft.zero, self.instead = True, False  # "en vez de aceite de coco pon ..."
        elif self.correcting and self.last is not None:
            self.last.take(mention)  # "30 kilos de azucar... no perdon, de cacao"
            self.last.qty = qty or self.last.qty
            self.correcting = False
            return
        elif qty is None and (
            self.mode == "remove" or (self.mode == "substitute" and self._swapped(idx))
        ):
            draft.zero = True
        self._add(draft)

    def _add(self, draft: Draft) -> None:
        same = next((d for d in self.drafts if d.code and d.code == draft.code), None)
        mergeable = same is not None and not draft.zero
        if (
            same is not None
            and mergeable
            and (draft.qty is None or (same.qty is None and not same.zero))
        ):
            if draft.qty is not None:  # "queda poca avena, pide 50 de avena"
                same.qty, same.text, same.counted = draft.qty, draft.text, draft.counted
            same.price = draft.price if draft.price is not None else same.price
            self.last = same
            return
        self.drafts.append(draft)
        self.last = draft

    def _quantity(self, idx: int, qty: Qty) -> None:
        last = self.last
        if self.instead or self._from_to(idx):
            self.instead = False  # "8 kilos en vez de 6", "de 100 a 150": the old value
            return
        if self.correcting and last is not None:
            last.qty, last.zero, self.correcting = qty, False, False
            return
        if self._size_of_each(qty):
            return
        before = self.tokens[qty.start - 1].norm if qty.start else ""
        if qty.bare and before in ("a", "at") and last and last.qty and last.price is None:
            last.price = qty.amount  # "dejalo en 40 pero a 4,9"
            return
        if qty.bare and before in ("a", "at") and last and last.qty is None and not self.mode:
            last.price = qty.amount  # "el ringer a 1050": no verb sets a quantity, so a price
            return
        draft = self._quantity_line(qty)
        self._elided_unit(qty, draft.code if draft else last.code if last else None)
        if draft is None:
            assert last is not None
            last.qty = qty
            return
        draft.price, self.pending_price = self.pending_price, None
        self.drafts.append(draft)
        self.last = draft

    def _size_of_each(self, qty: Qty) -> bool:
        """ "6 jars of honey, 500 g each": the size of the packages the last line counts."""
        last, after = self.last, self.tokens[qty.end].norm if qty.end < len(self.tokens) else ""
        if last is None or last.qty is None or last.qty.dim not in (PACKAGE, BOX):
            return False
        if qty.dim not in (MASS, VOLUME) or after not in {"each", "cada", "c/u"}:
            return False
        last.qty.amount *= qty.amount
        last.qty.dim, last.qty.pack = qty.dim, qty.amount
        return True

    def _quantity_line(self, qty: Qty) -> Draft | None:
        """The new line a quantity with no product right after it starts; None: the last line."""
        last = self.last
        product = self.unit_products.get(qty.start)
        before = self.tokens[qty.start - 1].norm if qty.start else ""
        if product is not None and last is not None and last.qty is None and not last.zero:
            if before in SET_CUES | {","}:
                return None  # "baja el café a 3 frascos", "papel camilla, 12 rollos"
        if product is not None and product.end > (qty.unit_index or 0) + 1:
            return self._unit_is_product(qty, product)  # "200 cajas de carton"
        phrase = self._phrase_after(qty.end)
        if phrase is None and product is not None:
            phrase = self._phrase_before(qty.start)
            if phrase is None:
                return self._unit_is_product(qty, product)  # "trescientas cajas"
        if phrase is None and last is not None and last.qty is None and not last.zero:
            return None
        phrase = phrase or self._phrase_before(qty.start)
        if phrase is not None:
            return Draft(None, phrase, qty=qty)
        if last is not None and self.tokens[qty.start - 1].norm in SET_CUES:
            return None
        return Draft(None, None, qty=qty)  # "si pero que sean 80 kilos"

    @staticmethod
    def _unit_is_product(qty: Qty, product: Mention) -> Draft:
        qty.dim = None  # the count is in the product's own uom
        draft = Draft(product.code, product.text, product.candidates, qty)
        draft.ambiguous = product.ambiguous
        return draft

    def _forward_bindings(self) -> dict[int, Qty]:
        """Mention event -> the quantity right before it ("20 kg de sal", "300 cardboard boxes")."""
        bound = {}
        for idx, (ev, nxt) in enumerate(zip(self.events, self.events[1:], strict=False)):
            if not isinstance(ev, Qty) or not isinstance(nxt, Mention):
                continue
            gap = self.tokens[ev.end : nxt.start]
            product = self.unit_products.get(ev.start)
            package = ev.pack is not None and not gap  # "2 cajas de 100 tornillos": boxes of screws
            if (
                product is not None
                and not package
                and (product.end > (ev.unit_index or 0) + 1 or not gap)
            ):
                continue  # "cajas de carton" is itself the product
            strengths = {k for k, t in enumerate(gap) if t.norm == "%" or (
                t.kind == "num" and k + 1 < len(gap) and gap[k + 1].norm == "%")}  # fmt: skip
            if all(t.norm in FORWARD_GAP or k in strengths for k, t in enumerate(gap)):
                # also "2 cajas de mantequilla", "10 litres of 2% chlorhexidine"
                bound[idx + 1] = ev
                self.consumed.add(idx)
        return bound

    def _gap_words(self, idx: int) -> set[str] | None:
        """Words between event idx and the next one, if the next one is a product."""
        if idx + 1 >= len(self.events) or not isinstance(self.events[idx + 1], Mention):
            return None
        return {t.norm for t in self.tokens[self.events[idx].end : self.events[idx + 1].start]}

    def _names_next_product(self, idx: int) -> bool:
        words = self._gap_words(idx)
        return bool(
            words and words & {"for", "para", "de", "of"} and words <= FORWARD_GAP | {"for", "para"}
        )

    def _swapped(self, idx: int) -> bool:
        """ "cambia el coco por (10 kilos de) oliva": replaced by what follows."""
        if idx + 1 >= len(self.events) or not isinstance(self.events[idx + 1], Mention | Qty):
            return False
        gap = {t.norm for t in self.tokens[self.events[idx].end : self.events[idx + 1].start]}
        return bool(gap & SWAP_WORDS) and gap <= SWAP_WORDS | ARTICLES

    def _from_to(self, idx: int) -> bool:
        ev = self.events[idx]
        nxt = self.events[idx + 1] if idx + 1 < len(self.events) else None
        if not isinstance(ev, Qty) or not isinstance(nxt, Qty) or ev.start == 0:
            return False
        return (
            self.tokens[ev.start - 1].norm in ("de", "from")
            and nxt.start == ev.end + 1
            and self.tokens[ev.end].norm in ("a", "to")
        )

    def _phrase_after(self, j: int) -> str | None:
        while j < len(self.tokens) and self.tokens[j].norm in {"de", "of"} | ARTICLES:
            j += 1
        return self._phrase(j, 1)

    def _phrase_before(self, j: int) -> str | None:
        j -= 1
        if j >= 0 and self.tokens[j].norm in (",", ":"):
            j -= 1
        return self._phrase(j, -1)

    def _phrase(self, j: int, step: int) -> str | None:
        """A product name not in the catalog, read from token j in direction `step`."""
        tokens, span = self.tokens, []
        while 0 <= j < len(tokens) and j not in self.mention_tokens:
            if content_word(tokens[j]):
                span.append(j)
            elif not (span and tokens[j].norm in {"de", "con", "sin", "en"} and len(span) < 4):
                break
            j += step
        while span and not content_word(tokens[span[-1]]):
            span.pop()
        if not span:
            return None
        if step < 0 and 0 <= j < len(tokens) and tokens[j].norm not in PHRASE_STARTS:
            return None  # "para la panaderia, 300 kilos" is not a product
        return self.text[tokens[min(span)].start : tokens[max(span)].end]
