"""Scanning a message into events: product mentions, quantities, prices and markers.

Markers are the words that change how later events are read: a self-correction ("no espera",
"perdon", "digo"), "en vez de", a removal verb ("saca", "remove", "ya no quiero la miel"),
a substitution verb ("cambia X por Y"), or any other request verb, which ends a removal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .numbers import NUMBER_WORDS, and_a_half
from .products import Mention
from .quantities import CURRENCY, PRICE_CUES, Price, Qty, read_price, read_quantity
from .text import Token
from .units import unit_at
from .words import ACTION_WORDS

CORRECTIONS = [("no", "espera"), ("no", "perdon"), ("espera",), ("perdon",), ("digo",),
               ("mejor", "dicho"), ("o", "sea"), ("osea",), ("corrijo",), ("me", "equivoque"),
               ("sorry",), ("i", "mean"), ("i", "meant"), ("actually",), ("wait",),
               ("scratch", "that"), ("oops",), ("ups",)]  # fmt: skip
INSTEAD = [("en", "vez", "de"), ("en", "vez", "del"), ("en", "lugar", "de"), ("en", "lugar", "del"),
           ("instead", "of"), ("rather", "than")]  # fmt: skip
REMOVE = {"saca", "sacar", "sacale", "sacalo", "sacala", "sacalos", "sacalas", "saquen", "sacas", "quita", "quitas",
          "quitar", "quitale", "quitalo", "quitala", "quiten", "elimina", "eliminar", "eliminalo",
          "eliminen", "borra", "borrar", "borrale", "borren", "remueve", "remove", "delete", "drop"}  # fmt: skip
NO_LONGER = [("no", w) for w in ("quiero", "queremos", "necesito", "necesitamos", "va", "van")]
CANCEL_VERBS = {"cancela", "cancelar", "cancelen", "cancel", "anula", "anular", "anulen",
                "cancelame", "cancelemos", "anulemos", "cancelala", "anulala"}  # fmt: skip
DETERMINERS = {"el", "la", "los", "las", "the", "mi", "mis", "my", "our", "nuestro", "nuestra",
               "tu", "your", "este", "esta", "ese", "esa", "this", "that", "those", "these", "am",
               "pm", "hrs", "h", "tomorrow's", "today's", "tomorrows", "todays", "whole", "entire",
               "entera", "entero"}  # fmt: skip
ORDER_WORDS = {"pedido", "pedidos", "orden", "ordenes", "compra", "compras", "solicitud",
               "solicitudes", "cotizacion", "cotizaciones", "encargo", "rfq", "po", "order",
               "orders", "purchase", "request", "quote", "quotation", "todo", "todos", "todas",
               "all", "everything", "it", "eso", "esto", "one", "ones", "both", "dos", "two",
               "ultima", "ultimo", "last", "primera", "primero", "first", "segunda", "segundo",
               "second", "anterior", "previous", "nueva", "new", "que", "lo", "de", "del", "of",
               "mismo", "misma", "nada", "p", "thing", "cosa", "asunto", "porfa", "porfavor",
               "please", "pls", "plz", "xfa", "ya", "ahora", "now", "altiro", "nomas", "pues",
               "entonces", "igual", "mejor", "tambien", "too", "also", "inmediatamente",
               "asap", "right", "then", "por", "for", "and", "y", "pero", "but", "si", "yes",
               "ok", "no", "not", "mas", "more", "any", "alguna", "algun"}  # fmt: skip
SUBSTITUTE = {"cambia", "cambiar", "cambiale", "cambien", "reemplaza", "reemplazar", "replace",
              "swap", "switch", "change"}  # fmt: skip
CONTRAST = {"no", "not", "ni", "nor"}
STOCK_WORDS = {"queda", "quedan", "quedaron", "quedo", "tenemos", "tengo", "left", "remaining"}
SIZE_AFTER = {"long", "largo", "wide", "ancho", "alto", "high", "tall", "deep", "ones", "one"}
KEEP = {"dejala", "dejalo", "dejalas", "dejalos", "dejenla", "dejenlo"}
PURPOSE = {"hacer", "preparar", "cocinar", "hornear", "make", "bake", "cook", "making", "baking"}
ARTICLES = {"el", "la", "los", "las", "the", "un", "una", "some", "a", "an"}
BREAK_PUNCT = {",", ".", ";", "!", "?", "...", "…", ":"}
MONEY_DIGITS = re.compile(r"\d+[.,]\d\d")


@dataclass
class Marker:
    kind: str  # correction | instead | remove | substitute | verb
    start: int
    end: int


Event = Mention | Qty | Price | Marker


@dataclass
class Scan:
    events: list[Event] = field(default_factory=list)
    # quantity start -> the product its unit word begins ("300 cajas", "200 cajas de carton")
    unit_products: dict[int, Mention] = field(default_factory=dict)
    cancel_targets_product: bool = False  # "cancela la sal": a removal, not a cancellation
    without: set[int] = field(default_factory=set)  # mention starts after "sin la": removed
    cancels_order: bool = False  # a cancel verb about an order ("anula la orden", "cancela eso")
    cancels_other: bool = False  # ... about something else ("cancela el almuerzo")


def _seq_at(tokens: Sequence[Token], i: int, seqs: Sequence[tuple[str, ...]]) -> int:
    for seq in seqs:
        if tuple(t.norm for t in tokens[i : i + len(seq)]) == seq:
            return len(seq)
    return 0


def _particle_follows(tokens: Sequence[Token], i: int) -> bool:
    """ "take the honey off": the particle may come after the object."""
    for tok in tokens[i + 1 : i + 7]:
        if tok.norm in BREAK_PUNCT:
            return False
        if tok.norm in ("off", "out"):
            return True
    return False


def scan(tokens: Sequence[Token], mentions: list[Mention], skip: set[int], lang: str) -> Scan:
    """Events in message order; tokens in `skip` (order references) are ignored."""
    scanner = _Scanner(tokens, mentions, lang)
    i, cue_at = 0, -10
    while i < len(tokens):
        tok = tokens[i]
        if i in skip:
            i += 1
        elif tok.norm in ("para", "for") and i + 1 < len(tokens) and tokens[i + 1].norm in PURPOSE:
            while i < len(tokens) and tokens[i].norm not in BREAK_PUNCT:
                i += 1  # "para hacer pan con mantequilla": a purpose, not an item
        elif (end := scanner.contrast_at(i)) is not None:
            i = end  # "la integral, no la blanca", "la miel no,": not asked for
        elif i in scanner.mention_at:
            scanner.result.events.append(scanner.mention_at[i])
            i = scanner.mention_at[i].end
        else:
            cue_at = i if tok.norm in PRICE_CUES else (-10 if tok.norm in BREAK_PUNCT else cue_at)
            event = scanner.number_at(i, cue=i - cue_at <= 6) or scanner.marker_at(i)
            if event is not None and not scanner.describes(event):
                scanner.result.events.append(event)
            i = event.end if event is not None else i + 1
    return scanner.result


class _Scanner:
    def __init__(self, tokens: Sequence[Token], mentions: list[Mention], lang: str) -> None:
        self.tokens, self.lang = tokens, lang
        self.mention_at = {m.start: m for m in mentions}
        self.result = Scan()

    def number_at(self, i: int, cue: bool) -> Qty | Price | None:
        tok = self.tokens[i]
        prev = self.tokens[i - 1].norm if i else ""
        nxt = self.tokens[i + 1].norm if i + 1 < len(self.tokens) else ""
        if tok.kind == "num" and (prev == "al" or nxt == "%"):
            return None  # "clorexidina al 0,12", "2% chlorhexidine": a strength
        if tok.kind in ("num", "money") or tok.norm in CURRENCY:
            price = read_price(self.tokens, i, self.lang, cue)
            if price is not None:
                return price
        if tok.kind not in ("num", "frac") and tok.norm not in NUMBER_WORDS:
            if not (unit_at(self.tokens, i) and and_a_half(self.tokens, i + 1)):
                return None  # "kilo y medio" is a quantity too
        qty = read_quantity(self.tokens, i, self.lang)
        if qty is not None and qty.bare and MONEY_DIGITS.fullmatch(tok.raw):
            return Price(qty.start, qty.end, qty.amount)  # "a 8,20": written like money
        if qty is not None and qty.unit_index in self.mention_at:
            mention = self.mention_at[qty.unit_index]
            self.result.unit_products[qty.start] = mention
            qty.end = max(qty.end, mention.end)
        return qty

    def describes(self, event: Event) -> bool:
        """A number that tells a size, not how many: the rest of a product's size ("galleteras
        de 4 1/2", "tornillos 10x3/4") or a descriptor ("3.2 m long", "the 100 L ones")."""
        if not isinstance(event, Qty):
            return False
        tokens, k = self.tokens, event.start
        prev = tokens[k - 1] if k else None
        ends_sized = any(m.end == k and tokens[k - 1].kind in ("num", "dim")
                         for m in self.mention_at.values())  # fmt: skip
        if tokens[k].kind == "frac" and ends_sized:
            return True
        if prev is not None and prev.norm == "/" and k >= 2 and tokens[k - 2].kind == "dim":
            return True
        if (prev is not None and prev.norm == "-" and k >= 2 and tokens[k - 2].kind == "num") or (
            event.end + 1 < len(tokens)
            and tokens[event.end].norm == "-"
            and tokens[event.end + 1].kind == "num"
        ):
            return True  # "dogs 2-10 kg": a range is a size
        if prev is not None and prev.norm in STOCK_WORDS:
            return True  # "nos quedan 2 pipetas, pide 30": what is left, not what is asked
        after = tokens[event.end].norm if event.end < len(tokens) else ""
        return after in SIZE_AFTER or (prev is not None and prev.norm == "the" and after == "ones")

    def contrast_at(self, i: int) -> int | None:
        """Where a product named only to be ruled out ends: after "no (de|la) <product>" or
        "<product> no," (a negator right before or after it, with no verb between)."""
        tokens = self.tokens
        if tokens[i].norm in CONTRAST:
            j = i + 1
            while (
                j < len(tokens) and j - i <= 2 and tokens[j].norm in ARTICLES | {"de", "del", "of"}
            ):
                j += 1
            mention = self.mention_at.get(j)
            after = tokens[mention.end].norm if mention and mention.end < len(tokens) else ""
            if mention is not None and not (after and tokens[mention.end].kind == "num"):
                return mention.end
        if tokens[i].norm in ("sin", "without") and i + 2 < len(tokens):
            if tokens[i + 1].norm in ARTICLES and i + 2 in self.mention_at:
                self.result.without.add(i + 2)  # "sin la miel": not this one (a removal)
        mention = self.mention_at.get(i)
        following = tokens[mention.end].norm if mention and mention.end < len(tokens) else ""
        then = tokens[mention.end + 1].norm if mention and mention.end + 1 < len(tokens) else ""
        if mention is not None and following in KEEP and then in {"como", "igual", "asi", "tal"}:
            return mention.end + 1  # "la avena déjala como está" ("déjala en 40" sets it)
        if mention is not None and following in CONTRAST:
            nxt = tokens[mention.end + 1].norm if mention.end + 1 < len(tokens) else ""
            if nxt in BREAK_PUNCT | {"", "solo", "only", "just"}:
                return mention.end + 1
        return None

    def marker_at(self, i: int) -> Marker | None:
        tokens, w = self.tokens, self.tokens[i].norm
        if n := _seq_at(tokens, i, CORRECTIONS):
            return Marker("correction", i, i + n)
        if w in ("no", "not") and self._rejecting(i):
            return Marker("instead", i, i + 1)  # "eran 30 sacos no 20", "40 bags, not 30"
        if w == "no" and 0 < i < len(tokens) - 1 and self._correcting_no(i):
            return Marker("correction", i, i + 1)
        if n := _seq_at(tokens, i, INSTEAD):
            return Marker("instead", i, i + n)
        if w in REMOVE or (w == "take" and _particle_follows(tokens, i)):
            return Marker("remove", i, i + 1)
        n = 3 if w == "ya" and _seq_at(tokens, i + 1, NO_LONGER) else 1
        if w in CANCEL_VERBS or n == 3:
            target = i + n + (i + n < len(tokens) and tokens[i + n].norm in ARTICLES)
            if target in self.mention_at:
                self.result.cancel_targets_product = (
                    True  # "cancela la sal", "ya no quiero la miel"
                )
                return Marker("remove", i, i + n)
            if w in CANCEL_VERBS:
                self._cancelled_thing(i + 1)
        if w in SUBSTITUTE:
            return Marker("substitute", i, i + 1)
        if w in ACTION_WORDS:
            return Marker("verb", i, i + 1)
        return None

    def _cancelled_thing(self, j: int) -> None:
        """What a cancel verb is about: an order ("la orden", "eso", "la segunda", "la de
        Molinos") or something else ("el almuerzo", "my 3 pm call"), which is not ours."""
        tokens = self.tokens
        while j < len(tokens) and (tokens[j].norm in DETERMINERS or tokens[j].kind == "num"):
            j += 1
        if j >= len(tokens) or j in self.mention_at:
            return
        word = tokens[j].norm
        if not tokens[j].is_word or word in ORDER_WORDS or len(word) < 3:
            self.result.cancels_order = True
        else:
            self.result.cancels_other = True

    def _rejecting(self, i: int) -> bool:
        """ "30 no 20", "40 bags of cement, not 30": the number after is the value rejected
        when a quantity came before ("3 litros, no, 4" is a correction: no number follows)."""
        tokens = self.tokens
        if not 0 < i < len(tokens) - 1 or tokens[i + 1].kind != "num":
            return False
        return any(t.kind == "num" for t in tokens[:i])

    def _correcting_no(self, i: int) -> bool:
        """ "3 litros, no, 4": a bare "no" between a value and its replacement."""
        before, after = self.tokens[i - 1], self.tokens[i + 1]
        return (before.norm in BREAK_PUNCT or before.is_word) and (
            after.kind == "num" or after.norm == "de" or (after.norm == "," and i > 2)
        )
