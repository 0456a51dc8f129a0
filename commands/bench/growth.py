"""(4) Cost growth over one long conversation: prompt tokens and checkpoint bytes per thread.

One requester writes turn after turn (creating, changing, confirming, cancelling and asking
about orders) through the real stack with the offline model. At the marked turns:

- prompt tokens: the thread's state before the turn is read with `langgraph_sdk`
  (`threads.get_state`) and the prompt the LLM path would send for the turn's text is built from
  it exactly as `graphs/purchase_agent/nodes.py::_from_text` and `nlu/prompt.py` build it (the
  open request as context, the system rules and catalogue, the message), then counted with the
  model's tokenizer (`o200k_base`, gpt-4o / gpt-4o-mini): message contents plus the chat
  format's per-message overhead, plus the structured-output tool schema sent with every call.
- checkpoint bytes: once the turn's run is over, the thread's rows in `checkpoints`,
  `checkpoint_blobs` and `checkpoint_writes`: logical bytes (text and bytea lengths, before
  PostgreSQL's compression) and the stored size (`pg_column_size`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import bpe_openai
import psycopg
from langchain_core.messages import BaseMessage
from langchain_core.utils.function_calling import convert_to_openai_tool
from langgraph_sdk import get_sync_client

from commands.bench.harness import BenchStack
from commands.bench.memory import MemorySampler
from contract.runs import thread_id_for
from core.settings import get_settings
from graphs.purchase_agent.nlu.catalog import load_vocabulary
from graphs.purchase_agent.nlu.prompt import build_messages
from graphs.purchase_agent.nlu.schema import Understanding
from graphs.purchase_agent.nodes import pending_context

ENCODING = "o200k_base"
CYCLE = (
    "necesito 20 kilos de sal de mar",
    "mejor que sean 30 kilos",
    "en que estado estan mis pedidos?",
    "sí, confirma",
    "necesito 15 kilos de almendras enteras",
    "cuando llega mi pedido?",
    "cancela",
    "hola",
)
# Chat format overhead (OpenAI's published counting rule): per message, and to prime the reply.
TOKENS_PER_MESSAGE = 3
TOKENS_REPLY_PRIMING = 3

CHECKPOINT_SQL = """
SELECT
  (SELECT count(*) FROM checkpoints WHERE thread_id = %(t)s),
  (SELECT coalesce(sum(octet_length(thread_id) + octet_length(checkpoint_ns)
      + octet_length(checkpoint_id) + coalesce(octet_length(parent_checkpoint_id), 0)
      + coalesce(octet_length(type), 0) + octet_length(checkpoint::text)
      + octet_length(metadata::text)), 0) FROM checkpoints WHERE thread_id = %(t)s),
  (SELECT coalesce(sum(pg_column_size(c.*)), 0) FROM checkpoints c WHERE thread_id = %(t)s),
  (SELECT count(*) FROM checkpoint_blobs WHERE thread_id = %(t)s),
  (SELECT coalesce(sum(octet_length(thread_id) + octet_length(checkpoint_ns)
      + octet_length(channel) + octet_length(version) + octet_length(type)
      + coalesce(octet_length(blob), 0)), 0) FROM checkpoint_blobs WHERE thread_id = %(t)s),
  (SELECT coalesce(sum(pg_column_size(b.*)), 0) FROM checkpoint_blobs b WHERE thread_id = %(t)s),
  (SELECT count(*) FROM checkpoint_writes WHERE thread_id = %(t)s),
  (SELECT coalesce(sum(octet_length(thread_id) + octet_length(checkpoint_ns)
      + octet_length(checkpoint_id) + octet_length(task_id) + 4 + octet_length(channel)
      + coalesce(octet_length(type), 0) + octet_length(blob) + octet_length(task_path)), 0)
      FROM checkpoint_writes WHERE thread_id = %(t)s),
  (SELECT coalesce(sum(pg_column_size(w.*)), 0) FROM checkpoint_writes w WHERE thread_id = %(t)s)
"""


@dataclass
class GrowthPlan:
    marks: tuple[int, ...]


@lru_cache(maxsize=1)
def _encoding() -> Any:
    return bpe_openai.get_encoding(ENCODING)


@lru_cache(maxsize=1)
def tool_schema_tokens() -> int:
    """The structured-output tool (`Understanding`) the LLM path sends with every call."""
    tool = convert_to_openai_tool(Understanding)
    return len(_encoding().encode(json.dumps(tool, ensure_ascii=False)))


def prompt_tokens(values: dict[str, Any], text: str) -> dict[str, int]:
    """Tokens of the prompt the LLM path would build for `text` on a thread in state `values`."""
    context = pending_context(values)
    messages = build_messages(text, context, load_vocabulary(get_settings().sandbox_catalog))
    chat = chat_tokens(messages)
    tools = tool_schema_tokens()
    return {"messages": chat, "tool_schema": tools, "total": chat + tools}


def chat_tokens(messages: Sequence[BaseMessage]) -> int:
    """Message contents plus the chat format's overhead per message, as the API counts."""
    encoding = _encoding()
    content = sum(len(encoding.encode(str(m.content))) + 1 for m in messages)  # + role
    return content + TOKENS_PER_MESSAGE * len(messages) + TOKENS_REPLY_PRIMING


def message_tokens(messages: Sequence[BaseMessage]) -> int:
    """Prompt tokens of one LLM call: the messages and the structured-output tool."""
    return chat_tokens(messages) + tool_schema_tokens()


def checkpoint_bytes(database_url: str, thread_id: str) -> dict[str, int]:
    with psycopg.connect(database_url, autocommit=True) as conn:
        row = conn.execute(CHECKPOINT_SQL, {"t": thread_id}).fetchone()
    assert row is not None
    values = [int(v) for v in row]
    return {
        "checkpoints": values[0],
        "blobs": values[3],
        "writes": values[6],
        "bytes": values[1] + values[4] + values[7],
        "stored_bytes": values[2] + values[5] + values[8],
    }


def run(bench: BenchStack, plan: GrowthPlan, sampler: MemorySampler) -> dict[str, Any]:
    sampler.set_phase("growth")
    client = get_sync_client(
        url=bench.env["LANGGRAPH_URL"], api_key=None, headers=bench.langgraph_headers()
    )
    phone = bench.new_requester()
    thread_id = ""
    points: list[dict[str, Any]] = []
    answered = 0
    for turn in range(1, max(plan.marks) + 1):
        text = CYCLE[(turn - 1) % len(CYCLE)]
        point: dict[str, Any] | None = None
        if turn in plan.marks and thread_id:
            before: Any = client.threads.get_state(thread_id)["values"]
            point = {"turn": turn, "text": text, "prompt_tokens": prompt_tokens(before, text)}
        said = bench.say(phone, text)
        thread_id = thread_id_for(said.account_id, said.conversation_id)
        reply = bench.wait_reply(said, text)
        answered += reply.reply_id is not None
        if point is not None:
            bench.wait_idle(thread_id)
            after: Any = client.threads.get_state(thread_id)["values"]
            point["checkpoint"] = checkpoint_bytes(bench.database_url, thread_id)
            point["state_json_bytes"] = len(json.dumps(after, ensure_ascii=False, default=str))
            point["messages_in_state"] = len(after.get("messages") or [])
            points.append(point)
    sampler.set_phase("between")
    first, last = points[0], points[-1]
    return {
        "turns": max(plan.marks),
        "answered": answered,
        "marks": list(plan.marks),
        "tokenizer": ENCODING,
        "points": points,
        "prompt_tokens_ratio": round(
            last["prompt_tokens"]["total"] / first["prompt_tokens"]["total"], 3
        ),
        "checkpoint_bytes_last": last["checkpoint"]["bytes"],
    }
