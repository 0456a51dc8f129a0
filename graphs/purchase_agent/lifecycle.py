"""Changing, confirming, cancelling and reporting orders the requester already has.

Which order a message means: the ones it names, else among the ones the agent just asked
about (or the conversation's, or the requester's open ones) those having a product it
mentions, else the only one; "sí" to the agent's question about several confirms them all;
with several candidates left the agent asks instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphs.purchase_agent import approvals as approval
from graphs.purchase_agent import catalogue, replies
from graphs.purchase_agent.nlu.schema import ACTION_OF_INTENT, Item, Understanding
from graphs.purchase_agent.ordering import create_rfq, in_purchase_unit, unknown_note
from graphs.purchase_agent.replies import money, t
from graphs.purchase_agent.turn import Result, Turn
from records import approvals
from records import orders as order_links
from tools.odoo import Order


def resolve_targets(turn: Turn, u: Understanding, action: str) -> list[Order] | Result:
    """The orders a confirm/cancel/modify refers to, or the question to ask back."""
    links = {
        link.order_name: link
        for link in order_links.requester_orders(turn.conn, turn.requester["id"])
    }
    named = u.order_refs or ([u.order_ref] if u.order_ref else [])
    if named:
        missing = [name for name in named if name not in links]
        if missing:
            return Result(reply=t(turn.lang, "not_yours", name=missing[0]))
        return turn.odoo.orders([links[name].odoo_id for name in named])
    pending = turn.pending
    asked = [n for n in (pending["orders"] if pending else []) if n in links]
    known = [n for n in turn.conversation_orders if n in links] or list(links)
    wanted = [links[n].odoo_id for n in dict.fromkeys(asked + known)]
    candidates = [o for o in turn.odoo.orders(wanted) if o.is_open]
    products = set(u.mentioned) | {i.code for i in u.items if i.code}
    having = [o for o in candidates if products & {line.code for line in o.lines}]
    in_question = [o for o in candidates if o.name in asked]
    orders = having or in_question or candidates  # "ya no necesito la leche de coco"
    if not orders:
        return Result(reply=t(turn.lang, "no_open_order"))
    answering = pending is not None and pending["kind"] == "confirm" and orders == in_question
    if len(orders) == 1 or (answering and action == "confirm"):
        return orders  # "sí" to "¿Confirmo P00001, P00002?" confirms both
    return ask_which(turn, orders, action)


def ask_which(turn: Turn, orders: Sequence[Order], action: str) -> Result:
    question = t(
        turn.lang, "which_order", names=_describe(orders), verb=t(turn.lang, f"verb_{action}")
    )
    return Result(reply=question, pending=turn.asking("which_order", orders, action=action))


def make_sure(turn: Turn, u: Understanding) -> Result:
    """A write on weak evidence: ask the one-line question, and hold the understanding."""
    action = ACTION_OF_INTENT.get(u.intent, "create")
    vocabulary = catalogue.current(turn.conn)
    items = replies.item_lines(turn.lang, u.items, vocabulary)
    orders: list[Order] = []
    if action != "create":
        targets = resolve_targets(turn, u, action)
        if isinstance(targets, Result):
            return targets
        orders = targets
    question = t(turn.lang, f"make_sure_{action}", names=replies.names(orders), items=items)
    pending = turn.asking("make_sure", orders, action=action, understanding=u.model_dump())
    return Result(reply=question, pending=pending)


def _describe(orders: Sequence[Order]) -> str:
    return "; ".join(f"{o.name} ({o.vendor_name}, {money(o)})" for o in orders)


def confirm(turn: Turn, u: Understanding, threshold: float) -> Result:
    targets = resolve_targets(turn, u, "confirm")
    if isinstance(targets, Result):
        return targets
    parts: list[str] = []
    touched: list[Order] = []
    needs_approval: list[Order] = []
    for order in targets:
        state_words = replies.state_words(turn.lang, order.state)
        if not order.is_open:
            parts.append(t(turn.lang, "cannot_confirm", name=order.name, state=state_words))
            continue
        if not turn.requester["may_confirm"] or order.amount_total >= threshold:
            approval.ask(turn.conn, order, turn.requester["name"])
            turn.record("request_approval", order)
            needs_approval.append(order)
        if not turn.requester["may_confirm"]:
            parts.append(t(turn.lang, "may_not_confirm", name=order.name, total=money(order)))
        elif order.amount_total >= threshold:
            parts.append(
                t(
                    turn.lang,
                    "needs_approval",
                    name=order.name,
                    total=money(order),
                    threshold=money(order, threshold),
                )
            )
        else:
            before, order = order, turn.odoo.confirm(order.id)
            turn.record("confirm", order, before)
            if order.state == "to approve":  # Odoo's own double validation holds it
                approval.ask(turn.conn, order, turn.requester["name"])
                needs_approval.append(order)
                parts.append(t(turn.lang, "odoo_to_approve", name=order.name))
            else:
                parts.append(
                    t(
                        turn.lang,
                        "confirmed",
                        name=order.name,
                        vendor=order.vendor_name,
                        state=replies.state_words(turn.lang, order.state),
                        total=money(order),
                    )
                )
        touched.append(order)
    return Result(reply="\n".join(parts), orders=touched, needs_approval=needs_approval)


def cancel(turn: Turn, u: Understanding) -> Result:
    targets = resolve_targets(turn, u, "cancel")
    if isinstance(targets, Result):
        return targets
    parts: list[str] = []
    touched: list[Order] = []
    for order in targets:
        if order.state in ("done", "cancel"):
            words = replies.state_words(turn.lang, order.state)
            parts.append(t(turn.lang, "cannot_cancel", name=order.name, state=words))
            continue
        before, order = order, turn.odoo.cancel(order.id)
        approvals.set_awaiting_approval(turn.conn, order.name, False)
        turn.record("cancel", order, before)
        words = replies.state_words(turn.lang, order.state)
        parts.append(
            t(turn.lang, "cancelled", name=order.name, vendor=order.vendor_name, state=words)
        )
        touched.append(order)
    return Result(reply="\n".join(parts), orders=touched)


def modify(turn: Turn, u: Understanding) -> Result:
    targets = resolve_targets(turn, u, "modify")
    if isinstance(targets, Result):
        return targets
    if len(targets) > 1:
        return ask_which(turn, targets, "modify")
    order, items = targets[0], u.items
    if not order.is_open:
        words = replies.state_words(turn.lang, order.state)
        return Result(reply=t(turn.lang, "cannot_change", name=order.name, state=words))
    by_code = {line.code: line for line in order.lines}
    vocabulary = catalogue.current(turn.conn)
    update: list[tuple[int, float | None, float | None]] = []
    remove: list[int] = []
    new_items: list[Item] = []
    notes: list[str] = []
    for item in items:
        line = by_code.get(item.code or "")
        if item.code is None and item.product_text is None:
            if len(order.lines) != 1:
                return Result(reply=t(turn.lang, "which_line", name=order.name))
            line = order.lines[0]
        if line is None:
            if item.code and item.qty:
                new_items.append(item)
            elif item.code:
                notes.append(
                    t(turn.lang, "not_on_order", product=item.product_text, name=order.name)
                )
            else:
                notes.append(unknown_note(vocabulary, item, turn.lang))
            continue
        wanted = in_purchase_unit(vocabulary, item)
        if item.qty == 0:
            remove.append(line.id)
        elif item.qty is not None and wanted is None:
            notes.append(t(turn.lang, "other_unit", name=line.name, unit=line.uom))
        else:
            adding = item.change == "add" and wanted is not None
            qty = line.qty + wanted if adding and wanted is not None else wanted
            update.append((line.id, qty, item.price))
    if update or remove:
        before, order = order, turn.odoo.change_lines(order.id, update=update, remove=remove)
        turn.record("modify", order, before)
    parts = (
        [replies.order_block(turn.lang, "changed", order, vocabulary)] if (update or remove) else []
    )
    touched = [order] if parts else []
    if new_items:
        created = create_rfq(turn, new_items)
        parts.append(created.reply)
        touched.extend(created.orders)
    parts.extend(notes)
    if touched:
        parts.append(t(turn.lang, "ask_confirm"))
    pending = turn.asking("confirm", touched) if touched else turn.pending
    return Result(reply="\n\n".join(parts), orders=touched, pending=pending)


def status(turn: Turn, order_ref: str | None) -> Result:
    links = order_links.requester_orders(turn.conn, turn.requester["id"])
    if order_ref:
        wanted = [link for link in links if link.order_name == order_ref]
        if not wanted:
            return Result(reply=t(turn.lang, "not_yours", name=order_ref))
    else:
        recent = set(turn.conversation_orders) or {link.order_name for link in links}
        wanted = [link for link in links if link.order_name in recent][-5:]
    if not wanted:
        return Result(reply=t(turn.lang, "no_open_order"))
    orders = turn.odoo.orders([link.odoo_id for link in wanted])
    awaiting = {link.order_name for link in wanted if link.awaiting_approval}
    parts = []
    for order in orders:
        words = replies.state_words(turn.lang, order.state)
        if order.name in awaiting and order.is_open:
            words += " — " + t(turn.lang, "awaiting_approval")
        parts.append(
            t(
                turn.lang,
                "status_line",
                name=order.name,
                vendor=order.vendor_name,
                state=words,
                total=money(order),
                date=replies.date(order.date_planned),
            )
        )
        if order.state in ("purchase", "done"):
            received = ", ".join(
                f"{line.code} {replies.qty(line.qty_received)}/{replies.qty(line.qty)} {line.uom}"
                for line in order.lines
            )
            parts.append(t(turn.lang, "received", items=received))
    return Result(reply="\n".join(parts), orders=orders)
