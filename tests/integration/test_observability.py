"""What operators see: metrics, readiness, the audit trail, JSON logs and traces."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

import httpx

from commands.run import Stack
from tests.support.clients import ChatwootContact
from tests.support.net import wait_for
from tests.support.recorder import Recorder


def ingest_url(stack: Stack) -> str:
    return stack.service("ingest").url.rsplit("/webhooks", 1)[0]


def test_metrics_cover_webhooks_outbox_odoo_and_orders(
    stack: Stack, requester: ChatwootContact
) -> None:
    requester.ask("necesito 20 kilos de avena en hojuelas")
    text = httpx.get(ingest_url(stack) + "/metrics").text
    for name in (
        'purchase_agent_webhooks_total{event="message_created",outcome="accepted"}',
        "purchase_agent_webhook_ack_seconds_bucket",
        "purchase_agent_outbox_depth",
        "purchase_agent_outbox_oldest_seconds",
        "purchase_agent_runs_created_total",
        'purchase_agent_odoo_call_seconds_count{method="purchase.order.create"}',
        "purchase_agent_chatwoot_call_seconds_count",
        'purchase_agent_orders_total{action="create_rfq"}',
        "purchase_agent_odoo_circuit_open",
    ):
        assert name in text, name


def test_readyz_reports_every_dependency(stack: Stack) -> None:
    answer = httpx.get(ingest_url(stack) + "/readyz")
    assert answer.status_code == 200
    assert answer.json()["checks"] == {
        "postgres": "ok",
        "outbox": "ok",
        "langgraph": "ok",
        "odoo": "ok",
        "chatwoot": "ok",
    }


def test_audit_trail_lists_writes_of_an_order(stack: Stack, requester: ChatwootContact) -> None:
    name = re.findall(r"P\d{5}", requester.ask("necesito 15 kilos de sal de mar"))[0]
    requester.ask("sí, confirma")
    env = os.environ | {
        "DATABASE_URL": stack.database_url,
        "PURCHASE_AGENT_DATA_DIR": str(stack.settings.data_dir),
    }
    out = subprocess.run(
        [sys.executable, "-m", "commands.main", "audit", "--order", name],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    events = [json.loads(line) for line in out.splitlines()]
    assert [e["action"] for e in events] == ["create_rfq", "confirm"]
    assert events[1]["before"]["state"] == "draft" and events[1]["after"]["state"] == "purchase"
    assert "token" not in out.lower() and "password" not in out.lower()


def test_ingest_logs_are_json_lines_without_message_bodies(
    stack: Stack, requester: ChatwootContact
) -> None:
    requester.ask("necesito 11 kilos de miel de abeja")
    lines = stack.log_path(stack.service("ingest")).read_text().splitlines()
    events = [json.loads(line) for line in lines if line.startswith("{")]
    assert events and all({"at", "level", "service", "msg"} <= e.keys() for e in events)
    assert any(e.get("thread_id") and e.get("run_id") for e in events)
    assert not any("miel" in line for line in lines)


def test_traces_reach_langsmith_with_conversation_and_intent(
    langsmith: Recorder, requester: ChatwootContact
) -> None:
    said = requester.say("necesito 9 kilos de almendras enteras")
    requester.wait_reply(said)

    def traced() -> Any:
        bodies = b"".join(r.body for r in langsmith.received if r.path.startswith("/runs"))
        return (
            b'"intent":"create_rfq"' in bodies.replace(b" ", b"")
            and str(said.conversation_id).encode() in bodies
        )

    assert wait_for(traced, timeout=30)
