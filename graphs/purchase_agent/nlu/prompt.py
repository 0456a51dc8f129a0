"""The instructions the LLM gets: intents, labelling rules, candidate products, the open request.

The rules are the dataset README's, condensed and free of any company's products. The catalog
lines are only the products the retriever finds for the message plus those of the open request
(at most `CANDIDATES` + its lines), never the whole catalogue: the prompt costs the same at 14
products and at 10,000. The answer is still checked against the full catalogue (`llm.validate`).
"""

from __future__ import annotations

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from .catalog import Product, Vocabulary
from .retrieve import retriever
from .schema import PendingContext

CANDIDATES = 20

RULES = """\
You read ONE chat message that a staff member of a company sent to its purchasing
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
- code: a code from the catalog lines below, or null when the product is not among them.
  Near-misses are null: a variant the catalog does not carry (another flavour, size, colour
  or model; "X con sal" when the catalog has only "X sin sal") is null. A bare generic name
  maps to the only listed product of that kind; when several listed products share it and
  the message does not tell which, use null.
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
confidence: 0.95 when the words ask for that very action (a confirm, cancel, change or
request verb, or quantities of products); 0.5 when they could mean something else: a bare
"ok" or "si" that answers no question of ours, a soft "ya no hace falta" or "forget it", a
removal with no verb, a need mentioned with no request, a purchase reported in the past.
Below 0.7 the agent asks before it writes to the ERP, so when unsure say 0.5.
"""


def candidates(text: str, pending: PendingContext | None, vocabulary: Vocabulary) -> list[Product]:
    """The open request's products first (a change may name none), then the retriever's."""
    lines = pending.lines if pending else []
    found = [p for p in (vocabulary.get(line.code) for line in lines) if p is not None]
    for product in retriever(vocabulary).search(text, CANDIDATES):
        if product not in found:
            found.append(product)
    return found


def catalog_lines(products: list[Product]) -> str:
    if not products:
        return "(no catalog product looks like this message)"
    return "\n".join(f"- {p.code} | {p.name} | {p.name_en} | {p.uom}" for p in products)


def build_messages(
    text: str, pending: PendingContext | None, vocabulary: Vocabulary
) -> list[BaseMessage]:
    context = pending.model_dump_json() if pending is not None else "none"
    lines = catalog_lines(candidates(text, pending, vocabulary))
    system = (
        f"{RULES}\nCatalog products that may be meant (code | name | English name | uom):\n"
        f"{lines}\n\nCurrent request of this conversation: {context}"
    )
    return [SystemMessage(content=system), HumanMessage(content=text)]
