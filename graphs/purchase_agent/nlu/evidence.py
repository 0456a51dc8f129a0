"""How sure the offline model is that a message asks for the write its intent would make.

A write needs explicit evidence: a cancel or confirm verb, a request verb or a quantity, a
removal said with a verb. What could mean something else (a bare "ok", a soft "ya no hace
falta", "sin la sal", a need mentioned, a purchase reported) is read as what it most likely
means but below `ASK_BELOW`, so the agent asks first; unless it answers the agent's own
question about that very action ("¿La confirmo?" - "sí").
"""

from __future__ import annotations

from collections.abc import Sequence

from .cues import CONFIRM, CREATE, HEDGE, MODIFY, PAST_ORDER, cues
from .cues_info import ORDER_NOUNS
from .intents import Cues
from .schema import ACTION_OF_INTENT, Intent, Item
from .text import Token

SURE = 0.95
UNSURE = 0.5

# Cancelling in so many words; "ya no lo necesito", "olvídalo", "never mind" are softer:
# said of a meeting, a line or a plan as often as of an order.
EXPLICIT_CANCEL = cues(
    r"\bcancel\w*",
    r"\banul\w*",
    r"\bsin efecto\b",
    r"\bdescart(a|alo|ala|alos|alas|en|enlo|enla|ar|arlo|arla|emos)\b",  # not "descartable"
    r"\bdesist\w*",
    r"\bde baja\b",
    r"\bdesech(a|alo|ala|alos|en|enlo|enla|ar|arla|arlo|emos)\b",
    r"\bpa(ra)? atras\b",
    r"\bborr(a|alo|ala|alos|en|enlo|enla|ar|arlo|arla|emos)\b",  # not "borrador"
    r"\belimin(a|ale|alo|ala|alos|alas|ar|en|enlo|enla|emos)\b",  # not "eliminador"
    r"\bkill\b",
    r"\babort(ed)? (it|that|this|the|my|our)\b",
    r"\bscrap(ped)? (it|that|this|the|my|our|everything)\b",  # not "scrapers"
    r"\bcall (it )?off\b",
    r"\bdrop the\b",
    r"\bno va(n)? mas\b",
    r"\bno (sigan|sigas|sigamos|continuen|continues|avancen|procedan)\b",
    r"\bdon'?t (proceed|go ahead)\b",
)


def confidence(
    tokens: Sequence[Token],
    intent: Intent,
    items: Sequence[Item],
    asked: str | None,
    has_ref: bool = False,
    names: Sequence[tuple[int, int]] = (),
) -> float:
    """SURE or UNSURE for a write; SURE for anything that writes nothing. A soft cancel that
    names the order ("olvida la orden 3", "ya no va el pedido") is explicit."""
    if asked is not None and ACTION_OF_INTENT.get(intent) == asked:
        return SURE  # the answer to the agent's own question
    found = Cues(tokens).without(names).found
    if intent == "confirm_order":
        return SURE if found(CONFIRM) else UNSURE
    if intent == "cancel_order":
        named = has_ref or found(ORDER_NOUNS, negatable=False)
        return SURE if found(EXPLICIT_CANCEL) or named else UNSURE
    if intent == "modify_order":
        removal = any(item.qty == 0 for item in items)
        return UNSURE if removal and not (found(MODIFY) or found(EXPLICIT_CANCEL)) else SURE
    if intent == "create_rfq":
        if found(PAST_ORDER, negatable=False) or found(HEDGE, negatable=False):
            return UNSURE  # "compramos 10 sacos el mes pasado", "probably next month"
        asked_for = found(CREATE) or any(item.qty for item in items)
        return SURE if asked_for else UNSURE
    return SURE
