"""The purchase agent: one turn per run, from the requester's words to a reply in Chatwoot.

    load_turn → identify_requester → understand → <the intent's action> → post_reply
                                  ↘ refuse ───────────────────────────────↗

`builder` is exported uncompiled so tests can compile it with any checkpointer; the LangGraph
server compiles `graph` and attaches the Postgres checkpointer from `langgraph.json`.
"""

from __future__ import annotations

from typing import Literal

from langgraph.graph import END, START, StateGraph

from graphs.purchase_agent import nodes
from graphs.purchase_agent.context import Context
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


def has_new_message(state: State) -> Literal["identify_requester", "__end__"]:
    """A redelivered or already handled message ends the run without a second reply."""
    return "identify_requester" if state.get("turn_text") else END


def is_known_requester(state: State) -> Literal["understand", "refuse"]:
    return "understand" if state.get("requester_info") else "refuse"


def route_intent(state: State) -> Action:
    intent = (state.get("understanding") or {}).get("intent", "other")
    return ACTION_BY_INTENT.get(intent, "greet")


builder = StateGraph(
    State, input_schema=InputState, output_schema=OutputState, context_schema=Context
)
builder.add_node(nodes.load_turn)
builder.add_node(nodes.identify_requester)
builder.add_node(nodes.refuse)
builder.add_node(nodes.understand)
builder.add_node("create_order", nodes.create_order)
builder.add_node("modify_order", nodes.modify_order)
builder.add_node("confirm_order", nodes.confirm_order)
builder.add_node("cancel_order", nodes.cancel_order)
builder.add_node("report_status", nodes.report_status)
builder.add_node(nodes.hand_off)
builder.add_node(nodes.greet)
builder.add_node(nodes.post_reply)

builder.add_edge(START, "load_turn")
builder.add_conditional_edges("load_turn", has_new_message)
builder.add_conditional_edges("identify_requester", is_known_requester)
builder.add_conditional_edges("understand", route_intent)
for step in (*ACTION_BY_INTENT.values(), "refuse"):
    builder.add_edge(step, "post_reply")
builder.add_edge("post_reply", END)

graph = builder.compile(name="purchase_agent")
