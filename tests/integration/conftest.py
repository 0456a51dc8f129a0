"""The real stack for integration tests: LangGraph server, ingest, sandboxes, PostgreSQL.

One stack per session (starting `langgraph dev` costs seconds); tests stay independent by
writing as their own requester in their own conversation.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest

from commands.run import Stack
from core.settings import Settings
from records import requesters
from tests.support.clients import ChatwootContact, new_phone, odoo_connection
from tests.support.databases import new_database
from tests.support.fake_openai import FakeOpenAI, serve_fake_openai
from tests.support.recorder import Recorder

API_TOKENS = {
    "ingest": "tok-ingest",
    "juan": "tok-juan",
    "boss": "tok-boss",
    "review": "tok-review",
}
# What each caller may do (graphs/auth.py): the ingest runs conversations and the approval
# links, Juan's graph acts for requesters, the boss decides approvals, review reads.
API_SCOPES = {
    "ingest": "conversations+approvals",
    "juan": "requests",
    "boss": "approvals",
    "review": "read",
}


@pytest.fixture(scope="session")
def slack() -> Iterator[Recorder]:
    """A local stand-in for Slack's incoming webhook."""
    recorder = Recorder()
    yield recorder
    recorder.close()


@pytest.fixture(scope="session")
def langsmith() -> Iterator[Recorder]:
    """A local LangSmith endpoint the LangGraph server ships its traces to."""
    recorder = Recorder()
    yield recorder
    recorder.close()


@pytest.fixture(scope="session")
def openai() -> Iterator[FakeOpenAI]:
    """A local OpenAI-compatible endpoint; the agent uses it when a run asks for an LLM."""
    with serve_fake_openai() as (state, url):
        state.base_url = url
        yield state


@contextmanager
def running_stack(
    postgres_url: str,
    data_dir: Path,
    slack: Recorder,
    langsmith: Recorder,
    openai: FakeOpenAI,
    **overrides: Any,
) -> Iterator[Stack]:
    """A whole stack on free ports in its own database; `overrides` are Settings fields by
    their environment names (SANDBOX_CATALOG=another company, say)."""
    fields: dict[str, Any] = {
        "PURCHASE_AGENT_DATA_DIR": data_dir,
        "DATABASE_URL": new_database(postgres_url, "stack_"),
        "LANGGRAPH_URL": None,
        "LANGGRAPH_PORT": 0,
        "INGEST_PORT": 0,
        "SANDBOX_CHATWOOT_PORT": 0,
        "SANDBOX_ODOO_PORT": 0,
        "ODOO_URL": None,
        "ODOO_LOGIN": "buyer",  # a purchase user, not a manager, as in production
        "ODOO_PASSWORD": "buyer",
        "CHATWOOT_URL": None,
        "CHATWOOT_API_TOKEN": None,
        "CHATWOOT_WEBHOOK_SECRET": None,
        "OPENAI_API_KEY": None,
        "PURCHASE_AGENT_MODEL": "offline",
        "BURST_QUIET_SECONDS": 0.4,
        "BURST_MAX_SECONDS": 3,
        "ODOO_TIMEOUT": 2,
        "LANGGRAPH_JOBS_PER_WORKER": 10,
        "SLACK_WEBHOOK_URL": slack.url + "/services/T000/B000/XXXX",
        "PURCHASE_AGENT_API_TOKENS": ",".join(
            f"{name}:{token}:{API_SCOPES[name]}" for name, token in API_TOKENS.items()
        ),
    }
    running = Stack(
        Settings(**(fields | overrides)),
        extra_env={
            "LANGSMITH_TRACING": "true",
            "LANGSMITH_ENDPOINT": langsmith.url,
            "LANGSMITH_API_KEY": "lsv2_pt_local_test_key",
            "LANGSMITH_PROJECT": "purchase-agent-tests",
            "OPENAI_BASE_URL": openai.base_url,
            "OPENAI_API_KEY": "sk-local-test",
            "PURCHASE_AGENT_LLM_TIMEOUT": "5",
        },
    )
    try:
        running.start()
        supervisor = threading.Thread(target=running.supervise, daemon=True)
        supervisor.start()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def stack(
    postgres_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    slack: Recorder,
    langsmith: Recorder,
    openai: FakeOpenAI,
) -> Iterator[Stack]:
    with running_stack(
        postgres_url, tmp_path_factory.mktemp("stack"), slack, langsmith, openai
    ) as running:
        yield running


@pytest.fixture()
def db(stack: Stack) -> Iterator[psycopg.Connection]:
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        yield conn


@pytest.fixture()
def odoo(stack: Stack) -> Any:
    return odoo_connection(stack.env["ODOO_URL"])


def _contact(stack: Stack, db: psycopg.Connection, *, may_confirm: bool) -> ChatwootContact:
    phone = new_phone()
    requesters.add(db, name="Test Requester", phone=phone, email=None, may_confirm=may_confirm)
    return ChatwootContact(stack.env["CHATWOOT_URL"], stack.env["CHATWOOT_API_TOKEN"], phone=phone)


@pytest.fixture()
def requester(stack: Stack, db: psycopg.Connection) -> ChatwootContact:
    """A requester who may confirm orders, writing over WhatsApp."""
    return _contact(stack, db, may_confirm=True)


@pytest.fixture()
def junior(stack: Stack, db: psycopg.Connection) -> ChatwootContact:
    """A requester without the right to confirm."""
    return _contact(stack, db, may_confirm=False)


@pytest.fixture()
def stranger(stack: Stack) -> ChatwootContact:
    return ChatwootContact(
        stack.env["CHATWOOT_URL"], stack.env["CHATWOOT_API_TOKEN"], phone=new_phone()
    )
