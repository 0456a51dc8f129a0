"""The stack a benchmark runs against, and how it plays the contacts and reads the outcome.

The whole stack (embedded PostgreSQL, sandbox Odoo and Chatwoot, `langgraph dev` serving the
agent and the echo graph, the ingest) runs on loopback in a temporary data directory with its
own database, so a benchmark never touches `make run`'s data nor a configured deployment.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
from prometheus_client.parser import text_string_to_metric_families

from commands.bench.echo_graph import ECHO_GRAPH_ID, ECHO_GRAPH_PATH
from commands.run import Stack
from core.settings import Settings
from records import requesters

INGEST = "ingest"
LANGGRAPH = "LangGraph API"
# What a developer's shell or .env may hold that must not reach the benchmark's processes:
# a real Odoo/Chatwoot/LLM/Slack/LangSmith would be called, or a real database written.
_FOREIGN_PREFIXES = ("OPENAI_", "LANGSMITH_", "LANGCHAIN_", "SLACK_", "PURCHASE_AGENT_")
_FOREIGN_NAMES = ("APPROVAL_THRESHOLD", "PUBLIC_INGEST_URL", "APPROVAL_SECRET")

REPLY_SQL = """
SELECT r.id, r.created_at, r.content FROM sandbox_chatwoot.messages r
WHERE r.conversation_id = (SELECT conversation_id FROM sandbox_chatwoot.messages WHERE id = %(m)s)
  AND r.id > %(m)s AND r.message_type = 1 AND NOT r.private
ORDER BY r.id LIMIT 1
"""
TIMES_SQL = """
SELECT (SELECT created_at FROM sandbox_chatwoot.messages WHERE id = %(m)s),
       (SELECT "timestamp" FROM communication.message
         WHERE chatwoot_message_id = %(m)s AND direction = 'inbound'),
       (SELECT created_at FROM sandbox_chatwoot.messages WHERE id = %(r)s)
"""


def clean_environment() -> None:
    """Forget deployment settings inherited from the shell, for this process and its children."""
    names = {f.alias for f in Settings.model_fields.values() if f.alias}
    for name in list(os.environ):
        if name in names or name in _FOREIGN_NAMES or name.startswith(_FOREIGN_PREFIXES):
            os.environ.pop(name, None)


@dataclass
class Said:
    account_id: int
    conversation_id: int
    message_id: int


@dataclass
class Turn:
    """One message and its reply, timed on PostgreSQL's clock (all rows live in one cluster)."""

    text: str
    message_id: int
    reply_id: int | None = None
    reply: str = ""
    contact_to_reply: float | None = None  # the contact's message stored in Chatwoot -> reply
    webhook_to_reply: float | None = None  # the webhook stored by the ingest -> reply


class BenchStack:
    def __init__(self) -> None:
        clean_environment()
        self.data_dir = Path(tempfile.mkdtemp(prefix="purchase-agent-bench-"))
        self.token = secrets.token_urlsafe(16)
        values: dict[str, Any] = {
            "PURCHASE_AGENT_DATA_DIR": self.data_dir,
            "LANGGRAPH_PORT": 0,
            "INGEST_PORT": 0,
            "SANDBOX_CHATWOOT_PORT": 0,
            "SANDBOX_ODOO_PORT": 0,
            "PURCHASE_AGENT_MODEL": "offline",
            "BURST_QUIET_SECONDS": 0,
            "BURST_MAX_SECONDS": 0,
            "PURCHASE_AGENT_API_TOKENS": f"ingest:{self.token}",
        }
        self.settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
        self.stack = Stack(
            self.settings,
            extra_env={"LANGSMITH_TRACING": "false"},
            extra_graphs={ECHO_GRAPH_ID: ECHO_GRAPH_PATH},
        )
        self._http: httpx.Client | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> float:
        started = time.monotonic()
        self.stack.start()
        self._http = httpx.Client(base_url=self.env["CHATWOOT_URL"], timeout=30)
        return time.monotonic() - started

    def stop(self, keep_data: bool = False) -> None:
        if self._http is not None:
            self._http.close()
        self.stack.stop()
        if not keep_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    @property
    def env(self) -> dict[str, str]:
        return self.stack.env

    @property
    def database_url(self) -> str:
        return self.stack.database_url

    @property
    def http(self) -> httpx.Client:
        assert self._http is not None, "stack not started"
        return self._http

    def restart_ingest(self, **env: str) -> None:
        """Restart only the ingest, with `env` on top of the stack's environment."""
        service = self.stack.service(INGEST)
        service.env = dict(env)
        self.stack.pause(INGEST)
        self.stack.resume(INGEST)

    def pid(self, name: str) -> int | None:
        try:
            proc = self.stack.process(name)
        except KeyError:
            return None
        return proc.pid if proc.poll() is None else None

    # -- people --------------------------------------------------------------------------------
    def new_requester(self, may_confirm: bool = True) -> str:
        phone = "+569" + str(uuid.uuid4().int % 10**8).zfill(8)
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            requesters.add(
                conn, name="Bench Requester", phone=phone, email=None, may_confirm=may_confirm
            )
        return phone

    def say(self, phone: str, text: str) -> Said:
        body = {"channel": "whatsapp", "contact": {"phone_number": phone}, "content": text}
        response = self.http.post("/sandbox/inbound", json=body)
        response.raise_for_status()
        info = response.json()
        return Said(info["account_id"], info["conversation_id"], info["message_id"])

    def wait_reply(self, said: Said, text: str = "", timeout: float = 60.0) -> Turn:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return wait_reply_sync(conn, said.message_id, text, timeout)

    # -- LangGraph and metrics -----------------------------------------------------------------
    def langgraph_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def wait_idle(self, thread_id: str, timeout: float = 60.0) -> None:
        """Until the thread has no pending or running run (its checkpoint is written)."""
        url = f"{self.env['LANGGRAPH_URL']}/threads/{thread_id}/runs"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            runs = httpx.get(url, headers=self.langgraph_headers(), timeout=10).json()
            if isinstance(runs, list) and all(
                r.get("status") not in ("pending", "running") for r in runs
            ):
                return
            time.sleep(0.05)
        raise TimeoutError(f"thread {thread_id} still busy after {timeout:.0f}s")

    def metric_sums(self, name: str) -> dict[str, tuple[float, float]]:
        """{label value: (sum, count)} of a histogram, over the ingest and the graph server."""
        ingest = self.stack.service(INGEST).health_url.rsplit("/", 1)[0]
        text = httpx.get(f"{ingest}/metrics", timeout=10).text
        out: dict[str, tuple[float, float]] = {}
        for family in text_string_to_metric_families(text):
            if family.name != name:
                continue
            for sample in family.samples:
                label = next(iter(sample.labels.values()), "") if sample.labels else ""
                total, count = out.get(label, (0.0, 0.0))
                if sample.name == name + "_sum":
                    out[label] = (total + sample.value, count)
                elif sample.name == name + "_count":
                    out[label] = (total, count + sample.value)
        return out


def wait_reply_sync(conn: psycopg.Connection, message_id: int, text: str, timeout: float) -> Turn:
    deadline = time.monotonic() + timeout
    turn = Turn(text=text, message_id=message_id)
    while time.monotonic() < deadline:
        row = conn.execute(REPLY_SQL, {"m": message_id}).fetchone()
        if row is not None:
            turn.reply_id, turn.reply = int(row[0]), str(row[2] or "")
            times = conn.execute(TIMES_SQL, {"m": message_id, "r": turn.reply_id}).fetchone()
            _fill_times(turn, times)
            return turn
        time.sleep(0.02)
    return turn


async def wait_reply_async(
    conn: psycopg.AsyncConnection, message_id: int, text: str, timeout: float
) -> Turn:
    deadline = time.monotonic() + timeout
    turn = Turn(text=text, message_id=message_id)
    while time.monotonic() < deadline:
        cur = await conn.execute(REPLY_SQL, {"m": message_id})
        row = await cur.fetchone()
        if row is not None:
            turn.reply_id, turn.reply = int(row[0]), str(row[2] or "")
            cur = await conn.execute(TIMES_SQL, {"m": message_id, "r": turn.reply_id})
            _fill_times(turn, await cur.fetchone())
            return turn
        await asyncio.sleep(0.05)
    return turn


def _fill_times(turn: Turn, times: Any) -> None:
    if not times or times[2] is None:
        return
    if times[0] is not None:
        turn.contact_to_reply = (times[2] - times[0]).total_seconds()
    if times[1] is not None:
        turn.webhook_to_reply = (times[2] - times[1]).total_seconds()
