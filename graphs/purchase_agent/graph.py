"""The purchase agent: one turn per run, from the requester's words to a reply in Chatwoot.

    load_turn ─┬─ approval ─────────────────────────── decide_approval ─┐
               ├─ unsent reply (retry) ────────────────────────────────── post_reply → END
               └─ message / request / retry → check_silence → identify_requester
                      → understand → create_order | modify_order | confirm_order |
                        cancel_order | report_status | hand_off | greet → post_reply
                      (a write on weak evidence → make_sure: "¿Cancelo la P00012?";
                       "no" to that question → keep_as_is)
                                  (unknown requester → refuse → post_reply)
                                  (an approver's "apruebo la P00012" → decide_approval)

`builder` is exported uncompiled so tests can compile it with any checkpointer; the LangGraph
server compiles `graph` and attaches the Postgres checkpointer from `langgraph.json`.
"""

from __future__ import annotations

from typing import Literal

from langgraph.graph import END, START, StateGraph

from graphs.purchase_agent import actions, approvals, delivery, nodes
from graphs.purchase_agent.context import Context
from graphs.purchase_agent.nlu.schema import Understanding
from graphs.purchase_agent.state import InputState, OutputState, State

Action = Literal[
    "create_order",
    "modify_order",
    "confirm_order",
    "cancel_order",
    "report_status",
    "hand_off",
    "greet",
]

ACTION_BY_INTENT: dict[str, Action] = {
    "create_rfq": "create_order",
    "modify_order": "modify_order",
    "confirm_order": "confirm_order",
    "cancel_order": "cancel_order",
    "order_status": "report_status",
    "human_handoff": "hand_off",
    "greeting": "greet",
    "other": "greet",
}


def route_turn(
    state: State,
) -> Literal["decide_approval", "post_reply", "check_silence", "__end__"]:
    """Nothing new (a redelivery) ends the run: no second reply, no second order."""
    kind = state.get("turn_kind")
    if kind == "approval":
        return "decide_approval"
    if kind == "retry" and state.get("unsent"):
        return "post_reply"
    return "check_silence" if kind in ("message", "request", "retry") else "__end__"


def bot_may_speak(state: State) -> Literal["identify_requester", "__end__"]:
    return "__end__" if state.get("turn_kind") == "none" else "identify_requester"


def is_known_requester(state: State) -> Literal["understand", "refuse", "decide_approval"]:
    """A known approver's decision in chat goes to the approval; strangers are refused."""
    if state.get("turn_kind") == "approval":
        return "decide_approval"
    return "understand" if state.get("requester_info") else "refuse"


def route_intent(state: State) -> Action | Literal["make_sure", "keep_as_is"]:
    """A write on weak evidence is asked about first; a "no" to that question changes nothing."""
    if state.get("declined"):
        return "keep_as_is"
    understanding = Understanding.model_validate(state.get("understanding") or {"intent": "other"})
    if understanding.held:
        return "make_sure"
    return ACTION_BY_INTENT.get(understanding.intent, "greet")


builder = StateGraph(
    State, input_schema=InputState, output_schema=OutputState, context_schema=Context
)
builder.add_node(nodes.load_turn)
builder.add_node(nodes.check_silence)
builder.add_node(nodes.identify_requester)
builder.add_node(nodes.refuse)
builder.add_node(nodes.understand)
builder.add_node("create_order", actions.create_order)
builder.add_node("modify_order", actions.modify_order)
builder.add_node("confirm_order", actions.confirm_order)
builder.add_node("cancel_order", actions.cancel_order)
builder.add_node("report_status", actions.report_status)
builder.add_node(approvals.decide_approval)
builder.add_node(nodes.hand_off)
builder.add_node(nodes.greet)
builder.add_node("make_sure", actions.make_sure)
builder.add_node(nodes.keep_as_is)
builder.add_node(delivery.post_reply)

builder.add_edge(START, "load_turn")
builder.add_conditional_edges("load_turn", route_turn)
builder.add_conditional_edges("check_silence", bot_may_speak)
builder.add_conditional_edges("identify_requester", is_known_requester)
builder.add_conditional_edges("understand", route_intent)
for step in (*ACTION_BY_INTENT.values(), "make_sure", "keep_as_is", "refuse", "decide_approval"):
    builder.add_edge(step, "post_reply")
builder.add_edge("post_reply", END)

graph = builder.compile(name="purchase_agent")
