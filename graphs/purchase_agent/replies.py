"""Reply templates in Spanish and English.

Functions take Odoo's records and format them; no figure is computed here beyond formatting,
so every number and name a requester reads is the one Odoo holds.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphs.purchase_agent.nlu.catalog import Product, Vocabulary
from graphs.purchase_agent.nlu.schema import Item
from tools.odoo import Order

Lang = str

STATE_WORDS = {
    "es": {
        "draft": "borrador (RFQ)",
        "sent": "RFQ enviada",
        "to approve": "por aprobar en Odoo",
        "purchase": "confirmada",
        "done": "cerrada",
        "cancel": "cancelada",
    },
    "en": {
        "draft": "draft (RFQ)",
        "sent": "RFQ sent",
        "to approve": "waiting for approval in Odoo",
        "purchase": "confirmed",
        "done": "locked",
        "cancel": "cancelled",
    },
}

TEXT = {
    "es": {
        "unknown_requester": (
            "Hola. No encuentro tu número o correo entre las personas autorizadas para pedir "
            "compras, así que no puedo crear pedidos. Pide a compras que te registre."
        ),
        "help": (
            "Hola{name}. Puedo crear solicitudes de cotización (RFQ) en Odoo, cambiarlas, "
            "confirmarlas o cancelarlas, y decirte en qué estado van. Por ejemplo: "
            '{example}"¿cómo va la P00012?".'
        ),
        "unknown_product": 'No tengo "{text}" en el catálogo, así que no lo pedí.',
        "closest": " Lo más parecido: {names}.",
        "which_product": '¿Cuál "{text}"? Tengo {names}. Dime cuál y lo agrego.',
        "no_quantity": "¿Cuánto necesitas de {name}? No pedí nada de eso todavía.",
        "other_unit": (
            "No pedí {name}: se compra en {unit} y esa cantidad está en otra clase de unidad."
            " ¿Cuánto necesitas, en {unit}?"
        ),
        "raised": ("Subí {name} de {old} a {new} {uom}, el mínimo de compra de {vendor}."),
        "created": "Creé la {name} con {vendor}:",
        "extended": "Agregué a la {name} con {vendor} (ya estaba abierta):",
        "total": "Total: {total} (según Odoo). Llegada estimada: {date}.",
        "stock": "Stock actual: {items}.",
        "ask_confirm": "¿La confirmo?",
        "ask_confirm_many": "¿Confirmo {names}?",
        "nothing_ordered": "No creé ningún pedido.",
        "which_order": "Tienes varias órdenes abiertas: {names}. ¿Cuál {verb}?",
        "verb_confirm": "confirmo",
        "verb_cancel": "cancelo",
        "verb_modify": "cambio",
        "make_sure_confirm": "¿Confirmo la {names}?",
        "make_sure_cancel": "¿Cancelo la {names}?",
        "make_sure_modify": "¿Cambio la {names} así: {items}?",
        "make_sure_create": "¿Creo una solicitud de cotización con {items}?",
        "kept_as_is": "Entendido: dejé la {names} como estaba.",
        "kept_nothing": "Entendido: no pedí nada.",
        "remove_line": "sacar {name}",
        "no_open_order": "No tienes órdenes abiertas en esta conversación.",
        "not_yours": "No encuentro la {name} entre tus pedidos.",
        "cannot_change": "La {name} está {state}; ya no se puede cambiar.",
        "changed": "Actualicé la {name} con {vendor}:",
        "which_line": "¿Qué producto de la {name} quieres cambiar?",
        "not_on_order": "{product} no está en la {name}.",
        "may_not_confirm": (
            "No tienes permiso para confirmar compras. Dejé la {name} ({total}) esperando "
            "la aprobación de un responsable."
        ),
        "needs_approval": (
            "La {name} suma {total}, sobre el límite de {threshold}: queda esperando la "
            "aprobación de un responsable antes de confirmarse."
        ),
        "confirmed": "Listo: la {name} con {vendor} quedó {state}. Total {total}.",
        "cannot_confirm": "No puedo confirmar la {name}: está {state}.",
        "cancelled": "La {name} con {vendor} quedó {state}.",
        "cannot_cancel": "No puedo cancelar la {name}: está {state}.",
        "status_line": "{name} con {vendor}: {state}, total {total}, llegada {date}.",
        "received": "Recibido: {items}.",
        "handoff": "Te paso con una persona del equipo de compras; te responderá por aquí.",
        "erp_down": (
            "No pude conectarme con el ERP (Odoo). Reintentaré tu solicitud en cuanto vuelva; "
            "no hace falta que la repitas."
        ),
        "failed": "Tuve un problema con tu solicitud: {reason}",
        "erp_gave_up": (
            "Sigo sin poder conectarme con el ERP (Odoo). Le pasé tu solicitud a una persona "
            "de compras."
        ),
        "approved": "{by} aprobó la {name}{note}: quedó {state}. Total {total}.",
        "rejected": "{by} no aprobó la {name}{note}. Sigue {state}; puedes cambiarla o cancelarla.",
        "awaiting_approval": "esperando aprobación",
        "decision_failed": "Odoo no tomó la decisión sobre la {name}: {reason}",
        "refused_unknown_approver": (
            "No puedo registrar la decisión sobre la {name}: no estás entre los aprobadores."
        ),
        "refused_not_awaiting": "La {name} no está esperando aprobación.",
        "refused_superseded": (
            "Hay una solicitud de aprobación más nueva para la {name}; usa la última."
        ),
        "refused_expired": "La solicitud de aprobación de la {name} venció; pide una nueva.",
        "refused_decided": "La solicitud de aprobación de la {name} ya fue decidida.",
        "refused_changed": (
            "La {name} cambió desde que se pidió la aprobación; no la decidí. "
            "Llegará una solicitud nueva cuando se confirme otra vez."
        ),
        "refused_over_limit": "La {name} supera tu límite de aprobación; no la aprobé.",
        "refused_own_order": "No puedes aprobar tu propio pedido ({name}).",
        "waits_higher_limit": ("La {name} ({total}) espera a un aprobador con un límite mayor."),
        "odoo_second_approval": (
            "Odoo pide una segunda aprobación para la {name}: apruébala en Odoo."
        ),
        "odoo_to_approve": (
            "La {name} quedó por aprobar en Odoo (doble validación); la envié a los aprobadores."
        ),
    },
    "en": {
        "unknown_requester": (
            "Hello. Your number or email is not among the people allowed to request purchases, "
            "so I cannot create orders. Please ask purchasing to register you."
        ),
        "help": (
            "Hi{name}. I can create requests for quotation (RFQs) in Odoo, change, confirm or "
            "cancel them, and tell you their status. For example: "
            '{example}"how is P00012 going?".'
        ),
        "unknown_product": '"{text}" is not in the catalogue, so I did not order it.',
        "closest": " Closest items: {names}.",
        "which_product": 'Which "{text}"? I have {names}. Tell me which one and I will add it.',
        "no_quantity": "How much {name} do you need? I have not ordered it yet.",
        "other_unit": (
            "I did not order {name}: it is bought in {unit} and that quantity is in another kind"
            " of unit. How much do you need, in {unit}?"
        ),
        "raised": "I raised {name} from {old} to {new} {uom}, {vendor}'s minimum order.",
        "created": "I created {name} with {vendor}:",
        "extended": "I added to {name} with {vendor} (it was still open):",
        "total": "Total: {total} (from Odoo). Expected arrival: {date}.",
        "stock": "Current stock: {items}.",
        "ask_confirm": "Shall I confirm it?",
        "ask_confirm_many": "Shall I confirm {names}?",
        "nothing_ordered": "I did not create any order.",
        "which_order": "You have several open orders: {names}. Which one should I {verb}?",
        "verb_confirm": "confirm",
        "verb_cancel": "cancel",
        "verb_modify": "change",
        "make_sure_confirm": "Shall I confirm {names}?",
        "make_sure_cancel": "Shall I cancel {names}?",
        "make_sure_modify": "Shall I change {names} like this: {items}?",
        "make_sure_create": "Shall I create a request for quotation with {items}?",
        "kept_as_is": "Understood: I left {names} as it was.",
        "kept_nothing": "Understood: I did not order anything.",
        "remove_line": "remove {name}",
        "no_open_order": "You have no open orders in this conversation.",
        "not_yours": "I cannot find {name} among your orders.",
        "cannot_change": "{name} is {state}; it can no longer be changed.",
        "changed": "I updated {name} with {vendor}:",
        "which_line": "Which product of {name} do you want to change?",
        "not_on_order": "{product} is not on {name}.",
        "may_not_confirm": (
            "You are not allowed to confirm purchases. {name} ({total}) is waiting for an approver."
        ),
        "needs_approval": (
            "{name} totals {total}, above the {threshold} limit: it waits for an approver "
            "before it is confirmed."
        ),
        "confirmed": "Done: {name} with {vendor} is {state}. Total {total}.",
        "cannot_confirm": "I cannot confirm {name}: it is {state}.",
        "cancelled": "{name} with {vendor} is {state}.",
        "cannot_cancel": "I cannot cancel {name}: it is {state}.",
        "status_line": "{name} with {vendor}: {state}, total {total}, arrival {date}.",
        "received": "Received: {items}.",
        "handoff": "I am passing you to a person from purchasing; they will answer here.",
        "erp_down": (
            "I could not reach the ERP (Odoo). I will retry your request as soon as it is back; "
            "no need to repeat it."
        ),
        "failed": "I had a problem with your request: {reason}",
        "erp_gave_up": (
            "I still cannot reach the ERP (Odoo). I passed your request to a person in purchasing."
        ),
        "approved": "{by} approved {name}{note}: it is {state}. Total {total}.",
        "rejected": "{by} did not approve {name}{note}. It stays {state}; you can change or cancel it.",
        "awaiting_approval": "awaiting approval",
        "decision_failed": "Odoo did not take the decision on {name}: {reason}",
        "refused_unknown_approver": (
            "I cannot record the decision on {name}: you are not among the approvers."
        ),
        "refused_not_awaiting": "{name} is not waiting for approval.",
        "refused_superseded": "A newer approval request exists for {name}; use the latest.",
        "refused_expired": "The approval request for {name} expired; ask for a new one.",
        "refused_decided": "The approval request for {name} was already decided.",
        "refused_changed": (
            "{name} changed since approval was asked; I did not decide it. A new request "
            "comes when it is confirmed again."
        ),
        "refused_over_limit": "{name} is above your approval limit; I did not approve it.",
        "refused_own_order": "You cannot approve your own order ({name}).",
        "waits_higher_limit": "{name} ({total}) waits for an approver with a higher limit.",
        "odoo_second_approval": "Odoo asks for a second approval of {name}: approve it in Odoo.",
        "odoo_to_approve": (
            "{name} waits for approval in Odoo (double validation); I sent it to the approvers."
        ),
    },
}


def t(lang: Lang, key: str, **values: object) -> str:
    return TEXT.get(lang, TEXT["es"])[key].format(**values)


UNIT_NAMES = {"es": {"units": "unidades", "unit": "unidades", "dozens": "docenas"},
              "en": {"unit": "units", "units": "units", "dozens": "dozens"}}  # fmt: skip
UNIT_WORDS = {"es": {"kg": "kilos", "l": "litros", "unit": "unidades", "box": "cajas"},
              "en": {"kg": "kg", "l": "litres", "unit": "units", "box": "boxes"}}  # fmt: skip


def example_request(lang: Lang, product: Product) -> str:
    """ "necesito 10 kilos de <a product of this company>" o ", for the help text."""
    unit = UNIT_WORDS.get(lang, UNIT_WORDS["es"]).get(product.uom, product.uom)
    name = product.name_in(lang).lower()
    if lang == "en":
        return f'"I need 10 {unit} of {name}" or '
    return f'"necesito 10 {unit} de {name}" o '


def state_words(lang: Lang, state: str) -> str:
    return STATE_WORDS.get(lang, STATE_WORDS["es"]).get(state, state)


def qty(value: float) -> str:
    return f"{value:g}"


def money(order: Order, amount: float | None = None) -> str:
    return f"{order.currency} {amount if amount is not None else order.amount_total:,.2f}"


def date(value: str | None) -> str:
    return value[:10] if value else "—"


def order_lines(order: Order, lang: Lang = "en", vocabulary: Vocabulary | None = None) -> list[str]:
    """ "• 400 unidades de Caja de cartón 40x30 × ...": the product as Odoo names it in the
    requester's language (from the synced catalogue), else the line's own description."""
    of = "de" if lang == "es" else "of"
    lines = []
    for line in order.lines:
        product = vocabulary.get(line.code) if vocabulary is not None else None
        name = product.name_in(lang) if product is not None else line.name
        lines.append(
            f"• {qty(line.qty)} {unit_name(lang, line.uom)} {of} {name}"
            f" × {money(order, line.price_unit)} = {money(order, line.subtotal)}"
        )
    return lines


def unit_name(lang: Lang, unit: str) -> str:
    """Odoo's unit as the requester says it ("Units" is "unidades"); others as Odoo has them."""
    return UNIT_NAMES.get(lang, {}).get(unit.strip().lower(), unit)


def order_block(lang: Lang, key: str, order: Order, vocabulary: Vocabulary | None = None) -> str:
    head = t(lang, key, name=order.name, vendor=order.vendor_name)
    total = t(lang, "total", total=money(order), date=date(order.date_planned))
    return "\n".join([head, *order_lines(order, lang, vocabulary), total])


def item_lines(lang: Lang, items: Sequence[Item], vocabulary: Vocabulary) -> str:
    """ "10 kilos de Harina de trigo, sacar Sal de mar": the products by their catalogue names."""
    of = "de" if lang == "es" else "of"
    parts = []
    for item in items:
        product = vocabulary.get(item.code) if item.code else None
        name = product.name_in(lang) if product else (item.product_text or "?")
        if item.qty == 0:
            parts.append(t(lang, "remove_line", name=name))
        elif item.qty is not None:
            unit = UNIT_WORDS.get(lang, UNIT_WORDS["es"]).get(item.uom or "", item.uom or "")
            parts.append(f"{qty(item.qty)} {unit} {of} {name}")
        else:
            parts.append(name)
    return ", ".join(parts)


def names(orders: Sequence[Order | str]) -> str:
    return ", ".join(o if isinstance(o, str) else o.name for o in orders)


# -- for people, not requesters: private notes and the approvers' message (English) ----------
def handoff_note(requester: str, last_message: str, orders: str) -> str:
    return (
        f"Handoff requested by {requester}.\n"
        f"Last message: {last_message[:500]}\nOrders in this conversation: {orders}"
    )


def gave_up_note(retries: int, error: str, waiting: int) -> str:
    return (
        f"Odoo unreachable after {retries} retries ({error}); "
        f"{waiting} request(s) waiting, see this conversation."
    )


def approval_request(order: Order, requester: str, how: str) -> str:
    lines = "\n".join(order_lines(order))
    return (
        f"Approval needed: {order.name} for {requester} with {order.vendor_name}, "
        f"total {money(order)}.\n{lines}\n{how}"
    )


def approval_how(approve_link: str | None, reject_link: str | None) -> str:
    if approve_link and reject_link:
        return f"Approve: {approve_link}\nReject: {reject_link}"
    return "Approve or reject through the API: input {'approval': {'order_ref', 'decision'}}"
