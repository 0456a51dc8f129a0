"""(2) Turn latency: webhook received -> reply posted in Chatwoot, agent against echo graph.

Several simulated requesters write at the same time, each through the sandbox Chatwoot's
`POST /sandbox/inbound` (which delivers a signed webhook to the ingest), each in their own
conversation, waiting for the reply and a short, random "typing" pause before writing again.
The same script (same texts, same pauses, same concurrency) runs twice on the same stack: once
with the ingest dispatching to `purchase_agent`, once to the echo graph (`echo_graph.py`).

A turn's latency is read from PostgreSQL, whose clock both ends share: from the ingest's
`communication.message` row of the inbound message (`timestamp`, written in the transaction
that acknowledges the webhook) to the reply's row in the sandbox Chatwoot's `messages`
(`created_at`, written when the agent's POST reaches Chatwoot). The time from the contact's
message being stored in Chatwoot (before the webhook is sent) is reported too.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg

from commands.bench.echo_graph import ECHO_GRAPH_ID
from commands.bench.harness import BenchStack, Turn, wait_reply_async
from commands.bench.memory import MemorySampler
from commands.bench.stats import summary

# Mixed intents; each conversation follows one script (greeting, create, modify, status,
# confirm, cancel, in Spanish and English).
SCRIPTS: tuple[tuple[str, ...], ...] = (
    ("hola", "necesito 20 kilos de sal de mar", "mejor que sean 30 kilos", "sí, confirma"),
    (
        "necesito 100 kilos de aceite de coco",
        "en que estado estan mis pedidos?",
        "cancela",
        "gracias!",
    ),
    ("I need 60 kg of brown sugar please", "yes, go ahead", "cuando llega mi pedido?", "thanks"),
    (
        "necesito 15 kilos de almendras enteras",
        "agrega 5 litros de leche de coco",
        "sí, confirma",
        "en que estado estan mis pedidos?",
    ),
)
REPLY_TIMEOUT = 60.0


@dataclass
class TurnPlan:
    conversations: int
    turns_per_conversation: int
    users: int
    think: tuple[float, float] = (0.3, 1.5)
    seed: int = 6


def schedule(plan: TurnPlan) -> list[list[tuple[float, str]]]:
    """Per user, the (pause before, text) of every turn it sends; identical for both runs."""
    rng = random.Random(plan.seed)
    users: list[list[tuple[float, str]]] = [[] for _ in range(plan.users)]
    for index in range(plan.conversations):
        script = SCRIPTS[index % len(SCRIPTS)][: plan.turns_per_conversation]
        user = users[index % plan.users]
        user.extend((rng.uniform(*plan.think), text) for text in script)
        user.append((-1.0, ""))  # next conversation: a new requester
    return users


async def _user(
    bench: BenchStack, plan_turns: list[tuple[float, str]], phones: list[str], out: list[Turn]
) -> None:
    async with (
        httpx.AsyncClient(base_url=bench.env["CHATWOOT_URL"], timeout=30) as http,
        await psycopg.AsyncConnection.connect(bench.database_url, autocommit=True) as conn,
    ):
        phone = phones.pop()
        for pause, text in plan_turns:
            if pause < 0:
                phone = phones.pop() if phones else phone
                continue
            await asyncio.sleep(pause)
            body = {"channel": "whatsapp", "contact": {"phone_number": phone}, "content": text}
            response = await http.post("/sandbox/inbound", json=body)
            response.raise_for_status()
            message_id = int(response.json()["message_id"])
            out.append(await wait_reply_async(conn, message_id, text, REPLY_TIMEOUT))


def _drive(bench: BenchStack, plan: TurnPlan) -> tuple[list[Turn], float]:
    users = schedule(plan)
    phones = [bench.new_requester() for _ in range(plan.conversations + plan.users)]
    turns: list[Turn] = []

    async def all_users() -> None:
        await asyncio.gather(*(_user(bench, u, phones, turns) for u in users))

    started = time.monotonic()
    asyncio.run(all_users())
    return turns, time.monotonic() - started


def _warm_up(bench: BenchStack) -> None:
    """First runs pay for imports, the Odoo login and the catalogue: not part of a turn."""
    phone = bench.new_requester()
    for text in ("necesito 20 kilos de sal de mar", "en que estado estan mis pedidos?"):
        bench.wait_reply(bench.say(phone, text), text, REPLY_TIMEOUT)


def _describe(turns: list[Turn], seconds: float) -> dict[str, Any]:
    answered = [t for t in turns if t.webhook_to_reply is not None]
    return {
        "turns": len(turns),
        "answered": len(answered),
        "seconds": round(seconds, 1),
        "webhook_to_reply_s": summary([t.webhook_to_reply for t in answered]),
        "contact_to_reply_s": summary([t.contact_to_reply for t in answered]),
    }


def run(bench: BenchStack, plan: TurnPlan, sampler: MemorySampler) -> dict[str, Any]:
    sampler.set_phase("turns_agent")
    _warm_up(bench)
    agent, agent_seconds = _drive(bench, plan)
    sampler.set_phase("turns_echo")
    bench.restart_ingest(PURCHASE_AGENT_ASSISTANT=ECHO_GRAPH_ID)
    try:
        _warm_up(bench)
        echo, echo_seconds = _drive(bench, plan)
    finally:
        sampler.set_phase("between")
        bench.restart_ingest()
    return {
        "conversations": plan.conversations,
        "turns_per_conversation": plan.turns_per_conversation,
        "concurrent_requesters": plan.users,
        "think_seconds": list(plan.think),
        "measure": "ingest stored the webhook -> reply stored in Chatwoot (PostgreSQL clock)",
        "agent": _describe(agent, agent_seconds),
        "echo": _describe(echo, echo_seconds),
    }
