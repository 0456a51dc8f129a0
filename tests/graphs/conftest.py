"""The fast graph tier: `builder` compiled with an in-memory checkpointer, the graph's
clients replaced by in-memory stand-ins, the project's records in an embedded PostgreSQL.
No LangGraph server, ingest or sandbox runs."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

import psycopg
import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from psycopg_pool import ConnectionPool

from contract.runs import RunInput, thread_id_for
from core import db
from graphs.purchase_agent import services
from graphs.purchase_agent.context import Context
from graphs.purchase_agent.graph import builder
from records import approvals, requesters
from tests.support.catalogue import store_fixture
from tests.support.databases import new_database
from tests.support.standins import CATALOG, ChatwootStandIn, OdooStandIn
from tools.chatwoot import ChatwootClient
from tools.odoo import OdooClient

_CONVERSATIONS = itertools.count(1000)
_PHONES = itertools.count(56_900_000_001)


@pytest.fixture(scope="session")
def records_url(postgres_url: str) -> str:
    url = new_database(postgres_url, "graph_")
    db.migrate(url)
    with psycopg.connect(url, autocommit=True) as conn:
        store_fixture(conn, CATALOG)
    return url


@dataclass
class World:
    """One conversation with one requester, and what the agent did in Odoo and Chatwoot."""

    graph: CompiledStateGraph[Any, Any, Any, Any]
    odoo: OdooStandIn
    chatwoot: ChatwootStandIn
    conn: psycopg.Connection
    conversation_id: int
    phone: str
    context: Context

    @property
    def thread_id(self) -> str:
        return thread_id_for(1, self.conversation_id)

    def run(self, data: RunInput) -> dict[str, Any]:
        config: Any = {"configurable": {"thread_id": self.thread_id}, "run_id": uuid.uuid4()}
        return dict(self.graph.invoke(data, config, context=self.context))

    def says(self, text: str) -> dict[str, Any]:
        """The requester writes in the conversation, as the ingest hands it over."""
        message_id = next(_CONVERSATIONS) * 10
        return self.run(
            {
                "messages": [{"type": "human", "content": text, "id": f"chatwoot:1:{message_id}"}],
                "conversation": self.conversation(),
            }
        )

    def conversation(self) -> Any:
        return {
            "account_id": 1,
            "conversation_id": self.conversation_id,
            "channel": "whatsapp",
            "contact": {"phone": self.phone},
        }

    def replies(self) -> list[str]:
        return self.chatwoot.replies(self.conversation_id)

    def approver(self, name: str, limit: float | None = None) -> str:
        """A known approver; returns the email that names them in a decision."""
        email = f"{name.lower()}.{next(_CONVERSATIONS)}@empresa.example"
        approvals.add_approver(self.conn, name=name, phone=None, email=email, limit=limit)
        return email

    def decide(self, order: str, decision: str, by: str, **extra: str) -> dict[str, Any]:
        """An approval through the SDK: on a thread of its own, as an approvals caller runs it."""
        approval: Any = {"order_ref": order, "decision": decision, "by": by, **extra}
        config: Any = {"configurable": {"thread_id": str(uuid.uuid4())}, "run_id": uuid.uuid4()}
        return dict(self.graph.invoke({"approval": approval}, config, context=self.context))


@pytest.fixture()
def world(records_url: str) -> Iterator[World]:
    odoo, chatwoot = OdooStandIn(), ChatwootStandIn()
    pool = ConnectionPool(records_url, min_size=1, max_size=4, kwargs={"autocommit": True})
    services.install(
        services.Services(
            odoo=cast(OdooClient, odoo), chatwoot=cast(ChatwootClient, chatwoot), db=pool
        )
    )
    phone = f"+{next(_PHONES)}"
    try:
        with psycopg.connect(records_url, autocommit=True) as conn:
            requesters.add(conn, name="Camila Prueba", phone=phone, email=None, may_confirm=True)
            yield World(
                graph=builder.compile(checkpointer=InMemorySaver()),
                odoo=odoo,
                chatwoot=chatwoot,
                conn=conn,
                conversation_id=next(_CONVERSATIONS),
                phone=phone,
                context=Context(
                    model="offline", approval_threshold=2000.0, handoff_after_misunderstandings=2
                ),
            )
    finally:
        services.install(None)
        pool.close()
