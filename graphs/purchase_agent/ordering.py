"""Creating RFQs: which vendor, which open RFQ to extend, what to tell the requester.

Each action reads Odoo, decides in code from validated fields and the requester's rights,
writes, re-reads, and returns the reply with the orders it touched.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphs.purchase_agent import catalogue, replies
from graphs.purchase_agent.nlu.catalog import Vocabulary
from graphs.purchase_agent.nlu.retrieve import retriever
from graphs.purchase_agent.nlu.schema import Item
from graphs.purchase_agent.replies import t
from graphs.purchase_agent.turn import Result, Turn
from records import orders as order_links
from tools.odoo import OdooClient, Order, Seller


def choose_seller(sellers: Sequence[Seller], quantity: float) -> tuple[Seller, float]:
    """The cheapest seller whose minimum is met; else the smallest minimum, quantity raised."""
    eligible = [s for s in sellers if s.min_qty <= quantity]
    if eligible:
        return min(eligible, key=lambda s: (s.price, s.min_qty, s.vendor_id)), quantity
    smallest = min(sellers, key=lambda s: (s.min_qty, s.price, s.vendor_id))
    return smallest, smallest.min_qty


def in_purchase_unit(vocabulary: Vocabulary, item: Item) -> float | None:
    """The item's quantity in the unit Odoo buys its product in, with Odoo's factors; None
    when it was written in a unit of another kind (kilos of a product bought by the unit),
    which is asked back, never guessed."""
    product = vocabulary.get(item.code)
    if item.asked_in is not None:
        return None
    if item.qty is None or product is None:
        return item.qty
    return round(item.qty * product.per_uom, 6) + 0.0


ASK_AT_MOST = 6


def closest_names(vocabulary: Vocabulary, text: str, lang: str) -> list[str]:
    """Orderable products that look like what the requester wrote, in their language."""
    return [p.name_in(lang) for p in retriever(vocabulary).search(text, limit=3)]


def unknown_note(vocabulary: Vocabulary, item: Item, lang: str) -> str:
    """Why a line was not ordered: which of several products, or not carried and what is."""
    text = item.product_text or "?"
    named = [vocabulary.by_code[c].name_in(lang) for c in item.candidates if c in vocabulary]
    if len(named) > 1:  # a short question: a kind word may be shared by dozens
        named = named[:ASK_AT_MOST] + (["…"] if len(named) > ASK_AT_MOST else [])
        return t(lang, "which_product", text=text, names=", ".join(named))
    note = t(lang, "unknown_product", text=text)
    close = closest_names(vocabulary, text, lang)
    return note + t(lang, "closest", names=", ".join(close)) if close else note


def create_rfq(turn: Turn, items: Sequence[Item]) -> Result:
    lang = turn.lang
    notes: list[str] = []
    known = [i for i in items if i.code]
    vocabulary = catalogue.current(turn.conn)
    for item in items:
        if not item.code:
            notes.append(unknown_note(vocabulary, item, lang))
    products = turn.odoo.products((i.code for i in known if i.code), lang)
    sellers = turn.odoo.sellers(p.tmpl_id for p in products.values())
    by_vendor: dict[int, list[tuple[int, float, float | None]]] = {}
    for item in known:
        product = products.get(item.code or "")
        if product is None:
            notes.append(t(lang, "unknown_product", text=item.product_text or item.code))
            continue
        if not item.qty or item.qty <= 0:
            notes.append(t(lang, "no_quantity", name=product.name))
            continue
        wanted = in_purchase_unit(vocabulary, item)
        if wanted is None:
            notes.append(t(lang, "other_unit", name=product.name, unit=product.purchase_uom))
            continue
        offers = [s for s in sellers if s.tmpl_id == product.tmpl_id]
        if not offers:
            notes.append(t(lang, "unknown_product", text=product.name))
            continue
        seller, quantity = choose_seller(offers, wanted)
        if quantity != wanted:
            notes.append(
                t(
                    lang,
                    "raised",
                    name=product.name,
                    old=replies.qty(wanted),
                    new=replies.qty(quantity),
                    uom=product.purchase_uom,
                    vendor=seller.vendor_name,
                )
            )
        by_vendor.setdefault(seller.vendor_id, []).append((product.id, quantity, item.price))

    blocks: list[str] = []
    touched: list[Order] = []
    open_orders = _open_orders_by_vendor(turn)
    for vendor_id, lines in by_vendor.items():
        origin = f"purchase-agent:{turn.turn_key}:{vendor_id}"
        existing = open_orders.get(vendor_id)
        if existing is not None and existing.origin != origin:
            if order_links.was_applied(turn.conn, origin):
                order = existing  # this turn already added its lines (a retried run)
            else:
                order = _merge_lines(turn.odoo, existing, lines)
                order_links.record_applied(turn.conn, origin, order.name)
                turn.record("extend_rfq", order, existing)
            blocks.append(replies.order_block(lang, "extended", order, vocabulary))
        else:
            order, created = turn.odoo.create_order(vendor_id, lines, origin)
            order_links.link_order(
                turn.conn,
                order_name=order.name,
                odoo_id=order.id,
                requester_id=turn.requester["id"],
                vendor_id=vendor_id,
                thread_id=turn.thread_id,
                conversation=turn.conversation,
                lang=lang,
            )
            if created:
                turn.record("create_rfq", order)
            blocks.append(replies.order_block(lang, "created", order, vocabulary))
        touched.append(order)

    if not touched:
        return Result(reply="\n".join([*notes, t(lang, "nothing_ordered")]))
    stock = ", ".join(
        f"{p.name} {replies.qty(p.on_hand)} {replies.unit_name(lang, p.uom)}"
        for p in turn.odoo.products((line.code for o in touched for line in o.lines), lang).values()
    )
    question = (
        t(lang, "ask_confirm")
        if len(touched) == 1
        else t(lang, "ask_confirm_many", names=replies.names(touched))
    )
    reply = "\n\n".join([*blocks, *notes, t(lang, "stock", items=stock), question])
    return Result(reply=reply, orders=touched, pending=turn.asking("confirm", touched))


def _open_orders_by_vendor(turn: Turn) -> dict[int, Order]:
    links = order_links.requester_orders(turn.conn, turn.requester["id"])
    orders = turn.odoo.orders([link.odoo_id for link in links])
    return {o.vendor_id: o for o in orders if o.is_open}


def _merge_lines(
    odoo: OdooClient, order: Order, lines: Sequence[tuple[int, float, float | None]]
) -> Order:
    """Add to the quantity of a product already on the order, else add a line."""
    on_order = {line.product_id: line for line in order.lines}
    add = [line for line in lines if line[0] not in on_order]
    update = [
        (on_order[pid].id, on_order[pid].qty + quantity, price)
        for pid, quantity, price in lines
        if pid in on_order
    ]
    return odoo.change_lines(order.id, add=add, update=update)
