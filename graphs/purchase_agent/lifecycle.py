"""Changing, confirming, cancelling and reporting orders the requester already has.

Which order a message means: the one it names, else the ones the agent just asked about,
else the only open one; with several candidates the agent asks instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphs.purchase_agent import approvals as approval
from graphs.purchase_agent import catalogue, replies
from graphs.purchase_agent.nlu.schema import Item
from graphs.purchase_agent.ordering import create_rfq, in_purchase_unit, unknown_note
from graphs.purchase_agent.replies import money, t
from graphs.purchase_agent.state import Pending
from graphs.purchase_agent.turn import Result, Turn
from records import approvals
from records import orders as order_links
from tools.odoo import Order


def resolve_targets(turn: Turn, order_ref: str | None, action: str) -> list[Order] | Result:
    """The orders a confirm/cancel/modify refers to, or the question to ask back."""
    links = {
        link.order_name: link
        for link in order_links.requester_orders(turn.conn, turn.requester["id"])
    }
    if order_ref:
        link = links.get(order_ref)
        if link is None:
            return Result(reply=t(turn.lang, "not_yours", name=order_ref))
        return turn.odoo.orders([link.odoo_id])
    asked = turn.pending["orders"] if turn.pending and turn.pending["kind"] == "confirm" else []
    names = [n for n in asked if n in links] or [n for n in turn.conversation_orders if n in links]
    if not names:
        names = list(links)
    orders = [o for o in turn.odoo.orders([links[n].odoo_id for n in names]) if o.is_open]
    if not orders:
        return Result(reply=t(turn.lang, "no_open_order"))
    if len(orders) == 1 or (asked and action == "confirm"):
        return orders
    return ask_which(turn, orders, action)


def ask_which(turn: Turn, orders: Sequence[Order], action: str) -> Result:
    question = t(
        turn.lang, "which_order", names=_describe(orders), verb=t(turn.lang, f"verb_{action}")
    )
    return Result(
        reply=question,
        pending={"kind": "which_order", "action": action, "orders": [o.name for o in orders]},
    )


def _describe(orders: Sequence[Order]) -> str:
    return "; ".join(f"{o.name} ({o.vendor_name}, {money(o)})" for o in orders)


def confirm(turn: Turn, order_ref: str | None, threshold: float) -> Result:
    targets = resolve_targets(turn, order_ref, "confirm")
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


def cancel(turn: Turn, order_ref: str | None) -> Result:
    targets = resolve_targets(turn, order_ref, "cancel")
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


def modify(turn: Turn, order_ref: str | None, items: Sequence[Item]) -> Result:
    targets = resolve_targets(turn, order_ref, "modify")
    if isinstance(targets, Result):
        return targets
    if len(targets) > 1:
        codes = {i.code for i in items if i.code}
        targets = [o for o in targets if codes & {line.code for line in o.lines}] or targets
        if len(targets) > 1:
            return ask_which(turn, targets, "modify")
    order = targets[0]
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
    pending: Pending | None = (
        {"kind": "confirm", "orders": [o.name for o in touched]} if touched else turn.pending
    )
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
