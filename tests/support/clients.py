"""What a test uses to play the outside world: a contact in Chatwoot, an auditor in Odoo."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import odoolib
import psycopg

from tests.support.net import wait_for


@dataclass
class Said:
    account_id: int
    conversation_id: int
    message_id: int
    delivery_id: str | None


class ChatwootContact:
    """A contact writing to the sandbox Chatwoot, and the agent's replies read over REST."""

    def __init__(
        self, base_url: str, token: str, *, phone: str | None = None, email: str | None = None
    ):
        self.http = httpx.Client(base_url=base_url, headers={"api_access_token": token}, timeout=10)
        self.phone = phone
        self.email = email

    def say(self, text: str, *, channel: str | None = None) -> Said:
        contact = {"phone_number": self.phone} if self.phone else {"email": self.email}
        body = {
            "channel": channel or ("whatsapp" if self.phone else "email"),
            "contact": contact,
            "content": text,
        }
        response = self.http.post("/sandbox/inbound", json=body)
        response.raise_for_status()
        info = response.json()
        return Said(
            info["account_id"], info["conversation_id"], info["message_id"], info.get("delivery_id")
        )

    def messages(self, said: Said) -> list[dict[str, Any]]:
        response = self.http.get(
            "/sandbox/messages",
            params={"conversation_id": said.conversation_id, "account_id": said.account_id},
        )
        response.raise_for_status()
        return list(response.json()["payload"])

    def replies(self, said: Said, *, private: bool = False) -> list[dict[str, Any]]:
        """Outgoing messages posted after `said` (public ones unless `private`)."""
        return [
            m
            for m in self.messages(said)
            if m["id"] > said.message_id
            and m.get("message_type") == 1
            and bool(m.get("private")) == private
        ]

    def wait_reply(self, said: Said, count: int = 1, timeout: float = 60.0) -> list[str]:
        found = wait_for(lambda: len(self.replies(said)) >= count or None, timeout=timeout)
        assert found
        return [str(m["content"]) for m in self.replies(said)]

    def ask(self, text: str, timeout: float = 60.0) -> str:
        """Say something and return the single reply to it."""
        said = self.say(text)
        return self.wait_reply(said, timeout=timeout)[0]


def new_phone() -> str:
    """A fresh Chilean mobile number, so each test is its own requester."""
    return "+569" + str(uuid.uuid4().int % 10**8).zfill(8)


def odoo_connection(url: str) -> Any:
    port = int(url.rsplit(":", 1)[1])
    return odoolib.get_connection(
        hostname="127.0.0.1",
        protocol="jsonrpc",
        port=port,
        database="sandbox",
        login="admin",
        password="admin",
    )


def read_order(odoo: Any, name: str) -> dict[str, Any]:
    orders = odoo.get_model("purchase.order").search_read(
        [("name", "=", name)],
        ["name", "state", "partner_id", "amount_total", "order_line", "origin"],
    )
    assert len(orders) == 1, f"{name} not found in Odoo"
    order = orders[0]
    order["lines"] = odoo.get_model("purchase.order.line").read(
        order["order_line"], ["product_id", "product_qty", "price_unit", "price_subtotal"]
    )
    return dict(order)


def wait_idle(stack: Any, said: Said, timeout: float = 60.0) -> None:
    """Wait until the conversation's outbox is drained and its thread has no run left."""
    from contract.runs import thread_id_for

    thread_id = thread_id_for(said.account_id, said.conversation_id)
    api = stack.env["LANGGRAPH_URL"]

    def idle() -> bool:
        with psycopg.connect(stack.database_url) as conn:
            row = conn.execute(
                "SELECT count(*) FROM ingest.outbox WHERE thread_id = %s AND dispatched_at IS NULL",
                (thread_id,),
            ).fetchone()
        if row is None or row[0]:
            return False
        token = stack.env.get("INGEST_LANGGRAPH_TOKEN")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        runs = httpx.get(f"{api}/threads/{thread_id}/runs", headers=headers, timeout=5).json()
        return all(run["status"] not in ("pending", "running") for run in runs)

    wait_for(idle, timeout=timeout)
