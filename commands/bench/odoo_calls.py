"""(3) Odoo round trips per turn, by intent, and the time the agent spent in them.

One requester at a time, nothing else running: before each turn the sandbox Odoo's RPC
counters are reset (`POST /sandbox/stats/reset`) and the agent's Prometheus histogram
`purchase_agent_odoo_call_seconds` is read from the ingest's `GET /metrics` (summed over the
ingest and the LangGraph server); after the reply, once the thread's run is over, both are read
again. Calls are what the sandbox received; time is the `_sum` delta measured by the agent.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Any

import httpx

from commands.bench.harness import BenchStack
from commands.bench.memory import MemorySampler
from contract.runs import thread_id_for

METRIC = "purchase_agent_odoo_call_seconds"
ORDER = re.compile(r"P\d{5}")


@dataclass
class OdooPlan:
    repeats: int


# (intent measured or None, text); `{order}` is the order the create turn made.
SCRIPT: tuple[tuple[str | None, str], ...] = (
    ("greeting", "hola"),
    ("create_rfq", "necesito 20 kilos de sal de mar"),
    ("modify_order", "mejor que sean 30 kilos"),
    ("order_status", "¿cómo va la {order}?"),
    ("confirm_order", "sí, confirma"),
    (None, "necesito 15 kilos de almendras enteras"),
    ("cancel_order", "cancela la {order}"),
)
INTENTS = tuple(intent for intent, _ in SCRIPT if intent is not None)


def _measure(bench: BenchStack, phone: str, text: str) -> dict[str, Any]:
    odoo = bench.env["ODOO_URL"]
    httpx.post(f"{odoo}/sandbox/stats/reset", timeout=10).raise_for_status()
    before = bench.metric_sums(METRIC)
    said = bench.say(phone, text)
    turn = bench.wait_reply(said, text)
    bench.wait_idle(thread_id_for(said.account_id, said.conversation_id))
    stats = httpx.get(f"{odoo}/sandbox/stats", timeout=10).json()
    after = bench.metric_sums(METRIC)
    seconds = sum(after[k][0] - before.get(k, (0.0, 0.0))[0] for k in after)
    agent_calls = sum(after[k][1] - before.get(k, (0.0, 0.0))[1] for k in after)
    return {
        "calls": int(stats["total"]),
        "by_method": stats["calls"],
        "agent_calls": int(agent_calls),
        "odoo_ms": round(seconds * 1000, 2),
        "turn_ms": round((turn.webhook_to_reply or 0.0) * 1000, 1),
        "reply": turn.reply[:120],
    }


def run(bench: BenchStack, plan: OdooPlan, sampler: MemorySampler) -> dict[str, Any]:
    sampler.set_phase("odoo_calls")
    samples: dict[str, list[dict[str, Any]]] = {intent: [] for intent in INTENTS}
    warm = bench.new_requester()
    bench.wait_reply(bench.say(warm, "necesito 20 kilos de sal de mar"))
    for _ in range(plan.repeats):
        phone = bench.new_requester()
        order = ""
        for intent, template in SCRIPT:
            text = template.format(order=order)
            if intent is None:
                order = _order(bench.wait_reply(bench.say(phone, text), text).reply) or order
                continue
            sample = _measure(bench, phone, text)
            if intent == "create_rfq":
                order = _order(sample["reply"]) or order
            samples[intent].append(sample)
    sampler.set_phase("between")
    return {
        "repeats": plan.repeats,
        "measure": "RPC calls received by the sandbox Odoo; time from the agent's histogram",
        "by_intent": {intent: _combine(found) for intent, found in samples.items()},
    }


def _order(reply: str) -> str | None:
    found = ORDER.findall(reply)
    return found[-1] if found else None


def _combine(samples: list[dict[str, Any]]) -> dict[str, Any]:
    if not samples:
        return {"calls": None, "odoo_ms": None}
    return {
        "calls": int(statistics.median(s["calls"] for s in samples)),
        "agent_calls": int(statistics.median(s["agent_calls"] for s in samples)),
        "odoo_ms": round(statistics.mean(s["odoo_ms"] for s in samples), 2),
        "turn_ms": round(statistics.mean(s["turn_ms"] for s in samples), 1),
        "by_method": samples[0]["by_method"],
        "reply": samples[0]["reply"],
    }
