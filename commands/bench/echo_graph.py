"""The turn-latency baseline: a graph that only echoes the message back to Chatwoot.

It takes the same input the ingest's dispatcher sends (`messages` + `conversation`) and posts
"echo: <text>" to the conversation through the same `tools.chatwoot.ChatwootClient` the agent
uses, so a turn through it costs what the platform costs (outbox, dispatch, LangGraph run,
checkpoint, one Chatwoot post) and nothing of the agent's own work. It is compiled without a
checkpointer; the LangGraph server attaches its own, as it does to `purchase_agent`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TypedDict

from langgraph.graph import END, START, StateGraph

from core.settings import get_settings
from tools.chatwoot import ChatwootClient

ECHO_GRAPH_ID = "bench_echo"
ECHO_GRAPH_PATH = "commands/bench/echo_graph.py:graph"


class EchoState(TypedDict, total=False):
    messages: list[Any]
    conversation: dict[str, Any] | None
    reply: str


@lru_cache(maxsize=1)
def _chatwoot() -> ChatwootClient:
    settings = get_settings()
    return ChatwootClient(settings.chatwoot_base_url, settings.chatwoot_token())


def _text(message: Any) -> str:
    content = message.get("content") if isinstance(message, dict) else message.content
    return str(content or "")


def echo(state: EchoState) -> dict[str, Any]:
    text = "\n".join(_text(m) for m in state.get("messages") or [])
    reply = f"echo: {text}"
    conversation = state.get("conversation")
    if conversation:
        _chatwoot().post_message(conversation["account_id"], conversation["conversation_id"], reply)
    return {"reply": reply}


builder = StateGraph(EchoState)
builder.add_node(echo)
builder.add_edge(START, "echo")
builder.add_edge("echo", END)
graph = builder.compile(name=ECHO_GRAPH_ID)
