"""Intent from cue phrases, read with their negations, in the priority the labelling rules set.

A complaint or a request for a person wins; then a cancellation; then a request with items
(a change beats a new request when both verbs appear); then status questions and questions the
agent cannot act on; then approvals; greetings only when nothing else is asked.
Negation is read in full: "no canceles" is not a cancellation, "no confirmes todavia" is nothing,
and a reply that holds back ("ok espera") is no approval. A question about an order with no other
cue is a status question; quantities with no request verb are a request unless they report a past
purchase or carry neither a catalog product nor a unit ("test 123").
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cues import (
    BOUNDARIES,
    CANCEL,
    CANCEL_ELSEWHERE,
    CANCEL_REPORTED,
    CONFIRM,
    CONFIRM_EMOJI,
    CONFIRM_WEAK,
    CREATE,
    GREETING_EMOJI,
    HEDGE,
    HOLD,
    LATER,
    MODIFY,
    MODIFY_WEAK,
    NEGATORS,
    PAST_ORDER,
)
from .cues_info import (
    CLOSING,
    GREETING,
    HANDOFF,
    HOW_MUCH,
    ORDER_NOUNS,
    OTHER,
    SMALL_TALK,
    SPAM_ADDRESS,
    SPAM_KINDS,
    STATUS,
    WH_QUESTION,
)
from .schema import Intent
from .text import Token


@dataclass
class Signals:
    """What the items extractor found, as far as the intent needs it."""

    items: int = 0  # item lines found
    with_qty: int = 0  # of those, with a quantity (a removal counts)
    with_price: int = 0  # of those, with a price
    grounded: int = 0  # of those, a catalog product or a written unit (not "test 123")
    cancel_targets_product: bool = False  # "cancela la sal": a removal, not a cancellation
    cancels_other_only: bool = False  # "cancela el almuerzo": a cancel verb about nothing ours
    cancels_order: bool = False  # "cancelen esa solicitud": about an order, whatever else is said
    names: tuple[tuple[int, int], ...] = ()  # token spans that name products: no cue in them
    has_ref: bool = False


class Cues:
    """Cue matches over the normalised message, with the token each starts at."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.text = ""
        self.starts: list[int] = []
        for tok in tokens:
            self.starts.append(len(self.text))
            self.text += tok.norm + " "

    def token_at(self, offset: int) -> int:
        return max(k for k, s in enumerate(self.starts) if s <= offset)

    def found(self, pattern: re.Pattern[str], negatable: bool = True) -> bool:
        """Whether the cue occurs at least once without a negation in front of it."""
        for match in pattern.finditer(self.text):
            if not negatable or not self.negated(self.token_at(match.start())):
                return True
        return False

    def negated(self, k: int) -> bool:
        """A negator among the three words before token k, within the same clause."""
        for j in range(k - 1, max(k - 4, -1), -1):
            norm = self.tokens[j].norm
            if norm in BOUNDARIES:
                return False
            if norm in NEGATORS:
                return True
        return False

    def without(self, spans: Sequence[tuple[int, int]]) -> Cues:
        """These cues with the tokens of the given spans made a word no cue has (offsets kept):
        "forget the napkins order" still forgets an order, "cinta doble contacto" asks nothing."""
        other = copy.copy(self)
        text = list(self.text)
        for start, end in spans:
            for k in range(start, min(end, len(self.tokens))):
                at = self.starts[k]
                text[at : at + len(self.tokens[k].norm)] = "x" * len(self.tokens[k].norm)
        other.text = "".join(text)
        return other

    def blanked(self, pattern: re.Pattern[str]) -> Cues:
        """These cues with every match of `pattern` blanked out (offsets kept)."""
        other = copy.copy(self)
        other.text = pattern.sub(lambda m: " " * len(m.group()), self.text)
        return other

    def asks_after_past(self) -> bool:
        """ "los guantes que pedimos el martes... ?": a question about a purchase reported in the
        same clause (not "compramos 10 litros, ¿se puede usar en helados?")."""
        match = PAST_ORDER.search(self.text)
        return match is not None and "," not in self.text[match.end() :] and "?" in self.text

    def spam(self) -> bool:
        """Two kinds of advertising cue, or a web address."""
        kinds = sum(bool(kind.search(self.text)) for kind in SPAM_KINDS)
        return kinds >= 2 or bool(SPAM_ADDRESS.search(self.text))

    def weak_yes(self) -> bool:
        """ "si", "ok", "listo" as a reply ("dice q si"), not "si" meaning "if"."""
        for k, tok in enumerate(self.tokens):
            if tok.norm in ("si", "ya"):
                if self._alone(k):
                    return True
            elif tok.norm in CONFIRM_WEAK:
                return True
        return False

    def _alone(self, k: int) -> bool:
        nxt = self.tokens[k + 1].norm if k + 1 < len(self.tokens) else ""
        return nxt in BOUNDARIES | {"", "dale", "po", "pues", "confirmo", "claro", "gracias", "pero",
                                    "ok", "listo", "nomas", "porfavor", "porfa", "!"}  # fmt: skip


def classify(tokens: Sequence[Token], signals: Signals) -> Intent:
    words = [t for t in tokens if t.is_word]
    if not words:
        symbols = {c for t in tokens for c in t.text}
        if symbols & CONFIRM_EMOJI:
            return "confirm_order"
        return "greeting" if symbols & GREETING_EMOJI else "other"
    cues = Cues(tokens).without(signals.names)  # "cinta doble contacto" asks no contact
    question = any(t.norm in {"?", "¿"} for t in tokens)
    if cues.spam():
        return "other"  # "OFERTA!!! taladros a mitad de precio en www...": advertising
    if cues.found(HANDOFF):
        return "human_handoff"
    elsewhere = cues.found(CANCEL_ELSEWHERE) and not cues.blanked(CANCEL_ELSEWHERE).found(CANCEL)
    if (elsewhere or signals.cancels_other_only) and not signals.has_ref:
        return "other"  # "cancela la reunión", "cancel my 3 pm call": nothing of ours
    asked_to_cancel = cues.blanked(CANCEL_REPORTED).found(CANCEL)  # not "se canceló la entrega"
    if asked_to_cancel and (signals.cancels_order or not signals.cancel_targets_product):
        return "cancel_order"
    changed = signals.with_qty or signals.with_price
    if not changed and cues.found(OTHER) and not cues.found(CREATE):
        return "other"  # "la miel sirve pa reemplazar el azucar?": naming products, no request
    if not changed and (cues.found(HEDGE, negatable=False) or cues.found(LATER, negatable=False)):
        return "other"  # "we'll probably need more rebar next month": mentioned, not asked
    if question and not changed and cues.found(STATUS):
        return "order_status"  # "has the vaccine order been delivered yet?"
    if signals.items and cues.found(PAST_ORDER, negatable=False) and cues.found(STATUS):
        return "order_status"  # "encargamos 40 sacos el martes y todavía no aparecen"
    if signals.items:
        if cues.found(MODIFY) or signals.cancel_targets_product:
            return "modify_order"
        if cues.found(CREATE) and not (question and cues.found(HOW_MUCH)):
            return "create_rfq"
        if changed and (cues.found(MODIFY_WEAK) or cues.found(CONFIRM) or cues.weak_yes()):
            return "modify_order"  # "si pero que sean 80 kilos": an approval with a change
    if cues.found(STATUS):
        return "order_status"
    if cues.found(OTHER):
        return "other"
    if cues.found(CONFIRM):
        return "confirm_order"
    inquiry = question and (cues.found(HOW_MUCH) or cues.found(WH_QUESTION) or cues.found(OTHER))
    asked = not inquiry and not cues.found(PAST_ORDER)  # not "¿cuál es la dosis de 20 kilos?"
    if asked and not cues.found(CREATE, negatable=False) and signals.grounded:
        if signals.with_qty:  # "20 kilos de harina porfa", "me mandas 10 kilos de sal?"
            return "create_rfq"
        if signals.with_price:
            return "modify_order"  # "la mantequilla a 8,20": a price for a line already asked
    held_back = cues.found(CONFIRM, negatable=False) or cues.found(HOLD)  # "ok, espera"
    if cues.weak_yes() and not held_back:
        return "greeting" if cues.found(CLOSING) else "confirm_order"
    if signals.has_ref or (question and (cues.found(ORDER_NOUNS) or cues.asks_after_past())):
        return "order_status"  # "y el pedido de la semana pasada?"
    if cues.found(GREETING, negatable=False) and (not question or cues.found(SMALL_TALK)):
        return "greeting"
    return "other"
