"""The offline model: deterministic rules, no network, no weights.

It is the default when no LLM is configured and the answer of last resort when the LLM fails, so
it must be fast and never raise on odd input (emoji only, empty text, spam).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager

from .catalog import Vocabulary
from .cues import ADDING, cue_words
from .evidence import confidence
from .fuzzy import Corrector
from .intents import Signals, classify
from .items import Draft, assemble
from .names import NAME_UNITS, NameIndex
from .numbers import NUMBER_WORDS
from .products import FUNCTION_WORDS, Mention, ProductIndex, content_word, name_words
from .quantities import Qty
from .refs import detect_lang, find_order_refs
from .scan import scan
from .schema import ITEM_INTENTS, Item, PendingContext, Understanding
from .text import Token, fold, tokenize
from .units import COUNT, MASS, UNITS, UOM_OF_DIM, VOLUME, convert
from .words import (
    ACTION_WORDS,
    EN_MARKERS,
    ES_MARKERS,
    FOOD_HEADS,
    NON_PRODUCT_NOUNS,
    VARIANT_ADJECTIVES,
    VARIANT_FORMS,
)

GREETINGS = {"hola", "gracias", "buenas", "buenos", "dias", "tardes", "noches", "saludos", "chao",
             "hello", "thanks", "please", "porfavor", "porfa"}  # fmt: skip


class OfflineModel:
    """Rule-based understanding of one message against a catalog vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        with _no_collection():
            self._build(vocabulary)

    def _build(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.index = ProductIndex(self.vocabulary)
        self.names = NameIndex(self.vocabulary)
        # words of English names that no Spanish name has ("latex" is both): language evidence
        spanish = {w for p in self.vocabulary.products for w in name_words(p.name)}
        self.english_only = self.index.english - spanish
        catalog_words = {
            w for p in self.vocabulary.products for w in fold(f"{p.name} {p.name_en}").split()
        }
        targets = (
            self.index.words | catalog_words | set(UNITS) | NUMBER_WORDS | ACTION_WORDS | GREETINGS
        )
        known = FUNCTION_WORDS | NON_PRODUCT_NOUNS | VARIANT_ADJECTIVES | FOOD_HEADS | VARIANT_FORMS
        known |= cue_words() - targets  # a cue is a word, not a typo of a catalogue word
        short_numbers = {w for w in NUMBER_WORDS if len(w) < 8}
        self.corrector = Corrector(targets, known | EN_MARKERS | ES_MARKERS, short_numbers)

    def understand(self, text: str, pending: PendingContext | None = None) -> Understanding:
        order_refs, spans = find_order_refs(text, self.index.words - FUNCTION_WORDS)
        order_ref = order_refs[0] if order_refs else None
        tokens = tokenize(text, self.corrector)
        skip = {
            k for k, t in enumerate(tokens) if any(s <= t.start and t.end <= e for s, e in spans)
        }
        lang = detect_lang(tokens, self.english_only, skip)
        found = _merged(self.names.find(tokens, text), self.index.find(tokens, text))
        found = [m for m in found if not _only_a_measure(m, tokens)]
        found = [self.names.with_size(self.names.settle(m, tokens), tokens) for m in found]
        found = [self._sized_before(m, tokens, found) for m in found]
        for m in found:
            m.text = text[tokens[m.start].start : tokens[m.end - 1].end]
        found = [_unless_modified(m, tokens, found) for m in found]
        mentions = [m for m in found if not skip & set(range(m.start, m.end))]
        scanned = scan(tokens, mentions, skip, lang)
        drafts = assemble(text, tokens, mentions, scanned, lang)
        items = [self._item(d, pending) for d in drafts]
        signals = Signals(
            items=len(items),
            with_qty=sum(i.qty is not None for i in items),
            with_price=sum(i.price is not None for i in items),
            grounded=sum(bool(d.candidates or (d.qty and d.qty.dim)) for d in drafts),
            cancel_targets_product=scanned.cancel_targets_product,
            cancels_other_only=scanned.cancels_other and not scanned.cancels_order,
            cancels_order=scanned.cancels_order,
            names=tuple(  # the product words of the mentions, not the words they run over
                (k, k + 1)
                for m in mentions
                for k in range(m.start, m.end)
                if self.index.word_at(tokens, k) is not None
            ),
            has_ref=order_ref is not None,
        )
        intent = classify(tokens, signals)
        if ADDING.search(text):
            items = [item.model_copy(update={"change": "add"}) for item in items]
        if intent == "create_rfq":  # "cotiza cacao, sin la miel esta vez": nothing to remove
            items = [item for item in items if item.qty != 0] or items
        asked = pending.asked if pending else None
        carries = intent in ITEM_INTENTS
        return Understanding(
            intent=intent,
            items=items if carries else [],
            order_ref=order_ref,
            lang=lang,
            confidence=confidence(
                tokens, intent, items, asked, order_ref is not None, signals.names
            ),
            mentioned=[] if carries else [m.code for m in mentions if m.code],
            order_refs=order_refs if len(order_refs) > 1 else [],
        )

    def _sized_before(
        self, mention: Mention, tokens: list[Token], mentions: list[Mention]
    ) -> Mention:
        """The mention with a size written before it, unless that size belongs to another."""
        kin: set[str] | None = None
        for k in range(mention.start, mention.end):
            found = self.index.word_at(tokens, k)
            if found is not None and tokens[k].norm not in NAME_UNITS:
                owners = self.index.products_of[found[0]]
                kin = set(owners) if kin is None else kin & owners
        sized = self.names.with_size_before(mention, tokens, kin or ())
        taken = any(m is not mention and m.end > sized.start and m.start < mention.start
                    for m in mentions)  # fmt: skip
        return mention if taken else sized

    def _packages_of(self, code: str, qty: Qty) -> tuple[Qty, str | None]:
        """ "6 bidones de 5 lts" of a product sold as the 5 L jug is 6 of it; "12 bottles of
        500 ml" of one sold as the 1 L bottle is a variant the catalogue does not carry."""
        product = self.vocabulary.get(code)
        sizes = _SIZE_IN_NAME.findall(fold(product.name)) if product else []
        written = [convert(float(n.replace(",", ".")) * UNITS[u].factor, UNITS[u].dim, UOM_OF_DIM[UNITS[u].dim])
                   for n, u in sizes if u in UNITS and UNITS[u].dim == qty.dim]  # fmt: skip
        if not written or qty.pack is None:
            return qty, code
        count = Qty(qty.start, qty.end, round(qty.amount / qty.pack, 6), COUNT)
        fits = any(size is not None and abs(size - qty.pack) < 1e-9 for size in written)
        return count, (code if fits else None)

    def _item(self, draft: Draft, pending: PendingContext | None) -> Item:
        code = draft.code or _from_pending(draft.candidates, pending)
        uom = self.vocabulary.uom_of(code)
        qty: float | None = None
        asked_in: str | None = None
        q = draft.qty
        if draft.zero:
            qty = 0.0
        elif q is None and draft.one and code and uom == "unit":
            qty = 1.0  # "pide un tóner"
        elif q is not None:
            if code and uom in ("kg", "l") and (q.dim == COUNT or draft.counted):
                code = None  # "una docena de huevos", "30 huevos": pieces, a product not carried
            if code and uom == "unit" and q.pack and q.dim in (MASS, VOLUME):
                q, code = self._packages_of(code, q)
            if code:
                converted = convert(q.amount, q.dim, uom or "")
                qty = q.amount if converted is None else converted
                if converted is None and q.dim is not None:
                    asked_in = UOM_OF_DIM[q.dim]  # another kind of unit: the graph asks back
            else:
                uom = _uom_of(q, draft, pending)
                qty = q.amount
        return Item(
            code=code,
            product_text=draft.text,
            qty=_round(qty),
            uom=uom,
            price=_round(draft.price),
            asked_in=asked_in,
            candidates=list(draft.candidates) if code is None and draft.ambiguous else [],
        )


_SIZE_IN_NAME = re.compile(r"(\d+(?:[.,]\d+)?)\s*(kg|g|l|lt|ml|cc)\b")


@contextmanager
def _no_collection() -> Iterator[None]:
    """Build the indexes without the cyclic GC, then move them out of its reach: at 10,000
    products they are millions of long-lived objects, and every full collection would walk
    them again (seconds while building, ~10 ms pauses in later turns)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _only_a_measure(mention: Mention, tokens: list[Token]) -> bool:
    """ "ml" alone is a measure, whatever names it appears in ("Jeringa 5 ml")."""
    span = tokens[mention.start : mention.end]
    return all((u := UNITS.get(t.norm)) is not None and u.dim in (MASS, VOLUME) for t in span)


def _merged(by_name: list[Mention], by_word: list[Mention]) -> list[Mention]:
    """Word-by-word mentions, replaced where a catalogue name tells more: a product where
    they found none, or candidates to ask about where they found nothing to order."""
    kept = list(by_word)
    for named in by_name:
        overlapping = [m for m in kept if m.start < named.end and named.start < m.end]
        if named.code is None and any(m.code for m in overlapping):
            continue
        kept = [m for m in kept if m not in overlapping] + [named]
    return sorted(kept, key=lambda m: m.start)


def _unless_modified(mention: Mention, tokens: list[Token], mentions: list[Mention]) -> Mention:
    """A product name followed right away by a word of its own that names nothing is a
    variant the catalogue does not carry ("látex interior blanco" once only the grey one is
    sold): no code, so nothing is ordered that nobody asked for."""
    if mention.code is None or mention.end >= len(tokens):
        return mention
    if any(m.start == mention.end and m.code for m in mentions):
        return mention  # two products in a row
    nxt = tokens[mention.end]
    if not content_word(nxt) or nxt.norm in GREETINGS:
        return mention
    return Mention(mention.start, mention.end, None, mention.candidates, mention.text)


def _uom_of(qty: Qty, draft: Draft, pending: PendingContext | None) -> str | None:
    if qty.dim is not None:
        return UOM_OF_DIM[qty.dim]
    if draft.text:
        return "unit"  # "20 tomates"
    if pending is not None and len(pending.lines) == 1:
        return pending.lines[0].uom  # "que sean 80": the line being discussed
    return None


def _from_pending(candidates: tuple[str, ...], pending: PendingContext | None) -> str | None:
    """An ambiguous name ("el aceite") is the one of its candidates the open request has."""
    if not candidates or pending is None:
        return None
    found = {line.code for line in pending.lines} & set(candidates)
    return found.pop() if len(found) == 1 else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6) + 0.0
