"""Binding quantities and prices to the products they belong to.

The message is scanned into events (product mentions, quantities, prices, and markers such as a
self-correction, "en vez de" or a removal verb), then walked once: a quantity right before a
product ("20 kg de sal") binds forward, otherwise to the last product still without one
("harina pa manana, ponle unos 300 kilos"); a correction replaces the last line's product or
quantity; a quantity with no catalog product names one that is not in the catalog.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .numbers import NUMBER_WORDS
from .products import Mention, content_word
from .quantities import CURRENCY, PRICE_CUES, Price, Qty, apply_package_size, read_price, read_quantity
from .text import Token
from .units import BOX, PACKAGE
from .words import ACTION_WORDS

CORRECTIONS = [("no", "espera"), ("no", "perdon"), ("espera",), ("perdon",), ("digo",),
               ("mejor", "dicho"), ("o", "sea"), ("osea",), ("corrijo",), ("me", "equivoque"),
               ("sorry",), ("i", "mean"), ("i", "meant"), ("actually",), ("wait",),
               ("scratch", "that"), ("oops",), ("ups",)]  # fmt: skip
INSTEAD = [("en", "vez", "de"), ("en", "lugar", "de"), ("instead", "of"), ("rather", "than")]
REMOVE = {"saca", "sacar", "sacale", "sacalo", "sacala", "sacalos", "sacalas", "saquen", "quita",
          "quitar", "quitale", "quitalo", "quitala", "quiten", "elimina", "eliminar", "eliminalo",
          "eliminen", "borra", "borrar", "borrale", "borren", "remueve", "remove", "delete", "drop"}  # fmt: skip
NO_LONGER = [("no", w) for w in ("quiero", "queremos", "necesito", "necesitamos", "va", "van")]
CANCEL_VERBS = {"cancela", "cancelar", "cancelen", "cancel", "anula", "anular", "anulen"}
SUBSTITUTE = {"cambia", "cambiar", "cambiale", "cambien", "reemplaza", "reemplazar", "replace",
              "swap", "switch", "change"}  # fmt: skip
SWAP_WORDS = {"por", "with", "for", "con"}
PURPOSE = {"hacer", "preparar", "cocinar", "hornear", "make", "bake", "cook", "making", "baking"}
FORWARD_GAP = {"de", "of", "del", "la", "el", "los", "las", "the", "mas", "more", "extra"}
ARTICLES = {"el", "la", "los", "las", "the", "un", "una", "some", "a", "an"}
SET_CUES = {"sean", "sea", "a", "en", "to", "mejor", "it", "that"}
MONEY_DIGITS = re.compile(r"\d+[.,]\d\d")
BREAK_PUNCT = {",", ".", ";", "!", "?", "...", "…", ":"}


@dataclass
class Marker:
    kind: str  # correction | instead | remove | substitute | verb
    start: int
    end: int


Event = Mention | Qty | Price | Marker


@dataclass
class Draft:
    code: str | None
    text: str | None
    candidates: tuple[str, ...] = ()
    qty: Qty | None = None
    zero: bool = False
    price: float | None = None
    counted: bool = False  # a number right before the noun: "30 huevos" counts pieces

    def take(self, mention: Mention) -> None:
        self.code, self.text, self.candidates = mention.code, mention.text, mention.candidates


def _seq_at(tokens: Sequence[Token], i: int, seqs: list[tuple[str, ...]]) -> int:
    for seq in seqs:
        if tuple(t.norm for t in tokens[i : i + len(seq)]) == seq:
            return len(seq)
    return 0


class Extraction:
    """One pass over one message."""

    def __init__(
        self, text: str, tokens: Sequence[Token], mentions: list[Mention], skip: set[int], lang: str
    ) -> None:
        self.text, self.tokens, self.lang = text, tokens, lang
        self.mention_at = {m.start: m for m in mentions}
        self.mention_tokens = {k for m in mentions for k in range(m.start, m.end)}
        self.alt: dict[int, Mention] = {}  # qty start -> mention its unit word starts ("cajas")
        self.cancel_targets_product = False
        self.events = self._scan(skip)
        self.drafts: list[Draft] = []

    # -- scanning -------------------------------------------------------------------------
    def _scan(self, skip: set[int]) -> list[Event]:
        tokens, events, cue_at, i = self.tokens, [], -10, 0
        while i < len(tokens):
            tok = tokens[i]
            if i in skip:
                i += 1
                continue
            if tok.norm in ("para", "for") and i + 1 < len(tokens) and tokens[i + 1].norm in PURPOSE:
                while i < len(tokens) and tokens[i].norm not in BREAK_PUNCT:
                    i += 1
                continue
            if i in self.mention_at:
                events.append(self.mention_at[i])
                i = self.mention_at[i].end
                continue
            cue_at = i if tok.norm in PRICE_CUES else (-10 if tok.norm in BREAK_PUNCT else cue_at)
            event = self._number_at(i, cue=i - cue_at <= 6) or self._marker_at(i)
            if event is None:
                i += 1
                continue
            events.append(event)
            i = event.end
        return events

    def _number_at(self, i: int, cue: bool) -> Qty | Price | None:
        tok = self.tokens[i]
        if tok.kind in ("num", "money") or tok.norm in CURRENCY:
            price = read_price(self.tokens, i, self.lang, cue)
            if price is not None:
                return price
        if tok.kind not in ("num", "frac") and tok.norm not in NUMBER_WORDS:
            return None
        qty = read_quantity(self.tokens, i, self.lang)
        if qty is not None and qty.bare and MONEY_DIGITS.fullmatch(tok.raw):
            return Price(qty.start, qty.end, qty.amount)  # "a 8,20": written like money
        if qty is not None and qty.unit_index in self.mention_at:
            mention = self.mention_at[qty.unit_index]
            self.alt[qty.start] = mention
            qty.end = max(qty.end, mention.end)
        return qty

    def _marker_at(self, i: int) -> Marker | None:
        tokens, w = self.tokens, self.tokens[i].norm
        if n := _seq_at(tokens, i, CORRECTIONS):
            return Marker("correction", i, i + n)
        if w == "no" and 0 < i < len(tokens) - 1 and self._correcting_no(i):
            return Marker("correction", i, i + 1)
        if n := _seq_at(tokens, i, INSTEAD):
            return Marker("instead", i, i + n)
        if w in REMOVE or (w == "take" and i + 1 < len(tokens) and tokens[i + 1].norm in ("off", "out")):
            return Marker("remove", i, i + 1)
        n = 3 if w == "ya" and _seq_at(tokens, i + 1, NO_LONGER) else 1
        if w in CANCEL_VERBS or n == 3:
            nxt = i + n + (i + n < len(tokens) and tokens[i + n].norm in ARTICLES)
            if nxt in self.mention_at:
                self.cancel_targets_product = True  # "cancela la sal", "ya no quiero la miel"
                return Marker("remove", i, i + n)
        if w in SUBSTITUTE:
            return Marker("substitute", i, i + 1)
        if w in ACTION_WORDS:
            return Marker("verb", i, i + 1)
        return None

    def _correcting_no(self, i: int) -> bool:
        """ "3 litros, no, 4": a bare "no" between a value and its replacement."""
        before, after = self.tokens[i - 1], self.tokens[i + 1]
        return (before.norm in BREAK_PUNCT or before.kind == "word") and (
            after.kind == "num" or after.norm == "de" or (after.norm == "," and i > 2)
        )

    # -- assembly -------------------------------------------------------------------------
    def run(self) -> list[Draft]:
        tokens, events = self.tokens, self.events
        last: Draft | None = None
        correcting = instead = False
        mode = ""
        price_for: dict[int, float] = {}
        pending_price: float | None = None
        bound = self._forward_bindings()
        consumed: set[int] = set()
        for idx, ev in enumerate(events):
            if idx in consumed or idx in bound:
                continue
            if isinstance(ev, Marker):
                correcting = correcting or ev.kind == "correction"
                instead = instead or ev.kind == "instead"
                mode = ev.kind if ev.kind in ("remove", "substitute", "verb") else mode
            elif isinstance(ev, Price):
                target = self._price_target(idx)
                if target is not None:
                    price_for[target] = ev.value
                elif last is not None:
                    last.price = ev.value
                else:
                    pending_price = ev.value
            elif isinstance(ev, Mention):
                qty_idx = next((k for k, m in bound.items() if m == idx), None)
                qty = events[qty_idx] if qty_idx is not None else None
                assert qty is None or isinstance(qty, Qty)
                draft = Draft(ev.code, ev.text, ev.candidates, qty)
                draft.counted = qty is not None and qty.bare and qty.end == ev.start
                draft.price = price_for.get(idx, pending_price)
                pending_price = None
                if qty is not None and qty.dim in (PACKAGE, BOX):
                    if apply_package_size(tokens, qty, self.lang, at=ev.end):
                        consumed.add(idx + 1)
                if instead and qty is None:
                    draft.zero, instead = True, False
                elif correcting and last is not None:
                    last.take(ev)
                    last.qty = qty or last.qty
                    correcting = False
                    continue
                elif qty is None and (mode == "remove" or (mode == "substitute" and self._swapped(idx))):
                    draft.zero = True
                existing = next((d for d in self.drafts if d.code and d.code == draft.code), None)
                if existing is not None and qty is None and not draft.zero:
                    existing.price = draft.price or existing.price
                    last = existing
                    continue
                if existing is not None and existing.qty is None and not existing.zero:
                    existing.qty, existing.text = qty, draft.text  # "queda poca avena, pide 50 de avena"
                    existing.price = draft.price or existing.price
                    last = existing
                    continue
                self.drafts.append(draft)
                last = draft
            elif isinstance(ev, Qty):
                if instead or self._from_to(idx):
                    instead = False
                    continue
                if correcting and last is not None:
                    last.qty, last.zero, correcting = ev, False, False
                    continue
                prev = tokens[ev.start - 1].norm if ev.start > 0 else ""
                if ev.bare and prev in ("a", "at") and last and last.qty and last.price is None:
                    last.price = ev.amount
                    continue
                draft = self._quantity_line(ev, last)
                if draft is None:
                    assert last is not None
                    last.qty = ev
                    continue
                draft.price, pending_price = pending_price, None
                self.drafts.append(draft)
                last = draft
        return self.drafts

    def _quantity_line(self, qty: Qty, last: Draft | None) -> Draft | None:
        """The line a quantity with no product right after it starts, or None for the last line."""
        alt = self.alt.get(qty.start)
        if alt is not None and alt.end > (qty.unit_index or 0) + 1:
            return self._alt_line(qty, alt)  # "200 cajas de carton"
        phrase = self._phrase_after(qty.end)
        if phrase is None and alt is not None:
            phrase = self._phrase_before(qty.start)
            if phrase is None:
                return self._alt_line(qty, alt)  # "trescientas cajas"
        if phrase is None and last is not None and last.qty is None and not last.zero:
            return None
        phrase = phrase or self._phrase_before(qty.start)
        if phrase is not None:
            return Draft(None, phrase, qty=qty)
        if last is not None and self.tokens[qty.start - 1].norm in SET_CUES:
            return None
        return Draft(None, None, qty=qty)

    def _alt_line(self, qty: Qty, alt: Mention) -> Draft:
        qty.dim = None  # "cajas" is the product: the count is in its own uom
        return Draft(alt.code, alt.text, alt.candidates, qty)

    def _forward_bindings(self) -> dict[int, int]:
        """Quantity event -> the product event right after it ("20 kg de sal", "300 cardboard boxes")."""
        bound = {}
        for idx, (ev, nxt) in enumerate(zip(self.events, self.events[1:], strict=False)):
            if not isinstance(ev, Qty) or not isinstance(nxt, Mention):
                continue
            gap = self.tokens[ev.end : nxt.start]
            alt = self.alt.get(ev.start)
            if alt is not None and (alt.end > (ev.unit_index or 0) + 1 or not gap):
                continue  # "cajas de carton" is itself the product
            if all(t.norm in FORWARD_GAP for t in gap):
                bound[idx] = idx + 1  # with a package word: "2 cajas de mantequilla"
        return bound

    def _price_target(self, idx: int) -> int | None:
        """ "0.80 per kg for the flour": the product a price names right after it."""
        if idx + 1 >= len(self.events) or not isinstance(self.events[idx + 1], Mention):
            return None
        gap = self.tokens[self.events[idx].end : self.events[idx + 1].start]
        words = {t.norm for t in gap}
        names = words & {"for", "para", "de", "of"} and words <= FORWARD_GAP | {"for", "para"}
        return idx + 1 if names else None

    def _swapped(self, idx: int) -> bool:
        """ "cambia el coco por (10 kilos de) oliva": the product replaced by the next one."""
        if idx + 1 >= len(self.events) or not isinstance(self.events[idx + 1], Mention | Qty):
            return False
        gap = {t.norm for t in self.tokens[self.events[idx].end : self.events[idx + 1].start]}
        return bool(gap & SWAP_WORDS) and gap <= SWAP_WORDS | ARTICLES

    def _from_to(self, idx: int) -> bool:
        """ "de 200 a 400": the first number is the old value."""
        ev, nxt = self.events[idx], self.events[idx + 1] if idx + 1 < len(self.events) else None
        if not isinstance(ev, Qty) or not isinstance(nxt, Qty) or ev.start == 0:
            return False
        return self.tokens[ev.start - 1].norm in ("de", "from") and nxt.start == ev.end + 1 and (
            self.tokens[ev.end].norm in ("a", "to")
        )

    def _phrase_after(self, j: int) -> str | None:
        """A product name not in the catalog right after a quantity ("10 kilos de levadura")."""
        tokens = self.tokens
        while j < len(tokens) and tokens[j].norm in {"de", "of"} | ARTICLES:
            j += 1
        return self._phrase(j, 1)

    def _phrase_before(self, j: int) -> str | None:
        """ "papel film 5 rollos", "guantes de nitrilo, 10 cajas"."""
        j -= 1
        if j >= 0 and self.tokens[j].norm in (",", ":"):
            j -= 1
        return self._phrase(j, -1)

    def _phrase(self, j: int, step: int) -> str | None:
        tokens, span = self.tokens, []
        while 0 <= j < len(tokens) and j not in self.mention_tokens:
            tok = tokens[j]
            if content_word(tok):
                span.append(j)
            elif not (span and tok.norm in {"de", "con", "sin", "en"} and len(span) < 4):
                break
            j += step
        while span and not content_word(tokens[span[-1]]):
            span.pop()
        if not span:
            return None
        if step < 0:
            before = tokens[j].norm if 0 <= j < len(tokens) else ""
            if before and before not in ACTION_WORDS | BREAK_PUNCT | {"y", "and", "tambien", "also"}:
                return None
        return self.text[tokens[min(span)].start : tokens[max(span)].end]
