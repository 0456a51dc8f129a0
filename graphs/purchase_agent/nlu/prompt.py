"""The instructions the LLM gets: intents, labelling rules, the catalog and the open request.

The rules are the dataset README's, condensed; the catalog lines give every code, name, English
name and uom so the model maps to codes instead of inventing them.
"""

from __future__ import annotations

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from .catalog import Vocabulary
from .schema import PendingContext

RULES = """\
You read ONE chat message that a staff member of a commercial kitchen sent to the purchasing
agent (mostly informal Chilean Spanish, sometimes English; typos, no accents, "xfa", "q", "lts").
Call the tool with what the message asks.

Intents:
- create_rfq: asks to buy, order or quote one or more items (a new request).
- modify_order: changes the current request: quantity, add or remove an item, change a price.
- confirm_order: approves or confirms the pending request ("si dale", "confirmo", "👍").
- cancel_order: cancels it ("cancela", "ya no lo necesito", "anula la orden P00012").
- order_status: where an order is, when it arrives, its total or its state.
- human_handoff: wants a person, or complains (bad or incomplete delivery).
- greeting: greetings, thanks or goodbyes only, with no request.
- other: anything else: off-topic, stock, recipes, supplier contacts, spam, unclear.
Mixed messages: a greeting plus a request takes the request's intent. An approval that also
changes something is modify_order. Read negations in full: "no, cancela" is cancel_order,
"no canceles, solo baja X" is modify_order, "no confirmes todavia" alone is other,
"no tengo nada que cambiar, procede" is confirm_order. Naming a product does not make a message
a purchase: questions about stock, recipes or past orders have no items.

Items (only for create_rfq and modify_order; otherwise an empty list), in message order:
- code: the catalog code below, or null when the product is not in the catalog. Near-misses
  are null: "azucar flor" is not brown sugar, "mantequilla con sal" is not unsalted butter;
  a variant the catalog does not carry is null. A bare generic name maps to the catalog's only
  product of that kind ("mantequilla", "azucar", "sal", "vainilla", "cajas").
- product_text: the product exactly as written (typos included), or null in a modify_order
  that does not name it ("si pero que sean 80 kilos").
- qty: in the catalog uom of the product, or null when no quantity is given; a removal is 0.
  A self-correction takes the final value; "8 kilos en vez de 6" is 8; "agrega" lines carry
  the added amount. Convert: 1 t = 1000 kg, 500 g = 0.5 kg, "medio kilo" = 0.5,
  "2 kilos y medio" = 2.5, 500 ml = 0.5 l, "una docena" = 12, "un par" = 2, number words
  ("doscientos cincuenta" = 250); packages of a stated size give the total ("2 sacos de 25 kg"
  = 50 kg, "24 tarros de 400 ml" = 9.6 l); a size or quantity without a unit is in the catalog
  uom. "1.000 kilos" is 1000 (Chilean thousands separator); "4,5" is 4.5.
- uom: kg, l, unit or box; for catalog products always the catalog uom; otherwise the unit
  written ("cajas" is box, "rollos" and other counts are unit).
- price: the price per uom offered or requested, in the currency unit (cents converted), or null.
- change: "add" when the words add to a line ("agrega 5 kilos mas").
order_ref: "P" + 5 digits ("PO 12", "la orden 12" -> "P00012"), else null.
lang: "es" or "en", the language of most words; a message with no words is "es".
"""


def catalog_lines(vocabulary: Vocabulary) -> str:
    return "\n".join(f"- {p.code} | {p.name} | {p.name_en} | {p.uom}" for p in vocabulary.products)


def build_messages(
    text: str, pending: PendingContext | None, vocabulary: Vocabulary
) -> list[BaseMessage]:
    context = pending.model_dump_json() if pending is not None else "none"
    system = (
        f"{RULES}\nCatalog (code | name | English name | uom):\n{catalog_lines(vocabulary)}\n\n"
        f"Current request of this conversation: {context}"
    )
    return [SystemMessage(content=system), HumanMessage(content=text)]
