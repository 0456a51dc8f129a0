"""The steps of a turn before and around the purchasing action: what came in, who wrote,
whether the bot may speak, and what the words mean."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import psycopg
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.runtime import Runtime

from contract.runs import ApprovalDecision, StructuredRequest
from core import metrics
from core.settings import get_settings
from graphs.purchase_agent import catalogue, replies, services
from graphs.purchase_agent.context import Context, context_of
from graphs.purchase_agent.nlu import Model, get_model
from graphs.purchase_agent.nlu.answers import picks, reads_as_no
from graphs.purchase_agent.nlu.approval import approval_command
from graphs.purchase_agent.nlu.catalog import Vocabulary
from graphs.purchase_agent.nlu.schema import (
    INTENT_OF_ACTION,
    Item,
    PendingContext,
    PendingLine,
    Understanding,
)
from graphs.purchase_agent.replies import t
from graphs.purchase_agent.run import mark_handled, run_key
from graphs.purchase_agent.state import Pending, State
from records import approvals, requesters
from tools.chatwoot import ChatwootError

log = logging.getLogger("purchase_agent.graph")

_CLEAR_INPUTS: dict[str, Any] = {"request": None, "approval": None, "signal": None}
_FRESH_TURN: dict[str, Any] = {
    "turn_text": "",
    "turn_request": None,
    "turn_approval": None,
    "notices": [],
    "approval_outcome": None,
    "reply": "",
    "orders_touched": [],
    "private_note": None,
    "handoff": False,
    "needs_approval": [],
    "declined": None,
}


def load_turn(state: State) -> dict[str, Any]:
    """Decide what this run is about: new messages (a burst is one turn), a structured
    request, an approval, a retry of deferred work, or nothing (a redelivery)."""
    update: dict[str, Any] = {**_CLEAR_INPUTS, **_FRESH_TURN}
    seen = set(state.get("handled") or [])
    new = [m for m in state.get("messages", []) if m.id not in seen]
    new_ids = [str(m.id) for m in new]
    update["turn_ids"] = new_ids
    if state.get("signal") == "resume":
        update["silenced"] = False
    if any(isinstance(m, AIMessage) and m.name == "human_agent" for m in new):
        update["silenced"] = True
    human = [m for m in new if isinstance(m, HumanMessage)]
    if state.get("approval"):
        update.update(turn_kind="approval", turn_approval=state["approval"], turn_key=run_key())
    elif state.get("request"):
        update.update(turn_kind="request", turn_request=state["request"], turn_key=run_key())
    elif human:
        text = "\n".join(str(m.content) for m in human)
        update.update(turn_kind="message", turn_text=text, turn_key=new_ids[-1])
    elif state.get("signal") == "retry" and (state.get("unsent") or state.get("deferred")):
        update.update(turn_kind="retry", turn_key=run_key())
    else:
        update.update(turn_kind="none", handled=mark_handled(state, new_ids))
    return update


def check_silence(state: State) -> dict[str, Any]:
    """A person in charge of the conversation silences the bot (checked live in Chatwoot)."""
    conversation = state.get("conversation")
    if not conversation or state.get("turn_kind") not in ("message", "request"):
        return {}
    quiet = {"turn_kind": "none", "handled": mark_handled(state, state.get("turn_ids") or [])}
    if state.get("silenced"):
        return quiet
    try:
        live = services.chatwoot().conversation_state(
            conversation["account_id"], conversation["conversation_id"]
        )
    except ChatwootError as exc:
        log.warning("could not read conversation status: %s", exc)
        return {}
    return quiet | {"silenced": True} if live.human_in_charge else {}


def identify_requester(state: State) -> dict[str, Any]:
    """Who is writing: the conversation's contact, or the requester a caller named."""
    request: dict[str, Any] = dict(state.get("turn_request") or {})
    conversation: dict[str, Any] = dict(state.get("conversation") or {})
    contact = (
        request.get("requester") or conversation.get("contact") or state.get("requester") or {}
    )
    with services.db().connection() as conn:
        decision = _approver_decision(conn, state, contact)
        if decision is not None:
            return decision
        found = requesters.find(conn, phone=contact.get("phone"), email=contact.get("email"))
    if found is None:
        return {"requester_info": None}
    return {
        "requester_info": {"id": found.id, "name": found.name, "may_confirm": found.may_confirm}
    }


def _approver_decision(
    conn: psycopg.Connection, state: State, contact: Mapping[str, Any]
) -> dict[str, Any] | None:
    """A known approver writing "apruebo la P00012" in their own conversation decides it."""
    if state.get("turn_kind") != "message" or not state.get("conversation"):
        return None
    command = approval_command(state.get("turn_text", ""))
    if command is None:
        return None
    approver = approvals.find_approver(conn, contact.get("phone")) or approvals.find_approver(
        conn, contact.get("email")
    )
    if approver is None:
        return None
    decision: ApprovalDecision = {
        "order_ref": command.order_ref,
        "decision": command.decision,
        "by": approver.phone or approver.email or "",
        "note": command.note,
    }
    return {"turn_kind": "approval", "turn_approval": decision, "lang": command.lang}


def understand(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Intent, items and order reference: from a structured request, from deferred work,
    or from the text through the model, always validated against the catalogue; an answer
    to the agent's "¿Cancelo la P00012?" carries out or drops the write it held back."""
    request = state.get("turn_request")
    deferred = state.get("deferred")
    update: dict[str, Any] = {}
    if request:
        result = from_request(request, state.get("lang", "es"))
    elif state.get("turn_kind") == "retry" and deferred:
        result = Understanding.model_validate(deferred["turns"][0]["understanding"])
    else:
        result = _from_text(state, runtime)
        pending = state.get("pending")
        if pending and pending["kind"] == "make_sure":
            result, update = _answer_to_make_sure(pending, result, state.get("turn_text", ""))
    missed = int(state.get("misunderstood") or 0) + 1 if result.intent == "other" else 0
    if missed >= context_of(runtime).handoff_after_misunderstandings:
        result = result.model_copy(update={"intent": "human_handoff"})
        missed = 0
    return update | {
        "understanding": result.model_dump(),
        "lang": result.lang,
        "misunderstood": missed,
    }


def _answer_to_make_sure(
    pending: Pending, result: Understanding, text: str
) -> tuple[Understanding, dict[str, Any]]:
    """ "sí" makes the held write, "no" keeps things as they were; anything else is a new
    message and the question lapses."""
    held = Understanding.model_validate(pending.get("understanding") or {"intent": "other"})
    lapsed: dict[str, Any] = {"pending": None}
    declines = reads_as_no(text)
    agrees = not result.items and result.intent in ("confirm_order", held.intent)
    if agrees and not declines:
        refs = pending["orders"]
        return held.model_copy(update={"confidence": 1.0, "order_refs": refs}), lapsed
    if declines and not result.items:
        declined = {"action": pending.get("action", ""), "orders": pending["orders"]}
        return result.model_copy(update={"intent": "other"}), lapsed | {"declined": declined}
    return result, lapsed


def asked_action(pending: Mapping[str, Any]) -> str | None:
    """What the agent's last question asked to do: "¿La confirmo?" asks to confirm."""
    return "confirm" if pending["kind"] == "confirm" else pending.get("action")


def pending_context(state: Mapping[str, Any]) -> PendingContext | None:
    """What the conversation is talking about, as the models are told: the last order, and
    the action the agent asked about (so a bare "sí" answers it)."""
    pending = state.get("pending")
    if not pending:
        return None
    orders = pending.get("orders") or []
    asked = asked_action(pending)
    lines = [PendingLine(code=code) for code in pending.get("codes") or []]
    return PendingContext(order_ref=orders[-1] if orders else None, lines=lines, asked=asked)


def _from_text(state: State, runtime: Runtime[Context]) -> Understanding:
    """The model's reading, with a short answer to the agent's "which one?" or "¿Confirmo
    P00001, P00002?" ("las dos", "la segunda", "la de Ferrosur") taken as the orders it picks."""
    pending = state.get("pending")
    context = pending_context(state)
    model = model_for(context_of(runtime), vocabulary())
    text = state.get("turn_text", "")
    result = model.understand(text, context)
    if not pending or pending["kind"] == "make_sure":
        return result
    listed = pending["orders"]
    named = result.order_refs or ([result.order_ref] if result.order_ref else [])
    if not named and len(listed) > 1:
        named = picks(text, listed, pending.get("vendors") or [])
        result = result.model_copy(update={"order_refs": named})
    answers = result.intent in ("other", "order_status", "greeting", "confirm_order")
    if named and set(named) <= set(listed) and answers:
        intent = INTENT_OF_ACTION.get(asked_action(pending) or "", "order_status")
        result = result.model_copy(update={"intent": intent, "confidence": 1.0})
    return result


def vocabulary() -> Vocabulary:
    with services.db().connection() as conn:
        return catalogue.current(conn)


def model_for(context: Context, vocabulary: Vocabulary) -> Model:
    """The run's model (cached by `get_model`), with the deployment's endpoint and key."""
    settings = get_settings()
    return get_model(
        context.model or settings.model or "",
        vocabulary,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout,
        on_fallback=count_fallback,
    )


def count_fallback(_reason: str) -> None:
    """An LLM answer replaced by the offline model's (error, timeout or invalid answer)."""
    metrics.MODEL_FALLBACKS.inc()


def from_request(request: StructuredRequest, lang: str) -> Understanding:
    """A structured request as an Understanding; unknown product codes stay unknown."""
    known = vocabulary()
    items = []
    for raw in request.get("items") or []:
        code = raw.get("code")
        product = known.get(code) if isinstance(code, str) else None
        items.append(
            Item(
                code=product.code if product else None,
                product_text=raw.get("product_text") or (product.name if product else code),
                qty=raw.get("qty"),
                uom=product.uom if product else raw.get("uom"),
                price=raw.get("price"),
            )
        )
    return Understanding(
        intent=request.get("action", "other"),
        items=items,
        order_ref=request.get("order_ref"),
        lang="en" if lang == "en" else "es",
    )


def refuse(state: State) -> dict[str, Any]:
    lang = get_model("offline", vocabulary()).understand(state.get("turn_text", "")).lang
    return {"reply": t(lang, "unknown_requester"), "lang": lang}


def hand_off(state: State) -> dict[str, Any]:
    """Tell the requester a person takes over; leave agents a note with the orders."""
    lang = state.get("lang", "es")
    requester: dict[str, Any] = dict(state.get("requester_info") or {})
    orders = ", ".join(state.get("orders") or []) or "—"
    note = replies.handoff_note(
        str(requester.get("name", "unknown requester")), state.get("turn_text", ""), orders
    )
    return {"reply": t(lang, "handoff"), "private_note": note, "handoff": True, "silenced": True}


def keep_as_is(state: State) -> dict[str, Any]:
    """The requester said no to the write the agent asked about: nothing changes."""
    lang = state.get("lang", "es")
    declined = state.get("declined")
    if declined and declined["orders"]:
        return {"reply": t(lang, "kept_as_is", names=", ".join(declined["orders"]))}
    return {"reply": t(lang, "kept_nothing")}


def greet(state: State) -> dict[str, Any]:
    """What the agent does, with an example from this company's own catalogue."""
    requester: dict[str, Any] = dict(state.get("requester_info") or {})
    first = str(requester.get("name", "")).split(" ")[0]
    lang = state.get("lang", "es")
    products = vocabulary().products
    example = replies.example_request(lang, products[0]) if products else ""
    return {"reply": t(lang, "help", name=f" {first}" if first else "", example=example)}
